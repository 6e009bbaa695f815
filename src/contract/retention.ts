/**
 * The data-protection lifecycle as the administrator sees it: the retention schedule (policy, configurable),
 * what is due now and by the end of the month, what is held and why, and the runs with what each did.
 * No personal data: records appear as counts, runs list record ids only.
 */
import { z } from 'zod';
import { ZId, ZInstant } from './common';

export const RETENTION_KINDS = ['case', 'screening', 'attachment', 'referral', 'justice', 'anonymous_notification', 'export', 'audit', 'session'] as const;
export const RETENTION_CLOCKS = ['case_closed', 'referral_ended', 'proceeding_final', 'created', 'export_created', 'last_activity'] as const;
export const RETENTION_ACTIONS = ['anonymise', 'delete', 'review'] as const;
export const ZRetentionKind = z.enum(RETENTION_KINDS);
export const ZRetentionAction = z.enum(RETENTION_ACTIONS);

export const ZRetentionRuleView = z.object({
  kind: ZRetentionKind,
  clock: z.enum(RETENTION_CLOCKS),
  months: z.number().int().nullable(),
  days: z.number().int().nullable(),
  action: ZRetentionAction,
  /** Due now (the run would act on them, or list them for review). */
  dueNow: z.number().int(),
  /** Due by the end of the current month (includes those due now). */
  dueThisMonth: z.number().int(),
  /** Past their period but kept by a hold (open proceeding, pending appeal, a request from the person). */
  held: z.number().int(),
});

export const ZRetentionRunView = z.object({
  id: ZId,
  trigger: z.enum(['schedule', 'manual']),
  /** The name of whoever started it by hand; null for the daily run. */
  startedBy: z.string().nullable(),
  startedAt: ZInstant,
  finishedAt: ZInstant.nullable(),
  status: z.enum(['running', 'done', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  report: z.array(z.object({ kind: ZRetentionKind, action: ZRetentionAction, due: z.number().int(), done: z.number().int() })),
  error: z.string().nullable(),
});

/** Starting a run takes nothing: the schedule says what to do. */
export const ZRetentionRunStart = z.object({}).strict().default({});

export const ZRetentionOverview = z.object({
  notes: z.string(),
  runAtHour: z.number().int(),
  rules: z.array(ZRetentionRuleView),
  runs: z.array(ZRetentionRunView),
});
export type TRetentionOverview = z.infer<typeof ZRetentionOverview>;
export type TRetentionRunView = z.infer<typeof ZRetentionRunView>;
