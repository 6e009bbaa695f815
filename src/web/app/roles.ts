/** Which roles may use which part of the app. The server decides; this only hides what would be refused. */
import type { TRole } from '../../contract/common';

export const CASE_ROLES: readonly TRole[] = ['first_responder', 'case_worker', 'case_supervisor', 'service_provider', 'justice_liaison'];
export const REGISTER_ROLES: readonly TRole[] = ['first_responder', 'case_worker', 'case_supervisor'];
/** Screening interviews and risk assessments are recorded by the managing organisation (with `abilities.update`). */
export const SCREENING_ROLES: readonly TRole[] = REGISTER_ROLES;
/** The red-flags quick screen is for whoever meets the person first or registers cases (nothing is saved). */
export const QUICK_SCREEN_ROLES: readonly TRole[] = REGISTER_ROLES;
/** Who may count an adult who does not agree to be referred (anonymous notification). */
export const ANONYMOUS_NOTIFICATION_ROLES: readonly TRole[] = ['first_responder', 'case_worker', 'case_supervisor'];
/** Who may list the deadlines of the whole organisation. */
export const ORGANISATION_TASK_ROLES: readonly TRole[] = ['case_supervisor', 'justice_liaison'];
export const ORGANISATION_ADMIN_ROLES: readonly TRole[] = ['system_admin'];
export const USER_ADMIN_ROLES: readonly TRole[] = ['org_admin', 'system_admin'];
/** Justice roles (the organisation type is checked too: see features/justice/labels.ts, data/config/justice.json). */
export const JUSTICE_ROLES: readonly TRole[] = ['justice_liaison'];
/** The justice statistics feed (aggregates after disclosure control). */
export const JUSTICE_STATISTICS_ROLES: readonly TRole[] = ['commission_analyst'];
export const AUDIT_ROLES: readonly TRole[] = ['system_admin', 'dpo', 'org_admin'];
/** National statistics (aggregates after disclosure control) and their exports. */
export const STATISTICS_ROLES: readonly TRole[] = ['commission_analyst'];
/** The recommendations register: the secretariat keeps it; organisations read what is addressed to them (the server filters). */
export const RECOMMENDATION_ROLES: readonly TRole[] = ['commission_analyst', ...CASE_ROLES, 'org_admin'];
/** Prevention and partnership activities (server: modules/activities/activities.policy.ts). Campaigns, trainings, agreements: */
export const ACTIVITY_PROGRAMME_ROLES: readonly TRole[] = ['commission_analyst', 'org_admin', 'case_supervisor'];
/** International cooperation requests. */
export const COOPERATION_ROLES: readonly TRole[] = ['commission_analyst', 'justice_liaison'];
/** Partnership agreements are recorded by the secretariat (parties read them). */
export const AGREEMENT_RECORD_ROLES: readonly TRole[] = ['commission_analyst'];
export const ACTIVITY_ROLES: readonly TRole[] = [...ACTIVITY_PROGRAMME_ROLES, ...COOPERATION_ROLES];
/** The national action plan: every organisation reads it; the focal points of an action's lead organisation report; the secretariat validates. */
export const PLAN_ROLES: readonly TRole[] = RECOMMENDATION_ROLES;
export const PLAN_REPORT_ROLES: readonly TRole[] = ['org_admin', 'case_supervisor'];
export const PLAN_VALIDATION_ROLES: readonly TRole[] = ['commission_analyst'];
export const AUDIT_VERIFY_ROLES: readonly TRole[] = ['system_admin', 'dpo'];
/** The retention schedule, the register of processing activities and the breach log (server: retention.policy.ts, accountability.policy.ts). */
export const RETENTION_ROLES: readonly TRole[] = ['dpo', 'system_admin'];

export function hasAnyRole(roles: readonly TRole[] | undefined, allowed: readonly TRole[]): boolean {
  return !!roles && roles.some((r) => allowed.includes(r));
}

/** The requests of the persons recorded (law 09-08): the managing organisation's case workers and supervisors. */
export const SUBJECT_RIGHTS_ROLES: readonly TRole[] = ['case_worker', 'case_supervisor'];
