import type { Db, Tx } from '../../platform/db/database';
import type { BreachesTable } from '../../platform/db/schema';

type Q = Db | Tx;
export type BreachRow = BreachesTable & { recorded_by_name: string | null };

export const accountabilityRepository = {
  /** How many organisations of each type the directory holds (active ones). */
  async organisationsByType(db: Q): Promise<Map<string, number>> {
    const rows = await db.selectFrom('organisations').select(['type', (eb) => eb.fn.countAll().as('n')]).where('active', '=', 1).groupBy('type').execute();
    return new Map(rows.map((r) => [r.type, Number(r.n)]));
  },
  async auditEntries(db: Q): Promise<number> {
    const r = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  },
  async nextReference(trx: Tx, year: number): Promise<string> {
    const name = `breach:${year}`;
    await trx.insertInto('counters').values({ name, value: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const row = await trx.updateTable('counters').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', name).returning('value').executeTakeFirstOrThrow();
    return `BR-${year}-${String(row.value).padStart(3, '0')}`;
  },
  breaches(db: Q, id?: string): Promise<BreachRow[]> {
    let q = db.selectFrom('breaches as b').leftJoin('users as u', 'u.id', 'b.created_by').selectAll('b').select('u.display_name as recorded_by_name');
    if (id) q = q.where('b.id', '=', id);
    return q.orderBy('b.detected_at', 'desc').orderBy('b.id', 'desc').limit(500).execute();
  },
  async insert(trx: Tx, row: BreachesTable): Promise<void> {
    await trx.insertInto('breaches').values(row).execute();
  },
  /** Conditional on the version read: false when someone else changed it first. */
  async update(trx: Tx, id: string, version: number, patch: Partial<BreachesTable>): Promise<boolean> {
    const r = await trx.updateTable('breaches').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};
