import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/**
 * Who may read and write the prevention and partnership registers (deny by default: a role not named here
 * gets 403).
 * - The commission secretariat (`commission_analyst`) reads every register and records or edits any record.
 * - Campaigns and trainings: an organisation's `org_admin` or `case_supervisor` records and edits those its
 *   own organisation organises, and sees those it organises or (campaigns) is a partner in; a partner
 *   sees a campaign but cannot change it (403). Records of other organisations do not exist for them (404).
 * - Partnership agreements: the secretariat records and edits; the `org_admin` / `case_supervisor` of an
 *   organisation that is a party sees them (read only).
 * - International cooperation requests: the secretariat, and the `justice_liaison` of the handling
 *   organisation (records requests handled by its own organisation, follows their status).
 */
export const activitiesPolicy = {
  secretariat: (a: Actor) => hasRole(a, 'commission_analyst'),
  organisationRecorder: (a: Actor) => hasRole(a, 'org_admin', 'case_supervisor'),
  /** Campaigns, trainings and agreements (reading). */
  readProgrammes: (a: Actor) => activitiesPolicy.secretariat(a) || activitiesPolicy.organisationRecorder(a),
  /** Record or edit a campaign or training organised by `organiserId`. */
  recordProgramme: (a: Actor, organiserId: string) => activitiesPolicy.secretariat(a) || (activitiesPolicy.organisationRecorder(a) && organiserId === a.organisationId),
  recordAgreement: (a: Actor) => activitiesPolicy.secretariat(a),
  readCooperation: (a: Actor) => activitiesPolicy.secretariat(a) || hasRole(a, 'justice_liaison'),
  recordCooperation: (a: Actor, handlingOrgId: string) => activitiesPolicy.secretariat(a) || (hasRole(a, 'justice_liaison') && handlingOrgId === a.organisationId),
  /** Null: everything; else the caller's organisation (the repository keeps only its records). */
  scope: (a: Actor): string | null => (activitiesPolicy.secretariat(a) ? null : a.organisationId),
};
