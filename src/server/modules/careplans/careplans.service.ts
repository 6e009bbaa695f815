/**
 * Care plans: needs assessments repeated over time (a level and a note per domain), goals, actions with a
 * responsible organisation and a due date (which becomes that organisation's deadline), and the
 * durable-solution track. Case conferences: a multi-agency meeting recorded by the managing organisation;
 * each decision can become a care-plan action or a deadline. The managing organisation writes; an
 * organisation holding a live grant reads the plan; nobody else sees anything (need-to-know in the queries).
 */
import type { z } from 'zod';
import type { TAction, TAssessment, TCarePlan, TConference, TDurableStep, TGoal, TNeedDomain, TNeedLevel } from '../../../contract/careplans';
import { ZActionCreate, ZActionUpdate, ZAssessmentCreate, ZConferenceCreate, ZDecisionToAction, ZDecisionToTask, ZDurableSolutionUpdate, ZDurableStepCreate, ZDurableStepUpdate, ZGoalCreate, ZGoalUpdate } from '../../../contract/careplans';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { CareActionsTable, CasesTable, DurableStepsTable } from '../../platform/db/schema';
import type { Access } from '../../platform/access';
import { AppError, type FieldError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { auditRead, recordAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { caseAccess } from '../cases/cases.service';
import { endOfLocalDay, localDate, startOfLocalDayBefore } from '../timelines/calendar';
import { onSubjectTaskClosed, timelinesService } from '../timelines/timelines.service';
import { carePlansPolicy as policy } from './careplans.policy';
import { carePlansRepository as repo } from './careplans.repository';

type Input<T extends z.ZodType> = z.output<T>;

const aad = (table: string, column: string, id: string) => `${table}.${column}:${id}`;
const ACTIVE = new Set(['open', 'in_progress']);
/** Reminder of a care-plan deadline: two days before, at the start of the local day. */
const REMIND_DAYS = 2;
const ACTION_SUBJECT = 'care_action';
const DECISION_SUBJECT = 'conference_decision';
/** Notes on these needs are health data: shared only with organisations granted the health category. */
const HEALTH_DOMAINS = new Set<string>(['health', 'psychological']);

async function visibleCase(trx: Tx, actor: Actor, caseId: string): Promise<{ c: CasesTable; access: Access; now: string }> {
  if (!policy.read(actor)) throw AppError.forbidden();
  const now = nowIso();
  const { c, access } = await caseAccess(trx, actor, caseId, now);
  return { c, access, now };
}

async function checkOrganisation(trx: Tx, id: string, path: string): Promise<FieldError[]> {
  const [org] = await repo.organisations(trx, [id]);
  return org && org.active === 1 ? [] : [{ path, code: 'unknown_organisation' }];
}

function checkDueOn(p: Platform, dueOn: string | null | undefined, path: string): FieldError[] {
  return dueOn && dueOn < localDate(new Date(), p.config.timezone) ? [{ path, code: 'date_in_past' }] : [];
}

/** The deadline of the responsible organisation for an action (or a decision) due on a local date. */
async function scheduleDeadline(p: Platform, trx: Tx, caseId: string, rule: string, orgId: string, dueOn: string, subject: { type: string; id: string }) {
  const tz = p.config.timezone;
  const remind = startOfLocalDayBefore(dueOn, REMIND_DAYS, tz).toISOString();
  return timelinesService.schedule(trx, {
    caseId,
    rule,
    assigneeOrgId: orgId,
    dueAt: endOfLocalDay(dueOn, tz).toISOString(),
    remindAt: remind > nowIso() ? remind : null,
    subject,
  });
}

function presentAction(p: Platform, actor: Actor, access: Access, a: CareActionsTable & { org_name: string; created_by_name: string }): TAction {
  return {
    id: a.id,
    goalId: a.goal_id,
    conferenceId: a.conference_id,
    decisionId: a.decision_id,
    title: p.keyring.decryptText(a.title_enc, aad('care_actions', 'title_enc', a.id)),
    responsibleOrganisation: { id: a.responsible_org_id, name: a.org_name },
    dueOn: a.due_on,
    status: a.status as TAction['status'],
    taskId: ACTIVE.has(a.status) ? a.task_id : null,
    createdBy: a.created_by_name,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    completedAt: a.completed_at,
    version: a.version,
    canUpdate: policy.updateActionStatus(actor, access, a.responsible_org_id),
  };
}

function presentStep(p: Platform, actor: Actor, access: Access, d: DurableStepsTable & { org_name: string; created_by_name: string | null }): TDurableStep {
  return {
    id: d.id,
    position: d.position,
    track: d.track as TDurableStep['track'],
    title: p.keyring.decryptText(d.title_enc, aad('durable_steps', 'title_enc', d.id)),
    responsibleOrganisation: { id: d.responsible_org_id, name: d.org_name },
    dueOn: d.due_on,
    status: d.status as TDurableStep['status'],
    note: d.note_enc ? p.keyring.decryptText(d.note_enc, aad('durable_steps', 'note_enc', d.id)) : null,
    createdBy: d.created_by_name ?? '',
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    completedAt: d.completed_at,
    version: d.version,
    canUpdate: policy.updateActionStatus(actor, access, d.responsible_org_id),
  };
}

/** The steps in their new order: `id` moved to `position` (1-based, clamped; at the end when undefined). */
function reorder(ids: string[], id: string, position: number | undefined): string[] {
  const rest = ids.filter((x) => x !== id);
  const at = position === undefined ? rest.length : Math.min(Math.max(position, 1), rest.length + 1) - 1;
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** The rows whose number changes when the steps take the order `order` (numbered 1…n). */
const renumbered = (rows: { id: string; position: number }[], order: string[]) =>
  rows.flatMap((r) => (r.position === order.indexOf(r.id) + 1 ? [] : [{ id: r.id, position: order.indexOf(r.id) + 1 }]));

export const carePlansService = {
  async plan(p: Platform, trx: Tx, actor: Actor, caseId: string): Promise<TCarePlan> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    const s = { orgId: actor.organisationId, now };
    const [plan, assessments, goals, actions, steps] = await Promise.all([
      repo.plan(trx, s, c.id),
      repo.assessments(trx, s, c.id),
      repo.goals(trx, s, c.id),
      repo.actions(trx, s, c.id),
      repo.durableSteps(trx, s, c.id),
    ]);
    await auditRead(p, trx, actor, { action: 'careplan.read', entityType: 'case', entityId: c.id });
    return {
      caseId: c.id,
      version: plan?.version ?? 1,
      durableSolution: {
        track: (plan?.durable_track ?? 'undecided') as TCarePlan['durableSolution']['track'],
        status: (plan?.durable_status ?? 'exploring') as TCarePlan['durableSolution']['status'],
        note: plan?.durable_note_enc ? p.keyring.decryptText(plan.durable_note_enc, aad('care_plans', 'durable_note_enc', plan.id)) : null,
        updatedBy: plan?.updated_by_name ?? null,
        updatedAt: plan?.durable_updated_at ?? null,
        steps: steps.map((d) => presentStep(p, actor, access, d)),
      },
      assessments: assessments.map((a): TAssessment => {
        const levels = JSON.parse(a.levels) as Record<TNeedDomain, TNeedLevel>;
        const notes = a.notes_enc ? p.keyring.decryptJson<Record<string, string>>(a.notes_enc, aad('care_assessments', 'notes_enc', a.id)) : {};
        return {
          id: a.id,
          assessedOn: a.assessed_on,
          assessedBy: a.assessed_by_name,
          organisation: a.org_name,
          needs: (Object.entries(levels) as [TNeedDomain, TNeedLevel][]).map(([domain, level]) => ({
            domain,
            level,
            note: HEALTH_DOMAINS.has(domain) && !access.categories.has('health') ? null : (notes[domain] ?? null),
          })),
          createdAt: a.created_at,
        };
      }),
      goals: goals.map((g) => presentGoal(p, g)),
      actions: actions.map((a) => presentAction(p, actor, access, a)),
      abilities: { edit: policy.edit(actor, access) },
    };
  },

  async createAssessment(p: Platform, trx: Tx, actor: Actor, caseId: string, input: Input<typeof ZAssessmentCreate>): Promise<TAssessment> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    if (!policy.edit(actor, access)) throw AppError.forbidden();
    if (input.assessedOn > localDate(new Date(), p.config.timezone)) throw AppError.validation([{ path: 'assessedOn', code: 'date_in_future' }]);
    const id = newId();
    const notes = Object.fromEntries(input.needs.filter((n) => n.note).map((n) => [n.domain, n.note!]));
    await repo.insertAssessment(trx, {
      id,
      case_id: c.id,
      organisation_id: actor.organisationId,
      assessed_by: actor.userId,
      assessed_on: input.assessedOn,
      levels: JSON.stringify(Object.fromEntries(input.needs.map((n) => [n.domain, n.level]))),
      notes_enc: Object.keys(notes).length ? p.keyring.encryptJson(notes, aad('care_assessments', 'notes_enc', id)) : null,
      created_at: now,
    });
    await recordAudit(p, trx, actor, { action: 'careplan.assessment_create', entityType: 'care_assessment', entityId: id, details: { caseId: c.id } });
    const [a] = (await repo.assessments(trx, { orgId: actor.organisationId, now }, c.id)).filter((x) => x.id === id);
    return {
      id,
      assessedOn: input.assessedOn,
      assessedBy: a?.assessed_by_name ?? actor.displayName,
      organisation: a?.org_name ?? '',
      needs: input.needs.map((n) => ({ domain: n.domain, level: n.level, note: n.note ?? null })),
      createdAt: now,
    };
  },

  async updateDurableSolution(p: Platform, trx: Tx, actor: Actor, caseId: string, input: Input<typeof ZDurableSolutionUpdate>): Promise<TCarePlan> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    if (!policy.edit(actor, access)) throw AppError.forbidden();
    const plan = await repo.ensurePlan(trx, c.id);
    const ok =
      input.version === plan.version &&
      (await repo.updatePlan(trx, plan.id, input.version, {
        durable_track: input.track,
        durable_status: input.status,
        durable_note_enc: input.note ? p.keyring.encryptText(input.note, aad('care_plans', 'durable_note_enc', plan.id)) : null,
        durable_updated_by: actor.userId,
        durable_updated_at: now,
        updated_at: now,
      }));
    if (!ok) throw await versionConflict(trx, 'care_plans', plan.id);
    await recordAudit(p, trx, actor, { action: 'careplan.durable_solution_update', entityType: 'care_plan', entityId: plan.id, details: { caseId: c.id, track: input.track, status: input.status } });
    return carePlansService.plan(p, trx, actor, caseId);
  },

  /** Adds a step to the durable-solution plan (at the end, or at `position`), for the plan's current track. */
  async createDurableStep(p: Platform, trx: Tx, actor: Actor, caseId: string, input: Input<typeof ZDurableStepCreate>): Promise<TCarePlan> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    if (!policy.edit(actor, access)) throw AppError.forbidden();
    const errors = [...(await checkOrganisation(trx, input.responsibleOrganisationId, 'responsibleOrganisationId')), ...checkDueOn(p, input.dueOn, 'dueOn')];
    if (errors.length) throw AppError.validation(errors);
    const plan = await repo.ensurePlan(trx, c.id);
    await repo.lockPlan(trx, plan.id, now);
    const existing = await repo.durableSteps(trx, { orgId: actor.organisationId, now }, c.id);
    const id = newId();
    const order = reorder([...existing.map((d) => d.id), id], id, input.position);
    await repo.insertDurableStep(trx, {
      id,
      case_id: c.id,
      position: order.indexOf(id) + 1,
      track: plan.durable_track,
      title_enc: p.keyring.encryptText(input.title, aad('durable_steps', 'title_enc', id)),
      responsible_org_id: input.responsibleOrganisationId,
      due_on: input.dueOn ?? null,
      status: 'open',
      note_enc: input.note ? p.keyring.encryptText(input.note, aad('durable_steps', 'note_enc', id)) : null,
      created_by: actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
      completed_at: null,
    });
    await repo.setStepPositions(trx, renumbered(existing, order));
    await recordAudit(p, trx, actor, {
      action: 'careplan.durable_step_create',
      entityType: 'durable_step',
      entityId: id,
      details: { caseId: c.id, track: plan.durable_track, responsibleOrganisationId: input.responsibleOrganisationId, dueOn: input.dueOn ?? null },
    });
    return carePlansService.plan(p, trx, actor, caseId);
  },

  /**
   * Changes a step (versioned: a stale version gets 409 and nothing is written). The managing organisation
   * changes anything; the responsible organisation may move its own step's status along, like an action.
   */
  async updateDurableStep(p: Platform, trx: Tx, actor: Actor, caseId: string, stepId: string, input: Input<typeof ZDurableStepUpdate>): Promise<TCarePlan> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    const s = { orgId: actor.organisationId, now };
    const [d] = await repo.durableSteps(trx, s, c.id, stepId);
    if (!d) throw AppError.notFound();
    const onlyStatus = input.title === undefined && input.responsibleOrganisationId === undefined && input.dueOn === undefined && input.note === undefined && input.position === undefined;
    if (!(policy.edit(actor, access) || (onlyStatus && policy.updateActionStatus(actor, access, d.responsible_org_id)))) throw AppError.forbidden();
    const errors = [
      ...(input.responsibleOrganisationId && input.responsibleOrganisationId !== d.responsible_org_id ? await checkOrganisation(trx, input.responsibleOrganisationId, 'responsibleOrganisationId') : []),
      ...(input.dueOn !== undefined && input.dueOn !== d.due_on ? checkDueOn(p, input.dueOn, 'dueOn') : []),
    ];
    if (errors.length) throw AppError.validation(errors);
    if (input.version !== d.version) throw AppError.conflict(d.version);
    const plan = await repo.ensurePlan(trx, c.id);
    await repo.lockPlan(trx, plan.id, now);
    const status = input.status ?? d.status;
    const active = ACTIVE.has(status);
    const patch: Partial<DurableStepsTable> = {
      status,
      updated_at: now,
      completed_at: active ? null : ACTIVE.has(d.status) ? now : d.completed_at,
      ...(input.title ? { title_enc: p.keyring.encryptText(input.title, aad('durable_steps', 'title_enc', d.id)) } : {}),
      ...(input.responsibleOrganisationId ? { responsible_org_id: input.responsibleOrganisationId } : {}),
      ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
      ...(input.note !== undefined ? { note_enc: input.note ? p.keyring.encryptText(input.note, aad('durable_steps', 'note_enc', d.id)) : null } : {}),
    };
    if (!(await repo.updateDurableStep(trx, d.id, input.version, patch))) throw await versionConflict(trx, 'durable_steps', d.id);
    if (input.position !== undefined) {
      const all = await repo.durableSteps(trx, s, c.id);
      await repo.setStepPositions(trx, renumbered(all, reorder(all.map((x) => x.id), d.id, input.position)));
    }
    await recordAudit(p, trx, actor, {
      action: 'careplan.durable_step_update',
      entityType: 'durable_step',
      entityId: d.id,
      details: { caseId: c.id, changed: Object.keys(input).filter((k) => k !== 'version'), status },
    });
    return carePlansService.plan(p, trx, actor, caseId);
  },

  async createGoal(p: Platform, trx: Tx, actor: Actor, caseId: string, input: Input<typeof ZGoalCreate>): Promise<TGoal> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    if (!policy.edit(actor, access)) throw AppError.forbidden();
    const id = newId();
    await repo.insertGoal(trx, {
      id,
      case_id: c.id,
      domain: input.domain,
      text_enc: p.keyring.encryptText(input.text, aad('care_goals', 'text_enc', id)),
      status: 'open',
      created_by: actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(p, trx, actor, { action: 'careplan.goal_create', entityType: 'care_goal', entityId: id, details: { caseId: c.id, domain: input.domain } });
    return carePlansService.goal(p, trx, actor, c.id, id, now);
  },

  async goal(p: Platform, trx: Tx, actor: Actor, caseId: string, goalId: string, now = nowIso()): Promise<TGoal> {
    const [g] = await repo.goals(trx, { orgId: actor.organisationId, now }, caseId, goalId);
    if (!g) throw AppError.notFound();
    return presentGoal(p, g);
  },

  async updateGoal(p: Platform, trx: Tx, actor: Actor, caseId: string, goalId: string, input: Input<typeof ZGoalUpdate>): Promise<TGoal> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    const [g] = await repo.goals(trx, { orgId: actor.organisationId, now }, c.id, goalId);
    if (!g) throw AppError.notFound();
    if (!policy.edit(actor, access)) throw AppError.forbidden();
    const patch = {
      updated_at: now,
      ...(input.status ? { status: input.status } : {}),
      ...(input.text ? { text_enc: p.keyring.encryptText(input.text, aad('care_goals', 'text_enc', g.id)) } : {}),
    };
    if (input.version !== g.version || !(await repo.updateGoal(trx, g.id, input.version, patch))) throw await versionConflict(trx, 'care_goals', g.id);
    await recordAudit(p, trx, actor, { action: 'careplan.goal_update', entityType: 'care_goal', entityId: g.id, details: { caseId: c.id, changed: Object.keys(input).filter((k) => k !== 'version') } });
    return carePlansService.goal(p, trx, actor, c.id, g.id, now);
  },

  /** Creates an action (optionally under a goal, or from a conference decision) and its deadline. */
  async insertAction(
    p: Platform,
    trx: Tx,
    actor: Actor,
    c: CasesTable,
    now: string,
    input: { goalId?: string | null; title: string; responsibleOrganisationId: string; dueOn?: string | null },
    origin: { conferenceId: string; decisionId: string } | null,
    id = newId(),
  ): Promise<string> {
    const errors = [...(await checkOrganisation(trx, input.responsibleOrganisationId, 'responsibleOrganisationId')), ...checkDueOn(p, input.dueOn, 'dueOn')];
    if (input.goalId && !(await repo.goals(trx, { orgId: actor.organisationId, now }, c.id, input.goalId)).length) errors.push({ path: 'goalId', code: 'unknown_goal' });
    if (errors.length) throw AppError.validation(errors);
    const taskId = input.dueOn ? await scheduleDeadline(p, trx, c.id, 'care_action', input.responsibleOrganisationId, input.dueOn, { type: ACTION_SUBJECT, id }) : null;
    await repo.insertAction(trx, {
      id,
      case_id: c.id,
      goal_id: input.goalId ?? null,
      conference_id: origin?.conferenceId ?? null,
      decision_id: origin?.decisionId ?? null,
      title_enc: p.keyring.encryptText(input.title, aad('care_actions', 'title_enc', id)),
      responsible_org_id: input.responsibleOrganisationId,
      due_on: input.dueOn ?? null,
      status: 'open',
      task_id: taskId,
      created_by: actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
      completed_at: null,
    });
    await recordAudit(p, trx, actor, {
      action: 'careplan.action_create',
      entityType: 'care_action',
      entityId: id,
      details: { caseId: c.id, responsibleOrganisationId: input.responsibleOrganisationId, dueOn: input.dueOn ?? null, conferenceId: origin?.conferenceId ?? null },
    });
    return id;
  },

  async action(p: Platform, trx: Tx, actor: Actor, access: Access, caseId: string, actionId: string, now = nowIso()): Promise<TAction> {
    const [a] = await repo.actions(trx, { orgId: actor.organisationId, now }, caseId, actionId);
    if (!a) throw AppError.notFound();
    return presentAction(p, actor, access, a);
  },

  async createAction(p: Platform, trx: Tx, actor: Actor, caseId: string, input: Input<typeof ZActionCreate>): Promise<TAction> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    if (!policy.edit(actor, access)) throw AppError.forbidden();
    const id = await carePlansService.insertAction(p, trx, actor, c, now, input, null);
    return carePlansService.action(p, trx, actor, access, c.id, id, now);
  },

  async updateAction(p: Platform, trx: Tx, actor: Actor, caseId: string, actionId: string, input: Input<typeof ZActionUpdate>): Promise<TAction> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    const [a] = await repo.actions(trx, { orgId: actor.organisationId, now }, c.id, actionId);
    if (!a) throw AppError.notFound();
    const onlyStatus = input.title === undefined && input.responsibleOrganisationId === undefined && input.dueOn === undefined;
    if (!(policy.edit(actor, access) || (onlyStatus && policy.updateActionStatus(actor, access, a.responsible_org_id)))) throw AppError.forbidden();
    const errors = [
      ...(input.responsibleOrganisationId && input.responsibleOrganisationId !== a.responsible_org_id ? await checkOrganisation(trx, input.responsibleOrganisationId, 'responsibleOrganisationId') : []),
      ...(input.dueOn !== undefined && input.dueOn !== a.due_on ? checkDueOn(p, input.dueOn, 'dueOn') : []),
    ];
    if (errors.length) throw AppError.validation(errors);
    if (input.version !== a.version) throw AppError.conflict(a.version);

    const status = input.status ?? a.status;
    const orgId = input.responsibleOrganisationId ?? a.responsible_org_id;
    const dueOn = input.dueOn === undefined ? a.due_on : input.dueOn;
    const wasActive = ACTIVE.has(a.status);
    const isActive = ACTIVE.has(status);
    const subject = { type: ACTION_SUBJECT, id: a.id };
    const deadlineChanged = orgId !== a.responsible_org_id || dueOn !== a.due_on;
    let taskId = a.task_id;
    // The deadline follows the action: closed with it, moved with it, opened again with it.
    if (wasActive && (!isActive || deadlineChanged)) {
      await timelinesService.completeSubject(trx, subject, actor, !isActive && status === 'done' ? 'done' : 'cancelled');
      taskId = null;
    }
    if (isActive && dueOn && (!wasActive || deadlineChanged)) taskId = await scheduleDeadline(p, trx, c.id, 'care_action', orgId, dueOn, subject);

    const patch: Partial<CareActionsTable> = {
      status,
      responsible_org_id: orgId,
      due_on: dueOn,
      task_id: taskId,
      updated_at: now,
      completed_at: isActive ? null : wasActive ? now : a.completed_at,
      ...(input.title ? { title_enc: p.keyring.encryptText(input.title, aad('care_actions', 'title_enc', a.id)) } : {}),
    };
    if (!(await repo.updateAction(trx, a.id, input.version, patch))) throw await versionConflict(trx, 'care_actions', a.id);
    await recordAudit(p, trx, actor, {
      action: 'careplan.action_update',
      entityType: 'care_action',
      entityId: a.id,
      details: { caseId: c.id, changed: Object.keys(input).filter((k) => k !== 'version'), status },
    });
    return carePlansService.action(p, trx, actor, access, c.id, a.id, now);
  },

  // ——— Case conferences ———

  async conferences(p: Platform, trx: Tx, actor: Actor, caseId: string): Promise<{ items: TConference[]; canRecord: boolean }> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    if (!policy.readConferences(actor, access)) throw AppError.forbidden();
    const items = await presentConferences(p, trx, actor.organisationId, now, c.id);
    await auditRead(p, trx, actor, { action: 'conference.list', entityType: 'case', entityId: c.id, details: { count: items.length } });
    return { items, canRecord: policy.recordConference(actor, access) };
  },

  async createConference(p: Platform, trx: Tx, actor: Actor, caseId: string, input: Input<typeof ZConferenceCreate>): Promise<TConference> {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    if (!policy.recordConference(actor, access)) throw AppError.forbidden();
    const orgIds = [...new Set(input.participantOrganisationIds)];
    const found = new Map((await repo.organisations(trx, orgIds)).map((o) => [o.id, o]));
    const errors: FieldError[] = input.participantOrganisationIds.flatMap((id, i) => (found.get(id)?.active === 1 ? [] : [{ path: `participantOrganisationIds.${i}`, code: 'unknown_organisation' as const }]));
    if (input.heldOn > localDate(new Date(), p.config.timezone)) errors.push({ path: 'heldOn', code: 'date_in_future' });
    if (errors.length) throw AppError.validation(errors);
    const id = newId();
    await repo.insertConference(
      trx,
      {
        id,
        case_id: c.id,
        organisation_id: actor.organisationId,
        held_on: input.heldOn,
        participant_orgs: JSON.stringify(orgIds),
        participants_enc: p.keyring.encryptJson(input.participantNames, aad('case_conferences', 'participants_enc', id)),
        minutes_enc: p.keyring.encryptText(input.minutes, aad('case_conferences', 'minutes_enc', id)),
        created_by: actor.userId,
        created_at: now,
      },
      input.decisions.map((text, position) => {
        const did = newId();
        return { id: did, conference_id: id, case_id: c.id, position, text_enc: p.keyring.encryptText(text, aad('conference_decisions', 'text_enc', did)), action_id: null, task_id: null };
      }),
    );
    // Being listed as a participant gives no access to the case: need-to-know still decides.
    await recordAudit(p, trx, actor, { action: 'conference.create', entityType: 'case_conference', entityId: id, details: { caseId: c.id, organisations: orgIds, decisions: input.decisions.length } });
    const [k] = await presentConferences(p, trx, actor.organisationId, now, c.id, id);
    return k!;
  },

  /** Finds a decision of a visible conference of the case, still free to become an action or a deadline. */
  async decisionOf(p: Platform, trx: Tx, actor: Actor, caseId: string, conferenceId: string, decisionId: string) {
    const { c, access, now } = await visibleCase(trx, actor, caseId);
    if (!policy.readConferences(actor, access)) throw AppError.forbidden();
    const [k] = await repo.conferences(trx, { orgId: actor.organisationId, now }, c.id, conferenceId);
    if (!k) throw AppError.notFound();
    if (!policy.recordConference(actor, access)) throw AppError.forbidden();
    const d = (await repo.decisions(trx, [k.id])).find((x) => x.id === decisionId);
    if (!d) throw AppError.notFound();
    return { c, access, now, k, d, text: p.keyring.decryptText(d.text_enc, aad('conference_decisions', 'text_enc', d.id)) };
  },

  async decisionToAction(p: Platform, trx: Tx, actor: Actor, caseId: string, conferenceId: string, decisionId: string, input: Input<typeof ZDecisionToAction>): Promise<TAction> {
    const { c, access, now, k, d, text } = await carePlansService.decisionOf(p, trx, actor, caseId, conferenceId, decisionId);
    const actionId = newId();
    if (!(await repo.claimDecision(trx, d.id, { action_id: actionId }))) throw AppError.validation([{ path: 'decisionId', code: 'decision_already_used' }]);
    await carePlansService.insertAction(p, trx, actor, c, now, { ...input, title: input.title ?? text.slice(0, 500) }, { conferenceId: k.id, decisionId: d.id }, actionId);
    await recordAudit(p, trx, actor, { action: 'conference.decision_action', entityType: 'case_conference', entityId: k.id, details: { caseId: c.id, decisionId: d.id, actionId } });
    return carePlansService.action(p, trx, actor, access, c.id, actionId, now);
  },

  async decisionToTask(p: Platform, trx: Tx, actor: Actor, caseId: string, conferenceId: string, decisionId: string, input: Input<typeof ZDecisionToTask>): Promise<TConference> {
    const { c, now, k, d } = await carePlansService.decisionOf(p, trx, actor, caseId, conferenceId, decisionId);
    const errors = [...(await checkOrganisation(trx, input.assigneeOrganisationId, 'assigneeOrganisationId')), ...checkDueOn(p, input.dueOn, 'dueOn')];
    if (errors.length) throw AppError.validation(errors);
    const taskId = await scheduleDeadline(p, trx, c.id, 'conference_decision', input.assigneeOrganisationId, input.dueOn, { type: DECISION_SUBJECT, id: d.id });
    if (!(await repo.claimDecision(trx, d.id, { task_id: taskId }))) throw AppError.validation([{ path: 'decisionId', code: 'decision_already_used' }]);
    await recordAudit(p, trx, actor, { action: 'conference.decision_task', entityType: 'case_conference', entityId: k.id, details: { caseId: c.id, decisionId: d.id, taskId, organisationId: input.assigneeOrganisationId } });
    const [out] = await presentConferences(p, trx, actor.organisationId, now, c.id, k.id);
    return out!;
  },
};

