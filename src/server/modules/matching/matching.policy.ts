import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/**
 * Who may look for candidate records and link them (issue 15). Deny by default.
 * - lookup: the roles that register persons (the candidate notice is shown while registering) — for an existing
 *   person, only in the organisation that manages one of their cases (the service checks; a grantee gets 403).
 * - link: case workers and supervisors ask for, accept, decline and undo links, for the records their organisation
 *   manages (anyone else: 404 on the link).
 */
export const matchingPolicy = {
  lookup: (a: Actor) => hasRole(a, 'first_responder', 'case_worker', 'case_supervisor'),
  link: (a: Actor) => hasRole(a, 'case_worker', 'case_supervisor'),
};
