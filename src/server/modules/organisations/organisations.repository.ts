import type { Db, Tx } from '../../platform/db/database';
import type { OrganisationsTable } from '../../platform/db/schema';

export const organisationsRepository = {
  list(db: Db | Tx) {
    return db.selectFrom('organisations').selectAll().orderBy('name').execute();
  },
  byId(db: Db | Tx, id: string) {
    return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  },
  insert(trx: Tx, row: OrganisationsTable) {
    return trx.insertInto('organisations').values(row).execute();
  },
  /** Optimistic update: returns false when the version is stale. */
  async update(trx: Tx, id: string, version: number, patch: Partial<OrganisationsTable>): Promise<boolean> {
    const r = await trx
      .updateTable('organisations')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};
