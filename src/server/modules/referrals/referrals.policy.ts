import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';
import type { Access } from '../../platform/access';
import type { Party } from './referrals.machine';

const SENDER_ROLES = ['first_responder', 'case_worker', 'case_supervisor'] as const;
const RECEIVER_ROLES = ['service_provider', 'case_worker', 'case_supervisor'] as const;

export const referralsPolicy = {
  /** Consent is recorded, read and withdrawn by the organisation managing the case. */
  consent: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, ...SENDER_ROLES),
  refer: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, ...SENDER_ROLES),
  /** Which side(s) of a referral the caller is on (none: the referral is not theirs to act on). */
  parties: (a: Actor, r: { from_org_id: string; to_org_id: string }): Set<Party> => {
    const s = new Set<Party>();
    if (a.organisationId === r.from_org_id && hasRole(a, ...SENDER_ROLES)) s.add('sender');
    if (a.organisationId === r.to_org_id && hasRole(a, ...RECEIVER_ROLES)) s.add('receiver');
    return s;
  },
  readReferrals: (a: Actor) => hasRole(a, ...SENDER_ROLES, ...RECEIVER_ROLES),
  transferRequest: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, 'case_worker', 'case_supervisor'),
  transferRespond: (a: Actor, toOrgId: string) => a.organisationId === toOrgId && hasRole(a, 'case_worker', 'case_supervisor'),
  transferCancel: (a: Actor, fromOrgId: string) => a.organisationId === fromOrgId && hasRole(a, 'case_worker', 'case_supervisor'),
  /** Supervisors see their organisation's referral flows and times. */
  stats: (a: Actor) => hasRole(a, 'case_supervisor'),
};
