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
