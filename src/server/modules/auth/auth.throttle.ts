/**
 * Sign-in throttle per (e-mail, client address), stored in `login_throttle`. After `login.maxFailures` failed
 * attempts from one address on one e-mail, that address waits before it may try that e-mail again: 1 minute, then
 * 2, 4, 8 … (each further failure doubles the wait), at most `login.maxBackoffMinutes`. Known and unknown e-mails
 * are counted the same way, so the answers cannot tell them apart, and the owner signing in from another address
 * is not affected. A successful sign-in clears the pair; an administrator's password reset clears the account.
 */
import type { Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';

const MINUTE = 60_000;
/** A pair untouched for this long starts again from zero (and its row is removed). */
const FORGET_AFTER_MS = 24 * 60 * MINUTE;

const subjectOf = (p: Pick<Platform, 'keyring'>, email: string) => p.keyring.blindIndex('login_throttle', email.trim().toLowerCase());
const addressOf = (ip: string | null) => ip ?? 'unknown';

/** Seconds to wait, rounded up to whole minutes so that two attempts a moment apart get the same answer. */
const waitSeconds = (untilMs: number, nowMs: number) => Math.max(1, Math.ceil((untilMs - nowMs) / MINUTE)) * 60;

/** Length of the `n`-th block in a row (n ≥ 1): 1, 2, 4 … minutes, capped. */
export function backoffMinutes(n: number, capMinutes: number): number {
  return Math.min(2 ** Math.min(n - 1, 30), capMinutes);
}

export const loginThrottle = {
  /** Seconds this address must still wait for this e-mail, or null when it may try. */
  async blockedFor(p: Platform, trx: Tx, email: string, ip: string | null): Promise<number | null> {
    const row = await trx
      .selectFrom('login_throttle')
      .select(['blocked_until'])
      .where('subject', '=', subjectOf(p, email))
      .where('ip', '=', addressOf(ip))
      .executeTakeFirst();
    const until = row?.blocked_until ? Date.parse(row.blocked_until) : NaN;
    const now = Date.now();
    return until > now ? waitSeconds(until, now) : null;
  },

  /** Counts a failure; returns the seconds of the block it started, or null when the address may try again. */
  async recordFailure(p: Platform, trx: Tx, email: string, ip: string | null): Promise<number | null> {
    const now = Date.now();
    const at = new Date(now).toISOString();
    const forgetBefore = new Date(now - Math.max(FORGET_AFTER_MS, 2 * p.config.login.maxBackoffMinutes * MINUTE)).toISOString();
    // Old pairs are forgotten: this also keeps the table small.
    await trx.deleteFrom('login_throttle').where('updated_at', '<', forgetBefore).execute();
    const subject = subjectOf(p, email);
    const address = addressOf(ip);
    const row = await trx
      .insertInto('login_throttle')
      .values({ subject, ip: address, failures: 1, blocks: 0, blocked_until: null, updated_at: at })
      .onConflict((oc) => oc.columns(['subject', 'ip']).doUpdateSet((eb) => ({ failures: eb('login_throttle.failures', '+', 1), updated_at: at })))
      .returning(['failures', 'blocks'])
      .executeTakeFirstOrThrow();
    if (Number(row.failures) < p.config.login.maxFailures) return null;
    const blocks = Number(row.blocks) + 1;
    const until = now + backoffMinutes(blocks, p.config.login.maxBackoffMinutes) * MINUTE;
    await trx
      .updateTable('login_throttle')
      .set({ blocks, blocked_until: new Date(until).toISOString(), updated_at: at })
      .where('subject', '=', subject)
      .where('ip', '=', address)
      .execute();
    return waitSeconds(until, now);
  },

  /** After a successful sign-in: this address starts again from zero for this e-mail. */
  async clearAddress(p: Platform, trx: Tx, email: string, ip: string | null): Promise<void> {
    await trx.deleteFrom('login_throttle').where('subject', '=', subjectOf(p, email)).where('ip', '=', addressOf(ip)).execute();
  },

  /** The unlock path (administrator's password reset): every address starts again from zero for this account. */
  async clearAccount(p: Pick<Platform, 'keyring'>, trx: Tx, email: string): Promise<void> {
    await trx.deleteFrom('login_throttle').where('subject', '=', subjectOf(p, email)).execute();
  },
};

