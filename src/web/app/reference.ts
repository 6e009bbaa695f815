/**
 * Reference lists (taxonomies, countries, languages, Moroccan regions and provinces), labelled in the
 * current language by GET /api/v1/reference?lang=xx. Taxonomy labels fall back to the bundled taxonomy
 * file while the request is on its way, so forms never show bare codes.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toIso6393 } from '../../contract/common';
import { TAXONOMY, type TReferenceResponse, type TTaxonomyEntry, type TTaxonomyName } from '../../contract/reference';
import { api } from './api';
import { isLanguage } from './i18n';

export interface TOption {
  value: string;
  label: string;
}

export function useReferenceQuery() {
  const { i18n } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : 'fr';
  return useQuery({
    queryKey: ['reference', lang],
    queryFn: ({ signal }) => api.get<TReferenceResponse>('/reference', { lang }, signal),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

export interface TReference {
  ready: boolean;
  /** Options of a taxonomy list, in the taxonomy's order. */
  list: (name: TTaxonomyName) => TOption[];
  label: (name: TTaxonomyName, code: string | null | undefined) => string;
  countries: TOption[];
  languages: TOption[];
  regions: TOption[];
  provinces: (regionCode?: string | null) => TOption[];
  country: (code: string | null | undefined) => string;
  language: (code: string | null | undefined) => string;
  region: (code: string | null | undefined) => string;
  province: (code: string | null | undefined) => string;
}

function toMap(items: { code: string; label: string }[] | undefined): Map<string, string> {
  return new Map((items ?? []).map((i) => [i.code, i.label]));
}

export function useReference(): TReference {
  const { i18n } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : 'fr';
  const { data } = useReferenceQuery();
  return useMemo<TReference>(() => {
    const fallback = (name: TTaxonomyName): TOption[] =>
      (TAXONOMY[name] as TTaxonomyEntry[]).map((e) => ({ value: e.code, label: e.label[lang] }));
    const list = (name: TTaxonomyName): TOption[] => {
      const served = data?.lists[name];
      return served && served.length ? served.map((i) => ({ value: i.code, label: i.label })) : fallback(name);
    };
    const lists = new Map<string, Map<string, string>>();
    const label = (name: TTaxonomyName, code: string | null | undefined): string => {
      if (!code) return '';
      let m = lists.get(name);
      if (!m) {
        m = new Map(list(name).map((o) => [o.value, o.label]));
        lists.set(name, m);
      }
      return m.get(code) ?? code;
    };
    const countries = toMap(data?.countries);
    const languages = toMap(data?.languages);
    const regions = toMap(data?.regions);
    const provinces = toMap(data?.provinces);
    const opt = (items: { code: string; label: string }[] | undefined) => (items ?? []).map((i) => ({ value: i.code, label: i.label }));
    return {
      ready: !!data,
      list,
      label,
      countries: opt(data?.countries),
      languages: opt(data?.languages),
      regions: opt(data?.regions),
      provinces: (regionCode) => opt(data?.provinces.filter((p) => !regionCode || p.regionCode === regionCode)),
      country: (c) => (c ? (countries.get(c) ?? c) : ''),
      // ISO 639-3; a two-letter code kept in an older encrypted record reads as its 639-3 equivalent.
      language: (c) => (c ? (languages.get(toIso6393(c)) ?? c) : ''),
      region: (c) => (c ? (regions.get(c) ?? c) : ''),
      province: (c) => (c ? (provinces.get(c) ?? c) : ''),
    };
  }, [data, lang]);
}
