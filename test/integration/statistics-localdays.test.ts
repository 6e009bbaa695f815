/**
 * Local days in SQL (statistics/localdays) against the platform's calendar in JavaScript (localDate,
 * daysBetween), on both databases: the referral figures count days in SQL, so the two must agree on every
 * edge — local midnight vs UTC midnight, Africa/Casablanca's Ramadan switches between UTC+1 and UTC+0,
 * leap days (4/100/400), year ends — and on a deterministic sample of instants and date pairs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, createTestEnv, type TestEnv } from '../support/harness';
import { dayNumber, dayNumberSql, localDayNumberSql, offsetTransitions } from '../../src/server/modules/statistics/localdays';
import { daysBetween, localDate } from '../../src/server/modules/timelines/calendar';

const TZ = 'Africa/Casablanca';
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

/** Instants around every local midnight and offset switch that tests the arithmetic, plus a sample. */
function instants(): string[] {
  const out = new Set<string>([
    '2025-06-01T22:59:59.999Z', '2025-06-01T23:00:00.000Z', '2025-06-01T23:30:00.000Z', '2025-06-01T23:59:59.999Z', '2025-06-02T00:00:00.000Z',
    '2024-02-28T22:59:00.000Z', '2024-02-28T23:00:00.000Z', '2024-02-29T23:30:00.000Z', '2023-02-28T23:30:00.000Z',
    '2024-12-31T22:59:59.000Z', '2024-12-31T23:00:00.000Z', '2025-12-31T23:59:00.000Z',
    '2000-02-28T23:30:00.000Z', '2000-02-29T23:30:00.000Z', '1999-12-31T23:30:00.000Z',
    '2099-02-28T23:30:00.000Z', '2100-02-28T23:30:00.000Z', '2100-03-01T00:30:00.000Z',
  ]);
  for (const t of offsetTransitions(TZ).transitions.filter((x) => x.from >= '2017' && x.from < '2031')) {
    const at = Date.parse(t.from);
    for (const d of [-25 * 60, -61, -60, -59, -1, 0, 1, 59, 60, 61, 23 * 60, 24 * 60 + 30]) out.add(iso(at + d * MIN));
  }
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const from = Date.UTC(2018, 0, 1);
  const span = Date.UTC(2031, 0, 1) - from;
  for (let i = 0; i < 400; i++) out.add(iso(from + Math.floor(rand() * span / MIN) * MIN));
  return [...out].sort();
}

for (const dialect of DIALECTS) {
  describe(`statistics: local days in SQL [${dialect}]`, () => {
    let env: TestEnv;
    beforeAll(async () => { env = await createTestEnv(dialect); });
    afterAll(() => env.close());

    /** Evaluates an SQL expression over `x.t` for each value, in chunks. */
    async function evaluate(values: string[], expression: string): Promise<number[]> {
      const out: number[] = [];
      for (let i = 0; i < values.length; i += 200) {
        const chunk = values.slice(i, i + 200);
        const rows = sql.join(chunk.map((v, j) => sql`SELECT CAST(${j} AS integer) AS i, CAST(${v} AS text) AS t`), sql` UNION ALL `);
        const r = await sql<{ i: number; d: number | string }>`SELECT x.i AS i, ${sql.raw(expression)} AS d FROM (${rows}) x ORDER BY x.i`.execute(env.p.db);
        out.push(...r.rows.map((row) => Number(row.d)));
      }
      return out;
    }

    it('knows the Ramadan switches of Africa/Casablanca (UTC+1 ↔ UTC+0), so the edges below are real', () => {
      const t2025 = offsetTransitions(TZ).transitions.filter((t) => t.from.startsWith('2025'));
      expect(t2025.map((t) => t.minutes)).toEqual([0, 60]);
      expect(env.p.config.timezone).toBe(TZ);
    });

    it('gives the local date of every instant exactly as localDate does (midnights, switches, leap days, year ends)', async () => {
      const xs = instants();
      const sqlDays = await evaluate(xs, localDayNumberSql('x.t', TZ));
      const jsDays = xs.map((t) => dayNumber(localDate(t, TZ)));
      const mismatches = xs.filter((_, i) => sqlDays[i] !== jsDays[i]);
      expect(mismatches).toEqual([]);
      // Spot checks by hand: 23:30Z in June is 00:30 the next local day; the same in Ramadan (UTC+0) is not.
      const at = async (t: string) => (await evaluate([t], localDayNumberSql('x.t', TZ)))[0]!;
      expect(await at('2025-06-01T23:30:00.000Z')).toBe(dayNumber('2025-06-02'));
      expect(await at('2025-03-10T23:30:00.000Z')).toBe(dayNumber('2025-03-10'));
      expect(await at('2024-02-28T23:30:00.000Z')).toBe(dayNumber('2024-02-29'));
      expect(await at('2024-12-31T23:00:00.000Z')).toBe(dayNumber('2025-01-01'));
    });

    it('counts whole days between dates exactly as daysBetween does, in SQL and in JavaScript', async () => {
      const dates = ['1900-02-28', '1900-03-01', '2000-02-28', '2000-02-29', '2000-03-01', '2023-02-28', '2023-03-01', '2024-02-28', '2024-02-29', '2024-03-01', '2024-12-31', '2025-01-01', '2100-02-28', '2100-03-01'];
      let seed = 5;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      for (let i = 0; i < 200; i++) dates.push(new Date(Date.UTC(2015, 0, 1) + Math.floor(rand() * 6000) * 86_400_000).toISOString().slice(0, 10));
      const sqlDays = await evaluate(dates, dayNumberSql('x.t'));
      expect(sqlDays).toEqual(dates.map(dayNumber));
      for (let i = 1; i < dates.length; i++) expect(sqlDays[i]! - sqlDays[i - 1]!).toBe(daysBetween(dates[i - 1]!, dates[i]!));
      expect(dayNumber('1900-03-01') - dayNumber('1900-02-28')).toBe(1);
      expect(dayNumber('2000-03-01') - dayNumber('2000-02-28')).toBe(2);
    });
  });
}
