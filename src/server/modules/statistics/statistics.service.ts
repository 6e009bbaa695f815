/**
 * The commission's figures: grouped counts from the operational data (statistics.repository), protected by
 * disclosure control (disclosure.ts) before anyone sees them. The headline figures of the year are
 * protected first; every breakdown shares their totals, so it keeps their suppression and never uses a
 * total published there as a complement. Periods are whole calendar years (see contract/statistics.ts).
 */
import { z } from 'zod';
import statisticsConfigFile from '../../../../data/config/statistics.json';
import { ORGANISATION_TYPES } from '../../../contract/common';
import { TAXONOMY } from '../../../contract/reference';
import {
  NATIONALITY_KEYS, SEX_AGE_KEYS, STAT_COLUMNS, STAT_TABLES, ZStatisticsQuery,
  type TStatistics, type TStatTable, type TStatTableId,
} from '../../../contract/statistics';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { localDate } from '../timelines/calendar';
import { REGION_CODES } from '../reference/reference.service';
import { protect1D, protectBreakdown, protectTable, type LinkedMargins } from './disclosure';
import { statisticsPolicy as policy } from './statistics.policy';
import { FIXED_KEY_TABLES, statisticsRepository as repo, yearPeriod, type FixedKeyTable, type Period } from './statistics.repository';
import { STATISTICS_SOURCES } from './statistics.sources';

const ZStatisticsConfig = z.object({
  disclosureThreshold: z.number().int().min(2).max(50),
  kAnonymity: z.object({ k: z.number().int().min(2).max(100), maxSuppressionRate: z.number().min(0).max(1) }),
  countryGroups: z.record(z.string(), z.array(z.string().regex(/^[A-Z]{2}$/))),
});
export type StatisticsConfig = z.infer<typeof ZStatisticsConfig>;
/** Validated when the module loads: a broken configuration stops the server at start. */
export const STATISTICS_CONFIG: StatisticsConfig = ZStatisticsConfig.parse(statisticsConfigFile);

export const FORM_CODES = TAXONOMY.exploitationForms.map((f) => f.code);
const CHANNEL_CODES = TAXONOMY.identificationChannels.map((c) => c.code);

/** Rows every table shows, zeros included (citizenship: only the countries present). */
function fixedKeys(table: TStatTableId, year: number): string[] | null {
  switch (table) {
    case 'sexAge': return [...SEX_AGE_KEYS];
    case 'nationality': return [...NATIONALITY_KEYS];
    case 'form': return [...FORM_CODES, 'not_specified'];
    case 'region': return [...[...REGION_CODES].sort(), 'abroad', 'unknown'];
    case 'organisationType': return [...ORGANISATION_TYPES, 'unknown'];
    case 'channel': return [...CHANNEL_CODES];
    case 'month': return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    case 'citizenship': return null;
  }
}

const COL = { presumed: 0, identified: 1, anonymous: 2 } as const;

const sortCitizenship = (m: Map<string, number[]>) =>
  // Countries in code order, 'unknown' last.
  new Map([...m.entries()].sort(([a], [b]) => (a === 'unknown' ? 1 : b === 'unknown' ? -1 : a.localeCompare(b))));

/** One breakdown counted on its own (one grouped query for the cases, one for the anonymous notifications). */
async function breakdownByItself(trx: Tx, table: TStatTableId, period: Period, situation: string, year: number): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const k of fixedKeys(table, year) ?? []) out.set(k, [0, 0, 0]);
  const add = (k: string | null, col: number, n: number) => {
    const key = k ?? 'unknown';
    const row = out.get(key) ?? [0, 0, 0];
    row[col]! += Number(n);
    out.set(key, row);
  };
  for (const r of await repo.caseCounts(trx, table, period, situation)) add(r.k, COL[r.s as 'presumed' | 'identified'], r.n);
  // Anonymous notifications are presumed victims of trafficking (the form says so); none for smuggling.
  if (situation === 'trafficking') for (const r of await repo.anonymousCounts(trx, table, period, FORM_CODES)) if (r.n > 0) add(r.k, COL.anonymous, r.n);
  return table === 'citizenship' ? sortCitizenship(out) : out;
}

