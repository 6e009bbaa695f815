import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/**
 * The commission's secretariat (commission analysts) keeps the registers. An organisation a recommendation
 * is addressed to sees it (any signed-in member), to follow it up with the secretariat.
 */
export const actionplanPolicy = {
  manage: (a: Actor) => hasRole(a, 'commission_analyst'),
};
