import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { rules } from '../../../../data/config/timelines.json';
import type { TTask, ZTaskList, ZTaskQuery, ZTaskUpdate } from '../../../contract/identification';
import { api } from '../../app/api';

export type { TTask };
export type TTaskQuery = z.input<typeof ZTaskQuery>;
export type TTaskUpdate = z.output<typeof ZTaskUpdate>;

export const taskKeys = {
  all: ['tasks'] as const,
  list: (query: TTaskQuery) => ['tasks', 'list', query] as const,
};

/**
 * Whether a rule's deadline may be extended (data/config/timelines.json, bundled at build time: a task
 * from the API does not say it).
 */
export function isExtendable(rule: string): boolean {
  return rules.some((r) => r.code === rule && r.extendable);
}

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
