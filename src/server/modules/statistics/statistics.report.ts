/**
 * The annual national report, in French, Arabic or English: the commission's structure (context, victims,
 * protection, prosecution, prevention, partnerships, action-plan progress, recommendations), with the
 * narrative sections written by the secretariat (saved as drafts with versions, encrypted like any free
 * text) and the year's tables and charts from the protected figures. Generation is a job: a row in
 * `report_jobs` with its progress, claimed with a conditional update and picked up again after a restart
 * (the `statistics.reports` job, every minute), rendered to PDF by Chromium (information.pdf) and to
 * DOCX (statistics.docx.ts) from one layout model (statistics.layout.ts).
 */
import { z } from 'zod';
import { REPORT_SECTIONS, ZReportJobCreate, ZReportSectionSave, type TReportJob, type TStatistics } from '../../../contract/statistics';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { ReportJobsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { recordAudit } from '../../platform/audit';
import type { Language } from '../../platform/i18n';
import { newId, nowIso } from '../../platform/ids';
import { pdfRenderer, type PdfRenderer } from '../information/information.pdf';
import { statisticsPolicy as policy } from './statistics.policy';
import { checkYear, computeFigures } from './statistics.service';
import { actionplanRepository } from '../actionplan/actionplan.repository';
import { actionplanService } from '../actionplan/actionplan.service';
import { activitiesService } from '../activities/activities.service';
import { justiceFigures } from '../justice/justice.service';
import { reportDocx } from './statistics.docx';
import { buildReportModel, reportFooter, reportHtml, type ReportExtras } from './statistics.layout';
import { linkedRecordsIn } from './statistics.persons';
import statisticsConfig from '../../../../data/config/statistics.json';

type Section = (typeof REPORT_SECTIONS)[number];
const aad = (table: string, id: string) => `${table}.text_enc:${id}`;

// ---- Narrative sections ------------------------------------------------------------------------------
/** The current text of every section of a year and language (empty, version 0, when not written yet). */
async function loadSections(p: Platform, trx: Tx, year: number, lang: Language) {
  const rows = await trx
    .selectFrom('report_sections as s')
    .leftJoin('users as u', 'u.id', 's.updated_by')
    .select(['s.id', 's.section', 's.version', 's.text_enc', 's.updated_at', 'u.display_name'])
    .where('s.year', '=', year)
    .where('s.lang', '=', lang)
    .execute();
  return {
    year,
    lang,
    sections: REPORT_SECTIONS.map((section) => {
      const r = rows.find((x) => x.section === section);
      return r
        ? { section, version: r.version, text: p.keyring.decryptText(r.text_enc, aad('report_sections', r.id)), updatedBy: r.display_name ?? null, updatedAt: r.updated_at }
        : { section, version: 0, text: '', updatedBy: null, updatedAt: null };
    }),
  };
}

export const reportService = {
  async draft(p: Platform, trx: Tx, actor: Actor, year: number, lang: Language) {
    if (!policy.view(actor)) throw AppError.forbidden();
    return loadSections(p, trx, year, lang);
  },

  /** Saves a new version of a section; a stale version gets 409 and nothing is written. */
  async saveSection(p: Platform, trx: Tx, actor: Actor, year: number, lang: Language, section: Section, input: z.output<typeof ZReportSectionSave>) {
    if (!policy.view(actor)) throw AppError.forbidden();
    checkYear(p, year);
    const now = nowIso();
    const current = await trx.selectFrom('report_sections').select(['id', 'version']).where('year', '=', year).where('lang', '=', lang).where('section', '=', section).executeTakeFirst();
    let id: string;
    let version: number;
    if (!current) {
      if (input.version !== 0) throw AppError.conflict(0);
      id = newId();
      version = 1;
      // Two first saves at once: the unique key (year, lang, section) keeps one; the other gets 409, not a 500.
      const r = await trx
        .insertInto('report_sections')
        .values({ id, year, lang, section, version, text_enc: p.keyring.encryptText(input.text, aad('report_sections', id)), updated_by: actor.userId, updated_at: now })
        .onConflict((oc) => oc.columns(['year', 'lang', 'section']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) {
        const stored = await trx.selectFrom('report_sections').select('version').where('year', '=', year).where('lang', '=', lang).where('section', '=', section).executeTakeFirst();
        throw AppError.conflict(stored?.version ?? 0);
      }
    } else {
      if (input.version !== current.version) throw AppError.conflict(current.version);
      id = current.id;
      version = current.version + 1;
      const r = await trx
        .updateTable('report_sections')
        .set({ version, text_enc: p.keyring.encryptText(input.text, aad('report_sections', id)), updated_by: actor.userId, updated_at: now })
        .where('id', '=', id)
        .where('version', '=', current.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw await versionConflict(trx, 'report_sections', id);
    }
    const vid = newId();
    await trx.insertInto('report_section_versions').values({ id: vid, section_id: id, version, text_enc: p.keyring.encryptText(input.text, aad('report_section_versions', vid)), saved_by: actor.userId, saved_at: now }).execute();
    await recordAudit(p, trx, actor, { action: 'report.section_save', entityType: 'report_section', entityId: id, details: { year, lang, section, version } });
    return { section, version, text: input.text, updatedBy: actor.displayName, updatedAt: now };
  },

  async history(p: Platform, trx: Tx, actor: Actor, year: number, lang: Language, section: Section) {
    if (!policy.view(actor)) throw AppError.forbidden();
    const rows = await trx
      .selectFrom('report_section_versions as v')
      .innerJoin('report_sections as s', 's.id', 'v.section_id')
      .leftJoin('users as u', 'u.id', 'v.saved_by')
      .select(['v.id', 'v.version', 'v.text_enc', 'v.saved_at', 'u.display_name'])
      .where('s.year', '=', year)
      .where('s.lang', '=', lang)
      .where('s.section', '=', section)
      .orderBy('v.version', 'desc')
      .execute();
    return { items: rows.map((r) => ({ version: r.version, text: p.keyring.decryptText(r.text_enc, aad('report_section_versions', r.id)), savedBy: r.display_name ?? '', savedAt: r.saved_at })) };
  },

  // ---- Generation jobs ---------------------------------------------------------------------------------
  async createJob(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZReportJobCreate>): Promise<TReportJob> {
    if (!policy.export(actor)) throw AppError.forbidden();
    checkYear(p, input.year);
    const row: ReportJobsTable = {
      id: newId(), year: input.year, lang: input.lang, status: 'queued', progress: 0, step: 'queued', requested_by: actor.userId, requested_org_id: actor.organisationId,
      error: null, pdf: null, docx: null, created_at: nowIso(), started_at: null, finished_at: null,
    };
    await trx.insertInto('report_jobs').values(row).execute();
    await recordAudit(p, trx, actor, { action: 'report.generate', entityType: 'report_job', entityId: row.id, details: { year: row.year, lang: row.lang } });
    return presentJob(row);
  },

  async job(trx: Tx, actor: Actor, id: string): Promise<TReportJob> {
    if (!policy.view(actor)) throw AppError.forbidden();
    const row = await trx.selectFrom('report_jobs').select(JOB_COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound();
    return presentJob(row);
  },

  async download(p: Platform, trx: Tx, actor: Actor, id: string, format: 'pdf' | 'docx' = 'pdf'): Promise<{ body: Buffer; fileName: string; contentType: string }> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const row = await trx.selectFrom('report_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound();
    const file = format === 'pdf' ? row.pdf : row.docx;
    if (row.status !== 'done' || !file) throw new AppError('CONFLICT', { reason: 'report_not_ready', status: row.status });
    await recordAudit(p, trx, actor, { action: 'statistics.export', entityType: 'report_job', entityId: id, details: { kind: 'annual_report', year: row.year, lang: row.lang, format } });
    return {
      body: Buffer.from(file),
      fileName: `rapport-annuel-${row.year}-${row.lang}.${format}`,
      contentType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    };
  },
};

const JOB_COLUMNS = ['id', 'year', 'lang', 'status', 'progress', 'step', 'created_at', 'finished_at'] as const;
function presentJob(r: Pick<ReportJobsTable, (typeof JOB_COLUMNS)[number]>): TReportJob {
  return { id: r.id, year: r.year, lang: r.lang as TReportJob['lang'], status: r.status as TReportJob['status'], progress: r.progress, step: r.step as TReportJob['step'], createdAt: r.created_at, finishedAt: r.finished_at };
}

async function progress(p: Platform, id: string, step: TReportJob['step'], value: number) {
  await p.db.updateTable('report_jobs').set({ step, progress: value }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** Runs one job if it is still queued (a conditional update claims it: one runner, even with several instances). */
export async function runReportJob(p: Platform, id: string, renderer: PdfRenderer = pdfRenderer): Promise<void> {
  const claimed = await p.db.updateTable('report_jobs').set({ status: 'running', step: 'figures', progress: 5, started_at: nowIso() }).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const job = await p.db.selectFrom('report_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const lang = job.lang as Language;
  try {
    const [trafficking, smuggling] = await p.db.transaction().execute(async (trx) => [await computeFigures(p, trx, job.year, 'trafficking'), await computeFigures(p, trx, job.year, 'smuggling')]);
    await progress(p, id, 'sections', 30);
    const [sections, extras] = await p.db.transaction().execute(async (trx) => [await loadSections(p, trx, job.year, lang), await reportExtras(trx, job.year)] as const);
    await progress(p, id, 'layout', 50);
    const model = buildReportModel(lang, job.year, trafficking, smuggling, new Map(sections.sections.map((s) => [s.section, s.text])), p.config.timezone, extras);
    await progress(p, id, 'pdf', 60);
    const pdf = await renderer.pdf(reportHtml(model), { footerTemplate: reportFooter(model) });
    await progress(p, id, 'docx', 85);
    const docx = await reportDocx(model);
    await p.db.updateTable('report_jobs').set({ status: 'done', step: 'done', progress: 100, pdf, docx, finished_at: nowIso() }).where('id', '=', id).execute();
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    await p.db.updateTable('report_jobs').set({ status: 'failed', step: 'failed', error: code, finished_at: nowIso() }).where('id', '=', id).execute();
  }
}

/**
 * The `statistics.reports` job: jobs left running by a stopped server (started more than `staleMinutes`
 * ago) are queued again, then every queued job runs.
 */
export async function resumeReportJobs(p: Platform, options: { staleMinutes?: number; renderer?: PdfRenderer } = {}): Promise<number> {
  const stale = new Date(Date.now() - (options.staleMinutes ?? 10) * 60_000).toISOString();
  await p.db.updateTable('report_jobs').set({ status: 'queued', step: 'queued', progress: 0 }).where('status', '=', 'running').where('started_at', '<', stale).execute();
  const queued = await p.db.selectFrom('report_jobs').select('id').where('status', '=', 'queued').orderBy('created_at').limit(20).execute();
  for (const j of queued) await runReportJob(p, j.id, options.renderer);
  return queued.length;
}

// ---- The other modules' parts of the report ----------------------------------------------------------------
/** The year's justice figures (proceedings whose complaint was made that year), the recommendations adopted that year, the action plan's progress and the prevention and partnership activities. */
export async function reportExtras(trx: Tx, year: number): Promise<ReportExtras> {
  const recommendations = (await actionplanRepository.adoptedIn(trx, year)).map((r) => ({ reference: r.reference, sourceType: r.source_type, sourceEvent: r.source_event, adoptedOn: r.adopted_on, textFr: r.text_fr, textAr: r.text_ar, status: r.status }));
  return {
    justice: await justiceFigures(trx, year), recommendations, actionPlan: await actionplanService.progressSummary(trx, year), activities: await activitiesService.summary(trx, year),
    linked: { records: await linkedRecordsIn(trx, year), threshold: statisticsConfig.disclosureThreshold },
  };
}

/** The report's layout from its inputs (kept for callers that only want the HTML). */
export function renderReportHtml(lang: Language, year: number, f: TStatistics, smuggling: TStatistics, texts: Map<string, string>, timeZone: string, extras: ReportExtras = {}): string {
  return reportHtml(buildReportModel(lang, year, f, smuggling, texts, timeZone, extras));
}
