import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

export const organisationsPolicy = {
  list: (_a: Actor) => true,
  manage: (a: Actor) => hasRole(a, 'system_admin'),
};
