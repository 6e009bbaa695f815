import type { TRole } from '../../../contract/common';
import { ROLES } from '../../../contract/common';
import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/** Roles that may work on cases (and so be assigned one). */
export const CASE_ROLES: TRole[] = ['first_responder', 'case_worker', 'case_supervisor', 'service_provider', 'justice_liaison'];

/** Roles that belong to one organisation's own work; national roles (dpo, commission_analyst, system_admin) are not among them. */
export const ORGANISATION_ROLES: readonly TRole[] = [...CASE_ROLES, 'org_admin'];

/**
 * Who may grant what, declared once: the roles a holder of the key role may give (on create or update) and so
 * also manage (edit, deactivate, reset the password of a user holding only such roles). A person holding several
 * roles may grant the union. A role absent from this table grants nothing. Organisation administrators act only
 * in their own organisation (`scope` below).
 */
export const GRANTABLE_BY: Readonly<Partial<Record<TRole, readonly TRole[]>>> = {
  system_admin: ROLES,
  org_admin: ORGANISATION_ROLES,
};

/** Every role the actor may grant. */
export function grantableRoles(a: Actor): ReadonlySet<TRole> {
  const out = new Set<TRole>();
  for (const role of a.roles) for (const r of GRANTABLE_BY[role] ?? []) out.add(r);
  return out;
}

export const usersPolicy = {
  /** Organisation administrators manage their own organisation's users; system administrators everyone. */
  manage: (a: Actor) => hasRole(a, 'org_admin', 'system_admin'),
  /** Scope of users a manager may see: null = all organisations. */
  scope: (a: Actor): string | null => (hasRole(a, 'system_admin') ? null : a.organisationId),
  /** Every one of `roles` is in GRANTABLE_BY for one of the actor's roles. */
  mayGrant: (a: Actor, roles: readonly TRole[]) => {
    const grantable = grantableRoles(a);
    return roles.every((r) => grantable.has(r));
  },
  /** A user may be edited, deactivated or reset only by someone who could have granted every role they hold. */
  mayManageUser: (a: Actor, targetRoles: readonly TRole[]) => usersPolicy.mayGrant(a, targetRoles),
  listAssignable: (a: Actor) => hasRole(a, ...CASE_ROLES),
};
