/**
 * Candidate lookup at scale (`npm run bench:candidates`; issue 15): at BENCH_PERSONS persons (1,000,000 by
 * default) on PostgreSQL, the time to find the records that may be the same person as a description typed at
 * registration, two ways on the same persons in the same run:
 *  - ours: the production lookup itself (matching.repository.ts `personsSharing` then `tokensShared`, and
 *    matching.strength.ts `compareTokens`): the description's lookup tokens (matching.keys.ts `lookupKeys` →
 *    keyring.blindIndex: name pairs in a 5-year birth bucket, documents, phones) by equality in the B-tree index of
 *    person_match_tokens, then the shared tokens of the persons found, scored; no name is ever read;
 *  - baseline: pg_trgm, the usual answer: `name % $1 ORDER BY similarity(name, $1)` on a GIN trigram index over
 *    the names in clear.
 * Persons are synthetic (data/names/maghreb-names.json: Arabic-script and Latin spellings, a birth year, for some a
 * national identity number), so common names collide as they do in life. Each probe describes an existing person
 * again as another organisation would: the other script or another spelling, the age instead of the birth date,
 * the same document for some. Reported: p50/p95/mean of each lookup, the ratio (goal ≥ 10×), and how often the
 * person described is among the candidates found (recall@20) by each.
 * Results: bench/results/candidates-latest.md and .json. Env: BENCH_POSTGRES_URL (default the test database),
 * BENCH_PERSONS, BENCH_PROBES (300), BENCH_KEEP=1 keeps the schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { matchingRepository } from '../src/server/modules/matching/matching.repository';
import { compareTokens } from '../src/server/modules/matching/matching.strength';
import { lookupTokensOf, matchTokensOf } from '../src/server/modules/matching/matching.tokens';
import type { TPersonDescription } from '../src/server/modules/matching/matching.types';
import { Keyring, generateKeyringFile } from '../src/server/platform/crypto/keyring';
import type { Db } from '../src/server/platform/db/database';

const ROOT = path.resolve(import.meta.dirname, '..');
const URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PERSONS = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const PROBES = Number(process.env.BENCH_PROBES ?? 300);
const BATCH = 20_000;
const LIMIT = 20;
/** As matching.service.ts: at most this many persons found, then scored. */
const MAX_FOUND = 200;

type Name = { ar: string; latin: string[] };
const NAMES = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/names/maghreb-names.json'), 'utf8')) as { male: Name[]; female: Name[]; family: Name[] };

/** A small seeded generator, so two runs measure the same persons. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32);
}
const r = rng(1515);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

type Person = { sex: 'female' | 'male'; given: Name; family: Name; year: number; doc: string | null; arabic: boolean; spelling: number };

function person(): Person {
  const sex = r() < 0.5 ? 'female' : 'male';
  return { sex, given: pick(NAMES[sex]), family: pick(NAMES.family), year: 1955 + Math.floor(r() * 55), doc: r() < 0.4 ? `${pick(['A', 'B', 'BE', 'BK', 'C', 'D', 'EE', 'G', 'J'])}${100000 + Math.floor(r() * 899999)}` : null, arabic: r() < 0.35, spelling: Math.floor(r() * 4) };
}

/** The person as one organisation wrote them: Arabic script or one Latin spelling, a birth date or an age. */
function describe(p: Person, arabic: boolean, spelling: number, byAge: boolean, withDoc: boolean): { d: TPersonDescription; name: string } {
  const given = arabic ? p.given.ar : p.given.latin[spelling % p.given.latin.length]!;
  const family = arabic ? p.family.ar : p.family.latin[spelling % p.family.latin.length]!;
  const d: TPersonDescription = { givenNames: given, familyName: family, sex: p.sex, nationalities: ['MA'] };
  if (byAge) Object.assign(d, { estimatedAge: 2026 - p.year, recordedOn: '2026-06-01' });
  else d.dateOfBirth = `${p.year}-0${1 + (p.year % 9)}-1${p.year % 10}`;
  if (withDoc && p.doc) d.documents = [{ type: 'national_id', number: withDoc && arabic ? p.doc.toLowerCase() : p.doc }];
  return { d, name: `${given} ${family}` };
}

const platform = { keyring: new Keyring(generateKeyringFile()) };
const pid = (i: number) => `p${String(i).padStart(7, '0')}`;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ms = (n: number) => Math.round(n * 100) / 100;

