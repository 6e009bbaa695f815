/**
 * The statistics on data that bypassed validation: a key outside a table's known list (an identification
 * channel, an exploitation form that the taxonomy does not have) is shown as its own row — never dropped,
 * never counted under another key. Hand-counted:
 *   3 presumed women (forced labour, MA-06, police operation, identified 2025-04-02) of which one case's
 *   channel is rewritten to 'legacy_channel' and another gets an extra form 'legacy_form' in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, userClient, type TestEnv } from '../support/harness';
import { rawBreakdowns } from '../../src/server/modules/statistics/statistics.service';
import { rebuildFacts } from '../../src/server/modules/statistics/statistics.facts';

const nonZero = (m: Map<string, number[]>) => Object.fromEntries([...m.entries()].filter(([, v]) => v.some((n) => n > 0)));

for (const dialect of DIALECTS) {
  describe(`statistics: keys outside the known lists [${dialect}]`, () => {
    let env: TestEnv;
    let ids: string[] = [];
    beforeAll(async () => {
      env = await createTestEnv(dialect);
      const worker = await userClient(env, env.orgs.a, ['case_worker']);
      ids = [];
      for (let i = 0; i < 3; i++) {
        const r = await worker.post('/api/v1/cases', caseBody({ person: { sex: 'female', dateOfBirth: '1990-01-20', nationalities: ['MA'] }, exploitationForms: ['forced_labour'], places: [{ kind: 'exploitation', country: 'MA', regionCode: 'MA-06' }], identificationChannel: 'police_operation', identifiedOn: '2025-04-02' }));
        expect(r.statusCode, r.body).toBe(201);
        ids.push(r.json().id as string);
      }
    });
    afterAll(() => env.close());

    it('counts valid data', async () => {
      const all = await env.p.db.transaction().execute((trx) => rawBreakdowns(trx, 'trafficking', 2025));
      expect(nonZero(all.get('channel')!)).toEqual({ police_operation: [3, 0, 0] });
      expect(nonZero(all.get('form')!)).toEqual({ forced_labour: [3, 0, 0] });
      expect(nonZero(all.get('month')!)).toEqual({ '2025-04': [3, 0, 0] });
      expect(nonZero(all.get('region')!)).toEqual({ 'MA-06': [3, 0, 0] });
      expect(nonZero(all.get('sexAge')!)).toEqual({ women: [3, 0, 0] });
    });

    it('shows a key outside the lists as its own row, with every other figure unchanged', async () => {
      await env.p.db.updateTable('cases').set({ identification_channel: 'legacy_channel' }).where('id', '=', ids[0]!).execute();
      await env.p.db.insertInto('case_forms').values({ case_id: ids[1]!, form: 'legacy_form' }).execute();
      // Written outside the application: the counts follow once recounted (`opennrm statistics rebuild`).
      await rebuildFacts(env.p);
      const all = await env.p.db.transaction().execute((trx) => rawBreakdowns(trx, 'trafficking', 2025));
      expect(nonZero(all.get('channel')!)).toEqual({ police_operation: [2, 0, 0], legacy_channel: [1, 0, 0] });
      expect(nonZero(all.get('form')!)).toEqual({ forced_labour: [3, 0, 0], legacy_form: [1, 0, 0] });
      expect(nonZero(all.get('region')!)).toEqual({ 'MA-06': [3, 0, 0] });
      expect(nonZero(all.get('organisationType')!)).toEqual({ ngo: [3, 0, 0] });
      expect(nonZero(all.get('citizenship')!)).toEqual({ MA: [3, 0, 0] });
    });
  });
}
