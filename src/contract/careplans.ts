/**
 * Care plans and case conferences: needs assessments repeated over time, goals, actions with a
 * responsible organisation and a due date, the durable-solution track, and multi-agency case conferences
 * whose decisions become care-plan actions or deadlines.
 */
import { z } from 'zod';
import { ZDate, ZId, ZInstant, ZPlainName, ZRef } from './common';

export const NEED_DOMAINS = ['safety', 'health', 'psychological', 'shelter', 'legal', 'documents', 'livelihood', 'education', 'family', 'return'] as const;
export const ZNeedDomain = z.enum(NEED_DOMAINS);
export type TNeedDomain = z.infer<typeof ZNeedDomain>;

export const NEED_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export const ZNeedLevel = z.enum(NEED_LEVELS);
export type TNeedLevel = z.infer<typeof ZNeedLevel>;

export const GOAL_STATUSES = ['open', 'in_progress', 'achieved', 'dropped'] as const;
export const ZGoalStatus = z.enum(GOAL_STATUSES);

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const ZActionStatus = z.enum(ACTION_STATUSES);
export type TActionStatus = z.infer<typeof ZActionStatus>;

export const DURABLE_TRACKS = ['undecided', 'local_integration', 'avrr_return', 'third_country'] as const;
export const ZDurableTrack = z.enum(DURABLE_TRACKS);
export const DURABLE_STATUSES = ['exploring', 'agreed', 'in_progress', 'completed', 'on_hold'] as const;
export const ZDurableStatus = z.enum(DURABLE_STATUSES);

const ZNote = z.string().trim().max(2000);

/** Steps of the durable-solution plan: the same statuses as actions (done and cancelled end a step). */
export const DURABLE_STEP_STATUSES = ACTION_STATUSES;
export const ZDurableStepStatus = z.enum(DURABLE_STEP_STATUSES);

// ——— Needs assessments ———

export const ZAssessmentCreate = z
  .object({
    assessedOn: ZDate,
    /** One entry per domain assessed (each domain at most once). */
    needs: z
      .array(z.object({ domain: ZNeedDomain, level: ZNeedLevel, note: ZNote.optional() }).strict())
      .min(1)
      .max(NEED_DOMAINS.length)
      .refine((list) => new Set(list.map((n) => n.domain)).size === list.length, { message: 'duplicate_domain' }),
  })
  .strict();
export type TAssessmentCreate = z.input<typeof ZAssessmentCreate>;

export const ZAssessment = z.object({
  id: ZId,
  assessedOn: z.string(),
  assessedBy: z.string(),
  organisation: z.string(),
  needs: z.array(z.object({ domain: ZNeedDomain, level: ZNeedLevel, note: z.string().nullable() })),
  createdAt: ZInstant,
});
export type TAssessment = z.infer<typeof ZAssessment>;

// ——— Goals and actions ———

export const ZGoalCreate = z.object({ domain: ZNeedDomain, text: z.string().trim().min(3).max(2000) }).strict();
export type TGoalCreate = z.input<typeof ZGoalCreate>;
export const ZGoalUpdate = z
  .object({ version: z.number().int().min(1), status: ZGoalStatus.optional(), text: z.string().trim().min(3).max(2000).optional() })
  .strict();
export type TGoalUpdate = z.input<typeof ZGoalUpdate>;

