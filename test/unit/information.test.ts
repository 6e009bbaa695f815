/**
 * The rights information sheet templates (data/information): same structure and placeholders in every
 * language, validation that names each problem, safe HTML filling, and the renderer's clear failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/server/platform/errors';
import { timelineConfig } from '../../src/server/modules/timelines/timelines.config';
import { PdfRenderer } from '../../src/server/modules/information/information.pdf';
import { fillText, reflectionDaysFrom, renderSheetHtml } from '../../src/server/modules/information/information.service';
import {
  DEFAULT_TEMPLATES_DIR,
  PLACEHOLDERS,
  TemplateError,
  loadRightsSheetTemplates,
  placeholdersOf,
  shapeOf,
  type RightsSheetTemplate,
} from '../../src/server/modules/information/information.templates';

const templates = loadRightsSheetTemplates();
const values = { organisationName: 'Association <A> & "B"', reference: 'NRM-2026-000042', date: '1 January 2026', reflectionDays: '30', retentionYears: '5' };

function texts(t: RightsSheetTemplate): string[] {
  return [
    t.title,
    t.intro,
    t.footer,
    ...t.details.flatMap((d) => [d.label, d.value]),
    ...t.sections.flatMap((s) => [s.heading, ...s.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : b.items))]),
  ];
}

describe('rights sheet templates', () => {
  it('exist in French, Arabic, English and Spanish; Arabic is right-to-left', () => {
    expect(templates.languages).toEqual(['ar', 'en', 'es', 'fr']);
    for (const [lang, t] of templates.byLanguage) {
      expect(t.lang).toBe(lang);
      expect(t.dir).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(t.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('have identical structure and placeholders in every language', () => {
    const fr = templates.byLanguage.get('fr')!;
    for (const [lang, t] of templates.byLanguage) {
      expect({ lang, shape: shapeOf(t) }).toEqual({ lang, shape: shapeOf(fr) });
      expect(t.sections.map((s) => s.key)).toEqual(['about', 'rights', 'reflection', 'services', 'children', 'foreign', 'consent', 'contact']);
      const used = new Set(texts(t).flatMap(placeholdersOf));
      expect([...used].sort()).toEqual([...PLACEHOLDERS].sort());
    }
  });

  it('say what the brief supports: law 27-14, articles 448-10 and 448-9, the hotline, withdrawal of consent', () => {
    for (const t of templates.byLanguage.values()) {
      const all = texts(t).join('\n');
      for (const needle of ['27-14', '448-10', '448-9', '0800 00 47 47', '09-08', '{{reflectionDays}}']) expect(all, `${t.lang}: ${needle}`).toContain(needle);
    }
    expect(texts(templates.byLanguage.get('ar')!).join('\n')).toMatch(/[\u0600-\u06FF]/);
  });

  describe('validation', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    });
    /** A copy of the real templates with one file changed. */
    function copyWith(lang: string, change: (t: Record<string, unknown>) => void): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opennrm-sheets-'));
      dirs.push(dir);
      for (const f of fs.readdirSync(DEFAULT_TEMPLATES_DIR)) fs.copyFileSync(path.join(DEFAULT_TEMPLATES_DIR, f), path.join(dir, f));
      const file = path.join(dir, `rights-sheet.${lang}.json`);
      const t = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : JSON.parse(fs.readFileSync(path.join(dir, 'rights-sheet.en.json'), 'utf8'));
      change(t);
      fs.writeFileSync(file, JSON.stringify(t));
      return dir;
    }
    const problems = (dir: string) => {
      try {
        loadRightsSheetTemplates(dir);
      } catch (err) {
        expect(err).toBeInstanceOf(TemplateError);
        return (err as Error).message;
      }
      return null;
    };

    it('accepts a new language as one more file', () => {
      const dir = copyWith('pt', (t) => {
        t.lang = 'pt';
        t.locale = 'pt-PT';
        t.languageName = 'Português';
      });
      expect(loadRightsSheetTemplates(dir).languages).toEqual(['ar', 'en', 'es', 'fr', 'pt']);
    });

    it('refuses a missing section, an unknown or missing placeholder, a wrong lang and bad fields', () => {
      expect(problems(copyWith('es', (t) => (t.sections as unknown[]).pop()))).toMatch(/rights-sheet\.es\.json differs from rights-sheet\.fr\.json at sections: 7 entries instead of 8/);
      expect(
        problems(
          copyWith('en', (t) => {
            t.intro = 'Hello {{personName}}';
          }),
        ),
      ).toMatch(/rights-sheet\.en\.json: unknown placeholder \{\{personName\}\}/);
      expect(
        problems(
          copyWith('ar', (t) => {
            const reflection = (t.sections as { key: string; blocks: { text?: string }[] }[]).find((s) => s.key === 'reflection')!;
            reflection.blocks[0]!.text = 'فترة للتعافي والتفكير.';
          }),
        ),
      ).toMatch(/rights-sheet\.ar\.json: placeholder \{\{reflectionDays\}\} is never used/);
      expect(problems(copyWith('fr', (t) => (t.lang = 'es')))).toMatch(/"lang" is "es" but the file name says "fr"/);
      expect(problems(copyWith('en', (t) => (t.dir = 'sideways')))).toMatch(/rights-sheet\.en\.json: dir/);
      expect(problems(copyWith('en', (t) => (t.locale = 'not a locale!')))).toMatch(/rights-sheet\.en\.json: locale/);
      expect(problems(copyWith('en', (t) => delete t.version))).toMatch(/rights-sheet\.en\.json: version/);
    });

    it('refuses an empty folder', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opennrm-sheets-'));
      dirs.push(dir);
      expect(problems(dir)).toMatch(/no rights-sheet/);
    });
  });
});

