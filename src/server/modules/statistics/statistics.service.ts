/**
 * The commission's figures: counts kept up to date as the records change (statistics.facts), protected by
 * disclosure control (disclosure.ts) before anyone sees them, as ONE release per year (statistics.release.ts):
 * both situations, every dashboard table, the UNODC categories of GLOTIP and the report's tables, with the
 * identities between them, so that no hidden figure is a subtraction away in another table. The headline
 * figures are chosen as complements last. Periods are whole calendar years (see contract/statistics.ts).
 */
import { z } from 'zod';
import statisticsConfigFile from '../../../../data/config/statistics.json';
import { ORGANISATION_TYPES } from '../../../contract/common';
import { TAXONOMY } from '../../../contract/reference';
import {
  NATIONALITY_KEYS, SEX_AGE_KEYS, SITUATIONS, STAT_COLUMNS, STAT_TABLES, ZStatisticsQuery,
  type TStatistics, type TStatTableId,
} from '../../../contract/statistics';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { localDate } from '../timelines/calendar';
import { REGION_CODES } from '../reference/reference.service';
import { addTable, cellKey, headlineKey, readTable, ReleaseModel, type ReleaseTableInput } from './statistics.release';
import { statisticsPolicy as policy } from './statistics.policy';
import { STATISTICS_SOURCES, type StatisticsSource } from './statistics.sources';
import { yearCounts, yearsCounted, type YearCounts } from './statistics.facts';

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

type Situation = (typeof SITUATIONS)[number];

const COL = { presumed: 0, identified: 1, anonymous: 2 } as const;

const sortCitizenship = (m: Map<string, number[]>) =>
  // Countries in code order, 'unknown' last.
  new Map([...m.entries()].sort(([a], [b]) => (a === 'unknown' ? 1 : b === 'unknown' ? -1 : a.localeCompare(b))));

/** One table of one situation from the year's counts: key → [presumed, identified, anonymous]. */
function countsOf(counts: YearCounts, situation: string, table: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [status, tables] of counts.get(situation) ?? []) {
    for (const [key, n] of tables.get(table) ?? []) {
      const row = out.get(key) ?? [0, 0, 0];
      row[COL[status]]! += n;
      out.set(key, row);
    }
  }
  return out;
}

/**
 * Raw counts of every breakdown of one situation (before disclosure control: never sent as such): table →
 * key → [presumed, identified, anonymous], the known rows first (zeros included), then any other key the
 * records have (data that bypassed validation is shown as its own row, never dropped).
 */
function breakdownsOf(counts: YearCounts, situation: string, year: number): Map<TStatTableId, Map<string, number[]>> {
  const out = new Map<TStatTableId, Map<string, number[]>>();
  for (const t of STAT_TABLES) {
    const table = new Map((fixedKeys(t, year) ?? []).map((k) => [k, [0, 0, 0]]));
    for (const [k, row] of countsOf(counts, situation, t)) table.set(k, row);
    out.set(t, t === 'citizenship' ? sortCitizenship(table) : table);
  }
  return out;
}

export async function rawBreakdowns(trx: Tx, situation: string, year: number): Promise<Map<TStatTableId, Map<string, number[]>>> {
  return breakdownsOf(await yearCounts(trx, year), situation, year);
}

/** Raw counts of one breakdown: key → [presumed, identified, anonymous] (before disclosure control: never sent as such). */
export async function rawBreakdown(trx: Tx, table: TStatTableId, situation: string, year: number): Promise<Map<string, number[]>> {
  return (await rawBreakdowns(trx, situation, year)).get(table)!;
}

/** A source's tables (statistics.sources) from the year's counts, its known rows in order, then any other key. */
export function sourceTables(counts: YearCounts, source: StatisticsSource, situation: string): { id: string; keys: string[]; rows: number[][] }[] {
  return source.tables.map((t) => {
    const raw = countsOf(counts, situation, `${source.id}.${t.id}`);
    const keys = [...t.keys, ...[...raw.keys()].filter((k) => !t.keys.includes(k))];
    return { id: t.id, keys, rows: keys.map((k) => raw.get(k) ?? [0, 0, 0]) };
  });
}

