/**
 * The data-protection lifecycle on both databases: retention clocks start when a case is closed and stop when it
 * is reopened; a criminal proceeding holds the record, and its clock starts again when the proceeding ends; the
 * run anonymises the persons whose every case is due (identity destroyed with their data key, free text gone,
 * out of every working view, every step audited) and deletes old sessions and export files; the commission's
 * figures for past years are the same before and after; a database restored from a backup taken before the
 * erasure does not reveal the person (the ledger refuses their key, and boot erases them again).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, localDay, userClient, type Client, type TestEnv } from '../support/harness';
import { executeGrantedErasures, retentionService } from '../../src/server/modules/retention/retention.service';
import { newId, nowIso } from '../../src/server/platform/ids';
import { ERASED_VALUE } from '../../src/server/platform/crypto/keyring';

const yearsAgo = (n: number) => new Date(Date.now() - n * 365.25 * 86_400_000).toISOString();

for (const dialect of DIALECTS) {
  describe(`retention and anonymisation [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    let dpo: Client;
    let analyst: Client;
    const cases: Record<string, { id: string; personId: string }> = {};

    async function register(key: string, givenNames: string, identifiedOn: string) {
      const r = await worker.post('/api/v1/cases', caseBody({ person: { givenNames, familyName: `Retention${key}` }, identifiedOn }));
      expect(r.statusCode, r.body).toBe(201);
      cases[key] = { id: r.json().id, personId: r.json().person.id };
    }
    async function close(key: string, closedAt: string) {
      const c = (await worker.get(`/api/v1/cases/${cases[key]!.id}`)).json();
      const r = await worker.patch(`/api/v1/cases/${cases[key]!.id}`, { version: c.version, status: 'closed' });
      expect(r.statusCode, r.body).toBe(200);
      // The clock as if the case had been closed then.
      await env.p.db.updateTable('cases').set({ closed_at: closedAt }).where('id', '=', cases[key]!.id).execute();
    }
    async function proceeding(key: string, finalOn: string | null) {
      const id = newId();
      const now = nowIso();
      await env.p.db
        .insertInto('proceedings')
        .values({
          id, reference: `PR-${id}`, owner_org_id: env.orgs.a, court_org_id: null, police_report_ref: null, prosecution_file_ref: null, court_file_ref: null,
          court_of_appeal: null, jurisdiction: null, offences: '[]', stage: finalOn ? 'final' : 'appeal', complaint_on: '2019-01-01', investigation_on: null, prosecution_on: null,
          trial_on: null, judgment_on: null, appeal_on: finalOn ? null : '2020-01-01', final_on: finalOn, notes_enc: null, created_by: 'test', version: 1, created_at: now, updated_at: now,
        } as never)
        .execute();
      await env.p.db.insertInto('proceeding_victims').values({ id: newId(), proceeding_id: id, case_id: cases[key]!.id, roles: '["victim"]', created_by: 'test', created_at: now }).execute();
      return id;
    }
    const overview = async () => {
      const r = await dpo.get('/api/v1/retention');
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { rules: { kind: string; dueNow: number; dueThisMonth: number; held: number }[] };
    };
    const rule = (o: Awaited<ReturnType<typeof overview>>, kind: string) => o.rules.find((r) => r.kind === kind)!;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      dpo = await userClient(env, env.orgs.c, ['dpo']);
      analyst = await userClient(env, env.orgs.c, ['commission_analyst']);
      await register('old', 'Zineb', '2019-03-01');
      await register('recent', 'Karima', '2019-04-01');
      await register('open', 'Hanane', '2019-05-01');
      await register('trial', 'Samira', '2019-06-01');
      await register('appealEnded', 'Latifa', '2019-07-01');
      await register('reopened', 'Naima', '2019-08-01');
      await register('asked', 'Houda', '2019-09-01');
    });
    afterAll(() => env.close());

    it('shows the schedule to the data protection officer only; clocks start at closure and stop on reopening; proceedings hold', async () => {
      expect((await worker.get('/api/v1/retention')).statusCode).toBe(403);
      expect((await worker.post('/api/v1/retention/runs', {})).statusCode).toBe(403);
      expect(rule(await overview(), 'case').dueNow).toBe(0);
      await close('old', yearsAgo(6));
      await close('recent', yearsAgo(1));
      await close('trial', yearsAgo(6));
      await close('appealEnded', yearsAgo(6));
      await close('reopened', yearsAgo(6));
      await proceeding('trial', null);
      await proceeding('appealEnded', new Date(Date.now() - 2 * 365 * 86_400_000).toISOString().slice(0, 10));
      let o = await overview();
      // old, reopened: due; recent: not yet; trial: held (open); appealEnded: held (its clock restarted at the end of the appeal).
      expect(rule(o, 'case')).toMatchObject({ dueNow: 2, held: 2 });
      // Reopening stops the clock.
      const c = (await worker.get(`/api/v1/cases/${cases.reopened!.id}`)).json();
      expect((await worker.patch(`/api/v1/cases/${cases.reopened!.id}`, { version: c.version, status: 'active' })).statusCode).toBe(200);
      expect((await env.p.db.selectFrom('cases').select('closed_at').where('id', '=', cases.reopened!.id).executeTakeFirstOrThrow()).closed_at).toBeNull();
      o = await overview();
      expect(rule(o, 'case')).toMatchObject({ dueNow: 1, held: 2 });
      expect(rule(o, 'case').dueThisMonth).toBeGreaterThanOrEqual(1);
    });

    it('anonymises what is due, keeps the figures of past years, and audits every step', async () => {
      const figures = async () => {
        const r = await analyst.get('/api/v1/statistics?year=2019');
        expect(r.statusCode, r.body).toBe(200);
        const ctdc = await analyst.get('/api/v1/statistics/exports/ctdc/report?year=2019');
        return JSON.stringify({ dashboard: r.json(), ctdc: ctdc.json() });
      };
      const before = await figures();
      // A session nobody has used for two months, and an old export file.
      const oldSession = newId();
      const someone = await env.p.db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
      await env.p.db.insertInto('sessions').values({ id: oldSession, user_id: someone.id, csrf_token: 'x', state: 'active', created_at: yearsAgo(0.2), last_seen_at: yearsAgo(0.2), expires_at: yearsAgo(0.19), ip: null, user_agent: null }).execute();

      const runId = await retentionService.runNow(env.p, 'manual', null);
      const run = (await dpo.get(`/api/v1/retention/runs/${runId}`)).json();
      expect(run.status).toBe('done');
      expect(run.report.find((r: { kind: string }) => r.kind === 'case')).toMatchObject({ done: 1 });
      expect(run.report.find((r: { kind: string }) => r.kind === 'session').done).toBeGreaterThanOrEqual(1);
      expect(await figures()).toBe(before);

      // The person: no key, no identity, no contacts or documents; the case out of every view; search finds nothing.
      const person = await env.p.db.selectFrom('persons').selectAll().where('id', '=', cases.old!.personId).executeTakeFirstOrThrow();
      expect(person).toMatchObject({ data_key_enc: null, identity_enc: ERASED_VALUE, contacts_enc: null, documents_enc: null, health_enc: null, languages: '[]' });
      expect(person.anonymised_at).not.toBeNull();
      const c = await env.p.db.selectFrom('cases').selectAll().where('id', '=', cases.old!.id).executeTakeFirstOrThrow();
      expect(c).toMatchObject({ story_enc: null, notes_enc: null });
      expect((await worker.get(`/api/v1/cases/${cases.old!.id}`)).statusCode).toBe(404);
      expect((await worker.get(`/api/v1/persons/${cases.old!.personId}`)).statusCode).toBe(404);
      expect((await worker.get('/api/v1/cases?q=Zineb')).json().items).toHaveLength(0);
      expect((await worker.get('/api/v1/cases?q=Karima')).json().items).toHaveLength(1);
      expect(await env.p.db.selectFrom('case_search').select('token').where('case_id', '=', cases.old!.id).execute()).toEqual([]);
      expect(await env.p.db.selectFrom('sessions').select('id').where('id', '=', oldSession).execute()).toEqual([]);
      // Held and recent ones untouched.
      for (const key of ['recent', 'trial', 'appealEnded', 'reopened']) expect((await worker.get(`/api/v1/cases/${cases[key]!.id}`)).statusCode).toBe(200);
      // Audited: the run, and the person anonymised in it.
      const audit = await env.p.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'like', 'retention.%').execute();
      expect(audit).toEqual(expect.arrayContaining([
        { action: 'retention.run.start', entity_id: runId },
        { action: 'retention.anonymise', entity_id: cases.old!.personId },
        { action: 'retention.run.finish', entity_id: runId },
      ]));
      const actions = await env.p.db.selectFrom('retention_actions').select(['entity_type', 'entity_id', 'action']).where('run_id', '=', runId).where('rule', '=', 'case').execute();
      expect(actions).toEqual([{ entity_type: 'person', entity_id: cases.old!.personId, action: 'anonymise' }]);
      // The ledger outside the database lists the person, and a second run has nothing more to do for cases.
      expect(fs.readFileSync(env.config.keyring.erasureLedger, 'utf8')).toContain(cases.old!.personId);
      expect(rule(await overview(), 'case').dueNow).toBe(0);
    });

    it('a backup taken before the erasure, restored after it, does not reveal the person', async () => {
      // Ends the hold: the appeal case becomes due once its proceeding ended long enough ago.
      await env.p.db.updateTable('proceedings').set({ final_on: '2015-01-01' }).where('stage', '=', 'final').execute();
      const key = cases.appealEnded!;
      const name = (await worker.get(`/api/v1/persons/${key.personId}`)).json().person.identity.givenNames;
      expect(name).toBe('Latifa');
      let backup: string | null = null;
      let snapshot: Record<string, unknown> | null = null;
      if (dialect === 'sqlite') {
        backup = path.join(env.dir, 'before-erasure.db');
        await sql`VACUUM INTO ${backup}`.execute(env.p.db);
      } else {
        // PostgreSQL: the person's row as a dump taken now would hold it (data key and all).
        snapshot = (await env.p.db.selectFrom('persons').selectAll().where('id', '=', key.personId).executeTakeFirstOrThrow()) as unknown as Record<string, unknown>;
      }
      await retentionService.runNow(env.p, 'manual', null);
      expect((await worker.get(`/api/v1/persons/${key.personId}`)).statusCode).toBe(404);

      // Restore.
      if (backup) {
        await env.app.close();
        await env.p.close();
        const file = env.config.database.kind === 'sqlite' ? env.config.database.file : '';
        for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
        fs.copyFileSync(backup, file);
      } else {
        const { id: _id, ...row } = snapshot!;
        await env.p.db.updateTable('persons').set(row as never).where('id', '=', key.personId).execute();
        await env.p.db.updateTable('cases').set({ anonymised_at: null }).where('person_id', '=', key.personId).execute();
        await env.p.db.deleteFrom('erasures').where('person_id', '=', key.personId).execute();
        // Even before a restart, the keyring refuses the person's key: the ledger lists them.
        const restored = await env.p.db.selectFrom('persons').select(['data_key_enc']).where('id', '=', key.personId).executeTakeFirstOrThrow();
        expect(restored.data_key_enc).not.toBeNull();
        expect(() => env.p.subjects.unwrap(key.personId, restored.data_key_enc!, `persons.data_key_enc:${key.personId}`)).toThrow(/destroyed/);
      }
      // The restored database holds the person again, until the server starts: then they are erased again.
      await env.restart();
      const person = await env.p.db.selectFrom('persons').selectAll().where('id', '=', key.personId).executeTakeFirstOrThrow();
      expect(person).toMatchObject({ data_key_enc: null, identity_enc: ERASED_VALUE });
      expect(JSON.stringify(person)).not.toContain('Latifa');
      // A restart builds a new app: sign in again.
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      dpo = await userClient(env, env.orgs.c, ['dpo']);
      expect((await worker.get(`/api/v1/persons/${key.personId}`)).statusCode).toBe(404);
      expect((await worker.get('/api/v1/cases?q=Latifa')).json().items).toHaveLength(0);
      const audit = await env.p.db.selectFrom('audit_log').select('details').where('action', '=', 'retention.anonymise').where('entity_id', '=', key.personId).execute();
      expect(audit.some((a) => a.details.includes('restored'))).toBe(true);
    });

    it('an open request from the person holds the record; an erasure granted to them is carried out and audited', async () => {
      const key = cases.asked!;
      await close('asked', yearsAgo(6));
      const before = rule(await overview(), 'case');
      const base = `/api/v1/cases/${key.id}/subject-requests`;
      const created = await worker.post(base, { kind: 'erasure', receivedOn: localDay() });
      expect(created.statusCode, created.body).toBe(201);
      const request = created.json();
      // Open: the clock is held (the person is past the period, but not due).
      const held = rule(await overview(), 'case');
      expect(held.dueNow).toBe(before.dueNow - 1);
      expect(held.held).toBe(before.held + 1);
      const checked = await worker.post(`${base}/${request.id}/identity-check`, { version: request.version, identityCheck: 'Seen in person with her card.' });
      expect(checked.statusCode, checked.body).toBe(200);
      const decided = await worker.post(`${base}/${request.id}/decision`, { version: checked.json().version, status: 'granted' });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(await executeGrantedErasures(env.p)).toBe(1);
      expect(await executeGrantedErasures(env.p)).toBe(0);
      const person = await env.p.db.selectFrom('persons').selectAll().where('id', '=', key.personId).executeTakeFirstOrThrow();
      expect(person).toMatchObject({ data_key_enc: null, identity_enc: ERASED_VALUE });
      expect(env.p.erasures.has(key.personId)).toBe(true);
      expect((await worker.get(`/api/v1/cases/${key.id}`)).statusCode).toBe(404);
      const audit = await env.p.db.selectFrom('audit_log').select('action').where('entity_id', 'in', [request.id, key.personId]).execute();
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['subject_request.erasure_executed', 'retention.anonymise']));
    });

    // Last: a run in 2030 acts on every record of this file.
    it('a run started by hand names who started it; the daily run starts once a day from its hour, never when turned off', async () => {
      const started = await dpo.post('/api/v1/retention/runs', {});
      expect(started.statusCode, started.body).toBe(202);
      const me = await env.p.db.selectFrom('users').select('display_name').where('id', '=', dpo.userId).executeTakeFirstOrThrow();
      expect(started.json()).toMatchObject({ trigger: 'manual', startedBy: me.display_name });
      for (let i = 0; i < 100 && (await dpo.get(`/api/v1/retention/runs/${started.json().id}`)).json().status === 'running'; i++) await new Promise((r) => setTimeout(r, 50));

      // 10:00 and 01:30 in Casablanca on a January day (UTC+1); the schedule runs from 02:00.
      const morning = new Date(Date.UTC(2030, 0, 15, 9, 0));
      const night = new Date(Date.UTC(2030, 0, 15, 0, 30));
      const off = { ...env.p, config: { ...env.p.config, retentionDaily: false } };
      expect(await retentionService.runIfScheduled(off, morning)).toBeNull();
      expect(await retentionService.runIfScheduled(env.p, night)).toBeNull();
      const id = await retentionService.runIfScheduled(env.p, morning);
      expect(id).toEqual(expect.any(String));
      expect(await retentionService.runIfScheduled(env.p, new Date(morning.getTime() + 3600_000))).toBeNull();
      // (The 2030 run ended every session of the test, as the 30 days of the schedule say: read the table.)
      const run = await env.p.db.selectFrom('retention_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(run).toMatchObject({ trigger: 'schedule', started_by: null, status: 'done' });
      expect((await dpo.get('/api/v1/retention')).statusCode).toBe(401);
    });
  });
}
