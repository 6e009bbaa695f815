/**
 * The commission's registers. First: recommendations adopted at a commission meeting, a study day or a
 * workshop, addressed to organisations, and their follow-up over time. (The national action plan and the
 * prevention and partnership activities come next; `linkedActions` points at plan actions.)
 */
import { z } from 'zod';
import { ZDate, ZId, ZInstant, ZRef } from './common';

export const RECOMMENDATION_SOURCES = ['commission_meeting', 'study_day', 'workshop'] as const;
export const RECOMMENDATION_STATUSES = ['adopted', 'in_progress', 'implemented', 'partially_implemented', 'not_implemented', 'withdrawn'] as const;
export const ZRecommendationStatus = z.enum(RECOMMENDATION_STATUSES);

export const ZRecommendationCreate = z
  .object({
    sourceType: z.enum(RECOMMENDATION_SOURCES),
    sourceEvent: z.string().trim().min(3).max(300),
    adoptedOn: ZDate,
    textFr: z.string().trim().min(10).max(5000),
    textAr: z.string().trim().min(10).max(5000),
    addressedTo: z.array(ZId).min(1).max(50),
  })
  .strict();

export const ZRecommendationUpdate = z
  .object({
    version: z.number().int().min(1),
    status: ZRecommendationStatus.optional(),
    /** Why the status changed (kept in the follow-up history). */
    note: z.string().trim().max(2000).optional(),
    textFr: z.string().trim().min(10).max(5000).optional(),
    textAr: z.string().trim().min(10).max(5000).optional(),
    addressedTo: z.array(ZId).min(1).max(50).optional(),
    /** Plan actions the recommendation is followed up through (validated plan action ids). */
    linkedActions: z.array(ZId).max(50).optional(),
  })
  .strict();

export const ZRecommendation = z.object({
  id: ZId,
  reference: z.string(),
  sourceType: z.enum(RECOMMENDATION_SOURCES),
  sourceEvent: z.string(),
  adoptedOn: z.string(),
  textFr: z.string(),
  textAr: z.string(),
  addressedTo: z.array(ZRef),
  linkedActions: z.array(ZId),
  status: ZRecommendationStatus,
  version: z.number().int(),
  followUps: z.array(z.object({ fromStatus: ZRecommendationStatus.nullable(), toStatus: ZRecommendationStatus, note: z.string().nullable(), by: z.string(), at: ZInstant })),
  canEdit: z.boolean(),
  updatedAt: ZInstant,
});
export type TRecommendation = z.infer<typeof ZRecommendation>;
export const ZRecommendationList = z.object({ items: z.array(ZRecommendation) });
export const ZRecommendationQuery = z.object({ status: ZRecommendationStatus.optional() });

// ---------------------------------------------------------------------------------------------------------
// The national action plan: plan → objectives (under a pillar) → actions (lead + partners, budget, dates)
// → indicators (unit, frequency, baseline, targets per year); progress reports per action × period.
// ---------------------------------------------------------------------------------------------------------

export const PLAN_PILLARS = ['prevention', 'protection', 'prosecution', 'partnerships'] as const;
export const ZPlanPillar = z.enum(PLAN_PILLARS);
export const PLAN_STATUSES = ['draft', 'adopted'] as const;
export const ZPlanStatus = z.enum(PLAN_STATUSES);
export const ACTION_STATUSES = ['not_started', 'on_track', 'delayed', 'completed', 'cancelled'] as const;
export const ZActionStatus = z.enum(ACTION_STATUSES);
export type TActionStatus = z.infer<typeof ZActionStatus>;
export const INDICATOR_UNITS = ['count', 'percent', 'yes_no', 'amount_mad'] as const;
export const ZIndicatorUnit = z.enum(INDICATOR_UNITS);
export type TIndicatorUnit = z.infer<typeof ZIndicatorUnit>;
export const INDICATOR_FREQUENCIES = ['annual', 'semester', 'quarterly'] as const;
export const ZIndicatorFrequency = z.enum(INDICATOR_FREQUENCIES);
export type TIndicatorFrequency = z.infer<typeof ZIndicatorFrequency>;
export const REPORT_STATUSES = ['draft', 'submitted', 'validated', 'returned'] as const;
export const ZReportStatus = z.enum(REPORT_STATUSES);
/** Evidence files: PDF, images, office documents; at most 10 MB. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MIME_TYPES = [
  'application/pdf', 'image/jpeg', 'image/png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;

/** A reporting period: a year (`2026`), a semester (`2026-S1`) or a quarter (`2026-Q2`). */
export const ZPeriod = z.string().regex(/^\d{4}(-S[12]|-Q[1-4])?$/, 'period');
// The length is in the pattern too: the API documentation builds its examples from the pattern, and an
// unbounded `+` with a maximum length sent its example generator into a loop (the page stopped rendering).
const ZCode = z.string().trim().min(1).max(30).regex(/^[A-Za-z0-9._-]{1,30}$/, 'code');
const ZTitle = z.string().trim().min(3).max(500);
const ZYear = z.number().int().min(2000).max(2100);
/** Indicator values, baselines and targets: a number (the unit decides what is allowed). */
const ZValue = z.number().finite();

