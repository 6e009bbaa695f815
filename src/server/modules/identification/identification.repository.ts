import type { Db, Tx } from '../../platform/db/database';
import type { IdentificationDecisionsTable } from '../../platform/db/schema';

export const identificationRepository = {
  decisions(db: Db | Tx, caseId: string) {
    return db
      .selectFrom('identification_decisions as d')
      .innerJoin('organisations as o', 'o.id', 'd.deciding_org_id')
      .leftJoin('users as u', 'u.id', 'd.decided_by')
      .leftJoin('users as r', 'r.id', 'd.reviewed_by')
      .selectAll('d')
      .select(['o.name as org_name', 'u.display_name as decided_by_name', 'r.display_name as reviewed_by_name'])
      .where('d.case_id', '=', caseId)
      .orderBy('d.created_at', 'desc')
      .execute();
  },
  insertDecision(trx: Tx, row: IdentificationDecisionsTable) {
    return trx.insertInto('identification_decisions').values(row).execute();
  },
  pending(trx: Tx, caseId: string) {
    return trx.selectFrom('identification_decisions').selectAll().where('case_id', '=', caseId).where('state', '=', 'pending_review').executeTakeFirst();
  },
  lastFinal(trx: Tx, caseId: string) {
    return trx.selectFrom('identification_decisions').selectAll().where('case_id', '=', caseId).where('state', '=', 'final').orderBy('created_at', 'desc').executeTakeFirst();
  },
  /** Bumps the case's identification version: two decisions taken at once → one of them gets 409. */
  async bump(trx: Tx, caseId: string, version: number, patch: Record<string, unknown>): Promise<boolean> {
    const r = await trx
      .updateTable('cases')
      .set({ ...patch, identification_version: version + 1 })
      .where('id', '=', caseId)
      .where('identification_version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Sets case columns of a case this transaction has already claimed by `bump`. */
  async patchCase(trx: Tx, caseId: string, patch: Record<string, unknown>): Promise<void> {
    await trx.updateTable('cases').set(patch).where('id', '=', caseId).execute();
  },
  organisation(db: Db | Tx, id: string) {
    return db.selectFrom('organisations').select(['id', 'name', 'type', 'active']).where('id', '=', id).executeTakeFirst();
  },
};