/**
 * Raw counts of every breakdown: table → key → [presumed, identified, anonymous] (before disclosure
 * control: never sent as such), from one grouped statement (`victimGroups`); the loop below runs over its
 * groups (status × citizenship × organisation), never over cases. A table that met a key outside its
 * known list (data that bypassed validation) is recounted by itself, so nothing is ever dropped.
 */
export async function rawBreakdowns(trx: Tx, period: Period, situation: string, year: number): Promise<Map<TStatTableId, Map<string, number[]>>> {
  const out = new Map<TStatTableId, Map<string, number[]>>(STAT_TABLES.map((t) => [t, new Map((fixedKeys(t, year) ?? []).map((k) => [k, [0, 0, 0]]))]));
  const keys = Object.fromEntries(FIXED_KEY_TABLES.map((t) => [t, fixedKeys(t, year)!])) as Record<FixedKeyTable, string[]>;
  const add = (t: TStatTableId, key: string, col: number, n: number) => {
    if (n === 0) return;
    const table = out.get(t)!;
    const row = table.get(key) ?? [0, 0, 0];
    row[col]! += n;
    table.set(key, row);
  };
  const recount = new Set<TStatTableId>();
  for (const g of await repo.victimGroups(trx, period, situation, keys, FORM_CODES)) {
    const col = COL[g.s];
    add('citizenship', g.citizenship ?? 'unknown', col, g.n);
    add('organisationType', g.orgType ?? 'unknown', col, g.n);
    for (const t of FIXED_KEY_TABLES) {
      const counts = g.fixed[t];
      keys[t].forEach((k, i) => add(t, k, col, counts[i]!));
      if (counts[keys[t].length]! > 0) recount.add(t);
    }
    FORM_CODES.forEach((f, i) => add('form', f, col, g.forms[i]!));
    add('form', 'not_specified', col, g.forms[FORM_CODES.length]!);
    if (g.forms[FORM_CODES.length + 1]! > 0) recount.add('form');
  }
  for (const t of recount) out.set(t, await breakdownByItself(trx, t, period, situation, year));
  out.set('citizenship', sortCitizenship(out.get('citizenship')!));
  return out;
}

/** Raw counts of one breakdown: key → [presumed, identified, anonymous] (before disclosure control: never sent as such). */
export async function rawBreakdown(trx: Tx, table: TStatTableId, period: Period, situation: string, year: number): Promise<Map<string, number[]>> {
  return (await rawBreakdowns(trx, period, situation, year)).get(table)!;
}

function toTable(id: string, columns: readonly string[], keys: string[], rows: number[][], threshold: number, additive: boolean, linked?: LinkedMargins): TStatTable {
  const r = protectBreakdown(rows, columns.length, { threshold, additive, ...(linked ? { linked } : {}) });
  return {
    id,
    columns: [...columns],
    additive,
    rows: keys.map((key, i) => ({ key, cells: r.cells[i]!, total: r.rowTotals[i]! })),
    columnTotals: r.columnTotals,
    total: r.total,
  };
}

export function currentYear(p: Platform): number {
  return Number(localDate(new Date(), p.config.timezone).slice(0, 4));
}

