import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import type { RecommendationFollowUpsTable, RecommendationsTable } from '../../platform/db/schema';

type Q = Db | Tx;

/** What a reader may see: everything for the secretariat, else the recommendations addressed to their organisation. */
const visible = (orgId: string | null) => (orgId === null ? sql<boolean>`1 = 1` : sql<boolean>`r.addressed_to LIKE ${`%"${orgId}"%`}`);

export const actionplanRepository = {
  async nextReference(trx: Tx, year: number): Promise<string> {
    const name = `recommendation:${year}`;
    await trx.insertInto('counters').values({ name, value: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const row = await trx.updateTable('counters').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', name).returning('value').executeTakeFirstOrThrow();
    return `REC-${year}-${String(row.value).padStart(3, '0')}`;
  },
  list(db: Q, orgId: string | null, status?: string) {
    let q = db.selectFrom('recommendations as r').selectAll('r').where(visible(orgId));
    if (status) q = q.where('r.status', '=', status);
    return q.orderBy('r.adopted_on', 'desc').orderBy('r.id', 'desc').limit(500).execute();
  },
  /** Every recommendation adopted in a calendar year, by reference (for the annual report). */
  adoptedIn(db: Q, year: number) {
    return db.selectFrom('recommendations').selectAll().where('adopted_on', '>=', `${year}-01-01`).where('adopted_on', '<=', `${year}-12-31`).orderBy('reference').execute();
  },
  byId(db: Q, orgId: string | null, id: string) {
    return db.selectFrom('recommendations as r').selectAll('r').where('r.id', '=', id).where(visible(orgId)).executeTakeFirst();
  },
  insert(trx: Tx, row: RecommendationsTable) {
    return trx.insertInto('recommendations').values(row).execute();
  },
  async update(trx: Tx, id: string, version: number, patch: Partial<RecommendationsTable>): Promise<boolean> {
    const r = await trx.updateTable('recommendations').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  addFollowUp(trx: Tx, row: RecommendationFollowUpsTable) {
    return trx.insertInto('recommendation_follow_ups').values(row).execute();
  },
  followUps(db: Q, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('recommendation_follow_ups as f')
      .leftJoin('users as u', 'u.id', 'f.changed_by')
      .select(['f.recommendation_id', 'f.from_status', 'f.to_status', 'f.note', 'f.at', 'u.display_name'])
      .where('f.recommendation_id', 'in', ids)
      .orderBy('f.at', 'desc')
      .execute();
  },
  organisations(db: Q, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('organisations').select(['id', 'name', 'active']).where('id', 'in', ids).execute();
  },
};

/** The national action plan's tables. */
export const planRepository = {
  plans(db: Q) {
    return db.selectFrom('action_plans').selectAll().orderBy('start_year', 'desc').orderBy('code').execute();
  },
  plan(db: Q, id: string) {
    return db.selectFrom('action_plans').selectAll().where('id', '=', id).executeTakeFirst();
  },
  planByCode(db: Q, code: string) {
    return db.selectFrom('action_plans').selectAll().where('code', '=', code).executeTakeFirst();
  },
  objectives(db: Q, planId: string) {
    return db.selectFrom('plan_objectives').selectAll().where('plan_id', '=', planId).orderBy('code').execute();
  },
  objective(db: Q, id: string) {
    return db.selectFrom('plan_objectives').selectAll().where('id', '=', id).executeTakeFirst();
  },
  actions(db: Q, planId: string) {
    return db.selectFrom('plan_actions').selectAll().where('plan_id', '=', planId).orderBy('code').execute();
  },
  action(db: Q, id: string) {
    return db.selectFrom('plan_actions').selectAll().where('id', '=', id).executeTakeFirst();
  },
  actionsByIds(db: Q, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('plan_actions').selectAll().where('id', 'in', ids).execute();
  },
  partners(db: Q, actionIds: string[]) {
    if (actionIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('plan_action_partners as pp')
      .innerJoin('organisations as o', 'o.id', 'pp.organisation_id')
      .select(['pp.action_id', 'pp.organisation_id', 'o.name'])
      .where('pp.action_id', 'in', actionIds)
      .orderBy('o.name')
      .execute();
  },
  indicators(db: Q, planId: string) {
    return db.selectFrom('plan_indicators').selectAll().where('plan_id', '=', planId).orderBy('code').execute();
  },
  indicator(db: Q, id: string) {
    return db.selectFrom('plan_indicators').selectAll().where('id', '=', id).executeTakeFirst();
  },
  actionIndicators(db: Q, actionId: string) {
    return db.selectFrom('plan_indicators').selectAll().where('action_id', '=', actionId).orderBy('code').execute();
  },
  targets(db: Q, indicatorIds: string[]) {
    if (indicatorIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('plan_indicator_targets').selectAll().where('indicator_id', 'in', indicatorIds).orderBy('year').execute();
  },
  /** Validated report values of the plan (for the latest validated value per indicator). */
  validatedValues(db: Q, planId: string) {
    return db
      .selectFrom('plan_report_values as v')
      .innerJoin('plan_reports as r', 'r.id', 'v.report_id')
      .select(['v.indicator_id', 'v.value', 'r.period', 'r.reviewed_at'])
      .where('r.plan_id', '=', planId)
      .where('r.status', '=', 'validated')
      .execute();
  },
  validatedReports(db: Q, planId: string) {
    return db.selectFrom('plan_reports').select(['action_id', 'period', 'action_status', 'reviewed_at']).where('plan_id', '=', planId).where('status', '=', 'validated').execute();
  },
  organisations(db: Q, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('organisations').select(['id', 'name', 'active']).where('id', 'in', ids).execute();
  },
  async update<T extends 'action_plans' | 'plan_objectives' | 'plan_actions' | 'plan_indicators' | 'plan_reports'>(trx: Tx, table: T, id: string, version: number, patch: Record<string, unknown>): Promise<boolean> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r = await (trx as any).updateTable(table).set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  reports(db: Q, f: { planId?: string; actionId?: string; status?: string; ids?: string[] }) {
    let q = db
      .selectFrom('plan_reports as r')
      .innerJoin('plan_actions as a', 'a.id', 'r.action_id')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .selectAll('r')
      .select(['a.code as action_code', 'a.title_fr as action_title_fr', 'a.title_ar as action_title_ar', 'a.lead_org_id', 'o.name as org_name']);
    if (f.planId) q = q.where('r.plan_id', '=', f.planId);
    if (f.actionId) q = q.where('r.action_id', '=', f.actionId);
    if (f.status) q = q.where('r.status', '=', f.status);
    if (f.ids) q = q.where('r.id', 'in', f.ids.length ? f.ids : ['']);
    return q.orderBy('r.period', 'desc').orderBy('a.code').limit(500).execute();
  },
  report(db: Q, id: string) {
    return db.selectFrom('plan_reports').selectAll().where('id', '=', id).executeTakeFirst();
  },
  reportFor(db: Q, actionId: string, period: string) {
    return db.selectFrom('plan_reports').select(['id', 'status']).where('action_id', '=', actionId).where('period', '=', period).executeTakeFirst();
  },
  reportValues(db: Q, reportIds: string[]) {
    if (reportIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('plan_report_values as v')
      .innerJoin('plan_indicators as i', 'i.id', 'v.indicator_id')
      .select(['v.report_id', 'v.indicator_id', 'v.value', 'i.code', 'i.unit'])
      .where('v.report_id', 'in', reportIds)
      .orderBy('i.code')
      .execute();
  },
  async replaceValues(trx: Tx, reportId: string, values: { indicatorId: string; value: number }[]) {
    await trx.deleteFrom('plan_report_values').where('report_id', '=', reportId).execute();
    if (values.length) await trx.insertInto('plan_report_values').values(values.map((v) => ({ report_id: reportId, indicator_id: v.indicatorId, value: String(v.value) }))).execute();
  },
  evidence(db: Q, reportIds: string[]) {
    if (reportIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('plan_report_evidence').select(['id', 'report_id', 'file_name_enc', 'mime_type', 'size_bytes']).where('report_id', 'in', reportIds).execute();
  },
  evidenceContent(db: Q, reportId: string) {
    return db.selectFrom('plan_report_evidence').selectAll().where('report_id', '=', reportId).executeTakeFirst();
  },
  linkedRecommendations(db: Q, actionId: string) {
    return db.selectFrom('recommendations').select(['id', 'reference', 'text_fr', 'text_ar', 'status']).where('linked_actions', 'like', `%"${actionId}"%`).orderBy('adopted_on', 'desc').execute();
  },
};
