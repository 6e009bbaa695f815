/**
 * The rights information sheet for the person (rights under law 27-14, recovery and reflection period,
 * services, consent and how to withdraw it, contacts), in the person's language, as a printable PDF.
 *
 * The page carries no personal data other than the case reference and the managing organisation's name:
 * never the person's name. The flow keeps the database free while Chromium works:
 *   1. check need-to-know and read the reference (no transaction, nothing locked);
 *   2. fill the template and render the PDF;
 *   3. in one transaction, check need-to-know again and record `information_sheet.export`.
 * Nothing is sent unless step 3 committed, and a rendering failure leaves no audit entry.
 */
import { retentionConfig } from '../retention/retention.config';
import type { TInformationLanguages } from '../../../contract/information';
import type { Actor, Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import { recordAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { nowIso } from '../../platform/ids';
import { casesRepository } from '../cases/cases.repository';
import { timelineConfig } from '../timelines/timelines.config';
import { informationPolicy } from './information.policy';
import { pdfRenderer, type PdfRenderer } from './information.pdf';
import { type Placeholder, type RightsSheetTemplate, type RightsSheetTemplates } from './information.templates';

export const DEFAULT_REFLECTION_DAYS = 30;

/**
 * The recovery and reflection period printed on the sheet ("at least N days"): configuration, not code. It
 * is the `recovery_reflection` rule of the deadlines (data/config/timelines.json), so the sheet and the
 * case's deadline say the same; 30 days (Council of Europe Convention art. 13) if that rule is absent.
 */
/** The retention period of a person and their case, in whole years (rounded up), for the sheet. */
export function retentionYearsFrom(rules = retentionConfig().rules): number {
  const r = rules.find((x) => x.kind === 'case');
  return r?.months ? Math.ceil(r.months / 12) : Math.ceil((r?.days ?? 0) / 365);
}

export function reflectionDaysFrom(rules: readonly { code: string; days: number }[] = timelineConfig().rules): number {
  const rule = rules.find((r) => r.code === 'recovery_reflection');
  return rule && rule.days > 0 ? rule.days : DEFAULT_REFLECTION_DAYS;
}

export type SheetValues = Record<Placeholder, string>;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/**
 * One text of the template as HTML: escaped, `**bold**`, groups of digits joined by spaces or hyphens
 * (phone numbers, law and article numbers) kept together and left-to-right inside Arabic text, and placeholders filled with isolated (`<bdi>`) values so
 * a Latin organisation name or reference reads correctly inside right-to-left text, and the reverse.
 */
export function fillText(text: string, values: SheetValues): string {
  return escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\d+(?:[- ]\d+)+/g, (m) => `<bdi dir="ltr" class="nowrap">${m}</bdi>`)
    .replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
      const value = values[name as Placeholder] ?? '';
      // A reference (no space) is never broken across lines.
      return `<bdi class="value${/\s/.test(value) ? '' : ' nowrap'}">${escapeHtml(value)}</bdi>`;
    });
}

function fontStack(t: RightsSheetTemplate): { body: string; heading: string } {
  // System fonts (Debian fonts-noto-core); Chromium falls back per glyph for any other script.
  return t.dir === 'rtl'
    ? { body: `'Noto Naskh Arabic', 'Noto Sans Arabic', 'Noto Sans', 'DejaVu Sans', sans-serif`, heading: `'Noto Sans Arabic', 'Noto Naskh Arabic', 'Noto Sans', sans-serif` }
    : { body: `'Noto Sans', 'DejaVu Sans', 'Noto Sans Arabic', sans-serif`, heading: `'Noto Sans', 'DejaVu Sans', sans-serif` };
}

