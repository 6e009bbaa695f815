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
import countries from 'i18n-iso-countries';
import { SEX_AGE_KEYS, UNODC_TABLE, ZExportJobCreate, ZExportQuery, type TExportJob, type TExportKind, type TKAnonReport, type TSdgRate, type TStatTable } from '../../../contract/statistics';
import { TAXONOMY } from '../../../contract/reference';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { ExportJobsTable } from '../../platform/db/schema';
import { newId, nowIso } from '../../platform/ids';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { justiceFigures } from '../justice/justice.service';
import { CITIZENSHIP_COLS, SEX_ROWS } from '../justice/justice.stats';
import { kAnonymise, victimHierarchies, type VictimQi } from './kanon';
import { statisticsPolicy as policy } from './statistics.policy';
import { statisticsRepository as repo, yearPeriod } from './statistics.repository';
import { checkYear, computeFigures, STATISTICS_CONFIG } from './statistics.service';
import { toCsv } from '../../platform/csv';

type ExportInput = z.output<typeof ZExportQuery>;
export type ExportFile = { body: string | Buffer; fileName: string; contentType: string };

/** The suppression mark in files (the same for every suppressed cell). */
export const SUPPRESSED = 'c';

// ---- CSV: platform/csv.ts (formula cells neutralised) -------------------------------------------------
export { toCsv };

const shown = (v: number | null): string | number => (v === null ? SUPPRESSED : v);

// ---- (a) GLOTIP --------------------------------------------------------------------------------------
export const GLOTIP_COLUMNS = ['country', 'year', 'table', 'category', 'women', 'men', 'girls', 'boys', 'sex_age_unknown', 'total'] as const;
export const UNODC_CATEGORIES = [...new Set(TAXONOMY.exploitationForms.map((f) => f.unodc))];

export async function glotipRows(p: Platform, trx: Tx, year: number): Promise<(string | number)[][]> {
  const figures = await computeFigures(p, trx, year, 'trafficking');
  const table = (id: string) => figures.tables.find((t) => t.id === id) as TStatTable;
  const sexAge = table('sexAge');
  const bySexAge = SEX_AGE_KEYS.map((k) => sexAge.rows.find((r) => r.key === k)!.total);
  const rows: (string | number)[][] = [[COUNTRY, year, 'detected_victims_by_sex_age', 'all', ...bySexAge.map(shown), shown(sexAge.total)]];
  // By UNODC category × sex-age, each victim once (its category, 'mixed' or 'not_specified'): protected with
  // the dashboard as one release; categories no national form maps to are left empty (not available).
  const forms = table(UNODC_TABLE);
  for (const r of forms.rows) rows.push([COUNTRY, year, 'detected_victims_by_form', r.key, ...r.cells.map(shown), shown(r.total)]);
  for (const code of figures.notAvailable[UNODC_TABLE] ?? []) rows.push([COUNTRY, year, 'detected_victims_by_form', code, '', '', '', '', '', '']);
  for (const r of table('citizenship').rows) rows.push([COUNTRY, year, 'detected_victims_by_citizenship', alpha3(r.key), '', '', '', '', '', shown(r.total)]);
  return rows;
}

