import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';
import type { Access } from '../../platform/access';
import { justiceConfig } from './justice.config';

export const justicePolicy = {
  /** A justice user: a justice role in a justice organisation (configuration). Everyone else gets 404 on proceedings. */
  isJustice: (a: Actor, orgType: string) => {
    const cfg = justiceConfig();
    return (cfg.organisationTypes as string[]).includes(orgType) && hasRole(a, ...cfg.roles);
  },
  /** The victim's managing organisation sees hearings and protection measures of its own cases (never defendants). */
  caseView: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, 'first_responder', 'case_worker', 'case_supervisor', 'justice_liaison'),
  /** Aggregates only, after disclosure control. */
  readStatistics: (a: Actor) => hasRole(a, 'commission_analyst'),
};
