import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';
import type { Access } from '../../platform/access';
import { CASE_ROLES } from '../users/users.policy';

export const casesPolicy = {
  /** Who may open the case registry at all (need-to-know still applies per case). */
  read: (a: Actor) => hasRole(a, ...CASE_ROLES),
  create: (a: Actor) => hasRole(a, 'first_responder', 'case_worker', 'case_supervisor'),
  /** Only the managing organisation edits a case. */
  update: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, 'first_responder', 'case_worker', 'case_supervisor'),
  /** Assigning a case worker is a supervisor's decision (a case worker may take an unassigned case). */
  assign: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, 'case_supervisor'),
  addAttachment: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, 'first_responder', 'case_worker', 'case_supervisor'),
  readAttachments: (_a: Actor, access: Access) => access.categories.has('documents'),
  /** A file of the list (the same visible cases and fields): for the case workers who manage cases. */
  export: (a: Actor) => hasRole(a, 'case_worker', 'case_supervisor'),
};
