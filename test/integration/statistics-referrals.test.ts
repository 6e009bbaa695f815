/**
 * The referral module's tables in the commission's statistics, against a small world built through the API
 * (cases, consents, referrals, acceptances, deliveries), with registration and sending dates set directly,
 * counted by hand. Platform time zone: Africa/Casablanca (UTC+1 in May–July 2025, outside Ramadan).
 *
 * trafficking victims identified on 2025-06-15, columns [presumed, identified, anonymous]:
 *   A: 6 presumed women, registered 2025-06-01T23:30Z (local 06-02), referred 2025-06-02T08:00Z (same local day),
 *      first service 2025-06-05 (3 days);
 *   B: 5 identified women, registered 2025-06-01, referred 2025-06-10 (9 days), no service yet;
 *   C: 2 presumed women, never referred;
 *   D: 1 presumed woman, registered 2025-05-01, referred 2025-06-15 (45 days, no service on that referral) and
 *      again 2025-07-01, served 2025-07-02: first service 17 days after the FIRST referral;
 *   6 anonymous notifications (no case: never referred, no service).
 * left out: a woman identified in 2024, referred and served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, localDay, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';
import { STATISTICS_SOURCES } from '../../src/server/modules/statistics/statistics.sources';
import { rebuildFacts, yearCounts } from '../../src/server/modules/statistics/statistics.facts';
import { sourceTables } from '../../src/server/modules/statistics/statistics.service';
import { renderReportHtml } from '../../src/server/modules/statistics/statistics.report';

type Table = { id: string; columns: string[]; additive: boolean; rows: { key: string; cells: (number | null)[]; total: number | null }[]; columnTotals: (number | null)[] | null; total: number | null };

for (const dialect of DIALECTS) {
  describe(`statistics: referral figures [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    let analyst: Client;
    let prosecutor: Client;
    let receiver: Client;
    let prosecution: string;
    let shelterOrg: string;
    let shelter: string;

    const create = async (identifiedOn = '2025-06-15') => {
      const r = await worker.post('/api/v1/cases', caseBody({ person: { sex: 'female', dateOfBirth: '1990-01-20', nationalities: ['MA'] }, identifiedOn }));
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    const registered = (caseId: string, at: string) => env.p.db.updateTable('cases').set({ created_at: at }).where('id', '=', caseId).execute();
    async function decide(caseId: string) {
      await worker.post(`/api/v1/cases/${caseId}/identification/request`, { identificationVersion: (await worker.get(`/api/v1/cases/${caseId}/identification`)).json().identificationVersion, decidingOrganisationId: prosecution });
      const s = (await prosecutor.get(`/api/v1/cases/${caseId}/identification`)).json();
      const r = await prosecutor.post(`/api/v1/cases/${caseId}/identification/decisions`, { identificationVersion: s.identificationVersion, status: 'identified', reasons: 'Decision taken for the test world.', evidence: ['interview'] });
      expect(r.statusCode, r.body).toBe(200);
    }
    /** A referral to the shelter, accepted, sent at `sentAt`, with a first delivery on `servedOn` (if any). */
    async function refer(caseId: string, sentAt: string, servedOn?: string) {
      const k = await worker.post(`/api/v1/cases/${caseId}/consents`, {
        purpose: 'sharing', recipientOrganisationId: shelterOrg, categories: ['identity', 'health'], method: 'written', interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: localDay(),
      });
      expect(k.statusCode, k.body).toBe(201);
      const sent = await worker.post(`/api/v1/cases/${caseId}/referrals`, { serviceId: shelter, urgency: 'urgent', reason: 'Needs a safe place.', categories: ['identity', 'health'], consentId: k.json().id });
      expect(sent.statusCode, sent.body).toBe(201);
      const r = sent.json();
      const accepted = await receiver.post(`/api/v1/referrals/${r.id}/transitions`, { version: r.version, action: 'accept' });
      expect(accepted.statusCode, accepted.body).toBe(200);
      await env.p.db.updateTable('referrals').set({ sent_at: sentAt }).where('id', '=', r.id).execute();
      if (servedOn) {
        const d = await receiver.post(`/api/v1/referrals/${r.id}/deliveries`, { deliveredOn: servedOn, units: 1, unit: 'nights', outcome: 'delivered' });
        expect(d.statusCode, d.body).toBe(201);
      }
    }

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      expect(env.p.config.timezone).toBe('Africa/Casablanca');
      prosecution = newId();
      shelterOrg = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values([
        { id: prosecution, name: 'Parquet (referral statistics test)', type: 'prosecution', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now },
        { id: shelterOrg, name: 'Foyer (referral statistics test)', type: 'ngo', region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now },
      ]).execute();
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      analyst = await userClient(env, env.orgs.c, ['commission_analyst']);
      prosecutor = await userClient(env, prosecution, ['justice_liaison']);
      receiver = await userClient(env, shelterOrg, ['service_provider']);
      const admin = await userClient(env, shelterOrg, ['org_admin']);
      const s = await admin.post('/api/v1/services', { name: 'Shelter for women', type: 'specialised_shelter', regions: ['MA-06'], audience: 'adults', sexes: ['female'], languages: ['ar', 'fr'], capacityTotal: 50 });
      expect(s.statusCode, s.body).toBe(201);
      shelter = s.json().id;

      for (let i = 0; i < 6; i++) { const id = await create(); await registered(id, '2025-06-01T23:30:00.000Z'); await refer(id, '2025-06-02T08:00:00.000Z', '2025-06-05'); }
      for (let i = 0; i < 5; i++) { const id = await create(); await decide(id); await registered(id, '2025-06-01T10:00:00.000Z'); await refer(id, '2025-06-10T10:00:00.000Z'); }
      for (let i = 0; i < 2; i++) await registered(await create(), '2025-06-01T10:00:00.000Z');
      const d = await create();
      await registered(d, '2025-05-01T10:00:00.000Z');
      await refer(d, '2025-06-15T10:00:00.000Z');
      await refer(d, '2025-07-01T10:00:00.000Z', '2025-07-02');
      const old = await create('2024-12-31');
      await registered(old, '2024-12-01T10:00:00.000Z');
      await refer(old, '2024-12-01T11:00:00.000Z', '2024-12-01');
      for (let i = 0; i < 6; i++) {
        const r = await worker.post('/api/v1/anonymous-notifications', { sex: 'female', ageGroup: 'adult', nationality: 'NG', exploitationForms: ['forced_labour'], regionCode: 'MA-06', identifiedOn: '2025-09-05', identificationChannel: 'hotline' });
        expect(r.statusCode).toBe(201);
      }
      // Registration and sending times were moved in the database, outside the application: recount.
      await rebuildFacts(env.p);
    });
    afterAll(() => env.close());

    it('counts services, time to referral and time to first service exactly as done by hand (before disclosure control)', async () => {
      const source = STATISTICS_SOURCES.find((s) => s.id === 'referrals')!;
      const tables = async (year: number, situation: string) => sourceTables(await yearCounts(env.p.db, year), source, situation)
        .map((t) => ({ id: t.id, rows: t.keys.map((key, i) => ({ key, cells: t.rows[i]! })) }));
      const raw = await tables(2025, 'trafficking');
      const byId = Object.fromEntries(raw.map((b) => [b.id, Object.fromEntries(b.rows.map((r) => [r.key, r.cells]))]));
      expect(byId.services).toEqual({ received_service: [7, 0, 0], no_service: [2, 5, 6] });
      expect(byId.time_to_referral).toEqual({ same_day: [6, 0, 0], '1_7_days': [0, 0, 0], '8_30_days': [0, 5, 0], over_30_days: [1, 0, 0], not_referred: [2, 0, 6] });
      expect(byId.time_to_service).toEqual({ same_day: [0, 0, 0], '1_7_days': [6, 0, 0], '8_30_days': [1, 0, 0], over_30_days: [0, 0, 0], no_service: [0, 5, 0], not_referred: [2, 0, 6] });
      // 2024: the one woman of that year, referred and served the day she was registered.
      const y2024 = await tables(2024, 'trafficking');
      expect(y2024.find((b) => b.id === 'time_to_service')!.rows.find((r) => r.key === 'same_day')!.cells).toEqual([1, 0, 0]);
      // Smuggling: no victim in this world, every row zero.
      const smuggling = await tables(2025, 'smuggling');
      expect(smuggling.flatMap((b) => b.rows.flatMap((r) => r.cells)).every((n) => n === 0)).toBe(true);
    });

    it('shows the analyst the protected tables, linked to the headline', async () => {
      const res = await analyst.get('/api/v1/statistics?year=2025');
      expect(res.statusCode).toBe(200);
      const s = res.json() as { headline: unknown; tables: Table[] };
      expect(s.headline).toEqual({ cells: [9, 5, 6], total: 20 });
      const table = (id: string) => s.tables.find((t) => t.id === id)!;
      expect(s.tables.map((t) => t.id).filter((id) => id.startsWith('referrals.'))).toEqual(['referrals.services', 'referrals.time_to_referral', 'referrals.time_to_service']);
      const services = table('referrals.services');
      // The 2 presumed women without a service are hidden; their column (total 9, published in the headline)
      // takes the 7 who were served; that row takes the identified zero (its column total is published too,
      // and a zero is preferred to nothing), the other row the 5 identified. Row totals 7 and 13 stay: the
      // four hidden cells keep one degree of freedom (received identified anywhere from 0 to 5).
      expect(services.rows).toEqual([
        { key: 'received_service', cells: [null, null, 0], total: 7 },
        { key: 'no_service', cells: [null, null, 6], total: 13 },
      ]);
      // 1 presumed woman referred after 45 days, 2 never referred: hidden with a zero and the 6 anonymous
      // notifications in their rows, and both row totals (which would give them away with the 9 published).
      expect(table('referrals.time_to_referral').rows).toEqual([
        { key: 'same_day', cells: [6, 0, 0], total: 6 },
        { key: '1_7_days', cells: [0, 0, 0], total: 0 },
        { key: '8_30_days', cells: [0, 5, 0], total: 5 },
        { key: 'over_30_days', cells: [null, 0, null], total: null },
        { key: 'not_referred', cells: [null, 0, null], total: null },
      ]);
      // Woman D's first service came 17 days after her FIRST referral (not 1 day after the second one).
      expect(table('referrals.time_to_service').rows).toEqual([
        { key: 'same_day', cells: [0, 0, 0], total: 0 },
        { key: '1_7_days', cells: [6, 0, 0], total: 6 },
        { key: '8_30_days', cells: [null, 0, null], total: null },
        { key: 'over_30_days', cells: [0, 0, 0], total: 0 },
        { key: 'no_service', cells: [0, 5, 0], total: 5 },
        { key: 'not_referred', cells: [null, 0, null], total: null },
      ]);
      expect(services.columnTotals).toEqual([9, 5, 6]);
      expect(services.total).toBe(20);
      for (const id of ['referrals.services', 'referrals.time_to_referral', 'referrals.time_to_service']) {
        const t = table(id);
        expect(t.additive).toBe(true);
        // The headline's totals are published: never hidden here, never used as a complement.
        expect(t.columnTotals).toEqual([9, 5, 6]);
        expect(t.total).toBe(20);
        const all = [...t.rows.flatMap((r) => [...r.cells, r.total])];
        expect(all.filter((v) => v !== null && v > 0 && v < 5)).toEqual([]);
      }
    });
    it('puts the tables, labelled, in the protection section of the annual report (French and Arabic)', async () => {
      const f = (await analyst.get('/api/v1/statistics?year=2025')).json();
      const smuggling = (await analyst.get('/api/v1/statistics?year=2025&situation=smuggling')).json();
      const section = (html: string) => html.slice(html.indexOf('<section id="protection">'), html.indexOf('<section id="prosecution">'));
      const fr = section(renderReportHtml('fr', 2025, f, smuggling, new Map(), env.p.config.timezone));
      for (const text of ['Victimes ayant reçu un service', 'Au moins un service reçu', 'Le jour même', 'Plus de 30 jours', 'Sans orientation']) expect(fr).toContain(text);
      const ar = section(renderReportHtml('ar', 2025, f, smuggling, new Map(), env.p.config.timezone));
      for (const text of ['الضحايا الذين تلقّوا خدمة', 'في اليوم نفسه', 'لم تتم الإحالة']) expect(ar).toContain(text);
      expect(fr).not.toContain('received_service');
    });
  });
}
