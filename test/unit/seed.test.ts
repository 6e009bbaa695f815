import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZCaseCreate } from '../../src/contract/cases';
import { generateCase, rng } from '../../src/server/seed/generator';
import { seedCases } from '../../src/server/seed/seed';
import { casesService } from '../../src/server/modules/cases/cases.service';
import { createTestEnv, type TestEnv } from '../support/harness';
import { verifyAuditChain } from '../../src/server/platform/audit';

describe('synthetic case generator', () => {
  it('produces input that the contract and the registration service accept', async () => {
    const env: TestEnv = await createTestEnv('sqlite');
    try {
      const r = rng(7);
      const actor = { userId: 'u', organisationId: env.orgs.a, displayName: 'seed', roles: new Set(['case_worker'] as const), language: 'fr' as const, ip: null };
      for (let i = 0; i < 40; i++) {
        const spec = generateCase(r, 'ngo', { from: Date.UTC(2024, 0, 1), to: Date.UTC(2026, 0, 1) });
        const parsed = ZCaseCreate.parse(spec.input);
        await env.p.db.transaction().execute((trx) => casesService.create(env.p, trx, actor, parsed));
      }
    } finally {
      await env.close();
    }
  });

  it('is deterministic for a seed', () => {
    const a = generateCase(rng(1), 'police', { from: 0, to: 1e12 });
    const b = generateCase(rng(1), 'police', { from: 0, to: 1e12 });
    expect(a).toEqual(b);
  });

  it('follows the published mix: more girls than boys, mostly Moroccan, sexual exploitation most frequent', () => {
    const r = rng(3);
    const specs = Array.from({ length: 3000 }, () => generateCase(r, 'ngo', { from: Date.UTC(2024, 0, 1), to: Date.UTC(2026, 0, 1) }));
    const share = (f: (s: (typeof specs)[number]) => boolean) => specs.filter(f).length / specs.length;
    expect(share((s) => s.input.person.nationalities?.[0] === 'MA')).toBeGreaterThan(0.7);
    expect(share((s) => s.input.person.sex === 'female')).toBeGreaterThan(0.55);
    const sexual = share((s) => s.input.exploitationForms!.some((f) => f.startsWith('sexual')));
    const labour = share((s) => s.input.exploitationForms!.includes('forced_labour'));
    expect(sexual).toBeGreaterThan(labour);
  });
});

describe('bulk seeding', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv('sqlite');
  });
  afterAll(() => env.close());
  it('writes cases in batches with unique references and an intact audit chain', async () => {
    const progress: number[] = [];
    await seedCases(env.p, { count: 250, batchSize: 100, onProgress: (d) => progress.push(d) });
    expect(progress).toEqual([100, 200, 250]);
    const refs = await env.p.db.selectFrom('cases').select('reference').execute();
    expect(refs.length).toBe(250);
    expect(new Set(refs.map((r) => r.reference)).size).toBe(250);
    expect((await verifyAuditChain(env.p.db)).ok).toBe(true);
  });

  it('gives every seeded person its candidate tokens (the seeder bypasses the service)', async () => {
    const persons = await env.p.db.selectFrom('persons').select('id').execute();
    const withTokens = await env.p.db.selectFrom('person_match_tokens').select('person_id').distinct().execute();
    expect(persons.length).toBe(250);
    expect(new Set(withTokens.map((t) => t.person_id))).toEqual(new Set(persons.map((p) => p.id)));
  });
});
