/**
 * `npm run bench`: seeds 10,000 then 1,000,000 cases (SQLite, embedded default) and measures
 *  - case list/search latency p50/p95 at 10k and at 1M (the ratio shows how cost grows with size);
 *  - authenticated case read (decryption + audit) throughput vs a bare Fastify route returning a payload
 *    of the same size, same process, same run (ratio);
 *  - seed speed (cases/s) and peak memory;
 *  - the commission dashboard (every breakdown, disclosure control) vs one grouped SQL count over the same
 *    year in the same run (ratio), and the k-anonymised CTDC export (rows/s, memory).
 * BENCH_ONLY=read runs only the authenticated-read row, on SQLite and on PostgreSQL when BENCH_POSTGRES_URL is set.
 * BENCH_ONLY=commission runs only the commission part (at 10,000 cases, plus BENCH_CASES if larger) and
 * writes bench/results/commission-latest.md, leaving the full results alone.
 * Results go to bench/results/<date>.json and bench/results/latest.md. BENCH_CASES overrides 1,000,000;
 * BENCH_KEEP=1 keeps the database for inspection.
 * BENCH_DB=/path/kept.sqlite (commission part only) uses that SQLite file and keeps it (keyring in
 * /path/kept.sqlite.d/): the first run seeds it (10,000 then up to BENCH_CASES), later runs find the cases
 * already there and only measure, at the size found — so 1,000,000 cases are seeded once, not every run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { loadConfig } from '../src/server/platform/config';
import { boot, type Booted } from '../src/server/platform/bootstrap';
import { buildApp } from '../src/server/app';
import { DEMO_PASSWORD, seedCases, seedDemoConfiguration } from '../src/server/seed/seed';
import { sql } from 'kysely';
import { loadCatalogue } from '../src/server/modules/screening/catalogue';
import { evaluateScreening, type Answers } from '../src/server/modules/screening/rules';
import { timelinesService } from '../src/server/modules/timelines/timelines.service';
import { referralThroughput, serviceSearch } from './referrals';
import { computeFigures } from '../src/server/modules/statistics/statistics.service';
import { exportsService } from '../src/server/modules/statistics/statistics.exports';
import type { Actor } from '../src/server/platform/context';
import { verifyAuditChain } from '../src/server/platform/audit';
import { openDatabase } from '../src/server/platform/db/database';

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

async function listLatencies(p: Booted): Promise<Record<string, Timing>> {
  const app = await buildApp(p, { logger: false, serveWeb: false });
  const s = await signIn(p, app, 'association@opennrm.demo');
  const some = await app.inject({ method: 'GET', url: '/api/v1/cases?limit=50', headers: { cookie: s.cookie } });
  const names = (some.json().items as { displayName: string }[]).map((i) => i.displayName).slice(0, 10);
  const queries: Record<string, () => string> = {
    'list (first page)': () => '/api/v1/cases?limit=25',
    'list filtered (status + form)': () => '/api/v1/cases?limit=25&status=active&form=forced_labour',
    'list filtered (region)': () => '/api/v1/cases?limit=25&regionCode=MA-06',
    'search by name': () => `/api/v1/cases?limit=25&q=${encodeURIComponent(names[Math.floor(Math.random() * names.length)] ?? 'Fatima')}`,
    'search by reference': () => '/api/v1/cases?limit=25&q=NRM-2025-000042',
  };
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
  const targets: ('sqlite' | 'postgres')[] = process.env.BENCH_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const rows: string[] = [];
  for (const database of targets) {
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
      await p.close();
      if (schema) await sql`DROP SCHEMA ${sql.raw(schema)} CASCADE`.execute(pgAdmin());
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
async function deadlineSweep(p: Booted) {
  await sql`INSERT INTO tasks (id, case_id, rule, status, assignee_org_id, assignee_user_id, due_at, remind_at, version, created_at)
    SELECT lower(hex(randomblob(16))), id, 'recovery_reflection', 'open', managing_org_id, assigned_user_id,
      strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (abs(random()) % 60 - 30) || ' days'),
      strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (abs(random()) % 60 - 35) || ' days'),
      1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM cases`.execute(p.db);
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

async function main() {
  const config = loadConfig({ ...process.env, OPENNRM_DATA_DIR: dir, OPENNRM_MODE: 'test', LOG_LEVEL: 'silent', DATABASE_URL: '', OPENNRM_LOGIN_RATE_PER_MINUTE: '10000' });
  const p = await boot(config, () => undefined);
  await seedDemoConfiguration(p);
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`, database: 'sqlite' };

  let t = performance.now();
  await seedCases(p, { count: SMALL, batchSize: 2000 });
  const smallSeconds = (performance.now() - t) / 1000;
  console.log(`seeded ${SMALL} cases in ${smallSeconds.toFixed(1)} s`);
  const at10k = await listLatencies(p);
  console.log('list/search at 10k', at10k);

  t = performance.now();
  await seedCases(p, {
    count: LARGE - SMALL,
    seed: 99,
    batchSize: 5000,
    onProgress: (d, n) => d % 100_000 < 5000 && process.stdout.write(`\rseeding ${d.toLocaleString('en')} / ${n.toLocaleString('en')}`),
  });
  const largeSeconds = (performance.now() - t) / 1000;
  console.log(`\nseeded ${LARGE - SMALL} more cases in ${largeSeconds.toFixed(1)} s`);
  const atLarge = await listLatencies(p);
  console.log(`list/search at ${LARGE}`, atLarge);
  const read = await readThroughput(p);
  console.log('read throughput', read);
  const rules = rulesThroughput();
  console.log('rules engine', rules);
  const deadlines = await deadlineSweep(p);
  console.log('deadlines', deadlines);
  const services = await serviceSearch(p);
  console.log('service search', services);
  const referrals = await referralThroughput(p);
  console.log('referrals', referrals);
  const commission = await commissionDashboard(p);
  console.log('commission', commission);

  results.seed = {
    cases: LARGE,
    seconds: smallSeconds + largeSeconds,
    casesPerSecond: Math.round(LARGE / (smallSeconds + largeSeconds)),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    databaseMiB: Math.round(fs.statSync(config.database.kind === 'sqlite' ? config.database.file : '').size / 2 ** 20),
  };
  results.list = Object.fromEntries(
    Object.keys(at10k).map((k) => [k, { at10k: at10k[k], atLarge: atLarge[k], p50Ratio: atLarge[k]!.p50 / at10k[k]!.p50, p95Ratio: atLarge[k]!.p95 / at10k[k]!.p95 }]),
  );
  results.read = read;
  results.rules = rules;
  results.deadlines = deadlines;
  results.services = services;
  results.referrals = referrals;
  results.commission = commission;
  clearInterval(sampler);
  await p.close();
  if (process.env.BENCH_KEEP) console.log(`kept the benchmark database in ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });

  const stamp = new Date().toISOString().slice(0, 10);
  fs.writeFileSync(`bench/results/${stamp}.json`, JSON.stringify(results, null, 2));
  const f = (n: number) => n.toFixed(1);
  const rows = Object.entries(results.list as Record<string, { at10k: Timing; atLarge: Timing; p50Ratio: number; p95Ratio: number }>)
    .map(([k, v]) => `| ${k} | ${f(v.at10k.p50)} / ${f(v.at10k.p95)} | ${f(v.atLarge.p50)} / ${f(v.atLarge.p95)} | ${v.p50Ratio.toFixed(2)} / ${v.p95Ratio.toFixed(2)} |`)
    .join('\n');
  const seed = results.seed as { casesPerSecond: number; peakRssMiB: number; seconds: number; databaseMiB: number };
  const md = `# Benchmark results (${stamp})

Machine: ${results.machine as string}; database: SQLite (embedded default), in-process requests.

## Case list and search latency (ms, p50 / p95)

| query | 10,000 cases | ${LARGE.toLocaleString('en')} cases | ratio large/10k |
|---|---|---|---|
${rows}

## Authenticated case read vs bare Fastify (same payload, ${read.payloadBytes} bytes; autocannon, 10 connections, 5 s)

| route | req/s | p50 ms | p99 ms |
|---|---|---|---|
| bare Fastify route | ${Math.round(read.baseline.rps)} | ${read.baseline.p50} | ${read.baseline.p99} |
| GET /api/v1/cases/:id (session, need-to-know query, decryption, audit write) | ${Math.round(read.authenticatedRead.rps)} | ${read.authenticatedRead.p50} | ${read.authenticatedRead.p99} |
| **ratio** | **${read.ratio.toFixed(3)}** | | |

## Screening rules engine (adult labour set, 67 indicators, random answers)

${rules.evaluationsPerSecond.toLocaleString('en')} evaluations/s (with explanation) vs ${rules.baselinePerSecond.toLocaleString('en')}/s for a plain loop counting "yes" over the same answers: ratio ${rules.ratio.toFixed(3)}.

## Deadlines: ${deadlines.openTasks.toLocaleString('en')} open tasks (one per case)

| what | ms |
|---|---|
| plain indexed scan: count due and to-remind tasks | ${deadlines.plainScanMs.toFixed(1)} |
| first sweep (catch-up: ${deadlines.catchUpSweep.reminded.toLocaleString('en')} reminders, ${deadlines.catchUpSweep.escalated.toLocaleString('en')} escalations with notifications; RSS +${deadlines.catchUpSweep.rssDeltaMiB} MiB) | ${deadlines.catchUpSweep.ms.toFixed(0)} |
| steady sweep (nothing newly due), the every-minute case | ${deadlines.steadySweep.ms.toFixed(1)} (ratio to the plain scan ${deadlines.steadyVsScanRatio.toFixed(2)}) |

## Service directory: ${services.services.toLocaleString('en')} services, ${LARGE.toLocaleString('en')} cases (ms, p50 / p95; ratio of p50 to the case list's first page, ${f(services.baseline.p50)} ms)

| search | p50 / p95 | ratio |
|---|---|---|
${Object.entries(services.queries).map(([k, v]) => `| ${k} | ${f(v.p50)} / ${f(v.p95)} | ${v.ratio.toFixed(2)} |`).join('\n')}

## Referral creation to acceptance, 50 concurrent users over HTTP (25 senders, 25 receivers, ${referrals.seconds as number} s)

| what | per second |
|---|---|
| the same 50 users reading a case (GET /api/v1/cases/:id) | ${Math.round(referrals.caseReadsPerSecond as number)} |
| referrals created and accepted (two writes each: referral, grant, deadline, notification, audit) | ${Math.round(referrals.flowsPerSecond as number)} |
| **ratio** | **${(referrals.ratio as number).toFixed(3)}** |

Creation to acceptance: p50 ${f((referrals.creationToAcceptanceMs as Timing).p50)} ms, p95 ${f((referrals.creationToAcceptanceMs as Timing).p95)} ms; ${referrals.flows as number} flows, ${referrals.failed as number} failed.
## Commission dashboard (year ${commission.year}, every breakdown with disclosure control) vs one grouped count

${commission.dashboardMs.toFixed(1)} ms vs ${commission.groupedCountMs.toFixed(2)} ms: ratio ${commission.ratio.toFixed(1)}. k-anonymised CTDC export of ${commission.ctdcExport.records.toLocaleString('en')} records: ${commission.ctdcExport.recordsPerSecond.toLocaleString('en')} records/s, RSS +${commission.ctdcExport.rssDeltaMiB} MiB.

## Seeding

${LARGE.toLocaleString('en')} cases in ${seed.seconds.toFixed(0)} s: **${seed.casesPerSecond.toLocaleString('en')} cases/s**; peak RSS ${seed.peakRssMiB} MiB; database ${seed.databaseMiB} MiB.
`;
  fs.writeFileSync('bench/results/latest.md', md);
  console.log(md);
}

(process.env.BENCH_ONLY === 'commission' ? commissionOnly() : process.env.BENCH_ONLY === 'read' ? readOnly() : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
