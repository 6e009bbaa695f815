import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TMatchCandidates, TPersonLink } from '../../../contract/matching';
import { api } from '../../app/api';

export type { TPersonLink };
export type TMatchCandidate = TMatchCandidates['items'][number];

export const matchingKeys = { candidates: (personId: string) => ['match-candidates', personId] as const, links: ['person-links'] as const };

/** Records elsewhere that may be the same person (only who holds them, how strong, which facts agreed). */
export function useMatchCandidates(personId: string) {
  return useQuery({
    queryKey: matchingKeys.candidates(personId),
    queryFn: ({ signal }) => api.get<TMatchCandidates>(`/persons/${personId}/match-candidates`, undefined, signal),
  });
}

/** The organisation's link requests, both directions. */
export function usePersonLinks() {
  return useQuery({ queryKey: matchingKeys.links, queryFn: ({ signal }) => api.get<{ items: TPersonLink[] }>('/person-links', undefined, signal) });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: matchingKeys.links });
    void qc.invalidateQueries({ queryKey: ['match-candidates'] });
  };
}

export function useRequestLink() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: { fromPersonId: string; candidate: string }) => api.post<TPersonLink>('/person-links', body), onSettled: done });
}

export function useLinkAction() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ link, action, reason }: { link: TPersonLink; action: 'accept' | 'decline' | 'unlink'; reason?: string }) =>
      api.post<TPersonLink>(`/person-links/${link.id}/${action}`, { version: link.version, ...(action === 'decline' && reason ? { reason } : {}) }),
    onSettled: done,
  });
}
