import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, anonymous as anonymousClient0, caseBody, createTestEnv, createUser, login, userClient, type Client, type TestEnv } from '../support/harness';
const anonymousClient = (env: TestEnv) => anonymousClient0(env.app);
import { newId, nowIso } from '../../src/server/platform/ids';
import { loadCatalogue } from '../../src/server/modules/screening/catalogue';
import { timelinesService } from '../../src/server/modules/timelines/timelines.service';
import { startScheduler } from '../../src/server/platform/jobs';

const { catalogue } = loadCatalogue();
const VERSION = catalogue.version;
const conditions = { consentToInterview: true, interpreterUsed: true, interviewLanguage: 'en', interviewerSex: 'female', place: 'ngo_office' };
/** Answers that make recruitment, exploitation and coercion at destination positive (adult labour). */
function adultPositive() {
  const set = catalogue.sets.find((s) => s.code === 'adult_labour')!;
  const pick = (dim: string, level: string, n: number) => set.indicators.filter((i) => i.dimension === dim && i.level === level).slice(0, n).map((i) => i.id);
  const ids = [...pick('deceptive_recruitment', 'strong', 1), ...pick('deceptive_recruitment', 'medium', 1), ...pick('exploitative_conditions', 'medium', 3), ...pick('coercion_at_destination', 'strong', 2)];
  return Object.fromEntries(ids.map((id) => [id, 'yes']));
}

