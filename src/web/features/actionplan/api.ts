import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  TActionDetail,
  TPlan,
  TPlanImportResult,
  TProgressReport,
  TRecommendation,
  ZRecommendationCreate,
  ZRecommendationUpdate,
  ZReportCreate,
  ZReportTransition,
  ZReportUpdate,
} from '../../../contract/actionplan';
import { api } from '../../app/api';

export type TRecommendationCreateOutput = z.output<typeof ZRecommendationCreate>;
const keys = { all: ['recommendations'] as const };

export function useRecommendations() {
  return useQuery({ queryKey: keys.all, queryFn: ({ signal }) => api.get<{ items: TRecommendation[] }>('/recommendations', undefined, signal), select: (d) => d.items });
}

export function useCreateRecommendation() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: TRecommendationCreateOutput) => api.post<TRecommendation>('/recommendations', body), onSuccess: () => void qc.invalidateQueries({ queryKey: keys.all }) });
}

export function useUpdateRecommendation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: z.input<typeof ZRecommendationUpdate> & { id: string }) => api.patch<TRecommendation>(`/recommendations/${id}`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.all }),
  });
}

// ----- the national action plan -----

export type TPlanSummaryItem = Omit<TPlan, 'objectives' | 'canEdit'>;
export type TReportDue = { actionId: string; actionCode: string; actionTitleFr: string; actionTitleAr: string; period: string; reportId: string | null; reportStatus: TProgressReport['status'] | null };
const planKeys = { plans: ['action-plans'] as const, plan: (id: string) => ['action-plans', id] as const, action: (id: string) => ['plan-actions', id] as const, reports: ['plan-reports'] as const };

export function usePlans() {
  return useQuery({ queryKey: planKeys.plans, queryFn: ({ signal }) => api.get<{ items: TPlanSummaryItem[] }>('/action-plans', undefined, signal), select: (d) => d.items });
}
export function usePlan(id: string | null) {
  return useQuery({ queryKey: planKeys.plan(id ?? ''), enabled: !!id, queryFn: ({ signal }) => api.get<TPlan>(`/action-plans/${id}`, undefined, signal) });
}
export function usePlanAction(id: string | null) {
  return useQuery({ queryKey: planKeys.action(id ?? ''), enabled: !!id, queryFn: ({ signal }) => api.get<TActionDetail>(`/plan-actions/${id}`, undefined, signal) });
}
export function usePlanReports(query: { status?: string; actionId?: string }, enabled = true) {
  return useQuery({ queryKey: [...planKeys.reports, query], enabled, queryFn: ({ signal }) => api.get<{ items: TProgressReport[] }>('/plan-reports', query, signal), select: (d) => d.items });
}
export function usePlanReport(id: string | null) {
  return useQuery({ queryKey: [...planKeys.reports, 'one', id], enabled: !!id, queryFn: ({ signal }) => api.get<TProgressReport>(`/plan-reports/${id}`, undefined, signal) });
}
export function useReportsDue() {
  return useQuery({ queryKey: [...planKeys.reports, 'due'], queryFn: ({ signal }) => api.get<{ items: TReportDue[] }>('/plan-reports/due', undefined, signal), select: (d) => d.items });
}
function useInvalidatePlan() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: planKeys.plans }), qc.invalidateQueries({ queryKey: ['plan-actions'] }), qc.invalidateQueries({ queryKey: planKeys.reports })]);
}
export function useCreateReport() {
  const done = useInvalidatePlan();
  return useMutation({ mutationFn: ({ actionId, body }: { actionId: string; body: z.input<typeof ZReportCreate> }) => api.post<TProgressReport>(`/plan-actions/${actionId}/reports`, body), onSuccess: () => void done() });
}
export function useUpdateReport() {
  const done = useInvalidatePlan();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: z.input<typeof ZReportUpdate> }) => api.patch<TProgressReport>(`/plan-reports/${id}`, body), onSuccess: () => void done() });
}
export function useReportTransition() {
  const done = useInvalidatePlan();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: z.input<typeof ZReportTransition> }) => api.post<TProgressReport>(`/plan-reports/${id}/transitions`, body), onSuccess: () => void done() });
}
export function useUploadEvidence() {
  const done = useInvalidatePlan();
  return useMutation({
    mutationFn: ({ id, file }: { id: string; file: File }) => {
      const fd = new FormData();
      fd.append('file', file, file.name);
      return api.upload<TProgressReport>(`/plan-reports/${id}/evidence`, fd);
    },
    onSuccess: () => void done(),
  });
}
export function useImportPlan() {
  const done = useInvalidatePlan();
  return useMutation({
    mutationFn: (file: File) => {
      const fd = new FormData();
      fd.append('file', file, file.name);
      return api.upload<TPlanImportResult>('/action-plans/import', fd);
    },
    onSuccess: () => void done(),
  });
}
export const planExportUrl = (id: string) => `/api/v1/action-plans/${id}/export`;
export const evidenceUrl = (reportId: string) => `/api/v1/plan-reports/${reportId}/evidence`;
