/**
 * Evaluation of the person matcher against PostgreSQL pg_trgm similarity (`npm run eval:matching`), on the labelled
 * pairs of data/names/matching-pairs.jsonl (scripts/matching-dataset.ts). Writes bench/results/matching-latest.md
 * and .json. PostgreSQL: TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test; the script works in a schema of
 * its own, dropped at the end (pg_trgm is created there when the database does not have it yet).
 *
 * Methods (each gets its threshold on the dev half, maximising F1; figures are on the test half):
 *  - ours: explainMatch (names and the other facts);
 *  - ours, names only: the name similarity alone;
 *  - pg_trgm: similarity() of the two names as written (given + family, or full name), names only;
 *  - pg_trgm + facts: the same fact points as ours added to k × (similarity − c), k and c chosen on dev;
 *  - pg_trgm on our skeletons: similarity() of the two names' skeletons (our normalisation, trigram scoring).
 * `--errors` lists the dev pairs each method gets wrong (the only pairs looked at while writing the rules).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { explainMatch, factParts, logistic, namePart, nameReadings } from '../src/server/modules/matching/matching.score';
import { matchKeys } from '../src/server/modules/matching/matching.keys';
import type { TPersonDescription } from '../src/server/modules/matching/matching.types';
import type { TPair } from '../scripts/matching-dataset';

const ROOT = path.resolve(import.meta.dirname, '..');
const URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pairs = fs.readFileSync(path.join(ROOT, 'data/names/matching-pairs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TPair);

const written = (p: TPersonDescription) => [p.givenNames, p.familyName, p.fullName].filter(Boolean).join(' ');
const skeletons = (p: TPersonDescription) => (nameReadings(p)[0] ?? []).map((t) => t.skeletons[0]).join(' ');

type Scored = { pair: TPair; scores: Record<string, number> };

async function trigramSimilarities(): Promise<{ raw: number[]; skel: number[]; schema: string; created: boolean }> {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  const schema = `matching_eval_${process.pid}`;
  try {
    const available = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'");
    if (available.rowCount === 0) throw new Error('pg_trgm is not available on this PostgreSQL');
    await client.query(`CREATE SCHEMA ${schema}`);
    const installed = await client.query<{ nspname: string }>("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'");
    const created = installed.rowCount === 0;
    if (created) await client.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA ${schema}`);
    const extSchema = created ? schema : installed.rows[0]!.nspname;
    await client.query(`SET search_path = ${schema}, ${extSchema}`);
    await client.query('CREATE TABLE pairs (n int PRIMARY KEY, a text, b text, sa text, sb text)');
    await client.query('INSERT INTO pairs SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])', [
      pairs.map((_, i) => i), pairs.map((p) => written(p.a)), pairs.map((p) => written(p.b)), pairs.map((p) => skeletons(p.a)), pairs.map((p) => skeletons(p.b)),
    ]);
    const rows = await client.query<{ raw: number; skel: number }>('SELECT similarity(a, b) AS raw, similarity(sa, sb) AS skel FROM pairs ORDER BY n');
    return { raw: rows.rows.map((r) => Number(r.raw)), skel: rows.rows.map((r) => Number(r.skel)), schema, created };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

type Metrics = { threshold: number; precision: number; recall: number; f1: number; tp: number; fp: number; fn: number };
function metricsAt(rows: Scored[], method: string, threshold: number): Metrics {
  let tp = 0, fp = 0, fn = 0;
  for (const r of rows) {
    const yes = r.scores[method]! >= threshold;
    if (yes && r.pair.same) tp++;
    else if (yes) fp++;
    else if (r.pair.same) fn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { threshold, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), tp, fp, fn };
}
const candidates = (rows: Scored[], method: string) => [...new Set(rows.map((r) => r.scores[method]!))].sort((x, y) => x - y);
const bestF1 = (rows: Scored[], method: string) => candidates(rows, method).map((t) => metricsAt(rows, method, t)).reduce((a, b) => (b.f1 > a.f1 ? b : a));
/** The highest recall with precision at least `p` (any threshold): the comparison "at equal precision". */
const recallAtPrecision = (rows: Scored[], method: string, p: number) => candidates(rows, method).map((t) => metricsAt(rows, method, t)).filter((m) => m.precision >= p).reduce((a, b) => Math.max(a, b.recall), 0);

