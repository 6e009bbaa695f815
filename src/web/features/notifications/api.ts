import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZNotification, ZNotificationList } from '../../../contract/identification';
import { api } from '../../app/api';

export type TNotification = z.infer<typeof ZNotification>;

export const notificationKeys = { all: ['notifications'] as const };

/** The person's and the organisation's notifications; polled while the app is open. */
export function useNotifications(enabled = true) {
  return useQuery({
    queryKey: notificationKeys.all,
    queryFn: ({ signal }) => api.get<z.infer<typeof ZNotificationList>>('/notifications', undefined, signal),
    refetchInterval: 60_000,
    enabled,
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/notifications/read'),
    onSettled: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
