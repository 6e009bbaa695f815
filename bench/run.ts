/**
 * `npm run bench`: every benchmark of the platform on SQLite, and on PostgreSQL (a fresh schema) when
 * BENCH_POSTGRES_URL is set, each as a ratio to a baseline measured in the same run (so the goals hold on any
 * machine): the case list and searches at 1,000,000 against the same queries at 10,000 (with their plans in
 * bench/plans/), the authenticated case read against a bare Fastify route, the screening engine against a plain
 * loop, the commission dashboard against one grouped count, the CTDC export against a plain CSV dump, referral
 * flows against case reads by the same users, seeding against raw inserts of the same rows, the deadline sweep
 * against a plain indexed count. Results: bench/results/latest.md (one table per database) and latest.json.
 * BENCH_CASES overrides 1,000,000; BENCH_KEEP=1 keeps the databases; BENCH_DATABASES=sqlite (or postgres) measures
 * that database again and keeps the other's last results from latest.json.
 * With PostgreSQL, the candidate lookup of duplicate detection is measured last (bench/candidates.ts, also
 * `npm run bench:candidates` alone): keyed-token lookup against pg_trgm at BENCH_CASES persons.
 * BENCH_ONLY=read runs only the authenticated-read row, on SQLite and on PostgreSQL when BENCH_POSTGRES_URL is set.
 * BENCH_ONLY=commission runs only the commission part (at 10,000 cases, plus BENCH_CASES if larger) and
 * writes bench/results/commission-latest.md, leaving the full results alone.
 * BENCH_DB=/path/kept.sqlite (commission part only) uses that SQLite file and keeps it (keyring in
 * /path/kept.sqlite.d/): the first run seeds it (10,000 then up to BENCH_CASES), later runs find the cases
 * already there and only measure, at the size found — so 1,000,000 cases are seeded once, not every run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { loadConfig } from '../src/server/platform/config';
import { boot, type Booted } from '../src/server/platform/bootstrap';
import { buildApp } from '../src/server/app';
import { DEMO_PASSWORD, seedCases, seedDemoConfiguration } from '../src/server/seed/seed';
import { CompiledQuery, sql } from 'kysely';
import { loadCatalogue } from '../src/server/modules/screening/catalogue';
import { evaluateScreening, type Answers } from '../src/server/modules/screening/rules';
import { timelinesService } from '../src/server/modules/timelines/timelines.service';
import { referralThroughput, serviceSearch } from './referrals';
import { computeFigures } from '../src/server/modules/statistics/statistics.service';
import { exportsService } from '../src/server/modules/statistics/statistics.exports';
import type { Actor } from '../src/server/platform/context';
import { verifyAuditChain } from '../src/server/platform/audit';
import { openDatabase, queryObservers } from '../src/server/platform/db/database';

const LARGE = Number(process.env.BENCH_CASES ?? 1_000_000);
const SMALL = 10_000;
const keptDb = process.env.BENCH_DB ? path.resolve(process.env.BENCH_DB) : null;
const dir = keptDb ? `${keptDb}.d` : fs.mkdtempSync(path.join(os.tmpdir(), 'opennrm-bench-'));
if (keptDb) fs.mkdirSync(dir, { recursive: true });

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

type Timing = { p50: number; p95: number };

async function signIn(p: Booted, app: Awaited<ReturnType<typeof buildApp>>, email: string) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD } });
  const cookie = res.cookies.find((c) => c.name === 'opennrm_session')!;
  return { cookie: `opennrm_session=${cookie.value}`, csrf: res.json().csrfToken as string };
}

/** The case list's queries as the UI sends them: the first page, each filter, combinations, and the searches. */
const LIST_QUERIES = (names: string[]): Record<string, () => string> => ({
  'list (first page)': () => '/api/v1/cases?limit=25',
  'list filtered (status + form)': () => '/api/v1/cases?limit=25&status=active&form=forced_labour',
  'list filtered (region)': () => '/api/v1/cases?limit=25&regionCode=MA-06',
  'list filtered (sex + child)': () => '/api/v1/cases?limit=25&sex=female&child=true',
  'list filtered (stage)': () => '/api/v1/cases?limit=25&stage=assistance',
  'list filtered (assigned to me)': () => '/api/v1/cases?limit=25&assignedToMe=true',
  'search by name': () => `/api/v1/cases?limit=25&q=${encodeURIComponent(names[Math.floor(Math.random() * names.length)] ?? 'Fatima')}`,
  'search by reference': () => '/api/v1/cases?limit=25&q=NRM-2025-000042',
  'search by document number': () => '/api/v1/cases?limit=25&q=AB1234567',
});