function presentGoal(p: Platform, g: { id: string; domain: string; text_enc: string; status: string; created_by_name: string; created_at: string; updated_at: string; version: number }): TGoal {
  return {
    id: g.id,
    domain: g.domain as TGoal['domain'],
    text: p.keyring.decryptText(g.text_enc, aad('care_goals', 'text_enc', g.id)),
    status: g.status as TGoal['status'],
    createdBy: g.created_by_name,
    createdAt: g.created_at,
    updatedAt: g.updated_at,
    version: g.version,
  };
}

async function presentConferences(p: Platform, trx: Tx, orgId: string, now: string, caseId: string, conferenceId?: string): Promise<TConference[]> {
  const rows = await repo.conferences(trx, { orgId, now }, caseId, conferenceId);
  const decisions = await repo.decisions(trx, rows.map((r) => r.id));
  const orgIds = rows.flatMap((r) => JSON.parse(r.participant_orgs) as string[]);
  const names = new Map((await repo.organisations(trx, orgIds)).map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    heldOn: r.held_on,
    participantOrganisations: (JSON.parse(r.participant_orgs) as string[]).map((id) => ({ id, name: names.get(id) ?? '' })),
    participantNames: p.keyring.decryptJson<string[]>(r.participants_enc, aad('case_conferences', 'participants_enc', r.id)),
    minutes: p.keyring.decryptText(r.minutes_enc, aad('case_conferences', 'minutes_enc', r.id)),
    decisions: decisions
      .filter((d) => d.conference_id === r.id)
      .map((d) => ({ id: d.id, text: p.keyring.decryptText(d.text_enc, aad('conference_decisions', 'text_enc', d.id)), actionId: d.action_id, taskId: d.task_id })),
    recordedBy: r.created_by_name,
    createdAt: r.created_at,
  }));
}

// A care action's deadline closed on the task list closes the action itself (done or cancelled), with the
// same checks as on the care plan (only the responsible organisation or the case's editors may).
onSubjectTaskClosed(ACTION_SUBJECT, async (p, trx, actor, task, status) => {
  const [a] = task.caseId ? await repo.actions(trx, { orgId: actor.organisationId, now: nowIso() }, task.caseId, task.subjectId) : [];
  if (!a || !task.caseId) throw AppError.notFound();
  await carePlansService.updateAction(p, trx, actor, task.caseId, a.id, { version: a.version, status });
});
