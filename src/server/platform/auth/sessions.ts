/**
 * Server-side sessions. The browser holds only a random token in an HttpOnly cookie; the database holds
 * its SHA-256, so a leaked database does not leak usable sessions. Idle timeout and absolute expiry are
 * enforced on every request.
 */
import crypto from 'node:crypto';
import type { Db, Tx } from '../db/database';
import type { Config } from '../config';
import { nowIso } from '../ids';

export type SessionState = 'authenticated' | 'mfa_required' | 'mfa_setup_required' | 'password_change_required';
export const SESSION_COOKIE = 'opennrm_session';

export const tokenHash = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

export async function createSession(
  trx: Tx,
  config: Config,
  userId: string,
  state: SessionState,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + config.session.maxHours * 3600_000).toISOString();
  await trx
    .insertInto('sessions')
    .values({
      id: tokenHash(token),
      user_id: userId,
      csrf_token: csrfToken,
      state,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export type LoadedSession = {
  id: string;
  state: SessionState;
  csrfToken: string;
  expiresAt: string;
  lastSeenAt: string;
  user: {
    id: string;
    email: string;
    displayName: string;
    roles: string[];
    language: string;
    isDemo: boolean;
    totpEnabled: boolean;
    organisationId: string;
    organisationName: string;
    organisationType: string;
  };
};

/** Loads a live session, or returns `expired`/`none`. Expired sessions are deleted. */
export async function loadSession(db: Db, config: Config, token: string): Promise<LoadedSession | 'expired' | 'none'> {
  const id = tokenHash(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select([
      's.id', 's.state', 's.csrf_token', 's.expires_at', 's.last_seen_at',
      'u.id as user_id', 'u.email', 'u.display_name', 'u.roles', 'u.language', 'u.is_demo', 'u.totp_enabled', 'u.active as user_active',
      'o.id as org_id', 'o.name as org_name', 'o.type as org_type', 'o.active as org_active',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return 'none';
  const now = Date.now();
  const idleLimit = Date.parse(row.last_seen_at) + config.session.idleMinutes * 60_000;
  if (now > Date.parse(row.expires_at) || now > idleLimit || !row.user_active || !row.org_active) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return 'expired';
  }
  // Sliding idle window; written at most once a minute to keep reads cheap.
  if (now - Date.parse(row.last_seen_at) > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: nowIso() }).where('id', '=', id).execute();
  }
  return {
    id: row.id,
    state: row.state as SessionState,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
    user: {
      id: row.user_id,
      email: row.email,
      displayName: row.display_name,
      roles: JSON.parse(row.roles) as string[],
      language: row.language,
      isDemo: row.is_demo === 1,
      totpEnabled: row.totp_enabled === 1,
      organisationId: row.org_id,
      organisationName: row.org_name,
      organisationType: row.org_type,
    },
  };
}