async function listLatencies(p: Booted): Promise<Record<string, Timing>> {
  const app = await buildApp(p, { logger: false, serveWeb: false });
  const s = await signIn(p, app, 'association@opennrm.demo');
  const some = await app.inject({ method: 'GET', url: '/api/v1/cases?limit=50', headers: { cookie: s.cookie } });
  const names = (some.json().items as { displayName: string }[]).map((i) => i.displayName).slice(0, 10);
  const queries = LIST_QUERIES(names);
  const out: Record<string, Timing> = {};
  for (const [name, url] of Object.entries(queries)) {
    for (let i = 0; i < 5; i++) await app.inject({ method: 'GET', url: url(), headers: { cookie: s.cookie } });
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      const r = await app.inject({ method: 'GET', url: url(), headers: { cookie: s.cookie } });
      times.push(performance.now() - t);
      if (r.statusCode !== 200) throw new Error(`${name}: ${r.statusCode} ${r.body}`);
    }
    out[name] = { p50: pct(times, 50), p95: pct(times, 95) };
  }
  await app.close();
  return out;
}

async function cannon(url: string, headers: Record<string, string>) {
  const r = await autocannon({ url, headers, connections: 10, duration: 5, pipelining: 1 });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

async function readThroughput(p: Booted, rounds = 1) {
  const app = await buildApp(p, { logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const s = await signIn(p, app, 'association@opennrm.demo');
  const first = await app.inject({ method: 'GET', url: '/api/v1/cases?limit=1', headers: { cookie: s.cookie } });
  const id = first.json().items[0].id as string;
  const sample = await app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: { cookie: s.cookie } });
  const payload = sample.body;
  if (sample.statusCode !== 200) throw new Error(`GET /api/v1/cases/${id}: ${sample.statusCode} ${payload}`);

  const bare = Fastify({ logger: false });
  bare.get('/case', async (_req, reply) => reply.type('application/json').send(payload));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/case`;

  // Baseline and audited read alternate (one of each per round) so both see the same load on a shared machine;
  // the round with the median ratio is reported.
  const measured: { baseline: Awaited<ReturnType<typeof cannon>>; authenticatedRead: Awaited<ReturnType<typeof cannon>>; ratio: number }[] = [];
  for (let i = 0; i < rounds; i++) {
    const baseline = await cannon(bareUrl, {});
    const real = await cannon(`${base}/api/v1/cases/${id}`, { cookie: s.cookie });
    if (real.non2xx > 0) throw new Error(`${real.non2xx} audited reads did not answer 200`);
    measured.push({ baseline, authenticatedRead: real, ratio: real.rps / baseline.rps });
  }
  await bare.close();
  await app.close();
  const median = [...measured].sort((a, b) => a.ratio - b.ratio)[Math.floor(measured.length / 2)]!;
  return { payloadBytes: Buffer.byteLength(payload), ...median, rounds: measured.map((m) => Math.round(m.ratio * 1000) / 1000) };
}

/**
 * BENCH_ONLY=read: only the authenticated-read row, on SQLite and (BENCH_POSTGRES_URL) on PostgreSQL in a fresh
 * schema, BENCH_CASES cases (default 20,000 here), BENCH_READ_ROUNDS alternating rounds (default 3). Prints the
 * table and checks the audit chain after the load.
 */
async function readOnly() {
  const cases = Number(process.env.BENCH_CASES ?? 20_000);
  const rounds = Number(process.env.BENCH_READ_ROUNDS ?? 3);
  const targets: Database[] = process.env.BENCH_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const rows: string[] = [];
  for (const database of targets) {
    const { p, close } = await openTarget(database);
    try {
      await seedDemoConfiguration(p);
      const t = performance.now();
      await seedCases(p, { count: cases, batchSize: 2000 });
      console.log(`${database}: seeded ${cases} cases in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const read = await readThroughput(p, rounds);
      const verified = await verifyAuditChain(p.db);
      console.log(database, JSON.stringify(read), 'audit', JSON.stringify(verified));
      rows.push(
        `| ${database} | ${cases.toLocaleString('en')} | ${Math.round(read.baseline.rps)} | ${Math.round(read.authenticatedRead.rps)} (p50 ${read.authenticatedRead.p50} ms, p99 ${read.authenticatedRead.p99} ms, non-2xx ${read.authenticatedRead.non2xx}) | **${read.ratio.toFixed(3)}** | ${read.rounds.join(' / ')} | ${verified.ok ? `verified (${verified.checked} entries)` : `BROKEN at ${verified.firstBadSeq}: ${verified.reason}`} |`,
      );
    } finally {
      await close();
    }
  }
  clearInterval(sampler);
  await pgAdminClose();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`
Authenticated case read (session, need-to-know, decryption, audit) vs a bare Fastify route with the same payload; goal >= 0.35.
${new Date().toISOString()}; ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}; autocannon 10 connections, 5 s, ${rounds} alternating rounds (median shown).

| database | cases | bare route req/s | GET /api/v1/cases/:id req/s | ratio | ratio per round | audit chain after |
|---|---|---|---|---|---|---|
${rows.join('\n')}
`);
}

