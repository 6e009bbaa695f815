import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/**
 * The commission's secretariat (commission analysts) keeps the registers and the national action plan. An
 * organisation a recommendation is addressed to sees it (any signed-in member), to follow it up with the
 * secretariat. The plan's structure is a public government document: every signed-in user may read it.
 *
 * Progress reports: the focal points of the organisation that LEADS an action write and submit them —
 * its members with the role `org_admin` (who speaks for the organisation) or `case_supervisor` (who
 * supervises the work being reported on). Members of a partner organisation may read them; the secretariat
 * validates or returns them. Anyone else does not see them (404).
 */
export const actionplanPolicy = {
  manage: (a: Actor) => hasRole(a, 'commission_analyst'),
  focalPoint: (a: Actor, leadOrgId: string) => a.organisationId === leadOrgId && hasRole(a, 'org_admin', 'case_supervisor'),
  readReports: (a: Actor, leadOrgId: string, partnerOrgIds: string[]) => hasRole(a, 'commission_analyst') || a.organisationId === leadOrgId || partnerOrgIds.includes(a.organisationId),
};
