import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TCatalogueView, TQuickScreenView, ZScreening, ZScreeningCreate, ZScreeningList } from '../../../contract/screening';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import { DEFAULT_LANGUAGE, isLanguage } from '../../app/i18n';
import { caseKeys } from '../cases/api';

export type TScreening = z.infer<typeof ZScreening>;
export type TScreeningCreateOutput = z.output<typeof ZScreeningCreate>;
export type TCatalogueSet = TCatalogueView['sets'][number];
export type TCatalogueDimension = TCatalogueSet['dimensions'][number];

export const screeningKeys = {
  catalogue: (lang: string, version = '') => ['screening', 'catalogue', lang, version] as const,
  quick: (lang: string) => ['screening', 'quick', lang] as const,
  list: (caseId: string) => [...caseKeys.detail(caseId), 'screenings'] as const,
};

/**
 * The indicator catalogue labelled in the interface language (the previous language's stays shown while
 * switching); `version` gives the one a past screening was recorded with (the current one by default).
 */
export function useCatalogue(version?: string) {
  const { i18n } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  return useQuery({
    queryKey: screeningKeys.catalogue(lang, version),
    queryFn: ({ signal }) => api.get<TCatalogueView>('/screening/catalogue', version ? { lang, version } : { lang }, signal),
    staleTime: 60 * 60_000,
    placeholderData: keepPreviousData,
  });
}

/** The red flags of the quick screen, in the interface language (the previous language's stay shown while switching). */
export function useQuickScreen() {
  const { i18n } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  return useQuery({
    queryKey: screeningKeys.quick(lang),
    queryFn: ({ signal }) => api.get<TQuickScreenView>('/screening/quick', { lang }, signal),
    staleTime: 60 * 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useScreenings(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: screeningKeys.list(caseId),
    queryFn: ({ signal }) => api.get<z.infer<typeof ZScreeningList>>(`/cases/${caseId}/screenings`, undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useCreateScreening(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TScreeningCreateOutput) => api.post<TScreening>(`/cases/${caseId}/screenings`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: screeningKeys.list(caseId) });
    },
  });
}

/** Whether a set (or a result's set) still awaits validation: a draft, or awaiting the commission. */
export const awaitsValidation = (status: TCatalogueSet['status']): boolean => status !== 'validated';

/** Indicator id → label, across every set of the catalogue. */
export function indicatorLabels(catalogue: TCatalogueView | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of catalogue?.sets ?? []) for (const d of s.dimensions) for (const i of d.indicators) m.set(i.id, i.label);
  return m;
}
