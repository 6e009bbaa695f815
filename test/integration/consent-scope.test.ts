/**
 * A shared case shows only what the person consented to share (issue 12, finding 2): a provider that accepted
 * a referral covering identity and health reads, endpoint by endpoint, the minimal record plus those two
 * categories — not the places, the story, the risk assessment's threats and free text, who decided the
 * identification and why, the case history or the rights sheet; and a filter or a search on hidden data
 * does not match its cases either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../src/server/platform/ids';
import { DIALECTS, caseBody, createTestEnv, grant, localDay, userClient, type Client, type TestEnv } from '../support/harness';

for (const dialect of DIALECTS) {
  describe(`consent scope of a shared case [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    let provider: Client;
    let prosecutor: Client;
    let storyOrg: string;
    let storyReader: Client;
    let caseId: string;
    let personId: string;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      const now = nowIso();
      const shelterOrg = newId();
      const prosecution = newId();
      storyOrg = newId();
      await env.p.db
        .insertInto('organisations')
        .values([
          { id: shelterOrg, name: 'Foyer D', type: 'ngo', region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now },
          { id: prosecution, name: 'Parquet E', type: 'prosecution', region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now },
          { id: storyOrg, name: 'Inspection F', type: 'labour_inspection', region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now },
        ])
        .execute();
      worker = await userClient(env, env.orgs.a, ['case_worker', 'case_supervisor']);
      provider = await userClient(env, shelterOrg, ['service_provider']);
      prosecutor = await userClient(env, prosecution, ['justice_liaison']);
      storyReader = await userClient(env, storyOrg, ['case_worker']);
      const admin = await userClient(env, shelterOrg, ['org_admin']);
      const c = (
        await worker.post(
          '/api/v1/cases',
          caseBody({
            story: 'Recruited in Beni Mellal, taken to a farm near Agadir.',
            notes: 'Internal: the employer called twice.',
            places: [{ kind: 'exploitation', country: 'MA', regionCode: 'MA-09' }],
            exploitationForms: ['forced_labour'],
            person: { identityDocuments: [{ type: 'passport', number: 'ZX9988776', issuingCountry: 'MA' }], contacts: [{ kind: 'phone', value: '+212600000001' }] },
          }),
        )
      ).json();
      caseId = c.id;
      personId = c.person.id;
      expect(c.places).toHaveLength(1);
      await worker.post(`/api/v1/cases/${caseId}/risk-assessments`, { safetyRiskPerson: 'high', safetyRiskFamily: 'medium', urgentMedicalNeeds: true, urgentNeeds: ['shelter'], notes: 'The exploiter threatens her family.' });
      // The prosecution decides the identification (it gets access through the request).
      await worker.post(`/api/v1/cases/${caseId}/identification/request`, { identificationVersion: 1, decidingOrganisationId: prosecution });
      const s = (await prosecutor.get(`/api/v1/cases/${caseId}/identification`)).json();
      const decided = await prosecutor.post(`/api/v1/cases/${caseId}/identification/decisions`, { identificationVersion: s.identificationVersion, status: 'identified', reasons: 'Consistent account and labour indicators.', evidence: ['interview'] });
      expect(decided.statusCode, decided.body).toBe(200);
      // Consent to share identity and health with the shelter, a referral it accepts.
      const svc = (await admin.post('/api/v1/services', { name: 'Shelter', type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'], capacityTotal: 5 })).json();
      const k = (await worker.post(`/api/v1/cases/${caseId}/consents`, { purpose: 'sharing', recipientOrganisationId: shelterOrg, categories: ['identity', 'health'], method: 'oral', interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: localDay() })).json();
      const r = (await worker.post(`/api/v1/cases/${caseId}/referrals`, { serviceId: svc.id, urgency: 'normal', reason: 'Needs a safe place.', categories: ['identity', 'health'], consentId: k.id })).json();
      expect((await provider.post(`/api/v1/referrals/${r.id}/transitions`, { version: r.version, action: 'accept' })).statusCode).toBe(200);
      await grant(env, caseId, storyOrg, ['exploitation_story']);
    });
    afterAll(() => env.close());

    it('the case: the minimal record, identity and health; no places, story, forms or notes', async () => {
      const res = await provider.get(`/api/v1/cases/${caseId}`);
      expect(res.statusCode).toBe(200);
      const c = res.json();
      expect(c.reference).toMatch(/^NRM-/);
      expect(c.access).toBe('grant');
      for (const hidden of ['places', 'story', 'notes', 'exploitationForms', 'exploitationStartedOn', 'identificationChannel', 'identifyingOrganisation']) expect(c, hidden).not.toHaveProperty(hidden);
      expect(c.person.identity.givenNames).toBe('Fatima Zahra');
      expect(c.person.healthNotes).toBeTruthy();
      expect(c.person).not.toHaveProperty('contacts');
      expect(c.person).not.toHaveProperty('identityDocuments');
    });

    it('the story category shows places and story, never the internal notes or names', async () => {
      const c = (await storyReader.get(`/api/v1/cases/${caseId}`)).json();
      expect(c.places).toEqual([{ kind: 'exploitation', country: 'MA', regionCode: 'MA-09' }]);
      expect(c.story).toContain('Beni Mellal');
      expect(c.exploitationForms).toEqual(['forced_labour']);
      expect(c).not.toHaveProperty('notes');
      expect(c.person).not.toHaveProperty('identity');
      expect(c.person.age).toBeUndefined();
    });

    it('the person record: the granted categories only', async () => {
      const res = await provider.get(`/api/v1/persons/${personId}`);
      expect(res.statusCode).toBe(200);
      const person = res.json().person;
      expect(person.identity.familyName).toBeTruthy();
      expect(person).not.toHaveProperty('contacts');
      expect(person).not.toHaveProperty('identityDocuments');
      const story = (await storyReader.get(`/api/v1/persons/${personId}`)).json().person;
      expect(story).not.toHaveProperty('identity');
      expect(story).not.toHaveProperty('healthNotes');
      expect(story.vulnerabilities).not.toContain('health');
    });

    it('the risk assessment: the level and the medical urgency, not the threats, the free text or the assessor', async () => {
      const res = await provider.get(`/api/v1/cases/${caseId}/risk-assessments`);
      expect(res.statusCode).toBe(200);
      const [a] = res.json().items;
      expect(a.riskLevel).toBe('high');
      expect(a.urgentMedicalNeeds).toBe(true);
      for (const hidden of ['notes', 'assessedBy', 'safetyRiskPerson', 'safetyRiskFamily', 'childRisks']) expect(a, hidden).not.toHaveProperty(hidden);
      const mine = (await worker.get(`/api/v1/cases/${caseId}/risk-assessments`)).json().items[0];
      expect(mine.notes).toContain('threatens');
      expect(mine.assessedBy).toBeTruthy();
    });

    it('the identification: the status and who decided as an authority, not the person who decided or why', async () => {
      const res = await provider.get(`/api/v1/cases/${caseId}/identification`);
      expect(res.statusCode).toBe(200);
      const s = res.json();
      expect(s.status).toBe('identified');
      const [d] = s.decisions;
      expect(d.decidingOrganisation).toBe('Parquet E');
      for (const hidden of ['reasons', 'decidedBy', 'reviewedBy', 'reviewComment', 'evidence']) expect(d, hidden).not.toHaveProperty(hidden);
      // The authority that decided and the managing organisation see it all.
      for (const reader of [prosecutor, worker]) {
        const full = (await reader.get(`/api/v1/cases/${caseId}/identification`)).json().decisions[0];
        expect(full.reasons).toContain('Consistent account');
        expect(full.decidedBy).toBeTruthy();
      }
    });

    it('the history and the rights sheet belong to the managing organisation', async () => {
      expect((await provider.get(`/api/v1/cases/${caseId}/history`)).statusCode).toBe(403);
      expect((await storyReader.get(`/api/v1/cases/${caseId}/history`)).statusCode).toBe(403);
      expect((await worker.get(`/api/v1/cases/${caseId}/history`)).statusCode).toBe(200);
      expect((await provider.get(`/api/v1/cases/${caseId}/information-sheet?lang=fr`)).statusCode).toBe(403);
    });

    it('the pathway (where else the person was referred) belongs to the managing organisation', async () => {
      expect((await provider.get(`/api/v1/cases/${caseId}/pathway`)).statusCode).toBe(403);
      const events = (await worker.get(`/api/v1/cases/${caseId}/pathway`)).json().events as { kind: string }[];
      expect(events.map((e) => e.kind)).toContain('referral');
    });

    it('a filter or a search on hidden data does not match the case', async () => {
      const ids = async (c: Client, q: string) => ((await c.get(`/api/v1/cases?${q}`)).json().items as { id: string }[]).map((i) => i.id);
      expect(await ids(provider, '')).toContain(caseId);
      expect(await ids(provider, 'form=forced_labour')).not.toContain(caseId);
      expect(await ids(provider, 'regionCode=MA-09')).not.toContain(caseId);
      expect(await ids(storyReader, 'form=forced_labour')).toContain(caseId);
      expect(await ids(storyReader, 'regionCode=MA-09')).toContain(caseId);
      // A document number is documents data, a name identity data.
      expect(await ids(provider, 'q=ZX9988776')).not.toContain(caseId);
      expect(await ids(worker, 'q=ZX9988776')).toContain(caseId);
      expect(await ids(provider, 'q=Fatima')).toContain(caseId);
      expect(await ids(storyReader, 'q=Fatima')).not.toContain(caseId);
      const item = ((await provider.get('/api/v1/cases')).json().items as { id: string }[]).find((i) => i.id === caseId)!;
      expect(item).not.toHaveProperty('exploitationForms');
    });
  });
}
