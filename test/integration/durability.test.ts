/**
 * Durability: the real server (`opennrm serve`) as a child process on each database, under concurrent writes over
 * real HTTP (case registrations, consent then referral, audited reads), killed with SIGKILL at random moments and
 * restarted on the same database, several times. Then:
 *  - every write whose 2xx answer was received is there (over HTTP after each restart, and in the database at the end);
 *  - no half-written change exists: every case has its person, forms, places, search tokens, history, deadline and
 *    `case.create` audit entry (and each such entry its case), case references have no gap, every referral has its
 *    consent, its `sent` event, its response deadline and its `referral.create` entry, every acknowledged read its
 *    `case.read` entry;
 *  - `opennrm audit verify` exits 0.
 * Kills: 2 per database in `npm test`, SOAK_KILLS=<n> for the soak run (scripts/soak.mjs); SOAK_SEED=<n> replays the
 * random choices (kill moments, operations). One `SOAK durability …` line per database for the soak script.
 */
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { TRole } from '../../src/contract/common';
import { loadConfig } from '../../src/server/platform/config';
import { openDatabase } from '../../src/server/platform/db/database';
import { newId, nowIso } from '../../src/server/platform/ids';
import { usersService } from '../../src/server/modules/users/users.service';
import type { Actor } from '../../src/server/platform/context';
import { DIALECTS, PASSWORD, caseBody, localDay, type Dialect } from '../support/harness';
import { httpLogin, killAllServers, runCli, type HttpClient, type ServerProcess } from '../support/server-process';
import { createProcessWorld, dropProcessWorld, startInWorld } from '../support/process-world';

const KILLS = Math.max(1, Number.parseInt(process.env.SOAK_KILLS ?? '', 10) || 2);
const SEED = Number.parseInt(process.env.SOAK_SEED ?? '', 10) || crypto.randomInt(1, 2 ** 31);
const WORKERS = 8;
/** A kill comes this long after the load starts (uniformly at random). */
const KILL_AFTER_MS = { min: 300, max: 2500 };
const FORMS = ['forced_labour', 'servitude'];

/** mulberry32: small, seedable, good enough to pick moments and operations. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The harness's advisory lock (see createTestEnv): a migration must not meet another suite's DROP SCHEMA. */
type AckCase = { id: string; reference: string; personId: string; familyName: string; org: string; phase: number };
type AckConsent = { id: string; caseId: string; phase: number };
type AckReferral = { id: string; caseId: string; consentId: string; phase: number };
/** A signed-in user of the load. */
type Signed = { client: HttpClient; userId: string; org: string };

type World = {
  dialect: Dialect;
  dir: string;
  schema: string | null;
  vars: Record<string, string>;
  orgs: { a: string; b: string; shelter: string };
  users: { email: string; org: string; roles: TRole[]; id?: string }[];
};

const SYSTEM: Actor = { userId: 'system', organisationId: '', displayName: 'durability test', roles: new Set(), language: 'fr', ip: null, system: true };

/** A fresh database (temp dir; and a fresh schema on PostgreSQL), migrated, with organisations and users. */
async function createWorld(dialect: Dialect, world: Partial<World>): Promise<World> {
  const created = await createProcessWorld(dialect, 'opennrm-durability-', world, async (p) => {
    const orgs = { a: newId(), b: newId(), shelter: newId() };
    const users: World['users'] = [
      { email: 'worker.a1@durability.test', org: orgs.a, roles: ['case_worker'] },
      { email: 'worker.a2@durability.test', org: orgs.a, roles: ['case_worker'] },
      { email: 'worker.b1@durability.test', org: orgs.b, roles: ['case_worker'] },
      { email: 'admin.shelter@durability.test', org: orgs.shelter, roles: ['org_admin'] },
    ];
    const now = nowIso();
    await p.db
      .insertInto('organisations')
      .values([
        { id: orgs.a, name: 'Association A (Casablanca)', type: 'ngo', region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now },
        { id: orgs.b, name: 'Police B (Tanger)', type: 'police', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now },
        { id: orgs.shelter, name: 'Foyer D (Tanger)', type: 'ngo', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now },
      ])
      .execute();
    for (const u of users) {
      const user = await p.db.transaction().execute((trx) =>
        usersService.create(p, trx, SYSTEM, { email: u.email, displayName: u.email, organisationId: u.org, roles: u.roles, language: 'fr', password: PASSWORD }, { isDemo: true, mustChangePassword: false }),
      );
      u.id = user.id;
    }
    // Not a demo installation: `serve` must not add the demo world (its seeded cases have no registration audit entry).
    await p.db.insertInto('meta').values({ key: 'demo_seeded', value: now }).execute();
    return { orgs, users };
  });
  return { ...created, ...created.setup };
}

