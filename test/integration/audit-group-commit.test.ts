/**
 * Audited reads through the group commit (platform/audit.ts): reads do not take the chain head in their own
 * transaction; their entries are written in batches, and no answer leaves before its batch committed.
 *  - in process, on each database: concurrent reads and registrations leave one entry per answered read and a
 *    chain that verifies; entries handed in together are one batch; a read that throws after it was audited leaves
 *    no entry; a batch that cannot be written fails its reads closed (500, none of the data); a transaction that
 *    reads and writes appends both entries itself, atomically with the write;
 *  - the real server as a child process, on each database: several signed-in users read cases concurrently, the
 *    server is killed with SIGKILL during the reads and restarted; every 200 received has its `case.read` entry
 *    (for that user and case) and `opennrm audit verify` exits 0.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/platform/config';
import { openDatabase } from '../../src/server/platform/db/database';
import { newId, nowIso } from '../../src/server/platform/ids';
import { appendAudit, auditAppender, auditedTransaction, auditRead, recordAudit, verifyAuditChain } from '../../src/server/platform/audit';
import { AppError } from '../../src/server/platform/errors';
import { usersService } from '../../src/server/modules/users/users.service';
import type { Actor } from '../../src/server/platform/context';
import { DIALECTS, PASSWORD, caseBody, createTestEnv, userClient, type Client, type Dialect, type TestEnv } from '../support/harness';
import { httpLogin, killAllServers, runCli, type HttpClient, type ServerProcess } from '../support/server-process';
import { createProcessWorld, dropProcessWorld, startInWorld, type ProcessWorld } from '../support/process-world';

const SYSTEM: Actor = { userId: 'system', organisationId: '', displayName: 'group commit test', roles: new Set(), language: 'fr', ip: null, system: true };

async function auditCount(env: TestEnv, action: string, entityId?: string, userId?: string): Promise<number> {
  let q = env.p.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action);
  if (entityId) q = q.where('entity_id', '=', entityId);
  if (userId) q = q.where('actor_user_id', '=', userId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

for (const dialect of DIALECTS) {
  describe(`audited reads through the group commit [${dialect}]`, () => {
    let env: TestEnv;
    let workers: Client[];
    let other: Client;
    const cases: { id: string; reference: string; org: 'a' | 'b' }[] = [];

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      workers = await Promise.all([1, 2, 3].map(() => userClient(env, env.orgs.a, ['case_worker'])));
      other = await userClient(env, env.orgs.b, ['case_worker']);
      for (const [who, org] of [[workers[0]!, 'a'], [workers[1]!, 'a'], [other, 'b']] as const) {
        const res = await who.post('/api/v1/cases', caseBody());
        expect(res.statusCode, res.body).toBe(201);
        cases.push({ id: res.json().id, reference: res.json().reference, org });
      }
    });
    afterAll(async () => {
      await env?.close();
    });

    it('answers concurrent reads (with registrations in between) each with its entry, in one verifiable chain', async () => {
      const readers = [...workers.map((w) => ({ w, org: 'a' as const })), { w: other, org: 'b' as const }];
      const before = new Map<string, number>();
      for (const r of readers) for (const c of cases.filter((k) => k.org === r.org)) before.set(`${r.w.userId} ${c.id}`, await auditCount(env, 'case.read', c.id, r.w.userId));
      const answered = new Map<string, number>();
      const stats = { ...auditAppender(env.p).stats };
      const jobs: Promise<void>[] = [];
      for (let i = 0; i < 40; i++) {
        const r = readers[i % readers.length]!;
        const own = cases.filter((k) => k.org === r.org);
        const c = own[i % own.length]!;
        jobs.push(
          r.w.get(`/api/v1/cases/${c.id}`).then((res) => {
            expect(res.statusCode, res.body).toBe(200);
            expect(res.json().reference).toBe(c.reference);
            const key = `${r.w.userId} ${c.id}`;
            answered.set(key, (answered.get(key) ?? 0) + 1);
          }),
        );
        if (i % 10 === 0) jobs.push(workers[2]!.post('/api/v1/cases', caseBody()).then((res) => expect(res.statusCode, res.body).toBe(201)));
      }
      await Promise.all(jobs);
      for (const [key, n] of answered) {
        const [userId, caseId] = key.split(' ') as [string, string];
        expect(await auditCount(env, 'case.read', caseId, userId), key).toBe(before.get(key)! + n);
      }
      // The 40 reads went through the appender (none appended in its own request transaction).
      expect(auditAppender(env.p).stats.entries - stats.entries).toBeGreaterThanOrEqual(40);
      const verified = await verifyAuditChain(env.p.db);
      expect(verified.ok, JSON.stringify(verified)).toBe(true);
      const head = await env.p.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
      expect(Number(head.seq)).toBe(verified.checked);
    });

    it('writes the entries handed in together as one batch, in the order they came', async () => {
      const appender = auditAppender(env.p);
      const stats = { ...appender.stats };
      const marker = newId();
      const actor = { userId: workers[0]!.userId, organisationId: env.orgs.a, ip: '127.0.0.1' };
      // Handed in within one turn of the event loop, as concurrent requests finishing together do.
      await Promise.all([1, 2, 3, 4, 5].map((i) => appendAudit(env.p, actor, [{ action: 'test.read', entityId: marker, details: { i } }])));
      expect(appender.stats.batches - stats.batches).toBe(1);
      expect(appender.stats.entries - stats.entries).toBe(5);
      const rows = await env.p.db.selectFrom('audit_log').select(['seq', 'details']).where('entity_id', '=', marker).orderBy('seq').execute();
      expect(rows.map((r) => (JSON.parse(r.details) as { i: number }).i)).toEqual([1, 2, 3, 4, 5]);
      expect(rows.map((r) => Number(r.seq))).toEqual([0, 1, 2, 3, 4].map((k) => Number(rows[0]!.seq) + k));
      expect((await verifyAuditChain(env.p.db)).ok).toBe(true);
    });

    it('drops the entry of a read that throws after it was audited (nothing was sent)', async () => {
      const marker = newId();
      const actor = { userId: workers[0]!.userId, organisationId: env.orgs.a, ip: null };
      const head = await env.p.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
      await expect(
        auditedTransaction(env.p, async (trx) => {
          await auditRead(env.p, trx, actor, { action: 'test.read', entityId: marker });
          throw AppError.forbidden();
        }),
      ).rejects.toThrow(AppError);
      expect(await auditCount(env, 'test.read', marker)).toBe(0);
      const after = await env.p.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
      expect(Number(after.seq)).toBe(Number(head.seq));
    });

    it('appends a read and a write of one transaction in that transaction: both or neither', async () => {
      const actor = { userId: workers[0]!.userId, organisationId: env.orgs.a, ip: null };
      const stats = { ...auditAppender(env.p).stats };
      const kept = newId();
      await auditedTransaction(env.p, async (trx) => {
        await auditRead(env.p, trx, actor, { action: 'test.read', entityId: kept });
        await recordAudit(env.p, trx, actor, { action: 'test.write', entityId: kept });
        await auditRead(env.p, trx, actor, { action: 'test.read', entityId: kept });
      });
      expect(await auditCount(env, 'test.read', kept)).toBe(2);
      expect(await auditCount(env, 'test.write', kept)).toBe(1);
      expect(auditAppender(env.p).stats.batches).toBe(stats.batches);
      const dropped = newId();
      await expect(
        auditedTransaction(env.p, async (trx) => {
          await auditRead(env.p, trx, actor, { action: 'test.read', entityId: dropped });
          await recordAudit(env.p, trx, actor, { action: 'test.write', entityId: dropped });
          throw new AppError('CONFLICT');
        }),
      ).rejects.toThrow(AppError);
      expect(await auditCount(env, 'test.read', dropped)).toBe(0);
      expect(await auditCount(env, 'test.write', dropped)).toBe(0);
      expect((await verifyAuditChain(env.p.db)).ok).toBe(true);
    });

    it('fails a read closed when its batch cannot be written: 500 without the data, and no entry', async () => {
      const c = cases[0]!;
      const reader = workers[0]!;
      const before = await auditCount(env, 'case.read', c.id, reader.userId);
      // The database itself refuses the entry (a real failure of the batch's transaction, not a stub).
      if (dialect === 'postgres') {
        await sql`CREATE FUNCTION refuse_case_read() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END; $$ LANGUAGE plpgsql`.execute(env.p.db);
        await sql`CREATE TRIGGER refuse_case_read BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = 'case.read') EXECUTE FUNCTION refuse_case_read()`.execute(env.p.db);
      } else {
        await sql`CREATE TRIGGER refuse_case_read BEFORE INSERT ON audit_log WHEN NEW.action = 'case.read' BEGIN SELECT RAISE(ABORT, 'refused'); END`.execute(env.p.db);
      }
      try {
        const res = await reader.get(`/api/v1/cases/${c.id}`);
        expect(res.statusCode).toBe(500);
        expect(res.json().error.code).toBe('INTERNAL');
        expect(res.body).not.toContain(c.reference);
        expect(res.body).not.toContain(c.id);
      } finally {
        await sql`DROP TRIGGER refuse_case_read${sql.raw(dialect === 'postgres' ? ' ON audit_log' : '')}`.execute(env.p.db);
        if (dialect === 'postgres') await sql`DROP FUNCTION refuse_case_read()`.execute(env.p.db);
      }
      expect(await auditCount(env, 'case.read', c.id, reader.userId)).toBe(before);
      const again = await reader.get(`/api/v1/cases/${c.id}`);
      expect(again.statusCode).toBe(200);
      expect(await auditCount(env, 'case.read', c.id, reader.userId)).toBe(before + 1);
      expect((await verifyAuditChain(env.p.db)).ok).toBe(true);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The crash case: the real server, killed with SIGKILL during concurrent audited reads.

const READERS = 12;
/** The kill comes this long after the first read was answered (uniformly at random). */
const KILL_AFTER_MS = { min: 300, max: 1200 };

