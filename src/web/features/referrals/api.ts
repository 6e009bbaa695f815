/**
 * Query hooks of the referrals feature: the services directory (with capacity), consents, referrals and
 * their deliveries, transfers of case management, the pathway of a case, the supervisors' statistics and
 * the inbox counts. Types come from the contract (src/contract/referrals.ts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  TConsent,
  TConsentCreate,
  TDeliveryCreate,
  TPathwayStats,
  TReferral,
  TReferralCreate,
  TReferralTransition,
  TService,
  TServiceCreate,
  TServiceQuery,
  TServiceUpdate,
  TTransfer,
  ZCasePathway,
  ZConsentList,
  ZInbox,
  ZReferralList,
  ZReferralOptions,
  ZReferralSummary,
  ZServiceList,
  ZTransferCreate,
  ZTransferList,
  ZTransferResponse,
} from '../../../contract/referrals';
import { api } from '../../app/api';
import { caseKeys } from '../cases/api';

/** The directory's query string (the contract's `limit` is coerced, so typed loosely there). */
export type TServiceParams = Omit<TServiceQuery, 'limit'> & { limit?: number };
export type TServiceList = z.infer<typeof ZServiceList>;
export type TReferralSummary = z.infer<typeof ZReferralSummary>;
export type TReferralOptions = z.infer<typeof ZReferralOptions>;
export type TCasePathway = z.infer<typeof ZCasePathway>;
export type TPathwayEvent = TCasePathway['events'][number];
export type TTransferCreate = z.input<typeof ZTransferCreate>;
export type TTransferResponse = z.input<typeof ZTransferResponse>;
export type TReferralBox = 'incoming' | 'outgoing';
export type TReferralQuery = { box: TReferralBox; status?: string; caseId?: string };
export type { TConsent, TPathwayStats, TReferral, TService, TTransfer };

/** GET /inbox: what waits for the caller's organisation and the caller (counts only). */
export type TInboxCounts = z.infer<typeof ZInbox>;

export const referralKeys = {
  services: ['services'] as const,
  serviceList: (q: TServiceParams) => ['services', 'list', q] as const,
  service: (id: string) => ['services', 'detail', id] as const,
  consents: (caseId: string) => [...caseKeys.detail(caseId), 'consents'] as const,
  options: (caseId: string, serviceId: string) => [...caseKeys.detail(caseId), 'referral-options', serviceId] as const,
  pathway: (caseId: string) => [...caseKeys.detail(caseId), 'pathway'] as const,
  referrals: ['referrals'] as const,
  referralList: (q: TReferralQuery) => ['referrals', 'list', q] as const,
  referral: (id: string) => ['referrals', 'detail', id] as const,
  transfers: ['transfers'] as const,
  transferList: (q: { box?: TReferralBox; caseId?: string }) => ['transfers', 'list', q] as const,
  stats: (from?: string, to?: string) => ['referrals', 'stats', from ?? '', to ?? ''] as const,
  inbox: ['inbox'] as const,
};

// ——— Services ———

export function useServices(query: TServiceParams, enabled = true) {
  return useQuery({
    queryKey: referralKeys.serviceList(query),
    queryFn: ({ signal }) => api.get<TServiceList>('/services', { ...query }, signal),
    placeholderData: (previous) => previous,
    enabled,
  });
}

function invalidateServices(qc: ReturnType<typeof useQueryClient>) {
  void qc.invalidateQueries({ queryKey: referralKeys.services });
}

export function useCreateService() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TServiceCreate) => api.post<TService>('/services', body),
    onSuccess: () => invalidateServices(qc),
  });
}

export function useUpdateService() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TServiceUpdate }) => api.patch<TService>(`/services/${id}`, body),
    onSuccess: () => invalidateServices(qc),
  });
}

export function useUpdateCapacity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, available }: { id: string; version: number; available: number }) => api.put<TService>(`/services/${id}/capacity`, { version, available }),
    onSuccess: () => invalidateServices(qc),
  });
}

// ——— Consent ———

export function useConsents(caseId: string, enabled = true) {
  return useQuery({
    queryKey: referralKeys.consents(caseId),
    queryFn: ({ signal }) => api.get<z.infer<typeof ZConsentList>>(`/cases/${caseId}/consents`, undefined, signal),
    enabled,
  });
}

/** A consent changes what may be shared: the referral options, the referrals and the pathway follow. */
function invalidateCaseSharing(qc: ReturnType<typeof useQueryClient>, caseId: string) {
  void qc.invalidateQueries({ queryKey: referralKeys.consents(caseId) });
  void qc.invalidateQueries({ queryKey: [...caseKeys.detail(caseId), 'referral-options'] });
  void qc.invalidateQueries({ queryKey: referralKeys.pathway(caseId) });
  void qc.invalidateQueries({ queryKey: referralKeys.referrals });
  void qc.invalidateQueries({ queryKey: caseKeys.history(caseId) });
  void qc.invalidateQueries({ queryKey: referralKeys.inbox });
}