export const ZGoal = z.object({
  id: ZId,
  domain: ZNeedDomain,
  text: z.string(),
  status: ZGoalStatus,
  createdBy: z.string(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
  version: z.number().int(),
});
export type TGoal = z.infer<typeof ZGoal>;

export const ZActionCreate = z
  .object({
    /** The goal the action serves (actions decided in a conference may stand on their own). */
    goalId: ZId.nullable().optional(),
    title: z.string().trim().min(3).max(500),
    /** Any active organisation; it gets a deadline when there is a due date. */
    responsibleOrganisationId: ZId,
    dueOn: ZDate.nullable().optional(),
  })
  .strict();
export type TActionCreate = z.input<typeof ZActionCreate>;

export const ZActionUpdate = z
  .object({
    version: z.number().int().min(1),
    status: ZActionStatus.optional(),
    title: z.string().trim().min(3).max(500).optional(),
    responsibleOrganisationId: ZId.optional(),
    dueOn: ZDate.nullable().optional(),
  })
  .strict();
export type TActionUpdate = z.input<typeof ZActionUpdate>;

export const ZAction = z.object({
  id: ZId,
  goalId: ZId.nullable(),
  /** Set when the action comes from a case conference decision. */
  conferenceId: ZId.nullable(),
  decisionId: ZId.nullable(),
  title: z.string(),
  responsibleOrganisation: ZRef,
  dueOn: z.string().nullable(),
  status: ZActionStatus,
  /** The deadline of the responsible organisation, while the action is open. */
  taskId: ZId.nullable(),
  createdBy: z.string(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
  completedAt: ZInstant.nullable(),
  version: z.number().int(),
  /** Whether the caller may change it (the managing organisation; the responsible one for the status). */
  canUpdate: z.boolean(),
});
export type TAction = z.infer<typeof ZAction>;

// ——— The plan ———

export const ZDurableSolutionUpdate = z
  .object({
    /** The plan's version (1 before anything was recorded). */
    version: z.number().int().min(1),
    track: ZDurableTrack,
    status: ZDurableStatus,
    note: ZNote.nullable().optional(),
  })
  .strict();
export type TDurableSolutionUpdate = z.input<typeof ZDurableSolutionUpdate>;

// ——— Steps of the durable-solution plan ———

export const ZDurableStepCreate = z
  .object({
    /** What is to be done (encrypted). */
    title: z.string().trim().min(3).max(500),
    /** Any active organisation (IOM, a consulate, the prefecture, the association…). */
    responsibleOrganisationId: ZId,
    dueOn: ZDate.nullable().optional(),
    note: ZNote.nullable().optional(),
    /** Where the step goes in the plan (1 = first); at the end when omitted. */
    position: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export type TDurableStepCreate = z.input<typeof ZDurableStepCreate>;

export const ZDurableStepUpdate = z
  .object({
    version: z.number().int().min(1),
    title: z.string().trim().min(3).max(500).optional(),
    responsibleOrganisationId: ZId.optional(),
    dueOn: ZDate.nullable().optional(),
    status: ZDurableStepStatus.optional(),
    note: ZNote.nullable().optional(),
    /** Moves the step to this place (the others shift). */
    position: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export type TDurableStepUpdate = z.input<typeof ZDurableStepUpdate>;

export const ZDurableStep = z.object({
  id: ZId,
  /** 1, 2, 3… in the plan's order. */
  position: z.number().int(),
  /** The track the step was added for (the plan's track at the time). */
  track: ZDurableTrack,
  title: z.string(),
  responsibleOrganisation: ZRef,
  dueOn: z.string().nullable(),
  status: ZDurableStepStatus,
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
  completedAt: ZInstant.nullable(),
  version: z.number().int(),
  /** Whether the caller may change it (the managing organisation; the responsible one for the status). */
  canUpdate: z.boolean(),
});
export type TDurableStep = z.infer<typeof ZDurableStep>;

export const ZCarePlan = z.object({
  caseId: ZId,
  version: z.number().int(),
  durableSolution: z.object({
    track: ZDurableTrack,
    status: ZDurableStatus,
    note: z.string().nullable(),
    updatedBy: z.string().nullable(),
    updatedAt: ZInstant.nullable(),
    /** The plan's steps, in order. */
    steps: z.array(ZDurableStep),
  }),
  /** Newest first. */
  assessments: z.array(ZAssessment),
  goals: z.array(ZGoal),
  actions: z.array(ZAction),
  abilities: z.object({ edit: z.boolean() }),
});
export type TCarePlan = z.infer<typeof ZCarePlan>;

// ——— Case conferences ———

export const ZConferenceCreate = z
  .object({
    heldOn: ZDate,
    /** Organisations present (a participant without a grant still sees nothing of the case). */
    participantOrganisationIds: z.array(ZId).min(1).max(30),
    /** Names of the people present (encrypted). */
    participantNames: z.array(ZPlainName(200, 2)).max(50).default([]),
    minutes: z.string().trim().min(3).max(20000),
    decisions: z.array(z.string().trim().min(3).max(2000)).max(30).default([]),
  })
  .strict();
export type TConferenceCreate = z.input<typeof ZConferenceCreate>;

/** A decision becomes a care-plan action (linked to the conference). */
export const ZDecisionToAction = z
  .object({
    goalId: ZId.nullable().optional(),
    /** Defaults to the decision's text. */
    title: z.string().trim().min(3).max(500).optional(),
    responsibleOrganisationId: ZId,
    dueOn: ZDate.nullable().optional(),
  })
  .strict();
export type TDecisionToAction = z.input<typeof ZDecisionToAction>;

/** …or a deadline (task) of one organisation. */
export const ZDecisionToTask = z.object({ assigneeOrganisationId: ZId, dueOn: ZDate }).strict();
export type TDecisionToTask = z.input<typeof ZDecisionToTask>;

export const ZConferenceDecision = z.object({
  id: ZId,
  text: z.string(),
  actionId: ZId.nullable(),
  taskId: ZId.nullable(),
});

export const ZConference = z.object({
  id: ZId,
  caseId: ZId,
  heldOn: z.string(),
  participantOrganisations: z.array(ZRef),
  participantNames: z.array(z.string()),
  minutes: z.string(),
  decisions: z.array(ZConferenceDecision),
  recordedBy: z.string(),
  createdAt: ZInstant,
});
export type TConference = z.infer<typeof ZConference>;
export const ZConferenceList = z.object({ items: z.array(ZConference), canRecord: z.boolean() });
