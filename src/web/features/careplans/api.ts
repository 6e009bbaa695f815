import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  TAction,
  TAssessment,
  TCarePlan,
  TConference,
  TDurableStep,
  TGoal,
  ZActionCreate,
  ZActionUpdate,
  ZAssessmentCreate,
  ZConferenceCreate,
  ZConferenceList,
  ZDecisionToAction,
  ZDecisionToTask,
  ZDurableSolutionUpdate,
  ZDurableStepCreate,
  ZDurableStepUpdate,
  ZGoalCreate,
  ZGoalUpdate,
} from '../../../contract/careplans';
import { api } from '../../app/api';
import { caseKeys } from '../cases/api';
import { taskKeys } from '../tasks/api';

export type { TAction, TAssessment, TCarePlan, TConference, TDurableStep, TGoal };

export const carePlanKeys = {
  plan: (caseId: string) => [...caseKeys.detail(caseId), 'care-plan'] as const,
  conferences: (caseId: string) => [...caseKeys.detail(caseId), 'conferences'] as const,
};

export function useCarePlan(caseId: string) {
  return useQuery({
    queryKey: carePlanKeys.plan(caseId),
    queryFn: ({ signal }) => api.get<TCarePlan>(`/cases/${caseId}/care-plan`, undefined, signal),
  });
}

/** Every change of the plan reloads it (and the deadlines, which follow the actions). */
function usePlanMutation<TBody, TResult>(caseId: string, fn: (body: TBody) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: carePlanKeys.plan(caseId) });
      void qc.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
}

const base = (caseId: string) => `/cases/${caseId}/care-plan`;

export const useCreateAssessment = (caseId: string) =>
  usePlanMutation(caseId, (body: z.output<typeof ZAssessmentCreate>) => api.post<TAssessment>(`${base(caseId)}/assessments`, body));
export const useUpdateDurableSolution = (caseId: string) =>
  usePlanMutation(caseId, (body: z.output<typeof ZDurableSolutionUpdate>) => api.put<TCarePlan>(`${base(caseId)}/durable-solution`, body));
export const useCreateDurableStep = (caseId: string) =>
  usePlanMutation(caseId, (body: z.output<typeof ZDurableStepCreate>) => api.post<TCarePlan>(`${base(caseId)}/durable-solution/steps`, body));
export const useUpdateDurableStep = (caseId: string) =>
  usePlanMutation(caseId, ({ id, body }: { id: string; body: z.output<typeof ZDurableStepUpdate> }) => api.patch<TCarePlan>(`${base(caseId)}/durable-solution/steps/${id}`, body));
export const useCreateGoal = (caseId: string) => usePlanMutation(caseId, (body: z.output<typeof ZGoalCreate>) => api.post<TGoal>(`${base(caseId)}/goals`, body));
export const useUpdateGoal = (caseId: string) =>
  usePlanMutation(caseId, ({ id, body }: { id: string; body: z.output<typeof ZGoalUpdate> }) => api.patch<TGoal>(`${base(caseId)}/goals/${id}`, body));
export const useCreateAction = (caseId: string) => usePlanMutation(caseId, (body: z.output<typeof ZActionCreate>) => api.post<TAction>(`${base(caseId)}/actions`, body));
export const useUpdateAction = (caseId: string) =>
  usePlanMutation(caseId, ({ id, body }: { id: string; body: z.output<typeof ZActionUpdate> }) => api.patch<TAction>(`${base(caseId)}/actions/${id}`, body));

export function useConferences(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: carePlanKeys.conferences(caseId),
    queryFn: ({ signal }) => api.get<z.infer<typeof ZConferenceList>>(`/cases/${caseId}/conferences`, undefined, signal),
    enabled,
  });
}

function useConferenceMutation<TBody, TResult>(caseId: string, fn: (body: TBody) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: carePlanKeys.conferences(caseId) });
      void qc.invalidateQueries({ queryKey: carePlanKeys.plan(caseId) });
      void qc.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
}

export const useCreateConference = (caseId: string) =>
  useConferenceMutation(caseId, (body: z.output<typeof ZConferenceCreate>) => api.post<TConference>(`/cases/${caseId}/conferences`, body));

type TDecisionRef = { conferenceId: string; decisionId: string };
const decisionPath = (caseId: string, r: TDecisionRef, to: 'action' | 'task') => `/cases/${caseId}/conferences/${r.conferenceId}/decisions/${r.decisionId}/${to}`;

export const useDecisionToAction = (caseId: string) =>
  useConferenceMutation(caseId, ({ ref, body }: { ref: TDecisionRef; body: z.output<typeof ZDecisionToAction> }) => api.post<TAction>(decisionPath(caseId, ref, 'action'), body));
export const useDecisionToTask = (caseId: string) =>
  useConferenceMutation(caseId, ({ ref, body }: { ref: TDecisionRef; body: z.output<typeof ZDecisionToTask> }) => api.post<TConference>(decisionPath(caseId, ref, 'task'), body));
