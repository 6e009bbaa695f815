/**
 * Standard exports, permission-gated and audited, never with names, exact dates of birth or free text:
 * (a) UNODC GLOTIP detected-victim tables (CSV or XLSX), from the same protected figures as the dashboard;
 * (b) CTDC/HTCDS-aligned victim microdata, k-anonymised (kanon.ts), with the report of what was
 *     generalised and suppressed; (c) the SDG 16.2.2 rate per 100,000 inhabitants.
 * GLOTIP counts "detected" victims: presumed and identified victims and anonymous notifications. Its persons
 * suspected, prosecuted and convicted (by sex and citizenship) come from the justice module's statistics,
 * already protected there, so the two never show different suppression patterns of the same table.
 */
import ExcelJS from 'exceljs';
import { z } from 'zod';
import populationFile from '../../../../data/config/population-MA.json';
import { SEX_AGE_KEYS, ZExportQuery, type TKAnonReport, type TSdgRate, type TStatTable } from '../../../contract/statistics';
import { TAXONOMY } from '../../../contract/reference';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { justiceFigures } from '../justice/justice.service';
import { CITIZENSHIP_COLS, SEX_ROWS } from '../justice/justice.stats';
import { protectBreakdown } from './disclosure';
import { kAnonymise, victimHierarchies, type VictimQi } from './kanon';
import { statisticsPolicy as policy } from './statistics.policy';
import { statisticsRepository as repo, unodcFormBySexAge, yearPeriod } from './statistics.repository';
import { checkYear, computeFigures, STATISTICS_CONFIG } from './statistics.service';

type ExportInput = z.output<typeof ZExportQuery>;
export type ExportFile = { body: string | Buffer; fileName: string; contentType: string };

/** The suppression mark in files (the same for every suppressed cell). */
export const SUPPRESSED = 'c';

