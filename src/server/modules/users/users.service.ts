/** Users of the platform: one organisation each, roles, passwords and second factor. */
import { z } from 'zod';
import type { TRole } from '../../../contract/common';
import type { TUser } from '../../../contract/users';
import { ZPasswordReset, ZUserCreate, ZUserUpdate } from '../../../contract/users';
import type { Actor, Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import type { UsersTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { recordAudit, type AuditEvent } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords';
import { loginThrottle } from '../auth/auth.throttle';
import { organisationsRepository } from '../organisations/organisations.repository';
import { CASE_ROLES, usersPolicy } from './users.policy';
import { usersRepository as repo } from './users.repository';
import { versionConflict } from '../../platform/concurrency';

type Row = Awaited<ReturnType<typeof repo.list>>[number];

export function presentUser(u: Row): TUser {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    organisationId: u.organisation_id,
    organisationName: u.organisation_name,
    roles: JSON.parse(u.roles) as TRole[],
    language: u.language as TUser['language'],
    active: u.active === 1,
    mfaEnabled: u.totp_enabled === 1,
    locked: !!u.locked_until && Date.parse(u.locked_until) > Date.now(),
    mustChangePassword: u.must_change_password === 1,
    lastLoginAt: u.last_login_at,
    version: u.version,
    createdAt: u.created_at,
  };
}

async function visible(trx: Db | Tx, actor: Actor, id: string): Promise<Row> {
  const u = await repo.visibleById(trx, usersPolicy.scope(actor), id);
  if (!u) throw AppError.notFound();
  return u;
}

export const usersService = {
  async list(db: Db, actor: Actor, organisationId?: string): Promise<TUser[]> {
    if (!usersPolicy.manage(actor)) throw AppError.forbidden();
    return (await repo.list(db, usersPolicy.scope(actor), organisationId)).map(presentUser);
  },

  async assignable(db: Db, actor: Actor): Promise<{ id: string; displayName: string }[]> {
    if (!usersPolicy.listAssignable(actor)) throw AppError.forbidden();
    const rows = await repo.assignable(db, actor.organisationId);
    return rows
      .filter((r) => (JSON.parse(r.roles) as TRole[]).some((role) => CASE_ROLES.includes(role)))
      .map((r) => ({ id: r.id, displayName: r.display_name }));
  },

  /** Creates a user with a temporary password (to be changed at first sign-in). */
  async create(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZUserCreate>, options: { isDemo?: boolean; mustChangePassword?: boolean } = {}): Promise<TUser> {
    if (!actor.system) {
      if (!usersPolicy.manage(actor)) throw AppError.forbidden();
      const scope = usersPolicy.scope(actor);
      if (scope && scope !== input.organisationId) throw AppError.validation([{ path: 'organisationId', code: 'other_organisation' }]);
      if (!usersPolicy.mayGrant(actor, input.roles)) throw AppError.forbidden();
    }
    const org = await organisationsRepository.byId(trx, input.organisationId);
    if (!org) throw AppError.validation([{ path: 'organisationId', code: 'unknown_organisation' }]);
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw AppError.validation([{ path: 'password', code: `password_${problem}` }]);
    if (await repo.byEmail(trx, input.email)) throw AppError.validation([{ path: 'email', code: 'email_taken' }]);
    const now = nowIso();
    const row: UsersTable = {
      id: newId(),
      organisation_id: input.organisationId,
      email: input.email,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      roles: JSON.stringify([...new Set(input.roles)]),
      language: input.language,
      totp_secret_enc: null,
      totp_enabled: 0,
      failed_logins: 0,
      locked_until: null,
      must_change_password: options.mustChangePassword === false ? 0 : 1,
      active: 1,
      is_demo: options.isDemo ? 1 : 0,
      last_login_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    await recordAudit(p, trx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      details: { organisationId: row.organisation_id, roles: input.roles },
    });
    return presentUser({ ...row, organisation_name: org.name });
  },

  async update(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZUserUpdate>): Promise<TUser> {
    if (!usersPolicy.manage(actor)) throw AppError.forbidden();
    const current = await visible(trx, actor, id);
    const currentRoles = JSON.parse(current.roles) as TRole[];
    // Who holds a role the actor could not grant is out of reach (edit, deactivate, roles); the new roles must be grantable too.
    if (!usersPolicy.mayManageUser(actor, currentRoles) || !usersPolicy.mayGrant(actor, input.roles ?? [])) throw AppError.forbidden();
    if (id === actor.userId && (input.active === false || (input.roles && !input.roles.some((r) => r === 'org_admin' || r === 'system_admin')))) {
      throw AppError.validation([{ path: input.active === false ? 'active' : 'roles', code: 'cannot_remove_own_admin' }]);
    }
    const patch: Partial<UsersTable> = { updated_at: nowIso() };
    if (input.displayName !== undefined) patch.display_name = input.displayName;
    if (input.language !== undefined) patch.language = input.language;
    if (input.roles !== undefined) patch.roles = JSON.stringify([...new Set(input.roles)]);
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    if (!(await repo.update(trx, id, input.version, patch))) throw await versionConflict(trx, 'users', id);
    if (input.active === false || input.roles) await repo.deleteSessions(trx, id);
    const events: AuditEvent[] = [{ action: 'user.update', entityType: 'user', entityId: id, details: { changed: Object.keys(input).filter((k) => k !== 'version') } }];
    // A role change is a permission change: recorded on its own, with before and after.
    if (input.roles) events.push({ action: 'user.roles_changed', entityType: 'user', entityId: id, details: { from: currentRoles, to: input.roles } });
    await recordAudit(p, trx, actor, events);
    return presentUser(await visible(trx, actor, id));
  },

  /** Administrator reset: new temporary password, account unlocked (sign-in throttles too), sessions ended, optionally MFA removed. */
  async resetPassword(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZPasswordReset>): Promise<TUser> {
    if (!usersPolicy.manage(actor)) throw AppError.forbidden();
    const current = await visible(trx, actor, id);
    if (!usersPolicy.mayManageUser(actor, JSON.parse(current.roles) as TRole[])) throw AppError.forbidden();
    const problem = passwordProblem(input.password, current.email);
    if (problem) throw AppError.validation([{ path: 'password', code: `password_${problem}` }]);
    const patch: Partial<UsersTable> = {
      password_hash: await hashPassword(input.password),
      must_change_password: 1,
      failed_logins: 0,
      locked_until: null,
      updated_at: nowIso(),
    };
    if (input.resetMfa) Object.assign(patch, { totp_enabled: 0, totp_secret_enc: null });
    if (!(await repo.update(trx, id, input.version, patch))) throw await versionConflict(trx, 'users', id);
    await repo.deleteSessions(trx, id);
    // The unlock path: sign-in throttles on this account end with the reset, from every address.
    await loginThrottle.clearAccount(p, trx, current.email);
    await recordAudit(p, trx, actor, { action: 'user.password_reset', entityType: 'user', entityId: id, details: { resetMfa: input.resetMfa } });
    return presentUser(await visible(trx, actor, id));
  },
};
