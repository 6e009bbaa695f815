import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';
import type { Access } from '../../platform/access';
import { CASE_ROLES } from '../users/users.policy';

/** Who may do what with care plans and case conferences (deny by default; need-to-know is in the queries). */
export const carePlansPolicy = {
  /** Everyone who may see the case (managing organisation, or a live grant) reads its care plan. */
  read: (a: Actor) => hasRole(a, ...CASE_ROLES),
  /** Only the managing organisation writes the plan. */
  edit: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, 'first_responder', 'case_worker', 'case_supervisor'),
  /** The responsible organisation may move its own action along (when it can see the case). */
  updateActionStatus: (a: Actor, access: Access, responsibleOrgId: string) =>
    carePlansPolicy.edit(a, access) || (responsibleOrgId === a.organisationId && hasRole(a, ...CASE_ROLES)),
  /** A case conference record is the managing organisation's: participants see nothing of it through OpenNRM. */
  readConferences: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, ...CASE_ROLES),
  recordConference: (a: Actor, access: Access) => carePlansPolicy.edit(a, access),
};
