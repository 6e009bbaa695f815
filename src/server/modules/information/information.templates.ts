/**
 * The rights information sheet as data: one file per language, `data/information/rights-sheet.<lang>.json`,
 * validated with zod when the server starts. Every language must have the same structure as the reference
 * language (same detail keys, same section keys in the same order, same kinds and numbers of blocks and
 * bullets) and the same {{placeholders}} in each text, so that adding a language is adding a file.
 *
 * Texts may use `**bold**` and the placeholders below; nothing else is interpreted (no HTML).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ZSheetLanguageCode } from '../../../contract/information';

export const PLACEHOLDERS = ['organisationName', 'reference', 'date', 'reflectionDays', 'retentionYears'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../../../data/information/', import.meta.url));
const FILE_PATTERN = /^rights-sheet\.([a-z]{2,3})\.json$/;
/** Structure and placeholders are compared with this language's file (the platform's first language). */
const REFERENCE_LANGUAGE = 'fr';

const ZText = z.string().trim().min(1);
const ZBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), text: ZText }).strict(),
  z.object({ type: z.literal('bullets'), items: z.array(ZText).min(1) }).strict(),
]);
const ZSection = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
    heading: ZText,
    blocks: z.array(ZBlock).min(1),
  })
  .strict();

export const ZRightsSheetTemplate = z
  .object({
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semantic version, e.g. 1.0.0'),
    lang: ZSheetLanguageCode,
    dir: z.enum(['ltr', 'rtl']),
    /** BCP 47 locale used to write the date, e.g. fr-MA, ar-MA. */
    locale: z.string().refine((l) => {
      try {
        return Intl.DateTimeFormat.supportedLocalesOf([l]).length === 1;
      } catch {
        return false;
      }
    }, 'unsupported locale'),
    /** The language's own name, shown in the language choice. */
    languageName: ZText,
    title: ZText,
    intro: ZText,
    details: z.array(z.object({ key: z.string().regex(/^[a-z][a-zA-Z0-9]*$/), label: ZText, value: ZText }).strict()).min(1),
    sections: z.array(ZSection).min(1),
    footer: ZText,
  })
  .strict();
export type RightsSheetTemplate = z.infer<typeof ZRightsSheetTemplate>;

export type RightsSheetTemplates = {
  /** Language codes, sorted; never empty. */
  languages: [string, ...string[]];
  byLanguage: ReadonlyMap<string, RightsSheetTemplate>;
};

export class TemplateError extends Error {}

export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]!).sort();
}

/**
 * The template's shape: every text replaced by the placeholders it uses. Two languages with the same shape
 * have the same details, sections, blocks and bullets, and the same placeholders in each of them.
 */
export function shapeOf(t: RightsSheetTemplate): unknown {
  const s = (text: string) => placeholdersOf(text);
  return {
    title: s(t.title),
    intro: s(t.intro),
    details: t.details.map((d) => ({ key: d.key, label: s(d.label), value: s(d.value) })),
    sections: t.sections.map((sec) => ({
      key: sec.key,
      heading: s(sec.heading),
      blocks: sec.blocks.map((b) => (b.type === 'paragraph' ? { paragraph: s(b.text) } : { bullets: b.items.map(s) })),
    })),
    footer: s(t.footer),
  };
}

function allTexts(t: RightsSheetTemplate): string[] {
  return [
    t.title,
    t.intro,
    t.footer,
    ...t.details.flatMap((d) => [d.label, d.value]),
    ...t.sections.flatMap((sec) => [sec.heading, ...sec.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : b.items))]),
  ];
}

/** Differences between two shapes, as readable paths (for the start-up error). */
function shapeDifferences(a: unknown, b: unknown, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at || '(root)'}: ${b.length} entries instead of ${a.length}`];
    return a.flatMap((x, i) => shapeDifferences(x, b[i], `${at}[${i}]`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => shapeDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at ? `${at}.${k}` : k));
  }
  return [`${at || '(root)'}: ${JSON.stringify(b)} instead of ${JSON.stringify(a)}`];
}

/** Checks one parsed template on its own: known placeholders only, and every placeholder used somewhere. */
function checkPlaceholders(t: RightsSheetTemplate): string[] {
  const used = new Set(allTexts(t).flatMap(placeholdersOf));
  const problems: string[] = [];
  for (const p of used) if (!(PLACEHOLDERS as readonly string[]).includes(p)) problems.push(`unknown placeholder {{${p}}}`);
  for (const p of PLACEHOLDERS) if (!used.has(p)) problems.push(`placeholder {{${p}}} is never used`);
  const keys = t.sections.map((s) => s.key);
  if (new Set(keys).size !== keys.length) problems.push('duplicate section key');
  const details = t.details.map((d) => d.key);
  if (new Set(details).size !== details.length) problems.push('duplicate detail key');
  return problems;
}

/** Loads and validates every `rights-sheet.<lang>.json` of a folder; throws a TemplateError listing every problem. */
export function loadRightsSheetTemplates(dir: string = DEFAULT_TEMPLATES_DIR): RightsSheetTemplates {
  const problems: string[] = [];
  const byLanguage = new Map<string, RightsSheetTemplate>();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => FILE_PATTERN.test(f)).sort() : [];
  for (const file of files) {
    const fileLang = FILE_PATTERN.exec(file)![1]!;
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const parsed = ZRightsSheetTemplate.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      continue;
    }
    const t = parsed.data;
    if (t.lang !== fileLang) problems.push(`${file}: "lang" is "${t.lang}" but the file name says "${fileLang}"`);
    for (const p of checkPlaceholders(t)) problems.push(`${file}: ${p}`);
    byLanguage.set(fileLang, t);
  }
  if (files.length === 0) problems.push(`no rights-sheet.<lang>.json file in ${dir}`);

  const reference = byLanguage.get(REFERENCE_LANGUAGE) ?? [...byLanguage.values()][0];
  if (reference) {
    const want = shapeOf(reference);
    for (const [lang, t] of byLanguage) {
      if (t === reference) continue;
      for (const d of shapeDifferences(want, shapeOf(t))) problems.push(`rights-sheet.${lang}.json differs from rights-sheet.${reference.lang}.json at ${d}`);
    }
  }
  if (problems.length) throw new TemplateError(`Information sheet templates are invalid (${dir}):\n  - ${problems.join('\n  - ')}`);
  const languages = [...byLanguage.keys()].sort() as [string, ...string[]];
  return { languages, byLanguage };
}