export const ZPlanCreate = z
  .object({ code: ZCode, titleFr: ZTitle, titleAr: ZTitle, titleEn: ZTitle, startYear: ZYear, endYear: ZYear })
  .strict();
export const ZPlanUpdate = z
  .object({ version: z.number().int().min(1), titleFr: ZTitle.optional(), titleAr: ZTitle.optional(), titleEn: ZTitle.optional(), startYear: ZYear.optional(), endYear: ZYear.optional(), status: ZPlanStatus.optional() })
  .strict();

export const ZObjectiveCreate = z.object({ pillar: ZPlanPillar, code: ZCode, titleFr: ZTitle, titleAr: ZTitle }).strict();
export const ZObjectiveUpdate = z.object({ version: z.number().int().min(1), pillar: ZPlanPillar.optional(), titleFr: ZTitle.optional(), titleAr: ZTitle.optional() }).strict();

export const ZActionCreate = z
  .object({
    code: ZCode,
    titleFr: ZTitle,
    titleAr: ZTitle,
    leadOrganisationId: ZId,
    partnerOrganisationIds: z.array(ZId).max(30).default([]),
    /** Budget in minor units (centimes) of MAD. */
    budgetMinor: z.number().int().min(0).max(1e15).nullable().default(null),
    currency: z.literal('MAD').default('MAD'),
    startDate: ZDate,
    endDate: ZDate,
    status: ZActionStatus.default('not_started'),
  })
  .strict();
export const ZActionUpdate = z
  .object({
    version: z.number().int().min(1),
    titleFr: ZTitle.optional(),
    titleAr: ZTitle.optional(),
    leadOrganisationId: ZId.optional(),
    partnerOrganisationIds: z.array(ZId).max(30).optional(),
    budgetMinor: z.number().int().min(0).max(1e15).nullable().optional(),
    startDate: ZDate.optional(),
    endDate: ZDate.optional(),
    status: ZActionStatus.optional(),
  })
  .strict();

export const ZTarget = z.object({ year: ZYear, value: ZValue }).strict();
export const ZIndicatorCreate = z
  .object({
    code: ZCode,
    titleFr: ZTitle,
    titleAr: ZTitle,
    unit: ZIndicatorUnit,
    frequency: ZIndicatorFrequency,
    baselineValue: ZValue.nullable().default(null),
    baselineYear: ZYear.nullable().default(null),
    targets: z.array(ZTarget).max(40).default([]),
  })
  .strict();
export const ZIndicatorUpdate = z
  .object({
    version: z.number().int().min(1),
    titleFr: ZTitle.optional(),
    titleAr: ZTitle.optional(),
    baselineValue: ZValue.nullable().optional(),
    baselineYear: ZYear.nullable().optional(),
    /** Replaces every target. */
    targets: z.array(ZTarget).max(40).optional(),
  })
  .strict();

export const ZIndicator = z.object({
  id: ZId,
  actionId: ZId,
  code: z.string(),
  titleFr: z.string(),
  titleAr: z.string(),
  unit: ZIndicatorUnit,
  frequency: ZIndicatorFrequency,
  baselineValue: z.number().nullable(),
  baselineYear: z.number().int().nullable(),
  targets: z.array(z.object({ year: z.number().int(), value: z.number() })),
  /** The latest validated value and its period, if any. */
  latestValidated: z.object({ period: z.string(), value: z.number() }).nullable(),
  version: z.number().int(),
});
export type TIndicator = z.infer<typeof ZIndicator>;

export const ZPlanAction = z.object({
  id: ZId,
  planId: ZId,
  objectiveId: ZId,
  pillar: ZPlanPillar,
  code: z.string(),
  titleFr: z.string(),
  titleAr: z.string(),
  lead: ZRef,
  partners: z.array(ZRef),
  budgetMinor: z.number().int().nullable(),
  currency: z.literal('MAD'),
  startDate: z.string(),
  endDate: z.string(),
  status: ZActionStatus,
  /** The status of the latest validated progress report (null before the first). */
  reportedStatus: ZActionStatus.nullable(),
  indicators: z.array(ZIndicator),
  version: z.number().int(),
  /** The caller's organisation leads this action and the caller is one of its focal points. */
  canReport: z.boolean(),
});
export type TPlanAction = z.infer<typeof ZPlanAction>;

