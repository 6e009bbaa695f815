/**
 * Queries of care plans and case conferences. Every query on case data joins the case and carries the
 * need-to-know predicate, so a record of a case the caller may not see is never returned.
 */
import type { Db, Tx } from '../../platform/db/database';
import type { CareActionsTable, CareAssessmentsTable, CareGoalsTable, CaseConferencesTable, ConferenceDecisionsTable, DurableStepsTable } from '../../platform/db/schema';
import { caseVisible } from '../../platform/access';
import { newId, nowIso } from '../../platform/ids';

type Scope = { orgId: string; now: string };

export const carePlansRepository = {
  plan(db: Db | Tx, s: Scope, caseId: string) {
    return db
      .selectFrom('care_plans as p')
      .innerJoin('cases as c', 'c.id', 'p.case_id')
      .leftJoin('users as u', 'u.id', 'p.durable_updated_by')
      .selectAll('p')
      .select('u.display_name as updated_by_name')
      .where('p.case_id', '=', caseId)
      .where(caseVisible(s.orgId, s.now))
      .executeTakeFirst();
  },
  /** Creates the case's plan if it has none yet (two callers at once: one row). */
  async ensurePlan(trx: Tx, caseId: string) {
    const now = nowIso();
    await trx
      .insertInto('care_plans')
      .values({ id: newId(), case_id: caseId, durable_track: 'undecided', durable_status: 'exploring', durable_note_enc: null, durable_updated_by: null, durable_updated_at: null, version: 1, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .execute();
    return trx.selectFrom('care_plans').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
  },
  async updatePlan(trx: Tx, id: string, version: number, patch: Partial<{ durable_track: string; durable_status: string; durable_note_enc: string | null; durable_updated_by: string; durable_updated_at: string; updated_at: string }>) {
    const r = await trx.updateTable('care_plans').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /**
   * Serialises the writers of a plan's steps: an update of the plan row takes its row lock (PostgreSQL) or the
   * write lock (SQLite), so two steps added at once get distinct positions. The plan's version is not moved.
   */
  async lockPlan(trx: Tx, planId: string, now: string) {
    await trx.updateTable('care_plans').set({ updated_at: now }).where('id', '=', planId).execute();
  },

  durableSteps(db: Db | Tx, s: Scope, caseId: string, stepId?: string) {
    let q = db
      .selectFrom('durable_steps as d')
      .innerJoin('cases as c', 'c.id', 'd.case_id')
      .innerJoin('organisations as o', 'o.id', 'd.responsible_org_id')
      .leftJoin('users as u', 'u.id', 'd.created_by')
      .selectAll('d')
      .select(['o.name as org_name', 'u.display_name as created_by_name'])
      .where('d.case_id', '=', caseId)
      .where(caseVisible(s.orgId, s.now));
    if (stepId) q = q.where('d.id', '=', stepId);
    return q.orderBy('d.position').orderBy('d.created_at').limit(200).execute();
  },
  insertDurableStep(trx: Tx, row: DurableStepsTable) {
    return trx.insertInto('durable_steps').values(row).execute();
  },
  async updateDurableStep(trx: Tx, id: string, version: number, patch: Partial<DurableStepsTable>) {
    const r = await trx.updateTable('durable_steps').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Renumbers steps (order only: their content and version do not change). */
  async setStepPositions(trx: Tx, moves: { id: string; position: number }[]) {
    for (const m of moves) await trx.updateTable('durable_steps').set({ position: m.position }).where('id', '=', m.id).execute();
  },

  assessments(db: Db | Tx, s: Scope, caseId: string) {
    return db
      .selectFrom('care_assessments as a')
      .innerJoin('cases as c', 'c.id', 'a.case_id')
      .innerJoin('users as u', 'u.id', 'a.assessed_by')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .selectAll('a')
      .select(['u.display_name as assessed_by_name', 'o.name as org_name'])
      .where('a.case_id', '=', caseId)
      .where(caseVisible(s.orgId, s.now))
      .orderBy('a.assessed_on', 'desc')
      .orderBy('a.created_at', 'desc')
      .limit(200)
      .execute();
  },
  insertAssessment(trx: Tx, row: CareAssessmentsTable) {
    return trx.insertInto('care_assessments').values(row).execute();
  },

  goals(db: Db | Tx, s: Scope, caseId: string, goalId?: string) {
    let q = db
      .selectFrom('care_goals as g')
      .innerJoin('cases as c', 'c.id', 'g.case_id')
      .innerJoin('users as u', 'u.id', 'g.created_by')
      .selectAll('g')
      .select('u.display_name as created_by_name')
      .where('g.case_id', '=', caseId)
      .where(caseVisible(s.orgId, s.now));
    if (goalId) q = q.where('g.id', '=', goalId);
    return q.orderBy('g.created_at').limit(500).execute();
  },
  insertGoal(trx: Tx, row: CareGoalsTable) {
    return trx.insertInto('care_goals').values(row).execute();
  },
  async updateGoal(trx: Tx, id: string, version: number, patch: Partial<CareGoalsTable>) {
    const r = await trx.updateTable('care_goals').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  actions(db: Db | Tx, s: Scope, caseId: string, actionId?: string) {
    let q = db
      .selectFrom('care_actions as a')
      .innerJoin('cases as c', 'c.id', 'a.case_id')
      .innerJoin('organisations as o', 'o.id', 'a.responsible_org_id')
      .innerJoin('users as u', 'u.id', 'a.created_by')
      .selectAll('a')
      .select(['o.name as org_name', 'u.display_name as created_by_name'])
      .where('a.case_id', '=', caseId)
      .where(caseVisible(s.orgId, s.now));
    if (actionId) q = q.where('a.id', '=', actionId);
    return q.orderBy('a.created_at').limit(1000).execute();
  },
  insertAction(trx: Tx, row: CareActionsTable) {
    return trx.insertInto('care_actions').values(row).execute();
  },
  async updateAction(trx: Tx, id: string, version: number, patch: Partial<CareActionsTable>) {
    const r = await trx.updateTable('care_actions').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  conferences(db: Db | Tx, s: Scope, caseId: string, conferenceId?: string) {
    let q = db
      .selectFrom('case_conferences as k')
      .innerJoin('cases as c', 'c.id', 'k.case_id')
      .innerJoin('users as u', 'u.id', 'k.created_by')
      .selectAll('k')
      .select('u.display_name as created_by_name')
      .where('k.case_id', '=', caseId)
      .where(caseVisible(s.orgId, s.now));
    if (conferenceId) q = q.where('k.id', '=', conferenceId);
    return q.orderBy('k.held_on', 'desc').orderBy('k.created_at', 'desc').limit(200).execute();
  },
  decisions(db: Db | Tx, conferenceIds: string[]) {
    if (conferenceIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('conference_decisions').selectAll().where('conference_id', 'in', conferenceIds).orderBy('conference_id').orderBy('position').execute();
  },
  insertConference(trx: Tx, row: CaseConferencesTable, decisions: ConferenceDecisionsTable[]) {
    return trx
      .insertInto('case_conferences')
      .values(row)
      .execute()
      .then(() => (decisions.length ? trx.insertInto('conference_decisions').values(decisions).execute() : undefined));
  },
  /** Links a decision to what it became, once: a second call at the same time finds it taken. */
  async claimDecision(trx: Tx, id: string, link: { action_id: string } | { task_id: string }) {
    const r = await trx.updateTable('conference_decisions').set(link).where('id', '=', id).where('action_id', 'is', null).where('task_id', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  organisations(db: Db | Tx, ids: string[]) {
    const list = [...new Set(ids)];
    if (list.length === 0) return Promise.resolve([]);
    return db.selectFrom('organisations').select(['id', 'name', 'active']).where('id', 'in', list).execute();
  },
};