async function main() {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  const schema = `bench_candidates_${process.pid}`;
  const started = Date.now();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    const installed = await client.query<{ nspname: string }>("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'");
    if (installed.rowCount === 0) await client.query(`CREATE EXTENSION pg_trgm SCHEMA ${schema}`);
    const extSchema = installed.rowCount === 0 ? schema : installed.rows[0]!.nspname;
    await client.query(`SET search_path = ${schema}, ${extSchema}`);
    // The production shapes (2026-12-07T06-00 migration), plus the name in clear for the pg_trgm baseline.
    await client.query('CREATE TABLE persons (id text PRIMARY KEY, name text NOT NULL, anonymised_at text)');
    await client.query('CREATE TABLE person_match_tokens (person_id text NOT NULL, org_id text NOT NULL, kind text NOT NULL, token text NOT NULL)');

    const people: Person[] = [];
    let tokenRows = 0;
    for (let from = 0; from < PERSONS; from += BATCH) {
      const ids: string[] = [], names: string[] = [], tp: string[] = [], tk: string[] = [], tt: string[] = [];
      for (let i = from; i < Math.min(PERSONS, from + BATCH); i++) {
        const p = person();
        people.push(p);
        const { d, name } = describe(p, p.arabic, p.spelling, false, true);
        ids.push(pid(i));
        names.push(name);
        for (const t of matchTokensOf(platform, d)) {
          tp.push(pid(i));
          tk.push(t.kind);
          tt.push(t.token);
        }
      }
      await client.query('INSERT INTO persons (id, name) SELECT * FROM unnest($1::text[], $2::text[])', [ids, names]);
      await client.query("INSERT INTO person_match_tokens SELECT p, 'org', k, t FROM unnest($1::text[], $2::text[], $3::text[]) AS u(p, k, t)", [tp, tk, tt]);
      tokenRows += tp.length;
      if ((from / BATCH) % 10 === 0) process.stdout.write(`\r  ${from + ids.length} persons, ${tokenRows} tokens`);
    }
    const loaded = Date.now();
    process.stdout.write(`\r  ${PERSONS} persons, ${tokenRows} tokens in ${Math.round((loaded - started) / 1000)} s; indexing…\n`);
    // The indexes of the 2026-12-07T06-00 migration.
    await client.query('CREATE INDEX person_match_tokens_token ON person_match_tokens (token, person_id)');
    await client.query('CREATE INDEX person_match_tokens_person ON person_match_tokens (person_id, token, kind)');
    await client.query('CREATE INDEX persons_name_trgm ON persons USING gin (name gin_trgm_ops)');
    // As autovacuum leaves tables after a bulk load (statistics, and the visibility map index-only scans need).
    await client.query('VACUUM ANALYZE persons');
    await client.query('VACUUM ANALYZE person_match_tokens');
    const indexed = Date.now();

    // Each probe: an existing person written again by another organisation (other script, other spelling, age
    // instead of date; the document for half of those who have one).
    const probes = Array.from({ length: PROBES }, () => {
      const id = Math.floor(r() * PERSONS);
      const p = people[id]!;
      return { id, ...describe(p, !p.arabic, p.spelling + 1, true, r() < 0.5) };
    });
    // The million generated persons are not needed any more: let them go before measuring (a major collection of
    // them during the measurements would be a pause of a second in one lookup or the other).
    people.length = 0;
    const trgm = `SELECT id FROM persons WHERE name % $1 ORDER BY similarity(name, $1) DESC LIMIT ${LIMIT}`;
    const time = async (q: string, params: unknown[]) => {
      const t = process.hrtime.bigint();
      const res = await client.query(q, params);
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, rows: res.rows as Record<string, unknown>[] };
    };
    // The production repository on the same connection settings (its own pool, search_path on this schema).
    const db = new Kysely<never>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: URL, max: 1, options: `-c search_path=${schema},${extSchema}` }) }) }) as unknown as Db;
    /** The lookup of matching.service.ts `candidates`, less the cases and names of the organisations shown. */
    const lookup = async (d: TPersonDescription) => {
      const ours = matchTokensOf(platform, d);
      const found = await matchingRepository.personsSharing(db, lookupTokensOf(platform, d), [], MAX_FOUND);
      const shared = await matchingRepository.tokensShared(db, found, ours.map((t) => t.token));
      const scored = found.map((id) => ({ id, ...compareTokens(ours, shared.get(id) ?? []) })).filter((c) => c.strength);
      scored.sort((a, b) => (a.strength === b.strength ? b.agreed.size - a.agreed.size : a.strength === 'strong' ? -1 : 1));
      return { found: found.length, lookedAt: found, shown: scored.slice(0, LIMIT).map((c) => c.id) };
    };
    // Warm both indexes the same way before measuring.
    for (const pr of probes.slice(0, 20)) {
      await lookup(pr.d);
      await client.query(trgm, [pr.name]);
    }
    const oursMs: number[] = [], trgmMs: number[] = [];
    let oursFound = 0, trgmFound = 0, oursCandidates = 0, oursFoundTotal = 0, oursLookedAt = 0;
    for (const pr of probes) {
      // Ours includes computing the keys and their HMACs, as the server does for each registration.
      const t0 = process.hrtime.bigint();
      const a = await lookup(pr.d);
      oursMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      oursCandidates += a.shown.length;
      oursFoundTotal += a.found;
      if (a.shown.includes(pid(pr.id))) oursFound += 1;
      if (a.lookedAt.includes(pid(pr.id))) oursLookedAt += 1;
      const b = await time(trgm, [pr.name]);
      trgmMs.push(b.ms);
      if (b.rows.some((x) => x.id === pid(pr.id))) trgmFound += 1;
    }
    await (db as unknown as Kysely<never>).destroy();
    const plan = async (q: string, params: unknown[]) => (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q}`, params)).rows.map((x) => x['QUERY PLAN']).join('\n');
    const sample = probes[0]!;
    const result = {
      date: new Date().toISOString(),
      persons: PERSONS,
      tokens: tokenRows,
      probes: PROBES,
      loadSeconds: Math.round((loaded - started) / 1000),
      indexSeconds: Math.round((indexed - loaded) / 1000),
      ours: { p50: ms(pct(oursMs, 50)), p95: ms(pct(oursMs, 95)), max: ms(Math.max(...oursMs)), mean: ms(mean(oursMs)), recallAt20: oursFound / PROBES, candidatesPerProbe: ms(oursCandidates / PROBES), personsLookedAtPerProbe: ms(oursFoundTotal / PROBES), recallLookedAt: oursLookedAt / PROBES },
      pgTrgm: { p50: ms(pct(trgmMs, 50)), p95: ms(pct(trgmMs, 95)), max: ms(Math.max(...trgmMs)), mean: ms(mean(trgmMs)), recallAt20: trgmFound / PROBES },
      ratioMean: ms(mean(trgmMs) / mean(oursMs)),
      ratioP50: ms(pct(trgmMs, 50) / pct(oursMs, 50)),
      ratioP95: ms(pct(trgmMs, 95) / pct(oursMs, 95)),
      plans: {
        ours: await plan('SELECT DISTINCT t.person_id FROM person_match_tokens t WHERE t.token = ANY($1::text[]) ORDER BY t.person_id LIMIT 200', [lookupTokensOf(platform, sample.d)]),
        pgTrgm: await plan(trgm, [sample.name]),
      },
    };
    const out = path.join(ROOT, 'bench/results');
    fs.writeFileSync(path.join(out, 'candidates-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    const md = [
      `# Candidate lookup at ${PERSONS.toLocaleString('en')} persons (PostgreSQL) — ${result.date.slice(0, 10)}`,
      '',
      `${tokenRows.toLocaleString('en')} keyed tokens (${ms(tokenRows / PERSONS)} per person); ${PROBES} probes, each an existing person described again in the other script or another spelling, with an age instead of a birth date, and for some the same document. Load ${result.loadSeconds} s, indexes ${result.indexSeconds} s.`,
      '',
      '| lookup | p50 ms | p95 ms | max ms | mean ms | person found in the 20 candidates |',
      '|---|---|---|---|---|---|',
      `| ours: keyed tokens, B-tree equality (keys and HMACs computed included) | ${result.ours.p50} | ${result.ours.p95} | ${result.ours.max} | ${result.ours.mean} | ${(result.ours.recallAt20 * 100).toFixed(1)} % |`,
      `| pg_trgm: \`name % $1\` on a GIN trigram index, names in clear | ${result.pgTrgm.p50} | ${result.pgTrgm.p95} | ${result.pgTrgm.max} | ${result.pgTrgm.mean} | ${(result.pgTrgm.recallAt20 * 100).toFixed(1)} % |`,
      '',
      `**Ours is ${result.ratioP50}× faster at the median, ${result.ratioP95}× at p95, ${result.ratioMean}× on the mean** (goal ≥ 10×): ${result.ours.personsLookedAtPerProbe} persons looked at and ${result.ours.candidatesPerProbe} candidates shown per probe on average; the person described was among those looked at in ${(result.ours.recallLookedAt * 100).toFixed(1)} % of probes (the rest: spellings whose keys differ, or more than 20 equally strong namesakes). pg_trgm finds no trigram in common between a name in Arabic script and the same name in Latin letters, so it misses every probe written in the other script.`,
      '',
      '## Plans (first probe)',
      '',
      '```',
      result.plans.ours,
      '```',
      '',
      '```',
      result.plans.pgTrgm,
      '```',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(out, 'candidates-latest.md'), md);
    console.log(md.split('\n').slice(0, 9).join('\n'));
  } finally {
    if (process.env.BENCH_KEEP !== '1') await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

await main();
