import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TBreach, TBreachList, TProcessingRegister, ZBreachCreate, ZBreachUpdate } from '../../../contract/accountability';
import type { TLanguage } from '../../../contract/auth';
import { API_BASE, api } from '../../app/api';

export type { TBreach, TProcessingRegister };
export type TBreachCreate = z.input<typeof ZBreachCreate>;
export type TBreachUpdate = z.input<typeof ZBreachUpdate>;

export const accountabilityKeys = { register: (lang: TLanguage) => ['processing-register', lang] as const, breaches: ['breaches'] as const };

/** The register of processing activities, in the language of the document asked. */
export function useProcessingRegister(lang: TLanguage) {
  return useQuery({
    queryKey: accountabilityKeys.register(lang),
    queryFn: ({ signal }) => api.get<TProcessingRegister>('/processing-register', { lang }, signal),
  });
}

/** The same register as a file to hand to the CNDP (the browser downloads it with the session cookie). */
export const registerDownloadUrl = (lang: TLanguage) => `${API_BASE}/processing-register?lang=${lang}&format=download`;

export function useBreaches() {
  return useQuery({ queryKey: accountabilityKeys.breaches, queryFn: ({ signal }) => api.get<TBreachList>('/breaches', undefined, signal) });
}

export function useCreateBreach() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: TBreachCreate) => api.post<TBreach>('/breaches', body), onSettled: () => void qc.invalidateQueries({ queryKey: accountabilityKeys.breaches }) });
}

export function useUpdateBreach() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TBreachUpdate }) => api.patch<TBreach>(`/breaches/${id}`, body),
    onSettled: () => void qc.invalidateQueries({ queryKey: accountabilityKeys.breaches }),
  });
}