/** All the figures of a year for one situation, protected. Also used by the exports, so they say the same. */
export async function computeFigures(p: Platform, trx: Tx, year: number, situation: 'trafficking' | 'smuggling'): Promise<TStatistics> {
  const threshold = STATISTICS_CONFIG.disclosureThreshold;
  const period = yearPeriod(year);
  const sit = await repo.situationCounts(trx, period);
  const headlineRaw = (s: string) => [
    Number(sit.cases.find((r) => r.k === s && r.s === 'presumed')?.n ?? 0),
    Number(sit.cases.find((r) => r.k === s && r.s === 'identified')?.n ?? 0),
    s === 'trafficking' ? sit.anonymous : 0,
  ];
  const headlines = Object.fromEntries(
    (['trafficking', 'smuggling'] as const).map((s) => [s, protect1D(STAT_COLUMNS.map((c, i) => ({ key: c, value: headlineRaw(s)[i]! })), { threshold })]),
  ) as Record<'trafficking' | 'smuggling', ReturnType<typeof protect1D>>;
  // Trafficking vs smuggling: the two totals are published in their own headlines.
  const tTotal = headlineRaw('trafficking').reduce((a, b) => a + b, 0);
  const sTotal = headlineRaw('smuggling').reduce((a, b) => a + b, 0);
  const hidden = [headlines.trafficking.total.suppressed, headlines.smuggling.total.suppressed];
  const situations = protectTable(
    { values: [tTotal, sTotal, tTotal + sTotal], lines: [{ inner: [0, 1], total: 2 }] },
    { threshold, forced: [0, 1].filter((i) => hidden[i]), released: [0, 1].filter((i) => !hidden[i]) },
  );
  const headline = headlines[situation];
  const linked: LinkedMargins = { columns: headline.cells.map((c) => c.suppressed), total: headline.total.suppressed };
  const tables: TStatTable[] = [];
  const all = await rawBreakdowns(trx, period, situation, year);
  for (const id of STAT_TABLES) {
    const raw = all.get(id)!;
    const keys = [...raw.keys()];
    const rows = keys.map((k) => raw.get(k)!);
    const additive = id !== 'form';
    if (additive) {
      // Every case falls in exactly one row: the columns must add up to the headline.
      const sums = STAT_COLUMNS.map((_, c) => rows.reduce((s, r) => s + r[c]!, 0));
      if (sums.some((v, c) => v !== headlineRaw(situation)[c])) throw new Error(`statistics: ${id} does not add up to the headline figures`);
    }
    tables.push(toTable(id, STAT_COLUMNS, keys, rows, threshold, additive, additive ? linked : undefined));
  }
  for (const source of STATISTICS_SOURCES) {
    for (const b of await source.breakdowns(trx, period, situation, { timezone: p.config.timezone })) {
      const id = `${source.id}.${b.id}`;
      const rows = b.rows.map((r) => r.cells);
      // The year's victims once each, by the headline's columns: same totals, so the same suppression.
      const ofVictims = b.additive && b.columns.length === STAT_COLUMNS.length && b.columns.every((c, i) => c === STAT_COLUMNS[i]);
      if (ofVictims) {
        const sums = STAT_COLUMNS.map((_, c) => rows.reduce((s, r) => s + r[c]!, 0));
        if (sums.some((v, c) => v !== headlineRaw(situation)[c])) throw new Error(`statistics: ${id} does not add up to the headline figures`);
      }
      tables.push(toTable(id, b.columns, b.rows.map((r) => r.key), rows, threshold, b.additive, ofVictims ? linked : undefined));
    }
  }
  const range = await repo.yearRange(trx);
  const now = currentYear(p);
  const first = Math.min(range.min ?? now, year);
  const years = Array.from({ length: Math.max(now, range.max ?? now) - first + 1 }, (_, i) => first + i).filter((y) => y <= now);
  return {
    year,
    situation,
    threshold,
    columns: [...STAT_COLUMNS],
    headline: { cells: headline.cells.map((c) => c.value), total: headline.total.value },
    situations: { trafficking: situations.values[0]!, smuggling: situations.values[1]!, total: situations.values[2]! },
    tables,
    years,
  };
}

export function checkYear(p: Platform, year: number | undefined): number {
  const now = currentYear(p);
  const y = year ?? now;
  if (y > now) throw AppError.validation([{ path: 'year', code: 'date_in_future' }]);
  return y;
}

export const statisticsService = {
  async figures(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZStatisticsQuery>): Promise<TStatistics> {
    if (!policy.view(actor)) throw AppError.forbidden();
    const year = checkYear(p, input.year);
    const result = await computeFigures(p, trx, year, input.situation);
    await recordAudit(p, trx, actor, { action: 'statistics.read', details: { year, situation: input.situation } });
    return result;
  },
};