// ---- CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs read Arabic correctly) ------------------
export function toCsv(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + [columns, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

const shown = (v: number | null): string | number => (v === null ? SUPPRESSED : v);

// ---- (a) GLOTIP --------------------------------------------------------------------------------------
export const GLOTIP_COLUMNS = ['country', 'year', 'table', 'category', 'women', 'men', 'girls', 'boys', 'sex_age_unknown', 'total'] as const;
export const UNODC_CATEGORIES = [...new Set(TAXONOMY.exploitationForms.map((f) => f.unodc))];

export async function glotipRows(p: Platform, trx: Tx, year: number): Promise<(string | number)[][]> {
  const figures = await computeFigures(p, trx, year, 'trafficking');
  const table = (id: string) => figures.tables.find((t) => t.id === id) as TStatTable;
  const sexAge = table('sexAge');
  const bySexAge = SEX_AGE_KEYS.map((k) => sexAge.rows.find((r) => r.key === k)!.total);
  const rows: (string | number)[][] = [['MAR', year, 'detected_victims_by_sex_age', 'all', ...bySexAge.map(shown), shown(sexAge.total)]];
  // By form × sex-age: one victim may count in several forms, so only the rows add up (to their totals).
  const raw = await unodcFormBySexAge(trx, yearPeriod(year), TAXONOMY.exploitationForms);
  const cats = [...UNODC_CATEGORIES, 'not_specified'];
  const cells = cats.map((f) => SEX_AGE_KEYS.map((k) => raw.filter((r) => r.f === f && r.k === k).reduce((s, r) => s + r.n, 0)));
  const forms = protectBreakdown(cells, SEX_AGE_KEYS.length, { threshold: figures.threshold, additive: false });
  cats.forEach((f, i) => rows.push(['MAR', year, 'detected_victims_by_form', f, ...forms.cells[i]!.map(shown), shown(forms.rowTotals[i]!)]));
  for (const r of table('citizenship').rows) rows.push(['MAR', year, 'detected_victims_by_citizenship', r.key, '', '', '', '', '', shown(r.total)]);
  return rows;
}

/** Persons suspected / prosecuted / convicted: one row per citizenship (and 'all'), one column per sex. */
export const GLOTIP_PERSON_COLUMNS = ['country', 'year', 'table', 'citizenship', 'female', 'male', 'sex_other_unknown', 'total'] as const;
export const GLOTIP_PERSON_TABLES = { persons_suspected: 'suspects', persons_prosecuted: 'prosecuted', persons_convicted: 'convicted' } as const;

/** Year: proceedings whose complaint was made that year (as the justice statistics count them). */
export async function glotipPersonRows(trx: Tx, year: number): Promise<(string | number)[][]> {
  const f = await justiceFigures(trx, year);
  const v = (c: { value: number | null; suppressed: boolean }) => (c.suppressed || c.value === null ? SUPPRESSED : c.value);
  const rows: (string | number)[][] = [];
  for (const [name, key] of Object.entries(GLOTIP_PERSON_TABLES)) {
    const t = f[key];
    if (t.rows.join() !== SEX_ROWS.join() || t.cols.join() !== CITIZENSHIP_COLS.join()) throw new Error('glotip: unexpected justice table layout');
    CITIZENSHIP_COLS.forEach((c, j) => rows.push(['MAR', year, name, c, ...t.cells.map((r) => v(r[j]!)), v(t.colTotals[j]!)]));
    rows.push(['MAR', year, name, 'all', ...t.rowTotals.map(v), v(t.total)]);
  }
  return rows;
}

// ---- (b) CTDC microdata --------------------------------------------------------------------------------
export const CTDC_FLAGS = ['isForcedLabour', 'isSexualExploit', 'isOtherExploit', 'isSexAndLabour', 'isForcedMarriage', 'isForcedMilitary', 'isOrganRemoval', 'isSlaveryAndPractices'] as const;
export const CTDC_COLUMNS = [
  'yearOfRegistration', 'Datasource', 'gender', 'ageBroad', 'majorityStatus', 'citizenship', 'regionOfExploitation', 'traffickingStatus',
  ...CTDC_FLAGS, 'typeOfExploitConcatenated',
] as const;

const GENDER: Record<string, string> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' };
const MINOR_BANDS = new Set(['0--8', '9--17', '0--17', 'minor']);
const FORM_INFO = new Map(TAXONOMY.exploitationForms.map((f) => [f.code, f]));

async function anonymisedMicrodata(trx: Tx, year: number) {
  const { rows, forms } = await repo.microdata(trx, yearPeriod(year));
  const formsOf = new Map<string, string[]>();
  for (const f of forms) formsOf.set(f.id, [...(formsOf.get(f.id) ?? []), f.form]);
  const records = rows
    .filter((r) => r.situation === 'trafficking')
    .map((r) => {
      const age = r.age === null ? null : Number(r.age);
      const qi: VictimQi = { sex: r.sex, age, minor: Number(r.uncertain) === 1 || (age !== null && age < 18), nationality: r.nationality === 'unknown' ? null : r.nationality, year: Number(r.year), region: r.region };
      return { qi, status: r.status, forms: formsOf.get(r.id) ?? [] };
    });
  const { k, maxSuppressionRate } = STATISTICS_CONFIG.kAnonymity;
  const result = kAnonymise(records, victimHierarchies(STATISTICS_CONFIG.countryGroups).map((h) => ({ ...h, levels: h.levels.map((l) => ({ label: l.label, of: (r: (typeof records)[number]) => l.of(r.qi) })) })), { k, maxSuppressionRate });
  const lines = result.released.map(({ record, qi }) => {
    const ctdc = new Set(record.forms.map((f) => FORM_INFO.get(f)?.ctdc).filter(Boolean));
    const groups = new Set(record.forms.map((f) => FORM_INFO.get(f)?.group));
    const flags: Record<string, number> = Object.fromEntries(CTDC_FLAGS.map((f) => [f, ctdc.has(f) ? 1 : 0]));
    flags.isSexAndLabour = groups.has('sexual') && groups.has('labour') ? 1 : 0;
    const age = qi.ageBroad!;
    const line = [
      qi.yearOfRegistration!, 'Case Management', qi.gender === '*' ? '*' : GENDER[qi.gender!] ?? 'Unknown', age,
      age === '*' ? '*' : MINOR_BANDS.has(age) ? 'Minor' : age === 'unknown' ? 'Unknown' : 'Adult',
      qi.citizenship!, qi.regionOfExploitation!, record.status === 'identified' ? 'ActualVictimOfTrafficking' : 'PossibleVictimOfTrafficking',
      ...CTDC_FLAGS.map((f) => flags[f]!), CTDC_FLAGS.filter((f) => flags[f] === 1).join(';'),
    ];
    return line;
  });
  // Rows in a neutral order (sorted values), never in the order of registration.
  lines.sort((a, b) => a.join('\u0001').localeCompare(b.join('\u0001')));
  return { lines, report: { year, ...result.report } satisfies TKAnonReport };
}

// ---- (c) SDG 16.2.2 --------------------------------------------------------------------------------------
const ZPopulation = z.object({ source: z.string(), years: z.record(z.string(), z.object({ women: z.number().int().positive(), men: z.number().int().positive(), girls: z.number().int().positive(), boys: z.number().int().positive() })) });
const POPULATION = ZPopulation.parse(populationFile);

async function sdgRate(p: Platform, trx: Tx, year: number): Promise<TSdgRate> {
  const pop = POPULATION.years[String(year)];
  if (!pop) throw AppError.validation([{ path: 'year', code: 'no_population_data' }]);
  const figures = await computeFigures(p, trx, year, 'trafficking');
  const sexAge = figures.tables.find((t) => t.id === 'sexAge')!;
  const rate = (v: number | null, n: number) => (v === null ? null : Math.round((v / n) * 1e5 * 1000) / 1000);
  const groups = ['women', 'men', 'girls', 'boys'] as const;
  const total = pop.women + pop.men + pop.girls + pop.boys;
  return {
    year,
    populationSource: POPULATION.source,
    rows: [
      ...groups.map((g) => { const v = sexAge.rows.find((r) => r.key === g)!.total; return { group: g, victims: v, population: pop[g], ratePer100k: rate(v, pop[g]) }; }),
      { group: 'total' as const, victims: sexAge.total, population: total, ratePer100k: rate(sexAge.total, total) },
    ],
  };
}
export const SDG_COLUMNS = ['country', 'year', 'indicator', 'group', 'victims', 'population', 'rate_per_100000'] as const;

async function audited(p: Platform, trx: Tx, actor: Actor, kind: string, year: number, format: string, extra: Record<string, unknown> = {}) {
  await recordAudit(p, trx, actor, { action: 'statistics.export', details: { kind, year, format, ...extra } });
}

export const exportsService = {
  async glotip(p: Platform, trx: Tx, actor: Actor, input: ExportInput): Promise<ExportFile> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const year = checkYear(p, input.year);
    const rows = await glotipRows(p, trx, year);
    await audited(p, trx, actor, 'glotip', year, input.format);
    if (input.format === 'xlsx') {
      const wb = new ExcelJS.Workbook();
      wb.creator = 'OpenNRM';
      for (const t of ['detected_victims_by_sex_age', 'detected_victims_by_form', 'detected_victims_by_citizenship']) {
        const ws = wb.addWorksheet(t.replace('detected_victims_', 'victims_').slice(0, 31));
        ws.addRow([...GLOTIP_COLUMNS]);
        ws.getRow(1).font = { bold: true };
        for (const r of rows.filter((x) => x[2] === t)) ws.addRow(r);
        ws.columns.forEach((c) => { c.width = 16; });
      }
      const notes = wb.addWorksheet('notes');
      notes.addRow([`Suppressed cells are marked "${SUPPRESSED}" (1 to 4 victims, or hidden so that such a figure cannot be worked out from the totals).`]);
      notes.addRow(['Detected victims: presumed and identified victims and anonymous notifications of the year of identification.']);
      return { body: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `glotip-MAR-${year}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    }
    return { body: toCsv(GLOTIP_COLUMNS, rows), fileName: `glotip-MAR-${year}.csv`, contentType: 'text/csv; charset=utf-8' };
  },

  async glotipPersons(p: Platform, trx: Tx, actor: Actor, input: ExportInput): Promise<ExportFile> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const year = checkYear(p, input.year);
    const rows = await glotipPersonRows(trx, year);
    await audited(p, trx, actor, 'glotip_persons', year, input.format);
    if (input.format === 'xlsx') {
      const wb = new ExcelJS.Workbook();
      wb.creator = 'OpenNRM';
      for (const t of Object.keys(GLOTIP_PERSON_TABLES)) {
        const ws = wb.addWorksheet(t);
        ws.addRow([...GLOTIP_PERSON_COLUMNS]);
        ws.getRow(1).font = { bold: true };
        for (const r of rows.filter((x) => x[2] === t)) ws.addRow(r);
        ws.columns.forEach((c) => { c.width = 16; });
      }
      const notes = wb.addWorksheet('notes');
      notes.addRow([`Suppressed cells are marked "${SUPPRESSED}" (1 to 4 persons, or hidden so that such a figure cannot be worked out from the totals).`]);
      notes.addRow(['Persons (defendants) in criminal proceedings whose complaint was made in the year; citizenship: Moroccan, foreign, not recorded.']);
      return { body: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `glotip-persons-MAR-${year}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    }
    return { body: toCsv(GLOTIP_PERSON_COLUMNS, rows), fileName: `glotip-persons-MAR-${year}.csv`, contentType: 'text/csv; charset=utf-8' };
  },

  async ctdc(p: Platform, trx: Tx, actor: Actor, input: ExportInput): Promise<ExportFile> {
    if (!policy.export(actor)) throw AppError.forbidden();
    if (input.format !== 'csv') throw AppError.validation([{ path: 'format', code: 'csv_only' }]);
    const year = checkYear(p, input.year);
    const { lines, report } = await anonymisedMicrodata(trx, year);
    await audited(p, trx, actor, 'ctdc', year, 'csv', { k: report.k, released: report.released, suppressed: report.suppressed });
    return { body: toCsv(CTDC_COLUMNS, lines), fileName: `ctdc-microdata-MAR-${year}-k${report.k}.csv`, contentType: 'text/csv; charset=utf-8' };
  },

  async ctdcReport(p: Platform, trx: Tx, actor: Actor, input: ExportInput): Promise<TKAnonReport> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const year = checkYear(p, input.year);
    const { report } = await anonymisedMicrodata(trx, year);
    await audited(p, trx, actor, 'ctdc_report', year, 'json');
    return report;
  },

  async sdg(p: Platform, trx: Tx, actor: Actor, input: ExportInput): Promise<TSdgRate> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const year = checkYear(p, input.year);
    const r = await sdgRate(p, trx, year);
    await audited(p, trx, actor, 'sdg_16_2_2', year, 'json');
    return r;
  },

  async sdgCsv(p: Platform, trx: Tx, actor: Actor, input: ExportInput): Promise<ExportFile> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const year = checkYear(p, input.year);
    const r = await sdgRate(p, trx, year);
    await audited(p, trx, actor, 'sdg_16_2_2', year, 'csv');
    const rows = r.rows.map((x) => ['MAR', year, 'SDG 16.2.2', x.group, shown(x.victims), x.population, x.ratePer100k === null ? SUPPRESSED : x.ratePer100k]);
    return { body: toCsv(SDG_COLUMNS, rows), fileName: `sdg-16-2-2-MAR-${year}.csv`, contentType: 'text/csv; charset=utf-8' };
  },
};
