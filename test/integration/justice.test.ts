/**
 * The justice track over HTTP, on both databases: the access matrix (role × organisation × record), the
 * hearing reminders for the victim's managing organisation, protection measures, the reasoned "need to
 * know" reveal, non-punishment alerts, consistency of stages and outcomes, concurrency, and encryption.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, grant, localDay, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';
import { timelinesService } from '../../src/server/modules/timelines/timelines.service';
import { localDate, startOfLocalDayBefore } from '../../src/server/modules/timelines/calendar';
import { justiceConfig } from '../../src/server/modules/justice/justice.config';

const inDays = (n: number) => localDay(n);

for (const dialect of DIALECTS) {
  describe(`justice track [${dialect}]`, () => {
    let env: TestEnv;
    const org: Record<string, string> = {};
    let c: Record<string, Client>;
    let caseA1: { id: string; reference: string };
    let caseA2: { id: string; reference: string };
    let caseB: { id: string };
    let proceeding: { id: string; version: number; victims: { id: string; caseId: string }[]; defendants: { id: string; version: number }[]; hearings: { id: string; version: number }[] };

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      const now = nowIso();
      for (const [key, type] of [['p1', 'prosecution'], ['p2', 'prosecution'], ['court', 'court'], ['shelter', 'ngo']] as const) {
        org[key] = newId();
        await env.p.db.insertInto('organisations').values({ id: org[key], name: `Org ${key}`, type, region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      }
      const { a, b, c: ministry } = env.orgs;
      c = {
        prosecutor: await userClient(env, org.p1!, ['justice_liaison']),
        prosecutor2: await userClient(env, org.p1!, ['justice_liaison']),
        otherProsecutor: await userClient(env, org.p2!, ['justice_liaison']),
        judge: await userClient(env, org.court!, ['justice_liaison']),
        p1Clerk: await userClient(env, org.p1!, ['case_worker']),
        worker: await userClient(env, a, ['case_worker']),
        ngoLiaison: await userClient(env, a, ['justice_liaison']),
        police: await userClient(env, b, ['first_responder']),
        policeLiaison: await userClient(env, b, ['justice_liaison']),
        shelter: await userClient(env, org.shelter!, ['service_provider']),
        analyst: await userClient(env, ministry, ['commission_analyst']),
      };
      caseA1 = (await c.worker!.post('/api/v1/cases', caseBody({ person: { contacts: [{ kind: 'address', value: '12 rue des Orangers, Salé' }, { kind: 'phone', value: '+212600009999' }] } }))).json();
      caseA2 = (await c.worker!.post('/api/v1/cases', caseBody())).json();
      caseB = (await c.police!.post('/api/v1/cases', caseBody())).json();
      // The prosecution sees the NGO's cases (as after an identification request); the shelter sees one.
      await grant(env, caseA1.id, org.p1!, ['identity']);
      await grant(env, caseA2.id, org.p1!, ['identity']);
      await grant(env, caseA1.id, org.shelter!, ['identity', 'contact']);

      const created = await c.prosecutor!.post('/api/v1/justice/proceedings', {
        policeReportRef: 'PV 1234/2026',
        prosecutionFileRef: 'PG-RBT-2026-77',
        courtOfAppeal: "Cour d'appel de Rabat",
        jurisdiction: 'Chambre criminelle',
        courtOrganisationId: org.court,
        offences: ['448-2-labour', '448-3'],
        stage: 'investigation',
        complaintOn: '2026-03-01',
        investigationOn: '2026-03-10',
        notes: 'Internal prosecution note.',
      });
      expect(created.statusCode).toBe(201);
      let p = created.json();
      expect(p.reference).toMatch(/^JUS-\d{4}-\d{6}$/);
      p = (await c.prosecutor!.post(`/api/v1/justice/proceedings/${p.id}/victims`, { caseId: caseA1.id, roles: ['witness', 'civil_party'] })).json();
      p = (await c.prosecutor!.post(`/api/v1/justice/proceedings/${p.id}/victims`, { caseId: caseA2.id, roles: ['witness'] })).json();
      const d = await c.prosecutor!.post(`/api/v1/justice/proceedings/${p.id}/defendants`, {
        givenNames: 'Mokhtar',
        familyName: 'Trafiquant-Unique',
        aliases: ['Le Patron'],
        idNumbers: ['X998877'],
        sex: 'male',
        ageGroup: '35_49',
        nationality: 'MA',
        roles: ['recruiter_intermediary', 'exploiter'],
        relationshipToVictim: 'employer',
        prosecuted: true,
      });
      expect(d.statusCode).toBe(200);
      proceeding = d.json();
    });
    afterAll(() => env.close());

    const url = () => `/api/v1/justice/proceedings/${proceeding.id}`;

    it('access matrix: role × organisation × record', async () => {
      // [who, GET proceeding, listed?, GET /cases/A1/justice, POST a hearing]
      const matrix: [string, number, number | 'listed' | 'empty', number, number][] = [
        ['prosecutor', 200, 'listed', 404, 200],
        ['judge', 200, 'listed', 404, 200],
        ['otherProsecutor', 404, 'empty', 404, 404],
        ['p1Clerk', 404, 404, 404, 404],
        ['worker', 404, 404, 200, 404],
        ['ngoLiaison', 404, 404, 200, 404],
        ['police', 404, 404, 404, 404],
        ['policeLiaison', 404, 404, 404, 404],
        ['shelter', 404, 404, 404, 404],
        ['analyst', 404, 404, 403, 404],
      ];
      for (const [who, read, listed, caseView, write] of matrix) {
        const client = c[who]!;
        expect((await client.get(url())).statusCode, `${who} GET proceeding`).toBe(read);
        const list = await client.get('/api/v1/justice/proceedings');
        if (typeof listed === 'number') expect(list.statusCode, `${who} list`).toBe(listed);
        else {
          expect(list.statusCode).toBe(200);
          expect(list.json().items.some((i: { id: string }) => i.id === proceeding.id), `${who} list`).toBe(listed === 'listed');
        }
        expect((await client.get(`/api/v1/cases/${caseA1.id}/justice`)).statusCode, `${who} case view`).toBe(caseView);
        const hearing = await client.post(`${url()}/hearings`, { kind: 'trial', date: inDays(30), time: '09:30' });
        expect(hearing.statusCode, `${who} POST hearing`).toBe(write);
        expect((await client.patch(`${url()}/defendants/${proceeding.defendants[0]!.id}`, { version: 999 })).statusCode, `${who} PATCH defendant`).toBe(write === 200 ? 409 : 404);
        expect((await client.get('/api/v1/justice/victim-candidates')).statusCode, `${who} candidates`).toBe(read === 200 ? 200 : listed === 'empty' ? 200 : 404);
      }
      // Another record: a proceeding of the other office is invisible to this one; the police's own case shows it nothing.
      const other = (await c.otherProsecutor!.post('/api/v1/justice/proceedings', { offences: ['448-2-sexual'], stage: 'complaint', complaintOn: '2026-02-01' })).json();
      expect((await c.otherProsecutor!.get(`/api/v1/justice/proceedings/${other.id}`)).statusCode).toBe(200);
      for (const who of ['prosecutor', 'judge', 'worker', 'police']) expect((await c[who]!.get(`/api/v1/justice/proceedings/${other.id}`)).statusCode, who).toBe(404);
      expect((await c.police!.get(`/api/v1/cases/${caseB.id}/justice`)).json().proceedings).toEqual([]);
      expect((await c.worker!.get(`/api/v1/cases/${caseB.id}/justice`)).statusCode).toBe(404);
      // Statistics: commission analysts only.
      for (const who of ['prosecutor', 'worker', 'police']) expect((await c[who]!.get('/api/v1/justice/statistics')).statusCode).toBe(403);
      expect((await c.analyst!.get('/api/v1/justice/statistics')).statusCode).toBe(200);
    });

    it('justice users see defendants and victims’ minimum data; the NGO never sees suspects', async () => {
      const p = (await c.prosecutor!.get(url())).json();
      expect(p.defendants[0]).toMatchObject({ givenNames: 'Mokhtar', familyName: 'Trafiquant-Unique', idNumbers: ['X998877'], roles: ['recruiter_intermediary', 'exploiter'] });
      expect(p.notes).toBe('Internal prosecution note.');
      expect(p.victims.map((v: { caseReference: string }) => v.caseReference).sort()).toEqual([caseA1.reference, caseA2.reference].sort());
      expect(Object.keys(p.victims[0]).sort()).toEqual(['ageGroup', 'caseId', 'caseReference', 'compensation', 'id', 'managingOrganisation', 'measures', 'nonPunishment', 'pseudonym', 'roles', 'sex']);
      expect(JSON.stringify(p)).not.toContain('Orangers');
      expect(JSON.stringify(p)).not.toContain('Fatima');
      const view = await c.worker!.get(`/api/v1/cases/${caseA1.id}/justice`);
      expect(view.statusCode).toBe(200);
      expect(view.json().proceedings[0]).toMatchObject({ reference: p.reference, roles: ['witness', 'civil_party'] });
      expect(view.body).not.toContain('Mokhtar');
      expect(view.body).not.toContain('X998877');
      expect(view.body).not.toContain('defendant');
      // Identifying data is encrypted at rest.
      const row = await env.p.db.selectFrom('proceeding_defendants').selectAll().where('proceeding_id', '=', proceeding.id).executeTakeFirstOrThrow();
      expect(row.identity_enc).not.toContain('Mokhtar');
      expect(row.identity_enc).not.toContain('X998877');
      const pr = await env.p.db.selectFrom('proceedings').select('notes_enc').where('id', '=', proceeding.id).executeTakeFirstOrThrow();
      expect(pr.notes_enc).not.toContain('Internal prosecution');
    });

    it('a hearing schedules a reminder task and a notification for each victim’s managing organisation', async () => {
      const res = await c.prosecutor!.post(`${url()}/hearings`, { kind: 'trial', date: inDays(3), time: '10:00', place: 'Salle 2' });
      expect(res.statusCode).toBe(200);
      const hearing = res.json().hearings.find((h: { place: string | null }) => h.place === 'Salle 2');
      const tasks = (await c.worker!.get(`/api/v1/tasks?caseId=${caseA1.id}`)).json().items.filter((t: { subject: { id: string } | null }) => t.subject?.id === hearing.id);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ rule: 'hearing_preparation', dueAt: hearing.scheduledAt, subject: { type: 'hearing', id: hearing.id } });
      const tz = env.config.timezone;
      expect(tasks[0].remindAt).toBe(startOfLocalDayBefore(localDate(hearing.scheduledAt, tz), justiceConfig().hearingReminderDaysBefore, tz).toISOString());
      expect((await c.worker!.get(`/api/v1/tasks?caseId=${caseA2.id}`)).json().items.some((t: { subject: { id: string } | null }) => t.subject?.id === hearing.id)).toBe(true);
      const notes = (await c.worker!.get('/api/v1/notifications')).json().items;
      expect(notes.some((n: { kind: string; caseId: string }) => n.kind === 'hearing_scheduled' && n.caseId === caseA1.id)).toBe(true);
      // Three days ahead with a seven-day reminder: the sweep reminds at once, exactly once.
      await timelinesService.sweep(env.p);
      await timelinesService.sweep(env.p);
      const reminders = (await c.worker!.get('/api/v1/notifications')).json().items.filter((n: { kind: string; taskId: string }) => n.kind === 'task_reminder' && n.taskId === tasks[0].id);
      expect(reminders).toHaveLength(1);
      // The NGO's view shows the hearing; cancelling it cancels the preparation tasks.
      expect((await c.worker!.get(`/api/v1/cases/${caseA1.id}/justice`)).json().proceedings[0].hearings.some((h: { id: string }) => h.id === hearing.id)).toBe(true);
      await c.judge!.patch(`${url()}/hearings/${hearing.id}`, { version: hearing.version, status: 'cancelled' });
      expect((await c.worker!.get(`/api/v1/tasks?caseId=${caseA1.id}&status=cancelled`)).json().items.some((t: { subject: { id: string } | null }) => t.subject?.id === hearing.id)).toBe(true);
      expect((await c.prosecutor!.post(`${url()}/hearings`, { kind: 'trial', date: '2020-01-01', time: '10:00' })).json().error.details.fields[0]).toMatchObject({ path: 'date', code: 'date_in_past' });
    });

    it('protection measures: requested then granted, by whom; the NGO sees them', async () => {
      const victim = (await c.prosecutor!.get(url())).json().victims.find((v: { caseId: string }) => v.caseId === caseA1.id);
      const bad = await c.prosecutor!.post(`${url()}/victims/${victim.id}/measures`, { measure: 'anonymity', requestedBy: 'ngo', requestedOn: '2026-03-12', status: 'granted' });
      expect(bad.json().error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['decidedBy', 'decidedOn']);
      const p = (await c.prosecutor!.post(`${url()}/victims/${victim.id}/measures`, { measure: 'video_testimony', requestedBy: 'ngo', requestedOn: '2026-03-12' })).json();
      const m = p.victims.find((v: { caseId: string }) => v.caseId === caseA1.id).measures[0];
      expect(m.status).toBe('requested');
      const granted = await c.prosecutor!.patch(`${url()}/measures/${m.id}`, { version: m.version, status: 'granted', decidedBy: 'investigating_judge', decidedOn: '2026-03-15' });
      expect(granted.statusCode).toBe(200);
      expect((await c.prosecutor2!.patch(`${url()}/measures/${m.id}`, { version: m.version, status: 'refused', decidedBy: 'prosecutor', decidedOn: '2026-03-15' })).statusCode).toBe(409);
      const view = (await c.worker!.get(`/api/v1/cases/${caseA1.id}/justice`)).json();
      expect(view.proceedings[0].measures[0]).toMatchObject({ measure: 'video_testimony', status: 'granted', decidedBy: 'investigating_judge', requestedBy: 'ngo' });
    });

    it('revealing a victim’s contact needs a reason, returns it once and is audited with the reason (kept encrypted)', async () => {
      const victim = (await c.prosecutor!.get(url())).json().victims.find((v: { caseId: string }) => v.caseId === caseA1.id);
      const short = await c.prosecutor!.post(`${url()}/victims/${victim.id}/reveal-contact`, { reason: 'court' });
      expect(short.statusCode).toBe(400);
      expect(short.json().error.details.fields[0].path).toBe('reason');
      const reason = 'Summons to testify at the hearing of 12 December.';
      const res = await c.prosecutor!.post(`${url()}/victims/${victim.id}/reveal-contact`, { reason });
      expect(res.statusCode).toBe(200);
      expect(res.json().contacts.map((x: { value: string }) => x.value)).toContain('12 rue des Orangers, Salé');
      const audit = await env.p.db.selectFrom('audit_log').select(['details', 'actor_user_id']).where('action', '=', 'justice.victim_contact_reveal').execute();
      expect(audit).toHaveLength(1);
      // The reason may name people: encrypted beside the entry, never in the audit log's clear details.
      expect(audit[0]!.details).not.toContain('Summons');
      const stored = await env.p.db.selectFrom('contact_reveals').selectAll().execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]!.reason_enc).not.toContain('Summons');
      expect(JSON.parse(audit[0]!.details).revealId).toBe(stored[0]!.id);
      // Whoever may browse the audit log reads it there.
      const dpo = await userClient(env, org.p1!, ['dpo']);
      const entries = (await dpo.get('/api/v1/audit?action=justice.victim_contact_reveal')).json().items;
      expect(entries.map((e: { details: { reason?: string } }) => e.details.reason)).toEqual([reason]);
      expect(audit[0]!.actor_user_id).toBe(c.prosecutor!.userId);
      expect((await c.worker!.get('/api/v1/notifications')).json().items.some((n: { kind: string; caseId: string }) => n.kind === 'victim_contact_revealed' && n.caseId === caseA1.id)).toBe(true);
      // Not to another office, nor through a victim of another proceeding.
      expect((await c.otherProsecutor!.post(`${url()}/victims/${victim.id}/reveal-contact`, { reason })).statusCode).toBe(404);
      expect((await c.worker!.post(`${url()}/victims/${victim.id}/reveal-contact`, { reason })).statusCode).toBe(404);
    });

    it('non-punishment: a presumed victim prosecuted alerts the prosecution, the court and the NGO’s justice liaison', async () => {
      const res = await c.worker!.post(`/api/v1/cases/${caseA1.id}/non-punishment`, { offence: 'irregular_entry_stay', accusedOn: '2026-04-02', proceedingRef: 'TPI Salé 55/2026' });
      expect(res.statusCode).toBe(200);
      const record = res.json().items[0];
      expect(record.status).toBe('open');
      const has = async (who: string) => (await c[who]!.get('/api/v1/notifications')).json().items.some((n: { kind: string; caseId: string }) => n.kind === 'victim_prosecuted' && n.caseId === caseA1.id);
      expect(await has('prosecutor')).toBe(true);
      expect(await has('judge')).toBe(true);
      expect(await has('ngoLiaison')).toBe(true);
      expect(await has('otherProsecutor')).toBe(false);
      expect(await has('police')).toBe(false);
      // The prosecution tracks the outcome; the record shows in both views.
      const upd = await c.prosecutor!.patch(`/api/v1/cases/${caseA1.id}/non-punishment/${record.id}`, { version: record.version, status: 'non_punishment_applied' });
      expect(upd.statusCode).toBe(200);
      expect((await c.prosecutor!.get(url())).json().victims.find((v: { caseId: string }) => v.caseId === caseA1.id).nonPunishment[0].status).toBe('non_punishment_applied');
      expect((await c.worker!.patch(`/api/v1/cases/${caseA1.id}/non-punishment/${record.id}`, { version: record.version, status: 'convicted' })).statusCode).toBe(409);
      expect((await c.shelter!.post(`/api/v1/cases/${caseA1.id}/non-punishment`, { offence: 'begging', accusedOn: '2026-04-02' })).statusCode).toBe(403);
      expect((await c.police!.post(`/api/v1/cases/${caseA1.id}/non-punishment`, { offence: 'begging', accusedOn: '2026-04-02' })).statusCode).toBe(404);
    });

    it('refuses impossible stages and dates with field errors', async () => {
      const create = (body: object) => c.prosecutor!.post('/api/v1/justice/proceedings', { offences: ['448-2-sexual'], ...body });
      const fields = async (body: object) => (await create(body)).json().error.details.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`);
      expect(await fields({ stage: 'judgment', complaintOn: '2026-05-01', judgmentOn: '2026-04-01' })).toEqual(['judgmentOn:before_previous_stage']);
      expect(await fields({ stage: 'investigation', complaintOn: '2026-05-01', investigationOn: '2026-05-02', judgmentOn: '2026-06-01' })).toEqual(['judgmentOn:stage_not_reached']);
      expect(await fields({ stage: 'final', complaintOn: '2026-05-01', finalOn: '2026-06-01' })).toEqual(['judgmentOn:required']);
      expect(await fields({ stage: 'complaint', complaintOn: '2026-05-01', courtOrganisationId: env.orgs.a })).toEqual(['courtOrganisationId:not_a_court']);
      expect((await create({ stage: 'complaint', complaintOn: '2026-05-01', offences: ['murder'] })).json().error.details.fields[0].path).toBe('offences.0');
      // Going back a stage is refused; a stale version is a conflict.
      const p = (await c.prosecutor!.get(url())).json();
      const back = await c.prosecutor!.patch(url(), { version: p.version, stage: 'complaint', investigationOn: null });
      expect(back.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['stage']);
      expect((await c.prosecutor!.patch(url(), { version: p.version + 5, jurisdiction: 'x' })).statusCode).toBe(409);
      // Linking a case the prosecution cannot see is refused like a missing one.
      expect((await c.prosecutor!.post(`${url()}/victims`, { caseId: caseB.id })).json().error.details.fields[0]).toMatchObject({ path: 'caseId', code: 'unknown_case' });
      expect((await c.prosecutor!.post(`${url()}/victims`, { caseId: caseA1.id })).json().error.details.fields[0].code).toBe('already_linked');
    });

    it('a defendant’s outcome cannot be recorded twice at once; it needs a judgment', async () => {
      let p = (await c.prosecutor!.get(url())).json();
      const d = p.defendants[0];
      const early = await c.prosecutor!.patch(`${url()}/defendants/${d.id}`, { version: d.version, outcome: 'convicted', outcomeOn: '2026-06-01' });
      expect(early.json().error.details.fields[0]).toMatchObject({ path: 'outcome', code: 'outcome_needs_judgment' });
      p = (await c.prosecutor!.patch(url(), { version: p.version, stage: 'judgment', prosecutionOn: '2026-04-01', trialOn: '2026-05-01', judgmentOn: '2026-06-01' })).json();
      expect(p.stage).toBe('judgment');
      const body = { version: d.version, outcome: 'convicted', outcomeOn: '2026-06-01', sentenceMonths: 96, compensationOrderedMad: 50000, compensationPaidMad: 10000 };
      const [r1, r2] = await Promise.all([c.prosecutor!.patch(`${url()}/defendants/${d.id}`, body), c.judge!.patch(`${url()}/defendants/${d.id}`, { ...body, outcome: 'acquitted', sentenceMonths: null })]);
      expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
      const conflict = [r1, r2].find((r) => r.statusCode === 409)!;
      expect(conflict.json().error.code).toBe('VERSION_CONFLICT');
      const paidTooMuch = await c.prosecutor!.patch(`${url()}/defendants/${d.id}`, { version: d.version + 1, compensationPaidMad: 60000 });
      expect(paidTooMuch.json().error.details.fields[0]).toMatchObject({ path: 'compensationPaidMad', code: 'paid_exceeds_ordered' });
    });

    it('statistics feed: aggregates only, small cells suppressed', async () => {
      const s = (await c.analyst!.get('/api/v1/justice/statistics')).json();
      expect(s.threshold).toBe(5);
      // One defendant: below the threshold, so suppressed everywhere it would show.
      expect(s.suspects.total).toEqual({ value: null, suppressed: true });
      expect(JSON.stringify(s)).not.toContain('Mokhtar');
      expect(s.proceedingsByStage.keys).toEqual(['complaint', 'investigation', 'prosecution', 'trial', 'judgment', 'appeal', 'final']);
      const audit = await env.p.db.selectFrom('audit_log').select('action').where('action', '=', 'justice.statistics_read').execute();
      expect(audit.length).toBeGreaterThan(0);
    });
  });
}