export function currentYear(p: Platform): number {
  return Number(localDate(new Date(), p.config.timezone).slice(0, 4));
}

/** UNODC categories a victim can be counted in (taxonomy `unodcCategories` that are recorded), then 'not_specified'. */
export const UNODC_ROWS = [...TAXONOMY.unodcCategories.filter((c) => !('recorded' in c) || c.recorded !== false).map((c) => c.code), 'not_specified'];
/** UNODC categories no national form maps to: published as not available, never as zero. */
export const UNODC_NOT_RECORDED = TAXONOMY.unodcCategories.filter((c) => 'recorded' in c && c.recorded === false).map((c) => c.code);
const FORM_GROUPS = TAXONOMY.nationalFormGroups;
// Checked when the module loads: every national form has its UNODC category, every grouped row known forms.
for (const f of TAXONOMY.exploitationForms) if (!UNODC_ROWS.includes(f.unodc)) throw new Error(`taxonomy: ${f.code} maps to an unknown UNODC category ${f.unodc}`);
for (const g of FORM_GROUPS) for (const f of g.forms) if (!FORM_CODES.includes(f)) throw new Error(`taxonomy: group ${g.code} lists an unknown form ${f}`);

/** The national forms table's rows: each grouped row (law 27-14's "sexual exploitation") just before its forms. */
const FORM_ROWS = FORM_CODES.flatMap((f) => [...FORM_GROUPS.filter((g) => g.forms[0] === f).map((g) => g.code), f]);

export type Release = { trafficking: TStatistics; smuggling: TStatistics; model: ReleaseModel };

/**
 * Every figure of a year, both situations, protected together as one release (statistics.release.ts): the
 * dashboard, the GLOTIP export and the annual report all read from it, so no figure hidden in one can be
 * worked out from what another shows.
 */