const dropWorld = dropProcessWorld;

/** Starts the server; on PostgreSQL while holding the shared schema lock, as the harness does around migrations. */
const startTimes: number[] = [];
async function start(world: World): Promise<ServerProcess> {
  const t0 = Date.now();
  try {
    return await startInWorld(world);
  } finally {
    startTimes.push(Date.now() - t0);
  }
}

class Load {
  readonly cases: AckCase[] = [];
  readonly consents: AckConsent[] = [];
  readonly referrals: AckReferral[] = [];
  /** Acknowledged reads per `userId caseId`. */
  readonly reads = new Map<string, number>();
  /** Requests in flight when the server was killed: their outcome is unknown (either way is correct). */
  unknown = 0;
  /** Anything that must not happen while the server is up: a 4xx/5xx, a dropped connection. */
  readonly problems: string[] = [];
  private alive = false;
  private base = '';
  private phase = 0;
  private running: Promise<void>[] = [];

  constructor(
    private readonly rnd: () => number,
    private readonly clients: Signed[],
    private readonly serviceId: string,
    private readonly shelterOrg: string,
  ) {}

  get acknowledged() {
    return this.cases.length + this.consents.length + this.referrals.length + [...this.reads.values()].reduce((a, b) => a + b, 0);
  }

  begin(base: string, phase: number) {
    this.base = base;
    this.phase = phase;
    this.alive = true;
    this.running = Array.from({ length: WORKERS }, (_, i) => this.worker(this.clients[i % this.clients.length]!));
  }

  countRead(userId: string, caseId: string) {
    const key = `${userId} ${caseId}`;
    this.reads.set(key, (this.reads.get(key) ?? 0) + 1);
  }

  /** Called just before the kill: from now on a failed request is an in-flight one. */
  end() {
    this.alive = false;
  }

  settle() {
    return Promise.all(this.running);
  }

