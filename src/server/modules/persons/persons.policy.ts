import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';
import { CASE_ROLES } from '../users/users.policy';

export const personsPolicy = {
  /** Commission analysts, DPOs and administrators without a case role never see persons. */
  read: (a: Actor) => hasRole(a, ...CASE_ROLES),
  /** Editing needs a case-handling role in an organisation that manages one of the person's cases. */
  update: (a: Actor) => hasRole(a, 'first_responder', 'case_worker', 'case_supervisor'),
};
