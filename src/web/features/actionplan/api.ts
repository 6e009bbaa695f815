import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TRecommendation, ZRecommendationCreate, ZRecommendationUpdate } from '../../../contract/actionplan';
import { api } from '../../app/api';

export type TRecommendationCreateOutput = z.output<typeof ZRecommendationCreate>;
const keys = { all: ['recommendations'] as const };

export function useRecommendations() {
  return useQuery({ queryKey: keys.all, queryFn: ({ signal }) => api.get<{ items: TRecommendation[] }>('/recommendations', undefined, signal), select: (d) => d.items });
}

export function useCreateRecommendation() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: TRecommendationCreateOutput) => api.post<TRecommendation>('/recommendations', body), onSuccess: () => void qc.invalidateQueries({ queryKey: keys.all }) });
}

export function useUpdateRecommendation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: z.input<typeof ZRecommendationUpdate> & { id: string }) => api.patch<TRecommendation>(`/recommendations/${id}`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.all }),
  });
}
