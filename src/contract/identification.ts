/**
 * Identification: the status decided by the competent authority (separate from screening), the
 * immediate-needs and risk assessment, deadlines (tasks) and anonymous notifications.
 */
import { z } from 'zod';
import { inCategory } from './disclosure';
import { ZCountryCode, ZDate, ZId, ZInstant, ZRegionCode, ZSex } from './common';
import { ZExploitationForm, ZIdentificationChannel } from './reference';
import { REFERRAL_NOTIFICATION_KINDS } from './referrals';

export const IDENTIFICATION_STATUSES = ['presumed', 'identified', 'not_victim', 'withdrawn'] as const;
export const ZIdentificationStatus = z.enum(IDENTIFICATION_STATUSES);
export type TIdentificationStatus = z.infer<typeof ZIdentificationStatus>;

export const EVIDENCE_KINDS = ['screening', 'interview', 'police_report', 'labour_inspection_report', 'medical_report', 'social_report', 'documents', 'witness', 'other'] as const;

/** Ask the competent authority for an identification decision: the chosen authority gets access to the case. */
export const ZIdentificationRequest = z
  .object({
    /** The case's identification version read by the sender (two requests at once, or one after a colleague's → 409). */
    identificationVersion: z.number().int().min(1),
    decidingOrganisationId: ZId,
    message: z.string().trim().max(5000).optional(),
  })
  .strict();

export const ZDecisionCreate = z
  .object({
    /** The case's identification version read by the decider (two decisions at once → 409). */
    identificationVersion: z.number().int().min(1),
    status: z.enum(['identified', 'not_victim', 'withdrawn']),
    reasons: z.string().trim().min(10).max(10000),
    evidence: z.array(z.enum(EVIDENCE_KINDS)).min(1).max(EVIDENCE_KINDS.length),
  })
  .strict();

export const ZDecisionReview = z.object({ identificationVersion: z.number().int().min(1), confirm: z.boolean(), comment: z.string().trim().max(5000).optional() }).strict();
export const ZReconsiderationRequest = z.object({ identificationVersion: z.number().int().min(1), grounds: z.string().trim().min(10).max(10000) }).strict();

export const ZDecision = z.object({
  id: ZId,
  status: z.enum(['identified', 'not_victim', 'withdrawn']),
  /** A negative decision waits for a second reviewer before it takes effect. */
  state: z.enum(['pending_review', 'final', 'rejected_by_reviewer', 'superseded']),
  /** The decision's reasons and who decided: for the managing organisation and the deciding authority only. */
  reasons: inCategory('manager', z.string()),
  evidence: inCategory('exploitation_story', z.array(z.string())),
  decidingOrganisation: z.string(),
  decidedBy: inCategory('manager', z.string()),
  reviewedBy: inCategory('manager', z.string().nullable()),
  reviewComment: inCategory('manager', z.string().nullable()),
  reconsiderationGrounds: inCategory('manager', z.string().nullable()),
  createdAt: ZInstant,
  reviewedAt: ZInstant.nullable(),
});

export const ZIdentificationState = z.object({
  caseId: ZId,
  status: ZIdentificationStatus,
  identificationVersion: z.number().int(),
  requestedFrom: z.object({ id: ZId, name: z.string() }).nullable(),
  requestedAt: ZInstant.nullable(),
  reconsiderationRequested: z.boolean(),
  decisions: z.array(ZDecision),
  abilities: z.object({ request: z.boolean(), decide: z.boolean(), review: z.boolean(), requestReconsideration: z.boolean() }),
});
export type TIdentificationState = z.infer<typeof ZIdentificationState>;

export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export const ZRiskLevel = z.enum(RISK_LEVELS);
export const CHILD_RISKS = ['unaccompanied', 'no_guardian', 'out_of_school', 'in_exploiter_custody', 'family_involved', 'missing_before'] as const;

export const ZRiskAssessmentCreate = z
  .object({
    safetyRiskPerson: ZRiskLevel,
    safetyRiskFamily: ZRiskLevel,
    urgentMedicalNeeds: z.boolean(),
    urgentNeeds: z.array(z.enum(['shelter', 'medical', 'psychological', 'food_clothing', 'interpretation', 'legal', 'child_protection'])).max(7).default([]),
    childRisks: z.array(z.enum(CHILD_RISKS)).max(CHILD_RISKS.length).default([]),
    notes: z.string().trim().max(10000).optional(),
  })
  .strict();
