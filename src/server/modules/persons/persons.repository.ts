import type { Db, Tx } from '../../platform/db/database';
import type { PersonsTable } from '../../platform/db/schema';
import { caseVisible } from '../../platform/access';

export type SearchToken = { kind: 'name' | 'doc'; token: string };

export const personsRepository = {
  insert(trx: Tx, row: PersonsTable) {
    return trx.insertInto('persons').values(row).execute();
  },
  /** The person, only if one of their cases is visible to the organisation. */
  visibleById(db: Db | Tx, orgId: string, now: string, id: string) {
    return db
      .selectFrom('persons as p')
      .selectAll('p')
      .where('p.id', '=', id)
      .where((eb) => eb.exists(eb.selectFrom('cases as c').select('c.id').whereRef('c.person_id', '=', 'p.id').where(caseVisible(orgId, now))))
      .executeTakeFirst();
  },
  /** The person's cases this organisation may see, with how it sees them. */
  visibleCases(db: Db | Tx, orgId: string, now: string, personId: string) {
    return db
      .selectFrom('cases as c')
      .select(['c.id', 'c.reference', 'c.status', 'c.stage', 'c.identified_on', 'c.managing_org_id'])
      .where('c.person_id', '=', personId)
      .where(caseVisible(orgId, now))
      .orderBy('c.created_at', 'desc')
      .execute();
  },
  /** The earliest identification date of the person's cases (every case: the age is the person's, whoever sees it). */
  async firstIdentifiedOn(db: Db | Tx, personId: string): Promise<string | null> {
    const row = await db.selectFrom('cases').select((eb) => eb.fn.min<string>('identified_on').as('first')).where('person_id', '=', personId).executeTakeFirst();
    return row?.first ?? null;
  },
  async update(trx: Tx, id: string, version: number, patch: Partial<PersonsTable>): Promise<boolean> {
    const r = await trx.updateTable('persons').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Rewrites the search tokens of every case of the person (after their names or documents changed). */
  async replaceSearchTokens(trx: Tx, personId: string, tokens: SearchToken[]) {
    const cases = await trx.selectFrom('cases').select(['id', 'managing_org_id']).where('person_id', '=', personId).execute();
    if (cases.length === 0) return;
    await trx.deleteFrom('case_search').where('case_id', 'in', cases.map((c) => c.id)).execute();
    const rows = cases.flatMap((c) => tokens.map((t) => ({ case_id: c.id, org_id: c.managing_org_id, ...t })));
    if (rows.length) await trx.insertInto('case_search').values(rows).execute();
  },
};
