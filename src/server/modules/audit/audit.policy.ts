import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

export const auditPolicy = {
  browse: (a: Actor) => hasRole(a, 'system_admin', 'dpo', 'org_admin'),
  /** null = the whole log; otherwise only entries by that organisation's users. */
  scope: (a: Actor): string | null => (hasRole(a, 'system_admin', 'dpo') ? null : a.organisationId),
  verify: (a: Actor) => hasRole(a, 'system_admin', 'dpo'),
};
