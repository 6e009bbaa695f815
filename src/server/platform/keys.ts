/**
 * Key rotation: re-encrypts every encrypted value that is not under the active key, in small batches,
 * while the server keeps running (each server re-reads the keyring when it meets a new key id). A value
 * is replaced only if it has not changed meanwhile, so concurrent edits are never overwritten.
 */
import type { Platform } from './context';
import { Keyring, SUBJECT_PREFIX } from './crypto/keyring';

type TextTarget = { table: string; columns: string[] };

/** Every encrypted text column (a test checks that the schema has no `_enc` column missing here). */
export const ENCRYPTED_TEXT: TextTarget[] = [
  // The fields are under the person's own key (`s1.`, left as they are); the person's key is under the keyring.
  { table: 'persons', columns: ['identity_enc', 'contacts_enc', 'documents_enc', 'health_enc', 'data_key_enc'] },
  { table: 'cases', columns: ['story_enc', 'notes_enc', 'journey_enc', 'debt_enc', 'recruitment_enc'] },
  { table: 'users', columns: ['totp_secret_enc'] },
  { table: 'record_history', columns: ['diff_enc'] },
  { table: 'attachments', columns: ['file_name_enc'] },
  { table: 'screenings', columns: ['result_enc', 'answers_enc', 'conditions_enc', 'notes_enc'] },
  { table: 'risk_assessments', columns: ['assessment_enc'] },
  { table: 'identification_decisions', columns: ['reasons_enc', 'review_comment_enc', 'reconsideration_enc'] },
  { table: 'consents', columns: ['details_enc', 'withdrawal_enc'] },
  { table: 'referrals', columns: ['reason_enc', 'message_enc'] },
  { table: 'referral_events', columns: ['note_enc'] },
  { table: 'service_deliveries', columns: ['note_enc'] },
  { table: 'case_transfers', columns: ['reason_enc', 'note_enc'] },
  { table: 'care_plans', columns: ['durable_note_enc'] },
  { table: 'care_assessments', columns: ['notes_enc'] },
  { table: 'care_goals', columns: ['text_enc'] },
  { table: 'care_actions', columns: ['title_enc'] },
  { table: 'durable_steps', columns: ['title_enc', 'note_enc'] },
  { table: 'case_conferences', columns: ['participants_enc', 'minutes_enc'] },
  { table: 'conference_decisions', columns: ['text_enc'] },
  { table: 'proceedings', columns: ['notes_enc'] },
  { table: 'proceeding_defendants', columns: ['identity_enc'] },
  { table: 'compensation_claims', columns: ['representative_enc'] },
  { table: 'report_sections', columns: ['text_enc'] },
  { table: 'report_section_versions', columns: ['text_enc'] },
  { table: 'contact_reveals', columns: ['reason_enc'] },
  { table: 'breaches', columns: ['description_enc', 'consequences_enc', 'measures_enc', 'persons_not_informed_reason_enc'] },
  { table: 'campaigns', columns: ['description_enc'] },
  { table: 'trainings', columns: ['description_enc'] },
  { table: 'agreements', columns: ['description_enc'] },
  { table: 'cooperation_requests', columns: ['subject_enc'] },
  { table: 'agreement_documents', columns: ['file_name_enc'] },
  { table: 'plan_reports', columns: ['narrative_enc', 'review_note_enc'] },
  { table: 'plan_report_evidence', columns: ['file_name_enc'] },
  { table: 'subject_requests', columns: ['identity_check_enc', 'decision_reason_enc'] },
  { table: 'person_links', columns: ['reason_enc'] },
];

/** Every encrypted binary column (files): the same test covers them. */
export const ENCRYPTED_BYTES: TextTarget[] = [
  { table: 'attachments', columns: ['content_enc'] },
  { table: 'export_jobs', columns: ['file_enc'] },
  { table: 'agreement_documents', columns: ['content_enc'] },
  { table: 'plan_report_evidence', columns: ['content_enc'] },
];

export type RotationReport = { reencrypted: number; remainingUnderOldKeys: number; byTable: Record<string, number> };

export async function reencryptAll(p: Platform, batch = 500, onProgress?: (table: string, n: number) => void): Promise<RotationReport> {
  const active = p.keyring.activeKeyId;
  const byTable: Record<string, number> = {};
  let total = 0;
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const db = p.db as any;
  for (const t of [...ENCRYPTED_TEXT.map((x) => ({ ...x, binary: false })), ...ENCRYPTED_BYTES.map((x) => ({ ...x, binary: true }))]) {
    const binary = t.binary;
    let last = '';
    for (;;) {
      const rows: Record<string, unknown>[] = await db.selectFrom(t.table).select(['id', ...t.columns]).where('id', '>', last).orderBy('id').limit(batch).execute();
      if (rows.length === 0) break;
      last = String(rows[rows.length - 1]!.id);
      await p.db.transaction().execute(async (trx: any) => {
        for (const row of rows) {
          for (const col of t.columns) {
            const value = row[col] as string | Buffer | null;
            if (value === null || value === undefined) continue;
            const sealed = binary ? Buffer.from(value as Buffer) : (value as string);
            // Under a subject key (re-wrapping that key is enough), or under the active key already.
            if (!binary && (sealed as string).startsWith(SUBJECT_PREFIX)) continue;
            if (Keyring.keyIdOf(sealed) === active) continue;
            const aad = `${t.table}.${col}:${String(row.id)}`;
            const fresh = binary
              ? p.keyring.encryptBytes(p.keyring.decryptBytes(sealed as Buffer, aad), aad)
              : p.keyring.encryptText(p.keyring.decryptText(sealed as string, aad), aad);
            const r = await trx.updateTable(t.table).set({ [col]: fresh }).where('id', '=', row.id).where(col, '=', value).executeTakeFirst();
            const n = Number(r.numUpdatedRows);
            total += n;
            byTable[`${t.table}.${col}`] = (byTable[`${t.table}.${col}`] ?? 0) + n;
          }
        }
      });
      onProgress?.(t.table, total);
    }
  }
  return { reencrypted: total, remainingUnderOldKeys: await countUnderOldKeys(p), byTable };
}

/** How many encrypted values are still under a key other than the active one. */
export async function countUnderOldKeys(p: Platform): Promise<number> {
  const active = p.keyring.activeKeyId;
  const db = p.db as any;
  let n = 0;
  for (const t of ENCRYPTED_TEXT) {
    for (const col of t.columns) {
      const r = await db.selectFrom(t.table).select((eb: any) => eb.fn.countAll().as('n')).where(col, 'is not', null).where(col, 'not like', `v1.${active}.%`).where(col, 'not like', `${SUBJECT_PREFIX}%`).executeTakeFirst();
      n += Number(r?.n ?? 0);
    }
  }
  for (const t of ENCRYPTED_BYTES) {
    for (const col of t.columns) {
      const blobs: Record<string, Buffer | null>[] = await db.selectFrom(t.table).select(col).where(col, 'is not', null).execute();
      n += blobs.filter((b) => Keyring.keyIdOf(Buffer.from(b[col]!)) !== active).length;
    }
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */
  return n;
}