type World = ProcessWorld & { users: { email: string; org: 'a' | 'b'; id: string }[] };

async function createWorld(dialect: Dialect, world: Partial<World>): Promise<World> {
  const created = await createProcessWorld(dialect, 'opennrm-group-commit-', world, async (p) => {
    const orgs = { a: newId(), b: newId() };
    const users: World['users'] = [];
    const now = nowIso();
    await p.db
      .insertInto('organisations')
      .values([
        { id: orgs.a, name: 'Association A (Casablanca)', type: 'ngo', region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now },
        { id: orgs.b, name: 'Police B (Tanger)', type: 'police', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now },
      ])
      .execute();
    for (const [i, org] of (['a', 'a', 'a', 'b', 'b'] as const).entries()) {
      const email = `reader${i + 1}.${org}@group-commit.test`;
      const user = await p.db.transaction().execute((trx) =>
        usersService.create(p, trx, SYSTEM, { email, displayName: email, organisationId: orgs[org], roles: ['case_worker'], language: 'fr', password: PASSWORD }, { isDemo: true, mustChangePassword: false }),
      );
      users.push({ email, org, id: user.id });
    }
    // Not a demo installation: `serve` must not add the demo world.
    await p.db.insertInto('meta').values({ key: 'demo_seeded', value: now }).execute();
    return users;
  });
  return { ...created, users: created.setup };
}

