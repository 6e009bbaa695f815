import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FIELD_ERROR_CODES } from '../../src/contract/common';
import { translate, LANGUAGES } from '../../src/server/platform/i18n';

describe('server messages', () => {
  it('every error code and every server field-error code is translated in fr, ar and en', () => {
    for (const lang of LANGUAGES) {
      for (const code of ERROR_CODES) expect(translate(lang, `errors.${code}`), `${lang} errors.${code}`).not.toBe(`errors.${code}`);
      for (const code of FIELD_ERROR_CODES) {
        const text = translate(lang, `validation.${code}`);
        expect(text, `${lang} validation.${code}`).not.toBe(`validation.${code}`);
        if (lang === 'ar') expect(text).toMatch(/[\u0600-\u06FF]/);
      }
    }
  });
});