/** The sheet as a self-contained, printable A4 page (no script, no remote resource). */
export function renderSheetHtml(t: RightsSheetTemplate, values: SheetValues): string {
  const f = (text: string) => fillText(text, values);
  const fonts = fontStack(t);
  const rtl = t.dir === 'rtl';
  const sections = t.sections
    .map((s) => {
      const blocks = s.blocks
        .map((b) => (b.type === 'paragraph' ? `<p>${f(b.text)}</p>` : `<ul>${b.items.map((i) => `<li>${f(i)}</li>`).join('')}</ul>`))
        .join('\n');
      return `<section id="${escapeHtml(s.key)}">\n<h2>${f(s.heading)}</h2>\n${blocks}\n</section>`;
    })
    .join('\n');
  const details = t.details.map((d) => `<div class="detail"><dt>${f(d.label)}</dt><dd>${f(d.value)}</dd></div>`).join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(t.lang)}" dir="${t.dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${f(t.title)}</title>
<style>
  @page { size: A4; }
  * { box-sizing: border-box; }
  html { font-size: ${rtl ? '14pt' : '13pt'}; }
  body { margin: 0; font-family: ${fonts.body}; line-height: ${rtl ? 1.75 : 1.5}; color: #111; }
  h1, h2, dt { font-family: ${fonts.heading}; }
  h1 { font-size: 22pt; line-height: 1.3; margin: 0 0 3mm; color: #163d5c; }
  .intro { margin: 0 0 5mm; }
  .details { margin: 0 0 6mm; padding: 3mm 5mm; border: 1.2pt solid #163d5c; border-radius: 2.5mm; background: #eef4f9; }
  .detail { display: flex; gap: 4mm; margin: 1mm 0; }
  dt { font-weight: 700; min-width: 62mm; }
  dd { margin: 0; }
  h2 { font-size: 16pt; line-height: 1.3; margin: 6mm 0 2mm; color: #163d5c; break-after: avoid; page-break-after: avoid; }
  p { margin: 0 0 2.5mm; }
  ul { margin: 0 0 2.5mm; padding-inline-start: 7mm; }
  li { margin: 0 0 1.5mm; break-inside: avoid; }
  strong { font-weight: 700; }
  .nowrap { white-space: nowrap; }
  section { break-inside: auto; }
  footer { margin-top: 8mm; padding-top: 3mm; border-top: 0.8pt solid #888; font-size: ${rtl ? '12pt' : '11pt'}; }
  .version { color: #555; font-size: 9pt; margin-top: 2mm; }
</style>
</head>
<body>
<header>
<h1>${f(t.title)}</h1>
<p class="intro">${f(t.intro)}</p>
<dl class="details">
${details}
</dl>
</header>
<main>
${sections}
</main>
<footer>
<p>${f(t.footer)}</p>
<p class="version" dir="ltr">${escapeHtml(t.lang)} · ${escapeHtml(t.version)}</p>
</footer>
</body>
</html>
`;
}

/** Chromium's footer on every page: the case reference and the page number (no other data). */
export function pageFooter(t: RightsSheetTemplate, reference: string): string {
  return `<div dir="${t.dir}" style="width:100%;margin:0 17mm;display:flex;justify-content:space-between;font-size:9pt;color:#444;font-family:${fontStack(t).body.replace(/"/g, '')}">
<span dir="ltr">${escapeHtml(reference)}</span><span dir="ltr"><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}

export function formatSheetDate(t: RightsSheetTemplate, at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(t.locale, { dateStyle: 'long', timeZone }).format(at);
}

/**
 * The case behind a sheet, if the actor may see it: 403 without a case role, 404 when not visible, 403 for an
 * organisation that only holds a grant (informing the person of their rights is the managing organisation's duty).
 */
async function visibleCase(db: Db | Tx, actor: Actor, caseId: string): Promise<{ reference: string; organisationName: string }> {
  if (!informationPolicy.exportSheet(actor)) throw AppError.forbidden();
  const c = await casesRepository.visibleById(db, actor.organisationId, nowIso(), caseId);
  if (!c) throw AppError.notFound();
  if (c.managing_org_id !== actor.organisationId) throw AppError.forbidden();
  const names = await casesRepository.refNames(db, 'organisations', [c.managing_org_id]);
  return { reference: c.reference, organisationName: names.get(c.managing_org_id) ?? '' };
}

export type SheetContext = {
  templates: RightsSheetTemplates;
  reflectionDays: number;
  renderer?: PdfRenderer;
  onRenderError?: (err: unknown) => void;
};

export const informationService = {
  languages(templates: RightsSheetTemplates): TInformationLanguages {
    const items = templates.languages.map((code) => {
      const t = templates.byLanguage.get(code)!;
      return { code, name: t.languageName, dir: t.dir, version: t.version };
    });
    return { items };
  },

  /** The HTML of a case's sheet (for the PDF, and for tests that look at the page itself). */
  async sheetHtml(p: Platform, db: Db | Tx, actor: Actor, caseId: string, lang: string, ctx: SheetContext) {
    const t = ctx.templates.byLanguage.get(lang);
    if (!t) throw AppError.validation([{ path: 'lang', code: 'unknown_language' }]);
    const c = await visibleCase(db, actor, caseId);
    const values: SheetValues = {
      organisationName: c.organisationName,
      reference: c.reference,
      date: formatSheetDate(t, new Date(), p.config.timezone),
      reflectionDays: String(ctx.reflectionDays),
      // How long the person's record is kept (the retention schedule's "person and case" rule, in years).
      retentionYears: String(retentionYearsFrom()),
    };
    return { template: t, reference: c.reference, html: renderSheetHtml(t, values) };
  },

  async exportSheet(p: Platform, actor: Actor, caseId: string, lang: string, ctx: SheetContext): Promise<{ pdf: Buffer; fileName: string }> {
    const { template, reference, html } = await informationService.sheetHtml(p, p.db, actor, caseId, lang, ctx);
    const pdf = await (ctx.renderer ?? pdfRenderer).pdf(html, { footerTemplate: pageFooter(template, reference), onError: ctx.onRenderError });
    await p.db.transaction().execute(async (trx) => {
      await visibleCase(trx, actor, caseId);
      await recordAudit(p, trx, actor, {
        action: 'information_sheet.export',
        entityType: 'case',
        entityId: caseId,
        details: { lang, templateVersion: template.version, reference },
      });
    });
    return { pdf, fileName: `information-sheet-${reference}-${lang}.pdf` };
  },
};
