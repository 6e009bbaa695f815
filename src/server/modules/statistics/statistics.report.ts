/**
 * The annual national report, in French, Arabic or English: the commission's structure (context, victims,
 * protection, prosecution, prevention, partnerships, action-plan progress, recommendations), with the
 * narrative sections written by the secretariat (saved as drafts with versions, encrypted like any free
 * text) and the year's tables and charts from the protected figures. Generation is a job: a row in
 * `report_jobs` with its progress, claimed with a conditional update and picked up again after a restart
 * (the `statistics.reports` job, every minute), rendered to PDF by Chromium (information.pdf).
 */
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { REPORT_SECTIONS, ZReportJobCreate, ZReportSectionSave, type TReportJob, type TStatistics, type TStatTable } from '../../../contract/statistics';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { ReportJobsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { translate, type Language } from '../../platform/i18n';
import { newId, nowIso } from '../../platform/ids';
import { escapeHtml } from '../information/information.service';
import { pdfRenderer, type PdfRenderer } from '../information/information.pdf';
import { REGIONS, taxonomyLabel } from '../reference/reference.service';
import { statisticsPolicy as policy } from './statistics.policy';
import { checkYear, computeFigures } from './statistics.service';
import { actionplanRepository } from '../actionplan/actionplan.repository';
import { justiceFigures } from '../justice/justice.service';
import type { TCell, TJusticeStatistics, TTable2 } from '../../../contract/justice';

type Section = (typeof REPORT_SECTIONS)[number];
const aad = (table: string, id: string) => `${table}.text_enc:${id}`;
const LOCALES: Record<Language, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

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
      await trx.insertInto('report_sections').values({ id, year, lang, section, version, text_enc: p.keyring.encryptText(input.text, aad('report_sections', id)), updated_by: actor.userId, updated_at: now }).execute();
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
      if (Number(r.numUpdatedRows) !== 1) throw AppError.conflict(current.version);
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
      error: null, pdf: null, created_at: nowIso(), started_at: null, finished_at: null,
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

  async download(p: Platform, trx: Tx, actor: Actor, id: string): Promise<{ pdf: Buffer; fileName: string }> {
    if (!policy.export(actor)) throw AppError.forbidden();
    const row = await trx.selectFrom('report_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound();
    if (row.status !== 'done' || !row.pdf) throw new AppError('CONFLICT', { reason: 'report_not_ready', status: row.status });
    await recordAudit(p, trx, actor, { action: 'statistics.export', entityType: 'report_job', entityId: id, details: { kind: 'annual_report', year: row.year, lang: row.lang, format: 'pdf' } });
    return { pdf: Buffer.from(row.pdf), fileName: `rapport-annuel-${row.year}-${row.lang}.pdf` };
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
    const html = renderReportHtml(lang, job.year, trafficking, smuggling, new Map(sections.sections.map((s) => [s.section, s.text])), p.config.timezone, extras);
    await progress(p, id, 'pdf', 70);
    const pdf = await renderer.pdf(html, { footerTemplate: reportFooter(lang, job.year) });
    await p.db.updateTable('report_jobs').set({ status: 'done', step: 'done', progress: 100, pdf, finished_at: nowIso() }).where('id', '=', id).execute();
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
export type ReportRecommendation = { reference: string; sourceType: string; sourceEvent: string; adoptedOn: string; textFr: string; textAr: string; status: string };
/** What the report shows beside the victim figures: each module's figures, already protected there. */
export type ReportExtras = { justice?: TJusticeStatistics; recommendations?: ReportRecommendation[] };

/** The year's justice figures (proceedings whose complaint was made that year) and the recommendations adopted that year. */
export async function reportExtras(trx: Tx, year: number): Promise<ReportExtras> {
  const recommendations = (await actionplanRepository.list(trx, null))
    .filter((r) => r.adopted_on.startsWith(`${year}-`))
    .sort((a, b) => a.reference.localeCompare(b.reference))
    .map((r) => ({ reference: r.reference, sourceType: r.source_type, sourceEvent: r.source_event, adoptedOn: r.adopted_on, textFr: r.text_fr, textAr: r.text_ar, status: r.status }));
  return { justice: await justiceFigures(trx, year), recommendations };
}

type Num = (v: number | null) => string;
const cellOf = (c: TCell) => (c.suppressed ? null : c.value);

function justiceHtml(lang: Language, year: number, j: TJusticeStatistics, num: Num): string {
  const tr = (k: string, params?: Record<string, string | number>) => escapeHtml(translate(lang, k, params));
  const persons = (['suspects', 'prosecuted', 'convicted'] as const).map((key) => {
    const t: TTable2 = j[key];
    const body = t.rows.map((r, i) => `<tr><th scope="row">${tr(`justice.statistics.sexes.${r}`)}</th>${t.cells[i]!.map((c) => `<td>${num(cellOf(c))}</td>`).join('')}<td class="total">${num(cellOf(t.rowTotals[i]!))}</td></tr>`).join('\n');
    return `<table class="figures" data-table="justice.${key}">
<caption>${tr(`justice.statistics.${key}`)} — <bdi>${year}</bdi></caption>
<thead><tr><th scope="col">${tr('justice.statistics.sex')}</th>${t.cols.map((c) => `<th scope="col">${tr(`justice.statistics.citizenship.${c}`)}</th>`).join('')}<th scope="col">${tr('statistics.total')}</th></tr></thead>
<tbody>
${body}
</tbody>
<tfoot><tr><th scope="row">${tr('statistics.total')}</th>${t.colTotals.map((c) => `<td>${num(cellOf(c))}</td>`).join('')}<td class="total">${num(cellOf(t.total))}</td></tr></tfoot>
</table>`;
  });
  const stages = j.proceedingsByStage;
  const byStage = `<table class="figures" data-table="justice.byStage">
<caption>${tr('justice.statistics.byStage')} — <bdi>${year}</bdi></caption>
<thead><tr><th scope="col">${tr('statistics.report.stage')}</th><th scope="col">${tr('statistics.total')}</th></tr></thead>
<tbody>
${stages.keys.map((k, i) => `<tr><th scope="row">${tr(`justice.stages.${k}`)}</th><td>${num(cellOf(stages.cells[i]!))}</td></tr>`).join('\n')}
</tbody>
<tfoot><tr><th scope="row">${tr('statistics.total')}</th><td class="total">${num(cellOf(stages.total))}</td></tr></tfoot>
</table>`;
  const facts: [string, TCell][] = [
    ['justice.statistics.judged', j.judgedProceedings],
    ['justice.statistics.medianDays', j.medianDaysComplaintToJudgment],
    ['justice.statistics.defendantsOrdered', j.compensation.defendantsOrdered],
    ['justice.statistics.orderedMad', j.compensation.orderedMad],
    ['justice.statistics.paidMad', j.compensation.paidMad],
    ['justice.statistics.paidInFull', j.compensation.defendantsPaidInFull],
  ];
  const key = `<table class="figures" data-table="justice.facts">
<caption>${tr('justice.statistics.timingAndCompensation')} — <bdi>${year}</bdi></caption>
<tbody>
${facts.map(([k, c]) => `<tr><th scope="row">${tr(k)}</th><td>${num(cellOf(c))}</td></tr>`).join('\n')}
</tbody>
</table>`;
  return `<p class="note">${tr('statistics.report.justiceNote', { k: j.threshold })}</p>\n${byStage}\n${persons.join('\n')}\n${key}`;
}

function recommendationsHtml(lang: Language, year: number, items: ReportRecommendation[], date: Intl.DateTimeFormat): string {
  const tr = (k: string, params?: Record<string, string | number>) => escapeHtml(translate(lang, k, params));
  if (items.length === 0) return `<p class="note">${tr('statistics.report.noRecommendations', { year })}</p>`;
  const rows = items
    .map((r) => `<tr><th scope="row" class="ref"><bdi>${escapeHtml(r.reference)}</bdi></th><td class="text">${escapeHtml(lang === 'ar' ? r.textAr : r.textFr)}<br><span class="note">${tr(`actionplan.sources.${r.sourceType}`)} · ${escapeHtml(r.sourceEvent)} · <bdi>${date.format(new Date(`${r.adoptedOn}T12:00:00Z`))}</bdi></span></td><td class="text">${tr(`actionplan.statuses.${r.status}`)}</td></tr>`)
    .join('\n');
  return `<table class="figures" data-table="recommendations">
<caption>${tr('statistics.report.recommendationsTable', { year })}</caption>
<thead><tr><th scope="col">${tr('statistics.report.reference')}</th><th scope="col">${tr('statistics.report.recommendation')}</th><th scope="col">${tr('statistics.report.followUp')}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

// ---- Layout -----------------------------------------------------------------------------------------------
function labelFor(lang: Language, table: string, key: string, month: Intl.DateTimeFormat): string {
  if (key === 'unknown') return translate(lang, 'statistics.keys.unknown');
  switch (table) {
    case 'sexAge': case 'nationality': return translate(lang, `statistics.keys.${key}`);
    case 'citizenship': return countries.getName(key, lang) ?? key;
    case 'form': return key === 'not_specified' ? translate(lang, 'statistics.keys.not_specified') : taxonomyLabel('exploitationForms', key, lang);
    case 'region': {
      if (key === 'abroad') return translate(lang, 'statistics.keys.abroad');
      const r = REGIONS.find((x) => x.code === key);
      return r ? (lang === 'ar' ? r.name_ar : lang === 'en' ? r.name_en : r.name_fr) : key;
    }
    case 'organisationType': return translate(lang, `organisationTypes.${key}`);
    case 'channel': return taxonomyLabel('identificationChannels', key, lang);
    case 'month': return month.format(new Date(`${key}-01T00:00:00Z`));
    // Tables from other modules (e.g. referrals.services): their row keys are labelled under statistics.keys.
    default: return table.includes('.') ? translate(lang, `statistics.keys.${key}`) : key;
  }
}

function tableHtml(lang: Language, year: number, t: TStatTable, num: (v: number | null) => string, month: Intl.DateTimeFormat): string {
  const tr = (k: string) => escapeHtml(translate(lang, k));
  const rows = t.id === 'citizenship' ? t.rows.filter((r) => r.total !== 0) : t.rows;
  const max = Math.max(1, ...rows.map((r) => r.total ?? 0));
  const body = rows
    .map((r) => `<tr><th scope="row">${escapeHtml(labelFor(lang, t.id, r.key, month))}</th>${r.cells.map((c) => `<td>${num(c)}</td>`).join('')}<td class="total">${num(r.total)}</td>
<td class="bar"><span style="inline-size:${r.total === null ? 0 : Math.round((100 * r.total) / max)}%"></span></td></tr>`)
    .join('\n');
  const foot = t.columnTotals
    ? `<tfoot><tr><th scope="row">${tr('statistics.total')}</th>${t.columnTotals.map((c) => `<td>${num(c)}</td>`).join('')}<td class="total">${num(t.total)}</td><td></td></tr></tfoot>`
    : '';
  return `<table class="figures" data-table="${t.id}">
<caption>${tr(`statistics.tables.${t.id}`)} — <bdi>${year}</bdi></caption>
<thead><tr><th scope="col">${tr(`statistics.rowHeader.${t.id}`)}</th>${t.columns.map((c) => `<th scope="col">${tr(`statistics.columns.${c}`)}</th>`).join('')}<th scope="col">${tr('statistics.total')}</th><th scope="col" aria-hidden="true"></th></tr></thead>
<tbody>
${body}
</tbody>
${foot}
</table>${t.additive ? '' : `<p class="note">${tr('statistics.multiValued')}</p>`}`;
}

function narrative(text: string | undefined, lang: Language): string {
  if (!text?.trim()) return `<p class="no-narrative">${escapeHtml(translate(lang, 'statistics.report.noText'))}</p>`;
  return text.trim().split(/\n\s*\n/).map((para) => `<p>${escapeHtml(para.trim()).replace(/\n/g, '<br>')}</p>`).join('\n');
}

export function renderReportHtml(lang: Language, year: number, f: TStatistics, smuggling: TStatistics, texts: Map<string, string>, timeZone: string, extras: ReportExtras = {}): string {
  const rtl = lang === 'ar';
  const locale = LOCALES[lang];
  const number = new Intl.NumberFormat(locale);
  const month = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const mark = translate(lang, 'statistics.suppressed');
  const num = (v: number | null) => (v === null ? `<span class="hidden-cell">${escapeHtml(mark)}</span>` : `<bdi>${number.format(v)}</bdi>`);
  const tr = (k: string, params?: Record<string, string | number>) => escapeHtml(translate(lang, k, params));
  const headline = `<table class="figures" data-table="headline">
<caption>${tr('statistics.headline', { year })}</caption>
<thead><tr><th scope="col">${tr('statistics.situation')}</th>${f.columns.map((c) => `<th scope="col">${tr(`statistics.columns.${c}`)}</th>`).join('')}<th scope="col">${tr('statistics.total')}</th></tr></thead>
<tbody>
<tr><th scope="row">${tr('statistics.situations.trafficking')}</th>${f.headline.cells.map((c) => `<td>${num(c)}</td>`).join('')}<td class="total">${num(f.headline.total)}</td></tr>
<tr><th scope="row">${tr('statistics.situations.smuggling')}</th>${smuggling.headline.cells.map((c) => `<td>${num(c)}</td>`).join('')}<td class="total">${num(smuggling.headline.total)}</td></tr>
</tbody></table>`;
  const victimsTables = f.tables.filter((t) => ['sexAge', 'nationality', 'citizenship', 'form', 'region', 'organisationType', 'channel', 'month'].includes(t.id)).map((t) => tableHtml(lang, year, t, num, month)).join('\n');
  // Protection: the referral module's tables (services received, time to referral and to first service).
  const protectionTables = f.tables.filter((t) => t.id.startsWith('referrals.')).map((t) => tableHtml(lang, year, t, num, month)).join('\n');
  const sections = REPORT_SECTIONS.map((s, i) => {
    const pending = `<p class="note">${tr('statistics.report.pendingData')}</p>`;
    const extra =
      s === 'victims' ? `${headline}\n${victimsTables}`
      : s === 'protection' ? protectionTables || pending
      : s === 'prosecution' ? (extras.justice ? justiceHtml(lang, year, extras.justice, num) : pending)
      : s === 'recommendations' ? recommendationsHtml(lang, year, extras.recommendations ?? [], dateFormat)
      : s === 'action_plan' ? pending
      : '';
    return `<section id="${s}">\n<h2><bdi>${i + 1}.</bdi> ${tr(`statistics.report.sections.${s}`)}</h2>\n${narrative(texts.get(s), lang)}\n${extra}\n</section>`;
  }).join('\n');
  const fonts = rtl ? `'Noto Naskh Arabic', 'Noto Sans Arabic', 'Noto Sans', 'DejaVu Sans', sans-serif` : `'Noto Sans', 'DejaVu Sans', 'Noto Sans Arabic', sans-serif`;
  const generated = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(new Date());
  return `<!doctype html>
<html lang="${lang}" dir="${rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${tr('statistics.report.title', { year })}</title>
<style>
  @page { size: A4; }
  * { box-sizing: border-box; }
  html { font-size: ${rtl ? '12.5pt' : '11.5pt'}; }
  body { margin: 0; font-family: ${fonts}; line-height: ${rtl ? 1.7 : 1.45}; color: #111; }
  h1 { font-size: 24pt; color: #163d5c; margin: 0 0 2mm; }
  .subtitle { font-size: 13pt; margin: 0 0 8mm; color: #333; }
  h2 { font-size: 15pt; color: #163d5c; margin: 8mm 0 2mm; break-after: avoid; page-break-after: avoid; }
  ol.toc { margin: 0 0 6mm; }
  p { margin: 0 0 2.5mm; }
  .no-narrative { color: #666; font-style: italic; }
  .note { font-size: 9.5pt; color: #444; }
  table.figures { border-collapse: collapse; inline-size: 100%; margin: 4mm 0 2mm; font-size: 9.5pt; break-inside: avoid; }
  caption { text-align: start; font-weight: 700; margin-bottom: 1.5mm; }
  th, td { border: 0.6pt solid #9aa5b1; padding: 1mm 2mm; }
  thead th { background: #eef4f9; }
  td { text-align: end; white-space: nowrap; }
  td.text { text-align: start; white-space: normal; }
  th.ref { white-space: nowrap; vertical-align: top; }
  th[scope="row"] { text-align: start; font-weight: 400; }
  td.total, tfoot td { font-weight: 700; }
  td.bar { inline-size: 28mm; border: none; }
  td.bar span { display: block; block-size: 3mm; background: #3f74b8; }
  .hidden-cell { color: #555; }
</style>
</head>
<body>
<header>
<h1>${tr('statistics.report.title', { year })}</h1>
<p class="subtitle">${tr('statistics.report.subtitle')} · ${tr('statistics.report.generatedOn', { date: generated })}</p>
<ol class="toc">${REPORT_SECTIONS.map((s) => `<li>${tr(`statistics.report.sections.${s}`)}</li>`).join('')}</ol>
<p class="note">${tr('statistics.protectionBody', { max: f.threshold - 1, mark })}</p>
</header>
<main>
${sections}
</main>
</body>
</html>
`;
}

function reportFooter(lang: Language, year: number): string {
  return `<div dir="${lang === 'ar' ? 'rtl' : 'ltr'}" style="width:100%;margin:0 17mm;display:flex;justify-content:space-between;font-size:8pt;color:#444;font-family:'Noto Sans','Noto Sans Arabic',sans-serif">
<span>${escapeHtml(translate(lang, 'statistics.report.title', { year }))}</span><span dir="ltr"><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}