let admin: ReturnType<typeof openDatabase> | null = null;
const pgAdmin = () => (admin ??= openDatabase({ kind: 'postgres', url: process.env.BENCH_POSTGRES_URL! }, { poolSize: 1 })).db;
const pgAdminClose = async () => admin?.close();

/** Rules engine throughput vs a plain loop over the same answers (counting "yes"). */
function rulesThroughput() {
  const { catalogue } = loadCatalogue();
  const set = catalogue.sets.find((x) => x.code === 'adult_labour')!;
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const inputs: Answers[] = Array.from({ length: 2000 }, () => Object.fromEntries(set.indicators.map((i) => [i.id, rand() < 0.2 ? 'yes' : rand() < 0.5 ? 'no' : 'unknown'])));
  const N = 100_000;
  let t = performance.now();
  let sink = 0;
  for (let i = 0; i < N; i++) sink += evaluateScreening(catalogue, 'adult_labour', inputs[i % inputs.length]!).answered.yes;
  const engine = N / ((performance.now() - t) / 1000);
  t = performance.now();
  for (let i = 0; i < N; i++) for (const v of Object.values(inputs[i % inputs.length]!)) if (v === 'yes') sink -= 1;
  const baseline = N / ((performance.now() - t) / 1000);
  return { evaluationsPerSecond: Math.round(engine), baselinePerSecond: Math.round(baseline), ratio: engine / baseline, check: sink };
}

/** One open deadline per case, due between 30 days ago and 30 days ahead; the sweep vs a plain indexed scan. */
async function deadlineSweep(p: Booted, database: Database = 'sqlite') {
  if (database === 'sqlite') {
    await sql`INSERT INTO tasks (id, case_id, rule, status, assignee_org_id, assignee_user_id, due_at, remind_at, version, created_at)
      SELECT lower(hex(randomblob(16))), id, 'recovery_reflection', 'open', managing_org_id, assigned_user_id,
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (abs(random()) % 60 - 30) || ' days'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (abs(random()) % 60 - 35) || ' days'),
        1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM cases`.execute(p.db);
  } else {
    const iso = (days: string) => sql.raw(`to_char((now() AT TIME ZONE 'UTC') + (${days}) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    await sql`INSERT INTO tasks (id, case_id, rule, status, assignee_org_id, assignee_user_id, due_at, remind_at, version, created_at)
      SELECT gen_random_uuid()::text, id, 'recovery_reflection', 'open', managing_org_id, assigned_user_id,
        ${iso('floor(random() * 60) - 30')}, ${iso('floor(random() * 60) - 35')}, 1, ${iso('0')} FROM cases`.execute(p.db);
  }
  const now = new Date().toISOString();
  let t = performance.now();
  const scan = await sql<{ due: number; remind: number }>`SELECT
      (SELECT COUNT(*) FROM tasks WHERE status = 'open' AND due_at < ${now}) AS due,
      (SELECT COUNT(*) FROM tasks WHERE status = 'open' AND remind_at <= ${now} AND due_at > ${now}) AS remind`.execute(p.db);
  const scanMs = performance.now() - t;
  const rssBefore = process.memoryUsage().rss;
  t = performance.now();
  const first = await timelinesService.sweep(p, now);
  const catchUpMs = performance.now() - t;
  const rssAfter = process.memoryUsage().rss;
  t = performance.now();
  const steady = await timelinesService.sweep(p, now);
  const steadyMs = performance.now() - t;
  return {
    openTasks: Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM tasks`.execute(p.db)).rows[0]!.n),
    dueFound: Number(scan.rows[0]!.due),
    plainScanMs: scanMs,
    catchUpSweep: { ms: catchUpMs, reminded: first.reminded, escalated: first.escalated, rssDeltaMiB: Math.round((rssAfter - rssBefore) / 2 ** 20) },
    steadySweep: { ms: steadyMs, reminded: steady.reminded, escalated: steady.escalated },
    steadyVsScanRatio: steadyMs / scanMs,
  };
}

