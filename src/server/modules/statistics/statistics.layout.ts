/**
 * The annual report's content as a model (sections, narrative paragraphs, tables with translated labels and
 * protected cells), built once and laid out twice: as HTML for the PDF (Chromium) and as a Word document
 * (statistics.docx.ts). Both show exactly the same figures in the same order.
 */
import countries from 'i18n-iso-countries';
import { REPORT_SECTIONS, type TStatistics, type TStatTable } from '../../../contract/statistics';
import type { TCell, TJusticeStatistics, TTable2 } from '../../../contract/justice';
import { ACTION_STATUSES, PLAN_PILLARS, type TProgressSummary } from '../../../contract/actionplan';
import { CAMPAIGN_AUDIENCES, COOPERATION_STATUSES, COOPERATION_TYPES, type TActivitiesSummary } from '../../../contract/activities';
import { translate, type Language } from '../../platform/i18n';
import { escapeHtml } from '../information/information.service';
import { REGIONS, taxonomyLabel } from '../reference/reference.service';
import { TAXONOMY } from '../../../contract/reference';

export type ReportSectionId = (typeof REPORT_SECTIONS)[number];
export type ReportRecommendation = { reference: string; sourceType: string; sourceEvent: string; adoptedOn: string; textFr: string; textAr: string; status: string };
/** What the report shows beside the victim figures: each module's figures, already protected there. */
/** `linked`: victim records of the year that were another organisation's record of the same person (counted once). */
export type ReportExtras = { justice?: TJusticeStatistics; recommendations?: ReportRecommendation[]; actionPlan?: TProgressSummary; activities?: TActivitiesSummary; linked?: { records: number; threshold: number } };

/** A number, a suppressed number (null), or text (with an optional second, smaller line). */
export type ModelCell = number | null | { text: string; sub?: string };
export type ModelRow = { label: string; cells: ModelCell[]; total?: ModelCell; bar?: number };
export type ModelTable = {
  id: string;
  caption: string;
  /** Column headings: the row heading first, then one per cell, then "Total" when rows have a total. */
  head: string[];
  rows: ModelRow[];
  foot?: ModelRow;
  /** Rows have a proportional bar (a chart inside the table). */
  bars: boolean;
  note?: string;
};
export type ModelBlock = { kind: 'table'; table: ModelTable } | { kind: 'note'; text: string };
export type ModelSection = { id: ReportSectionId; number: number; title: string; paragraphs: string[]; blocks: ModelBlock[] };
export type ReportModel = {
  lang: Language;
  rtl: boolean;
  locale: string;
  title: string;
  subtitle: string;
  toc: string[];
  protectionNote: string;
  /** Shown for a narrative section nobody has written yet. */
  noText: string;
  suppressed: string;
  footer: string;
  sections: ModelSection[];
};

const LOCALES: Record<Language, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

const FORM_GROUP_CODES = new Set<string>(TAXONOMY.nationalFormGroups.map((g) => g.code));

