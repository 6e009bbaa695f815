import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { decidingOrganisationTypes } from '../../../../data/config/identification.json';
import type {
  TIdentificationState,
  ZAnonymousNotification,
  ZAnonymousNotificationCreate,
  ZAnonymousNotificationList,
  ZDecisionCreate,
  ZDecisionReview,
  ZIdentificationRequest,
  ZReconsiderationRequest,
  ZRiskAssessment,
  ZRiskAssessmentCreate,
  ZRiskAssessmentList,
} from '../../../contract/identification';
import type { TOrganisation } from '../../../contract/organisations';
import { api } from '../../app/api';
import { caseKeys } from '../cases/api';

export type TDecision = TIdentificationState['decisions'][number];
export type TRiskAssessment = z.infer<typeof ZRiskAssessment>;
export type TRiskAssessmentCreateOutput = z.output<typeof ZRiskAssessmentCreate>;
export type TAnonymousNotification = z.infer<typeof ZAnonymousNotification>;
export type TAnonymousNotificationCreateOutput = z.output<typeof ZAnonymousNotificationCreate>;

export const identificationKeys = {
  state: (caseId: string) => [...caseKeys.detail(caseId), 'identification'] as const,
  risk: (caseId: string) => [...caseKeys.detail(caseId), 'risk'] as const,
  anonymous: ['anonymous-notifications'] as const,
};

/**
 * The organisations that may decide on identification (data/config/identification.json, bundled at build
 * time: the API does not list them).
 */
export function isDecidingOrganisation(o: Pick<TOrganisation, 'type' | 'active'>): boolean {
  return o.active && (decidingOrganisationTypes as string[]).includes(o.type);
}

export function useIdentification(caseId: string) {
  return useQuery({
    queryKey: identificationKeys.state(caseId),
    queryFn: ({ signal }) => api.get<TIdentificationState>(`/cases/${caseId}/identification`, undefined, signal),
  });
}

type TActionBodies = {
  request: z.output<typeof ZIdentificationRequest>;
  decisions: z.output<typeof ZDecisionCreate>;
  review: z.output<typeof ZDecisionReview>;
  reconsideration: z.output<typeof ZReconsiderationRequest>;
};

/** One of the identification steps; each answers with the new state. */
export function useIdentificationAction<K extends keyof TActionBodies>(caseId: string, action: K) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TActionBodies[K]) => api.post<TIdentificationState>(`/cases/${caseId}/identification/${action}`, body),
    onSuccess: (state) => {
      qc.setQueryData(identificationKeys.state(caseId), state);
      // the status, the stage, the deadlines and the history change with it
      void qc.invalidateQueries({ queryKey: caseKeys.detail(caseId), exact: true });
      void qc.invalidateQueries({ queryKey: caseKeys.history(caseId) });
      void qc.invalidateQueries({ queryKey: caseKeys.lists });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export function useRiskAssessments(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: identificationKeys.risk(caseId),
    queryFn: ({ signal }) => api.get<z.infer<typeof ZRiskAssessmentList>>(`/cases/${caseId}/risk-assessments`, undefined, signal),
    select: (d) => d.items,
    enabled,
  });
}

export function useCreateRiskAssessment(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TRiskAssessmentCreateOutput) => api.post<TRiskAssessment>(`/cases/${caseId}/risk-assessments`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: identificationKeys.risk(caseId) }),
  });
}

export function useAnonymousNotifications() {
  return useQuery({
    queryKey: identificationKeys.anonymous,
    queryFn: ({ signal }) => api.get<z.infer<typeof ZAnonymousNotificationList>>('/anonymous-notifications', undefined, signal),
    select: (d) => d.items,
  });
}

export function useCreateAnonymousNotification() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TAnonymousNotificationCreateOutput) => api.post<TAnonymousNotification>('/anonymous-notifications', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: identificationKeys.anonymous }),
  });
}