/** The full dashboard of the busiest complete year vs one grouped count of the same year's cases. */
async function commissionDashboard(p: Booted) {
  const year = 2025;
  const runs = 5;
  // The two are timed alternately (one of each per round), so that both see the same load on a shared machine.
  const dashboard = () => p.db.transaction().execute((trx) => computeFigures(p, trx, year, 'trafficking'));
  const count = () => sql`SELECT identification_status, COUNT(*) AS n FROM cases WHERE identified_on >= ${`${year}-01-01`} AND identified_on <= ${`${year}-12-31`} GROUP BY 1`.execute(p.db);
  await dashboard();
  await count();
  const ds: number[] = [];
  const cs: number[] = [];
  const load = os.loadavg()[0]!;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await dashboard();
    ds.push(performance.now() - t);
    t = performance.now();
    await count();
    cs.push(performance.now() - t);
  }
  const dashboardMs = pct(ds, 50);
  const countMs = pct(cs, 50);
  const analyst: Actor = { userId: 'bench', organisationId: 'bench', displayName: 'bench', roles: new Set(['commission_analyst']), language: 'fr', ip: null };
  const rssBefore = process.memoryUsage().rss;
  const t = performance.now();
  const file = await p.db.transaction().execute((trx) => exportsService.ctdc(p, trx, analyst, { year, format: 'csv' }));
  const exportSeconds = (performance.now() - t) / 1000;
  const rows = String(file.body).split('\r\n').length - 2;
  const [{ n: records } = { n: 0 }] = (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM cases WHERE identified_on >= ${`${year}-01-01`} AND identified_on <= ${`${year}-12-31`} AND situation_type = 'trafficking' AND identification_status IN ('presumed', 'identified')`.execute(p.db)).rows;
  return {
    year, dashboardMs, groupedCountMs: countMs, ratio: dashboardMs / countMs, loadAverage: Math.round(((load + os.loadavg()[0]!) / 2) * 10) / 10,
    ctdcExport: { records: Number(records), releasedRows: rows, seconds: exportSeconds, recordsPerSecond: Math.round(Number(records) / exportSeconds), rssDeltaMiB: Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20) },
  };
}

async function commissionOnly() {
  const config = loadConfig({ ...process.env, OPENNRM_DATA_DIR: dir, OPENNRM_MODE: 'test', LOG_LEVEL: 'silent', DATABASE_URL: keptDb ? `sqlite:${keptDb}` : '' });
  const p = await boot(config, () => undefined);
  await seedDemoConfiguration(p);
  const casesNow = async () => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM cases`.execute(p.db)).rows[0]!.n);
  const out: Record<number, Awaited<ReturnType<typeof commissionDashboard>>> = {};
  const existing = await casesNow();
  if (existing === 0) {
    await seedCases(p, { count: SMALL, batchSize: 2000 });
    out[SMALL] = await commissionDashboard(p);
  } else console.log(`reusing ${keptDb ?? dir}: ${existing.toLocaleString('en')} cases`);
  const have = await casesNow();
  if (LARGE > have) {
    await seedCases(p, {
      count: LARGE - have,
      seed: 99,
      batchSize: 5000,
      onProgress: (d, n) => d % 100_000 < 5000 && process.stdout.write(`\rseeding ${d.toLocaleString('en')} / ${n.toLocaleString('en')}`),
    });
    process.stdout.write('\n');
  }
  if (LARGE > SMALL || existing > 0) out[await casesNow()] = await commissionDashboard(p);
  clearInterval(sampler);
  await p.close();
  if (keptDb) console.log(`kept the benchmark database ${keptDb}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  const md = `# Commission statistics benchmark (${new Date().toISOString().slice(0, 10)})

Machine: ${os.cpus().length} cores, node ${process.version}; SQLite; shared machine (other work running). Year ${Object.values(out)[0]!.year}, trafficking.

| cases | full dashboard ms (p50 of 5) | one grouped count ms (p50 of 5, timed alternately) | ratio | load average (2 cores) | CTDC export: records, rows released, records/s, RSS +MiB |
|---|---|---|---|---|---|
${Object.entries(out).map(([n, r]) => `| ${Number(n).toLocaleString('en')} | ${r.dashboardMs.toFixed(1)} | ${r.groupedCountMs.toFixed(2)} | ${r.ratio.toFixed(1)} | ${r.loadAverage} | ${r.ctdcExport.records.toLocaleString('en')}, ${r.ctdcExport.releasedRows.toLocaleString('en')}, ${r.ctdcExport.recordsPerSecond.toLocaleString('en')}, ${r.ctdcExport.rssDeltaMiB} |`).join('\n')}
`;
  fs.writeFileSync('bench/results/commission-latest.md', md);
  console.log(md);
}

type Database = 'sqlite' | 'postgres';
/** One row of bench/results/latest.json: a measured ratio against its baseline in the same run, and its goal. */
type Result = { database: Database; benchmark: string; ratio: number; goal: string; met: boolean; note: string };

const meets = (ratio: number, goal: string) => {
  const [op, v] = goal.split(' ') as ['<=' | '>=', string];
  return op === '<=' ? ratio <= Number(v) : ratio >= Number(v);
};

/** A platform on a fresh database: SQLite in a temporary directory, PostgreSQL in a schema of its own. */
async function openTarget(database: Database) {
  let databaseUrl = '';
  let schema: string | null = null;
  if (database === 'postgres') {
    schema = `bench_${Date.now().toString(36)}`;
    await sql`CREATE SCHEMA ${sql.raw(schema)}`.execute(pgAdmin());
    const url = new URL(process.env.BENCH_POSTGRES_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
  }
  const config = loadConfig({ ...process.env, OPENNRM_DATA_DIR: path.join(dir, database), OPENNRM_MODE: 'test', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, OPENNRM_LOGIN_RATE_PER_MINUTE: '10000' });
  const p = await boot(config, () => undefined);
  const sizeMiB = async () => {
    if (config.database.kind === 'sqlite') return Math.round(fs.statSync(config.database.file).size / 2 ** 20);
    const r = await sql<{ n: string }>`SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS n FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = ${schema} AND c.relkind = 'r'`.execute(p.db);
    return Math.round(Number(r.rows[0]!.n) / 2 ** 20);
  };
  const close = async () => {
    await p.close();
    if (schema && !process.env.BENCH_KEEP) await sql`DROP SCHEMA ${sql.raw(schema)} CASCADE`.execute(pgAdmin());
  };
  return { p, sizeMiB, close, schema };
}

/**
 * The plan of every statement the case list runs for each benchmark query, written to bench/plans/<database>/:
 * a change that loses an index shows in review. Returns, per query, whether a plan scans the cases or persons table.
 */
async function listPlans(p: Booted, database: Database, queries: Record<string, () => string>, cookie: string) {
  const app = await buildApp(p, { logger: false, serveWeb: false });
  const out: Record<string, { scansCases: boolean; statements: number }> = {};
  fs.mkdirSync(`bench/plans/${database}`, { recursive: true });
  for (const [name, url] of Object.entries(queries)) {
    const seen: { text: string; parameters: readonly unknown[] }[] = [];
    const observer = (text: string, parameters: readonly unknown[]) => void seen.push({ text, parameters });
    queryObservers.add(observer);
    const r = await app.inject({ method: 'GET', url: url(), headers: { cookie } });
    queryObservers.delete(observer);
    if (r.statusCode !== 200) throw new Error(`${name}: ${r.statusCode}`);
    const lines: string[] = [`# ${name}: GET ${url()}`, `# ${database}, ${(await p.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n} cases`, ''];
    let scansCases = false;
    let statements = 0;
    for (const q of seen.filter((x) => /from "cases"|join "cases"/i.test(x.text))) {
      statements += 1;
      const explain = database === 'sqlite' ? `EXPLAIN QUERY PLAN ${q.text}` : `EXPLAIN ${q.text}`;
      const plan = (await p.db.executeQuery(CompiledQuery.raw(explain, [...q.parameters]))).rows as Record<string, unknown>[];
      const text = database === 'sqlite' ? plan.map((row) => String(row.detail)) : plan.map((row) => String(row['QUERY PLAN']));
      // A full scan of the cases or persons table: SQLite "SCAN c" without an index, PostgreSQL "Seq Scan on cases".
      if (text.some((t) => (database === 'sqlite' ? /^SCAN (cases|c|persons|p)\b(?! USING)/.test(t.trim()) : /Seq Scan on (cases|persons)/.test(t)))) scansCases = true;
      lines.push(q.text.replace(/\s+/g, ' '), '', ...text.map((t) => `    ${t}`), '');
    }
    fs.writeFileSync(`bench/plans/${database}/${name.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '')}.txt`, lines.join('\n'));
    out[name] = { scansCases, statements };
  }
  await app.close();
  return out;
}

