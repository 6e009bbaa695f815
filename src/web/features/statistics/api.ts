import { useQuery } from '@tanstack/react-query';
import type { TStatistics } from '../../../contract/statistics';
import { api, API_BASE, withQuery } from '../../app/api';

export function useStatistics(year: number | undefined, situation: 'trafficking' | 'smuggling') {
  return useQuery({
    queryKey: ['statistics', year ?? 'current', situation],
    queryFn: ({ signal }) => api.get<TStatistics>('/statistics', { year, situation }, signal),
    staleTime: 60_000,
  });
}

/** Export files are plain GETs with the session cookie (audited on the server). */
export const exportUrl = (path: string, query: Record<string, string | number>) => withQuery(`${API_BASE}/statistics/exports/${path}`, query);
