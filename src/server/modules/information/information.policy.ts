import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';
import { CASE_ROLES } from '../users/users.policy';

export const informationPolicy = {
  /**
   * The information sheet carries no personal data beyond the case reference, so whoever may read the case
   * may print it for the person: the case roles, on a case they manage or hold a live grant on (need-to-know
   * is checked by the repository query). Roles without case access (analysts, DPOs, administrators) get 403.
   */
  exportSheet: (a: Actor) => hasRole(a, ...CASE_ROLES),
};