function labelFor(lang: Language, table: string, key: string, month: Intl.DateTimeFormat): string {
  if (key === 'unknown') return translate(lang, 'statistics.keys.unknown');
  switch (table) {
    case 'sexAge': case 'nationality': return translate(lang, `statistics.keys.${key}`);
    case 'citizenship': return countries.getName(key, lang) ?? key;
    case 'form': return key === 'not_specified' ? translate(lang, 'statistics.keys.not_specified') : taxonomyLabel(FORM_GROUP_CODES.has(key) ? 'nationalFormGroups' : 'exploitationForms', key, lang);
    case 'unodcForm': return key === 'not_specified' ? translate(lang, 'statistics.keys.not_specified') : taxonomyLabel('unodcCategories', key, lang);
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

function statTable(lang: Language, year: number, t: TStatTable, month: Intl.DateTimeFormat): ModelTable {
  const tr = (k: string) => translate(lang, k);
  const rows = t.id === 'citizenship' ? t.rows.filter((r) => r.total !== 0) : t.rows;
  const max = Math.max(1, ...rows.map((r) => r.total ?? 0));
  return {
    id: t.id,
    caption: `${tr(`statistics.tables.${t.id}`)} — ${year}`,
    head: [tr(`statistics.rowHeader.${t.id}`), ...t.columns.map((c) => tr(`statistics.columns.${c}`)), tr('statistics.total')],
    rows: rows.map((r) => ({ label: labelFor(lang, t.id, r.key, month), cells: r.cells, total: r.total, bar: r.total === null ? 0 : Math.round((100 * r.total) / max) })),
    foot: t.columnTotals ? { label: tr('statistics.total'), cells: t.columnTotals, total: t.total } : undefined,
    bars: true,
    note: t.additive ? undefined : tr('statistics.multiValued'),
  };
}

const cellOf = (c: TCell): number | null => (c.suppressed ? null : c.value);

function justiceBlocks(lang: Language, year: number, j: TJusticeStatistics): ModelBlock[] {
  const tr = (k: string, params?: Record<string, string | number>) => translate(lang, k, params);
  const stages = j.proceedingsByStage;
  const byStage: ModelTable = {
    id: 'justice.byStage',
    caption: `${tr('justice.statistics.byStage')} — ${year}`,
    head: [tr('statistics.report.stage'), tr('statistics.total')],
    rows: stages.keys.map((k, i) => ({ label: tr(`justice.stages.${k}`), cells: [cellOf(stages.cells[i]!)] })),
    foot: { label: tr('statistics.total'), cells: [cellOf(stages.total)] },
    bars: false,
  };
  const persons = (['suspects', 'prosecuted', 'convicted'] as const).map((key): ModelTable => {
    const t: TTable2 = j[key];
    return {
      id: `justice.${key}`,
      caption: `${tr(`justice.statistics.${key}`)} — ${year}`,
      head: [tr('justice.statistics.sex'), ...t.cols.map((c) => tr(`justice.statistics.citizenship.${c}`)), tr('statistics.total')],
      rows: t.rows.map((r, i) => ({ label: tr(`justice.statistics.sexes.${r}`), cells: t.cells[i]!.map(cellOf), total: cellOf(t.rowTotals[i]!) })),
      foot: { label: tr('statistics.total'), cells: t.colTotals.map(cellOf), total: cellOf(t.total) },
      bars: false,
    };
  });
  const facts: [string, TCell][] = [
    ['justice.statistics.judged', j.judgedProceedings],
    ['justice.statistics.medianDays', j.medianDaysComplaintToJudgment],
    ['justice.statistics.defendantsOrdered', j.compensation.defendantsOrdered],
    ['justice.statistics.orderedMad', j.compensation.orderedMad],
    ['justice.statistics.paidMad', j.compensation.paidMad],
    ['justice.statistics.paidInFull', j.compensation.defendantsPaidInFull],
  ];
  const key: ModelTable = {
    id: 'justice.facts',
    caption: `${tr('justice.statistics.timingAndCompensation')} — ${year}`,
    head: [],
    rows: facts.map(([k, c]) => ({ label: tr(k), cells: [cellOf(c)] })),
    bars: false,
  };
  return [{ kind: 'note', text: tr('statistics.report.justiceNote', { k: j.threshold }) }, ...[byStage, ...persons, key].map((table) => ({ kind: 'table' as const, table }))];
}

function recommendationBlocks(lang: Language, year: number, items: ReportRecommendation[], date: Intl.DateTimeFormat): ModelBlock[] {
  const tr = (k: string, params?: Record<string, string | number>) => translate(lang, k, params);
  if (items.length === 0) return [{ kind: 'note', text: tr('statistics.report.noRecommendations', { year }) }];
  return [{
    kind: 'table',
    table: {
      id: 'recommendations',
      caption: tr('statistics.report.recommendationsTable', { year }),
      head: [tr('statistics.report.reference'), tr('statistics.report.recommendation'), tr('statistics.report.followUp')],
      rows: items.map((r) => ({
        label: r.reference,
        cells: [
          { text: lang === 'ar' ? r.textAr : r.textFr, sub: `${tr(`actionplan.sources.${r.sourceType}`)} · ${r.sourceEvent} · ${date.format(new Date(`${r.adoptedOn}T12:00:00Z`))}` },
          { text: tr(`actionplan.statuses.${r.status}`) },
        ],
      })),
      bars: false,
    },
  }];
}

/** Prevention: awareness campaigns and trainings of professionals (figures about activities, not victims). */
function preventionBlocks(lang: Language, year: number, a: TActivitiesSummary): ModelBlock[] {
  const tr = (k: string, params?: Record<string, string | number>) => translate(lang, k, params);
  const facts: ModelTable = {
    id: 'activities.prevention',
    caption: `${tr('statistics.report.activities.preventionFacts')} — ${year}`,
    head: [],
    rows: [
      { label: tr('statistics.report.activities.campaigns'), cells: [a.campaigns.count] },
      { label: tr('statistics.report.activities.peopleReached'), cells: [a.campaigns.peopleReached] },
      { label: tr('statistics.report.activities.trainings'), cells: [a.trainings.count] },
      { label: tr('statistics.report.activities.hours'), cells: [a.trainings.hours] },
      { label: tr('statistics.report.activities.participants'), cells: [a.trainings.totals.total] },
    ],
    bars: false,
    note: a.campaigns.withoutEstimate > 0 ? tr('statistics.report.activities.withoutEstimate', { n: a.campaigns.withoutEstimate }) : undefined,
  };
  const max = Math.max(1, ...CAMPAIGN_AUDIENCES.map((k) => a.campaigns.byAudience[k] ?? 0));
  const audiences: ModelTable = {
    id: 'activities.audiences',
    caption: `${tr('statistics.report.activities.byAudience')} — ${year}`,
    head: [tr('statistics.report.activities.audience'), tr('statistics.report.activities.campaigns')],
    rows: CAMPAIGN_AUDIENCES.map((k) => ({ label: tr(`activities.audiences.${k}`), cells: [a.campaigns.byAudience[k] ?? 0], bar: Math.round((100 * (a.campaigns.byAudience[k] ?? 0)) / max) })),
    bars: true,
    note: tr('statistics.report.activities.audienceNote'),
  };
  const participants: ModelTable = {
    id: 'activities.participants',
    caption: `${tr('statistics.report.activities.participantsTable')} — ${year}`,
    head: [tr('statistics.rowHeader.organisationType'), tr('activities.women'), tr('activities.men'), tr('statistics.total')],
    rows: a.trainings.participants.map((r) => ({ label: tr(`organisationTypes.${r.organisationType}`), cells: [r.women, r.men], total: r.total })),
    foot: { label: tr('statistics.total'), cells: [a.trainings.totals.women, a.trainings.totals.men], total: a.trainings.totals.total },
    bars: false,
  };
  return [{ kind: 'table', table: facts }, { kind: 'table', table: audiences }, ...(a.trainings.participants.length ? [{ kind: 'table' as const, table: participants }] : [])];
}

/** Partnerships: agreements in force at the end of the year, international cooperation requests. */
function partnershipBlocks(lang: Language, year: number, a: TActivitiesSummary): ModelBlock[] {
  const tr = (k: string, params?: Record<string, string | number>) => translate(lang, k, params);
  const agreements: ModelTable = {
    id: 'activities.agreements',
    caption: `${tr('statistics.report.activities.agreementsTable', { year })}`,
    head: [tr('statistics.report.activities.pillar'), tr('statistics.report.activities.agreements')],
    rows: PLAN_PILLARS.map((k) => ({ label: tr(`activities.pillars.${k}`), cells: [a.agreements.byPillar[k] ?? 0] })),
    foot: { label: tr('statistics.report.activities.agreementsInForce'), cells: [a.agreements.inForceAtYearEnd] },
    bars: false,
    note: tr('statistics.report.activities.agreementsNote'),
  };
  const count = (type: string, status: string) => a.cooperation.byTypeStatus.find((x) => x.type === type && x.status === status)?.count ?? 0;
  const cooperation: ModelTable = {
    id: 'activities.cooperation',
    caption: `${tr('statistics.report.activities.cooperationTable')} — ${year}`,
    head: [tr('statistics.report.activities.requestType'), ...COOPERATION_STATUSES.map((st) => tr(`activities.cooperationStatuses.${st}`)), tr('statistics.total')],
    rows: COOPERATION_TYPES.map((ty) => ({ label: tr(`activities.cooperationTypes.${ty}`), cells: COOPERATION_STATUSES.map((st) => count(ty, st)), total: COOPERATION_STATUSES.reduce((n, st) => n + count(ty, st), 0) })),
    foot: { label: tr('statistics.total'), cells: COOPERATION_STATUSES.map((st) => COOPERATION_TYPES.reduce((n, ty) => n + count(ty, st), 0)), total: a.cooperation.count },
    bars: false,
    note: a.cooperation.medianResponseDays === null ? undefined : tr('statistics.report.activities.medianResponse', { days: new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(a.cooperation.medianResponseDays) }),
  };
  return [{ kind: 'table', table: agreements }, { kind: 'table', table: cooperation }];
}

/** Action-plan progress: actions by the status of their latest validated report, indicators against the year's targets. */
function actionPlanBlocks(lang: Language, year: number, s: TProgressSummary): ModelBlock[] {
  const tr = (k: string, params?: Record<string, string | number>) => translate(lang, k, params);
  const total = s.pillars.reduce((n, p) => n + p.actions, 0);
  if (total === 0) return [{ kind: 'note', text: tr('statistics.report.plan.noPlan', { year }) }];
  const statuses = [...ACTION_STATUSES, 'not_reported'] as const;
  const byPillar: ModelTable = {
    id: 'actionplan.status',
    caption: `${tr('statistics.report.plan.statusTable')} — ${year}`,
    head: [tr('statistics.report.activities.pillar'), ...statuses.map((st) => tr(`actionplan.plan.actionStatuses.${st}`)), tr('statistics.total')],
    rows: PLAN_PILLARS.map((pl) => { const p = s.pillars.find((x) => x.pillar === pl)!; return { label: tr(`actionplan.plan.pillars.${pl}`), cells: statuses.map((st) => p.byStatus[st] ?? 0), total: p.actions }; }),
    foot: { label: tr('statistics.total'), cells: statuses.map((st) => s.pillars.reduce((n, p) => n + (p.byStatus[st] ?? 0), 0)), total },
    bars: false,
  };
  const number = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 });
  const value = (v: number | null, unit: string) => (v === null ? '—' : unit === 'percent' ? `${number.format(v)} %` : unit === 'yes_no' ? tr(v >= 1 ? 'statistics.report.plan.yes' : 'statistics.report.plan.no') : number.format(v));
  const indicators = s.pillars.flatMap((p) => p.indicators.map((i) => ({ pillar: p.pillar, ...i })));
  const table: ModelTable = {
    id: 'actionplan.indicators',
    caption: `${tr('statistics.report.plan.indicatorsTable')} — ${year}`,
    head: [tr('statistics.report.plan.code'), tr('statistics.report.plan.indicator'), tr('statistics.report.plan.target', { year }), tr('statistics.report.plan.validated'), tr('statistics.report.plan.period')],
    rows: indicators.map((i) => ({ label: i.code, cells: [{ text: lang === 'ar' ? i.titleAr : i.titleFr, sub: tr(`actionplan.plan.pillars.${i.pillar}`) }, { text: value(i.target, i.unit) }, { text: value(i.validated, i.unit) }, { text: i.period ?? '—' }] })),
    bars: false,
    note: tr('statistics.report.plan.note'),
  };
  return [{ kind: 'table', table: byPillar }, ...(indicators.length ? [{ kind: 'table' as const, table }] : [])];
}

