import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZPersonDetail, ZPersonUpdate } from '../../../contract/persons';
import { api } from '../../app/api';

export type TPersonDetail = z.infer<typeof ZPersonDetail>;
export type TPersonUpdate = z.input<typeof ZPersonUpdate>;

export const personKeys = { detail: (id: string) => ['persons', 'detail', id] as const };

export function usePerson(id: string) {
  return useQuery({
    queryKey: personKeys.detail(id),
    queryFn: ({ signal }) => api.get<TPersonDetail>(`/persons/${id}`, undefined, signal),
  });
}

export function useUpdatePerson(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TPersonUpdate) => api.patch<TPersonDetail>(`/persons/${id}`, body),
    onSuccess: (data) => {
      qc.setQueryData(personKeys.detail(id), data);
      // case pages embed the person, and lists show names
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}
