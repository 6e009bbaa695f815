import { sql, type ExpressionBuilder } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import type { DB, TasksTable } from '../../platform/db/schema';
import { caseVisible } from '../../platform/access';

/**
 * Need-to-know: a case's tasks through the case's visibility; a referral's response deadline is also shown to
 * the organisation that must answer it; a task about no case (an action-plan progress report) to its assignee.
 */
const visibleTo = (orgId: string, now: string) => (eb: ExpressionBuilder<DB & { t: DB['tasks']; c: DB['cases'] }, 't' | 'c'>) =>
  eb.or([
    eb.and([eb('t.case_id', 'is not', null), caseVisible(orgId, now)]),
    eb.and([eb('t.subject_type', '=', 'referral'), eb('t.assignee_org_id', '=', orgId)]),
    eb.and([eb('t.case_id', 'is', null), eb('t.assignee_org_id', '=', orgId)]),
  ]);

export const timelinesRepository = {
  insertTask(trx: Tx, row: TasksTable) {
    return trx.insertInto('tasks').values(row).execute();
  },
  openTask(trx: Tx, caseId: string, rule: string) {
    return trx.selectFrom('tasks').selectAll().where('case_id', '=', caseId).where('rule', '=', rule).where('status', '=', 'open').executeTakeFirst();
  },
  /** Tasks of the organisation, through cases it may see (need-to-know also applies to deadlines). */
  list(db: Db | Tx, orgId: string, now: string, f: { userId?: string; overdue?: boolean; caseId?: string; status: string; caselessOnly?: boolean; taskId?: string }) {
    let q = db
      .selectFrom('tasks as t')
      .leftJoin('cases as c', 'c.id', 't.case_id')
      .innerJoin('organisations as o', 'o.id', 't.assignee_org_id')
      .leftJoin('users as u', 'u.id', 't.assignee_user_id')
      .selectAll('t')
      .select(['c.reference', 'o.name as org_name', 'u.display_name as user_name'])
      .where(visibleTo(orgId, now))
      .where('t.status', '=', f.status);
    if (f.caselessOnly) q = q.where('t.case_id', 'is', null);
    if (f.taskId) q = q.where('t.id', '=', f.taskId);
    if (f.caseId) q = q.where('t.case_id', '=', f.caseId);
    else q = q.where('t.assignee_org_id', '=', orgId);
    if (f.userId) {
      const userId = f.userId;
      q = q.where((eb) => eb.or([eb('t.assignee_user_id', '=', userId), eb('t.assignee_user_id', 'is', null)]));
    }
    if (f.overdue) q = q.where('t.due_at', '<', now);
    return q.orderBy('t.due_at').limit(500).execute();
  },
  visibleTask(db: Db | Tx, orgId: string, now: string, id: string) {
    return db.selectFrom('tasks as t').leftJoin('cases as c', 'c.id', 't.case_id').selectAll('t').where('t.id', '=', id).where(visibleTo(orgId, now)).executeTakeFirst();
  },
  changes(db: Db | Tx, taskIds: string[]) {
    if (taskIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('task_changes as tc')
      .leftJoin('users as u', 'u.id', 'tc.changed_by')
      .select(['tc.task_id', 'tc.from_due_at', 'tc.to_due_at', 'tc.reason', 'tc.at', 'u.display_name'])
      .where('tc.task_id', 'in', taskIds)
      .orderBy('tc.at')
      .execute();
  },
  async update(trx: Tx, id: string, version: number, patch: Partial<TasksTable>): Promise<boolean> {
    const r = await trx.updateTable('tasks').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /**
   * Claims up to `limit` due reminders (marks them sent) and returns them. The update re-checks the
   * condition, so two sweeps running at once never claim the same task.
   */
  async takeDueReminders(trx: Tx, now: string, limit: number) {
    const ids = await trx
      .selectFrom('tasks')
      .select('id')
      .where('status', '=', 'open')
      .where('reminded_at', 'is', null)
      .where('remind_at', '<=', now)
      .where('due_at', '>', now)
      .limit(limit)
      .execute();
    if (ids.length === 0) return [];
    return trx
      .updateTable('tasks')
      .set({ reminded_at: now })
      .where('id', 'in', ids.map((r) => r.id))
      .where('reminded_at', 'is', null)
      .returning(['id', 'case_id', 'assignee_org_id', 'assignee_user_id'])
      .execute();
  },
  async takeOverdue(trx: Tx, now: string, limit: number) {
    const ids = await trx
      .selectFrom('tasks')
      .select('id')
      .where('status', '=', 'open')
      .where('escalated_at', 'is', null)
      .where('due_at', '<', now)
      .limit(limit)
      .execute();
    if (ids.length === 0) return [];
    return trx
      .updateTable('tasks')
      // An overdue task no longer needs its reminder: marking it keeps the reminder scan small.
      .set({ escalated_at: now, reminded_at: sql<string>`COALESCE(reminded_at, ${now})` })
      .where('id', 'in', ids.map((r) => r.id))
      .where('escalated_at', 'is', null)
      .returning(['id', 'case_id', 'assignee_org_id', 'assignee_user_id'])
      .execute();
  },
  supervisors(trx: Tx, orgIds: string[]) {
    if (orgIds.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where('organisation_id', 'in', orgIds)
      .where('active', '=', 1)
      .where(sql<boolean>`roles LIKE '%"case_supervisor"%'`)
      .execute();
  },
};