const paragraphs = (text: string | undefined) => (text?.trim() ? text.trim().split(/\n\s*\n/).map((p) => p.trim()) : []);

export function buildReportModel(lang: Language, year: number, f: TStatistics, smuggling: TStatistics, texts: Map<string, string>, timeZone: string, extras: ReportExtras = {}): ReportModel {
  const locale = LOCALES[lang];
  const month = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const tr = (k: string, params?: Record<string, string | number>) => translate(lang, k, params);
  const suppressed = tr('statistics.suppressed');
  const headline: ModelTable = {
    id: 'headline',
    caption: tr('statistics.headline', { year }),
    head: [tr('statistics.situation'), ...f.columns.map((c) => tr(`statistics.columns.${c}`)), tr('statistics.total')],
    rows: [
      { label: tr('statistics.situations.trafficking'), cells: f.headline.cells, total: f.headline.total },
      { label: tr('statistics.situations.smuggling'), cells: smuggling.headline.cells, total: smuggling.headline.total },
    ],
    bars: false,
  };
  const tables = (pick: (t: TStatTable) => boolean): ModelBlock[] => f.tables.filter(pick).map((t) => ({ kind: 'table', table: statTable(lang, year, t, month) }));
  const victims = ['sexAge', 'nationality', 'citizenship', 'form', 'region', 'organisationType', 'channel', 'month'];
  const pending: ModelBlock[] = [{ kind: 'note', text: tr('statistics.report.pendingData') }];
  // How many records were found to be the same person as another organisation's (a small number is not given).
  const linkedNote = (): ModelBlock[] => {
    const l = extras.linked;
    if (!l) return [];
    if (l.records === 0) return [{ kind: 'note', text: tr('statistics.report.linkedNone') }];
    if (l.records < l.threshold) return [{ kind: 'note', text: tr('statistics.report.linkedFew', { k: l.threshold }) }];
    return [{ kind: 'note', text: tr('statistics.report.linked', { n: new Intl.NumberFormat(locale).format(l.records) }) }];
  };
  const blocksFor = (s: ReportSectionId): ModelBlock[] => {
    switch (s) {
      case 'victims': return [{ kind: 'table', table: headline }, ...linkedNote(), ...tables((t) => victims.includes(t.id))];
      // Protection: the referral module's tables (services received, time to referral and to first service).
      case 'protection': { const b = tables((t) => t.id.startsWith('referrals.')); return b.length ? b : pending; }
      case 'prosecution': return extras.justice ? justiceBlocks(lang, year, extras.justice) : pending;
      case 'recommendations': return recommendationBlocks(lang, year, extras.recommendations ?? [], date);
      case 'prevention': return extras.activities ? preventionBlocks(lang, year, extras.activities) : [];
      case 'partnerships': return extras.activities ? partnershipBlocks(lang, year, extras.activities) : [];
      case 'action_plan': return extras.actionPlan ? actionPlanBlocks(lang, year, extras.actionPlan) : pending;
      default: return [];
    }
  };
  const generated = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(new Date());
  return {
    lang,
    rtl: lang === 'ar',
    locale,
    title: tr('statistics.report.title', { year }),
    subtitle: `${tr('statistics.report.subtitle')} · ${tr('statistics.report.generatedOn', { date: generated })}`,
    toc: REPORT_SECTIONS.map((s) => tr(`statistics.report.sections.${s}`)),
    protectionNote: tr('statistics.protectionBody', { max: f.threshold - 1, mark: suppressed }),
    noText: tr('statistics.report.noText'),
    suppressed,
    footer: tr('statistics.report.title', { year }),
    sections: REPORT_SECTIONS.map((s, i) => ({ id: s, number: i + 1, title: tr(`statistics.report.sections.${s}`), paragraphs: paragraphs(texts.get(s)), blocks: blocksFor(s) })),
  };
}