export async function computeRelease(p: Platform, trx: Tx, year: number): Promise<Release> {
  const threshold = STATISTICS_CONFIG.disclosureThreshold;
  const counts = await yearCounts(trx, year);
  const headlineRaw = (s: Situation) => countsOf(counts, s, 'total').get('') ?? [0, 0, 0];
  const m = new ReleaseModel();
  for (const s of SITUATIONS) {
    for (const c of [...STAT_COLUMNS, '*']) {
      m.same(cellKey(s, 'nationality', 'moroccan', c), cellKey(s, 'citizenship', 'MA', c));
      m.same(cellKey(s, 'nationality', 'unknown', c), cellKey(s, 'citizenship', 'unknown', c));
    }
  }
  m.same(cellKey('trafficking', 'unodcForm', 'not_specified', '*'), cellKey('trafficking', 'form', 'not_specified', '*'));
  for (const s of SITUATIONS) {
    const raw = headlineRaw(s);
    STAT_COLUMNS.forEach((c, i) => m.cell(headlineKey(s, c), raw[i]!));
    m.cell(headlineKey(s, '*'), raw.reduce((a, b) => a + b, 0));
    m.line(STAT_COLUMNS.map((c) => headlineKey(s, c)), headlineKey(s, '*'));
    // The headline figures are what the commission is asked for first, and every table of the year's victims
    // adds up to them: complements are taken anywhere else first, even a zero (a small smuggling figure hides
    // the year's total, not the trafficking one).
    for (const c of [...STAT_COLUMNS, '*']) m.avoid(headlineKey(s, c));
  }
  m.cell('all:*', SITUATIONS.reduce((sum, s) => sum + headlineRaw(s).reduce((a, b) => a + b, 0), 0));
  m.line(SITUATIONS.map((s) => headlineKey(s, '*')), 'all:*');

  const inputs = new Map<Situation, ReleaseTableInput[]>();
  for (const s of SITUATIONS) {
    const list: ReleaseTableInput[] = [];
    const all = breakdownsOf(counts, s, year);
    const groups = countsOf(counts, s, 'formGroup');
    for (const id of STAT_TABLES) {
      const raw = all.get(id)!;
      if (id === 'form') {
        const keys = [...FORM_ROWS, ...[...raw.keys()].filter((k) => !FORM_CODES.includes(k))];
        list.push({ id, keys, columns: STAT_COLUMNS, rows: keys.map((k) => groups.get(k) ?? raw.get(k) ?? [0, 0, 0]), margins: 'rows' });
      } else {
        const keys = [...raw.keys()];
        list.push({ id, keys, columns: STAT_COLUMNS, rows: keys.map((k) => raw.get(k)!), margins: 'victims' });
      }
    }
    // Every victim is in one row of each of a source's tables, by the headline's columns: they add up to the headline.
    for (const source of STATISTICS_SOURCES) {
      for (const t of sourceTables(counts, source, s)) list.push({ id: `${source.id}.${t.id}`, keys: t.keys, columns: STAT_COLUMNS, rows: t.rows, margins: 'victims' });
    }
    if (s === 'trafficking') {
      // Keys 'category|sexAge', every status together (GLOTIP counts detected victims).
      const raw = [...countsOf(counts, s, 'unodc')].map(([key, row]) => ({ f: key.split('|')[0]!, k: key.split('|')[1]!, n: row.reduce((a, b) => a + b, 0) }));
      const rows = UNODC_ROWS.map((f) => SEX_AGE_KEYS.map((k) => raw.filter((r) => r.f === f && r.k === k).reduce((sum, r) => sum + r.n, 0)));
      if (raw.some((r) => !UNODC_ROWS.includes(r.f))) throw new Error('statistics: a form maps to a UNODC category outside the taxonomy');
      list.push({
        id: 'unodcForm', keys: UNODC_ROWS, columns: SEX_AGE_KEYS, rows,
        margins: { columnTotals: SEX_AGE_KEYS.map((k) => cellKey(s, 'sexAge', k, '*')), total: headlineKey(s, '*') },
      });
    }
    for (const t of list) addTable(m, s, t, STAT_COLUMNS);
    // Anonymous notifications are trafficking only: the smuggling column is known to be zero.
    if (s === 'smuggling') for (const t of list) if (t.margins !== 'own' && t.columns.includes('anonymous')) for (const k of [...t.keys, '*']) m.structuralZero(k === '*' && t.margins === 'victims' ? headlineKey(s, 'anonymous') : cellKey(s, t.id, k, 'anonymous'));
    // "Foreign" is every country other than Morocco (and unknown) of the citizenship table.
    const countries = all.get('citizenship')!;
    const foreign = [...countries.keys()].filter((k) => k !== 'MA' && k !== 'unknown');
    for (const c of [...STAT_COLUMNS, '*']) m.line(foreign.map((k) => cellKey(s, 'citizenship', k, c)), cellKey(s, 'nationality', 'foreign', c));
    inputs.set(s, list);
  }
  m.protect(threshold);

  const now = currentYear(p);
  const withData = await yearsCounted(trx);
  // Years with data, the current year (the default view) and the one asked for.
  const years = [...new Set([...withData, now, year])].filter((y) => y <= now).sort((a, b) => a - b);
  const figures = (s: Situation): TStatistics => ({
    year,
    situation: s,
    threshold,
    columns: [...STAT_COLUMNS],
    headline: { cells: STAT_COLUMNS.map((c) => m.get(headlineKey(s, c))), total: m.get(headlineKey(s, '*')) },
    situations: { trafficking: m.get(headlineKey('trafficking', '*')), smuggling: m.get(headlineKey('smuggling', '*')), total: m.get('all:*') },
    tables: inputs.get(s)!.map((t) => {
      const r = readTable(m, s, t, STAT_COLUMNS);
      return { id: t.id, columns: [...t.columns], additive: t.margins !== 'rows', rows: r.rows, columnTotals: r.columnTotals, total: r.total };
    }),
    years,
    notAvailable: s === 'trafficking' ? { unodcForm: UNODC_NOT_RECORDED } : {},
  });
  return { trafficking: figures('trafficking'), smuggling: figures('smuggling'), model: m };
}

/** All the figures of a year for one situation, protected with the whole release. */
export async function computeFigures(p: Platform, trx: Tx, year: number, situation: Situation): Promise<TStatistics> {
  return (await computeRelease(p, trx, year))[situation];
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
