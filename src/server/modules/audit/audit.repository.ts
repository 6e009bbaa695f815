import type { Db, Tx } from '../../platform/db/database';

export type AuditFilters = { action?: string; actorUserId?: string; organisationId?: string; entityId?: string; from?: string; to?: string };

export const auditRepository = {
  /** Newest first; `scopeOrgId` restricts an organisation administrator to their own organisation. */
  list(db: Db | Tx, scopeOrgId: string | null, f: AuditFilters, limit: number, beforeSeq?: number) {
    let q = db
      .selectFrom('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.actor_user_id')
      .leftJoin('organisations as o', 'o.id', 'a.actor_org_id')
      .select(['a.seq', 'a.at', 'a.action', 'a.actor_user_id', 'a.entity_type', 'a.entity_id', 'a.ip', 'a.details', 'u.display_name', 'o.name as org_name']);
    if (scopeOrgId) q = q.where('a.actor_org_id', '=', scopeOrgId);
    if (f.organisationId) q = q.where('a.actor_org_id', '=', f.organisationId);
    if (f.action) q = q.where('a.action', '=', f.action);
    if (f.actorUserId) q = q.where('a.actor_user_id', '=', f.actorUserId);
    if (f.entityId) q = q.where('a.entity_id', '=', f.entityId);
    if (f.from) q = q.where('a.at', '>=', `${f.from}T00:00:00.000Z`);
    if (f.to) q = q.where('a.at', '<=', `${f.to}T23:59:59.999Z`);
    if (beforeSeq !== undefined) q = q.where('a.seq', '<', beforeSeq);
    return q.orderBy('a.seq', 'desc').limit(limit + 1).execute();
  },
};
