/**
 * Append-only, hash-chained audit log. `recordAudit` is called by services inside the same transaction
 * as the change (or the read) it records, so an action and its audit entry commit or fail together.
 * Each entry's hash covers its content and the previous entry's hash; `verifyAuditChain` recomputes the
 * chain and detects any edited, deleted, inserted or reordered entry.
 */
import crypto from 'node:crypto';
import type { Actor, Platform } from './context';
import type { Db, Tx } from './db/database';
import type { AuditLogTable } from './db/schema';
import { newId, nowIso } from './ids';

export type AuditEvent = {
  action: string;
  entityType?: string;
  entityId?: string;
  details?: Record<string, unknown>;
};

/** What an entry's hash covers: everything but the hashes themselves. */
type Hashable = Omit<AuditLogTable, 'prev_hash' | 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(prevHash: string, e: Hashable): string {
  const canonical = JSON.stringify([
    e.seq, e.id, e.at, e.actor_user_id, e.actor_org_id, e.action, e.entity_type, e.entity_id, e.ip, e.details,
  ]);
  return crypto.createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** Appends entries for one actor (null for anonymous, e.g. a failed login) in the caller's transaction. */
export async function recordAudit(
  p: Pick<Platform, 'dialect'>,
  trx: Tx,
  actor: { userId: string | null; organisationId: string | null; ip: string | null } | Actor | null,
  events: AuditEvent | AuditEvent[],
): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  // Serialise writers on the chain head: row lock on PostgreSQL; SQLite transactions are already serial.
  const headQuery = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  const head = await (p.dialect === 'postgres' ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow();
  // Actions of the system itself (seeding, migrations) have no acting user.
  const person = actor && !('system' in actor && actor.system) ? actor : null;
  let seq = Number(head.seq);
  let prev = head.hash;
  const at = nowIso();
  const rows = list.map((ev) => {
    seq += 1;
    const row: Hashable = {
      seq,
      id: newId(),
      at,
      actor_user_id: person?.userId ?? null,
      actor_org_id: person?.organisationId ?? null,
      action: ev.action,
      entity_type: ev.entityType ?? null,
      entity_id: ev.entityId ?? null,
      ip: actor?.ip ?? null,
      details: JSON.stringify(ev.details ?? {}),
    };
    const hash = entryHash(prev, row);
    const full = { ...row, prev_hash: prev, hash };
    prev = hash;
    return full;
  });
  await trx.insertInto('audit_log').values(rows).execute();
  await trx.updateTable('audit_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
}

export type VerifyResult = { ok: boolean; checked: number; firstBadSeq: number | null; reason: string | null };

/** Walks the whole chain in order; stops at the first inconsistency. */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, checked, firstBadSeq: expectedSeq, reason: 'missing_entry' };
      if (r.prev_hash !== prev) return { ok: false, checked, firstBadSeq: seq, reason: 'broken_link' };
      if (entryHash(prev, { ...r, seq }) !== r.hash) return { ok: false, checked, firstBadSeq: seq, reason: 'content_changed' };
      prev = r.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head || Number(head.seq) !== checked || head.hash !== prev) {
    return { ok: false, checked, firstBadSeq: checked + 1, reason: 'tail_removed' };
  }
  return { ok: true, checked, firstBadSeq: null, reason: null };
}
