import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TRetentionOverview, TRetentionRunView } from '../../../contract/retention';
import { api } from '../../app/api';

export type { TRetentionOverview, TRetentionRunView };

export const retentionKeys = { overview: ['retention'] as const, run: (id: string) => ['retention', 'runs', id] as const };

/** The schedule with what is due and held, and the last runs. */
export function useRetentionOverview() {
  return useQuery({
    queryKey: retentionKeys.overview,
    queryFn: ({ signal }) => api.get<TRetentionOverview>('/retention', undefined, signal),
  });
}

/** One run, polled every second while it is in progress. */
export function useRetentionRun(id: string | null) {
  return useQuery({
    queryKey: retentionKeys.run(id ?? ''),
    queryFn: ({ signal }) => api.get<TRetentionRunView>(`/retention/runs/${id}`, undefined, signal),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
}

/** Starts a run now (or answers with the run already in progress). */
export function useStartRetentionRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<TRetentionRunView>('/retention/runs', {}),
    onSuccess: (run) => qc.setQueryData(retentionKeys.run(run.id), run),
  });
}
