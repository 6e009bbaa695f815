/**
 * Record history: every create and update of a case or person, with the changed fields in clear and the
 * before/after values encrypted (they are personal data), written in the same transaction as the change.
 * A person's values are under the person's own data key (so erasing the person erases their history too).
 */
import type { Actor, Platform } from './context';
import type { Db, Tx } from './db/database';
import { newId, nowIso } from './ids';
import { SUBJECT_PREFIX } from './crypto/keyring';

const personKeyAad = (id: string) => `persons.data_key_enc:${id}`;

/** The person's data key, if they have one (records from before per-person keys do not; erased ones no longer). */
async function personKey(p: Platform, db: Db | Tx, personId: string): Promise<Buffer | null> {
  const row = await db.selectFrom('persons').select('data_key_enc').where('id', '=', personId).executeTakeFirst();
  return row?.data_key_enc && !p.erasures.has(personId) ? p.subjects.unwrap(personId, row.data_key_enc, personKeyAad(personId)) : null;
}

export type Changes = Record<string, { from: unknown; to: unknown }>;

export async function recordHistory(
  p: Platform,
  trx: Tx,
  actor: Actor,
  e: { entityType: 'case' | 'person'; entityId: string; caseId: string | null; version: number; action: string; changes: Changes },
): Promise<void> {
  const id = newId();
  const fields = Object.keys(e.changes);
  const aad = `record_history.diff_enc:${id}`;
  const key = fields.length && e.entityType === 'person' ? await personKey(p, trx, e.entityId) : null;
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
      diff_enc: !fields.length ? null : key ? p.subjects.encrypt(key, JSON.stringify(e.changes), aad) : p.keyring.encryptJson(e.changes, aad),
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
  const keys = new Map<string, Buffer | null>();
  if (withValues) {
    for (const r of rows) if (r.diff_enc?.startsWith(SUBJECT_PREFIX) && !keys.has(r.entity_id)) keys.set(r.entity_id, await personKey(p, db, r.entity_id));
  }
  const valuesOf = (r: (typeof rows)[number]): Changes | null => {
    if (!withValues || !r.diff_enc) return null;
    const aad = `record_history.diff_enc:${r.id}`;
    if (!r.diff_enc.startsWith(SUBJECT_PREFIX)) return p.keyring.decryptJson<Changes>(r.diff_enc, aad);
    const key = keys.get(r.entity_id);
    return key ? (JSON.parse(p.subjects.decrypt(key, r.diff_enc, aad)) as Changes) : null;
  };
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    entityType: r.entity_type as 'case' | 'person',
    action: r.action,
    changedFields: JSON.parse(r.changed_fields) as string[],
    ...(valuesOf(r) ? { changes: valuesOf(r)! } : {}),
    actor: r.display_name ?? 'OpenNRM',
    at: r.at,
  }));
}
