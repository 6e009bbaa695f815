import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';
import type { Access } from '../../platform/access';

export const identificationPolicy = {
  /** The managing organisation asks the competent authority for a decision. */
  request: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, 'first_responder', 'case_worker', 'case_supervisor'),
  /** Deciding needs a deciding organisation (configuration) and a justice or supervisor role in it. */
  decide: (a: Actor, orgType: string, decidingTypes: readonly string[]) => decidingTypes.includes(orgType) && hasRole(a, 'justice_liaison', 'case_supervisor'),
  requestReconsideration: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, 'case_worker', 'case_supervisor', 'first_responder'),
  notifyAnonymously: (a: Actor) => hasRole(a, 'first_responder', 'case_worker', 'case_supervisor'),
};
