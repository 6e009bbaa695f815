/**
 * The national action plan: the secretariat builds the structure (plan → objectives under a pillar →
 * actions → indicators with targets per year); the lead organisation's focal points report progress per
 * action and period; the secretariat validates or returns reports. Everything is checked before the first
 * write (field codes), every update carries a version (stale → 409), every write is audited.
 */
import type { z } from 'zod';
import type {
  TIndicator,
  TPlan,
  TPlanAction,
  TProgressReport,
  TProgressSummary,
  ZActionCreate,
  ZActionUpdate,
  ZIndicatorCreate,
  ZIndicatorUpdate,
  ZObjectiveCreate,
  ZObjectiveUpdate,
  ZPlanCreate,
  ZPlanUpdate,
  ZReportCreate,
  ZReportTransition,
  ZReportUpdate,
} from '../../../contract/actionplan';
import { PLAN_PILLARS } from '../../../contract/actionplan';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { ActionPlansTable, PlanActionsTable, PlanIndicatorsTable, PlanReportsTable } from '../../platform/db/schema';
import { AppError, type FieldError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { auditRead, recordAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { endOfLocalDay, localDate, startOfLocalDayBefore } from '../timelines/calendar';
import { onSubjectTaskClosed, timelinesService } from '../timelines/timelines.service';
import { actionplanConfig, reportDueDate } from './actionplan.config';
import { actionplanPolicy as policy } from './actionplan.policy';
import { planRepository as repo } from './actionplan.repository';
import { actionFrequencies, parsePeriod, periodsOf, validForUnit } from './periods';

const num = (s: string | null) => (s === null ? null : Number(s));
const fail = (errors: FieldError[]) => {
  if (errors.length) throw AppError.validation(errors);
};
/** Orders periods by their last day (a year ends with its fourth quarter). */
const byEnd = (a: string, b: string) => (parsePeriod(a)!.end < parsePeriod(b)!.end ? -1 : parsePeriod(a)!.end > parsePeriod(b)!.end ? 1 : a.length - b.length);

async function organisationErrors(trx: Tx, ids: { path: string; id: string }[]): Promise<FieldError[]> {
  const found = new Map((await repo.organisations(trx, ids.map((x) => x.id))).map((o) => [o.id, o]));
  return ids.flatMap((x) => (found.get(x.id)?.active === 1 ? [] : [{ path: x.path, code: 'unknown_organisation' as const }]));
}

function dateErrors(plan: Pick<ActionPlansTable, 'start_year' | 'end_year'>, start: string, end: string): FieldError[] {
  const errors: FieldError[] = [];
  if (end < start) errors.push({ path: 'endDate', code: 'end_before_start' });
  if (start < `${plan.start_year}-01-01` || start > `${plan.end_year}-12-31`) errors.push({ path: 'startDate', code: 'date_outside_plan' });
  if (end < `${plan.start_year}-01-01` || end > `${plan.end_year}-12-31`) errors.push({ path: 'endDate', code: 'date_outside_plan' });
  return errors;
}

function indicatorErrors(
  plan: Pick<ActionPlansTable, 'start_year' | 'end_year'>,
  unit: string,
  i: { baselineValue?: number | null; baselineYear?: number | null; targets?: { year: number; value: number }[] },
): FieldError[] {
  const errors: FieldError[] = [];
  if (i.baselineValue !== undefined && i.baselineValue !== null && !validForUnit(unit, i.baselineValue)) errors.push({ path: 'baselineValue', code: 'value_invalid_for_unit' });
  if (i.baselineYear !== undefined && i.baselineYear !== null && i.baselineYear > plan.end_year) errors.push({ path: 'baselineYear', code: 'year_outside_plan' });
  const seen = new Set<number>();
  (i.targets ?? []).forEach((t, n) => {
    if (t.year < plan.start_year || t.year > plan.end_year) errors.push({ path: `targets.${n}.year`, code: 'year_outside_plan' });
    else if (seen.has(t.year)) errors.push({ path: `targets.${n}.year`, code: 'duplicate_year' });
    seen.add(t.year);
    if (!validForUnit(unit, t.value)) errors.push({ path: `targets.${n}.value`, code: 'value_invalid_for_unit' });
  });
  return errors;
}

async function planOrThrow(trx: Tx, id: string): Promise<ActionPlansTable> {
  const plan = await repo.plan(trx, id);
  if (!plan) throw AppError.notFound();
  return plan;
}

type Tree = { plan: ActionPlansTable; actions: TPlanAction[]; objectives: TPlan['objectives'] };

async function tree(trx: Tx, actor: Actor, plan: ActionPlansTable): Promise<Tree> {
  const [objectives, actions, indicators, validated, reports] = await Promise.all([
    repo.objectives(trx, plan.id),
    repo.actions(trx, plan.id),
    repo.indicators(trx, plan.id),
    repo.validatedValues(trx, plan.id),
    repo.validatedReports(trx, plan.id),
  ]);
  const [partners, targets, leads] = await Promise.all([
    repo.partners(trx, actions.map((a) => a.id)),
    repo.targets(trx, indicators.map((i) => i.id)),
    repo.organisations(trx, [...new Set(actions.map((a) => a.lead_org_id))]),
  ]);
  const leadName = new Map(leads.map((o) => [o.id, o.name]));
  const pillarOf = new Map(objectives.map((o) => [o.id, o.pillar]));
  const latest = new Map<string, { period: string; value: number }>();
  for (const v of [...validated].sort((a, b) => byEnd(a.period, b.period))) latest.set(v.indicator_id, { period: v.period, value: Number(v.value) });
  const reported = new Map<string, string>();
  for (const r of [...reports].sort((a, b) => byEnd(a.period, b.period) || (a.reviewed_at ?? '').localeCompare(b.reviewed_at ?? ''))) reported.set(r.action_id, r.action_status);
  const presentIndicator = (i: PlanIndicatorsTable): TIndicator => ({
    id: i.id,
    actionId: i.action_id,
    code: i.code,
    titleFr: i.title_fr,
    titleAr: i.title_ar,
    unit: i.unit as TIndicator['unit'],
    frequency: i.frequency as TIndicator['frequency'],
    baselineValue: num(i.baseline_value),
    baselineYear: i.baseline_year,
    targets: targets.filter((t) => t.indicator_id === i.id).map((t) => ({ year: t.year, value: Number(t.value) })),
    latestValidated: latest.get(i.id) ?? null,
    version: i.version,
  });
  const presentAction = (a: PlanActionsTable): TPlanAction => ({
    id: a.id,
    planId: a.plan_id,
    objectiveId: a.objective_id,
    pillar: pillarOf.get(a.objective_id) as TPlanAction['pillar'],
    code: a.code,
    titleFr: a.title_fr,
    titleAr: a.title_ar,
    lead: { id: a.lead_org_id, name: leadName.get(a.lead_org_id) ?? '' },
    partners: partners.filter((p) => p.action_id === a.id).map((p) => ({ id: p.organisation_id, name: p.name })),
    budgetMinor: a.budget_minor === null ? null : Number(a.budget_minor),
    currency: 'MAD',
    startDate: a.start_date,
    endDate: a.end_date,
    status: a.status as TPlanAction['status'],
    reportedStatus: (reported.get(a.id) as TPlanAction['status'] | undefined) ?? null,
    indicators: indicators.filter((i) => i.action_id === a.id).map(presentIndicator),
    version: a.version,
    canReport: policy.focalPoint(actor, a.lead_org_id),
  });
  const presented = actions.map(presentAction);
  const order = new Map(PLAN_PILLARS.map((p, i) => [p as string, i]));
  return {
    plan,
    actions: presented,
    objectives: [...objectives]
      .sort((a, b) => order.get(a.pillar)! - order.get(b.pillar)! || a.code.localeCompare(b.code))
      .map((o) => ({ id: o.id, pillar: o.pillar as TPlanAction['pillar'], code: o.code, titleFr: o.title_fr, titleAr: o.title_ar, version: o.version, actions: presented.filter((a) => a.objectiveId === o.id) })),
  };
}

const summary = (p: ActionPlansTable) => ({
  id: p.id, code: p.code, titleFr: p.title_fr, titleAr: p.title_ar, titleEn: p.title_en, startYear: p.start_year, endYear: p.end_year,
  status: p.status as TPlan['status'], version: p.version, updatedAt: p.updated_at,
});

async function readAction(trx: Tx, actor: Actor, id: string): Promise<{ action: PlanActionsTable; plan: ActionPlansTable; presented: TPlanAction }> {
  const action = await repo.action(trx, id);
  if (!action) throw AppError.notFound();
  const plan = await planOrThrow(trx, action.plan_id);
  const t = await tree(trx, actor, plan);
  return { action, plan, presented: t.actions.find((a) => a.id === id)! };
}

/** Whether the caller may see an action's reports (secretariat, lead, partners). */
async function mayReadReports(trx: Tx, actor: Actor, action: Pick<PlanActionsTable, 'id' | 'lead_org_id'>): Promise<boolean> {
  if (policy.manage(actor) || actor.organisationId === action.lead_org_id) return true;
  const partners = await repo.partners(trx, [action.id]);
  return policy.readReports(actor, action.lead_org_id, partners.map((p) => p.organisation_id));
}

async function presentReports(p: Platform, trx: Tx, actor: Actor, rows: Awaited<ReturnType<typeof repo.reports>>): Promise<TProgressReport[]> {
  const ids = rows.map((r) => r.id);
  const [values, evidence] = await Promise.all([repo.reportValues(trx, ids), repo.evidence(trx, ids)]);
  return rows.map((r) => {
    const ev = evidence.find((e) => e.report_id === r.id);
    const focal = policy.focalPoint(actor, r.organisation_id);
    return {
      id: r.id,
      actionId: r.action_id,
      actionCode: r.action_code,
      actionTitleFr: r.action_title_fr,
      actionTitleAr: r.action_title_ar,
      period: r.period,
      organisation: { id: r.organisation_id, name: r.org_name },
      status: r.status as TProgressReport['status'],
      actionStatus: r.action_status as TProgressReport['actionStatus'],
      values: values.filter((v) => v.report_id === r.id).map((v) => ({ indicatorId: v.indicator_id, code: v.code, unit: v.unit as TIndicator['unit'], value: Number(v.value) })),
      narrative: r.narrative_enc ? p.keyring.decryptText(r.narrative_enc, `plan_reports.narrative_enc:${r.id}`) : '',
      reviewNote: r.review_note_enc ? p.keyring.decryptText(r.review_note_enc, `plan_reports.review_note_enc:${r.id}`) : null,
      evidence: ev ? { id: ev.id, fileName: p.keyring.decryptText(ev.file_name_enc, `plan_report_evidence.file_name_enc:${ev.id}`), mimeType: ev.mime_type, sizeBytes: Number(ev.size_bytes) } : null,
      submittedAt: r.submitted_at,
      reviewedAt: r.reviewed_at,
      version: r.version,
      canEdit: focal && (r.status === 'draft' || r.status === 'returned'),
      canReview: policy.manage(actor) && r.status === 'submitted',
      updatedAt: r.updated_at,
    };
  });
}

/** Checks a report's values against the action's indicators of the period's frequency. */
function valueErrors(indicators: PlanIndicatorsTable[], frequency: string, values: { indicatorId: string; value: number }[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  values.forEach((v, n) => {
    const ind = indicators.find((i) => i.id === v.indicatorId && i.frequency === frequency);
    if (!ind) errors.push({ path: `values.${n}.indicatorId`, code: 'unknown_indicator' });
    else if (seen.has(v.indicatorId)) errors.push({ path: `values.${n}.indicatorId`, code: 'duplicate_indicator' });
    else if (!validForUnit(ind.unit, v.value)) errors.push({ path: `values.${n}.value`, code: 'value_invalid_for_unit' });
    seen.add(v.indicatorId);
  });
  return errors;
}

/** A late progress report is a task about this subject (a `plan_report_deadlines` row), under this rule. */
export const SUBJECT_TYPE = 'plan_action_report';
export const REPORT_RULE = 'plan_action_report';
// A late-report task ends when the report is submitted, never by ticking it off on the task list.
onSubjectTaskClosed(SUBJECT_TYPE, async () => {
  throw AppError.validation([{ path: 'status', code: 'report_required' }]);
});

export const plansService = {
  async list(trx: Tx) {
    return (await repo.plans(trx)).map(summary);
  },

  async get(trx: Tx, actor: Actor, id: string): Promise<TPlan> {
    const t = await tree(trx, actor, await planOrThrow(trx, id));
    return { ...summary(t.plan), objectives: t.objectives, canEdit: policy.manage(actor) };
  },

  async create(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZPlanCreate>): Promise<TPlan> {
    if (!policy.manage(actor)) throw AppError.forbidden();
    const errors: FieldError[] = [];
    if (input.endYear < input.startYear) errors.push({ path: 'endYear', code: 'end_before_start' });
    if (await repo.planByCode(trx, input.code)) errors.push({ path: 'code', code: 'duplicate_code' });
    fail(errors);
    const now = nowIso();
    const row: ActionPlansTable = {
      id: newId(), code: input.code, title_fr: input.titleFr, title_ar: input.titleAr, title_en: input.titleEn, start_year: input.startYear, end_year: input.endYear,
      status: 'draft', version: 1, created_by: actor.userId, created_at: now, updated_at: now,
    };
    await trx.insertInto('action_plans').values(row).execute();
    await recordAudit(p, trx, actor, { action: 'plan.create', entityType: 'action_plan', entityId: row.id, details: { code: row.code } });
    return plansService.get(trx, actor, row.id);
  },

  async update(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZPlanUpdate>): Promise<TPlan> {
    if (!policy.manage(actor)) throw AppError.forbidden();
    const plan = await planOrThrow(trx, id);
    if (input.version !== plan.version) throw AppError.conflict(plan.version);
    const next = { start_year: input.startYear ?? plan.start_year, end_year: input.endYear ?? plan.end_year };
    const errors: FieldError[] = [];
    if (next.end_year < next.start_year) errors.push({ path: 'endYear', code: 'end_before_start' });
    else if (input.startYear !== undefined || input.endYear !== undefined) {
      // Actions and targets must stay within the plan's years.
      const outside = (await repo.actions(trx, id)).some((a) => dateErrors(next, a.start_date, a.end_date).length > 0);
      const targets = await repo.targets(trx, (await repo.indicators(trx, id)).map((i) => i.id));
      if (outside || targets.some((t) => t.year < next.start_year || t.year > next.end_year)) errors.push({ path: input.startYear !== undefined ? 'startYear' : 'endYear', code: 'date_outside_plan' });
    }
    fail(errors);
    const patch: Partial<ActionPlansTable> = { updated_at: nowIso(), ...next };
    if (input.titleFr !== undefined) patch.title_fr = input.titleFr;
    if (input.titleAr !== undefined) patch.title_ar = input.titleAr;
    if (input.titleEn !== undefined) patch.title_en = input.titleEn;
    if (input.status !== undefined) patch.status = input.status;
    if (!(await repo.update(trx, 'action_plans', id, plan.version, patch))) throw await versionConflict(trx, 'action_plans', id);
    await recordAudit(p, trx, actor, { action: 'plan.update', entityType: 'action_plan', entityId: id, details: { changed: Object.keys(input).filter((k) => k !== 'version'), ...(input.status && input.status !== plan.status ? { from: plan.status, to: input.status } : {}) } });
    return plansService.get(trx, actor, id);
  },

  async createObjective(p: Platform, trx: Tx, actor: Actor, planId: string, input: z.output<typeof ZObjectiveCreate>) {
    if (!policy.manage(actor)) throw AppError.forbidden();
    await planOrThrow(trx, planId);
    if ((await repo.objectives(trx, planId)).some((o) => o.code === input.code)) fail([{ path: 'code', code: 'duplicate_code' }]);
    const now = nowIso();
    const id = newId();
    await trx.insertInto('plan_objectives').values({ id, plan_id: planId, pillar: input.pillar, code: input.code, title_fr: input.titleFr, title_ar: input.titleAr, version: 1, created_at: now, updated_at: now }).execute();
    await recordAudit(p, trx, actor, { action: 'plan.objective_create', entityType: 'plan_objective', entityId: id, details: { planId, code: input.code, pillar: input.pillar } });
    return plansService.get(trx, actor, planId);
  },

  async updateObjective(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZObjectiveUpdate>) {
    if (!policy.manage(actor)) throw AppError.forbidden();
    const o = await repo.objective(trx, id);
    if (!o) throw AppError.notFound();
    if (input.version !== o.version) throw AppError.conflict(o.version);
    const patch: Record<string, unknown> = { updated_at: nowIso() };
    if (input.pillar !== undefined) patch.pillar = input.pillar;
    if (input.titleFr !== undefined) patch.title_fr = input.titleFr;
    if (input.titleAr !== undefined) patch.title_ar = input.titleAr;
    if (!(await repo.update(trx, 'plan_objectives', id, o.version, patch))) throw await versionConflict(trx, 'plan_objectives', id);
    await recordAudit(p, trx, actor, { action: 'plan.objective_update', entityType: 'plan_objective', entityId: id, details: { changed: Object.keys(input).filter((k) => k !== 'version') } });
    return plansService.get(trx, actor, o.plan_id);
  },

  async createAction(p: Platform, trx: Tx, actor: Actor, objectiveId: string, input: z.output<typeof ZActionCreate>): Promise<TPlanAction> {
    if (!policy.manage(actor)) throw AppError.forbidden();
    const o = await repo.objective(trx, objectiveId);
    if (!o) throw AppError.notFound();
    const plan = await planOrThrow(trx, o.plan_id);
    const partners = [...new Set(input.partnerOrganisationIds)];
    const errors = [
      ...(await organisationErrors(trx, [{ path: 'leadOrganisationId', id: input.leadOrganisationId }, ...partners.map((id, i) => ({ path: `partnerOrganisationIds.${i}`, id }))])),
      ...dateErrors(plan, input.startDate, input.endDate),
    ];
    if ((await repo.actions(trx, plan.id)).some((a) => a.code === input.code)) errors.push({ path: 'code', code: 'duplicate_code' });
    fail(errors);
    const now = nowIso();
    const id = newId();
    await trx.insertInto('plan_actions').values({
      id, plan_id: plan.id, objective_id: o.id, code: input.code, title_fr: input.titleFr, title_ar: input.titleAr, lead_org_id: input.leadOrganisationId,
      budget_minor: input.budgetMinor, currency: 'MAD', start_date: input.startDate, end_date: input.endDate, status: input.status, version: 1, created_at: now, updated_at: now,
    }).execute();
    const others = partners.filter((x) => x !== input.leadOrganisationId);
    if (others.length) await trx.insertInto('plan_action_partners').values(others.map((org) => ({ action_id: id, organisation_id: org }))).execute();
    await recordAudit(p, trx, actor, { action: 'plan.action_create', entityType: 'plan_action', entityId: id, details: { planId: plan.id, code: input.code, leadOrganisationId: input.leadOrganisationId } });
    return (await readAction(trx, actor, id)).presented;
  },

  async getAction(trx: Tx, actor: Actor, id: string) {
    const { action, presented } = await readAction(trx, actor, id);
    const recs = await repo.linkedRecommendations(trx, id);
    return { ...presented, recommendations: recs.map((r) => ({ id: r.id, reference: r.reference, textFr: r.text_fr, textAr: r.text_ar, status: r.status })), mayReadReports: await mayReadReports(trx, actor, action) };
  },

  async updateAction(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZActionUpdate>): Promise<TPlanAction> {
    if (!policy.manage(actor)) throw AppError.forbidden();
    const a = await repo.action(trx, id);
    if (!a) throw AppError.notFound();
    if (input.version !== a.version) throw AppError.conflict(a.version);
    const plan = await planOrThrow(trx, a.plan_id);
    const lead = input.leadOrganisationId ?? a.lead_org_id;
    const partners = input.partnerOrganisationIds ? [...new Set(input.partnerOrganisationIds)] : null;
    const errors = [
      ...(await organisationErrors(trx, [...(input.leadOrganisationId ? [{ path: 'leadOrganisationId', id: lead }] : []), ...(partners ?? []).map((x, i) => ({ path: `partnerOrganisationIds.${i}`, id: x }))])),
      ...dateErrors(plan, input.startDate ?? a.start_date, input.endDate ?? a.end_date),
    ];
    fail(errors);
    const patch: Partial<PlanActionsTable> = { updated_at: nowIso() };
    if (input.titleFr !== undefined) patch.title_fr = input.titleFr;
    if (input.titleAr !== undefined) patch.title_ar = input.titleAr;
    if (input.leadOrganisationId !== undefined) patch.lead_org_id = input.leadOrganisationId;
    if (input.budgetMinor !== undefined) patch.budget_minor = input.budgetMinor;
    if (input.startDate !== undefined) patch.start_date = input.startDate;
    if (input.endDate !== undefined) patch.end_date = input.endDate;
    if (input.status !== undefined) patch.status = input.status;
    if (!(await repo.update(trx, 'plan_actions', id, a.version, patch))) throw await versionConflict(trx, 'plan_actions', id);
    if (partners) {
      await trx.deleteFrom('plan_action_partners').where('action_id', '=', id).execute();
      const others = partners.filter((x) => x !== lead);
      if (others.length) await trx.insertInto('plan_action_partners').values(others.map((org) => ({ action_id: id, organisation_id: org }))).execute();
    }
    await recordAudit(p, trx, actor, { action: 'plan.action_update', entityType: 'plan_action', entityId: id, details: { changed: Object.keys(input).filter((k) => k !== 'version') } });
    return (await readAction(trx, actor, id)).presented;
  },

  async createIndicator(p: Platform, trx: Tx, actor: Actor, actionId: string, input: z.output<typeof ZIndicatorCreate>): Promise<TPlanAction> {
    if (!policy.manage(actor)) throw AppError.forbidden();
    const a = await repo.action(trx, actionId);
    if (!a) throw AppError.notFound();
    const plan = await planOrThrow(trx, a.plan_id);
    const errors = indicatorErrors(plan, input.unit, input);
    if ((await repo.indicators(trx, plan.id)).some((i) => i.code === input.code)) errors.push({ path: 'code', code: 'duplicate_code' });
    fail(errors);
    const now = nowIso();
    const id = newId();
    await trx.insertInto('plan_indicators').values({
      id, plan_id: plan.id, action_id: a.id, code: input.code, title_fr: input.titleFr, title_ar: input.titleAr, unit: input.unit, frequency: input.frequency,
      baseline_value: input.baselineValue === null ? null : String(input.baselineValue), baseline_year: input.baselineYear, version: 1, created_at: now, updated_at: now,
    }).execute();
    if (input.targets.length) await trx.insertInto('plan_indicator_targets').values(input.targets.map((t) => ({ indicator_id: id, year: t.year, value: String(t.value) }))).execute();
    await recordAudit(p, trx, actor, { action: 'plan.indicator_create', entityType: 'plan_indicator', entityId: id, details: { actionId, code: input.code, unit: input.unit, frequency: input.frequency } });
    return (await readAction(trx, actor, actionId)).presented;
  },

  async updateIndicator(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZIndicatorUpdate>): Promise<TPlanAction> {
    if (!policy.manage(actor)) throw AppError.forbidden();
    const ind = await repo.indicator(trx, id);
    if (!ind) throw AppError.notFound();
    if (input.version !== ind.version) throw AppError.conflict(ind.version);
    const plan = await planOrThrow(trx, ind.plan_id);
    fail(indicatorErrors(plan, ind.unit, input));
    const patch: Partial<PlanIndicatorsTable> = { updated_at: nowIso() };
    if (input.titleFr !== undefined) patch.title_fr = input.titleFr;
    if (input.titleAr !== undefined) patch.title_ar = input.titleAr;
    if (input.baselineValue !== undefined) patch.baseline_value = input.baselineValue === null ? null : String(input.baselineValue);
    if (input.baselineYear !== undefined) patch.baseline_year = input.baselineYear;
    if (!(await repo.update(trx, 'plan_indicators', id, ind.version, patch))) throw await versionConflict(trx, 'plan_indicators', id);
    if (input.targets) {
      await trx.deleteFrom('plan_indicator_targets').where('indicator_id', '=', id).execute();
      if (input.targets.length) await trx.insertInto('plan_indicator_targets').values(input.targets.map((t) => ({ indicator_id: id, year: t.year, value: String(t.value) }))).execute();
    }
    await recordAudit(p, trx, actor, { action: 'plan.indicator_update', entityType: 'plan_indicator', entityId: id, details: { changed: Object.keys(input).filter((k) => k !== 'version') } });
    return (await readAction(trx, actor, ind.action_id)).presented;
  },

  // ----- progress reports -----

  async listReports(p: Platform, trx: Tx, actor: Actor, f: { status?: string; actionId?: string }): Promise<TProgressReport[]> {
    const rows = await repo.reports(trx, f);
    if (policy.manage(actor)) return presentReports(p, trx, actor, rows);
    const partners = await repo.partners(trx, [...new Set(rows.map((r) => r.action_id))]);
    const visible = rows.filter((r) => r.lead_org_id === actor.organisationId || partners.some((x) => x.action_id === r.action_id && x.organisation_id === actor.organisationId));
    return presentReports(p, trx, actor, visible);
  },

  async getReport(p: Platform, trx: Tx, actor: Actor, id: string): Promise<TProgressReport> {
    const [row] = await repo.reports(trx, { ids: [id] });
    if (!row) throw AppError.notFound();
    if (!(await mayReadReports(trx, actor, { id: row.action_id, lead_org_id: row.lead_org_id }))) throw AppError.notFound();
    return (await presentReports(p, trx, actor, [row]))[0]!;
  },

  /** A report as read on its own (its narrative may name people): audited. */
  async readReport(p: Platform, trx: Tx, actor: Actor, id: string): Promise<TProgressReport> {
    const report = await plansService.getReport(p, trx, actor, id);
    await auditRead(p, trx, actor, { action: 'plan.report_read', entityType: 'plan_report', entityId: id, details: { actionId: report.actionId, period: report.period } });
    return report;
  },

  /** A list of reports (validation queue, an action's reports): audited with what was shown. */
  async readReports(p: Platform, trx: Tx, actor: Actor, f: { status?: string; actionId?: string }): Promise<TProgressReport[]> {
    const items = await plansService.listReports(p, trx, actor, f);
    if (items.length) await auditRead(p, trx, actor, { action: 'plan.report_list', entityType: 'plan_report', details: { ...f, count: items.length } });
    return items;
  },

  /** The (action, period) pairs the caller's organisation leads and that have started, with their report. */
  async due(p: Platform, trx: Tx, actor: Actor) {
    const today = localDate(new Date(), p.config.timezone);
    const actions = await trx.selectFrom('plan_actions as a').innerJoin('action_plans as pl', 'pl.id', 'a.plan_id').selectAll('a').select(['pl.start_year', 'pl.end_year']).where('a.lead_org_id', '=', actor.organisationId).orderBy('a.code').execute();
    const out: { actionId: string; actionCode: string; actionTitleFr: string; actionTitleAr: string; period: string; reportId: string | null; reportStatus: TProgressReport['status'] | null }[] = [];
    for (const a of actions) {
      const inds = await repo.actionIndicators(trx, a.id);
      const reports = await trx.selectFrom('plan_reports').select(['id', 'period', 'status']).where('action_id', '=', a.id).execute();
      for (const f of actionFrequencies(inds.map((i) => i.frequency))) {
        for (const per of periodsOf(f, Math.max(a.start_year, Number(a.start_date.slice(0, 4))), Math.min(a.end_year, Number(a.end_date.slice(0, 4))))) {
          if (per.start > today) continue;
          const r = reports.find((x) => x.period === per.code);
          out.push({ actionId: a.id, actionCode: a.code, actionTitleFr: a.title_fr, actionTitleAr: a.title_ar, period: per.code, reportId: r?.id ?? null, reportStatus: (r?.status as TProgressReport['status'] | undefined) ?? null });
        }
      }
    }
    return out;
  },

  async createReport(p: Platform, trx: Tx, actor: Actor, actionId: string, input: z.output<typeof ZReportCreate>): Promise<TProgressReport> {
    const a = await repo.action(trx, actionId);
    if (!a) throw AppError.notFound();
    if (!policy.focalPoint(actor, a.lead_org_id)) throw AppError.forbidden();
    const plan = await planOrThrow(trx, a.plan_id);
    const indicators = await repo.actionIndicators(trx, a.id);
    const period = parsePeriod(input.period);
    const errors: FieldError[] = [];
    if (!period) errors.push({ path: 'period', code: 'invalid_period' });
    else {
      if (!actionFrequencies(indicators.map((i) => i.frequency)).includes(period.frequency)) errors.push({ path: 'period', code: 'period_frequency_mismatch' });
      else if (period.year < plan.start_year || period.year > plan.end_year) errors.push({ path: 'period', code: 'period_outside_plan' });
      else if (period.start > localDate(new Date(), p.config.timezone)) errors.push({ path: 'period', code: 'period_not_started' });
      errors.push(...valueErrors(indicators, period.frequency, input.values));
    }
    fail(errors);
    if (await repo.reportFor(trx, a.id, input.period)) throw new AppError('CONFLICT', { reason: 'report_exists' });
    const now = nowIso();
    const id = newId();
    const row: PlanReportsTable = {
      id, plan_id: plan.id, action_id: a.id, period: input.period, organisation_id: a.lead_org_id, status: 'draft', action_status: input.actionStatus,
      narrative_enc: input.narrative ? p.keyring.encryptText(input.narrative, `plan_reports.narrative_enc:${id}`) : null, review_note_enc: null,
      created_by: actor.userId, submitted_by: null, submitted_at: null, reviewed_by: null, reviewed_at: null, version: 1, created_at: now, updated_at: now,
    };
    await trx.insertInto('plan_reports').values(row).execute();
    await repo.replaceValues(trx, id, input.values);
    await recordAudit(p, trx, actor, { action: 'plan.report_create', entityType: 'plan_report', entityId: id, details: { actionId, period: input.period } });
    return plansService.getReport(p, trx, actor, id);
  },

  /** The report for editing by a focal point of its organisation (draft or returned). */
  async editableReport(trx: Tx, actor: Actor, id: string): Promise<PlanReportsTable> {
    const r = await repo.report(trx, id);
    if (!r) throw AppError.notFound();
    const a = (await repo.action(trx, r.action_id))!;
    if (!(await mayReadReports(trx, actor, a))) throw AppError.notFound();
    if (!policy.focalPoint(actor, r.organisation_id)) throw AppError.forbidden();
    return r;
  },

  async updateReport(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZReportUpdate>): Promise<TProgressReport> {
    const r = await plansService.editableReport(trx, actor, id);
    if (input.version !== r.version) throw AppError.conflict(r.version);
    if (r.status !== 'draft' && r.status !== 'returned') throw new AppError('CONFLICT', { reason: 'report_not_editable', status: r.status });
    if (input.values) fail(valueErrors(await repo.actionIndicators(trx, r.action_id), parsePeriod(r.period)!.frequency, input.values));
    const patch: Partial<PlanReportsTable> = { updated_at: nowIso() };
    if (input.actionStatus !== undefined) patch.action_status = input.actionStatus;
    if (input.narrative !== undefined) patch.narrative_enc = input.narrative ? p.keyring.encryptText(input.narrative, `plan_reports.narrative_enc:${id}`) : null;
    if (!(await repo.update(trx, 'plan_reports', id, r.version, patch))) throw await versionConflict(trx, 'plan_reports', id);
    if (input.values) await repo.replaceValues(trx, id, input.values);
    await recordAudit(p, trx, actor, { action: 'plan.report_update', entityType: 'plan_report', entityId: id, details: { changed: Object.keys(input).filter((k) => k !== 'version') } });
    return plansService.getReport(p, trx, actor, id);
  },

  async transition(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZReportTransition>): Promise<TProgressReport> {
    const r = await repo.report(trx, id);
    if (!r) throw AppError.notFound();
    const a = (await repo.action(trx, r.action_id))!;
    if (!(await mayReadReports(trx, actor, a))) throw AppError.notFound();
    const submit = input.action === 'submit';
    if (submit ? !policy.focalPoint(actor, r.organisation_id) : !policy.manage(actor)) throw AppError.forbidden();
    if (input.version !== r.version) throw AppError.conflict(r.version);
    const from = submit ? ['draft', 'returned'] : ['submitted'];
    if (!from.includes(r.status)) throw new AppError('CONFLICT', { reason: 'transition_not_allowed', status: r.status });
    const now = nowIso();
    const patch: Partial<PlanReportsTable> = { updated_at: now };
    if (submit) {
      const period = parsePeriod(r.period)!;
      const values = await repo.reportValues(trx, [id]);
      const missing = (await repo.actionIndicators(trx, r.action_id)).filter((i) => i.frequency === period.frequency && !values.some((v) => v.indicator_id === i.id));
      fail(missing.map((i) => ({ path: 'values', code: 'missing_value' as const, message: i.code })));
      Object.assign(patch, { status: 'submitted', submitted_by: actor.userId, submitted_at: now });
    } else if (input.action === 'validate') {
      Object.assign(patch, { status: 'validated', reviewed_by: actor.userId, reviewed_at: now });
    } else {
      if (!input.note) fail([{ path: 'note', code: 'required' }]);
      Object.assign(patch, { status: 'returned', reviewed_by: actor.userId, reviewed_at: now, review_note_enc: p.keyring.encryptText(input.note!, `plan_reports.review_note_enc:${id}`) });
    }
    if (!(await repo.update(trx, 'plan_reports', id, r.version, patch))) throw await versionConflict(trx, 'plan_reports', id);
    if (submit) {
      // The reporting task of this (action, period), if the deadline job created one, is done.
      const deadline = await trx.selectFrom('plan_report_deadlines').select('id').where('action_id', '=', r.action_id).where('period', '=', r.period).executeTakeFirst();
      if (deadline) await timelinesService.completeSubject(trx, { type: SUBJECT_TYPE, id: deadline.id }, actor, 'done', REPORT_RULE);
    }
    await recordAudit(p, trx, actor, { action: `plan.report_${input.action}`, entityType: 'plan_report', entityId: id, details: { actionId: r.action_id, period: r.period, from: r.status, to: patch.status } });
    return plansService.getReport(p, trx, actor, id);
  },

  async addEvidence(p: Platform, trx: Tx, actor: Actor, id: string, file: { fileName: string; mimeType: string; content: Buffer }): Promise<TProgressReport> {
    const r = await plansService.editableReport(trx, actor, id);
    if (r.status !== 'draft' && r.status !== 'returned') throw new AppError('CONFLICT', { reason: 'report_not_editable', status: r.status });
    // Cleaned (bidi and control characters, path separators), capped and given its type's extension by readUpload (safeFileName).
    const fileName = file.fileName;
    const evId = newId();
    await trx.deleteFrom('plan_report_evidence').where('report_id', '=', id).execute();
    await trx.insertInto('plan_report_evidence').values({
      id: evId, report_id: id, file_name_enc: p.keyring.encryptText(fileName, `plan_report_evidence.file_name_enc:${evId}`), mime_type: file.mimeType, size_bytes: file.content.length,
      content_enc: p.keyring.encryptBytes(file.content, `plan_report_evidence.content_enc:${evId}`), uploaded_by: actor.userId, created_at: nowIso(),
    }).execute();
    await recordAudit(p, trx, actor, { action: 'plan.evidence_upload', entityType: 'plan_report', entityId: id, details: { mimeType: file.mimeType, sizeBytes: file.content.length } });
    return plansService.getReport(p, trx, actor, id);
  },

  async authorizeEvidenceUpload(p: Platform, actor: Actor, id: string): Promise<void> {
    await p.db.transaction().execute((trx) => plansService.editableReport(trx, actor, id));
  },

  async readEvidence(p: Platform, trx: Tx, actor: Actor, id: string) {
    await plansService.getReport(p, trx, actor, id);
    const ev = await repo.evidenceContent(trx, id);
    if (!ev) throw AppError.notFound();
    await auditRead(p, trx, actor, { action: 'plan.evidence_read', entityType: 'plan_report', entityId: id, details: {} });
    return {
      fileName: p.keyring.decryptText(ev.file_name_enc, `plan_report_evidence.file_name_enc:${ev.id}`),
      mimeType: ev.mime_type,
      content: p.keyring.decryptBytes(Buffer.from(ev.content_enc), `plan_report_evidence.content_enc:${ev.id}`),
    };
  },

  /**
   * The deadlines job (`actionplan.deadlines`): makes sure a task exists for every (action, period) of an
   * adopted plan whose period has ended and whose report is not yet submitted, assigned to the lead
   * organisation, due `dueDaysAfterPeriodEnd` days after the period (reminder `remindBeforeDays` before).
   * Idempotent and safe to run concurrently: a (action, period) gets its task only once (unique row in
   * `plan_report_deadlines`, inserted in the same transaction as the task).
   */
  async ensureDeadlines(p: Platform, now = nowIso()): Promise<number> {
    const cfg = actionplanConfig();
    const tz = p.config.timezone;
    const today = localDate(now, tz);
    return p.db.transaction().execute(async (trx) => {
      const actions = await trx
        .selectFrom('plan_actions as a')
        .innerJoin('action_plans as pl', 'pl.id', 'a.plan_id')
        .select(['a.id', 'a.lead_org_id', 'a.start_date', 'a.end_date', 'pl.start_year', 'pl.end_year'])
        .where('pl.status', '=', 'adopted')
        .where('a.status', '!=', 'cancelled')
        .execute();
      if (actions.length === 0) return 0;
      const ids = actions.map((a) => a.id);
      const [indicators, existing, reports] = await Promise.all([
        trx.selectFrom('plan_indicators').select(['action_id', 'frequency']).where('action_id', 'in', ids).execute(),
        trx.selectFrom('plan_report_deadlines').select(['action_id', 'period']).where('action_id', 'in', ids).execute(),
        trx.selectFrom('plan_reports').select(['action_id', 'period']).where('action_id', 'in', ids).where('submitted_at', 'is not', null).execute(),
      ]);
      const done = new Set([...existing, ...reports].map((x) => `${x.action_id}|${x.period}`));
      const created: { actionId: string; period: string }[] = [];
      for (const a of actions) {
        const from = Math.max(a.start_year, Number(a.start_date.slice(0, 4)));
        const to = Math.min(a.end_year, Number(a.end_date.slice(0, 4)));
        for (const f of actionFrequencies(indicators.filter((i) => i.action_id === a.id).map((i) => i.frequency))) {
          for (const per of periodsOf(f, from, to)) {
            if (per.end >= today || per.end < a.start_date || per.start > a.end_date || done.has(`${a.id}|${per.code}`)) continue;
            const dueDate = reportDueDate(per.end, cfg);
            const id = newId();
            const inserted = await trx
              .insertInto('plan_report_deadlines')
              .values({ id, action_id: a.id, period: per.code, due_at: dueDate, created_at: now })
              .onConflict((oc) => oc.columns(['action_id', 'period']).doNothing())
              .returning('id')
              .executeTakeFirst();
            if (!inserted) continue;
            await timelinesService.schedule(trx, {
              caseId: null,
              rule: REPORT_RULE,
              assigneeOrgId: a.lead_org_id,
              dueAt: endOfLocalDay(dueDate, tz).toISOString(),
              remindAt: cfg.remindBeforeDays > 0 ? startOfLocalDayBefore(dueDate, cfg.remindBeforeDays, tz).toISOString() : null,
              subject: { type: SUBJECT_TYPE, id },
            });
            created.push({ actionId: a.id, period: per.code });
          }
        }
      }
      if (created.length) await recordAudit(p, trx, null, { action: 'plan.deadlines', details: { count: created.length } });
      return created.length;
    });
  },

  /**
   * The annual report's action-plan figures for a year, over the adopted plans covering it: per pillar the
   * number of actions by the status of their latest validated report up to that year (`not_reported`
   * before any), and per indicator the year's target against the latest validated value up to that year.
   */
  async progressSummary(trx: Tx, year: number): Promise<TProgressSummary> {
    const plans = (await repo.plans(trx)).filter((pl) => pl.status === 'adopted' && pl.start_year <= year && pl.end_year >= year);
    const pillars = PLAN_PILLARS.map((pillar) => ({ pillar, actions: 0, byStatus: {} as Record<string, number>, indicators: [] as TProgressSummary['pillars'][number]['indicators'] }));
    for (const plan of plans) {
      const [objectives, actions, indicators, values, reports] = await Promise.all([
        repo.objectives(trx, plan.id), repo.actions(trx, plan.id), repo.indicators(trx, plan.id), repo.validatedValues(trx, plan.id), repo.validatedReports(trx, plan.id),
      ]);
      const targets = await repo.targets(trx, indicators.map((i) => i.id));
      const pillarOf = new Map(objectives.map((o) => [o.id, o.pillar]));
      const upTo = (period: string) => parsePeriod(period)!.year <= year;
      for (const a of actions) {
        const bucket = pillars.find((x) => x.pillar === pillarOf.get(a.objective_id))!;
        const latest = reports.filter((r) => r.action_id === a.id && upTo(r.period)).sort((x, y) => byEnd(x.period, y.period) || (x.reviewed_at ?? '').localeCompare(y.reviewed_at ?? '')).at(-1);
        const status = latest?.action_status ?? 'not_reported';
        bucket.actions += 1;
        bucket.byStatus[status] = (bucket.byStatus[status] ?? 0) + 1;
        for (const i of indicators.filter((x) => x.action_id === a.id)) {
          const v = values.filter((x) => x.indicator_id === i.id && upTo(x.period)).sort((x, y) => byEnd(x.period, y.period)).at(-1);
          const t = targets.find((x) => x.indicator_id === i.id && x.year === year);
          bucket.indicators.push({ id: i.id, code: i.code, titleFr: i.title_fr, titleAr: i.title_ar, unit: i.unit as TIndicator['unit'], target: t ? Number(t.value) : null, validated: v ? Number(v.value) : null, period: v?.period ?? null });
        }
      }
    }
    for (const b of pillars) b.indicators.sort((x, y) => x.code.localeCompare(y.code));
    return { year, pillars };
  },
};
