/** The demo seed shows a demo action plan: three objectives per pillar, twelve actions, reports in each state, late-report tasks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/server/seed/seed';
import { DEMO_PLAN_CODE } from '../../src/server/seed/actionplan';
import { createTestEnv, type TestEnv } from '../support/harness';

describe('action-plan demo data', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv('sqlite');
    await seedDemo(env.p, 20);
  });
  afterAll(() => env.close());

  it('seeds an adopted demo plan with objectives in every pillar, actions, indicators and reports in each state', async () => {
    const plan = await env.p.db.selectFrom('action_plans').selectAll().where('code', '=', DEMO_PLAN_CODE).executeTakeFirstOrThrow();
    expect(plan.status).toBe('adopted');
    expect(plan.title_fr).toContain('démonstration');
    const objectives = await env.p.db.selectFrom('plan_objectives').select('pillar').where('plan_id', '=', plan.id).execute();
    for (const pillar of ['prevention', 'protection', 'prosecution', 'partnerships']) expect(objectives.filter((o) => o.pillar === pillar)).toHaveLength(3);
    expect(await env.p.db.selectFrom('plan_actions').select('id').where('plan_id', '=', plan.id).execute()).toHaveLength(12);
    expect((await env.p.db.selectFrom('plan_indicator_targets').select('year').execute()).length).toBeGreaterThan(60);
    const reports = await env.p.db.selectFrom('plan_reports').select('status').execute();
    expect(new Set(reports.map((r) => r.status))).toEqual(new Set(['draft', 'submitted', 'validated', 'returned']));
    expect((await env.p.db.selectFrom('tasks').select('id').where('subject_type', '=', 'plan_action_report').execute()).length).toBeGreaterThan(10);
  });
});
