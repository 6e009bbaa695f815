import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  TAttachmentList,
  TCaseCreateOutput,
  TCaseDetail,
  TCaseHistory,
  TCaseList,
  TCaseListQuery,
  TCaseUpdateOutput,
} from './types';
import type { ZAttachment } from '../../../contract/cases';
import type { ZAssignableUsers } from '../../../contract/users';
import { api, apiDownload, saveBlob } from '../../app/api';

export type TCaseFilters = Omit<TCaseListQuery, 'cursor' | 'limit'>;

export const caseKeys = {
  all: ['cases'] as const,
  lists: ['cases', 'list'] as const,
  list: (filters: TCaseFilters) => ['cases', 'list', filters] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  history: (id: string) => ['cases', 'detail', id, 'history'] as const,
  attachments: (id: string) => ['cases', 'detail', id, 'attachments'] as const,
};

export const PAGE_SIZE = 25;

/** The list as a CSV file (same filters and visible cases; audited by the server). */
export async function exportCaseList(filters: TCaseFilters): Promise<{ count: number; truncated: boolean }> {
  const file = await apiDownload('/cases/export.csv', filters);
  saveBlob(file.fileName, file.blob);
  return { count: Number(file.headers.get('x-export-count') ?? 0), truncated: file.headers.get('x-export-truncated') === 'true' };
}

export function useCaseList(filters: TCaseFilters) {
  return useInfiniteQuery({
    queryKey: caseKeys.list(filters),
    queryFn: ({ pageParam, signal }) => api.get<TCaseList>('/cases', { ...filters, cursor: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: ({ signal }) => api.get<TCaseDetail>(`/cases/${id}`, undefined, signal),
  });
}

export function useCaseHistory(id: string) {
  return useQuery({
    queryKey: caseKeys.history(id),
    queryFn: ({ signal }) => api.get<TCaseHistory>(`/cases/${id}/history`, undefined, signal),
    select: (d) => d.items,
  });
}

export function useAttachments(id: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.attachments(id),
    queryFn: ({ signal }) => api.get<TAttachmentList>(`/cases/${id}/attachments`, undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useAssignableUsers(enabled = true) {
  return useQuery({
    queryKey: ['users', 'assignable'],
    queryFn: ({ signal }) => api.get<z.infer<typeof ZAssignableUsers>>('/users/assignable', undefined, signal),
    select: (d) => d.items,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useCreateCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TCaseCreateOutput) => api.post<TCaseDetail>('/cases', body),
    onSuccess: (data) => {
      qc.setQueryData(caseKeys.detail(data.id), data);
      void qc.invalidateQueries({ queryKey: caseKeys.lists });
    },
  });
}

export function useUpdateCase(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TCaseUpdateOutput) => api.patch<TCaseDetail>(`/cases/${id}`, body),
    onSuccess: (data) => {
      qc.setQueryData(caseKeys.detail(id), data);
      void qc.invalidateQueries({ queryKey: caseKeys.history(id) });
      void qc.invalidateQueries({ queryKey: caseKeys.lists });
      void qc.invalidateQueries({ queryKey: ['persons', 'detail', data.person.id] });
    },
  });
}

export function useUploadAttachment(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const fd = new FormData();
      fd.append('file', file, file.name);
      return api.upload<z.infer<typeof ZAttachment>>(`/cases/${id}/attachments`, fd);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: caseKeys.attachments(id) });
      void qc.invalidateQueries({ queryKey: caseKeys.history(id) });
    },
  });
}

export function attachmentUrl(caseId: string, attachmentId: string): string {
  return `/api/v1/cases/${caseId}/attachments/${attachmentId}`;
}
