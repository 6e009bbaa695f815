/**
 * Accountability (law 09-08) on both databases: the register of processing activities is produced from the
 * installation's own configuration (retention rules, directory, session and sign-in settings), in the language
 * asked, audited, for the data protection officer only; the breach log keeps a timeline that reads forwards,
 * tells when the CNDP notification is overdue or was late, encrypts its free text, refuses a stale version, and
 * audits every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';
import processing from '../../data/config/processing.json';
import retention from '../../data/config/retention.json';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

for (const dialect of DIALECTS) {
  describe(`accountability [${dialect}]`, () => {
    let env: TestEnv;
    let dpo: Client;
    let orgAdmin: Client;
    let worker: Client;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      dpo = await userClient(env, env.orgs.c, ['dpo']);
      orgAdmin = await userClient(env, env.orgs.a, ['org_admin']);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
    });
    afterAll(() => env.close());

    it('produces the register of processing activities from the configuration, in the language asked, audited', async () => {
      const r = await dpo.get('/api/v1/processing-register?lang=ar&format=download');
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-disposition']).toMatch(/^attachment; filename="processing-register-ar-\d{4}-\d{2}-\d{2}\.json"$/);
      const reg = r.json();
      expect(reg.language).toBe('ar');
      expect(reg.controller.name).toBe(processing.controller.name.ar);
      expect(reg.activities.map((a: { id: string }) => a.id)).toEqual(processing.activities.map((a) => a.id));
      // Retention as the schedule says (not a copy that could drift).
      const identification = reg.activities.find((a: { id: string }) => a.id === 'identification');
      const caseRule = retention.rules.find((x) => x.kind === 'case')!;
      expect(identification.retention.find((x: { kind: string }) => x.kind === 'case')).toEqual({ kind: 'case', clock: caseRule.clock, months: caseRule.months, days: null, action: caseRule.action });
      expect(identification.name).toBe(processing.activities[0]!.name.ar);
      // Recipients counted from the directory.
      const ngo = await env.p.db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'ngo').where('active', '=', 1).executeTakeFirstOrThrow();
      expect(identification.recipients.find((x: { type: string }) => x.type === 'ngo').organisations).toBe(Number(ngo.n));
      // Security measures with the values the platform runs with.
      const measure = (m: string) => reg.security.find((x: { measure: string }) => x.measure === m).values;
      expect(measure('sessions')).toEqual({ idleMinutes: env.p.config.session.idleMinutes, maxHours: env.p.config.session.maxHours });
      expect(measure('field_encryption')).toMatchObject({ algorithm: 'AES-256-GCM', keys: env.p.keyring.keyIds.length });
      expect(measure('audit_chain').entries).toBeGreaterThan(0);

      const fr = (await dpo.get('/api/v1/processing-register?lang=fr')).json();
      expect(fr.activities[0].purpose).toBe(processing.activities[0]!.purpose.fr);
      for (const c of [orgAdmin, worker]) expect((await c.get('/api/v1/processing-register')).statusCode).toBe(403);
      const audit = await env.p.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'processing_register.read').where('actor_user_id', '=', dpo.userId).execute();
      expect(audit.length).toBe(2);
    });

    it('keeps the breach log: deadline, lateness, encrypted text, forward timeline, versions, audit', async () => {
      const description = 'Un ordinateur portable non chiffré contenant un export a été volé.';
      const created = await dpo.post('/api/v1/breaches', {
        detectedAt: hoursAgo(80), occurredFrom: hoursAgo(100).slice(0, 10), natures: ['confidentiality'], categories: ['identity', 'health'], personsAffected: 12,
        description, measures: 'Mots de passe changés, export révoqué.',
      });
      expect(created.statusCode, created.body).toBe(201);
      const b = created.json();
      expect(b.reference).toMatch(/^BR-\d{4}-\d{3}$/);
      expect(b).toMatchObject({ status: 'open', description, natures: ['confidentiality'], categories: ['identity', 'health'], personsAffected: 12, notificationOverdue: true, notifiedLate: false });
      expect(new Date(b.notificationDueAt).getTime() - new Date(b.detectedAt).getTime()).toBe(processing.breachNotification.notifyWithinHours * 3600_000);
      // The free text is encrypted at rest.
      const raw = await env.p.db.selectFrom('breaches').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(raw)).not.toContain('ordinateur');

      // The timeline reads forwards and never reaches past now.
      const before = await dpo.patch(`/api/v1/breaches/${b.id}`, { version: b.version, cndpNotifiedAt: hoursAgo(90) });
      expect(before.statusCode).toBe(400);
      expect(before.json().error.details.fields).toEqual([expect.objectContaining({ path: 'cndpNotifiedAt', code: 'date_out_of_range' })]);
      const future = await dpo.post('/api/v1/breaches', { detectedAt: new Date(Date.now() + 86_400_000).toISOString(), natures: ['integrity'], description: 'Demain.' });
      expect(future.statusCode).toBe(400);
      expect(future.json().error.details.fields[0]).toMatchObject({ path: 'detectedAt', code: 'date_in_future' });
      expect(await env.p.db.selectFrom('breaches').select('id').execute()).toHaveLength(1);

      const notified = await dpo.patch(`/api/v1/breaches/${b.id}`, { version: b.version, cndpNotifiedAt: hoursAgo(1), personsNotInformedReason: 'Les données de santé étaient chiffrées; identités seulement.' });
      expect(notified.statusCode, notified.body).toBe(200);
      expect(notified.json()).toMatchObject({ notificationOverdue: false, notifiedLate: true, version: b.version + 1 });
      // A stale version is refused and changes nothing.
      const stale = await dpo.patch(`/api/v1/breaches/${b.id}`, { version: b.version, closed: true });
      expect(stale.statusCode).toBe(409);
      const closed = await dpo.patch(`/api/v1/breaches/${b.id}`, { version: b.version + 1, closed: true });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json()).toMatchObject({ status: 'closed', personsNotInformedReason: 'Les données de santé étaient chiffrées; identités seulement.' });
      expect(closed.json().closedAt).toEqual(expect.any(String));

      const list = await dpo.get('/api/v1/breaches');
      expect(list.json()).toMatchObject({ notifyWithinHours: processing.breachNotification.notifyWithinHours, items: [{ id: b.id, status: 'closed' }] });
      for (const c of [orgAdmin, worker]) {
        expect((await c.get('/api/v1/breaches')).statusCode).toBe(403);
        expect((await c.patch(`/api/v1/breaches/${b.id}`, { version: 3, closed: false })).statusCode).toBe(403);
      }
      const audit = await env.p.db.selectFrom('audit_log').select('action').where('entity_id', '=', b.id).where('action', 'like', 'breach.%').orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['breach.create', 'breach.update', 'breach.update']);
    });
  });
}
