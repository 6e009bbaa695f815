/**
 * Sign-in: password (argon2id) → second factor (TOTP) when enabled or required → forced password change
 * after an administrator reset. Failed passwords are throttled per (e-mail, address) (auth.throttle.ts), wrong
 * second-factor codes lock the account for a while; every outcome is audited.
 */
import type { TRole } from '../../../contract/common';
import { MFA_REQUIRED_ROLES } from '../../../contract/common';
import type { TSessionResponse } from '../../../contract/auth';
import type { Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { UsersTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { nowIso } from '../../platform/ids';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/passwords';
import { createSession, type LoadedSession, type SessionState } from '../../platform/auth/sessions';
import { newTotpSecret, totpQrDataUrl, totpUri, verifyTotp } from '../../platform/auth/totp';
import { usersRepository } from '../users/users.repository';
import { loginThrottle } from './auth.throttle';

type Meta = { ip: string | null; userAgent: string | null };

const totpAad = (userId: string) => `users.totp_secret_enc:${userId}`;

export function mfaRequiredFor(roles: readonly string[]): boolean {
  return roles.some((r) => MFA_REQUIRED_ROLES.includes(r as TRole));
}

/** Demo accounts may skip the second factor, in demo mode only (the sign-in screen says so). */
export function mfaWaived(p: Platform, user: { isDemo: boolean }): boolean {
  return p.config.mode !== 'production' && user.isDemo;
}

/** The next step after the password, given what the person has already done in this session. */
function nextState(p: Platform, u: UsersTable, done: { mfa: boolean; password: boolean }): SessionState {
  const roles = JSON.parse(u.roles) as string[];
  if (u.totp_enabled === 1 && !done.mfa) return 'mfa_required';
  if (u.must_change_password === 1 && !done.password) return 'password_change_required';
  if (u.totp_enabled !== 1 && mfaRequiredFor(roles) && !mfaWaived(p, { isDemo: u.is_demo === 1 })) return 'mfa_setup_required';
  return 'authenticated';
}

export function presentSession(p: Platform, s: Pick<LoadedSession, 'state' | 'csrfToken' | 'expiresAt' | 'user'>): TSessionResponse {
  return {
    state: s.state,
    csrfToken: s.csrfToken,
    expiresAt: s.expiresAt,
    idleTimeoutSeconds: p.config.session.idleMinutes * 60,
    mfaWaivedForDemo: mfaWaived(p, s.user) && !s.user.totpEnabled && mfaRequiredFor(s.user.roles),
    user: {
      id: s.user.id,
      email: s.user.email,
      displayName: s.user.displayName,
      language: s.user.language as TSessionResponse['user']['language'],
      roles: s.user.roles as TRole[],
      organisation: { id: s.user.organisationId, name: s.user.organisationName, type: s.user.organisationType },
      isDemo: s.user.isDemo,
    },
  };
}

async function setState(trx: Tx, sessionId: string, state: SessionState) {
  await trx.updateTable('sessions').set({ state, last_seen_at: nowIso() }).where('id', '=', sessionId).execute();
}

async function userOf(trx: Tx, session: LoadedSession): Promise<UsersTable> {
  const u = await usersRepository.byId(trx, session.user.id);
  if (!u) throw new AppError('UNAUTHENTICATED');
  return u;
}

export const authService = {
  /**
   * Checks the password and opens a session in the right state. Throttle counters and audit entries are written
   * even though the request fails, so this runs in its own committed transaction and returns the error to throw.
   *
   * Until the password is right, the answer depends only on the (e-mail, address) pair, never on whether the
   * account exists: wrong password and unknown e-mail both answer INVALID_CREDENTIALS, and after
   * `login.maxFailures` of them that address gets RATE_LIMITED (429, `retryAfterSeconds`) for that e-mail, with a
   * growing wait (auth.throttle.ts). Only someone who gave the right password may learn that the account is
   * locked (wrong second-factor codes, ACCOUNT_LOCKED) or inactive.
   */
  async login(p: Platform, trx: Tx, email: string, password: string, meta: Meta): Promise<{ token: string; state: SessionState; error?: AppError }> {
    const user = await usersRepository.byEmail(trx, email);
    const fail = async (reason: string, error: AppError, extra: Record<string, unknown> = {}) => {
      await recordAudit(p, trx, { userId: user?.id ?? null, organisationId: user?.organisation_id ?? null, ip: meta.ip }, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id,
        details: { reason, email, ...extra },
      });
      return { token: '', state: 'authenticated' as const, error };
    };
    const throttled = (seconds: number) => new AppError('RATE_LIMITED', { retryAfterSeconds: seconds });

    // A blocked pair is answered before any password check: same answer, same time, account or not.
    const wait = await loginThrottle.blockedFor(p, trx, email, meta.ip);
    if (wait !== null) return fail('throttled', throttled(wait), { retryAfterSeconds: wait });
    // An unknown e-mail costs the same password check as a known one.
    let passwordOk = false;
    if (user) passwordOk = await verifyPassword(user.password_hash, password);
    else await verifyPassword(await dummyHash(), password);
    if (!user || !passwordOk) {
      const blocked = await loginThrottle.recordFailure(p, trx, email, meta.ip);
      const reason = user ? 'bad_password' : 'unknown_user';
      return blocked === null
        ? fail(reason, new AppError('INVALID_CREDENTIALS'))
        : fail(reason, throttled(blocked), { throttled: true, retryAfterSeconds: blocked });
    }
    // The password is right: from here the answer may depend on the account.
    if (user.locked_until && Date.parse(user.locked_until) > Date.now()) return fail('mfa_locked', new AppError('ACCOUNT_LOCKED'));
    const org = await trx.selectFrom('organisations').select('active').where('id', '=', user.organisation_id).executeTakeFirst();
    if (user.active !== 1 || org?.active !== 1) return fail('inactive', new AppError('INVALID_CREDENTIALS'));
    await loginThrottle.clearAddress(p, trx, email, meta.ip);
    // `failed_logins` counts wrong second-factor codes only: the right password does not reset it, or each new
    // sign-in would give another round of guesses at the code.
    await trx.updateTable('users').set({ locked_until: null, last_login_at: nowIso() }).where('id', '=', user.id).execute();
    const state = nextState(p, user, { mfa: false, password: false });
    const { token } = await createSession(trx, p.config, user.id, state, meta);
    await recordAudit(p, trx, { userId: user.id, organisationId: user.organisation_id, ip: meta.ip }, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      details: { state },
    });
    return { token, state };
  },

  async verifyMfa(p: Platform, trx: Tx, session: LoadedSession, code: string, ip: string | null): Promise<SessionState> {
    if (session.state !== 'mfa_required') throw AppError.forbidden();
    const u = await userOf(trx, session);
    const secret = u.totp_secret_enc ? p.keyring.decryptText(u.totp_secret_enc, totpAad(u.id)) : null;
    const actor = { userId: u.id, organisationId: u.organisation_id, ip };
    if (!secret || !(await verifyTotp(secret, code))) {
      // Wrong codes lock the account for `login.lockoutMinutes` (and end its sessions), so six digits cannot be
      // brute-forced; only someone who knows the password gets this far, so the lock reveals nothing new.
      const failures = u.failed_logins + 1;
      const lock = failures >= p.config.login.maxFailures;
      await trx
        .updateTable('users')
        .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(Date.now() + p.config.login.lockoutMinutes * 60_000).toISOString() : u.locked_until })
        .where('id', '=', u.id)
        .execute();
      if (lock) await trx.deleteFrom('sessions').where('user_id', '=', u.id).execute();
      await recordAudit(p, trx, actor, { action: 'auth.mfa_failed', entityType: 'user', entityId: u.id, details: { locked: lock } });
      return 'mfa_required';
    }
    await trx.updateTable('users').set({ failed_logins: 0 }).where('id', '=', u.id).execute();
    const state = nextState(p, u, { mfa: true, password: false });
    await setState(trx, session.id, state);
    await recordAudit(p, trx, actor, { action: 'auth.mfa_verified', entityType: 'user', entityId: u.id });
    return state;
  },

  /** Starts (or restarts) TOTP enrolment: a new secret, stored encrypted, not active until confirmed. */
  async setupMfa(p: Platform, trx: Tx, session: LoadedSession): Promise<{ otpauthUri: string; secret: string; qrDataUrl: string }> {
    if (session.state !== 'mfa_setup_required' && session.state !== 'authenticated') throw AppError.forbidden();
    const u = await userOf(trx, session);
    if (u.totp_enabled === 1) throw new AppError('CONFLICT');
    const secret = newTotpSecret();
    await trx.updateTable('users').set({ totp_secret_enc: p.keyring.encryptText(secret, totpAad(u.id)) }).where('id', '=', u.id).execute();
    const otpauthUri = totpUri(u.email, secret);
    return { otpauthUri, secret, qrDataUrl: await totpQrDataUrl(otpauthUri) };
  },

  async enableMfa(p: Platform, trx: Tx, session: LoadedSession, code: string, ip: string | null): Promise<SessionState | null> {
    if (session.state !== 'mfa_setup_required' && session.state !== 'authenticated') throw AppError.forbidden();
    const u = await userOf(trx, session);
    if (u.totp_enabled === 1) throw new AppError('CONFLICT');
    const secret = u.totp_secret_enc ? p.keyring.decryptText(u.totp_secret_enc, totpAad(u.id)) : null;
    if (!secret || !(await verifyTotp(secret, code))) return null;
    await trx.updateTable('users').set({ totp_enabled: 1, updated_at: nowIso() }).where('id', '=', u.id).execute();
    await setState(trx, session.id, 'authenticated');
    await recordAudit(p, trx, { userId: u.id, organisationId: u.organisation_id, ip }, { action: 'auth.mfa_enabled', entityType: 'user', entityId: u.id });
    return 'authenticated';
  },

  async changePassword(p: Platform, trx: Tx, session: LoadedSession, current: string, next: string, ip: string | null): Promise<SessionState> {
    if (session.state !== 'authenticated' && session.state !== 'password_change_required') throw AppError.forbidden();
    const u = await userOf(trx, session);
    if (!(await verifyPassword(u.password_hash, current))) throw AppError.validation([{ path: 'currentPassword', code: 'wrong_password' }]);
    const problem = passwordProblem(next, u.email);
    if (problem) throw AppError.validation([{ path: 'newPassword', code: `password_${problem}` }]);
    if (next === current) throw AppError.validation([{ path: 'newPassword', code: 'password_unchanged' }]);
    await trx
      .updateTable('users')
      .set({ password_hash: await hashPassword(next), must_change_password: 0, updated_at: nowIso() })
      .where('id', '=', u.id)
      .execute();
    // Other sessions of this person end; this one continues.
    await trx.deleteFrom('sessions').where('user_id', '=', u.id).where('id', '!=', session.id).execute();
    const state = nextState(p, { ...u, must_change_password: 0 }, { mfa: true, password: true });
    await setState(trx, session.id, state);
    await recordAudit(p, trx, { userId: u.id, organisationId: u.organisation_id, ip }, { action: 'auth.password_changed', entityType: 'user', entityId: u.id });
    return state;
  },

  async setLanguage(trx: Tx, session: LoadedSession, language: string): Promise<void> {
    await trx.updateTable('users').set({ language }).where('id', '=', session.user.id).execute();
  },

  async logout(p: Platform, trx: Tx, session: LoadedSession, ip: string | null): Promise<void> {
    await trx.deleteFrom('sessions').where('id', '=', session.id).execute();
    await recordAudit(p, trx, { userId: session.user.id, organisationId: session.user.organisationId, ip }, { action: 'auth.logout', entityType: 'user', entityId: session.user.id });
  },
};
