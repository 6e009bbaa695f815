/**
 * Issue 13, "Services and justice", over HTTP on both databases:
 * 1. service types are reference data (fr/ar/en labels, validated), new types (reintegration, residence,
 *    employment) can be published, searched and referred to, and the demo directory has a service of every type;
 * 2. the durable-solution plan has ordered, versioned steps with an encrypted note;
 * 3. compensation: the victim's claim (partie civile), an order only after a judgment, its payment, and the
 *    victim's managing organisation seeing its own victim's outcome (never another victim's);
 * 4. the demo child-protection account receives a child referred without consent.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_TYPE_DATA, serviceTypeProblems } from '../../src/contract/reference';
import { SERVICE_TYPES } from '../../src/contract/referrals';
import { referralConfig } from '../../src/server/modules/referrals/referrals.config';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoConfiguration, seedDemoReferrals } from '../../src/server/seed/seed';
import { newId, nowIso } from '../../src/server/platform/ids';
import { DIALECTS, caseBody, createTestEnv, grant, localDay, login, userClient, type Client, type TestEnv } from '../support/harness';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ok = (res: { statusCode: number; body: string; json: () => unknown }, what: string): J => {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json() as J;
};
const fieldCodes = (res: { json: () => unknown }) => ((res.json() as J).error.details.fields as { path: string; code: string }[]).map((f) => `${f.path}:${f.code}`);
const catalogue = (lang: string) => JSON.parse(fs.readFileSync(`src/web/i18n/${lang}.json`, 'utf8')) as J;

describe('service types as reference data', () => {
  it('come from data/reference/service-types.json with three labels each, keep the old codes and add the missing ones', () => {
    expect(serviceTypeProblems()).toEqual([]);
    expect([...SERVICE_TYPES]).toEqual(SERVICE_TYPE_DATA.serviceTypes.map((e) => e.code));
    for (const code of ['emergency_shelter', 'social_assistance', 'education_training', 'avrr', 'child_protection', 'consular_assistance']) expect(SERVICE_TYPES).toContain(code);
    for (const code of ['reintegration_economic', 'reintegration_family', 'reintegration_education', 'residence_regularisation', 'employment']) expect(SERVICE_TYPES).toContain(code);
    // The web app's labels are the data's, in every language; every type has its minimum categories.
    for (const lang of ['fr', 'ar', 'en'] as const) {
      const labels = catalogue(lang).referrals.serviceTypes as Record<string, string>;
      expect(Object.keys(labels).sort()).toEqual([...SERVICE_TYPES].sort());
      for (const e of SERVICE_TYPE_DATA.serviceTypes) expect(labels[e.code], `${lang} ${e.code}`).toBe(e.label[lang]);
    }
    for (const t of SERVICE_TYPES) expect(referralConfig().minimumCategories[t as keyof ReturnType<typeof referralConfig>['minimumCategories']], t).toBeDefined();
  });

  it('are checked at start: a missing label or a duplicate code is reported', () => {
    const first = SERVICE_TYPE_DATA.serviceTypes[0]!;
    expect(serviceTypeProblems({ serviceTypes: [first, { ...first }] })).toEqual([`serviceTypes: duplicate code ${first.code}`]);
    expect(serviceTypeProblems({ serviceTypes: [{ code: 'x_type', label: { fr: 'X', ar: '', en: 'X' } }] })).toEqual(['serviceTypes.x_type: missing ar label']);
    expect(serviceTypeProblems({ serviceTypes: [] })).toEqual(['serviceTypes: the list is empty']);
  });
});

for (const dialect of DIALECTS) {
  describe(`services and justice [${dialect}]`, () => {
    let env: TestEnv;
    const org: Record<string, string> = {};
    let c: Record<string, Client>;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      const now = nowIso();
      for (const [key, type] of [['prosecution', 'prosecution'], ['iom', 'international_organisation'], ['prefecture', 'ministry'], ['ngo2', 'ngo']] as const) {
        org[key] = newId();
        await env.p.db.insertInto('organisations').values({ id: org[key], name: `Org ${key}`, type, region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      }
      c = {
        worker: await userClient(env, env.orgs.a, ['case_worker']),
        worker2: await userClient(env, env.orgs.a, ['case_supervisor']),
        police: await userClient(env, env.orgs.b, ['case_worker']),
        iom: await userClient(env, org.iom!, ['service_provider', 'org_admin']),
        prefecture: await userClient(env, org.prefecture!, ['service_provider', 'org_admin']),
        prosecutor: await userClient(env, org.prosecution!, ['justice_liaison']),
        prosecutor2: await userClient(env, org.prosecution!, ['justice_liaison']),
        ngo2: await userClient(env, org.ngo2!, ['case_worker']),
      };
    });
    afterAll(() => env.close());

    // ——— 1. Service types ———

    it('publishes, searches and refers to the new types; an unknown type is refused', async () => {
      const body = (type: string) => ({ name: `Service ${type}`, type, regions: ['MA-06'], audience: 'all', languages: ['ar', 'fr'] });
      const econ = ok(await c.iom!.post('/api/v1/services', body('reintegration_economic')), 'economic reintegration');
      ok(await c.prefecture!.post('/api/v1/services', body('residence_regularisation')), 'residence');
      const bad = await c.iom!.post('/api/v1/services', body('reintegration_spiritual'));
      expect(bad.statusCode).toBe(400);
      expect(fieldCodes(bad)[0]).toMatch(/^type:/);
      const found = ok(await c.worker!.get('/api/v1/services?type=reintegration_economic'), 'search').items as J[];
      expect(found.map((s) => s.id)).toEqual([econ.id]);
      expect(ok(await c.worker!.get('/api/v1/services?type=residence_regularisation'), 'search').items).toHaveLength(1);
      // A referral to the new type, under a consent for that type of service; its minimum categories come from the configuration.
      const k = ok(await c.worker!.post('/api/v1/cases', caseBody()), 'case');
      const consent = ok(
        await c.worker!.post(`/api/v1/cases/${k.id}/consents`, { purpose: 'sharing', recipientServiceType: 'reintegration_economic', categories: ['identity', 'contact'], method: 'oral', interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: localDay() }),
        'consent',
      );
      const options = ok(await c.worker!.get(`/api/v1/cases/${k.id}/referral-options?serviceId=${econ.id}`), 'options');
      expect(options.minimumCategories).toEqual(['identity', 'contact']);
      const r = ok(await c.worker!.post(`/api/v1/cases/${k.id}/referrals`, { serviceId: econ.id, urgency: 'normal', reason: 'Micro-project after return.', categories: ['identity', 'contact'], consentId: consent.id }), 'referral');
      expect(r.service).toMatchObject({ id: econ.id, type: 'reintegration_economic' });
      expect(ok(await c.iom!.get('/api/v1/referrals?box=incoming'), 'inbox').items.map((x: J) => x.id)).toContain(r.id);
    });

    it('seeds a demo directory with at least one service of every type, and the child-protection account receives a child', async () => {
      const ids = await seedDemoConfiguration(env.p);
      await seedDemoReferrals(env.p);
      const demoOrgs = [...ids.values()];
      const rows = await env.p.db.selectFrom('services').select(['type', 'organisation_id']).where('organisation_id', 'in', demoOrgs).execute();
      const types = new Set(rows.map((s) => s.type));
      expect([...SERVICE_TYPES].filter((t) => !types.has(t))).toEqual([]);

      // The demo child-protection account: a DTIPE user who answers referrals.
      const account = DEMO_USERS.find((u) => u.email === 'protection.enfance@opennrm.demo')!;
      expect(account).toMatchObject({ org: 'dtipe-casa' });
      expect(account.roles).toContain('service_provider');
      const dtipe = await login(env.app, account.email, DEMO_PASSWORD);
      const inbox = ok(await dtipe.get('/api/v1/referrals?box=incoming'), 'DTIPE inbox').items as J[];
      const child = inbox.find((x) => x.service.type === 'child_protection');
      expect(child).toMatchObject({ status: 'sent', legalBasis: 'child_protection', consentId: null });
      // It can accept the child (the referral's state machine; a place is not counted for this service).
      const accepted = ok(await dtipe.post(`/api/v1/referrals/${child!.id}/transitions`, { version: child!.version, action: 'accept' }), 'accept');
      expect(accepted.status).toBe('accepted');
      // …and then sees the child's case through the grant the acceptance created.
      expect((await dtipe.get(`/api/v1/cases/${child!.caseId}`)).statusCode).toBe(200);
    });

    // ——— 2. Durable-solution plan ———

    it('records ordered steps of the durable-solution plan, versioned, with an encrypted note', async () => {
      const k = ok(await c.worker!.post('/api/v1/cases', caseBody()), 'case');
      const base = `/api/v1/cases/${k.id}/care-plan`;
      let plan = ok(await c.worker!.put(`${base}/durable-solution`, { version: 1, track: 'avrr_return', status: 'agreed' }), 'track');
      expect(plan.durableSolution.steps).toEqual([]);
      const step = (title: string, extra: J = {}) => ({ title, responsibleOrganisationId: org.iom, ...extra });
      plan = ok(await c.worker!.post(`${base}/durable-solution/steps`, step('Family assessment in the country of origin', { dueOn: localDay(20), note: 'Mother reachable through the IOM office in Lagos.' })), 'step 1');
      plan = ok(await c.worker!.post(`${base}/durable-solution/steps`, step('Travel documents from the consulate')), 'step 2');
      plan = ok(await c.worker!.post(`${base}/durable-solution/steps`, step('Risk assessment before departure', { position: 1 })), 'step 3 first');
      const titles = (pl: J) => (pl.durableSolution.steps as J[]).map((s) => `${s.position}:${s.title}`);
      expect(titles(plan)).toEqual(['1:Risk assessment before departure', '2:Family assessment in the country of origin', '3:Travel documents from the consulate']);
      const family = (plan.durableSolution.steps as J[])[1]!;
      expect(family).toMatchObject({ track: 'avrr_return', status: 'open', responsibleOrganisation: { id: org.iom }, dueOn: localDay(20), note: 'Mother reachable through the IOM office in Lagos.', version: 1 });

      // The note and the title are encrypted at rest.
      const row = await env.p.db.selectFrom('durable_steps').selectAll().where('id', '=', family.id).executeTakeFirstOrThrow();
      expect(row.note_enc).not.toContain('Lagos');
      expect(row.title_enc).not.toContain('Family');

      // Versioned: a stale version is a 409 with the stored version, and nothing is written.
      plan = ok(await c.worker!.patch(`${base}/durable-solution/steps/${family.id}`, { version: 1, status: 'in_progress', position: 3 }), 'move');
      expect(titles(plan)).toEqual(['1:Risk assessment before departure', '2:Travel documents from the consulate', '3:Family assessment in the country of origin']);
      const stale = await c.worker2!.patch(`${base}/durable-solution/steps/${family.id}`, { version: 1, note: 'Stale write' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      plan = ok(await c.worker!.get(base), 'plan');
      expect((plan.durableSolution.steps as J[]).find((s) => s.id === family.id)).toMatchObject({ status: 'in_progress', note: 'Mother reachable through the IOM office in Lagos.', version: 2 });
      // Done: completed, and the date is kept; a past due date and an unknown organisation are refused.
      plan = ok(await c.worker!.patch(`${base}/durable-solution/steps/${family.id}`, { version: 2, status: 'done' }), 'done');
      expect((plan.durableSolution.steps as J[]).find((s) => s.id === family.id)!.completedAt).toBeTruthy();
      expect(fieldCodes(await c.worker!.post(`${base}/durable-solution/steps`, step('Late step', { dueOn: '2020-01-01' })))).toEqual(['dueOn:date_in_past']);
      expect(fieldCodes(await c.worker!.post(`${base}/durable-solution/steps`, { title: 'Nobody', responsibleOrganisationId: newId() }))).toEqual(['responsibleOrganisationId:unknown_organisation']);

      // The responsible organisation moves its own step's status along once it sees the case; nothing else.
      const first = (plan.durableSolution.steps as J[])[0]!;
      expect((await c.iom!.patch(`${base}/durable-solution/steps/${first.id}`, { version: first.version, status: 'in_progress' })).statusCode).toBe(404);
      await grant(env, k.id, org.iom!, ['identity']);
      expect((await c.iom!.patch(`${base}/durable-solution/steps/${first.id}`, { version: first.version, title: 'Changed by IOM' })).statusCode).toBe(403);
      const moved = ok(await c.iom!.patch(`${base}/durable-solution/steps/${first.id}`, { version: first.version, status: 'in_progress' }), 'IOM status');
      expect((moved.durableSolution.steps as J[])[0]).toMatchObject({ id: first.id, status: 'in_progress' });
      expect((await c.iom!.post(`${base}/durable-solution/steps`, step('IOM adds'))).statusCode).toBe(403);
      // Another organisation without a grant learns nothing.
      expect((await c.police!.get(base)).statusCode).toBe(404);
    });

    // ——— 3. Compensation ———

    it('records the claim, accepts an order only after a judgment, records its payment; the victim’s organisation sees only its victim’s outcome', async () => {
      const victim1 = ok(await c.worker!.post('/api/v1/cases', caseBody()), 'case 1');
      const victim2 = ok(await c.ngo2!.post('/api/v1/cases', caseBody()), 'case 2');
      await grant(env, victim1.id, org.prosecution!, ['identity']);
      await grant(env, victim2.id, org.prosecution!, ['identity']);
      const base = '/api/v1/justice/proceedings';
      let p = ok(await c.prosecutor!.post(base, { offences: ['448-2-labour'], stage: 'trial', complaintOn: '2026-01-05', prosecutionOn: '2026-02-01', trialOn: '2026-03-01' }), 'proceeding');
      p = ok(await c.prosecutor!.post(`${base}/${p.id}/victims`, { caseId: victim1.id, roles: ['witness'] }), 'victim 1');
      p = ok(await c.prosecutor!.post(`${base}/${p.id}/victims`, { caseId: victim2.id, roles: ['witness'] }), 'victim 2');
      const v1 = (p.victims as J[]).find((v) => v.caseId === victim1.id)!;
      const v2 = (p.victims as J[]).find((v) => v.caseId === victim2.id)!;
      expect(v1.compensation).toBeNull();

      // The claim: before the complaint or in the future is refused; once per victim; the victim becomes a civil party.
      const claim = { filedOn: '2026-03-01', amountClaimed: 150000, representedBy: 'legal_aid_lawyer', representativeName: 'Maître Samira Alami' };
      expect(fieldCodes(await c.prosecutor!.post(`${base}/${p.id}/victims/${v1.id}/compensation`, { ...claim, filedOn: '2025-12-01' }))).toEqual(['filedOn:before_previous_stage']);
      expect(fieldCodes(await c.prosecutor!.post(`${base}/${p.id}/victims/${v1.id}/compensation`, { ...claim, filedOn: localDay(3) }))).toEqual(['filedOn:date_in_future']);
      p = ok(await c.prosecutor!.post(`${base}/${p.id}/victims/${v1.id}/compensation`, claim), 'claim');
      let comp = (p.victims as J[]).find((v) => v.id === v1.id)!.compensation;
      expect(comp).toMatchObject({ filedOn: '2026-03-01', amountClaimed: 150000, currency: 'MAD', representedBy: 'legal_aid_lawyer', representativeName: 'Maître Samira Alami', amountOrdered: null, paymentStatus: null, version: 1 });
      expect((p.victims as J[]).find((v) => v.id === v1.id)!.roles).toEqual(['witness', 'civil_party']);
      expect(fieldCodes(await c.prosecutor!.post(`${base}/${p.id}/victims/${v1.id}/compensation`, claim))).toEqual(['victimId:claim_already_recorded']);
      const stored = await env.p.db.selectFrom('compensation_claims').selectAll().where('id', '=', comp.id).executeTakeFirstOrThrow();
      expect(stored.representative_enc).not.toContain('Alami');
      p = ok(await c.prosecutor!.post(`${base}/${p.id}/victims/${v2.id}/compensation`, { filedOn: '2026-03-02', amountClaimed: 999000, currency: 'EUR', representedBy: 'association' }), 'claim 2');

      // An order before the judgment is refused; so is a payment without an order.
      const url = `${base}/${p.id}/compensation/${comp.id}`;
      const order = { orderedOn: '2026-04-10', orderInstance: 'first_instance', amountOrdered: 80000 };
      expect(fieldCodes(await c.prosecutor!.patch(url, { version: 1, ...order }))).toEqual(['amountOrdered:compensation_needs_judgment']);
      expect(fieldCodes(await c.prosecutor!.patch(url, { version: 1, paymentStatus: 'paid', amountPaid: 1000 }))).toEqual(['paymentStatus:payment_needs_order']);
      // The defendant-level order follows the same rule.
      p = ok(await c.prosecutor!.post(`${base}/${p.id}/defendants`, { sex: 'male', ageGroup: '35_49', roles: ['exploiter'], relationshipToVictim: 'employer' }), 'defendant');
      const d = (p.defendants as J[])[0]!;
      expect(fieldCodes(await c.prosecutor!.patch(`${base}/${p.id}/defendants/${d.id}`, { version: d.version, compensationOrderedMad: 80000 }))).toEqual(['compensationOrderedMad:compensation_needs_judgment']);

      // After the judgment: an order dated before it, or on appeal without an appeal, is refused; then accepted.
      p = ok(await c.prosecutor!.patch(`${base}/${p.id}`, { version: p.version, stage: 'judgment', judgmentOn: '2026-04-10' }), 'judgment');
      expect(fieldCodes(await c.prosecutor!.patch(url, { version: 1, ...order, orderedOn: '2026-04-01' }))).toEqual(['orderedOn:before_previous_stage']);
      expect(fieldCodes(await c.prosecutor!.patch(url, { version: 1, ...order, orderInstance: 'appeal' }))).toEqual(['orderInstance:stage_not_reached']);
      p = ok(await c.prosecutor!.patch(url, { version: 1, ...order }), 'order');
      comp = (p.victims as J[]).find((v) => v.id === v1.id)!.compensation;
      expect(comp).toMatchObject({ orderedOn: '2026-04-10', orderInstance: 'first_instance', amountOrdered: 80000, version: 2 });

      // Payment: status and amounts agree, never more than ordered; two recordings at once → one 409.
      expect(fieldCodes(await c.prosecutor!.patch(url, { version: 2, paymentStatus: 'paid', amountPaid: 30000 }))).toEqual(['paymentStatus:payment_status_mismatch']);
      expect(fieldCodes(await c.prosecutor!.patch(url, { version: 2, paymentStatus: 'partially_paid', amountPaid: 90000 }))).toEqual(['amountPaid:paid_exceeds_ordered', 'paymentStatus:payment_status_mismatch']);
      const [a, b] = await Promise.all([
        c.prosecutor!.patch(url, { version: 2, paymentStatus: 'partially_paid', amountPaid: 30000, paidOn: '2026-05-02' }),
        c.prosecutor2!.patch(url, { version: 2, paymentStatus: 'unpaid', amountPaid: 0 }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const lost = [a, b].find((r) => r.statusCode === 409)!;
      expect(lost.json().error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 3 } });
      const winner = a.statusCode === 200 ? 'partially_paid' : 'unpaid';

      // The managing organisation sees its own victim's claim, order and payment in its case view…
      const view = ok(await c.worker!.get(`/api/v1/cases/${victim1.id}/justice`), 'case justice');
      expect(view.proceedings).toHaveLength(1);
      expect(view.proceedings[0].compensation).toMatchObject({ id: comp.id, amountClaimed: 150000, amountOrdered: 80000, paymentStatus: winner, representativeName: 'Maître Samira Alami', version: 3 });
      // …never the other victim's (another organisation's case in the same proceeding), and no defendant.
      expect(JSON.stringify(view)).not.toContain('999000');
      expect(JSON.stringify(view)).not.toContain('EUR');
      expect(view.proceedings[0]).not.toHaveProperty('defendants');
      const other = ok(await c.ngo2!.get(`/api/v1/cases/${victim2.id}/justice`), 'other case justice');
      expect(other.proceedings[0].compensation).toMatchObject({ amountClaimed: 999000, currency: 'EUR', amountOrdered: null });
      expect(JSON.stringify(other)).not.toContain('Alami');
      // Outsiders: a non-justice organisation cannot record a claim (404, like a missing proceeding).
      expect((await c.worker!.patch(url, { version: 3, amountClaimed: 1 })).statusCode).toBe(404);
      expect((await c.police!.get(`/api/v1/cases/${victim1.id}/justice`)).statusCode).toBe(404);
    });
  });
}
