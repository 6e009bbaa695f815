import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';

/** The service directory holds no personal data: every organisation with a case or coordination role reads it. */
export const directoryPolicy = {
  read: (a: Actor) => hasRole(a, 'first_responder', 'case_worker', 'case_supervisor', 'service_provider', 'justice_liaison', 'org_admin', 'commission_analyst'),
  /** An organisation publishes and edits its own services. */
  manage: (a: Actor, serviceOrgId: string) => a.organisationId === serviceOrgId && hasRole(a, 'service_provider', 'case_supervisor', 'org_admin'),
  /** Front-line staff of the provider keep the free places up to date. */
  updateCapacity: (a: Actor, serviceOrgId: string) => a.organisationId === serviceOrgId && hasRole(a, 'service_provider', 'case_worker', 'case_supervisor', 'org_admin'),
};