// ---- HTML (for the PDF) ------------------------------------------------------------------------------------
function tableHtml(t: ModelTable, cell: (c: ModelCell) => string): string {
  const e = escapeHtml;
  const hasTotal = t.rows.some((r) => r.total !== undefined);
  const bar = (r: ModelRow) => (t.bars ? `\n<td class="bar"><span style="inline-size:${r.bar ?? 0}%"></span></td>` : '');
  const ref = t.id === 'recommendations' || t.id === 'actionplan.indicators';
  const row = (r: ModelRow, cls = '') => `<tr${cls}><th scope="row"${ref ? ' class="ref"' : ''}>${ref ? `<bdi>${e(r.label)}</bdi>` : e(r.label)}</th>${r.cells.map((c) => `<td${typeof c === 'object' && c !== null ? ' class="text"' : ''}>${cell(c)}</td>`).join('')}${r.total !== undefined ? `<td class="total">${cell(r.total)}</td>` : ''}${bar(r)}</tr>`;
  const head = t.head.length ? `<thead><tr>${t.head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}${t.bars ? '<th scope="col" aria-hidden="true"></th>' : ''}</tr></thead>` : '';
  const foot = t.foot ? `<tfoot><tr><th scope="row">${e(t.foot.label)}</th>${t.foot.cells.map((c) => `<td>${cell(c)}</td>`).join('')}${hasTotal || t.foot.total !== undefined ? `<td class="total">${cell(t.foot.total ?? null)}</td>` : ''}${t.bars ? '<td></td>' : ''}</tr></tfoot>` : '';
  return `<table class="figures" data-table="${e(t.id)}">
<caption>${e(t.caption)}</caption>
${head}
<tbody>
${t.rows.map((r) => row(r)).join('\n')}
</tbody>
${foot}
</table>${t.note ? `<p class="note">${e(t.note)}</p>` : ''}`;
}