for (const dialect of DIALECTS) {
  describe(`screening, identification and deadlines [${dialect}]`, () => {
    let env: TestEnv;
    let prosecution: string;
    let worker: Client;
    let supervisor: Client;
    let prosecutor: Client;
    let prosecutor2: Client;
    let police: Client;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      prosecution = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: prosecution, name: 'Parquet général (test)', type: 'prosecution', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      supervisor = await userClient(env, env.orgs.a, ['case_supervisor']);
      prosecutor = await userClient(env, prosecution, ['justice_liaison']);
      prosecutor2 = await userClient(env, prosecution, ['justice_liaison']);
      police = await userClient(env, env.orgs.b, ['justice_liaison']);
    });
    afterAll(() => env.close());

    it('serves the catalogue labelled in each language', async () => {
      const ar = (await worker.get('/api/v1/screening/catalogue?lang=ar')).json();
      expect(ar.version).toBe(VERSION);
      expect(ar.sets.map((s: { code: string }) => s.code)).toEqual(['adult_labour', 'child_labour', 'adult_sexual', 'child_sexual']);
      expect(ar.sets[0].dimensions[0].indicators[0].question).toMatch(/[\u0600-\u06FF]/);
    });

    it('records a screening with an explained suggestion, and refuses inconsistent ones', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const res = await worker.post(`/api/v1/cases/${c.id}/screenings`, { catalogueVersion: VERSION, set: 'adult_labour', answers: adultPositive(), conditions });
      expect(res.statusCode).toBe(201);
      const r = res.json().result;
      expect(r.outcome).toBe('presumed_victim');
      expect(r.groups.every((g: { satisfiedBy: string[] }) => g.satisfiedBy.length > 0)).toBe(true);
      expect(r.dimensions.find((d: { dimension: string }) => d.dimension === 'coercion_at_destination').matchedCombination).toEqual({ strong: 2 });

      const bad = async (body: object) => (await worker.post(`/api/v1/cases/${c.id}/screenings`, { catalogueVersion: VERSION, set: 'adult_labour', answers: {}, conditions, ...body })).json().error;
      expect((await bad({ catalogueVersion: '1999.1' })).details.fields[0]).toMatchObject({ path: 'catalogueVersion', code: 'catalogue_version_mismatch' });
      expect((await bad({ answers: { 'CL-EC-01': 'yes' } })).details.fields[0]).toMatchObject({ path: 'answers.CL-EC-01', code: 'unknown_indicator' });
      expect((await bad({ conditions: { ...conditions, consentToInterview: false } })).details.fields[0].code).toBe('interview_consent_required');

      const child = (await worker.post('/api/v1/cases', caseBody({ person: { dateOfBirth: undefined, estimatedAge: 20, ageUncertain: true } }))).json();
      const refused = await worker.post(`/api/v1/cases/${child.id}/screenings`, { catalogueVersion: VERSION, set: 'adult_labour', answers: {}, conditions });
      expect(refused.json().error.details.fields[0].code).toBe('child_pathway_required');
      expect((await worker.post(`/api/v1/cases/${child.id}/screenings`, { catalogueVersion: VERSION, set: 'child_labour', answers: {}, conditions })).statusCode).toBe(201);

      const list = (await worker.get(`/api/v1/cases/${c.id}/screenings`)).json().items;
      expect(list.length).toBe(1);
      expect(list[0].conditions.interpreterUsed).toBe(true);
      expect((await police.get(`/api/v1/cases/${c.id}/screenings`)).statusCode).toBe(404);
      const stored = await env.p.db.selectFrom('screenings').select(['answers_enc', 'outcome']).where('case_id', '=', c.id).executeTakeFirstOrThrow();
      expect(stored.answers_enc).not.toContain('AL-');
      expect(stored.outcome).toBe('presumed_victim');
    });

    it('assesses immediate needs and risk; the highest risk drives the level', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const res = await worker.post(`/api/v1/cases/${c.id}/risk-assessments`, { safetyRiskPerson: 'medium', safetyRiskFamily: 'low', urgentMedicalNeeds: true, urgentNeeds: ['medical'] });
      expect(res.statusCode).toBe(201);
      expect(res.json().riskLevel).toBe('high');
      const low = await worker.post(`/api/v1/cases/${c.id}/risk-assessments`, { safetyRiskPerson: 'low', safetyRiskFamily: 'medium', urgentMedicalNeeds: false });
      expect(low.json().riskLevel).toBe('medium');
      expect((await worker.get(`/api/v1/cases/${c.id}/risk-assessments`)).json().items.length).toBe(2);
    });

    it('starts protection deadlines at registration: reflection period, and child and foreign-victim deadlines', async () => {
      const adult = (await worker.post('/api/v1/cases', caseBody())).json();
      const rules = async (caseId: string) => (await worker.get(`/api/v1/tasks?caseId=${caseId}`)).json().items.map((t: { rule: string }) => t.rule).sort();
      expect(await rules(adult.id)).toEqual(['recovery_reflection']);
      const task = (await worker.get(`/api/v1/tasks?caseId=${adult.id}`)).json().items[0];
      const days = (Date.parse(task.dueAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29);
      expect(days).toBeLessThan(31.1);
      const child = (await worker.post('/api/v1/cases', caseBody({ person: { dateOfBirth: '2015-02-02', nationalities: ['NG'] } }))).json();
      expect(await rules(child.id)).toEqual(['child_protection_notification', 'foreign_victim_rights_information', 'guardian_appointment', 'recovery_reflection']);
    });

    it('the competent authority decides; the referring organisation sees the status', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      // Before the request the prosecution cannot see the case.
      expect((await prosecutor.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
      // Only a deciding organisation can be asked.
      const wrong = await worker.post(`/api/v1/cases/${c.id}/identification/request`, { identificationVersion: 1, decidingOrganisationId: env.orgs.b });
      expect(wrong.json().error.details.fields[0].code).toBe('not_a_deciding_organisation');
      const req = await worker.post(`/api/v1/cases/${c.id}/identification/request`, { identificationVersion: 1, decidingOrganisationId: prosecution, message: 'Please decide.' });
      expect(req.statusCode).toBe(200);
      expect(req.json().requestedFrom.id).toBe(prosecution);
      expect(req.json().status).toBe('presumed');

      const state = (await prosecutor.get(`/api/v1/cases/${c.id}/identification`)).json();
      expect(state.abilities.decide).toBe(true);
      const decisionTasks = (await prosecutor.get('/api/v1/tasks?scope=organisation')).json().items.filter((t: { caseId: string }) => t.caseId === c.id);
      expect(decisionTasks.map((t: { rule: string }) => t.rule)).toEqual(['identification_decision']);
      // The police (not a deciding organisation, no access) cannot decide.
      expect((await police.post(`/api/v1/cases/${c.id}/identification/decisions`, { identificationVersion: state.identificationVersion, status: 'identified', reasons: 'Not entitled to decide.', evidence: ['interview'] })).statusCode).toBe(404);

      const decided = await prosecutor.post(`/api/v1/cases/${c.id}/identification/decisions`, {
        identificationVersion: state.identificationVersion,
        status: 'identified',
        reasons: 'Consistent account, indicators in three dimensions.',
        evidence: ['screening', 'interview'],
      });
      expect(decided.statusCode).toBe(200);
      expect(decided.json().status).toBe('identified');
      const seen = (await worker.get(`/api/v1/cases/${c.id}/identification`)).json();
      expect(seen.status).toBe('identified');
      expect(seen.decisions[0].reasons).toContain('Consistent account');
      expect((await worker.get(`/api/v1/tasks?caseId=${c.id}`)).json().items.map((t: { rule: string }) => t.rule)).not.toContain('identification_decision');
      const notes = (await worker.get('/api/v1/notifications')).json().items;
      expect(notes.some((n: { kind: string; caseId: string }) => n.kind === 'identification_decided' && n.caseId === c.id)).toBe(true);
      // A stale decision (same version) is refused.
      const again = await prosecutor2.post(`/api/v1/cases/${c.id}/identification/decisions`, { identificationVersion: state.identificationVersion, status: 'withdrawn', reasons: 'Concurrent decision.', evidence: ['other'] });
      expect([409]).toContain(again.statusCode);
    });

    it('only the authority the case was sent to may decide', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      await worker.post(`/api/v1/cases/${c.id}/identification/request`, { identificationVersion: 1, decidingOrganisationId: prosecution });
      const otherOffice = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: otherOffice, name: 'Autre parquet (test)', type: 'prosecution', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      await env.p.db.insertInto('case_grants').values({ id: newId(), case_id: c.id, organisation_id: otherOffice, categories: '["identity"]', source: 'test', source_id: null, reason: null, granted_by: 'test', valid_until: null, revoked_at: null, created_at: now }).execute();
      const other = await userClient(env, otherOffice, ['justice_liaison']);
      const s = (await other.get(`/api/v1/cases/${c.id}/identification`)).json();
      expect(s.abilities.decide).toBe(false);
      const res = await other.post(`/api/v1/cases/${c.id}/identification/decisions`, { identificationVersion: s.identificationVersion, status: 'identified', reasons: 'Not the office asked to decide.', evidence: ['interview'] });
      expect(res.statusCode).toBe(403);
    });

    it('a negative decision needs a second reviewer; reconsideration can be asked for', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      await worker.post(`/api/v1/cases/${c.id}/identification/request`, { identificationVersion: 1, decidingOrganisationId: prosecution });
      let s = (await prosecutor.get(`/api/v1/cases/${c.id}/identification`)).json();
      s = (await prosecutor.post(`/api/v1/cases/${c.id}/identification/decisions`, { identificationVersion: s.identificationVersion, status: 'not_victim', reasons: 'No indicator of coercion found.', evidence: ['interview'] })).json();
      expect(s.status).toBe('presumed');
      expect(s.decisions[0].state).toBe('pending_review');
      const self = await prosecutor.post(`/api/v1/cases/${c.id}/identification/review`, { identificationVersion: s.identificationVersion, confirm: true });
      expect(self.json().error.details.fields[0].code).toBe('same_reviewer');
      s = (await prosecutor2.post(`/api/v1/cases/${c.id}/identification/review`, { identificationVersion: s.identificationVersion, confirm: true, comment: 'Agreed.' })).json();
      expect(s.status).toBe('not_victim');
      expect(s.decisions[0].state).toBe('final');

      const w = (await worker.get(`/api/v1/cases/${c.id}/identification`)).json();
      expect(w.abilities.requestReconsideration).toBe(true);
      const rec = await worker.post(`/api/v1/cases/${c.id}/identification/reconsideration`, { identificationVersion: w.identificationVersion, grounds: 'New medical report shows injuries.' });
      expect(rec.json().reconsiderationRequested).toBe(true);
      const p2 = (await prosecutor.get(`/api/v1/cases/${c.id}/identification`)).json();
      const redone = (await prosecutor.post(`/api/v1/cases/${c.id}/identification/decisions`, { identificationVersion: p2.identificationVersion, status: 'identified', reasons: 'The new evidence is conclusive.', evidence: ['medical_report'] })).json();
      expect(redone.status).toBe('identified');
      expect(redone.decisions.map((d: { state: string }) => d.state)).toEqual(['final', 'superseded']);
    });

    it('reminds before, escalates after, exactly once, and keeps the history of changed due dates across a restart', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const task = (await worker.get(`/api/v1/tasks?caseId=${c.id}`)).json().items[0];
      // Bring the task close to its deadline, then past it.
      const soon = new Date(Date.now() + 3_600_000).toISOString();
      await env.p.db.updateTable('tasks').set({ remind_at: new Date(Date.now() - 60_000).toISOString(), due_at: soon }).where('id', '=', task.id).execute();
      let r = await timelinesService.sweep(env.p);
      expect(r.reminded).toBeGreaterThanOrEqual(1);
      expect((await timelinesService.sweep(env.p)).reminded).toBe(0);

      await env.restart();
      const later = new Date(Date.now() + 2 * 3_600_000).toISOString();
      r = await timelinesService.sweep(env.p, later);
      expect(r.escalated).toBeGreaterThanOrEqual(1);
      expect((await timelinesService.sweep(env.p, later)).escalated).toBe(0);
      const sup = await login(env.app, supervisor.email);
      // The supervisor gets the escalation; the reminder went to the organisation (the case has no assigned worker).
      const notes = (await sup.get('/api/v1/notifications')).json().items.filter((n: { taskId: string }) => n.taskId === task.id);
      expect(notes.map((n: { kind: string }) => n.kind).sort()).toEqual(['task_escalation', 'task_reminder']);
      const wk = await login(env.app, worker.email);
      expect((await wk.get('/api/v1/notifications')).json().items.filter((n: { taskId: string; kind: string }) => n.taskId === task.id && n.kind === 'task_reminder').length).toBe(1);
      const overdue = (await sup.get('/api/v1/tasks?scope=organisation&overdue=true')).json().items;
      expect(overdue.find((t: { id: string }) => t.id === task.id)).toBeUndefined(); // due in one hour: not yet overdue for real time

      // Extending the reflection period keeps what was due when, and why.
      const current = (await wk.get(`/api/v1/tasks?caseId=${c.id}`)).json().items[0];
      const ext = await wk.patch(`/api/v1/tasks/${current.id}`, { version: current.version, dueOn: '2099-01-15', reason: 'Person hospitalised, needs more time.' });
      expect(ext.statusCode).toBe(200);
      expect(ext.json().changes).toHaveLength(1);
      expect(ext.json().changes[0]).toMatchObject({ fromDueAt: soon, reason: 'Person hospitalised, needs more time.' });
      expect(ext.json().dueAt).toBe('2099-01-15T22:59:59.999Z');
      expect(ext.json().extendable).toBe(true);
      const stale = await wk.patch(`/api/v1/tasks/${current.id}`, { version: current.version, status: 'done' });
      expect(stale.statusCode).toBe(409);
      const noReason = await wk.patch(`/api/v1/tasks/${current.id}`, { version: current.version + 1, dueOn: '2099-02-01' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details.fields[0]).toMatchObject({ path: 'reason', code: 'reason_required', message: 'Indiquez la raison de ce changement.' });
      worker = wk;
      supervisor = sup;
      prosecutor = await login(env.app, prosecutor.email);
      prosecutor2 = await login(env.app, prosecutor2.email);
      police = await login(env.app, police.email);
    });

    it('catches up in batches after a long stop: every due task once, however many', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await worker.post('/api/v1/cases', caseBody())).json().id);
      await env.p.db.updateTable('tasks').set({ remind_at: new Date(Date.now() - 60_000).toISOString() }).where('case_id', 'in', ids).execute();
      const r = await timelinesService.sweep(env.p, undefined, 2);
      expect(r.reminded).toBe(5);
      const left = await env.p.db.selectFrom('tasks').select('reminded_at').where('case_id', 'in', ids).execute();
      expect(left.every((t) => t.reminded_at !== null)).toBe(true);
      const notes = await env.p.db.selectFrom('notifications').select('task_id').where('case_id', 'in', ids).where('kind', '=', 'task_reminder').execute();
      expect(notes.length).toBe(5);
    });

    it('runs the sweep as a scheduled job (pg-boss on PostgreSQL, in-process on SQLite)', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const task = (await worker.get(`/api/v1/tasks?caseId=${c.id}`)).json().items[0];
      await env.p.db.updateTable('tasks').set({ remind_at: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', task.id).execute();
      const jobs = await startScheduler(env.p, { pgbossSchema: `pgboss_${Math.random().toString(36).slice(2, 10)}` });
      let runs = 0;
      await jobs.everyMinute('timelines.sweep', async () => {
        runs += 1;
        await timelinesService.sweep(env.p);
      });
      await jobs.runNow('timelines.sweep');
      await jobs.stop();
      expect(runs).toBe(1);
      const t = await env.p.db.selectFrom('tasks').select('reminded_at').where('id', '=', task.id).executeTakeFirstOrThrow();
      expect(t.reminded_at).not.toBeNull();
    });

    it('counts an adult who does not consent to a referral, without identifying data', async () => {
      const res = await worker.post('/api/v1/anonymous-notifications', { sex: 'female', ageGroup: 'adult', nationality: 'CI', exploitationForms: ['servitude'], regionCode: 'MA-06', identifiedOn: '2026-11-01', identificationChannel: 'ngo_outreach' });
      expect(res.statusCode).toBe(201);
      expect(Object.keys(res.json()).sort()).toEqual(['ageGroup', 'createdAt', 'exploitationForms', 'id', 'identificationChannel', 'identifiedOn', 'nationality', 'organisation', 'regionCode', 'sex']);
      expect((await worker.post('/api/v1/anonymous-notifications', { sex: 'female', ageGroup: 'adult', identifiedOn: '2026-11-01', identificationChannel: 'ngo_outreach', givenNames: 'X' })).statusCode).toBe(400);
      expect((await worker.get('/api/v1/anonymous-notifications')).json().items.length).toBe(1);
      const other = await createUser(env, env.orgs.c, ['commission_analyst']);
      expect((await (await login(env.app, other.email)).get('/api/v1/anonymous-notifications')).statusCode).toBe(403);
    });
  });
}

