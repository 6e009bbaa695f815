/** Which roles see which part of the referrals feature. The server decides; this only hides what would be refused. */
import type { TRole } from '../../../contract/common';
import { CASE_ROLES } from '../../app/roles';

/** The directory holds no personal data: case roles, organisation administrators and analysts read it. */
export const SERVICE_READ_ROLES: readonly TRole[] = [...CASE_ROLES, 'org_admin', 'commission_analyst'];
/** An organisation publishes and edits its own services. */
export const SERVICE_EDIT_ROLES: readonly TRole[] = ['service_provider', 'case_supervisor', 'org_admin'];
/** Front-line staff of the provider keep the free places up to date. */
export const CAPACITY_ROLES: readonly TRole[] = ['service_provider', 'case_worker', 'case_supervisor', 'org_admin'];
/** Who works with referrals: senders (first responders, case workers, supervisors) and receivers (providers). */
export const REFERRAL_ROLES: readonly TRole[] = ['first_responder', 'case_worker', 'case_supervisor', 'service_provider'];
/** Who records consent and refers (with the managing organisation). */
export const REFER_ROLES: readonly TRole[] = ['first_responder', 'case_worker', 'case_supervisor'];
/** Who asks for or answers a transfer of case management. */
export const TRANSFER_ROLES: readonly TRole[] = ['case_worker', 'case_supervisor'];
/** Supervisors see the referral flows between organisation types. */
export const STATS_ROLES: readonly TRole[] = ['case_supervisor'];
