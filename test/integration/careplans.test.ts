/**
 * Care plans and case conferences over HTTP, on SQLite and PostgreSQL: the managing organisation writes,
 * an organisation with a live grant reads, anyone else sees nothing; actions with a due date become the
 * responsible organisation's deadline, closed with the action; a conference decision becomes an action or
 * a deadline exactly once; free text is encrypted at rest.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, grant, localDay, userClient, type Client, type TestEnv } from '../support/harness';
import { NEED_DOMAINS } from '../../src/contract/careplans';
import { addKeyToKeyringFile, loadKeyring } from '../../src/server/platform/crypto/keyring';
import { reencryptAll } from '../../src/server/platform/keys';

const future = (days: number) => localDay(days);
const today = () => localDay();

for (const dialect of DIALECTS) {
  describe(`care plans and case conferences [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    let provider: Client;
    let police: Client;
    let analyst: Client;
    let caseId: string;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      // Org B holds a grant on the case (as after an accepted referral); org C has none.
      provider = await userClient(env, env.orgs.b, ['service_provider']);
      police = await userClient(env, env.orgs.c, ['first_responder']);
      analyst = await userClient(env, env.orgs.a, ['commission_analyst']);
      caseId = (await worker.post('/api/v1/cases', caseBody())).json().id;
      await grant(env, caseId, env.orgs.b, ['contact']);
    });
    afterAll(() => env.close());

    const plan = (c: Client, id = caseId) => c.get(`/api/v1/cases/${id}/care-plan`);

    it('records needs assessments over time; grant holders read them, others see nothing', async () => {
      const empty = (await plan(worker)).json();
      expect(empty).toMatchObject({ version: 1, assessments: [], goals: [], actions: [], abilities: { edit: true }, durableSolution: { track: 'undecided', status: 'exploring' } });
      const first = await worker.post(`/api/v1/cases/${caseId}/care-plan/assessments`, {
        assessedOn: '2026-11-01',
        needs: NEED_DOMAINS.map((domain) => ({ domain, level: domain === 'shelter' ? 'high' : 'low', ...(domain === 'health' ? { note: 'Assessment-Marker: dental pain' } : {}) })),
      });
      expect(first.statusCode).toBe(201);
      expect(first.json().needs).toHaveLength(10);
      await worker.post(`/api/v1/cases/${caseId}/care-plan/assessments`, { assessedOn: today(), needs: [{ domain: 'shelter', level: 'low' }] });

      const seen = (await plan(provider)).json();
      expect(seen.abilities.edit).toBe(false);
      expect(seen.assessments.map((a: { assessedOn: string }) => a.assessedOn)).toEqual([today(), '2026-11-01']);
      expect(seen.assessments[1].needs.find((n: { domain: string }) => n.domain === 'shelter').level).toBe('high');
      // A note on health needs is health data: not for an organisation granted only the contact details…
      const healthNote = (x: { assessments: { needs: { domain: string; note: string | null }[] }[] }) => x.assessments[1]!.needs.find((n) => n.domain === 'health')!.note;
      expect(healthNote(seen)).toBeNull();
      expect(healthNote((await plan(worker)).json())).toBe('Assessment-Marker: dental pain');
      // …but for one granted the health category.
      await grant(env, caseId, env.orgs.b, ['health']);
      expect(healthNote((await plan(provider)).json())).toBe('Assessment-Marker: dental pain');

      expect((await plan(police)).statusCode).toBe(404);
      expect((await plan(analyst)).statusCode).toBe(403);
      expect((await provider.post(`/api/v1/cases/${caseId}/care-plan/assessments`, { assessedOn: today(), needs: [{ domain: 'legal', level: 'low' }] })).statusCode).toBe(403);

      const dup = await worker.post(`/api/v1/cases/${caseId}/care-plan/assessments`, { assessedOn: today(), needs: [{ domain: 'legal', level: 'low' }, { domain: 'legal', level: 'high' }] });
      expect(dup.statusCode).toBe(400);
      expect(dup.json().error.details.fields[0]).toMatchObject({ path: 'needs', code: 'duplicate_domain' });
      const tomorrow = await worker.post(`/api/v1/cases/${caseId}/care-plan/assessments`, { assessedOn: future(3), needs: [{ domain: 'legal', level: 'low' }] });
      expect(tomorrow.json().error.details.fields[0]).toMatchObject({ path: 'assessedOn', code: 'date_in_future' });
    });

    it('goals and actions: an action with a due date is the responsible organisation’s deadline, closed with the action', async () => {
      const goal = await worker.post(`/api/v1/cases/${caseId}/care-plan/goals`, { domain: 'shelter', text: 'Goal-Marker: a safe place to stay' });
      expect(goal.statusCode).toBe(201);
      const g = goal.json();
      const created = await worker.post(`/api/v1/cases/${caseId}/care-plan/actions`, { goalId: g.id, title: 'Action-Marker: find a shelter bed', responsibleOrganisationId: env.orgs.b, dueOn: future(10) });
      expect(created.statusCode).toBe(201);
      const action = created.json();
      expect(action).toMatchObject({ goalId: g.id, status: 'open', responsibleOrganisation: { id: env.orgs.b }, canUpdate: true });
      expect(action.taskId).toBeTruthy();

      // The responsible organisation sees its deadline (it can see the case through its grant).
      const tasks = (await provider.get('/api/v1/tasks?scope=mine')).json().items.filter((t: { caseId: string }) => t.caseId === caseId);
      expect(tasks.map((t: { rule: string; subject: unknown }) => [t.rule, t.subject])).toEqual([['care_action', { type: 'care_action', id: action.id }]]);

      // It may move its action along, but not rewrite it.
      const forbidden = await provider.patch(`/api/v1/cases/${caseId}/care-plan/actions/${action.id}`, { version: action.version, title: 'Rewritten by the provider' });
      expect(forbidden.statusCode).toBe(403);
      const started = await provider.patch(`/api/v1/cases/${caseId}/care-plan/actions/${action.id}`, { version: action.version, status: 'in_progress' });
      expect(started.statusCode).toBe(200);
      expect(started.json().taskId).toBe(action.taskId);
      const stale = await worker.patch(`/api/v1/cases/${caseId}/care-plan/actions/${action.id}`, { version: action.version, status: 'done' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details.currentVersion).toBe(action.version + 1);

      const done = await worker.patch(`/api/v1/cases/${caseId}/care-plan/actions/${action.id}`, { version: started.json().version, status: 'done' });
      expect(done.json()).toMatchObject({ status: 'done', taskId: null });
      expect(done.json().completedAt).toBeTruthy();
      const task = await env.p.db.selectFrom('tasks').select(['status', 'assignee_org_id']).where('id', '=', action.taskId).executeTakeFirstOrThrow();
      expect(task).toEqual({ status: 'done', assignee_org_id: env.orgs.b });

      // Reopened with a new date: a new deadline; moved to another organisation: the old one is cancelled.
      const reopened = (await worker.patch(`/api/v1/cases/${caseId}/care-plan/actions/${action.id}`, { version: done.json().version, status: 'open', dueOn: future(20) })).json();
      expect(reopened.taskId).toBeTruthy();
      expect(reopened.taskId).not.toBe(action.taskId);
      const moved = (await worker.patch(`/api/v1/cases/${caseId}/care-plan/actions/${action.id}`, { version: reopened.version, responsibleOrganisationId: env.orgs.c })).json();
      expect(moved.responsibleOrganisation.id).toBe(env.orgs.c);
      const open = await env.p.db.selectFrom('tasks').select(['id', 'assignee_org_id', 'status']).where('subject_type', '=', 'care_action').where('subject_id', '=', action.id).orderBy('created_at').execute();
      expect(open.map((t) => t.status)).toEqual(['done', 'cancelled', 'open']);
      expect(open[2]!.assignee_org_id).toBe(env.orgs.c);

      // Closing the deadline on the task list closes the action itself: the two never disagree.
      const other = (await worker.post(`/api/v1/cases/${caseId}/care-plan/actions`, { goalId: g.id, title: 'Accompany to the consulate', responsibleOrganisationId: env.orgs.b, dueOn: future(5) })).json();
      const t = (await provider.get('/api/v1/tasks?scope=mine')).json().items.find((x: { subject: { id: string } | null }) => x.subject?.id === other.id);
      const closed = await provider.patch(`/api/v1/tasks/${t.id}`, { version: t.version, status: 'done' });
      expect(closed.statusCode).toBe(200);
      expect(closed.json()).toMatchObject({ id: t.id, status: 'done' });
      const after = (await worker.get(`/api/v1/cases/${caseId}/care-plan`)).json().actions.find((x: { id: string }) => x.id === other.id);
      expect(after).toMatchObject({ status: 'done', taskId: null });
      expect((await provider.patch(`/api/v1/tasks/${t.id}`, { version: t.version, status: 'done' })).statusCode).toBe(409);

      // Without a due date, no deadline; bad references are named.
      const plain = (await worker.post(`/api/v1/cases/${caseId}/care-plan/actions`, { title: 'Accompany to the hearing', responsibleOrganisationId: env.orgs.a })).json();
      expect(plain.taskId).toBeNull();
      const bad = await worker.post(`/api/v1/cases/${caseId}/care-plan/actions`, { goalId: plain.id, title: 'Wrong goal', responsibleOrganisationId: '0190c8a0-0000-7000-8000-000000000000', dueOn: '2020-01-01' });
      expect(bad.json().error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`).sort()).toEqual(['dueOn:date_in_past', 'goalId:unknown_goal', 'responsibleOrganisationId:unknown_organisation']);

      const updatedGoal = await worker.patch(`/api/v1/cases/${caseId}/care-plan/goals/${g.id}`, { version: g.version, status: 'achieved' });
      expect(updatedGoal.json()).toMatchObject({ status: 'achieved', version: 2, text: 'Goal-Marker: a safe place to stay' });
      expect((await worker.patch(`/api/v1/cases/${caseId}/care-plan/goals/${g.id}`, { version: 1, status: 'open' })).statusCode).toBe(409);
      expect((await police.patch(`/api/v1/cases/${caseId}/care-plan/goals/${g.id}`, { version: 2, status: 'open' })).statusCode).toBe(404);

      const full = (await plan(worker)).json();
      expect(full.goals.map((x: { text: string }) => x.text)).toContain('Goal-Marker: a safe place to stay');
      expect(full.actions.length).toBe(3);
    });

    it('keeps the durable-solution track with optimistic concurrency', async () => {
      const p0 = (await plan(worker)).json();
      const res = await worker.put(`/api/v1/cases/${caseId}/care-plan/durable-solution`, { version: p0.version, track: 'avrr_return', status: 'exploring', note: 'Durable-Marker: wishes to go home with IOM' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ version: p0.version + 1, durableSolution: { track: 'avrr_return', note: 'Durable-Marker: wishes to go home with IOM' } });
      const again = await worker.put(`/api/v1/cases/${caseId}/care-plan/durable-solution`, { version: p0.version, track: 'local_integration', status: 'agreed' });
      expect(again.statusCode).toBe(409);
      expect((await provider.put(`/api/v1/cases/${caseId}/care-plan/durable-solution`, { version: p0.version + 1, track: 'third_country', status: 'agreed' })).statusCode).toBe(403);
      expect((await plan(provider)).json().durableSolution.track).toBe('avrr_return');
    });

    it('records a case conference; a participant without a grant sees nothing; decisions become an action or a deadline, once', async () => {
      const res = await worker.post(`/api/v1/cases/${caseId}/conferences`, {
        heldOn: today(),
        participantOrganisationIds: [env.orgs.a, env.orgs.b, env.orgs.c],
        participantNames: ['Participant-Marker Amina'],
        minutes: 'Minutes-Marker: the person wishes to stay in Casablanca for now.',
        decisions: ['Decision-Marker: find a training course', 'Ask the prosecution for news of the hearing', 'Third decision'],
      });
      expect(res.statusCode).toBe(201);
      const k = res.json();
      expect(k.participantOrganisations.map((o: { id: string }) => o.id)).toEqual([env.orgs.a, env.orgs.b, env.orgs.c]);
      expect(k.participantNames).toEqual(['Participant-Marker Amina']);
      expect(k.decisions).toHaveLength(3);

      // Being a participant gives no access: org C still cannot see the case, its plan or its conferences.
      expect((await police.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
      expect((await police.get(`/api/v1/cases/${caseId}/conferences`)).statusCode).toBe(404);
      // The conference record is the managing organisation's, even for a grant holder.
      expect((await provider.get(`/api/v1/cases/${caseId}/conferences`)).statusCode).toBe(403);

      const [d1, d2, d3] = k.decisions as { id: string }[];
      const path = (d: { id: string }, to: string) => `/api/v1/cases/${caseId}/conferences/${k.id}/decisions/${d.id}/${to}`;
      // Two clicks at once: one action.
      const both = await Promise.all([
        worker.post(path(d1!, 'action'), { responsibleOrganisationId: env.orgs.b, dueOn: future(7) }),
        worker.post(path(d1!, 'action'), { responsibleOrganisationId: env.orgs.b, dueOn: future(7) }),
      ]);
      expect(both.map((r) => r.statusCode).sort()).toEqual([201, 400]);
      const made = both.find((r) => r.statusCode === 201)!.json();
      expect(made).toMatchObject({ conferenceId: k.id, decisionId: d1!.id, title: 'Decision-Marker: find a training course', goalId: null });
      expect(both.find((r) => r.statusCode === 400)!.json().error.details.fields[0].code).toBe('decision_already_used');

      const task = await worker.post(path(d2!, 'task'), { assigneeOrganisationId: env.orgs.a, dueOn: future(5) });
      expect(task.statusCode).toBe(200);
      const decided = task.json().decisions.find((d: { id: string }) => d.id === d2!.id);
      expect(decided.taskId).toBeTruthy();
      const t = (await worker.get(`/api/v1/tasks?caseId=${caseId}`)).json().items.find((x: { id: string }) => x.id === decided.taskId);
      expect(t).toMatchObject({ rule: 'conference_decision', subject: { type: 'conference_decision', id: d2!.id } });
      expect((await worker.post(path(d2!, 'action'), { responsibleOrganisationId: env.orgs.a })).statusCode).toBe(400);
      expect((await provider.post(path(d3!, 'action'), { responsibleOrganisationId: env.orgs.b })).statusCode).toBe(403);
      expect((await police.post(path(d3!, 'task'), { assigneeOrganisationId: env.orgs.b, dueOn: future(3) })).statusCode).toBe(404);

      const list = (await worker.get(`/api/v1/cases/${caseId}/conferences`)).json();
      expect(list.canRecord).toBe(true);
      expect(list.items[0].decisions.map((d: { actionId: string | null; taskId: string | null }) => [!!d.actionId, !!d.taskId])).toEqual([[true, false], [false, true], [false, false]]);
      expect((await plan(worker)).json().actions.some((a: { conferenceId: string }) => a.conferenceId === k.id)).toBe(true);

      const bad = await worker.post(`/api/v1/cases/${caseId}/conferences`, { heldOn: future(2), participantOrganisationIds: ['0190c8a0-0000-7000-8000-000000000000'], minutes: 'Short minutes.' });
      expect(bad.json().error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['heldOn', 'participantOrganisationIds.0']);
    });

    it('stores the free text encrypted, and audits reads and writes', async () => {
      const tables = ['care_plans', 'care_assessments', 'care_goals', 'care_actions', 'case_conferences', 'conference_decisions', 'audit_log', 'tasks'];
      const parts: string[] = [];
      for (const t of tables) for (const r of (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t)}`.execute(env.p.db)).rows) parts.push(...Object.values(r).map(String));
      const dump = parts.join('\n');
      for (const needle of ['Assessment-Marker', 'Goal-Marker', 'Action-Marker', 'Durable-Marker', 'Participant-Marker', 'Minutes-Marker', 'Decision-Marker']) expect(dump, needle).not.toContain(needle);
      const actions = new Set((await env.p.db.selectFrom('audit_log').select('action').where('action', 'like', 'c%').execute()).map((a) => a.action));
      for (const a of ['careplan.read', 'careplan.assessment_create', 'careplan.goal_create', 'careplan.goal_update', 'careplan.action_create', 'careplan.action_update', 'careplan.durable_solution_update', 'conference.create', 'conference.list', 'conference.decision_action', 'conference.decision_task']) {
        expect(actions, a).toContain(a);
      }
    });

    it('re-encrypts the plan and the conferences under a new key, losing nothing', async () => {
      const before = [(await plan(worker)).json(), (await worker.get(`/api/v1/cases/${caseId}/conferences`)).json()];
      addKeyToKeyringFile(env.config.keyring.file);
      const rotator = { ...env.p, keyring: loadKeyring(env.config.keyring, () => undefined) };
      const report = await reencryptAll(rotator);
      expect(report.remainingUnderOldKeys).toBe(0);
      for (const col of ['care_plans.durable_note_enc', 'care_assessments.notes_enc', 'care_goals.text_enc', 'care_actions.title_enc', 'case_conferences.minutes_enc', 'case_conferences.participants_enc', 'conference_decisions.text_enc']) {
        expect(report.byTable[col], col).toBeGreaterThan(0);
      }
      // The running server meets the new key id and reads everything as before.
      const after = [(await plan(worker)).json(), (await worker.get(`/api/v1/cases/${caseId}/conferences`)).json()];
      expect(after).toEqual(before);
    });
  });
}
