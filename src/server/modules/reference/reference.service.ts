/**
 * Reference data: the national taxonomy (data/reference/taxonomy.json), Morocco's regions and provinces
 * (data/geo), ISO 3166 countries and ISO 639-1 languages with labels in fr/ar/en (i18n-iso-countries and
 * the ICU data built into Node). Loaded once, validated, and used both to label and to validate input.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import countries from 'i18n-iso-countries';
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import ar from 'i18n-iso-countries/langs/ar.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ISO6391 from 'iso-639-1';
import { TAXONOMY, type TReferenceResponse, type TTaxonomyEntry, type TTaxonomyName } from '../../../contract/reference';
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
export const LANGUAGE_CODES = new Set(ISO6391.getAllCodes());
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
  if (REGIONS.length !== 12) problems.push(`expected 12 regions, found ${REGIONS.length}`);
  for (const p of PROVINCES) if (!REGION_CODES.has(p.region_code)) problems.push(`province ${p.code}: unknown region ${p.region_code}`);
  if (problems.length) throw new Error(`Reference data is invalid:\n  - ${problems.join('\n  - ')}`);
}

export function taxonomyLabel(list: TTaxonomyName, code: string, lang: Language): string {
  const e = (TAXONOMY[list] as TTaxonomyEntry[]).find((x) => x.code === code);
  return e?.label[lang] ?? code;
}

const cache = new Map<Language, TReferenceResponse>();

export function referenceFor(lang: Language): TReferenceResponse {
  const hit = cache.get(lang);
  if (hit) return hit;
  const collator = new Intl.Collator(lang);
  const languageNames = new Intl.DisplayNames([lang], { type: 'language' });
  const byLabel = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
  const lists: Record<string, { code: string; label: string }[]> = {};
  for (const name of TAXONOMY_LISTS) {
    lists[name] = (TAXONOMY[name] as TTaxonomyEntry[]).map((e) => ({ code: e.code, label: e.label[lang] }));
  }
  const out: TReferenceResponse = {
    version: TAXONOMY.version,
    lists,
    countries: [...COUNTRY_CODES].map((code) => ({ code, label: countries.getName(code, lang) ?? code })).sort(byLabel),
    languages: [...LANGUAGE_CODES]
      .map((code) => ({ code, label: languageNames.of(code) ?? ISO6391.getName(code) }))
      .sort(byLabel),
    regions: REGIONS.map((r) => ({ code: r.code, label: lang === 'ar' ? r.name_ar : lang === 'en' ? r.name_en : r.name_fr })),
    provinces: PROVINCES.map((p) => ({ code: p.code, regionCode: p.region_code, label: lang === 'ar' ? p.name_ar : p.name_fr })).sort(byLabel),
  };
  cache.set(lang, out);
  return out;
}