describe('rights sheet HTML', () => {
  it('escapes values and isolates them for right-to-left text', () => {
    const html = fillText('**Call** {{organisationName}} ({{reference}}) on 0800 00 47 47, art. 448-10.', values);
    expect(html).toContain('<strong>Call</strong>');
    expect(html).toContain('<bdi class="value">Association &lt;A&gt; &amp; &quot;B&quot;</bdi>');
    expect(html).toContain('<bdi class="value nowrap">NRM-2026-000042</bdi>');
    expect(html).toContain('<bdi dir="ltr" class="nowrap">0800 00 47 47</bdi>');
    expect(html).toContain('<bdi dir="ltr" class="nowrap">448-10</bdi>');
    expect(html).not.toContain('<A>');
  });

  it('is a self-contained page with lang and dir, and no script', () => {
    const ar = renderSheetHtml(templates.byLanguage.get('ar')!, values);
    expect(ar).toMatch(/<html lang="ar" dir="rtl">/);
    expect(ar).toContain('Noto Naskh Arabic');
    expect(ar).not.toMatch(/<script|https?:\/\//i);
    expect(ar).not.toMatch(/\{\{/);
    const fr = renderSheetHtml(templates.byLanguage.get('fr')!, values);
    expect(fr).toMatch(/<html lang="fr" dir="ltr">/);
  });
});

describe('configuration and rendering failures', () => {
  it('prints the reflection period of the deadline rules (data/config/timelines.json), 30 days without one', () => {
    expect(reflectionDaysFrom()).toBe(timelineConfig().rules.find((r) => r.code === 'recovery_reflection')!.days);
    expect(reflectionDaysFrom([{ code: 'recovery_reflection', days: 45 }])).toBe(45);
    expect(reflectionDaysFrom([{ code: 'identification_decision', days: 5 }])).toBe(30);
  });

  it('turns a missing Chromium into DOCUMENT_UNAVAILABLE', async () => {
    const renderer = new PdfRenderer({ executablePath: '/nonexistent/chromium' });
    const err = await renderer.pdf('<p>x</p>').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('DOCUMENT_UNAVAILABLE');
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).details).toEqual({ reason: 'browser_missing' });
    await renderer.close();
  });
});
