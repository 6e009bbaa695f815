/**
 * Extension point for figures owned by other modules. The referral module (services received, time to
 * referral and to first service) and the justice module (suspects, prosecutions, convictions by sex and
 * citizenship) will each add a source here: it returns raw additive breakdowns for the year, and the
 * statistics service protects them with the same disclosure control as its own tables. A breakdown whose
 * columns are STAT_COLUMNS and that is additive counts the year's victims once each: the service checks that
 * its columns add up to the headline and links its margins to the headline's suppression.
 */
import type { Tx } from '../../platform/db/database';
import type { Period } from './statistics.repository';
import { referralStatisticsSource } from '../referrals/referrals.statistics';

export type RawBreakdown = {
  id: string;
  /** Column keys (e.g. sexes); rows carry one count per column. */
  columns: readonly string[];
  rows: { key: string; cells: number[] }[];
  /** False when one record can count in several rows (rows then do not add up to the column totals). */
  additive: boolean;
};

/** `timezone`: the platform's, for local calendar days. */
export type StatisticsSource = { id: string; breakdowns: (trx: Tx, period: Period, situation: string, context: { timezone: string }) => Promise<RawBreakdown[]> };

export const STATISTICS_SOURCES: StatisticsSource[] = [referralStatisticsSource()];
