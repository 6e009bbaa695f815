/**
 * Information sheets for the person (rights, reflection period, services, consent). The texts live in
 * `data/information/rights-sheet.<lang>.json`, one file per language: the set of languages is data, so the
 * server builds the `lang` enum of the export route from the files it loaded (see `informationSheetQuery`).
 */
import { z } from 'zod';

/** A language code of a template file: ISO 639-1, or ISO 639-2/3 for languages without one (e.g. `zgh`). */
export const ZSheetLanguageCode = z.string().regex(/^[a-z]{2,3}$/, 'language');

export const ZInformationLanguage = z.object({
  code: ZSheetLanguageCode,
  /** The language's own name (endonym), e.g. "العربية", "Español". */
  name: z.string(),
  dir: z.enum(['ltr', 'rtl']),
  /** Version of this language's template (`version` in its file). */
  version: z.string(),
});
export type TInformationLanguage = z.infer<typeof ZInformationLanguage>;

/** GET /api/v1/information-sheet/languages */
export const ZInformationLanguages = z.object({
  items: z.array(ZInformationLanguage),
});
export type TInformationLanguages = z.infer<typeof ZInformationLanguages>;

/** GET /api/v1/cases/:id/information-sheet?lang=xx — `lang` is one of the available template languages. */
export function informationSheetQuery(languages: readonly [string, ...string[]]) {
  return z.object({ lang: z.enum(languages) });
}

/** The web app's link to the PDF (a plain GET with the session cookie). */
export function informationSheetUrl(caseId: string, lang: string): string {
  return `/api/v1/cases/${encodeURIComponent(caseId)}/information-sheet?lang=${encodeURIComponent(lang)}`;
}
