/** Times each part of the commission dashboard on a kept benchmark database (BENCH_DB, see bench/run.ts). */
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/server/platform/config';
import { boot } from '../src/server/platform/bootstrap';
import { STAT_TABLES } from '../src/contract/statistics';
import { rawBreakdown, computeFigures } from '../src/server/modules/statistics/statistics.service';
import { yearPeriod } from '../src/server/modules/statistics/statistics.repository';
import { STATISTICS_SOURCES } from '../src/server/modules/statistics/statistics.sources';

const db = path.resolve(process.env.BENCH_DB ?? '');
const config = loadConfig({ ...process.env, OPENNRM_DATA_DIR: `${db}.d`, OPENNRM_MODE: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${db}` });
const p = await boot(config, () => undefined);
const period = yearPeriod(2025);
const t = async (name: string, fn: () => Promise<unknown>) => {
  const s = performance.now();
  await fn();
  console.log(`${name.padEnd(28)} ${(performance.now() - s).toFixed(1)} ms`);
};
await p.db.transaction().execute(async (trx) => {
  await t('grouped count', () => sql`SELECT identification_status, COUNT(*) AS n FROM cases WHERE identified_on >= '2025-01-01' AND identified_on <= '2025-12-31' GROUP BY 1`.execute(trx));
  for (const id of STAT_TABLES) await t(id, () => rawBreakdown(trx, id, period, 'trafficking', 2025));
  for (const s of STATISTICS_SOURCES) await t(`source ${s.id}`, () => s.breakdowns(trx, period, 'trafficking', { timezone: p.config.timezone }));
  await t('computeFigures', () => computeFigures(p, trx, 2025, 'trafficking'));
});
await p.close();
