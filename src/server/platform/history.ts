/**
 * Record history: every create and update of a case or person, with the changed fields in clear and the
 * before/after values encrypted (they are personal data), written in the same transaction as the change.
 */
import type { Actor, Platform } from './context';
import type { Db, Tx } from './db/database';
import { newId, nowIso } from './ids';

export type Changes = Record<string, { from: unknown; to: unknown }>;

export async function recordHistory(
  p: Platform,
  trx: Tx,
  actor: Actor,
  e: { entityType: 'case' | 'person'; entityId: string; caseId: string | null; version: number; action: string; changes: Changes },
): Promise<void> {
  const id = newId();
  const fields = Object.keys(e.changes);
  await trx
    .insertInto('record_history')
    .values({
      id,
      entity_type: e.entityType,
      entity_id: e.entityId,
      case_id: e.caseId,
      version: e.version,
      action: e.action,
      changed_fields: JSON.stringify(fields),
      diff_enc: fields.length ? p.keyring.encryptJson(e.changes, `record_history.diff_enc:${id}`) : null,
      actor_user_id: actor.system ? null : actor.userId,
      at: nowIso(),
    })
    .execute();
}

export async function readHistory(p: Platform, db: Db | Tx, entityIds: string[], withValues: boolean) {
  if (entityIds.length === 0) return [];
  const rows = await db
    .selectFrom('record_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_user_id')
    .select(['h.id', 'h.entity_type', 'h.entity_id', 'h.version', 'h.action', 'h.changed_fields', 'h.diff_enc', 'h.at', 'u.display_name'])
    .where('h.entity_id', 'in', entityIds)
    .orderBy('h.at', 'desc')
    .orderBy('h.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    entityType: r.entity_type as 'case' | 'person',
    action: r.action,
    changedFields: JSON.parse(r.changed_fields) as string[],
    ...(withValues && r.diff_enc ? { changes: p.keyring.decryptJson<Changes>(r.diff_enc, `record_history.diff_enc:${r.id}`) } : {}),
    actor: r.display_name ?? 'OpenNRM',
    at: r.at,
  }));
}
