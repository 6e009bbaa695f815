/** Browsing and verifying the audit log; both are themselves audited. */
import { z } from 'zod';
import { ZAuditQuery } from '../../../contract/audit';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { recordAudit, verifyAuditChain, type VerifyResult } from '../../platform/audit';
import { auditPolicy } from './audit.policy';
import { auditRepository as repo } from './audit.repository';

export const auditService = {
  async list(p: Platform, trx: Tx, actor: Actor, query: z.output<typeof ZAuditQuery>) {
    if (!auditPolicy.browse(actor)) throw AppError.forbidden();
    const rows = await repo.list(trx, auditPolicy.scope(actor), query, query.limit, query.cursor);
    const page = rows.slice(0, query.limit);
    await recordAudit(p, trx, actor, { action: 'audit.read', details: { filters: { ...query, cursor: undefined } } });
    return {
      items: page.map((r) => ({
        seq: Number(r.seq),
        at: r.at,
        action: r.action,
        actor: r.display_name ?? null,
        actorUserId: r.actor_user_id,
        organisation: r.org_name ?? null,
        entityType: r.entity_type,
        entityId: r.entity_id,
        ip: r.ip,
        details: JSON.parse(r.details) as Record<string, unknown>,
      })),
      nextCursor: rows.length > query.limit ? Number(page[page.length - 1]!.seq) : null,
    };
  },

  async verify(p: Platform, actor: Actor): Promise<VerifyResult> {
    if (!auditPolicy.verify(actor)) throw AppError.forbidden();
    const result = await verifyAuditChain(p.db);
    await p.db.transaction().execute((trx) => recordAudit(p, trx, actor, { action: 'audit.verify', details: { ...result } }));
    return result;
  },
};