/**
 * The seeding baseline: the same case and person rows (already built and encrypted) inserted again by the
 * driver, in multi-row statements within one transaction, into empty copies of the two tables.
 */
async function rawInsertBaseline(p: Booted, n = 20_000) {
  const cases = await p.db.selectFrom('cases').selectAll().limit(n).execute();
  const persons = await p.db.selectFrom('persons').selectAll().where('id', 'in', p.db.selectFrom('cases').select('person_id').limit(n)).execute();
  for (const t of ['cases', 'persons']) {
    await sql`DROP TABLE IF EXISTS ${sql.raw(`bench_copy_${t}`)}`.execute(p.db);
    await sql`CREATE TABLE ${sql.raw(`bench_copy_${t}`)} AS SELECT * FROM ${sql.raw(t)} WHERE 1 = 0`.execute(p.db);
  }
  const t0 = performance.now();
  await p.db.transaction().execute(async (trx) => {
    const insert = async (table: string, rows: Record<string, unknown>[]) => {
      const per = Math.floor(30_000 / Math.max(1, Object.keys(rows[0] ?? { a: 1 }).length));
      for (let i = 0; i < rows.length; i += per) await trx.insertInto(table as 'cases').values(rows.slice(i, i + per) as never).execute();
    };
    await insert('bench_copy_persons', persons);
    await insert('bench_copy_cases', cases);
  });
  const seconds = (performance.now() - t0) / 1000;
  for (const t of ['cases', 'persons']) await sql`DROP TABLE ${sql.raw(`bench_copy_${t}`)}`.execute(p.db);
  return { rows: cases.length, casesPerSecond: cases.length / seconds };
}

