import type { TRole } from '../../../contract/common';
import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/** Roles that may work on cases (and so be assigned one). */
export const CASE_ROLES: TRole[] = ['first_responder', 'case_worker', 'case_supervisor', 'service_provider', 'justice_liaison'];

export const usersPolicy = {
  /** Organisation administrators manage their own organisation's users; system administrators everyone. */
  manage: (a: Actor) => hasRole(a, 'org_admin', 'system_admin'),
  /** Scope of users a manager may see: null = all organisations. */
  scope: (a: Actor): string | null => (hasRole(a, 'system_admin') ? null : a.organisationId),
  /** Only a system administrator may grant the system administrator role. */
  mayGrant: (a: Actor, roles: readonly TRole[]) => hasRole(a, 'system_admin') || !roles.includes('system_admin'),
  listAssignable: (a: Actor) => hasRole(a, ...CASE_ROLES),
};
