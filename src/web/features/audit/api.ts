import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZAuditEntry, ZAuditList, ZAuditQuery, ZAuditVerify } from '../../../contract/audit';
import { api } from '../../app/api';

export type TAuditEntry = z.infer<typeof ZAuditEntry>;
export type TAuditList = z.infer<typeof ZAuditList>;
export type TAuditVerify = z.infer<typeof ZAuditVerify>;
export type TAuditFilters = Pick<z.input<typeof ZAuditQuery>, 'action' | 'from' | 'to' | 'entityId'>;

export function useAuditLog(filters: TAuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) => api.get<TAuditList>('/audit', { ...filters, cursor: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

/** A GET, but run on demand: verification walks the whole chain. */
export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.get<TAuditVerify>('/audit/verify') });
}
