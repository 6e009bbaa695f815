/** In-app notifications: to an organisation (user_id null) or to one person. Never personal data. */
import type { Tx, Db } from '../../platform/db/database';
import { newId, nowIso } from '../../platform/ids';
import { queueNotificationEmails } from '../../platform/mail';
import { REFERRAL_NOTIFICATION_KINDS } from '../../../contract/referrals';

export type NotificationKind =
  | 'task_reminder'
  | 'task_escalation'
  | 'identification_requested'
  | 'identification_decided'
  | 'decision_review_requested'
  | 'reconsideration_requested'
  | (typeof REFERRAL_NOTIFICATION_KINDS)[number]
  | 'hearing_scheduled'
  | 'victim_prosecuted'
  | 'victim_contact_revealed';

export async function notify(trx: Tx, items: { organisationId: string; userId?: string | null; kind: NotificationKind; caseId?: string | null; taskId?: string | null }[]) {
  if (items.length === 0) return;
  const at = nowIso();
  const rows = items.map((i) => ({ id: newId(), organisation_id: i.organisationId, user_id: i.userId ?? null, kind: i.kind, case_id: i.caseId ?? null, task_id: i.taskId ?? null, created_at: at, read_at: null }));
  // In chunks: a statement has a bounded number of parameters (SQLite: 32,766).
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('notifications').values(rows.slice(i, i + 500)).execute();
  // When SMTP is configured: one e-mail per recipient, saying only that there is something new.
  await queueNotificationEmails(trx, items);
}

export function listNotifications(db: Db | Tx, orgId: string, userId: string) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('cases as c', 'c.id', 'n.case_id')
    .select(['n.id', 'n.kind', 'n.case_id', 'n.task_id', 'n.created_at', 'n.read_at', 'c.reference'])
    .where('n.organisation_id', '=', orgId)
    .where((eb) => eb.or([eb('n.user_id', 'is', null), eb('n.user_id', '=', userId)]))
    .orderBy('n.created_at', 'desc')
    .limit(100)
    .execute();
}

export function markAllRead(trx: Tx, orgId: string, userId: string) {
  return trx
    .updateTable('notifications')
    .set({ read_at: nowIso() })
    .where('organisation_id', '=', orgId)
    .where('read_at', 'is', null)
    .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', userId)]))
    .execute();
}
