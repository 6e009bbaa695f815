/**
 * The timelines engine: deadlines from configurable rules become tasks assigned to organisations (and a
 * person when the case has one), with a reminder before and an escalation to supervisors after. A sweep
 * job sends due reminders and escalations exactly once (state is in the tasks table, so restarts and
 * several instances are safe). Changing a due date keeps what was due when, and why.
 */
import { z } from 'zod';
import type { TTask } from '../../../contract/identification';
import { ZTaskQuery, ZTaskUpdate } from '../../../contract/identification';
import type { Actor, Platform } from '../../platform/context';
import { hasRole } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import type { CasesTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { recordAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { dueAfter, endOfLocalDay, startOfLocalDayBefore } from './calendar';
import { timelineConfig, type TimelineRule } from './timelines.config';
import { notify } from './notifications';
import { timelinesRepository as repo } from './timelines.repository';

const CASE_ROLES = ['first_responder', 'case_worker', 'case_supervisor', 'service_provider', 'justice_liaison'] as const;

/** `situation`: the case's situation type (trafficking, smuggling, …); a rule limited to some situations needs one of them. */
type TriggerContext = { child: boolean; foreign: boolean; situation?: string; decidingOrgId?: string; at: string };
type CaseForTasks = Pick<CasesTable, 'id' | 'managing_org_id' | 'assigned_user_id'> & { situation_type?: string };

function applies(rule: TimelineRule, ctx: TriggerContext): boolean {
  const who = rule.when === 'always' || (rule.when === 'child' && ctx.child) || (rule.when === 'foreign' && ctx.foreign);
  return who && (!rule.situations || ctx.situation === undefined || rule.situations.includes(ctx.situation));
}

/** The task of a rule for a case, due `rule.days` after `ctx.at`; false when it has no organisation to go to. */
async function createRuleTask(trx: Tx, rule: TimelineRule, c: CaseForTasks, ctx: TriggerContext): Promise<boolean> {
  const cfg = timelineConfig();
  const due = dueAfter(ctx.at, rule.days, rule.calendar, cfg.timezone, cfg.holidays);
  const remindAt = rule.remindBeforeDays > 0 ? startOfLocalDayBefore(due.date, rule.remindBeforeDays, cfg.timezone).toISOString() : null;
  const managing = rule.assignee === 'managing_organisation';
  const orgId = managing ? c.managing_org_id : ctx.decidingOrgId;
  if (!orgId) return false;
  await repo.insertTask(trx, {
    id: newId(),
    case_id: c.id,
    rule: rule.code,
    status: 'open',
    assignee_org_id: orgId,
    assignee_user_id: managing ? c.assigned_user_id : null,
    due_at: due.at.toISOString(),
    remind_at: remindAt,
    reminded_at: null,
    escalated_at: null,
    completed_at: null,
    completed_by: null,
    version: 1,
    created_at: nowIso(),
  });
  return true;
}

/**
 * A task that stands for another record's deadline (a care-plan action, say) is closed through that record,
 * so the two never disagree: closing the task on the task list runs the owner's own transition, which closes
 * the task with it. Modules register their subject types here.
 */
export type SubjectTaskHandler = (p: Platform, trx: Tx, actor: Actor, task: { caseId: string | null; subjectId: string }, status: 'done' | 'cancelled') => Promise<void>;
const subjectHandlers = new Map<string, SubjectTaskHandler>();
export function onSubjectTaskClosed(type: string, handler: SubjectTaskHandler): void {
  subjectHandlers.set(type, handler);
}

export const timelinesService = {
  /**
   * Creates the tasks a trigger starts for a case (once per rule while one is open). The case's situation type
   * (`ctx.situation`, else `c.situation_type`) decides the rules limited to some situations.
   */
  async startTrigger(trx: Tx, trigger: TimelineRule['trigger'], c: CaseForTasks, ctx: TriggerContext): Promise<number> {
    const cfg = timelineConfig();
    const context = { ...ctx, situation: ctx.situation ?? c.situation_type };
    let created = 0;
    for (const rule of cfg.rules.filter((r) => r.trigger === trigger && applies(r, context))) {
      if (await repo.openTask(trx, c.id, rule.code)) continue;
      if (await createRuleTask(trx, rule, c, context)) created += 1;
    }
    return created;
  },

  /**
   * A case's situation type changed (e.g. trafficking ↔ smuggling): the registration deadlines follow. The open
   * tasks of rules that no longer apply are cancelled; the rules that now apply start from now, unless their
   * task is open or was already done. Audited (`timelines.situation_changed`) with what was opened and closed.
   */
  async situationChanged(
    p: Platform,
    trx: Tx,
    actor: Actor,
    c: CaseForTasks,
    change: { from: string; to: string; child: boolean; foreign: boolean },
  ): Promise<{ opened: string[]; closed: string[] }> {
    if (change.from === change.to) return { opened: [], closed: [] };
    const now = nowIso();
    const before = { child: change.child, foreign: change.foreign, situation: change.from, at: now };
    const after = { ...before, situation: change.to };
    const rules = timelineConfig().rules.filter((r) => r.trigger === 'case_registered');
    const opened: string[] = [];
    const closed: string[] = [];
    for (const rule of rules) {
      const was = applies(rule, before);
      const is = applies(rule, after);
      if (was && !is) {
        const task = await repo.openTask(trx, c.id, rule.code);
        if (task && !task.subject_type && (await repo.update(trx, task.id, task.version, { status: 'cancelled', completed_at: now, completed_by: actor.userId }))) closed.push(rule.code);
      } else if (is && !was) {
        const done = await trx.selectFrom('tasks').select('id').where('case_id', '=', c.id).where('rule', '=', rule.code).where('status', 'in', ['open', 'done']).executeTakeFirst();
        if (!done && (await createRuleTask(trx, rule, c, after))) opened.push(rule.code);
      }
    }
    await recordAudit(p, trx, actor, { action: 'timelines.situation_changed', entityType: 'case', entityId: c.id, details: { from: change.from, to: change.to, opened, closed } });
    return { opened, closed };
  },

  /**
   * A deadline about one thing in a case (a referral's response, a hearing), due at a given instant.
   * Several may be open at once for the same case and rule; `completeSubject` closes them.
   */
  async schedule(
    trx: Tx,
    t: { caseId: string | null; rule: string; assigneeOrgId: string; assigneeUserId?: string | null; dueAt: string; remindAt?: string | null; subject: { type: string; id: string } },
  ): Promise<string> {
    const id = newId();
    await repo.insertTask(trx, {
      id,
      case_id: t.caseId,
      rule: t.rule,
      status: 'open',
      assignee_org_id: t.assigneeOrgId,
      assignee_user_id: t.assigneeUserId ?? null,
      due_at: t.dueAt,
      remind_at: t.remindAt ?? null,
      reminded_at: null,
      escalated_at: null,
      completed_at: null,
      completed_by: null,
      version: 1,
      created_at: nowIso(),
      subject_type: t.subject.type,
      subject_id: t.subject.id,
    });
    return id;
  },

  /** Closes the open tasks about a subject (e.g. when the referral is answered or the hearing is cancelled). */
  async completeSubject(trx: Tx, subject: { type: string; id: string }, actor: Actor | null, status: 'done' | 'cancelled' = 'done', rule?: string): Promise<number> {
    let q = trx
      .updateTable('tasks')
      .set((eb) => ({ status, completed_at: nowIso(), completed_by: actor?.userId ?? null, version: eb('version', '+', 1) }))
      .where('subject_type', '=', subject.type)
      .where('subject_id', '=', subject.id)
      .where('status', '=', 'open');
    if (rule) q = q.where('rule', '=', rule);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** Closes the open task of a rule (e.g. the decision deadline once the decision is made). */
  async completeRule(trx: Tx, caseId: string, rule: string, actor: Actor, status: 'done' | 'cancelled' = 'done'): Promise<void> {
    const task = await repo.openTask(trx, caseId, rule);
    if (task) await repo.update(trx, task.id, task.version, { status, completed_at: nowIso(), completed_by: actor.userId });
  },

  /**
   * Sends due reminders and escalations; safe to run concurrently and repeatedly. Works in batches, each
   * its own transaction, so a catch-up after a long stop stays bounded in memory and lock time.
   */
  async sweep(p: Platform, now = nowIso(), batch = 5000): Promise<{ reminded: number; escalated: number }> {
    let reminded = 0;
    let escalated = 0;
    // Overdue tasks first: escalating marks them reminded too, so the reminder scan that follows walks only
    // the tasks still ahead of their deadline (reminders first would re-read every overdue task in each batch).
    for (;;) {
      const n = await p.db.transaction().execute(async (trx) => {
        const overdue = await repo.takeOverdue(trx, now, batch);
        const supervisors = await repo.supervisors(trx, [...new Set(overdue.map((t) => t.assignee_org_id))]);
        await notify(
          trx,
          overdue.flatMap((t) => {
            // To each supervisor of the organisation; to the organisation itself when it has none.
            const sup = supervisors.filter((s) => s.organisation_id === t.assignee_org_id);
            const base = { kind: 'task_escalation' as const, caseId: t.case_id, taskId: t.id, organisationId: t.assignee_org_id };
            return sup.length ? sup.map((s) => ({ ...base, userId: s.id as string | null })) : [{ ...base, userId: null }];
          }),
        );
        if (overdue.length) await recordAudit(p, trx, null, { action: 'timelines.escalations', details: { count: overdue.length } });
        return overdue.length;
      });
      escalated += n;
      if (n < batch) break;
    }
    for (;;) {
      const n = await p.db.transaction().execute(async (trx) => {
        const due = await repo.takeDueReminders(trx, now, batch);
        await notify(
          trx,
          due.map((t) => ({ organisationId: t.assignee_org_id, userId: t.assignee_user_id, kind: 'task_reminder' as const, caseId: t.case_id, taskId: t.id })),
        );
        if (due.length) await recordAudit(p, trx, null, { action: 'timelines.reminders', details: { count: due.length } });
        return due.length;
      });
      reminded += n;
      if (n < batch) break;
    }
    return { reminded, escalated };
  },

  /**
   * The caller's tasks. An organisation administrator without a case role sees only the tasks about no case
   * (action-plan progress reports: they are its organisation's focal points), never a case's deadlines.
   */
  async list(p: Platform, db: Db | Tx, actor: Actor, query: z.output<typeof ZTaskQuery>, onlyTaskId?: string): Promise<TTask[]> {
    const caseRoles = hasRole(actor, ...CASE_ROLES);
    if (!caseRoles && !hasRole(actor, 'org_admin')) throw AppError.forbidden();
    if (!caseRoles && query.caseId) throw AppError.forbidden();
    if (!onlyTaskId && query.scope === 'organisation' && !query.caseId && !hasRole(actor, 'case_supervisor', 'justice_liaison')) throw AppError.forbidden();
    const now = nowIso();
    const rows = await repo.list(db, actor.organisationId, now, {
      userId: query.scope === 'mine' && !query.caseId && !onlyTaskId ? actor.userId : undefined,
      overdue: query.overdue === 'true',
      caseId: query.caseId,
      status: query.status,
      caselessOnly: !caseRoles,
      taskId: onlyTaskId,
    });
    const changes = await repo.changes(db, rows.map((r) => r.id));
    const extendable = new Set(timelineConfig().rules.filter((r) => r.extendable).map((r) => r.code));
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseReference: r.reference,
      rule: r.rule,
      status: r.status as TTask['status'],
      extendable: extendable.has(r.rule),
      dueAt: r.due_at,
      remindAt: r.remind_at,
      assigneeOrganisation: { id: r.assignee_org_id, name: r.org_name },
      assigneeUser: r.assignee_user_id ? { id: r.assignee_user_id, name: r.user_name ?? '' } : null,
      overdue: r.status === 'open' && r.due_at < now,
      remindedAt: r.reminded_at,
      escalatedAt: r.escalated_at,
      completedAt: r.completed_at,
      subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id } : null,
      version: r.version,
      changes: changes.filter((c) => c.task_id === r.id).map((c) => ({ fromDueAt: c.from_due_at, toDueAt: c.to_due_at, reason: c.reason, by: c.display_name ?? '', at: c.at })),
    }));
  },

  async update(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZTaskUpdate>): Promise<TTask> {
    const caseRoles = hasRole(actor, ...CASE_ROLES);
    if (!caseRoles && !hasRole(actor, 'org_admin')) throw AppError.forbidden();
    const now = nowIso();
    const task = await repo.visibleTask(trx, actor.organisationId, now, id);
    if (!task || (!caseRoles && task.case_id !== null)) throw AppError.notFound();
    if (task.assignee_org_id !== actor.organisationId) throw AppError.forbidden();
    const cfg = timelineConfig();
    const patch: Parameters<typeof repo.update>[3] = {};
    if (input.status) Object.assign(patch, { status: input.status, completed_at: now, completed_by: actor.userId });
    if (input.assigneeUserId !== undefined) patch.assignee_user_id = input.assigneeUserId;
    if (input.dueOn) {
      const rule = cfg.rules.find((r) => r.code === task.rule);
      if (!rule?.extendable) throw AppError.validation([{ path: 'dueOn', code: 'not_extendable' }]);
      const newDue = endOfLocalDay(input.dueOn, cfg.timezone).toISOString();
      if (newDue <= now) throw AppError.validation([{ path: 'dueOn', code: 'date_in_past' }]);
      Object.assign(patch, {
        due_at: newDue,
        remind_at: rule.remindBeforeDays > 0 ? startOfLocalDayBefore(input.dueOn, rule.remindBeforeDays, cfg.timezone).toISOString() : null,
        reminded_at: null,
        escalated_at: null,
      });
    }
    const handler = input.status && task.subject_type && task.subject_id ? subjectHandlers.get(task.subject_type) : undefined;
    if (handler) {
      if (input.version !== task.version) throw AppError.conflict(task.version);
      await handler(p, trx, actor, { caseId: task.case_id, subjectId: task.subject_id! }, input.status!);
      delete patch.status;
      delete patch.completed_at;
      delete patch.completed_by;
      const closed = await trx.selectFrom('tasks').select('version').where('id', '=', id).executeTakeFirstOrThrow();
      if (Object.keys(patch).length > 0 && !(await repo.update(trx, id, closed.version, patch))) throw await versionConflict(trx, 'tasks', id);
    } else if (!(await repo.update(trx, id, input.version, patch))) throw await versionConflict(trx, 'tasks', id);
    if (input.dueOn) {
      await trx.insertInto('task_changes').values({ id: newId(), task_id: id, from_due_at: task.due_at, to_due_at: patch.due_at!, reason: input.reason!, changed_by: actor.userId, at: now }).execute();
    }
    await recordAudit(p, trx, actor, { action: 'task.update', entityType: 'task', entityId: id, details: { caseId: task.case_id, changed: Object.keys(input).filter((k) => k !== 'version' && k !== 'reason') } });
    const [updated] = await timelinesService.list(p, trx, actor, { scope: 'organisation', caseId: task.case_id ?? undefined, status: (input.status ?? 'open') as 'open' }, id);
    if (!updated) throw AppError.notFound();
    return updated;
  },
};