export const ZRiskAssessment = z.object({
  id: ZId,
  /** Threats to the person and the family come from the exploitation: part of the story. */
  safetyRiskPerson: inCategory('exploitation_story', ZRiskLevel),
  safetyRiskFamily: inCategory('exploitation_story', ZRiskLevel),
  urgentMedicalNeeds: inCategory('health', z.boolean()),
  urgentNeeds: z.array(z.string()),
  childRisks: inCategory('exploitation_story', z.array(z.string())),
  /** The highest of the risks: drives the urgency of what follows (shared with every organisation that helps). */
  riskLevel: ZRiskLevel,
  /** The assessor's free text: never shared. */
  notes: inCategory('manager', z.string().nullable()),
  assessedBy: inCategory('manager', z.string()),
  createdAt: ZInstant,
});
export const ZRiskAssessmentList = z.object({ items: z.array(ZRiskAssessment) });

export const ZTask = z.object({
  id: ZId,
  /** Null for a deadline about no case (an action-plan progress report). */
  caseId: ZId.nullable(),
  caseReference: z.string().nullable(),
  rule: z.string(),
  status: z.enum(['open', 'done', 'cancelled']),
  /** Whether the due date may be moved (with a reason), per the timeline rules. */
  extendable: z.boolean(),
  dueAt: ZInstant,
  remindAt: ZInstant.nullable(),
  assigneeOrganisation: z.object({ id: ZId, name: z.string() }),
  assigneeUser: z.object({ id: ZId, name: z.string() }).nullable(),
  overdue: z.boolean(),
  remindedAt: ZInstant.nullable(),
  escalatedAt: ZInstant.nullable(),
  completedAt: ZInstant.nullable(),
  /** What the deadline is about when not the case as a whole (e.g. a referral or a hearing). */
  subject: z.object({ type: z.string(), id: ZId }).nullable(),
  version: z.number().int(),
  changes: z.array(z.object({ fromDueAt: ZInstant, toDueAt: ZInstant, reason: z.string(), by: z.string(), at: ZInstant })),
});
export type TTask = z.infer<typeof ZTask>;
export const ZTaskList = z.object({ items: z.array(ZTask) });
export const ZTaskQuery = z.object({
  scope: z.enum(['mine', 'organisation']).default('mine'),
  overdue: z.enum(['true', 'false']).optional(),
  caseId: ZId.optional(),
  status: z.enum(['open', 'done', 'cancelled']).default('open'),
});
export const ZTaskUpdate = z
  .object({
    version: z.number().int().min(1),
    status: z.enum(['done', 'cancelled']).optional(),
    /** Extending a deadline (e.g. the reflection period) needs a reason; the earlier due date is kept in the history. */
    dueOn: ZDate.optional(),
    reason: z.string().trim().min(5).max(2000).optional(),
    assigneeUserId: ZId.nullable().optional(),
  })
  .strict()
  .refine((v) => !v.dueOn || !!v.reason, { path: ['reason'], message: 'reason_required' });

export const ZNotification = z.object({
  id: ZId,
  kind: z.enum([
    'task_reminder', 'task_escalation', 'identification_requested', 'identification_decided', 'decision_review_requested', 'reconsideration_requested',
    ...REFERRAL_NOTIFICATION_KINDS, 'hearing_scheduled', 'victim_prosecuted', 'victim_contact_revealed',
  ]),
  caseId: ZId.nullable(),
  caseReference: z.string().nullable(),
  taskId: ZId.nullable(),
  createdAt: ZInstant,
  readAt: ZInstant.nullable(),
});
export const ZNotificationList = z.object({ items: z.array(ZNotification), unread: z.number().int() });

/** An adult who does not consent to a referral is still counted, without identifying data. */
export const ZAnonymousNotificationCreate = z
  .object({
    sex: ZSex,
    ageGroup: z.enum(['child', 'adult', 'unknown']),
    nationality: ZCountryCode.optional(),
    exploitationForms: z.array(ZExploitationForm).max(12).default([]),
    regionCode: ZRegionCode.optional(),
    identifiedOn: ZDate,
    identificationChannel: ZIdentificationChannel,
  })
  .strict();
export const ZAnonymousNotification = ZAnonymousNotificationCreate.extend({ id: ZId, organisation: z.string(), createdAt: ZInstant });
export const ZAnonymousNotificationList = z.object({ items: z.array(ZAnonymousNotification) });
