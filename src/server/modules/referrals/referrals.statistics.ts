/**
 * The referral module's figures for the commission's statistics (registered in statistics.sources.ts): for
 * the year's victims, counted exactly as the built-in tables count them (same cases, same columns: presumed,
 * identified, anonymous notifications), whether they received a service and how long it took. Bands of
 * days, not medians: counts go through disclosure control, a median of a small group would not.
 *
 * Days are counted between local calendar dates (as the supervisor's figures in referrals.insights): the
 * case's registration (cases.created_at), its first referral sent (referrals.sent_at) and its first service
 * delivered (service_deliveries.delivered_on, already a local date). A case "received a service" when it has
 * a service delivery. Anonymous notifications have no case: never referred, no service.
 *
 * The days are counted in SQL, in the one grouped query (statistics/localdays: day numbers of local dates,
 * the time zone's offsets as a CASE over its transitions, same text on SQLite and PostgreSQL, pinned against
 * calendar.localDate/daysBetween in a test on both databases): no per-case work in JavaScript.
 *
 * Like statistics.repository, the query covers every organisation's cases (national statistics) and only
 * counts leave this module, after disclosure control in statistics.service.
 */
import { sql } from 'kysely';
import { DAY_BANDS, SERVICE_ROWS, STAT_COLUMNS, TIME_TO_REFERRAL_ROWS, TIME_TO_SERVICE_ROWS } from '../../../contract/statistics';
import { victimCases } from '../statistics/statistics.repository';
import type { RawBreakdown, StatisticsSource } from '../statistics/statistics.sources';
import { dayNumberSql, localDayNumberSql } from '../statistics/localdays';

/** Upper bounds (days, inclusive) of the bands; beyond the last, 'over_30_days'. */
const BAND_LIMITS: readonly [number, (typeof DAY_BANDS)[number]][] = [[0, 'same_day'], [7, '1_7_days'], [30, '8_30_days']];

export function dayBand(days: number): (typeof DAY_BANDS)[number] {
  for (const [max, band] of BAND_LIMITS) if (days <= max) return band;
  return 'over_30_days';
}

/** SQL twin of `dayBand` over an integer expression. */
const bandSql = (days: string) => `CASE ${BAND_LIMITS.map(([max, band]) => `WHEN ${days} <= ${max} THEN '${band}'`).join(' ')} ELSE 'over_30_days' END`;

const COL = { presumed: 0, identified: 1, anonymous: 2 } as const;

type Row = { s: keyof typeof COL; service: string; referral: string; to_service: string; n: number | string };

/**
 * The year's victims grouped by status and the three bands, in one statement. Only the victims that have
 * a referral or a service delivery need their dates: they are found from those tables (`touched`, so the
 * cost follows the referrals, not the cases), with their registration, first referral sent and first
 * service delivered, and banded from local day numbers. Every other victim of the year is neither referred
 * nor served: the statement also counts all the year's victims by status (one covering-index scan), and
 * the difference goes to 'no_service' / 'not_referred'. Anonymous notifications (trafficking only) are
 * one more group: never referred, no service.
 */
async function groupedBands(trx: Parameters<StatisticsSource['breakdowns']>[0], period: Parameters<StatisticsSource['breakdowns']>[1], situation: string, timezone: string) {
  const registered = localDayNumberSql('v.registered', timezone);
  const referred = localDayNumberSql('v.referred', timezone);
  const served = dayNumberSql('v.served');
  const anonymous = situation === 'trafficking'
    ? sql`UNION ALL SELECT 'anonymous' AS s, 'no_service' AS service, 'not_referred' AS referral, 'not_referred' AS to_service, COUNT(*) AS n
        FROM anonymous_notifications a WHERE a.identified_on >= ${period.from} AND a.identified_on <= ${period.to}`
    : sql``;
  return (await sql<Row>`WITH touched AS MATERIALIZED (
      SELECT r.case_id AS case_id FROM referrals r UNION SELECT d.case_id AS case_id FROM service_deliveries d
    ), v AS MATERIALIZED (
      SELECT c.identification_status AS s, c.created_at AS registered,
        (SELECT MIN(r.sent_at) FROM referrals r WHERE r.case_id = c.id) AS referred,
        (SELECT MIN(d.delivered_on) FROM service_deliveries d WHERE d.case_id = c.id) AS served
      FROM touched t JOIN cases c ON c.id = t.case_id WHERE ${victimCases(period, situation)}
    )
    SELECT v.s AS s,
      CASE WHEN v.served IS NULL THEN 'no_service' ELSE 'received_service' END AS service,
      CASE WHEN v.referred IS NULL THEN 'not_referred' ELSE ${sql.raw(bandSql(`${referred} - ${registered}`))} END AS referral,
      CASE WHEN v.referred IS NULL THEN 'not_referred' WHEN v.served IS NULL THEN 'no_service' ELSE ${sql.raw(bandSql(`${served} - ${referred}`))} END AS to_service,
      COUNT(*) AS n
    FROM v GROUP BY 1, 2, 3, 4
    UNION ALL SELECT c.identification_status AS s, '*' AS service, '*' AS referral, '*' AS to_service, COUNT(*) AS n
      FROM cases c WHERE ${victimCases(period, situation)} GROUP BY c.identification_status
    ${anonymous}`.execute(trx)).rows;
}

export function referralStatisticsSource(): StatisticsSource {
  return {
    id: 'referrals',
    async breakdowns(trx, period, situation, { timezone }) {
      const table = (id: string, keys: readonly string[]) => ({ id, keys, counts: new Map(keys.map((k) => [k, STAT_COLUMNS.map(() => 0)])) });
      const services = table('services', SERVICE_ROWS);
      const toReferral = table('time_to_referral', TIME_TO_REFERRAL_ROWS);
      const toService = table('time_to_service', TIME_TO_SERVICE_ROWS);
      const add = (t: typeof services, key: string, col: number, n: number) => { t.counts.get(key)![col]! += n; };
      // At most 3 statuses × 2 × 5 × 6 groups: a loop over groups, not over cases.
      const untouched = STAT_COLUMNS.map(() => 0);
      for (const g of await groupedBands(trx, period, situation, timezone)) {
        const col = COL[g.s];
        const n = Number(g.n);
        if (g.service === '*') { untouched[col]! += n; continue; } // all the year's victims of that status
        if (g.s !== 'anonymous') untouched[col]! -= n;
        add(services, g.service, col, n);
        add(toReferral, g.referral, col, n);
        add(toService, g.to_service, col, n);
      }
      // The victims without any referral or service delivery.
      untouched.forEach((n, col) => {
        if (n < 0) throw new Error('statistics: referral figures exceed the victims');
        add(services, 'no_service', col, n);
        add(toReferral, 'not_referred', col, n);
        add(toService, 'not_referred', col, n);
      });
      return [services, toReferral, toService].map((t): RawBreakdown => ({
        id: t.id, columns: STAT_COLUMNS, additive: true, rows: t.keys.map((key) => ({ key, cells: t.counts.get(key)! })),
      }));
    },
  };
}