/** The CTDC export's baseline: the same year's case rows read and written out as plain CSV. */
async function plainCsvDump(p: Booted, year: number) {
  const t0 = performance.now();
  const rows = await p.db
    .selectFrom('cases')
    .select(['id', 'reference', 'situation_type', 'identification_status', 'identified_on', 'identification_channel', 'managing_org_id'])
    .where('identified_on', '>=', `${year}-01-01`)
    .where('identified_on', '<=', `${year}-12-31`)
    .where('situation_type', '=', 'trafficking')
    .where('identification_status', 'in', ['presumed', 'identified'])
    .execute();
  const csv = rows.map((r) => Object.values(r).join(',')).join('\r\n');
  return { rows: rows.length, seconds: (performance.now() - t0) / 1000, bytes: csv.length };
}

async function runDatabase(database: Database) {
  const { p, sizeMiB, close } = await openTarget(database);
  peakRss = process.memoryUsage().rss;
  const out: Result[] = [];
  const details: string[] = [];
  const add = (benchmark: string, ratio: number, goal: string, note: string) => out.push({ database, benchmark, ratio: Math.round(ratio * 1000) / 1000, goal, met: meets(ratio, goal), note });
  try {
    await seedDemoConfiguration(p);
    let t = performance.now();
    await seedCases(p, { count: SMALL, batchSize: 2000 });
    const smallSeconds = (performance.now() - t) / 1000;
    console.log(`${database}: seeded ${SMALL} cases in ${smallSeconds.toFixed(1)} s`);
    const at10k = await listLatencies(p);
    t = performance.now();
    await seedCases(p, {
      count: LARGE - SMALL,
      seed: 99,
      // 2,500 cases a transaction: 5,000 took PostgreSQL's seeding past 500 MiB of RSS (527 MiB on 2026-12-07).
      batchSize: 2500,
      onProgress: (d, n) => d % 100_000 < 5000 && process.stdout.write(`\r${database}: seeding ${d.toLocaleString('en')} / ${n.toLocaleString('en')}`),
    });
    const largeSeconds = (performance.now() - t) / 1000;
    const seedPeak = peakRss;
    console.log(`\n${database}: seeded ${LARGE - SMALL} more cases in ${largeSeconds.toFixed(1)} s, peak RSS ${Math.round(seedPeak / 2 ** 20)} MiB`);
    const atLarge = await listLatencies(p);
    const app = await buildApp(p, { logger: false, serveWeb: false });
    const session = await signIn(p, app, 'association@opennrm.demo');
    await app.close();
    const plans = await listPlans(p, database, LIST_QUERIES(['Fatima']), session.cookie);
    for (const k of Object.keys(at10k)) {
      const plan = plans[k];
      add(`list/search p95: ${k}`, atLarge[k]!.p95 / at10k[k]!.p95, '<= 1.5',
        `p95 ${at10k[k]!.p95.toFixed(1)} ms at 10k, ${atLarge[k]!.p95.toFixed(1)} ms at ${LARGE.toLocaleString('en')}; ${plan ? (plan.scansCases ? 'a plan scans the cases or persons table' : `${plan.statements} statements, each on an index`) : 'no plan'}`);
    }
    const read = await readThroughput(p, 3);
    add('authenticated case read', read.ratio, '>= 0.35', `${Math.round(read.authenticatedRead.rps)} vs ${Math.round(read.baseline.rps)} req/s (bare Fastify, same ${read.payloadBytes}-byte payload); rounds ${read.rounds.join(' / ')}`);
    const rules = rulesThroughput();
    add('screening rules engine', rules.ratio, '>= 0.25', `${rules.evaluationsPerSecond.toLocaleString('en')} evaluations/s with explanation vs ${rules.baselinePerSecond.toLocaleString('en')}/s plain loop`);
    const commission = await commissionDashboard(p);
    add('commission dashboard', commission.ratio, '<= 1.5', `${commission.dashboardMs.toFixed(0)} ms vs ${commission.groupedCountMs.toFixed(1)} ms for one grouped count (year ${commission.year})`);
    const dump = await plainCsvDump(p, commission.year);
    add('CTDC export time', commission.ctdcExport.seconds / dump.seconds, '<= 3', `${commission.ctdcExport.records.toLocaleString('en')} records in ${commission.ctdcExport.seconds.toFixed(1)} s vs a plain CSV dump of the same rows in ${dump.seconds.toFixed(2)} s`);
    add('CTDC export memory (RSS growth / 64 MiB)', Math.max(0, commission.ctdcExport.rssDeltaMiB) / 64, '<= 1', `RSS +${commission.ctdcExport.rssDeltaMiB} MiB`);
    const services = await serviceSearch(p);
    details.push(`Service directory (${services.services.toLocaleString('en')} services), p50 / p95 ms: ${Object.entries(services.queries).map(([k, v]) => `${k} ${v.p50.toFixed(1)} / ${v.p95.toFixed(1)}`).join('; ')}.`);
    const referrals = await referralThroughput(p);
    add('referral created -> accepted, 50 users over HTTP', referrals.ratio as number, '>= 0.5',
      `${Math.round(referrals.flowsPerSecond as number)} flows/s vs ${Math.round(referrals.caseReadsPerSecond as number)} case reads/s; p95 ${((referrals.creationToAcceptanceMs as Timing).p95).toFixed(0)} ms; ${referrals.failed as number} failed`);
    const raw = await rawInsertBaseline(p);
    const seedRate = LARGE / (smallSeconds + largeSeconds);
    add('seeding with encryption', seedRate / raw.casesPerSecond, '>= 0.3', `${Math.round(seedRate).toLocaleString('en')} cases/s (every table, encrypted) vs ${Math.round(raw.casesPerSecond).toLocaleString('en')} case+person rows/s inserted raw; database ${await sizeMiB()} MiB`);
    add('seeding peak RSS (/ 500 MiB)', seedPeak / 2 ** 20 / 500, '<= 1', `peak RSS ${Math.round(seedPeak / 2 ** 20)} MiB while seeding`);
    const deadlines = await deadlineSweep(p, database);
    add('deadline sweep catch-up', deadlines.catchUpSweep.ms / deadlines.plainScanMs, '<= 2',
      `${deadlines.openTasks.toLocaleString('en')} open tasks: ${deadlines.catchUpSweep.reminded.toLocaleString('en')} reminders and ${deadlines.catchUpSweep.escalated.toLocaleString('en')} escalations (each a notification) in ${(deadlines.catchUpSweep.ms / 1000).toFixed(1)} s vs ${deadlines.plainScanMs.toFixed(0)} ms for the plain indexed count; steady sweep ${deadlines.steadySweep.ms.toFixed(1)} ms`);
    const verified = await verifyAuditChain(p.db);
    details.push(`Audit chain after the runs: ${verified.ok ? `verified, ${verified.checked.toLocaleString('en')} entries` : `BROKEN at ${verified.firstBadSeq}: ${verified.reason}`}.`);
    if (!verified.ok) throw new Error('the audit chain does not verify after the benchmark');
  } finally {
    await close();
  }
  return { results: out, details };
}

