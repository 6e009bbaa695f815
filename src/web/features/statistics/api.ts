import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TReportJob, TStatistics } from '../../../contract/statistics';
import { api, API_BASE, withQuery } from '../../app/api';

export function useStatistics(year: number | undefined, situation: 'trafficking' | 'smuggling') {
  return useQuery({
    queryKey: ['statistics', year ?? 'current', situation],
    queryFn: ({ signal }) => api.get<TStatistics>('/statistics', { year, situation }, signal),
    staleTime: 60_000,
  });
}

/** Export files are plain GETs with the session cookie (audited on the server). */
export const exportUrl = (path: string, query: Record<string, string | number>) => withQuery(`${API_BASE}/statistics/exports/${path}`, query);


export type TReportSectionView = { section: string; version: number; text: string; updatedBy: string | null; updatedAt: string | null };
export type TReportDraft = { year: number; lang: string; sections: TReportSectionView[] };

export function useReportDraft(year: number, lang: string) {
  return useQuery({
    queryKey: ['report-draft', year, lang],
    queryFn: ({ signal }) => api.get<TReportDraft>(`/statistics/reports/${year}/${lang}`, undefined, signal),
    staleTime: 0,
  });
}

export function useSaveSection(year: number, lang: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { section: string; version: number; text: string }) => api.put<TReportSectionView>(`/statistics/reports/${year}/${lang}/sections/${v.section}`, { version: v.version, text: v.text }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['report-draft', year, lang] }),
  });
}

export function useCreateReportJob() {
  return useMutation({ mutationFn: (v: { year: number; lang: string }) => api.post<TReportJob>('/statistics/report-jobs', v) });
}

/** Polls the job while it is queued or running. */
export function useReportJob(id: string | null) {
  return useQuery({
    queryKey: ['report-job', id],
    queryFn: ({ signal }) => api.get<TReportJob>(`/statistics/report-jobs/${id}`, undefined, signal),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'done' || q.state.data.status === 'failed') ? false : 1000),
  });
}

export const reportPdfUrl = (id: string) => `${API_BASE}/statistics/report-jobs/${id}/pdf`;