for (const dialect of DIALECTS.slice(0, 1)) {
  describe(`red flags quick screen [${dialect}]`, () => {
    let env: TestEnv;
    beforeAll(async () => {
      env = await createTestEnv(dialect);
    });
    afterAll(() => env.close());
    it('lists the red flags with the indicators they corroborate, and the trafficking / smuggling / labour-law guidance', async () => {
      const worker = await userClient(env, env.orgs.a, ['first_responder']);
      const ar = (await worker.get('/api/v1/screening/quick?lang=ar')).json();
      const flags = ar.groups.flatMap((g: { flags: unknown[] }) => g.flags);
      expect(flags.length).toBe(16);
      const docs = flags.find((f: { id: string }) => f.id === 'RF-01');
      expect(docs.text).toMatch(/[\u0600-\u06FF]/);
      // Document confiscation is an indicator at recruitment and at destination, in every set.
      expect(docs.corroborates[0].indicatorIds.length).toBeGreaterThanOrEqual(8);
      expect(ar.groups.map((g: { code: string }) => g.code)).toContain('begging_criminality');
      expect(ar.guidance.map((g: { id: string }) => g.id)).toEqual(['trafficking', 'smuggling', 'labour_violation']);
      expect((await anonymousClient(env).get('/api/v1/screening/quick')).statusCode).toBe(401);
    });
  });
}
