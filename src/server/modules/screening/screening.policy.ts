import type { Actor } from '../../platform/context';
import { hasRole } from '../../platform/context';
import type { Access } from '../../platform/access';

export const screeningPolicy = {
  /** First responders and case workers of the managing organisation interview and assess. */
  record: (a: Actor, access: Access) => access.level === 'manager' && hasRole(a, 'first_responder', 'case_worker', 'case_supervisor'),
  /** Screening answers tell the person's story: shared only with the exploitation-story category. */
  readScreenings: (_a: Actor, access: Access) => access.categories.has('exploitation_story'),
  /** Safety and medical needs: shared with the health category. */
  readRisk: (_a: Actor, access: Access) => access.categories.has('health'),
};
