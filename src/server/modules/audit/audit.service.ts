/** Browsing and verifying the audit log; both are themselves audited. */
import { z } from 'zod';
import { ZAuditQuery } from '../../../contract/audit';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { auditRead, recordAudit, verifyAuditChain, type VerifyResult } from '../../platform/audit';
import { auditPolicy } from './audit.policy';
import { auditRepository as repo } from './audit.repository';

/** Reasons given for revealing a victim's contact are stored encrypted; whoever may read the entry sees them. */
async function revealReasons(p: Platform, trx: Tx, rows: { action: string; details: string }[]): Promise<Map<string, string>> {
  const ids = rows.filter((r) => r.action === 'justice.victim_contact_reveal').map((r) => (JSON.parse(r.details) as { revealId?: string }).revealId).filter((x): x is string => !!x);
  if (ids.length === 0) return new Map();
  const found = await trx.selectFrom('contact_reveals').select(['id', 'reason_enc']).where('id', 'in', ids).execute();
  return new Map(found.map((f) => [f.id, p.keyring.decryptText(f.reason_enc, `contact_reveals.reason_enc:${f.id}`)]));
}
const withReason = (d: Record<string, unknown>, reasons: Map<string, string>) => (typeof d.revealId === 'string' && reasons.has(d.revealId) ? { ...d, reason: reasons.get(d.revealId) } : d);

export const auditService = {
  async list(p: Platform, trx: Tx, actor: Actor, query: z.output<typeof ZAuditQuery>) {
    if (!auditPolicy.browse(actor)) throw AppError.forbidden();
    const rows = await repo.list(trx, auditPolicy.scope(actor), query, query.limit, query.cursor);
    const page = rows.slice(0, query.limit);
    await auditRead(p, trx, actor, { action: 'audit.read', details: { filters: { ...query, cursor: undefined } } });
    const reasons = await revealReasons(p, trx, page);
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
        details: withReason(JSON.parse(r.details) as Record<string, unknown>, reasons),
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
