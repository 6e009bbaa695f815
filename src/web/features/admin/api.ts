import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZOrganisationCreate, ZOrganisationList, ZOrganisationUpdate, TOrganisation } from '../../../contract/organisations';
import type { TUser, ZPasswordReset, ZUserCreate, ZUserList, ZUserUpdate } from '../../../contract/users';
import { api } from '../../app/api';

export type TOrganisationCreate = z.input<typeof ZOrganisationCreate>;
export type TOrganisationUpdate = z.input<typeof ZOrganisationUpdate>;
export type TUserCreate = z.input<typeof ZUserCreate>;
export type TUserUpdate = z.input<typeof ZUserUpdate>;
export type TPasswordReset = z.input<typeof ZPasswordReset>;

export const organisationKeys = { all: ['organisations'] as const };
export const userKeys = { all: ['users'] as const, list: (organisationId?: string) => ['users', 'list', organisationId ?? 'all'] as const };

/** Every organisation (also used by the case forms to pick the identifying organisation). */
export function useOrganisations(enabled = true) {
  return useQuery({
    queryKey: organisationKeys.all,
    queryFn: ({ signal }) => api.get<z.infer<typeof ZOrganisationList>>('/organisations', undefined, signal),
    select: (d) => d.items,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useCreateOrganisation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TOrganisationCreate) => api.post<TOrganisation>('/organisations', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: organisationKeys.all }),
  });
}

export function useUpdateOrganisation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TOrganisationUpdate }) => api.patch<TOrganisation>(`/organisations/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: organisationKeys.all }),
  });
}

export function useUsers(organisationId: string | undefined) {
  return useQuery({
    queryKey: userKeys.list(organisationId),
    queryFn: ({ signal }) => api.get<z.infer<typeof ZUserList>>('/users', { organisationId }, signal),
    select: (d) => d.items,
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TUserCreate) => api.post<TUser>('/users', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TUserUpdate }) => api.patch<TUser>(`/users/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useResetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TPasswordReset }) => api.post<TUser>(`/users/${id}/password-reset`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}
