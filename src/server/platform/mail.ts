/**
 * E-mail of notifications, when SMTP is configured (OPENNRM_SMTP_URL). `notify()` queues one message per
 * recipient in `email_outbox`, in the recipient's language; a job sends the pending ones in bounded batches.
 * A message only says that there is something new in OpenNRM, with the sign-in link: never a name, a case
 * reference, a pseudonym or any other personal data. Rows are claimed with a conditional update, so two
 * runs at once (two instances, or a run that overlaps the next) send each message once.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import type { TRole } from '../../contract/common';
import { CASE_ROLES } from '../modules/users/users.policy';
import type { Config } from './config';
import type { Platform } from './context';
import type { Tx } from './db/database';
import { recordAudit } from './audit';
import { translate, LANGUAGES, type Language } from './i18n';
import { newId, nowIso } from './ids';

export const MAX_ATTEMPTS = 5;
/** A claim older than this (a process stopped while sending) is retried. */
const STALE_CLAIM_MS = 10 * 60_000;

/**
 * Whether `notify()` queues e-mails, for this process. Set from the configuration when the app is built
 * (`notify` only has the transaction, as it is called from every module).
 */
let queueing = false;
export function configureMail(config: Pick<Config, 'mail'>): void {
  queueing = config.mail !== null;
}

/**
 * Queues one e-mail per recipient of a batch of notifications: the user named, or the active users of the
 * organisation who have a case role when the notification is for the whole organisation. Someone who
 * already has an unsent message gets no second one: the message would say the same.
 */
export async function queueNotificationEmails(trx: Tx, items: { organisationId: string; userId?: string | null }[]): Promise<number> {
  if (!queueing || items.length === 0) return 0;
  const userIds = [...new Set(items.filter((i) => i.userId).map((i) => i.userId!))];
  const orgIds = [...new Set(items.filter((i) => !i.userId).map((i) => i.organisationId))];
  const recipients = new Map<string, string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await trx.selectFrom('users').select(['id', 'language']).where('id', 'in', userIds.slice(i, i + 500)).where('active', '=', 1).execute();
    for (const r of rows) recipients.set(r.id, r.language);
  }
  for (let i = 0; i < orgIds.length; i += 500) {
    const rows = await trx.selectFrom('users').select(['id', 'language', 'roles']).where('organisation_id', 'in', orgIds.slice(i, i + 500)).where('active', '=', 1).execute();
    for (const r of rows) if ((JSON.parse(r.roles) as TRole[]).some((role) => CASE_ROLES.includes(role))) recipients.set(r.id, r.language);
  }
  if (recipients.size === 0) return 0;
  const ids = [...recipients.keys()];
  const waiting = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await trx.selectFrom('email_outbox').select('user_id').where('user_id', 'in', ids.slice(i, i + 500)).where('status', 'in', ['pending', 'sending']).execute();
    for (const r of rows) waiting.add(r.user_id);
  }
  const now = nowIso();
  const rows = ids
    .filter((id) => !waiting.has(id))
    .map((id) => ({
      id: newId(),
      user_id: id,
      kind: 'notification',
      language: (LANGUAGES as readonly string[]).includes(recipients.get(id)!) ? recipients.get(id)! : 'fr',
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      claimed_at: null,
      sent_at: null,
      last_error: null,
      created_at: now,
    }));
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('email_outbox').values(rows.slice(i, i + 500)).execute();
  return rows.length;
}

/** The whole message: a fixed text in the recipient's language and the sign-in link. */
export function notificationMessage(lang: Language, publicUrl: string): { subject: string; text: string } {
  return { subject: translate(lang, 'careplans.email.subject'), text: translate(lang, 'careplans.email.body', { url: `${publicUrl}/login` }) };
}

const transports = new Map<string, Transporter>();
function transportFor(smtpUrl: string): Transporter {
  let t = transports.get(smtpUrl);
  if (!t) {
    t = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, t);
  }
  return t;
}

/** Retry later, sooner for the first failures: 1, 4, 9, 16 minutes. */
const backoffMs = (attempts: number) => attempts * attempts * 60_000;

/** Claims up to `limit` due messages (they become 'sending'); a message claimed by another run is skipped. */
async function claim(trx: Tx, now: string, limit: number) {
  await trx
    .updateTable('email_outbox')
    .set({ status: 'pending' })
    .where('status', '=', 'sending')
    .where('claimed_at', '<', new Date(Date.parse(now) - STALE_CLAIM_MS).toISOString())
    .execute();
  const due = await trx.selectFrom('email_outbox').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(limit).execute();
  if (due.length === 0) return [];
  return trx
    .updateTable('email_outbox')
    .set({ status: 'sending', claimed_at: now, attempts: sql<number>`attempts + 1` })
    .where('id', 'in', due.map((r) => r.id))
    .where('status', '=', 'pending')
    .returning(['id', 'user_id', 'language', 'attempts'])
    .execute();
}

/**
 * Sends the pending messages, batch by batch, each claimed in its own short transaction and marked sent or
 * failed afterwards (a failure is retried with a growing delay, up to MAX_ATTEMPTS). Safe to run
 * concurrently and repeatedly.
 */
export async function sendPendingEmails(p: Platform, options: { batch?: number; now?: string } = {}): Promise<{ sent: number; failed: number }> {
  const mail = p.config.mail;
  if (!mail) return { sent: 0, failed: 0 };
  const batch = options.batch ?? 50;
  const transport = transportFor(mail.smtpUrl);
  let sent = 0;
  let failed = 0;
  for (;;) {
    const now = options.now ?? nowIso();
    const claimed = await p.db.transaction().execute((trx) => claim(trx, now, batch));
    if (claimed.length === 0) break;
    const users = new Map(
      (await p.db.selectFrom('users').select(['id', 'email', 'active']).where('id', 'in', claimed.map((c) => c.user_id)).execute()).map((u) => [u.id, u]),
    );
    const results: { id: string; ok: boolean; attempts: number; error: string | null }[] = [];
    for (const c of claimed) {
      const user = users.get(c.user_id);
      if (!user || user.active !== 1) {
        results.push({ id: c.id, ok: false, attempts: MAX_ATTEMPTS, error: 'recipient_inactive' });
        continue;
      }
      const message = notificationMessage(c.language as Language, mail.publicUrl);
      try {
        await transport.sendMail({
          from: mail.from,
          to: user.email,
          subject: message.subject,
          text: message.text,
          headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': c.language },
        });
        results.push({ id: c.id, ok: true, attempts: c.attempts, error: null });
      } catch (err) {
        results.push({ id: c.id, ok: false, attempts: c.attempts, error: (err instanceof Error ? err.message : String(err)).slice(0, 300) });
      }
    }
    await p.db.transaction().execute(async (trx) => {
      const at = nowIso();
      for (const r of results) {
        const patch = r.ok
          ? { status: 'sent', sent_at: at, last_error: null }
          : r.attempts >= MAX_ATTEMPTS
            ? { status: 'failed', last_error: r.error }
            : { status: 'pending', last_error: r.error, next_attempt_at: new Date(Date.parse(at) + backoffMs(r.attempts)).toISOString() };
        await trx.updateTable('email_outbox').set(patch).where('id', '=', r.id).where('status', '=', 'sending').execute();
      }
      const ok = results.filter((r) => r.ok).length;
      await recordAudit(p, trx, null, { action: 'mail.sent', details: { sent: ok, failed: results.length - ok } });
    });
    sent += results.filter((r) => r.ok).length;
    failed += results.filter((r) => !r.ok).length;
    if (claimed.length < batch) break;
  }
  return { sent, failed };
}