async function main() {
  const started = performance.now();
  const scored: Scored[] = pairs.map((pair) => {
    const facts = factParts(pair.a, pair.b).reduce((n, f) => n + f.points, 0);
    const name = namePart(pair.a, pair.b);
    return { pair, scores: { ours: explainMatch(pair.a, pair.b).total, oursNames: Number(name.detail?.similarity ?? 0), facts } };
  });
  const oursMs = performance.now() - started;
  const trgm = await trigramSimilarities();
  scored.forEach((r, i) => { r.scores.trgm = trgm.raw[i]!; r.scores.trgmSkeletons = trgm.skel[i]!; });
  const dev = scored.filter((r) => r.pair.split === 'dev');
  const test = scored.filter((r) => r.pair.split === 'test');

  // pg_trgm + facts: k and c chosen on dev (its best F1), so that trigrams get the same facts, fairly weighted.
  let best = { k: 0, c: 0, f1: -1 };
  for (const k of [0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24]) for (let c = 0; c <= 0.9; c += 0.05) {
    dev.forEach((r) => { r.scores.trgmFacts = logistic(k * (r.scores.trgm! - c) + r.scores.facts!); });
    const f1 = bestF1(dev, 'trgmFacts').f1;
    if (f1 > best.f1) best = { k, c: Math.round(c * 100) / 100, f1 };
  }
  scored.forEach((r) => { r.scores.trgmFacts = logistic(best.k * (r.scores.trgm! - best.c) + r.scores.facts!); });

  const methods: [string, string][] = [['ours', 'ours (names + facts)'], ['oursNames', 'ours, names only'], ['trgm', 'pg_trgm, names only'], ['trgmFacts', `pg_trgm + the same facts (k=${best.k}, c=${best.c})`], ['trgmSkeletons', 'pg_trgm on our skeletons, names only']];
  const subsets: [string, (r: Scored) => boolean][] = [['all', () => true], ['crossScript', (r) => r.pair.crossScript], ['sameScript', (r) => !r.pair.crossScript]];
  const result: Record<string, unknown> = { generatedAt: new Date().toISOString(), pairs: { dev: dev.length, test: test.length, testSame: test.filter((r) => r.pair.same).length, testCrossScript: test.filter((r) => r.pair.crossScript).length }, trgmSchemaCreatedExtension: trgm.created, oursMsPerPair: oursMs / scored.length, methods: {} };
  const lines: string[] = [];
  const pct = (x: number) => (100 * x).toFixed(1);
  const ourTestPrecision: Record<string, number> = {};
  for (const [key, label] of methods) {
    const threshold = bestF1(dev, key).threshold;
    const m: Record<string, unknown> = { label, threshold };
    for (const [name, keep] of subsets) {
      const rows = test.filter(keep);
      const at = metricsAt(rows, key, threshold);
      if (key === 'ours') ourTestPrecision[name] = at.precision;
      m[name] = { ...at, devF1: metricsAt(dev.filter(keep), key, threshold).f1, bestOnTest: bestF1(rows, key), recallAtPrecision: Object.fromEntries([0.95, 0.99, ourTestPrecision[name]!].map((p) => [p.toFixed(3), recallAtPrecision(rows, key, p)])) };
    }
    (result.methods as Record<string, unknown>)[key] = m;
  }
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/matching-latest.json'), JSON.stringify(result, null, 1) + '\n');

  lines.push('# Person matching: our matcher against pg_trgm', '', `Generated by \`npm run eval:matching\` (bench/matching.ts) on ${result.generatedAt as string}.`, '',
    `Pairs: ${dev.length} dev (rules, weights and thresholds chosen there), ${test.length} test (measured only): ${test.filter((r) => r.pair.same).length} same person, ${test.filter((r) => r.pair.crossScript).length} across scripts. Source and kinds: data/names/SOURCES.md.`, '',
    'Each method at the threshold that gave its best F1 on dev, measured on test:', '');
  for (const [name] of subsets) {
    lines.push(`## ${name === 'all' ? 'All test pairs' : name === 'crossScript' ? 'Cross-script test pairs (Arabic ↔ Latin)' : 'Same-script test pairs'}`, '',
      `| method | threshold (dev) | F1 on dev | precision | recall | F1 | best F1 on test | recall at precision ≥ ${pct(ourTestPrecision[name]!)} % (ours) | at ≥ 95 % | at ≥ 99 % |`, '|---|---|---|---|---|---|---|---|---|---|');
    for (const [key, label] of methods) {
      const m = (result.methods as Record<string, Record<string, { precision: number; recall: number; f1: number; devF1: number; bestOnTest: Metrics; recallAtPrecision: Record<string, number> }>>)[key]!;
      const s = m[name]!;
      const thr = (result.methods as Record<string, { threshold: number }>)[key]!.threshold;
      lines.push(`| ${label} | ${thr.toFixed(3)} | ${pct(s.devF1)} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} | ${pct(s.bestOnTest.f1)} | ${pct(s.recallAtPrecision[ourTestPrecision[name]!.toFixed(3)]!)} | ${pct(s.recallAtPrecision['0.950']!)} | ${pct(s.recallAtPrecision['0.990']!)} |`);
    }
    lines.push('');
  }
  // Candidate lookup: do the two records of a test pair share a blind-index key (equality on keys finds the other)?
  const keySet = (p: TPersonDescription, kinds: string[]) => new Set(matchKeys(p).filter((k) => kinds.includes(k.kind)).map((k) => `${k.kind}:${k.value}`));
  const sharesKey = (r: Scored, kinds: string[]) => { const b = keySet(r.pair.b, kinds); return [...keySet(r.pair.a, kinds)].some((k) => b.has(k)); };
  const positives = test.filter((r) => r.pair.same);
  const negatives = test.filter((r) => !r.pair.same);
  const lookup = {
    positivesSharingNamePair: positives.filter((r) => sharesKey(r, ['namePair'])).length / positives.length,
    positivesSharingAnyKey: positives.filter((r) => sharesKey(r, ['name', 'namePair', 'nameYear', 'document', 'phone'])).length / positives.length,
    crossScriptPositivesSharingNamePair: positives.filter((r) => r.pair.crossScript && sharesKey(r, ['namePair'])).length / positives.filter((r) => r.pair.crossScript).length,
    negativesSharingNamePair: negatives.filter((r) => sharesKey(r, ['namePair'])).length / negatives.length,
    keysPerRecord: test.reduce((n, r) => n + matchKeys(r.pair.a).length + matchKeys(r.pair.b).length, 0) / (2 * test.length),
  };
  result.candidateLookup = lookup;
  fs.writeFileSync(path.join(ROOT, 'bench/results/matching-latest.json'), JSON.stringify(result, null, 1) + '\n');
  lines.push('## Candidate lookup keys (matching.keys.ts)', '',
    `On the test pairs: ${pct(lookup.positivesSharingAnyKey)} % of same-person pairs share at least one key (${pct(lookup.positivesSharingNamePair)} % a two-word name key; across scripts ${pct(lookup.crossScriptPositivesSharingNamePair)} %); ${pct(lookup.negativesSharingNamePair)} % of different-person pairs share a two-word name key (those are then told apart by the score). ${lookup.keysPerRecord.toFixed(1)} keys per record on average.`, '');
  lines.push('Notes: pg_trgm compares trigrams of the written names, so an Arabic name and its Latin spelling share none (similarity 0): across scripts it can only match on the other facts ("+ facts"). "pg_trgm on our skeletons" feeds it our script-independent keys, to separate what the normalisation brings from what the scoring brings. "Recall at precision ≥ p" is the highest recall any threshold gives with at least that precision on test.', '',
    `Our matcher: ${(oursMs / scored.length * 1000).toFixed(0)} µs per pair (explained score, Node ${process.version}).`, '');
  fs.writeFileSync(path.join(ROOT, 'bench/results/matching-latest.md'), lines.join('\n'));
  console.log(lines.join('\n'));

  if (process.argv.includes('--errors')) {
    for (const key of ['ours']) {
      const thr = (result.methods as Record<string, { threshold: number }>)[key]!.threshold;
      for (const r of dev.filter((x) => (x.scores[key]! >= thr) !== x.pair.same)) console.log(key, r.pair.kind, r.scores[key]!.toFixed(3), written(r.pair.a), '|', written(r.pair.b), '|', skeletons(r.pair.a), '|', skeletons(r.pair.b), JSON.stringify(explainMatch(r.pair.a, r.pair.b).parts.map((p) => [p.part, p.points])));
    }
  }
}

await main();
