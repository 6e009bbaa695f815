#!/usr/bin/env node
// `npm run test:soak`: the full runs that `npm test` scales down. The contract fuzzer with FUZZ_RUNS=10000
// requests per database and the durability test with SOAK_KILLS=10 kills per database, on SQLite and on
// PostgreSQL (TEST_POSTGRES_URL; default postgres://postgres@127.0.0.1:5432/test when it answers). Captures
// each run's `SOAK …` summary lines and its result, and writes bench/results/soak-<date>.md and soak-latest.md.
// SOAK_ONLY=fuzz (or durability) runs one of them; FUZZ_RUNS / SOAK_KILLS / FUZZ_SEED / SOAK_SEED pass through.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
const RESULTS = 'bench/results';

const RUNS = [
  { name: 'fuzz', file: 'test/integration/fuzz.test.ts', env: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000' } },
  { name: 'durability', file: 'test/integration/durability.test.ts', env: { SOAK_KILLS: process.env.SOAK_KILLS ?? '10' } },
].filter((r) => !process.env.SOAK_ONLY || process.env.SOAK_ONLY.split(',').includes(r.name));

/** The PostgreSQL server's version when `url` answers within a few seconds, else null. */
async function postgresVersion(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const r = await client.query('SHOW server_version');
    return r.rows[0].server_version;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const stripAnsi = (s) => s.replace(ANSI, '');

/** Runs one vitest file, echoing its output, and returns its exit code, duration and `SOAK` lines. */
function runVitest(file, env) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npx', ['vitest', 'run', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (chunk, stream) => {
      stream.write(chunk);
      out += chunk.toString();
    };
    child.stdout.on('data', (c) => take(c, process.stdout));
    child.stderr.on('data', (c) => take(c, process.stderr));
    child.on('close', (code, signal) => {
      const lines = stripAnsi(out)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('SOAK '));
      const summary = stripAnsi(out).match(/Tests\s+[^\n]*/)?.[0]?.trim() ?? null;
      resolve({ code: code ?? 1, signal, seconds: (Date.now() - started) / 1000, lines, summary });
    });
  });
}

let postgresUrl = process.env.TEST_POSTGRES_URL ?? null;
let pgVersion = null;
if (postgresUrl) pgVersion = await postgresVersion(postgresUrl);
else {
  pgVersion = await postgresVersion(DEFAULT_POSTGRES);
  if (pgVersion) postgresUrl = DEFAULT_POSTGRES;
}
if (!postgresUrl) console.log(`note: no TEST_POSTGRES_URL and ${DEFAULT_POSTGRES} does not answer: SQLite only.`);
else if (!pgVersion) console.log(`note: ${postgresUrl.replace(/\/\/[^@]*@/, '//…@')} does not answer; the runs will fail on PostgreSQL.`);

const env = postgresUrl ? { TEST_POSTGRES_URL: postgresUrl } : {};
const results = [];
for (const run of RUNS) {
  if (!fs.existsSync(run.file)) {
    console.log(`\n== ${run.name}: ${run.file} is missing\n`);
    results.push({ ...run, status: 'missing', lines: [], seconds: 0, summary: null });
    continue;
  }
  console.log(`\n== ${run.name}: npx vitest run ${run.file} (${Object.entries(run.env).map(([k, v]) => `${k}=${v}`).join(' ')})\n`);
  const r = await runVitest(run.file, { ...env, ...run.env });
  results.push({ ...run, status: r.code === 0 ? 'passed' : 'failed', ...r });
  console.log(`\n== ${run.name}: ${r.code === 0 ? 'passed' : 'FAILED'} in ${r.seconds.toFixed(0)} s\n`);
}

const now = new Date();
const date = now.toISOString().slice(0, 10);
const cpus = os.cpus();
const allPassed = results.every((r) => r.status === 'passed');
const md = [
  `# Soak run ${date}`,
  '',
  `- Date: ${now.toISOString()}`,
  `- Machine: Node ${process.version}, ${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} CPU${cpus.length === 1 ? '' : 's'} (${cpus[0]?.model?.trim() ?? 'unknown'}), ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}`,
  `- Databases: SQLite (embedded)${postgresUrl ? `, PostgreSQL ${pgVersion ?? '(not answering)'}` : ' only (no PostgreSQL reachable)'}`,
  `- Result: **${allPassed ? 'passed' : 'FAILED'}**`,
  '',
  ...results.flatMap((r) => [
    `## ${r.name}: ${r.status}`,
    '',
    `\`npx vitest run ${r.file}\` with ${Object.entries(r.env).map(([k, v]) => `${k}=${v}`).join(' ')}` +
      (r.status === 'missing' ? ' — the file does not exist yet.' : `, ${r.seconds.toFixed(0)} s${r.summary ? ` (${r.summary})` : ''}${r.signal ? `, ended by ${r.signal}` : ''}.`),
    '',
    ...(r.lines.length > 0 ? ['```', ...r.lines, '```'] : r.status === 'missing' ? [] : ['(no `SOAK` summary line was printed)']),
    '',
  ]),
].join('\n');

fs.mkdirSync(RESULTS, { recursive: true });
for (const name of [`soak-${date}.md`, 'soak-latest.md']) fs.writeFileSync(path.join(RESULTS, name), md);
console.log(`\nSoak: ${results.map((r) => `${r.name} ${r.status}`).join(', ')} → ${RESULTS}/soak-${date}.md`);
process.exit(allPassed ? 0 : 1);
