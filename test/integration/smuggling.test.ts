/**
 * Smuggling is not trafficking, on both databases: a smuggled migrant's case does not open the trafficking
 * protections (recovery and reflection period, foreign victims' rights information), a smuggled child keeps the
 * child-protection deadlines, the person stays referable to services and is counted apart in the statistics;
 * when the situation type changes between trafficking and smuggling the deadlines follow, audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawBreakdown } from '../../src/server/modules/statistics/statistics.service';
import { newId, nowIso } from '../../src/server/platform/ids';
import { DIALECTS, caseBody, createTestEnv, localDay, userClient, type Client, type TestEnv } from '../support/harness';

const TRAFFICKING_ONLY = ['foreign_victim_rights_information', 'recovery_reflection'];
const migrant = (over: Record<string, unknown> = {}) =>
  caseBody({
    person: { sex: 'male', dateOfBirth: '1996-04-04', nationalities: ['GN'], languages: ['fr'] },
    situationType: 'smuggling',
    exploitationForms: [],
    places: [{ kind: 'transit', country: 'MA', regionCode: 'MA-02' }],
    identificationChannel: 'border_control',
    identifiedOn: '2024-06-01',
    ...over,
  });

for (const dialect of DIALECTS) {
  describe(`smuggling is not trafficking [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    let serviceOrg: string;
    let clinic: { id: string };

    type Task = { id: string; rule: string; status: string; dueAt: string; version: number };
    const tasks = async (caseId: string, status = 'open') => (await worker.get(`/api/v1/tasks?caseId=${caseId}&status=${status}`)).json().items as Task[];
    const rules = async (caseId: string, status = 'open') => (await tasks(caseId, status)).map((t) => t.rule).sort();
    const setSituation = async (caseId: string, situationType: string) => {
      const c = (await worker.get(`/api/v1/cases/${caseId}`)).json();
      const res = await worker.patch(`/api/v1/cases/${caseId}`, { version: c.version, situationType });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const audits = async (caseId: string) =>
      (await env.p.db.selectFrom('audit_log').select(['details', 'actor_user_id']).where('action', '=', 'timelines.situation_changed').where('entity_id', '=', caseId).orderBy('seq').execute()).map((a) => ({
        ...(JSON.parse(a.details) as { from: string; to: string; opened: string[]; closed: string[] }),
        by: a.actor_user_id,
      }));

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      serviceOrg = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: serviceOrg, name: 'Centre de santé E (Oujda)', type: 'ngo', region_code: 'MA-02', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      const admin = await userClient(env, serviceOrg, ['org_admin']);
      const res = await admin.post('/api/v1/services', { name: 'Clinic for migrants', type: 'medical', regions: ['MA-02'], audience: 'all', languages: ['fr', 'ar'] });
      expect(res.statusCode, res.body).toBe(201);
      clinic = res.json();
    });
    afterAll(() => env.close());

    it('a smuggled adult gets no trafficking deadline; a trafficked foreign adult gets both', async () => {
      const smuggled = (await worker.post('/api/v1/cases', migrant())).json();
      expect(smuggled.situationType).toBe('smuggling');
      expect(await rules(smuggled.id)).toEqual([]);
      const trafficked = (await worker.post('/api/v1/cases', migrant({ situationType: 'trafficking', exploitationForms: ['forced_labour'] }))).json();
      expect(await rules(trafficked.id)).toEqual(TRAFFICKING_ONLY);
      // Not determined yet: a registered case is a presumed victim, so the protections start.
      const undetermined = (await worker.post('/api/v1/cases', migrant({ situationType: 'undetermined' }))).json();
      expect(await rules(undetermined.id)).toEqual(TRAFFICKING_ONLY);
    });

    it('a smuggled child keeps the child-protection deadlines, not the trafficking ones', async () => {
      const child = (await worker.post('/api/v1/cases', migrant({ person: { sex: 'male', dateOfBirth: '2011-01-01', nationalities: ['ML'], languages: ['fr'] } }))).json();
      expect(await rules(child.id)).toEqual(['child_protection_notification', 'guardian_appointment']);
    });

    it('a smuggled person stays referable to services', async () => {
      const c = (await worker.post('/api/v1/cases', migrant())).json();
      const consent = await worker.post(`/api/v1/cases/${c.id}/consents`, {
        purpose: 'sharing', recipientOrganisationId: serviceOrg, categories: ['identity', 'health'], method: 'oral', interpreterUsed: false, language: 'fr', givenBy: 'person', givenOn: localDay(),
      });
      expect(consent.statusCode, consent.body).toBe(201);
      const referral = await worker.post(`/api/v1/cases/${c.id}/referrals`, { serviceId: clinic.id, urgency: 'urgent', reason: 'Injured feet after the crossing.', categories: ['identity', 'health'], consentId: consent.json().id });
      expect(referral.statusCode, referral.body).toBe(201);
      expect(referral.json().status).toBe('sent');
      // The referral's own deadline runs for the service; no trafficking deadline for the case.
      expect((await tasks(c.id)).map((t) => t.rule)).toEqual(['referral_response']);
    });

    it('smuggling → trafficking opens the protections from now; back to smuggling cancels them; audited', async () => {
      const c = (await worker.post('/api/v1/cases', migrant())).json();
      expect(await rules(c.id)).toEqual([]);

      const before = Date.now();
      await setSituation(c.id, 'trafficking');
      const open = await tasks(c.id);
      expect(open.map((t) => t.rule).sort()).toEqual(TRAFFICKING_ONLY);
      const reflection = open.find((t) => t.rule === 'recovery_reflection')!;
      const days = (Date.parse(reflection.dueAt) - before) / 86_400_000;
      expect(days).toBeGreaterThan(29);
      expect(days).toBeLessThan(31.1);

      await setSituation(c.id, 'smuggling');
      expect(await rules(c.id)).toEqual([]);
      expect(await rules(c.id, 'cancelled')).toEqual(TRAFFICKING_ONLY);

      expect(await audits(c.id)).toEqual([
        { from: 'smuggling', to: 'trafficking', opened: ['recovery_reflection', 'foreign_victim_rights_information'], closed: [], by: worker.userId },
        { from: 'trafficking', to: 'smuggling', opened: [], closed: ['recovery_reflection', 'foreign_victim_rights_information'], by: worker.userId },
      ]);

      // An edit that does not change the situation type leaves the deadlines alone.
      const now = (await worker.get(`/api/v1/cases/${c.id}`)).json();
      expect((await worker.patch(`/api/v1/cases/${c.id}`, { version: now.version, notes: 'Crossed at Oujda.' })).statusCode).toBe(200);
      expect(await audits(c.id)).toHaveLength(2);
    });

    it('a deadline already met is not opened again; other exploitation is not trafficking either', async () => {
      const c = (await worker.post('/api/v1/cases', migrant({ situationType: 'trafficking', exploitationForms: ['forced_labour'] }))).json();
      const info = (await tasks(c.id)).find((t) => t.rule === 'foreign_victim_rights_information')!;
      expect((await worker.patch(`/api/v1/tasks/${info.id}`, { version: info.version, status: 'done' })).statusCode).toBe(200);

      await setSituation(c.id, 'other_exploitation');
      expect(await rules(c.id)).toEqual([]);
      expect(await rules(c.id, 'cancelled')).toEqual(['recovery_reflection']);
      expect(await rules(c.id, 'done')).toEqual(['foreign_victim_rights_information']);

      await setSituation(c.id, 'trafficking');
      // The reflection period starts again; the information already given is not asked for again.
      expect(await rules(c.id)).toEqual(['recovery_reflection']);
      expect((await audits(c.id)).map((a) => [a.opened, a.closed])).toEqual([
        [[], ['recovery_reflection']],
        [['recovery_reflection'], []],
      ]);
    });

    it('counts smuggled persons apart from trafficking victims, and moves a case when its situation changes', async () => {
      const year = 2023;
      const counts = async () =>
        env.p.db.transaction().execute(async (trx) => {
          const total = async (situation: string) => [...(await rawBreakdown(trx, 'citizenship', situation, year)).values()].reduce((n, row) => n + row[0]! + row[1]!, 0);
          return { trafficking: await total('trafficking'), smuggling: await total('smuggling') };
        });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await worker.post('/api/v1/cases', migrant({ identifiedOn: `${year}-05-0${i + 1}` }))).json().id);
      await worker.post('/api/v1/cases', migrant({ identifiedOn: `${year}-05-09`, situationType: 'trafficking', exploitationForms: ['forced_labour'] }));
      expect(await counts()).toEqual({ trafficking: 1, smuggling: 3 });
      await setSituation(ids[0]!, 'trafficking');
      expect(await counts()).toEqual({ trafficking: 2, smuggling: 2 });
    });
  });
}
