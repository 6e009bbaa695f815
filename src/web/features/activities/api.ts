import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAgreement, TCampaign, TCooperationRequest, TTraining } from '../../../contract/activities';
import { api } from '../../app/api';

export type TRegister = 'campaigns' | 'trainings' | 'agreements' | 'cooperation-requests';
export type TFilters = { year?: number; status?: string; region?: string };
type TItem = { campaigns: TCampaign; trainings: TTraining; agreements: TAgreement; 'cooperation-requests': TCooperationRequest };

const key = (register: TRegister) => ['activities', register] as const;

export function useActivityList<R extends TRegister>(register: R, filters: TFilters, enabled = true) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string | number>;
  return useQuery({
    queryKey: [...key(register), query],
    queryFn: ({ signal }) => api.get<{ items: TItem[R][] }>(`/activities/${register}`, query, signal),
    select: (d) => d.items,
    enabled,
  });
}

/** Create (no id) or update (id + version in the body) a record of a register. */
export function useSaveActivity<R extends TRegister>(register: R) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: unknown }) =>
      id ? api.patch<TItem[R]>(`/activities/${register}/${id}`, body) : api.post<TItem[R]>(`/activities/${register}`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key(register) }),
  });
}

export const agreementDocumentUrl = (id: string) => `/api/v1/activities/agreements/${id}/document`;

export function useUploadAgreementDocument(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const fd = new FormData();
      fd.append('file', file);
      return api.upload<TAgreement>(`/activities/agreements/${id}/document`, fd);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: key('agreements') }),
  });
}
