import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/** National statistics are for the commission's analysts; they see aggregates only, after disclosure control. */
export const statisticsPolicy = {
  view: (a: Actor) => hasRole(a, 'commission_analyst'),
  export: (a: Actor) => hasRole(a, 'commission_analyst'),
};
