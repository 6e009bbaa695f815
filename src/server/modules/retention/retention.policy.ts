import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/** The retention schedule is the data protection officer's and the system administrator's (deny by default). */
export const retentionPolicy = {
  read: (a: Actor) => hasRole(a, 'dpo', 'system_admin'),
  run: (a: Actor) => hasRole(a, 'dpo', 'system_admin'),
};
