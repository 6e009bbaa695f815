import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TExportJob, TExportKind, TReportJob, TStatistics } from '../../../contract/statistics';
import type { TProgressSummary } from '../../../contract/actionplan';
import type { TActivitiesSummary } from '../../../contract/activities';
import { api, API_BASE } from '../../app/api';

export function useStatistics(year: number | undefined, situation: 'trafficking' | 'smuggling') {
  return useQuery({
    queryKey: ['statistics', year ?? 'current', situation],
    queryFn: ({ signal }) => api.get<TStatistics>('/statistics', { year, situation }, signal),
    staleTime: 60_000,
  });
}

/** The caller's export jobs; polled while one is waiting or running. */
export function useExportJobs() {
  return useQuery({
    queryKey: ['export-jobs'],
    queryFn: ({ signal }) => api.get<{ items: TExportJob[] }>('/statistics/export-jobs', undefined, signal),
    refetchInterval: (q) => (q.state.data?.items.some((j) => j.status === 'queued' || j.status === 'running') ? 1000 : false),
  });
}

export function useCreateExportJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { kind: TExportKind; year: number; format: 'csv' | 'xlsx' }) => api.post<TExportJob>('/statistics/export-jobs', v),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['export-jobs'] }),
  });
}

export const exportFileUrl = (id: string) => `${API_BASE}/statistics/export-jobs/${id}/file`;


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
export const reportDocxUrl = (id: string) => `${API_BASE}/statistics/report-jobs/${id}/docx`;

/** The year's action-plan progress (per pillar, actions by latest validated status; indicators' target vs validated value). */
export function useActionPlanSummary(year: number) {
  return useQuery({
    queryKey: ['action-plan-summary', year],
    queryFn: ({ signal }) => api.get<TProgressSummary>('/action-plans/summary', { year }, signal),
    staleTime: 60_000,
  });
}

/** The year's prevention and partnership figures (campaigns, trainings, agreements, cooperation). */
export function useActivitiesSummary(year: number) {
  return useQuery({
    queryKey: ['activities-summary', year],
    queryFn: ({ signal }) => api.get<TActivitiesSummary>('/activities/summary', { year }, signal),
    staleTime: 60_000,
  });
}
