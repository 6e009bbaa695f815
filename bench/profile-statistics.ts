/**
 * Times each part of the commission dashboard on a kept benchmark database (BENCH_DB, seeded by
 * `BENCH_ONLY=commission BENCH_DB=… npm run bench`, see bench/run.ts): `npx tsx bench/profile-statistics.ts`.
 */
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/server/platform/config';
import { boot } from '../src/server/platform/bootstrap';
import { computeFigures, rawBreakdowns } from '../src/server/modules/statistics/statistics.service';
import { statisticsRepository, yearPeriod } from '../src/server/modules/statistics/statistics.repository';
import { yearCounts, yearsCounted } from '../src/server/modules/statistics/statistics.facts';

const file = path.resolve(process.env.BENCH_DB ?? '');
const config = loadConfig({ ...process.env, OPENNRM_DATA_DIR: `${file}.d`, OPENNRM_MODE: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${file}` });
const p = await boot(config, () => undefined);
const period = yearPeriod(2025);
// CACHE_KIB=65536: a larger SQLite page cache for this connection (the default is 2 MiB), to see what it changes.
if (process.env.CACHE_KIB) await sql`PRAGMA cache_size = ${sql.raw(String(-Math.abs(Number(process.env.CACHE_KIB))))}`.execute(p.db);
const t = async (name: string, fn: () => Promise<unknown>) => {
  const xs: number[] = [];
  for (let i = 0; i < Number(process.env.RUNS ?? 3); i++) {
    const s = performance.now();
    await fn();
    xs.push(performance.now() - s);
  }
  console.log(`${name.padEnd(28)} ${xs.map((x) => x.toFixed(0)).join(' / ')} ms`);
};
await p.db.transaction().execute(async (trx) => {
  await t('grouped count', () => sql`SELECT identification_status, COUNT(*) AS n FROM cases WHERE identified_on >= '2025-01-01' AND identified_on <= '2025-12-31' GROUP BY 1`.execute(trx));
  await t('year counts (one statement)', () => yearCounts(trx, 2025));
  await t('breakdowns', () => rawBreakdowns(trx, 'trafficking', 2025));
  await t('computeFigures', () => computeFigures(p, trx, 2025, 'trafficking'));
  await t('years counted', () => yearsCounted(trx));
  await t('microdata query', () => statisticsRepository.microdata(trx, period));
});
await p.close();
