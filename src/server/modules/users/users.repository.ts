import type { Db, Tx } from '../../platform/db/database';
import type { UsersTable } from '../../platform/db/schema';

const columns = [
  'u.id', 'u.organisation_id', 'u.email', 'u.display_name', 'u.roles', 'u.language', 'u.totp_enabled', 'u.failed_logins',
  'u.locked_until', 'u.must_change_password', 'u.active', 'u.is_demo', 'u.last_login_at', 'u.version', 'u.created_at', 'o.name as organisation_name',
] as const;

export const usersRepository = {
  /** `scopeOrgId` null = every organisation (system administrators); otherwise only that organisation. */
  list(db: Db | Tx, scopeOrgId: string | null, organisationId?: string) {
    let q = db.selectFrom('users as u').innerJoin('organisations as o', 'o.id', 'u.organisation_id').select(columns);
    if (scopeOrgId) q = q.where('u.organisation_id', '=', scopeOrgId);
    if (organisationId) q = q.where('u.organisation_id', '=', organisationId);
    return q.orderBy('u.display_name').execute();
  },
  visibleById(db: Db | Tx, scopeOrgId: string | null, id: string) {
    let q = db.selectFrom('users as u').innerJoin('organisations as o', 'o.id', 'u.organisation_id').select(columns).where('u.id', '=', id);
    if (scopeOrgId) q = q.where('u.organisation_id', '=', scopeOrgId);
    return q.executeTakeFirst();
  },
  byEmail(db: Db | Tx, email: string) {
    return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  },
  byId(db: Db | Tx, id: string) {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },
  insert(trx: Tx, row: UsersTable) {
    return trx.insertInto('users').values(row).execute();
  },
  async update(trx: Tx, id: string, version: number, patch: Partial<UsersTable>): Promise<boolean> {
    const r = await trx.updateTable('users').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  assignable(db: Db | Tx, organisationId: string) {
    return db.selectFrom('users').select(['id', 'display_name', 'roles']).where('organisation_id', '=', organisationId).where('active', '=', 1).orderBy('display_name').execute();
  },
  deleteSessions(trx: Tx, userId: string) {
    return trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  },
};