for (const dialect of DIALECTS) {
  describe(`SIGKILL during audited reads [${dialect}]`, () => {
    const world: Partial<World> = {};
    let server: ServerProcess | null = null;

    afterAll(async () => {
      await server?.kill('SIGKILL');
      await killAllServers();
      await dropProcessWorld(world);
    });

    it('keeps the entry of every answered read, and a chain that verifies', { timeout: 120_000 }, async () => {
      const w = await createWorld(dialect, world);
      server = await startInWorld(w);
      const signed = await Promise.all(w.users.map(async (u) => ({ ...u, client: await httpLogin(server!.url, u.email, PASSWORD) })));
      // Two cases per organisation, registered (and audited) before the reads.
      const cases: { id: string; reference: string; org: 'a' | 'b' }[] = [];
      for (const org of ['a', 'a', 'b', 'b'] as const) {
        const by = signed.find((s) => s.org === org)!;
        const res = await by.client.request(server.url, 'POST', '/api/v1/cases', caseBody());
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        const body = res.body as { id: string; reference: string };
        cases.push({ id: body.id, reference: body.reference, org });
      }

      const answered = new Map<string, number>();
      const problems: string[] = [];
      // The readers keep a request outstanding until the server is gone: `killSent` is set just before the
      // signal, `stop` once the process has exited. A request cut off by the kill (its connection reset before an
      // answer) was in flight; one made after the process died is refused, and simply not answered.
      let killSent = false;
      let stop = false;
      let inFlightAtKill = 0;
      let firstAnswer: () => void = () => undefined;
      const firstAnswered = new Promise<void>((resolve) => (firstAnswer = resolve));
      const base = server.url;
      const reader = async (i: number) => {
        const who: { id: string; org: 'a' | 'b'; client: HttpClient } = signed[i % signed.length]!;
        const own = cases.filter((c) => c.org === who.org);
        for (let n = 0; !stop; n++) {
          const c = own[(i + n) % own.length]!;
          try {
            const res = await who.client.request(base, 'GET', `/api/v1/cases/${c.id}`, undefined, 20_000);
            if (res.status === 200) {
              const key = `${who.id} ${c.id}`;
              answered.set(key, (answered.get(key) ?? 0) + 1);
              if ((res.body as { reference?: string }).reference !== c.reference) problems.push(`read ${c.id}: another case answered`);
              firstAnswer();
            } else problems.push(`read ${c.id}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          } catch (err) {
            if (!killSent) problems.push(`read ${c.id} failed while the server was up: ${String((err as Error).cause ?? err)}`);
            else if (((err as Error).cause as { code?: string } | undefined)?.code === 'ECONNREFUSED') await new Promise((r) => setTimeout(r, 5));
            else inFlightAtKill += 1;
          }
        }
      };
      const running = Array.from({ length: READERS }, (_, i) => reader(i));
      await firstAnswered;
      await new Promise((r) => setTimeout(r, KILL_AFTER_MS.min + Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min)));
      killSent = true;
      const gone = await server.kill('SIGKILL');
      stop = true;
      expect(gone.signal, server.output()).toBe('SIGKILL');
      await Promise.all(running);
      expect(problems).toEqual([]);
      const reads = [...answered.values()].reduce((a, b) => a + b, 0);

      // Restarted on the same database, the server answers (and audits) again.
      server = await startInWorld(w);
      const again = signed[0]!;
      const res = await again.client.request(server.url, 'GET', `/api/v1/cases/${cases[0]!.id}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      answered.set(`${again.id} ${cases[0]!.id}`, (answered.get(`${again.id} ${cases[0]!.id}`) ?? 0) + 1);
      await server.stop();
      server = null;

      const verify = await runCli(['audit', 'verify'], w.vars);
      expect(verify.code, verify.out).toBe(0);
      expect(verify.out).toMatch(/Audit chain intact: \d+ entries verified/);

      const handle = openDatabase(loadConfig(w.vars).database, { poolSize: 2 });
      try {
        const entries = await handle.db.selectFrom('audit_log').select(['actor_user_id', 'entity_id']).where('action', '=', 'case.read').execute();
        const recorded = new Map<string, number>();
        for (const e of entries) recorded.set(`${e.actor_user_id} ${e.entity_id}`, (recorded.get(`${e.actor_user_id} ${e.entity_id}`) ?? 0) + 1);
        const missing = [...answered].filter(([key, n]) => (recorded.get(key) ?? 0) < n).map(([key, n]) => `${key}: ${n} answered, ${recorded.get(key) ?? 0} entries`);
        expect(missing).toEqual([]);
        // An entry without an answer is allowed (a batch committed, then the kill came before the response was sent).
        expect(entries.length).toBeGreaterThanOrEqual(reads + 1);
        console.log(`group commit crash [${dialect}]: ${reads} reads answered by ${answered.size} user×case pairs, ${inFlightAtKill} in flight at the kill, ${entries.length} case.read entries`);
      } finally {
        await handle.close();
      }
      // The test did what it says: several users read, and the kill met reads in flight.
      expect(new Set([...answered.keys()].map((k) => k.split(' ')[0])).size).toBe(signed.length);
      expect(inFlightAtKill).toBeGreaterThan(0);
    });
  });
}
