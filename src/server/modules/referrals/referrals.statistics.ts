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
 * Like statistics.repository, the query covers every organisation's cases (national statistics) and only
 * counts leave this module, after disclosure control in statistics.service.
 */
import { sql } from 'kysely';
import { DAY_BANDS, SERVICE_ROWS, STAT_COLUMNS, TIME_TO_REFERRAL_ROWS, TIME_TO_SERVICE_ROWS } from '../../../contract/statistics';
import type { Tx } from '../../platform/db/database';
import { statisticsRepository, victimCases, type Period } from '../statistics/statistics.repository';
import type { RawBreakdown, StatisticsSource } from '../statistics/statistics.sources';
import { daysBetween, localDate } from '../timelines/calendar';


export function dayBand(days: number): (typeof DAY_BANDS)[number] {
  if (days <= 0) return 'same_day';
  if (days <= 7) return '1_7_days';
  if (days <= 30) return '8_30_days';
  return 'over_30_days';
}

const COL = { presumed: 0, identified: 1 } as const;

/** One row per victim case of the period: its status and three dates, nothing that identifies it. */
async function caseDates(trx: Tx, period: Period, situation: string) {
  return (await sql<{ s: string; created_at: string; first_referral: string | null; first_service: string | null }>`SELECT c.identification_status AS s, c.created_at AS created_at,
      (SELECT MIN(r.sent_at) FROM referrals r WHERE r.case_id = c.id) AS first_referral,
      (SELECT MIN(d.delivered_on) FROM service_deliveries d WHERE d.case_id = c.id) AS first_service
    FROM cases c WHERE ${victimCases(period, situation)}`.execute(trx)).rows;
}

export function referralStatisticsSource(): StatisticsSource {
  return {
    id: 'referrals',
    async breakdowns(trx, period, situation, { timezone }) {
      const table = (id: string, keys: readonly string[]) => ({ id, keys, counts: new Map(keys.map((k) => [k, STAT_COLUMNS.map(() => 0)])) });
      const services = table('services', SERVICE_ROWS);
      const toReferral = table('time_to_referral', TIME_TO_REFERRAL_ROWS);
      const toService = table('time_to_service', TIME_TO_SERVICE_ROWS);
      const add = (t: typeof services, key: string, col: number, n = 1) => { t.counts.get(key)![col]! += n; };
      for (const r of await caseDates(trx, period, situation)) {
        const col = COL[r.s as keyof typeof COL];
        add(services, r.first_service ? 'received_service' : 'no_service', col);
        if (!r.first_referral) {
          add(toReferral, 'not_referred', col);
          add(toService, 'not_referred', col);
          continue;
        }
        const referralDay = localDate(String(r.first_referral), timezone);
        add(toReferral, dayBand(daysBetween(localDate(String(r.created_at), timezone), referralDay)), col);
        add(toService, r.first_service ? dayBand(daysBetween(referralDay, String(r.first_service))) : 'no_service', col);
      }
      // Anonymous notifications are victims of trafficking in the headline: no case, so no referral, no service.
      if (situation === 'trafficking') {
        const anonymous = (await statisticsRepository.situationCounts(trx, period)).anonymous;
        add(services, 'no_service', 2, anonymous);
        add(toReferral, 'not_referred', 2, anonymous);
        add(toService, 'not_referred', 2, anonymous);
      }
      return [services, toReferral, toService].map((t): RawBreakdown => ({
        id: t.id, columns: STAT_COLUMNS, additive: true, rows: t.keys.map((key) => ({ key, cells: t.counts.get(key)! })),
      }));
    },
  };
}