export const ZObjective = z.object({
  id: ZId,
  pillar: ZPlanPillar,
  code: z.string(),
  titleFr: z.string(),
  titleAr: z.string(),
  version: z.number().int(),
  actions: z.array(ZPlanAction),
});

export const ZPlanSummary = z.object({
  id: ZId,
  code: z.string(),
  titleFr: z.string(),
  titleAr: z.string(),
  titleEn: z.string(),
  startYear: z.number().int(),
  endYear: z.number().int(),
  status: ZPlanStatus,
  version: z.number().int(),
  updatedAt: ZInstant,
});
export const ZPlanList = z.object({ items: z.array(ZPlanSummary) });
export const ZPlan = ZPlanSummary.extend({ objectives: z.array(ZObjective), canEdit: z.boolean() });
export type TPlan = z.infer<typeof ZPlan>;

export const ZReportValue = z.object({ indicatorId: ZId, value: ZValue }).strict();
export const ZReportCreate = z
  .object({ period: ZPeriod, actionStatus: ZActionStatus, values: z.array(ZReportValue).max(50), narrative: z.string().trim().max(10000).default('') })
  .strict();
export const ZReportUpdate = z
  .object({ version: z.number().int().min(1), actionStatus: ZActionStatus.optional(), values: z.array(ZReportValue).max(50).optional(), narrative: z.string().trim().max(10000).optional() })
  .strict();
export const REPORT_TRANSITIONS = ['submit', 'validate', 'return'] as const;
export const ZReportTransition = z
  .object({ version: z.number().int().min(1), action: z.enum(REPORT_TRANSITIONS), /** Required to return a report. */ note: z.string().trim().max(2000).optional() })
  .strict();
export const ZReportQuery = z.object({ status: ZReportStatus.optional(), actionId: ZId.optional() });

export const ZProgressReport = z.object({
  id: ZId,
  actionId: ZId,
  actionCode: z.string(),
  actionTitleFr: z.string(),
  actionTitleAr: z.string(),
  period: z.string(),
  organisation: ZRef,
  status: ZReportStatus,
  actionStatus: ZActionStatus,
  values: z.array(z.object({ indicatorId: ZId, code: z.string(), unit: ZIndicatorUnit, value: z.number() })),
  narrative: z.string(),
  reviewNote: z.string().nullable(),
  evidence: z.object({ id: ZId, fileName: z.string(), mimeType: z.string(), sizeBytes: z.number().int() }).nullable(),
  submittedAt: ZInstant.nullable(),
  reviewedAt: ZInstant.nullable(),
  version: z.number().int(),
  canEdit: z.boolean(),
  canReview: z.boolean(),
  updatedAt: ZInstant,
});
export type TProgressReport = z.infer<typeof ZProgressReport>;
export const ZProgressReportList = z.object({ items: z.array(ZProgressReport) });

/** What a focal point has to send: each (action, period) of its organisation that has started, and its report if any. */
export const ZReportDue = z.object({
  actionId: ZId,
  actionCode: z.string(),
  actionTitleFr: z.string(),
  actionTitleAr: z.string(),
  period: z.string(),
  reportId: ZId.nullable(),
  reportStatus: ZReportStatus.nullable(),
});
export const ZReportDueList = z.object({ items: z.array(ZReportDue) });

/** The annual report's action-plan figures: per pillar, actions by latest validated status; per indicator, target vs latest validated value. */
export const ZProgressSummary = z.object({
  year: z.number().int(),
  pillars: z.array(
    z.object({
      pillar: ZPlanPillar,
      actions: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
      indicators: z.array(z.object({ id: ZId, code: z.string(), titleFr: z.string(), titleAr: z.string(), unit: ZIndicatorUnit, target: z.number().nullable(), validated: z.number().nullable(), period: z.string().nullable() })),
    }),
  ),
});
export type TProgressSummary = z.infer<typeof ZProgressSummary>;

export const ZActionDetail = ZPlanAction.extend({
  recommendations: z.array(z.object({ id: ZId, reference: z.string(), textFr: z.string(), textAr: z.string(), status: ZRecommendationStatus })),
  /** Whether the caller may see the action's progress reports (secretariat, lead and partner organisations). */
  mayReadReports: z.boolean(),
});
export type TActionDetail = z.infer<typeof ZActionDetail>;

/** The result of an XLSX import: the draft plan created or updated, and what it now holds. */
export const ZPlanImportResult = z.object({
  planId: ZId,
  created: z.boolean(),
  counts: z.object({ objectives: z.number().int(), actions: z.number().int(), indicators: z.number().int(), targets: z.number().int() }),
});
export type TPlanImportResult = z.infer<typeof ZPlanImportResult>;
export const PLAN_XLSX_MAX_BYTES = 5 * 1024 * 1024;