/**
 * Each database is measured in a process of its own (BENCH_DATABASE=sqlite|postgres, results to BENCH_OUT), so
 * that memory figures such as the seeding's peak RSS are that database's alone; this process gathers them.
 */
async function main() {
  if (process.env.BENCH_DATABASE) {
    const r = await runDatabase(process.env.BENCH_DATABASE as Database);
    fs.writeFileSync(process.env.BENCH_OUT!, JSON.stringify(r));
    clearInterval(sampler);
    await pgAdminClose();
    return;
  }
  // BENCH_DATABASES=sqlite (or postgres) measures one database again and keeps the other's last results.
  const targets: Database[] = process.env.BENCH_DATABASES
    ? (process.env.BENCH_DATABASES.split(',') as Database[])
    : process.env.BENCH_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  type Measured = { results: Result[]; details: string[]; date: string; cases: number };
  const byDatabase: Partial<Record<Database, Measured>> = {};
  if (process.env.BENCH_DATABASES && fs.existsSync('bench/results/latest.json')) {
    const previous = JSON.parse(fs.readFileSync('bench/results/latest.json', 'utf8')) as { databases?: Partial<Record<Database, Measured>> };
    Object.assign(byDatabase, previous.databases ?? {});
  }
  for (const database of targets) {
    const file = path.join(dir, `${database}.json`);
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], { stdio: 'inherit', env: { ...process.env, BENCH_DATABASE: database, BENCH_OUT: file } });
    if (child.status !== 0) throw new Error(`the ${database} benchmark failed (exit ${child.status})`);
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as { results: Result[]; details: string[] };
    byDatabase[database] = { ...r, date: new Date().toISOString(), cases: LARGE };
  }
  clearInterval(sampler);
  await pgAdminClose();
  if (process.env.BENCH_KEEP) console.log(`kept the benchmark databases in ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  const measured = (['sqlite', 'postgres'] as const).filter((d) => byDatabase[d]);
  const all = measured.flatMap((d) => byDatabase[d]!.results);
  const details = Object.fromEntries(measured.map((d) => [d, byDatabase[d]!.details]));
  const date = new Date().toISOString();
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  const cases = Math.min(...measured.map((d) => byDatabase[d]!.cases));
  fs.writeFileSync('bench/results/latest.json', JSON.stringify({ cases, date, machine, results: all, databases: byDatabase }, null, 2) + '\n');
  fs.writeFileSync(`bench/results/${date.slice(0, 10)}.json`, JSON.stringify({ cases, date, machine, results: all, databases: byDatabase }, null, 2) + '\n');
  const table = (database: Database) => `## ${database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (${byDatabase[database]!.cases.toLocaleString('en')} cases, measured ${byDatabase[database]!.date.slice(0, 16).replace('T', ' ')} UTC)

| benchmark | ratio | goal | met | measured (baseline in the same run) |
|---|---|---|---|---|
${all.filter((r) => r.database === database).map((r) => `| ${r.benchmark} | ${r.ratio} | ${r.goal} | ${r.met ? 'yes' : '**no**'} | ${r.note} |`).join('\n')}

${details[database]!.join('\n\n')}
`;
  const md = `# Benchmark results (${date.slice(0, 10)})

${cases.toLocaleString('en')} cases (BENCH_CASES); machine: ${machine}; load average at the end ${os.loadavg()[0]!.toFixed(1)}. Each ratio compares
a measurement with its baseline taken in the same run (\`npm run bench\`; PostgreSQL when BENCH_POSTGRES_URL is set).
The plans of the case list's queries are in bench/plans/.

${measured.map(table).join('\n')}`;
  fs.writeFileSync('bench/results/latest.md', md);
  console.log(md);
  // Candidate lookup for duplicate detection (PostgreSQL only: its baseline is pg_trgm): bench/candidates.ts.
  if (targets.includes('postgres')) {
    const child = spawnSync(process.execPath, [...process.execArgv, path.join(import.meta.dirname, 'candidates.ts')], { stdio: 'inherit', env: { ...process.env, BENCH_PERSONS: String(LARGE) } });
    if (child.status !== 0) throw new Error(`the candidate lookup benchmark failed (exit ${child.status})`);
  }
}

(process.env.BENCH_ONLY === 'commission' ? commissionOnly() : process.env.BENCH_ONLY === 'read' ? readOnly() : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
