/** The demo seed gives the justice track something to show: proceedings, defendants, statistics not all hidden. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/server/seed/seed';
import { justiceService } from '../../src/server/modules/justice/justice.service';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { createTestEnv, type TestEnv } from '../support/harness';

describe('justice demo data', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv('sqlite');
    await seedDemo(env.p, 120);
  });
  afterAll(() => env.close());

  it('seeds proceedings whose statistics are partly shown, with the association’s cases sent to the Rabat prosecution', async () => {
    const analyst = { userId: 'x', organisationId: 'x', displayName: 'a', roles: new Set(['commission_analyst'] as const), language: 'fr' as const, ip: null };
    const stats = await env.p.db.transaction().execute((trx) => justiceService.statistics(env.p, trx, analyst, undefined));
    expect(stats.suspects.total.value).toBeGreaterThanOrEqual(12);
    expect(stats.proceedingsByStage.total.value).toBe(12);
    expect(stats.medianDaysComplaintToJudgment.value).toBeGreaterThan(0);
    const orgs = await env.p.db.selectFrom('organisations').select(['id', 'name']).execute();
    const rabat = orgs.find((o) => o.name.includes('Rabat') && o.name.startsWith('Parquet'))!;
    const asso = orgs.find((o) => o.name.startsWith('Association Nour'))!;
    const sent = await env.p.db.selectFrom('cases').select('id').where('managing_org_id', '=', asso.id).where('identification_requested_from', '=', rabat.id).execute();
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect((await verifyAuditChain(env.p.db)).ok).toBe(true);
  });
});
