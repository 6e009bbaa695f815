import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TTask, ZTaskList, ZTaskQuery, ZTaskUpdate } from '../../../contract/identification';
import { api } from '../../app/api';

export type { TTask };
export type TTaskQuery = z.input<typeof ZTaskQuery>;
export type TTaskUpdate = z.output<typeof ZTaskUpdate>;

export const taskKeys = {
  all: ['tasks'] as const,
  list: (query: TTaskQuery) => ['tasks', 'list', query] as const,
};

export function useTasks(query: TTaskQuery, enabled = true) {
  return useQuery({
    queryKey: taskKeys.list(query),
    queryFn: ({ signal }) => api.get<z.infer<typeof ZTaskList>>('/tasks', { ...query }, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useUpdateTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TTaskUpdate }) => api.patch<TTask>(`/tasks/${id}`, body),
    onSettled: () => void qc.invalidateQueries({ queryKey: taskKeys.all }),
  });
}
