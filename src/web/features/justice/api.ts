import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  TCaseJustice,
  TJusticeStatistics,
  TProceeding,
  ZCompensationClaimCreate,
  ZCompensationClaimUpdate,
  ZDefendantCreate,
  ZDefendantUpdate,
  ZHearingCreate,
  ZHearingUpdate,
  ZMeasureCreate,
  ZMeasureUpdate,
  ZNonPunishmentCreate,
  ZNonPunishmentUpdate,
  ZProceedingCreate,
  ZProceedingList,
  ZRevealedContact,
  ZVictimCandidateList,
  ZVictimLink,
} from '../../../contract/justice';
import { api } from '../../app/api';
import { caseKeys } from '../cases/api';

export type { TProceeding, TCaseJustice, TJusticeStatistics };
export type TProceedingSummary = z.infer<typeof ZProceedingList>['items'][number];
export type TRevealedContact = z.infer<typeof ZRevealedContact>;

export const justiceKeys = {
  all: ['justice'] as const,
  list: ['justice', 'list'] as const,
  detail: (id: string) => ['justice', 'proceeding', id] as const,
  candidates: ['justice', 'candidates'] as const,
  statistics: (year?: number) => ['justice', 'statistics', year ?? null] as const,
  case: (caseId: string) => [...caseKeys.detail(caseId), 'justice'] as const,
};

export function useProceedings() {
  return useQuery({ queryKey: justiceKeys.list, queryFn: ({ signal }) => api.get<z.infer<typeof ZProceedingList>>('/justice/proceedings', undefined, signal), select: (d) => d.items });
}

export function useProceeding(id: string) {
  return useQuery({ queryKey: justiceKeys.detail(id), queryFn: ({ signal }) => api.get<TProceeding>(`/justice/proceedings/${id}`, undefined, signal) });
}

export function useCandidates(enabled: boolean) {
  return useQuery({
    queryKey: justiceKeys.candidates,
    queryFn: ({ signal }) => api.get<z.infer<typeof ZVictimCandidateList>>('/justice/victim-candidates', undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useCreateProceeding() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof ZProceedingCreate>) => api.post<TProceeding>('/justice/proceedings', body),
    onSuccess: (p) => {
      qc.setQueryData(justiceKeys.detail(p.id), p);
      void qc.invalidateQueries({ queryKey: justiceKeys.list });
    },
  });
}

type TBodies = {
  victims: z.output<typeof ZVictimLink>;
  defendants: z.output<typeof ZDefendantCreate>;
  hearings: z.output<typeof ZHearingCreate>;
};

/** A change inside a proceeding; every one answers with the whole proceeding. */
export function useProceedingAction<K extends keyof TBodies>(id: string, path: K) {
  return useProceedingMutation<TBodies[K]>(id, (body) => api.post<TProceeding>(`/justice/proceedings/${id}/${path}`, body));
}

export function useProceedingMutation<B>(id: string, fn: (body: B) => Promise<TProceeding>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (p) => {
      qc.setQueryData(justiceKeys.detail(id), p);
      void qc.invalidateQueries({ queryKey: justiceKeys.list });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export const justiceApi = {
  updateProceeding: (id: string, body: Record<string, unknown>) => api.patch<TProceeding>(`/justice/proceedings/${id}`, body),
  updateDefendant: (id: string, defendantId: string, body: z.output<typeof ZDefendantUpdate>) => api.patch<TProceeding>(`/justice/proceedings/${id}/defendants/${defendantId}`, body),
  addMeasure: (id: string, victimId: string, body: z.output<typeof ZMeasureCreate>) => api.post<TProceeding>(`/justice/proceedings/${id}/victims/${victimId}/measures`, body),
  updateMeasure: (id: string, measureId: string, body: z.output<typeof ZMeasureUpdate>) => api.patch<TProceeding>(`/justice/proceedings/${id}/measures/${measureId}`, body),
  updateHearing: (id: string, hearingId: string, body: z.output<typeof ZHearingUpdate>) => api.patch<TProceeding>(`/justice/proceedings/${id}/hearings/${hearingId}`, body),
  addClaim: (id: string, victimId: string, body: z.output<typeof ZCompensationClaimCreate>) => api.post<TProceeding>(`/justice/proceedings/${id}/victims/${victimId}/compensation`, body),
  updateClaim: (id: string, claimId: string, body: z.output<typeof ZCompensationClaimUpdate>) => api.patch<TProceeding>(`/justice/proceedings/${id}/compensation/${claimId}`, body),
  revealContact: (id: string, victimId: string, reason: string) => api.post<TRevealedContact>(`/justice/proceedings/${id}/victims/${victimId}/reveal-contact`, { reason }),
};

export function useCaseJustice(caseId: string, enabled: boolean) {
  return useQuery({ queryKey: justiceKeys.case(caseId), queryFn: ({ signal }) => api.get<TCaseJustice>(`/cases/${caseId}/justice`, undefined, signal), enabled });
}

export function useRecordNonPunishment(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof ZNonPunishmentCreate>) => api.post(`/cases/${caseId}/non-punishment`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: justiceKeys.case(caseId) }),
  });
}

export function useUpdateNonPunishment(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.output<typeof ZNonPunishmentUpdate> }) => api.patch(`/cases/${caseId}/non-punishment/${id}`, body),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: justiceKeys.case(caseId) });
      void qc.invalidateQueries({ queryKey: justiceKeys.all });
    },
  });
}

export function useJusticeStatistics(year?: number) {
  return useQuery({ queryKey: justiceKeys.statistics(year), queryFn: ({ signal }) => api.get<TJusticeStatistics>('/justice/statistics', { year }, signal) });
}