/** Countries in ISO 3166-1 alpha-3 throughout the file, as GLOTIP uses them ('unknown' stays as is). */
const COUNTRY = 'MAR';
function alpha3(code: string): string {
  if (code === 'unknown') return code;
  const a3 = countries.alpha2ToAlpha3(code);
  if (!a3) throw new Error(`glotip: no alpha-3 code for ${code}`);
  return a3;
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
    CITIZENSHIP_COLS.forEach((c, j) => rows.push([COUNTRY, year, name, c, ...t.cells.map((r) => v(r[j]!)), v(t.colTotals[j]!)]));
    rows.push([COUNTRY, year, name, 'all', ...t.rowTotals.map(v), v(t.total)]);
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

type MicrodataRecord = { qi: VictimQi; status: string; forms: string[] };

/** The year's trafficking victims with their quasi-identifiers (read in the caller's transaction). */
async function readMicrodata(trx: Tx, year: number): Promise<MicrodataRecord[]> {
  const { rows, forms } = await repo.microdata(trx, yearPeriod(year));
  const formsOf = new Map<string, string[]>();
  for (const f of forms) {
    const list = formsOf.get(f.id);
    if (list) list.push(f.form);
    else formsOf.set(f.id, [f.form]);
  }
  const records: MicrodataRecord[] = [];
  for (const r of rows) {
    if (r.situation !== 'trafficking') continue;
    const age = r.age === null ? null : Number(r.age);
    const qi: VictimQi = { sex: r.sex, age, minor: Number(r.uncertain) === 1 || (age !== null && age < 18), nationality: r.nationality === 'unknown' ? null : r.nationality, year: Number(r.year), region: r.region };
    records.push({ qi, status: r.status, forms: formsOf.get(r.id) ?? [] });
  }
  return records;
}

async function anonymisedMicrodata(trx: Tx, year: number) {
  return anonymise(await readMicrodata(trx, year), year);
}

/** k-anonymity over the quasi-identifiers, then one CTDC line per released record (pure: no database). */
function anonymise(records: MicrodataRecord[], year: number) {
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
  // Rows in a neutral order (sorted values, code-unit order), never in the order of registration.
  const keyed = lines.map((line) => ({ key: line.join('\u0001'), line }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { lines: keyed.map((x) => x.line), report: { year, ...result.report } satisfies TKAnonReport };
}

// ---- (c) SDG 16.2.2 --------------------------------------------------------------------------------------
const ZPopulation = z.object({ source: z.string(), years: z.record(z.string(), z.object({ women: z.number().int().positive(), men: z.number().int().positive(), girls: z.number().int().positive(), boys: z.number().int().positive() })) });
const POPULATION = ZPopulation.parse(populationFile);

async function sdgRate(p: Platform, trx: Tx, year: number): Promise<TSdgRate> {
  const pop = POPULATION.years[String(year)];
  const figures = await computeFigures(p, trx, year, 'trafficking');
  const sexAge = figures.tables.find((t) => t.id === 'sexAge')!;
  const rate = (v: number | null, n: number | null) => (v === null || n === null ? null : Math.round((v / n) * 1e5 * 1000) / 1000);
  const groups = ['women', 'men', 'girls', 'boys'] as const;
  // Without population figures for the year, the victims are still given and the rate says what it lacks.
  const population = (g: (typeof groups)[number]) => (pop ? pop[g] : null);
  const total = pop ? pop.women + pop.men + pop.girls + pop.boys : null;
  return {
    year,
    populationSource: POPULATION.source,
    rows: [
      ...groups.map((g) => { const v = sexAge.rows.find((r) => r.key === g)!.total; return { group: g, victims: v, population: population(g), ratePer100k: rate(v, population(g)) }; }),
      { group: 'total' as const, victims: sexAge.total, population: total, ratePer100k: rate(sexAge.total, total) },
    ],
    missing: pop ? [] : ['population'],
  };
}
export const SDG_COLUMNS = ['country', 'year', 'indicator', 'group', 'victims', 'population', 'rate_per_100000'] as const;

async function audited(p: Platform, trx: Tx, actor: Actor, kind: string, year: number, format: string, extra: Record<string, unknown> = {}) {
  await recordAudit(p, trx, actor, { action: 'statistics.export', details: { kind, year, format, ...extra } });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv; charset=utf-8';

async function workbook(sheets: { name: string; columns: readonly string[]; rows: (string | number)[][] }[], notes: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'OpenNRM';
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name.slice(0, 31));
    ws.addRow([...sheet.columns]);
    ws.getRow(1).font = { bold: true };
    for (const r of sheet.rows) ws.addRow(r);
    ws.columns.forEach((c) => { c.width = 16; });
  }
  const ws = wb.addWorksheet('notes');
  for (const n of notes) ws.addRow([n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function glotipFile(year: number, format: string, rows: (string | number)[][]): Promise<ExportFile> | ExportFile {
  if (format !== 'xlsx') return { body: toCsv(GLOTIP_COLUMNS, rows), fileName: `glotip-MAR-${year}.csv`, contentType: CSV };
  const tables = ['detected_victims_by_sex_age', 'detected_victims_by_form', 'detected_victims_by_citizenship'];
  return workbook(tables.map((t) => ({ name: t.replace('detected_victims_', 'victims_'), columns: GLOTIP_COLUMNS, rows: rows.filter((x) => x[2] === t) })), [
    `Suppressed cells are marked "${SUPPRESSED}" (1 to 4 victims, or hidden so that such a figure cannot be worked out from the totals).`,
    'Detected victims: presumed and identified victims and anonymous notifications of the year of identification.',
  ]).then((body) => ({ body, fileName: `glotip-MAR-${year}.xlsx`, contentType: XLSX }));
}

function glotipPersonsFile(year: number, format: string, rows: (string | number)[][]): Promise<ExportFile> | ExportFile {
  if (format !== 'xlsx') return { body: toCsv(GLOTIP_PERSON_COLUMNS, rows), fileName: `glotip-persons-MAR-${year}.csv`, contentType: CSV };
  return workbook(Object.keys(GLOTIP_PERSON_TABLES).map((t) => ({ name: t, columns: GLOTIP_PERSON_COLUMNS, rows: rows.filter((x) => x[2] === t) })), [
    `Suppressed cells are marked "${SUPPRESSED}" (1 to 4 persons, or hidden so that such a figure cannot be worked out from the totals).`,
    'Persons (defendants) in criminal proceedings whose complaint was made in the year; citizenship: Moroccan, foreign, not recorded.',
  ]).then((body) => ({ body, fileName: `glotip-persons-MAR-${year}.xlsx`, contentType: XLSX }));
}

const ctdcFile = (year: number, k: number, lines: (string | number)[][]): ExportFile => ({ body: toCsv(CTDC_COLUMNS, lines), fileName: `ctdc-microdata-MAR-${year}-k${k}.csv`, contentType: CSV });

function sdgRows(r: TSdgRate): (string | number)[][] {
  // No population figures: population and rate are empty (not available), not suppressed.
  const rate = (x: TSdgRate['rows'][number]) => (x.population === null ? '' : x.ratePer100k === null ? SUPPRESSED : x.ratePer100k);
  return r.rows.map((x) => [COUNTRY, r.year, 'SDG 16.2.2', x.group, shown(x.victims), x.population ?? '', rate(x)]);
}
const sdgFile = (r: TSdgRate): ExportFile => ({ body: toCsv(SDG_COLUMNS, sdgRows(r)), fileName: `sdg-16-2-2-MAR-${r.year}.csv`, contentType: CSV });

/** Formats each kind accepts (checked before a job is queued). */
function checkFormat(kind: TExportKind, format: string): void {
  if ((kind === 'ctdc' || kind === 'sdg_16_2_2') && format !== 'csv') throw AppError.validation([{ path: 'format', code: 'csv_only' }]);
}

export const exportsService = {
  async glotip(p: Platform, trx: Tx, actor: Actor, input: ExportInput): Promise<ExportFile> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const year = checkYear(p, input.year);
    const rows = await glotipRows(p, trx, year);
    await audited(p, trx, actor, 'glotip', year, input.format);
    return glotipFile(year, input.format, rows);
  },

  async glotipPersons(p: Platform, trx: Tx, actor: Actor, input: ExportInput): Promise<ExportFile> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const year = checkYear(p, input.year);
    const rows = await glotipPersonRows(trx, year);
    await audited(p, trx, actor, 'glotip_persons', year, input.format);
    return glotipPersonsFile(year, input.format, rows);
  },

  async ctdc(p: Platform, trx: Tx, actor: Actor, input: ExportInput): Promise<ExportFile> {
    if (!policy.export(actor)) throw AppError.forbidden();
    checkFormat('ctdc', input.format);
    const year = checkYear(p, input.year);
    const { lines, report } = await anonymisedMicrodata(trx, year);
    await audited(p, trx, actor, 'ctdc', year, 'csv', { k: report.k, released: report.released, suppressed: report.suppressed });
    return ctdcFile(year, report.k, lines);
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
    return sdgFile(r);
  },

  // ---- Exports as jobs: queued here, built by runExportJob, downloaded by the analysts who asked ---------
  async createJob(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZExportJobCreate>): Promise<TExportJob> {
    if (!policy.export(actor)) throw AppError.forbidden();
    checkFormat(input.kind, input.format);
    const year = checkYear(p, input.year);
    const row: ExportJobsTable = {
      id: newId(), kind: input.kind, year, format: input.format, status: 'queued', progress: 0, step: 'queued', requested_by: actor.userId, requested_org_id: actor.organisationId,
      error: null, file_enc: null, file_name: null, content_type: null, summary: null, created_at: nowIso(), started_at: null, finished_at: null,
    };
    await trx.insertInto('export_jobs').values(row).execute();
    await audited(p, trx, actor, input.kind, year, input.format, { job: row.id });
    return presentExportJob(row);
  },

  /** The caller's own export jobs, newest first (files are personal to whoever asked for them). */
  async listJobs(trx: Tx, actor: Actor): Promise<TExportJob[]> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const rows = await trx.selectFrom('export_jobs').select(EXPORT_JOB_COLUMNS).where('requested_by', '=', actor.userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(20).execute();
    return rows.map(presentExportJob);
  },

  async job(trx: Tx, actor: Actor, id: string): Promise<TExportJob> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const row = await trx.selectFrom('export_jobs').select(EXPORT_JOB_COLUMNS).where('id', '=', id).where('requested_by', '=', actor.userId).executeTakeFirst();
    if (!row) throw AppError.notFound();
    return presentExportJob(row);
  },

  async download(p: Platform, trx: Tx, actor: Actor, id: string): Promise<ExportFile> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const row = await trx.selectFrom('export_jobs').selectAll().where('id', '=', id).where('requested_by', '=', actor.userId).executeTakeFirst();
    if (!row) throw AppError.notFound();
    if (row.status !== 'done' || !row.file_enc) throw new AppError('CONFLICT', { reason: 'export_not_ready', status: row.status });
    await recordAudit(p, trx, actor, { action: 'statistics.export_download', entityType: 'export_job', entityId: id, details: { kind: row.kind, year: row.year, format: row.format } });
    return { body: p.keyring.decryptBytes(Buffer.from(row.file_enc), fileAad(id)), fileName: row.file_name!, contentType: row.content_type! };
  },
};

// ---- Export jobs ----------------------------------------------------------------------------------------
/** How long a finished file is kept before it is erased (the job row stays, as a record of the export). */
export const EXPORT_FILE_DAYS = 7;
const fileAad = (id: string) => `export_jobs.file_enc:${id}`;
const EXPORT_JOB_COLUMNS = ['id', 'kind', 'year', 'format', 'status', 'progress', 'step', 'error', 'file_name', 'summary', 'created_at', 'finished_at'] as const;

function presentExportJob(r: Pick<ExportJobsTable, (typeof EXPORT_JOB_COLUMNS)[number]>): TExportJob {
  const summary = r.summary ? (JSON.parse(r.summary) as { rows: number; kAnonymity?: TKAnonReport }) : null;
  const expiresAt = r.status === 'done' && r.finished_at ? new Date(Date.parse(r.finished_at) + EXPORT_FILE_DAYS * 86_400_000).toISOString() : null;
  return {
    id: r.id, kind: r.kind as TExportKind, year: r.year, format: r.format as TExportJob['format'], status: r.status as TExportJob['status'], progress: r.progress,
    step: r.step as TExportJob['step'], error: r.error, fileName: r.file_name, rows: summary?.rows ?? null, kAnonymity: summary?.kAnonymity ?? null,
    createdAt: r.created_at, finishedAt: r.finished_at, expiresAt,
  };
}

async function exportProgress(p: Platform, id: string, step: TExportJob['step'], value: number): Promise<void> {
  await p.db.updateTable('export_jobs').set({ step, progress: value }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** Builds one job's file in steps: reading in a transaction, then the pure work, each step shown as progress. */
async function buildJobFile(p: Platform, job: ExportJobsTable): Promise<{ file: ExportFile; rows: number; kAnonymity?: TKAnonReport }> {
  const read = <T>(fn: (trx: Tx) => Promise<T>) => p.db.transaction().execute(fn);
  switch (job.kind as TExportKind) {
    case 'glotip': {
      const rows = await read((trx) => glotipRows(p, trx, job.year));
      await exportProgress(p, job.id, 'writing', 70);
      return { file: await glotipFile(job.year, job.format, rows), rows: rows.length };
    }
    case 'glotip_persons': {
      const rows = await read((trx) => glotipPersonRows(trx, job.year));
      await exportProgress(p, job.id, 'writing', 70);
      return { file: await glotipPersonsFile(job.year, job.format, rows), rows: rows.length };
    }
    case 'sdg_16_2_2': {
      const rate = await read((trx) => sdgRate(p, trx, job.year));
      await exportProgress(p, job.id, 'writing', 70);
      return { file: sdgFile(rate), rows: rate.rows.length };
    }
    case 'ctdc': {
      const records = await read((trx) => readMicrodata(trx, job.year));
      await exportProgress(p, job.id, 'anonymising', 40);
      const { lines, report } = anonymise(records, job.year);
      await exportProgress(p, job.id, 'writing', 80);
      return { file: ctdcFile(job.year, report.k, lines), rows: lines.length, kAnonymity: report };
    }
  }
}

/** Runs one export job if it is still queued (a conditional update claims it: one runner, even with several instances). */
export async function runExportJob(p: Platform, id: string): Promise<void> {
  const claimed = await p.db.updateTable('export_jobs').set({ status: 'running', step: 'reading', progress: 5, started_at: nowIso() }).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const job = await p.db.selectFrom('export_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  try {
    const { file, rows, kAnonymity } = await buildJobFile(p, job);
    const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body;
    await p.db
      .updateTable('export_jobs')
      .set({ status: 'done', step: 'done', progress: 100, file_enc: p.keyring.encryptBytes(body, fileAad(id)), file_name: file.fileName, content_type: file.contentType, summary: JSON.stringify({ rows, ...(kAnonymity ? { kAnonymity } : {}) }), finished_at: nowIso() })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    await p.db.updateTable('export_jobs').set({ status: 'failed', step: 'failed', error: code, finished_at: nowIso() }).where('id', '=', id).execute();
  }
}

/**
 * Part of the `statistics.reports` job: export jobs left running by a stopped server are queued again and
 * every queued one runs; finished files older than EXPORT_FILE_DAYS are erased (the row stays as a record).
 */
export async function resumeExportJobs(p: Platform, options: { staleMinutes?: number; now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const stale = new Date(now.getTime() - (options.staleMinutes ?? 10) * 60_000).toISOString();
  await p.db.updateTable('export_jobs').set({ status: 'queued', step: 'queued', progress: 0 }).where('status', '=', 'running').where('started_at', '<', stale).execute();
  const old = new Date(now.getTime() - EXPORT_FILE_DAYS * 86_400_000).toISOString();
  await p.db.updateTable('export_jobs').set({ status: 'expired', step: 'expired', file_enc: null }).where('status', '=', 'done').where('finished_at', '<', old).execute();
  const queued = await p.db.selectFrom('export_jobs').select('id').where('status', '=', 'queued').orderBy('created_at').limit(20).execute();
  for (const j of queued) await runExportJob(p, j.id);
  return queued.length;
}
