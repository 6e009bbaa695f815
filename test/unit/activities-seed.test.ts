/** The demo seed gives the activities registers something to show, through the service (validated, audited). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/server/seed/seed';
import { activitiesService } from '../../src/server/modules/activities/activities.service';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { createTestEnv, type TestEnv } from '../support/harness';

describe('activities demo data', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv('sqlite');
    await seedDemo(env.p, 40);
  });
  afterAll(() => env.close());

  it('seeds campaigns, trainings, agreements and cooperation requests over 2024–2026', async () => {
    const analyst = { userId: 'x', organisationId: 'x', displayName: 'a', roles: new Set(['commission_analyst'] as const), language: 'fr' as const, ip: null };
    const s2025 = await env.p.db.transaction().execute((trx) => activitiesService.summary(trx, 2025));
    expect(s2025.campaigns.count).toBe(1);
    expect(s2025.trainings.totals).toEqual({ women: 25, men: 44, total: 69 });
    expect(s2025.agreements.inForceAtYearEnd).toBe(2);
    expect(s2025.cooperation.medianResponseDays).toBe(18.5);
    const agreements = await env.p.db.transaction().execute((trx) => activitiesService.listAgreements(env.p, trx, analyst, {}));
    expect(agreements.map((a) => a.status).sort()).toEqual(['draft', 'expired', 'in_force', 'signed']);
    for (const year of [2024, 2026]) {
      const s = await env.p.db.transaction().execute((trx) => activitiesService.summary(trx, year));
      expect(s.trainings.count + s.campaigns.count + s.cooperation.count).toBeGreaterThan(0);
    }
    expect((await verifyAuditChain(env.p.db)).ok).toBe(true);
  });
});
