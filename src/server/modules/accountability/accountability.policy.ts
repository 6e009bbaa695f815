import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/** The register of processing activities and the breach log belong to the data protection officer and the system administrator. */
export const accountabilityPolicy = {
  read: (a: Actor) => hasRole(a, 'dpo', 'system_admin'),
  write: (a: Actor) => hasRole(a, 'dpo', 'system_admin'),
};
