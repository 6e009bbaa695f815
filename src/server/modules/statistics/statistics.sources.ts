/**
 * Extension point for figures owned by other modules. The referral module (services received, time to
 * referral and to first service) adds a source here: it declares its tables and says, for each victim case,
 * which row of each table the case is in. statistics.facts keeps the counts with the other figures (so they
 * cost the same to read), and the statistics service protects them with the same disclosure control as its
 * own tables. Each such table counts the year's victims once each, by the headline's columns (presumed,
 * identified, anonymous): the service checks that its columns add up to the headline and links its margins
 * to the headline's suppression.
 */
import type { Tx } from '../../platform/db/database';
import { referralStatisticsSource } from '../referrals/referrals.statistics';

export type StatisticsSource = {
  id: string;
  /** The source's tables, each with the rows it shows (zeros included). Every victim is in one row of each. */
  tables: readonly { id: string; keys: readonly string[] }[];
  /** For each of the given cases, its row in each of the tables (`timezone`: the platform's, for local calendar days). */
  caseKeys: (trx: Tx, caseIds: readonly string[], context: { timezone: string }) => Promise<Map<string, Record<string, string>>>;
  /** The row of each table for an anonymous notification (no case behind it). */
  anonymousKeys: Record<string, string>;
};

export const STATISTICS_SOURCES: StatisticsSource[] = [referralStatisticsSource()];
