/**
 * Reference data: the national taxonomy (data/reference/taxonomy.json), Morocco's regions and provinces
 * (data/geo), ISO 3166 countries and ISO 639-3 languages with labels in fr/ar/en (i18n-iso-countries; the ICU
 * data built into Node, with the English name from the `iso-639-3` package where ICU has none, and the
 * corrections of data/reference/languages.json). Loaded once, validated, and used both to label and to
 * validate input.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import countries from 'i18n-iso-countries';
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import ar from 'i18n-iso-countries/langs/ar.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { iso6393 } from 'iso-639-3';
import { TAXONOMY, serviceTypeProblems, type TReferenceResponse, type TTaxonomyEntry, type TTaxonomyName } from '../../../contract/reference';
import type { Language } from '../../platform/i18n';

countries.registerLocale(fr);
countries.registerLocale(ar);
countries.registerLocale(en);

type Region = { code: string; name_fr: string; name_ar: string; name_en: string };
type Province = { code: string; region_code: string; name_fr: string; name_ar: string };

const readJson = <T>(rel: string): T => JSON.parse(fs.readFileSync(fileURLToPath(new URL(`../../../../data/${rel}`, import.meta.url)), 'utf8')) as T;

export const REGIONS = readJson<Region[]>('geo/morocco-regions.json');
export const PROVINCES = readJson<Province[]>('geo/morocco-provinces.json');
/** EH is not listed separately: Morocco's southern regions (MA-11, MA-12) are part of the MA list, as in data/geo. */
export const COUNTRY_CODES = new Set(Object.keys(countries.getAlpha2Codes()).filter((c) => c !== 'EH'));
type LanguageData = { version: string; common: string[]; labels: Record<string, Partial<Record<Language, string>>> };
const LANGUAGE_DATA = readJson<LanguageData>('reference/languages.json');
/** ISO 639-3 code → English reference name; the four special codes (mis, mul, und, zxx) are not languages a person speaks. */
const LANGUAGE_NAMES = new Map(iso6393.filter((l) => l.type !== 'special').map((l) => [l.iso6393, l.name]));
/** Every ISO 639-3 language code (about 7,900). Input is validated against it (two-letter codes were converted by the contract). */
export const LANGUAGE_CODES: ReadonlySet<string> = new Set(LANGUAGE_NAMES.keys());
export const REGION_CODES = new Set(REGIONS.map((r) => r.code));
export const PROVINCE_REGION = new Map(PROVINCES.map((p) => [p.code, p.region_code]));

const TAXONOMY_LISTS = Object.keys(TAXONOMY).filter((k) => k !== 'version' && k !== 'notes') as TTaxonomyName[];

/** Fails start-up if the reference data is incomplete: every entry needs a code and three labels. */
export function validateReferenceData(): void {
  const problems: string[] = [];
  for (const name of TAXONOMY_LISTS) {
    const seen = new Set<string>();
    for (const e of TAXONOMY[name] as TTaxonomyEntry[]) {
      if (seen.has(e.code)) problems.push(`${name}: duplicate code ${e.code}`);
      seen.add(e.code);
      for (const l of ['fr', 'ar', 'en'] as const) if (!e.label?.[l]) problems.push(`${name}.${e.code}: missing ${l} label`);
    }
  }
  problems.push(...serviceTypeProblems());
  for (const code of [...LANGUAGE_DATA.common, ...Object.keys(LANGUAGE_DATA.labels)]) {
    if (!LANGUAGE_CODES.has(code)) problems.push(`languages.json: ${code} is not an ISO 639-3 language code`);
  }
  if (new Set(LANGUAGE_DATA.common).size !== LANGUAGE_DATA.common.length) problems.push('languages.json: a common language is listed twice');
  if (REGIONS.length !== 12) problems.push(`expected 12 regions, found ${REGIONS.length}`);
  for (const p of PROVINCES) if (!REGION_CODES.has(p.region_code)) problems.push(`province ${p.code}: unknown region ${p.region_code}`);
  if (problems.length) throw new Error(`Reference data is invalid:\n  - ${problems.join('\n  - ')}`);
}

export function taxonomyLabel(list: TTaxonomyName, code: string, lang: Language): string {
  const e = (TAXONOMY[list] as TTaxonomyEntry[]).find((x) => x.code === code);
  return e?.label[lang] ?? code;
}

/**
 * Every language labelled in `lang`: the name from ICU, else the English name of ISO 639-3, unless
 * languages.json corrects it; a label shared by two codes gets its code appended ("filipino (fil)"), so
 * pickers never offer two identical choices. The common languages come first, in their listed order.
 */
export function languageItems(lang: Language): { code: string; label: string }[] {
  const names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'none' });
  const collator = new Intl.Collator(lang);
  const labelOf = (code: string) => {
    const fixed = LANGUAGE_DATA.labels[code]?.[lang];
    if (fixed) return fixed;
    let icu: string | undefined;
    try {
      icu = names.of(code);
    } catch {
      icu = undefined;
    }
    return icu && icu !== code ? icu : (LANGUAGE_NAMES.get(code) ?? code);
  };
  const items = [...LANGUAGE_CODES].map((code) => ({ code, label: labelOf(code) }));
  const rank = new Map(LANGUAGE_DATA.common.map((c, n) => [c, n]));
  // A label shared by several codes: a common language keeps it as it is (the first listed), the others show their code.
  const owner = new Map<string, string>();
  const shared = new Set<string>();
  for (const i of [...items].sort((a, b) => (rank.get(a.code) ?? Infinity) - (rank.get(b.code) ?? Infinity))) {
    const key = i.label.toLocaleLowerCase(lang);
    if (owner.has(key)) shared.add(key);
    else owner.set(key, i.code);
  }
  for (const i of items) {
    const key = i.label.toLocaleLowerCase(lang);
    if (shared.has(key) && !(rank.has(owner.get(key)!) && owner.get(key) === i.code)) i.label = `${i.label} (${i.code})`;
  }
  return items.sort((a, b) => (rank.get(a.code) ?? Infinity) - (rank.get(b.code) ?? Infinity) || collator.compare(a.label, b.label));
}

const cache = new Map<Language, TReferenceResponse>();

export function referenceFor(lang: Language): TReferenceResponse {
  const hit = cache.get(lang);
  if (hit) return hit;
  const collator = new Intl.Collator(lang);
  const byLabel = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
  const lists: Record<string, { code: string; label: string }[]> = {};
  for (const name of TAXONOMY_LISTS) {
    lists[name] = (TAXONOMY[name] as TTaxonomyEntry[]).map((e) => ({ code: e.code, label: e.label[lang] }));
  }
  const out: TReferenceResponse = {
    version: TAXONOMY.version,
    lists,
    countries: [...COUNTRY_CODES].map((code) => ({ code, label: countries.getName(code, lang) ?? code })).sort(byLabel),
    languages: languageItems(lang),
    commonLanguages: [...LANGUAGE_DATA.common],
    regions: REGIONS.map((r) => ({ code: r.code, label: lang === 'ar' ? r.name_ar : lang === 'en' ? r.name_en : r.name_fr })),
    provinces: PROVINCES.map((p) => ({ code: p.code, regionCode: p.region_code, label: lang === 'ar' ? p.name_ar : p.name_fr })).sort(byLabel),
  };
  cache.set(lang, out);
  return out;
}