export function useRecordConsent(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TConsentCreate) => api.post<TConsent>(`/cases/${caseId}/consents`, body),
    onSuccess: () => invalidateCaseSharing(qc, caseId),
  });
}

export function useWithdrawConsent(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, reason }: { id: string; version: number; reason?: string }) => api.post<TConsent>(`/consents/${id}/withdraw`, reason ? { version, reason } : { version }),
    onSuccess: () => invalidateCaseSharing(qc, caseId),
  });
}

// ——— Referrals ———

export function useReferralOptions(caseId: string, serviceId: string | null) {
  return useQuery({
    queryKey: referralKeys.options(caseId, serviceId ?? ''),
    queryFn: ({ signal }) => api.get<TReferralOptions>(`/cases/${caseId}/referral-options`, { serviceId: serviceId ?? '' }, signal),
    enabled: !!serviceId,
  });
}

export function useCreateReferral(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TReferralCreate) => api.post<TReferral>(`/cases/${caseId}/referrals`, body),
    onSuccess: (r) => {
      qc.setQueryData(referralKeys.referral(r.id), r);
      invalidateCaseSharing(qc, caseId);
      invalidateServices(qc);
    },
  });
}

export function useReferrals(query: TReferralQuery, enabled = true) {
  return useQuery({
    queryKey: referralKeys.referralList(query),
    queryFn: ({ signal }) => api.get<z.infer<typeof ZReferralList>>('/referrals', { ...query }, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useReferral(id: string) {
  return useQuery({
    queryKey: referralKeys.referral(id),
    queryFn: ({ signal }) => api.get<TReferral>(`/referrals/${id}`, undefined, signal),
  });
}

function onReferralChanged(qc: ReturnType<typeof useQueryClient>, r: TReferral) {
  qc.setQueryData(referralKeys.referral(r.id), r);
  void qc.invalidateQueries({ queryKey: referralKeys.referrals, predicate: (q) => q.queryKey[1] !== 'detail' });
  void qc.invalidateQueries({ queryKey: referralKeys.inbox });
  void qc.invalidateQueries({ queryKey: referralKeys.services });
  // the receiving organisation's access, the pathway and the deadlines change with the referral
  void qc.invalidateQueries({ queryKey: caseKeys.detail(r.caseId) });
  void qc.invalidateQueries({ queryKey: ['tasks'] });
  void qc.invalidateQueries({ queryKey: ['notifications'] });
}

export function useReferralTransition(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TReferralTransition) => api.post<TReferral>(`/referrals/${id}/transitions`, body),
    onSuccess: (r) => onReferralChanged(qc, r),
    // someone acted meanwhile (409) or the referral is gone: show its current state
    onError: () => void qc.invalidateQueries({ queryKey: referralKeys.referral(id) }),
  });
}

export function useRecordDelivery(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TDeliveryCreate) => api.post<TReferral>(`/referrals/${id}/deliveries`, body),
    onSuccess: (r) => onReferralChanged(qc, r),
  });
}

// ——— Transfers ———

export function useTransfers(query: { box?: TReferralBox; caseId?: string }, enabled = true) {
  return useQuery({
    queryKey: referralKeys.transferList(query),
    queryFn: ({ signal }) => api.get<z.infer<typeof ZTransferList>>('/transfers', { ...query }, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useRequestTransfer(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TTransferCreate) => api.post<TTransfer>(`/cases/${caseId}/transfers`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: referralKeys.transfers });
      void qc.invalidateQueries({ queryKey: referralKeys.pathway(caseId) });
    },
  });
}

export function useRespondTransfer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TTransferResponse }) => api.post<TTransfer>(`/transfers/${id}/respond`, body),
    onSuccess: (tr) => {
      void qc.invalidateQueries({ queryKey: referralKeys.transfers });
      void qc.invalidateQueries({ queryKey: referralKeys.inbox });
      // accepting moves the case to another organisation: its page and the case lists change
      void qc.invalidateQueries({ queryKey: caseKeys.detail(tr.caseId) });
      void qc.invalidateQueries({ queryKey: caseKeys.lists });
    },
  });
}

// ——— Pathway, statistics, inbox ———

export function usePathway(caseId: string, enabled = true) {
  return useQuery({
    queryKey: referralKeys.pathway(caseId),
    queryFn: ({ signal }) => api.get<TCasePathway>(`/cases/${caseId}/pathway`, undefined, signal),
    select: (d) => d.events,
    enabled,
  });
}

export function usePathwayStats(from?: string, to?: string) {
  return useQuery({
    queryKey: referralKeys.stats(from, to),
    queryFn: ({ signal }) => api.get<TPathwayStats>('/referrals/stats', { from, to }, signal),
    placeholderData: (previous) => previous,
  });
}

/** The inbox counts (nav badge); polled while the app is open. */
export function useInbox(enabled = true) {
  return useQuery({
    queryKey: referralKeys.inbox,
    queryFn: ({ signal }) => api.get<TInboxCounts>('/inbox', undefined, signal),
    refetchInterval: 60_000,
    enabled,
  });
}
