import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  subjectRequestsUrl,
  type TSubjectRequest,
  type TSubjectRequestList,
  type ZIdentityCheck,
  type ZSubjectLift,
  type ZSubjectRequestCreate,
  type ZSubjectRequestDecide,
  type ZSubjectResponse,
} from '../../../contract/subjectrights';
import { api } from '../../app/api';
import { caseKeys } from '../cases/api';

export type { TSubjectRequest };

export const subjectRequestKeys = { list: (caseId: string) => [...caseKeys.detail(caseId), 'subject-requests'] as const };

export function useSubjectRequests(caseId: string) {
  return useQuery({
    queryKey: subjectRequestKeys.list(caseId),
    queryFn: ({ signal }) => api.get<TSubjectRequestList>(subjectRequestsUrl(caseId), undefined, signal),
  });
}

function useRequestMutation<TBody>(caseId: string, fn: (body: TBody) => Promise<TSubjectRequest>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => void qc.invalidateQueries({ queryKey: subjectRequestKeys.list(caseId) }) });
}

const one = (caseId: string, id: string, step: string) => `${subjectRequestsUrl(caseId)}/${id}/${step}`;

export const useCreateSubjectRequest = (caseId: string) =>
  useRequestMutation(caseId, (body: z.output<typeof ZSubjectRequestCreate>) => api.post<TSubjectRequest>(subjectRequestsUrl(caseId), body));
export const useIdentityCheck = (caseId: string, id: string) =>
  useRequestMutation(caseId, (body: z.output<typeof ZIdentityCheck>) => api.post<TSubjectRequest>(one(caseId, id, 'identity-check'), body));
export const useDecide = (caseId: string, id: string) =>
  useRequestMutation(caseId, (body: z.output<typeof ZSubjectRequestDecide>) => api.post<TSubjectRequest>(one(caseId, id, 'decision'), body));
export const useRespond = (caseId: string, id: string) =>
  useRequestMutation(caseId, (body: z.output<typeof ZSubjectResponse>) => api.post<TSubjectRequest>(one(caseId, id, 'response'), body));
export const useLift = (caseId: string, id: string) =>
  useRequestMutation(caseId, (body: z.output<typeof ZSubjectLift>) => api.post<TSubjectRequest>(one(caseId, id, 'lift'), body));
