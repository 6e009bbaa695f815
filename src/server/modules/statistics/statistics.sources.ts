/**
 * Extension point for figures owned by other modules. The referral module (services received, time to
 * referral and to first service) and the justice module (suspects, prosecutions, convictions by sex and
 * citizenship) will each add a source here: it returns raw additive breakdowns for the year, and the
 * statistics service protects them with the same disclosure control as its own tables. No table is
 * invented before those modules exist.
 */
import type { Tx } from '../../platform/db/database';
import type { Period } from './statistics.repository';

export type RawBreakdown = {
  id: string;
  /** Column keys (e.g. sexes); rows carry one count per column. */
  columns: readonly string[];
  rows: { key: string; cells: number[] }[];
  /** False when one record can count in several rows (rows then do not add up to the column totals). */
  additive: boolean;
};

export type StatisticsSource = { id: string; breakdowns: (trx: Tx, period: Period, situation: string) => Promise<RawBreakdown[]> };

export const STATISTICS_SOURCES: StatisticsSource[] = [];