  private async call(who: HttpClient, method: string, url: string, body: unknown, expected: number, what: string) {
    const base = this.base;
    try {
      const res = await who.request(base, method, url, body);
      if (res.status === expected) return res.body as Record<string, unknown>;
      // An answer from a server being killed is still an answer: none but `expected` is acceptable.
      this.problems.push(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    } catch (err) {
      if (this.alive) this.problems.push(`${what}: request failed while the server was up: ${String((err as Error).cause ?? err)}`);
      else this.unknown += 1;
    }
    return null;
  }

  private async worker(c: Signed) {
    while (this.alive) {
      const own = this.cases.filter((k) => k.org === c.org);
      const roll = this.rnd();
      if (own.length === 0 || roll < 0.45) {
        const body = caseBody();
        const res = await this.call(c.client, 'POST', '/api/v1/cases', body, 201, 'register a case');
        if (res) {
          const person = res.person as { id: string; identity?: { familyName?: string } };
          this.cases.push({ id: res.id as string, reference: res.reference as string, personId: person.id, familyName: body.person!.familyName!, org: c.org, phase: this.phase });
          if (person.identity?.familyName !== body.person!.familyName) this.problems.push(`register a case: answered another name (${person.identity?.familyName})`);
        }
      } else if (roll < 0.75) {
        const target = own[Math.floor(this.rnd() * own.length)]!;
        const consent = await this.call(
          c.client,
          'POST',
          `/api/v1/cases/${target.id}/consents`,
          { purpose: 'sharing', recipientOrganisationId: this.shelterOrg, categories: ['identity', 'health'], method: 'written', interpreterUsed: true, language: 'ar', givenBy: 'person', givenOn: localDay() },
          201,
          'record a consent',
        );
        if (!consent) continue;
        this.consents.push({ id: consent.id as string, caseId: target.id, phase: this.phase });
        const referral = await this.call(
          c.client,
          'POST',
          `/api/v1/cases/${target.id}/referrals`,
          { serviceId: this.serviceId, urgency: 'urgent', reason: 'Needs a safe place tonight.', categories: ['identity', 'health'], consentId: consent.id, message: 'She speaks Arabic.' },
          201,
          'refer',
        );
        if (referral) this.referrals.push({ id: referral.id as string, caseId: target.id, consentId: consent.id as string, phase: this.phase });
      } else {
        const target = own[Math.floor(this.rnd() * own.length)]!;
        const res = await this.call(c.client, 'GET', `/api/v1/cases/${target.id}`, undefined, 200, 'read a case');
        if (res) {
          this.countRead(c.userId, target.id);
          const person = res.person as { identity?: { familyName?: string } };
          if (res.reference !== target.reference || person.identity?.familyName !== target.familyName) this.problems.push(`read ${target.id}: ${res.reference as string} ${person.identity?.familyName}`);
        }
      }
    }
  }
}

/** Acknowledged writes read back through the API of a (restarted) server; each read answered counts as a read. */
async function readBack(base: string, clientOf: (org: string) => Signed, load: Load, cases: AckCase[], referrals: AckReferral[]) {
  const missing: string[] = [];
  const queue = [...cases.map((c) => ({ kind: 'case' as const, c })), ...referrals.map((r) => ({ kind: 'referral' as const, r }))];
  const one = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      if (item.kind === 'case') {
        const reader = clientOf(item.c.org);
        const res = await reader.client.request(base, 'GET', `/api/v1/cases/${item.c.id}`);
        const body = res.body as { reference?: string; person?: { id?: string; identity?: { familyName?: string } } };
        if (res.status === 200) load.countRead(reader.userId, item.c.id);
        if (res.status !== 200) missing.push(`case ${item.c.reference} (${item.c.id}, phase ${item.c.phase}): ${res.status}`);
        else if (body.reference !== item.c.reference || body.person?.id !== item.c.personId || body.person?.identity?.familyName !== item.c.familyName) {
          missing.push(`case ${item.c.id}: ${JSON.stringify({ reference: body.reference, person: body.person?.id, name: body.person?.identity?.familyName })} ≠ ${JSON.stringify(item.c)}`);
        }
      } else {
        const caseOrg = load.cases.find((k) => k.id === item.r.caseId)!.org;
        const res = await clientOf(caseOrg).client.request(base, 'GET', `/api/v1/referrals/${item.r.id}`);
        const body = res.body as { caseId?: string; consentId?: string; status?: string };
        if (res.status !== 200) missing.push(`referral ${item.r.id} (phase ${item.r.phase}): ${res.status}`);
        else if (body.caseId !== item.r.caseId || body.consentId !== item.r.consentId || body.status !== 'sent') missing.push(`referral ${item.r.id}: ${JSON.stringify(body).slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, one));
  return missing;
}

/** Everything the database must hold after the kills: acknowledged writes, and only whole changes. */
async function checkDatabase(world: World, load: Load) {
  const handle = openDatabase(loadConfig(world.vars).database, { poolSize: 2 });
  const db = handle.db;
  const problems: string[] = [];
  const expectThat = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  try {
    const cases = await db.selectFrom('cases').select(['id', 'reference', 'person_id', 'managing_org_id']).execute();
    const persons = new Set((await db.selectFrom('persons').select('id').execute()).map((r) => r.id));
    const forms = new Map<string, string[]>();
    for (const f of await db.selectFrom('case_forms').select(['case_id', 'form']).execute()) forms.set(f.case_id, [...(forms.get(f.case_id) ?? []), f.form]);
    const places = new Map<string, number>();
    for (const pl of await db.selectFrom('case_places').select('case_id').execute()) places.set(pl.case_id, (places.get(pl.case_id) ?? 0) + 1);
    const tokens = new Set((await db.selectFrom('case_search').select('case_id').distinct().execute()).map((r) => r.case_id));
    const history = new Set((await db.selectFrom('record_history').select('entity_id').where('entity_type', '=', 'case').where('action', '=', 'create').execute()).map((r) => r.entity_id));
    const tasks = await db.selectFrom('tasks').select(['case_id', 'rule', 'subject_type', 'subject_id']).execute();
    const reflection = new Set(tasks.filter((t) => t.rule === 'recovery_reflection').map((t) => t.case_id));
    const responseDue = new Set(tasks.filter((t) => t.rule === 'referral_response' && t.subject_type === 'referral').map((t) => t.subject_id));
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'actor_user_id', 'details'])
      .where('action', 'in', ['case.create', 'case.read', 'consent.create', 'referral.create'])
      .execute();
    const auditOf = (action: string) => audit.filter((a) => a.action === action);

    // Every acknowledged registration is there, whole.
    const byId = new Map(cases.map((c) => [c.id, c]));
    for (const a of load.cases) {
      const c = byId.get(a.id);
      expectThat(!!c, `acknowledged case ${a.reference} (${a.id}, phase ${a.phase}) is missing`);
      if (c) expectThat(c.reference === a.reference && c.person_id === a.personId && c.managing_org_id === a.org, `case ${a.id} differs from its answer: ${JSON.stringify(c)}`);
    }
    // No case is half written (acknowledged or not: the ones in flight at a kill are all-or-nothing too).
    const createEntries = new Map(auditOf('case.create').map((e) => [e.entity_id, JSON.parse(e.details) as { reference?: string; personId?: string }]));
    const personUse = new Map<string, number>();
    for (const c of cases) {
      personUse.set(c.person_id, (personUse.get(c.person_id) ?? 0) + 1);
      expectThat(persons.has(c.person_id), `case ${c.reference} has no person`);
      expectThat(JSON.stringify([...(forms.get(c.id) ?? [])].sort()) === JSON.stringify(FORMS), `case ${c.reference} forms: ${JSON.stringify(forms.get(c.id) ?? [])}`);
      expectThat(places.get(c.id) === 2, `case ${c.reference} has ${places.get(c.id) ?? 0} places`);
      expectThat(tokens.has(c.id), `case ${c.reference} has no search tokens`);
      expectThat(history.has(c.id), `case ${c.reference} has no creation history`);
      expectThat(reflection.has(c.id), `case ${c.reference} has no reflection-period deadline`);
      const entry = createEntries.get(c.id);
      expectThat(!!entry && entry.reference === c.reference && entry.personId === c.person_id, `case ${c.reference} has no matching case.create audit entry`);
    }
    expectThat(auditOf('case.create').length === cases.length, `${auditOf('case.create').length} case.create entries for ${cases.length} cases`);
    for (const id of createEntries.keys()) expectThat(byId.has(id!), `case.create entry for a case that does not exist: ${id}`);
    // Each registration made its own person, so a person without a case is the remains of one.
    expectThat(persons.size === cases.length && [...personUse.values()].every((n) => n === 1), `${persons.size} persons for ${cases.length} cases`);
    // References come from a counter in the same transaction: no gap, no duplicate, counter = cases.
    const byYear = new Map<string, number[]>();
    for (const c of cases) {
      const m = /^NRM-(\d{4})-(\d{6})$/.exec(c.reference);
      expectThat(!!m, `reference ${c.reference}`);
      if (m) byYear.set(m[1]!, [...(byYear.get(m[1]!) ?? []), Number(m[2])]);
    }
    const counters = new Map((await db.selectFrom('counters').select(['name', 'value']).execute()).map((r) => [r.name, Number(r.value)]));
    for (const [year, numbers] of byYear) {
      numbers.sort((x, y) => x - y);
      expectThat(numbers.every((n, i) => n === i + 1), `references of ${year} are not 1…${numbers.length}: ${numbers.filter((n, i) => n !== i + 1).slice(0, 5).join(', ')}`);
      expectThat(counters.get(`case:${year}`) === numbers.length, `counter case:${year} = ${counters.get(`case:${year}`)} for ${numbers.length} cases`);
    }

    // Consents and referrals.
    const consents = new Map((await db.selectFrom('consents').select(['id', 'case_id']).execute()).map((k) => [k.id, k]));
    const referrals = await db.selectFrom('referrals').select(['id', 'case_id', 'consent_id', 'status', 'legal_basis']).execute();
    const refById = new Map(referrals.map((r) => [r.id, r]));
    const sentEvents = new Set((await db.selectFrom('referral_events').select('referral_id').where('to_status', '=', 'sent').execute()).map((e) => e.referral_id));
    for (const a of load.consents) expectThat(consents.get(a.id)?.case_id === a.caseId, `acknowledged consent ${a.id} (phase ${a.phase}) is missing`);
    for (const a of load.referrals) {
      const r = refById.get(a.id);
      expectThat(!!r && r.case_id === a.caseId && r.consent_id === a.consentId, `acknowledged referral ${a.id} (phase ${a.phase}) is missing or differs`);
    }
    const consentEntries = new Set(auditOf('consent.create').map((e) => e.entity_id));
    for (const k of consents.values()) {
      expectThat(byId.has(k.case_id), `consent ${k.id} for a missing case`);
      expectThat(consentEntries.has(k.id), `consent ${k.id} has no consent.create audit entry`);
    }
    expectThat(consentEntries.size === consents.size, `${consentEntries.size} consent.create entries for ${consents.size} consents`);
    const referralEntries = new Set(auditOf('referral.create').map((e) => e.entity_id));
    for (const r of referrals) {
      const k = r.consent_id ? consents.get(r.consent_id) : undefined;
      expectThat(r.legal_basis === 'consent' && !!k && k.case_id === r.case_id, `referral ${r.id} without its consent`);
      expectThat(sentEvents.has(r.id), `referral ${r.id} has no 'sent' event`);
      expectThat(responseDue.has(r.id), `referral ${r.id} has no response deadline`);
      expectThat(referralEntries.has(r.id), `referral ${r.id} has no referral.create audit entry`);
    }
    expectThat(referralEntries.size === referrals.length, `${referralEntries.size} referral.create entries for ${referrals.length} referrals`);

    // Every acknowledged read left its audit entry (a read answered is a read recorded).
    const readEntries = new Map<string, number>();
    for (const e of auditOf('case.read')) readEntries.set(`${e.actor_user_id} ${e.entity_id}`, (readEntries.get(`${e.actor_user_id} ${e.entity_id}`) ?? 0) + 1);
    for (const [key, n] of load.reads) expectThat((readEntries.get(key) ?? 0) >= n, `${n} acknowledged reads of ${key}, ${readEntries.get(key) ?? 0} case.read entries`);

    const auditCount = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const head = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
    expectThat(Number(head.seq) === auditCount, `audit head at ${head.seq} for ${auditCount} entries`);
    const found =
      load.cases.filter((a) => byId.get(a.id)?.reference === a.reference).length +
      load.consents.filter((a) => consents.has(a.id)).length +
      load.referrals.filter((a) => refById.has(a.id)).length +
      [...load.reads].reduce((sum, [key, n]) => sum + Math.min(n, readEntries.get(key) ?? 0), 0);
    return { problems, found, counts: { cases: cases.length, consents: consents.size, referrals: referrals.length, audit: auditCount } };
  } finally {
    await handle.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`durability under SIGKILL [${dialect}]`, () => {
    const world: Partial<World> = {};
    let server: ServerProcess | null = null;

    afterAll(async () => {
      await server?.kill('SIGKILL');
      await killAllServers();
      await dropWorld(world);
    });

    it(`keeps every acknowledged write and only whole changes across ${KILLS} kill(s)`, { timeout: 120_000 + KILLS * 40_000 }, async () => {
      const started = Date.now();
      startTimes.length = 0;
      const rnd = prng(SEED + (dialect === 'postgres' ? 1 : 0));
      const w = await createWorld(dialect, world);

      server = await start(w);
      const signIn = async (email: string) => httpLogin(server!.url, email, PASSWORD);
      const [a1, a2, b1, admin] = await Promise.all(w.users.map((u) => signIn(u.email)));
      const service = await admin!.request(server.url, 'POST', '/api/v1/services', {
        name: 'Shelter for women', type: 'specialised_shelter', regions: ['MA-01', 'MA-06'], audience: 'adults', sexes: ['female'], languages: ['ar', 'fr'],
      });
      expect(service.status, JSON.stringify(service.body)).toBe(201);
      const clients: Signed[] = [
        { client: a1!, userId: w.users[0]!.id!, org: w.orgs.a },
        { client: a2!, userId: w.users[1]!.id!, org: w.orgs.a },
        { client: b1!, userId: w.users[2]!.id!, org: w.orgs.b },
      ];
      const clientOf = (org: string) => (org === w.orgs.a ? clients[0]! : clients[2]!);
      const load = new Load(rnd, clients, (service.body as { id: string }).id, w.orgs.shelter);

      const killedAfter: number[] = [];
      for (let phase = 1; phase <= KILLS; phase += 1) {
        if (phase > 1) {
          server = await start(w);
          // The sessions signed in before the first kill still work, and what was acknowledged just before the last
          // kill (the writes most at risk) reads back through the restarted server.
          const previous = phase - 1;
          const missing = await readBack(
            server.url,
            clientOf,
            load,
            load.cases.filter((c) => c.phase === previous).slice(-15),
            load.referrals.filter((r) => r.phase === previous).slice(-10),
          );
          expect(missing, `after kill ${previous} (seed ${SEED})`).toEqual([]);
        }
        load.begin(server.url, phase);
        // On a loaded machine a short phase may acknowledge nothing yet: let each phase get a case and (in the
        // first phase) a referral through before the random moment of the kill, so every run checks each kind.
        const until = Date.now() + 30_000;
        while (Date.now() < until && (load.cases.filter((c) => c.phase === phase).length < 1 || load.referrals.length < 1)) {
          await new Promise((r) => setTimeout(r, 50));
        }
        const delay = Math.round(KILL_AFTER_MS.min + rnd() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
        await new Promise((r) => setTimeout(r, delay));
        load.end();
        const gone = await server.kill('SIGKILL');
        expect(gone.signal, server.output()).toBe('SIGKILL');
        await load.settle();
        killedAfter.push(delay);
      }

      // Last restart: everything acknowledged reads back, and the server still registers (the next reference).
      server = await start(w);
      const missing = await readBack(server.url, clientOf, load, load.cases, load.referrals);
      expect(missing, `seed ${SEED}, kills after ${killedAfter.join(', ')} ms`).toEqual([]);
      const fresh = await a1!.request(server.url, 'POST', '/api/v1/cases', caseBody());
      expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
      load.cases.push({
        id: (fresh.body as { id: string }).id,
        reference: (fresh.body as { reference: string }).reference,
        personId: (fresh.body as { person: { id: string } }).person.id,
        familyName: (fresh.body as { person: { identity: { familyName: string } } }).person.identity.familyName,
        org: w.orgs.a,
        phase: KILLS + 1,
      });
      const t0 = Date.now();
      await server.stop();
      server = null;
      const stopMs = Date.now() - t0;

      const t1 = Date.now();
      const verify = await runCli(['audit', 'verify'], w.vars);
      const entries = Number(/Audit chain intact: (\d+) entries verified/.exec(verify.out)?.[1] ?? NaN);

      const db = await checkDatabase(w, load);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `SOAK durability db=${dialect} kills=${KILLS} seed=${SEED} acknowledged=${load.acknowledged} found=${db.found} ` +
          `(cases=${load.cases.length} consents=${load.consents.length} referrals=${load.referrals.length} reads=${load.acknowledged - load.cases.length - load.consents.length - load.referrals.length}) ` +
          `in_flight_at_kill=${load.unknown} stored(cases=${db.counts.cases} consents=${db.counts.consents} referrals=${db.counts.referrals}) ` +
          `audit=${verify.code === 0 ? 'verified' : 'BROKEN'} entries=${entries} problems=${load.problems.length + db.problems.length} seconds=${seconds} ` +
          `(starts=${startTimes.map((t) => (t / 1000).toFixed(1)).join('/')} s, stop=${(stopMs / 1000).toFixed(1)} s, kills_after=${killedAfter.join('/')} ms, verify+checks=${((Date.now() - t1) / 1000).toFixed(1)} s)`,
      );
      // The summary line first (the soak script records it), then the verdicts.
      expect(verify.code, verify.out).toBe(0);
      expect(load.problems, `seed ${SEED}`).toEqual([]);
      expect(db.problems, `seed ${SEED}`).toEqual([]);
      expect(db.found).toBe(load.acknowledged);
      expect(entries).toBe(db.counts.audit);
      // The test did what it says: writes of each kind were acknowledged, and the kills met requests in flight.
      expect(load.cases.length).toBeGreaterThan(KILLS);
      expect(load.referrals.length).toBeGreaterThan(0);
      expect(load.reads.size).toBeGreaterThan(0);
      expect(load.unknown).toBeGreaterThan(0);
    });
  });
}
