import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { addKeyToKeyringFile, loadKeyring } from '../../src/server/platform/crypto/keyring';
import { countUnderOldKeys, reencryptAll } from '../../src/server/platform/keys';

/** Every text value in every table, as stored. */
async function dumpDatabase(env: TestEnv): Promise<string> {
  const tables = ['organisations', 'users', 'sessions', 'persons', 'case_search', 'cases', 'case_forms', 'case_places', 'record_history', 'attachments', 'audit_log'];
  const parts: string[] = [];
  for (const t of tables) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t)}`.execute(env.p.db);
    for (const r of rows.rows) for (const v of Object.values(r)) parts.push(Buffer.isBuffer(v) ? v.toString('latin1') : String(v));
  }
  return parts.join('\n');
}

for (const dialect of DIALECTS) {
  describe(`protection of personal data [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    beforeAll(async () => {
      env = await createTestEnv(dialect);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
    });
    afterAll(() => env.close());

    it('stores no name, date of birth, contact, document number, health note or story in plaintext', async () => {
      const secrets = {
        givenNames: 'Zoulikha-Unique',
        familyName: 'Bensaïd-Marker',
        aliases: ['Alias-Marker'],
        dateOfBirth: '1987-07-23',
        contacts: [{ kind: 'address' as const, value: '17 Rue Secrète, Derb Marker' }],
        identityDocuments: [{ type: 'passport' as const, number: 'PX-4477001', issuingCountry: 'MA' }],
        healthNotes: 'Health-Marker note',
      };
      const c = (await worker.post('/api/v1/cases', caseBody({ person: secrets, story: 'Story-Marker text', notes: 'Notes-Marker text' }))).json();
      await worker.patch(`/api/v1/persons/${c.person.id}`, { version: 1, familyName: 'Changed-Marker' });
      const dump = await dumpDatabase(env);
      for (const needle of ['Zoulikha', 'Bensaïd', 'Alias-Marker', '1987-07-23', 'Rue Secrète', 'PX-4477001', 'PX4477001', 'Health-Marker', 'Story-Marker', 'Notes-Marker', 'Changed-Marker']) {
        expect(dump, needle).not.toContain(needle);
      }
      // …while the API returns them to the managing organisation.
      const read = (await worker.get(`/api/v1/cases/${c.id}`)).json();
      expect(read.person.identity.givenNames).toBe('Zoulikha-Unique');
      expect(read.story).toBe('Story-Marker text');
    });

    it('audits every read of personal data, in the same transaction', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      await worker.get(`/api/v1/cases/${c.id}`);
      await worker.get(`/api/v1/persons/${c.person.id}`);
      await worker.get('/api/v1/cases?limit=5');
      const actions = (await env.p.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', worker.userId).execute()).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['case.create', 'case.read', 'person.read', 'case.list']));
    });

    it('leaves nothing half-written when the database fails in the middle of a registration', async () => {
      // A real failure inside the transaction: the database refuses one place row.
      if (dialect === 'postgres') {
        await sql`CREATE FUNCTION fail_place() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END; $$ LANGUAGE plpgsql`.execute(env.p.db);
        await sql`CREATE TRIGGER fail_place BEFORE INSERT ON case_places FOR EACH ROW WHEN (NEW.country = 'TV') EXECUTE FUNCTION fail_place()`.execute(env.p.db);
      } else {
        await sql`CREATE TRIGGER fail_place BEFORE INSERT ON case_places WHEN NEW.country = 'TV' BEGIN SELECT RAISE(ABORT, 'disk full'); END`.execute(env.p.db);
      }
      const count = async () => {
        const q = async (t: 'persons' | 'cases' | 'audit_log' | 'record_history') => Number((await env.p.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        return { persons: await q('persons'), cases: await q('cases'), audit: await q('audit_log'), history: await q('record_history') };
      };
      const before = await count();
      const res = await worker.post('/api/v1/cases', caseBody({ places: [{ kind: 'origin', country: 'TV' }] }));
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('INTERNAL');
      expect(res.body).not.toContain('disk full');
      expect(await count()).toEqual(before);
      await sql`DROP TRIGGER fail_place ${dialect === 'postgres' ? sql`ON case_places` : sql``}`.execute(env.p.db);
    });

    it('audit verify detects an edited, a deleted and a reordered entry', async () => {
      await worker.get('/api/v1/cases?limit=1');
      expect((await verifyAuditChain(env.p.db)).ok).toBe(true);
      // The table refuses changes...
      await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 2`.execute(env.p.db)).rejects.toThrow();
      // ...so an attacker with database access would first remove the protection.
      const dropProtection = async () => {
        if (dialect === 'postgres') await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(env.p.db);
        else {
          await sql`DROP TRIGGER audit_log_no_update`.execute(env.p.db);
          await sql`DROP TRIGGER audit_log_no_delete`.execute(env.p.db);
        }
      };
      await dropProtection();
      const original = await env.p.db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
      await env.p.db.updateTable('audit_log').set({ details: '{"count":0}' }).where('seq', '=', 3).execute();
      let r = await verifyAuditChain(env.p.db);
      expect(r).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'content_changed' });

      await env.p.db.updateTable('audit_log').set({ details: original.details }).where('seq', '=', 3).execute();
      expect((await verifyAuditChain(env.p.db)).ok).toBe(true);

      const four = await env.p.db.selectFrom('audit_log').selectAll().where('seq', '=', 4).executeTakeFirstOrThrow();
      await env.p.db.deleteFrom('audit_log').where('seq', '=', 4).execute();
      r = await verifyAuditChain(env.p.db);
      expect(r).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'missing_entry' });
      await env.p.db.insertInto('audit_log').values(four).execute();
      expect((await verifyAuditChain(env.p.db)).ok).toBe(true);

      // Swap the content of two entries (reorder) keeping their sequence numbers.
      const five = await env.p.db.selectFrom('audit_log').selectAll().where('seq', '=', 5).executeTakeFirstOrThrow();
      const six = await env.p.db.selectFrom('audit_log').selectAll().where('seq', '=', 6).executeTakeFirstOrThrow();
      await env.p.db.updateTable('audit_log').set({ ...six, seq: 5, id: `${six.id}-x` }).where('seq', '=', 5).execute();
      await env.p.db.updateTable('audit_log').set({ ...five, seq: 6 }).where('seq', '=', 6).execute();
      r = await verifyAuditChain(env.p.db);
      expect(r.ok).toBe(false);
      expect(r.firstBadSeq).toBe(5);
    });
  });

  describe(`key rotation [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    beforeAll(async () => {
      env = await createTestEnv(dialect);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
    });
    afterAll(() => env.close());

    it('re-encrypts everything under a new key and loses nothing', async () => {
      const created: { id: string }[] = [];
      for (let i = 0; i < 5; i++) created.push((await worker.post('/api/v1/cases', caseBody({ person: { givenNames: `Rotation${i}` } }))).json());
      const c0 = created[0]!;
      await worker.patch(`/api/v1/cases/${c0.id}`, { version: 1, notes: 'before rotation' });
      const boundary = 'b0undary';
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)]);
      await worker.request('POST', `/api/v1/cases/${c0.id}/attachments`, Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`),
      ]), { 'content-type': `multipart/form-data; boundary=${boundary}` });

      const snapshot = async () => {
        const out = [];
        for (const c of created) {
          out.push((await worker.get(`/api/v1/cases/${c.id}`)).json());
          out.push((await worker.get(`/api/v1/cases/${c.id}/history`)).json().items.map((h: { changes?: unknown; id: string }) => [h.id, h.changes]));
        }
        const att = (await worker.get(`/api/v1/cases/${c0.id}/attachments`)).json().items;
        out.push(att, (await worker.get(`/api/v1/cases/${c0.id}/attachments/${att[0].id}`)).rawPayload.toString('base64'));
        return out;
      };
      const before = await snapshot();
      const oldKey = env.p.keyring.activeKeyId;

      // `opennrm keys rotate`: add a key to the file; the running server picks it up when it meets it.
      const { active } = addKeyToKeyringFile(env.config.keyring.file);
      const rotator = { ...env.p, keyring: loadKeyring(env.config.keyring, () => undefined) };
      expect(rotator.keyring.activeKeyId).toBe(active);
      const report = await reencryptAll(rotator, 2);
      expect(report.reencrypted).toBeGreaterThan(10);
      expect(report.remainingUnderOldKeys).toBe(0);
      expect(await countUnderOldKeys(rotator)).toBe(0);
      const dump = JSON.stringify(await env.p.db.selectFrom('persons').select('identity_enc').execute());
      expect(dump).not.toContain(`v1.${oldKey}.`);

      expect(await snapshot()).toEqual(before);
      // The old key is kept in the keyring, so backups made before the rotation still open.
      expect(JSON.parse(fs.readFileSync(env.config.keyring.file, 'utf8')).keys[oldKey]).toBeDefined();
    });
  });
}
