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
 * This module only says which row of each table a victim case is in (`caseKeys`, one statement for a batch
 * of cases, the days counted in SQL by statistics/localdays, pinned against calendar.localDate/daysBetween
 * on both databases); statistics.facts keeps the counts as cases change, so the referral service refreshes
 * a case's facts when it sends a referral or records a delivery.
 */
import { sql } from 'kysely';
import { DAY_BANDS, SERVICE_ROWS, TIME_TO_REFERRAL_ROWS, TIME_TO_SERVICE_ROWS } from '../../../contract/statistics';
import type { StatisticsSource } from '../statistics/statistics.sources';
import { dayNumberSql, localDayNumberSql } from '../statistics/localdays';

/** Upper bounds (days, inclusive) of the bands; beyond the last, 'over_30_days'. */
const BAND_LIMITS: readonly [number, (typeof DAY_BANDS)[number]][] = [[0, 'same_day'], [7, '1_7_days'], [30, '8_30_days']];

export function dayBand(days: number): (typeof DAY_BANDS)[number] {
  for (const [max, band] of BAND_LIMITS) if (days <= max) return band;
  return 'over_30_days';
}

/** SQL twin of `dayBand` over an integer expression. */
const bandSql = (days: string) => `CASE ${BAND_LIMITS.map(([max, band]) => `WHEN ${days} <= ${max} THEN '${band}'`).join(' ')} ELSE 'over_30_days' END`;

type Row = { id: string; service: string; referral: string; to_service: string };

export function referralStatisticsSource(): StatisticsSource {
  return {
    id: 'referrals',
    tables: [
      { id: 'services', keys: SERVICE_ROWS },
      { id: 'time_to_referral', keys: TIME_TO_REFERRAL_ROWS },
      { id: 'time_to_service', keys: TIME_TO_SERVICE_ROWS },
    ],
    anonymousKeys: { services: 'no_service', time_to_referral: 'not_referred', time_to_service: 'not_referred' },
    async caseKeys(trx, caseIds, { timezone }) {
      const out = new Map<string, Record<string, string>>();
      if (caseIds.length === 0) return out;
      const registered = localDayNumberSql('v.registered', timezone);
      const referred = localDayNumberSql('v.referred', timezone);
      const served = dayNumberSql('v.served');
      // Materialised: each victim's first referral and delivery looked up once (inlined, PostgreSQL re-ran
      // the lookups for every use of them inside the day-number expressions: 24 s for 100 cases).
      const rows = (await sql<Row>`WITH v AS MATERIALIZED (SELECT c.id AS id, c.created_at AS registered,
            (SELECT MIN(r.sent_at) FROM referrals r WHERE r.case_id = c.id) AS referred,
            (SELECT MIN(d.delivered_on) FROM service_deliveries d WHERE d.case_id = c.id) AS served
          FROM cases c WHERE c.id IN (${sql.join([...caseIds])}))
        SELECT v.id AS id,
          CASE WHEN v.served IS NULL THEN 'no_service' ELSE 'received_service' END AS service,
          CASE WHEN v.referred IS NULL THEN 'not_referred' ELSE ${sql.raw(bandSql(`${referred} - ${registered}`))} END AS referral,
          CASE WHEN v.referred IS NULL THEN 'not_referred' WHEN v.served IS NULL THEN 'no_service' ELSE ${sql.raw(bandSql(`${served} - ${referred}`))} END AS to_service
        FROM v`.execute(trx)).rows;
      for (const r of rows) out.set(r.id, { services: r.service, time_to_referral: r.referral, time_to_service: r.to_service });
      return out;
    },
  };
}
