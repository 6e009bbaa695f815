import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/**
 * Who handles the requests of the persons recorded: the case workers and supervisors of the organisation that
 * manages the case (need-to-know in the repository query: any other organisation gets 404, grantees included —
 * that a person asked something is itself sensitive). Other roles get 403. Deny by default.
 */
export const subjectRightsPolicy = {
  handle: (a: Actor) => hasRole(a, 'case_worker', 'case_supervisor'),
};