export function reportHtml(m: ReportModel): string {
  const number = new Intl.NumberFormat(m.locale);
  const e = escapeHtml;
  const cell = (c: ModelCell): string =>
    c === null ? `<span class="hidden-cell">${e(m.suppressed)}</span>`
    : typeof c === 'number' ? `<bdi>${number.format(c)}</bdi>`
    : `${e(c.text)}${c.sub ? `<br><span class="note">${e(c.sub)}</span>` : ''}`;
  const sections = m.sections
    .map((s) => {
      const text = s.paragraphs.length ? s.paragraphs.map((p) => `<p>${e(p).replace(/\n/g, '<br>')}</p>`).join('\n') : `<p class="no-narrative">${e(m.noText)}</p>`;
      const blocks = s.blocks.map((b) => (b.kind === 'note' ? `<p class="note">${e(b.text)}</p>` : tableHtml(b.table, cell))).join('\n');
      return `<section id="${s.id}">\n<h2><bdi>${s.number}.</bdi> ${e(s.title)}</h2>\n${text}\n${blocks}\n</section>`;
    })
    .join('\n');
  const fonts = m.rtl ? `'Noto Naskh Arabic', 'Noto Sans Arabic', 'Noto Sans', 'DejaVu Sans', sans-serif` : `'Noto Sans', 'DejaVu Sans', 'Noto Sans Arabic', sans-serif`;
  return `<!doctype html>
<html lang="${m.lang}" dir="${m.rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(m.title)}</title>
<style>
  @page { size: A4; }
  * { box-sizing: border-box; }
  html { font-size: ${m.rtl ? '12.5pt' : '11.5pt'}; }
  body { margin: 0; font-family: ${fonts}; line-height: ${m.rtl ? 1.7 : 1.45}; color: #111; }
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
<h1>${e(m.title)}</h1>
<p class="subtitle">${e(m.subtitle)}</p>
<ol class="toc">${m.toc.map((s) => `<li>${e(s)}</li>`).join('')}</ol>
<p class="note">${e(m.protectionNote)}</p>
</header>
<main>
${sections}
</main>
</body>
</html>
`;
}

export function reportFooter(m: ReportModel): string {
  return `<div dir="${m.rtl ? 'rtl' : 'ltr'}" style="width:100%;margin:0 17mm;display:flex;justify-content:space-between;font-size:8pt;color:#444;font-family:'Noto Sans','Noto Sans Arabic',sans-serif">
<span>${escapeHtml(m.footer)}</span><span dir="ltr"><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}
