/**
 * The access export as a printable page (HTML → PDF through the information module's Chromium renderer): the
 * same content as the JSON, section by section, in the person's language (fr, ar right-to-left, en, es). Values
 * are shown as they are stored, each isolated (`<bdi>`) so a Latin name reads right inside Arabic text and the
 * reverse; Arabic is shaped by Chromium with the system's Noto fonts, as for the information sheet.
 */
import type { TAccessExport } from '../../../contract/subjectrights';
import { escapeHtml } from '../information/information.service';
import { EXPORT_TEXTS } from './subjectrights.labels';

type Texts = (typeof EXPORT_TEXTS)[keyof typeof EXPORT_TEXTS];

const label = (t: Texts, key: string) => t.fields[key] ?? key.replace(/_/g, ' ');

function value(t: Texts, v: unknown, depth = 0): string {
  if (v === null || v === undefined || v === '') return '<span class="empty">—</span>';
  if (typeof v === 'boolean') return escapeHtml(v ? t.yes : t.no);
  if (typeof v === 'string' || typeof v === 'number') return `<bdi>${escapeHtml(String(v))}</bdi>`;
  if (Array.isArray(v)) {
    if (v.length === 0) return '<span class="empty">—</span>';
    if (v.every((x) => x === null || typeof x !== 'object')) return v.map((x) => value(t, x, depth + 1)).join(', ');
    return `<ul>${v.map((x) => `<li>${value(t, x, depth + 1)}</li>`).join('')}</ul>`;
  }
  if (typeof v === 'object') return record(t, v as Record<string, unknown>, depth + 1);
  return escapeHtml(String(v));
}

function record(t: Texts, r: Record<string, unknown>, depth = 0): string {
  const rows = Object.entries(r).map(([k, v]) => `<div class="field"><dt>${escapeHtml(label(t, k))}</dt><dd>${value(t, v, depth)}</dd></div>`);
  return `<dl class="${depth ? 'nested' : 'record'}">${rows.join('')}</dl>`;
}

function records(t: Texts, list: Record<string, unknown>[]): string {
  return list.length ? list.map((r) => record(t, r)).join('\n') : `<p class="empty">${escapeHtml(t.none)}</p>`;
}

function fonts(t: Texts) {
  return t.dir === 'rtl' ? `'Noto Naskh Arabic', 'Noto Sans Arabic', 'Noto Sans', 'DejaVu Sans', sans-serif` : `'Noto Sans', 'DejaVu Sans', 'Noto Sans Arabic', sans-serif`;
}

export function formatInstant(t: Texts, at: string, timeZone: string, withTime = true): string {
  const d = new Date(at.length === 10 ? `${at}T12:00:00Z` : at);
  return new Intl.DateTimeFormat(t.locale, withTime ? { dateStyle: 'medium', timeStyle: 'short', timeZone } : { dateStyle: 'long', timeZone }).format(d);
}

export function renderAccessExportHtml(x: TAccessExport, timeZone: string): string {
  const t = EXPORT_TEXTS[x.language];
  const rtl = t.dir === 'rtl';
  const cases = x.cases
    .map((c) => {
      const sections = c.sections
        .map((s) => `<section class="part"><h3>${escapeHtml(t.sections[s.key] ?? s.key)}</h3>${records(t, s.records)}</section>`)
        .join('\n');
      return `<section class="case"><h2>${escapeHtml(t.caseTitle)} <bdi dir="ltr">${escapeHtml(c.reference)}</bdi></h2>${record(t, c.case)}${sections}</section>`;
    })
    .join('\n');
  const accessRows = x.accesses
    .map((a) => {
      const roles = a.roles.map((r) => t.roles[r] ?? r).join(', ');
      return `<tr><td>${escapeHtml(formatInstant(t, a.at, timeZone))}</td><td><bdi>${escapeHtml(a.organisation || t.system)}</bdi></td><td>${escapeHtml(roles || '—')}</td><td>${escapeHtml(t.kinds[a.kind as keyof Texts['kinds']] ?? a.kind)} <span class="code" dir="ltr">${escapeHtml(a.action)}</span></td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${x.language}" dir="${t.dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(t.title)}</title>
<style>
  @page { size: A4; }
  * { box-sizing: border-box; }
  html { font-size: ${rtl ? '12pt' : '11pt'}; }
  body { margin: 0; font-family: ${fonts(t)}; line-height: ${rtl ? 1.7 : 1.45}; color: #111; }
  h1 { font-size: 20pt; margin: 0 0 3mm; color: #163d5c; }
  h2 { font-size: 15pt; margin: 7mm 0 2mm; color: #163d5c; break-after: avoid; }
  h3 { font-size: 12.5pt; margin: 4mm 0 1.5mm; color: #163d5c; break-after: avoid; }
  .summary { padding: 3mm 5mm; border: 1.2pt solid #163d5c; border-radius: 2.5mm; background: #eef4f9; margin: 0 0 5mm; }
  dl { margin: 0 0 2.5mm; }
  dl.record { padding-bottom: 2mm; border-bottom: 0.5pt solid #bbb; }
  dl.nested { margin: 0; padding-inline-start: 4mm; }
  .field { display: flex; gap: 3mm; break-inside: avoid; }
  dt { font-weight: 700; min-width: 45mm; flex-shrink: 0; }
  dd { margin: 0; overflow-wrap: anywhere; white-space: pre-wrap; }
  ul { margin: 0; padding-inline-start: 5mm; }
  .empty { color: #555; }
  table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
  th, td { border: 0.5pt solid #999; padding: 1mm 1.5mm; text-align: start; vertical-align: top; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .code { color: #555; font-size: 8pt; }
  footer { margin-top: 8mm; padding-top: 3mm; border-top: 0.8pt solid #888; }
</style>
</head>
<body>
<header>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
<dl class="summary">
<div class="field"><dt>${escapeHtml(t.answeredBy)}</dt><dd><bdi>${escapeHtml(x.request.organisation)}</bdi></dd></div>
<div class="field"><dt>${escapeHtml(t.requestReceived)}</dt><dd>${escapeHtml(formatInstant(t, x.request.receivedOn, timeZone, false))}</dd></div>
<div class="field"><dt>${escapeHtml(t.generatedAt)}</dt><dd>${escapeHtml(formatInstant(t, x.generatedAt, timeZone))}</dd></div>
</dl>
</header>
<main>
<section><h2>${escapeHtml(t.person)}</h2>${record(t, x.person)}</section>
<section><h3>${escapeHtml(t.personHistory)}</h3>${records(t, x.personHistory)}</section>
${cases}
<section><h2>${escapeHtml(t.accesses)}</h2><p>${escapeHtml(t.accessesIntro)}</p>
${x.accesses.length ? `<table><thead><tr><th>${escapeHtml(t.when)}</th><th>${escapeHtml(t.who)}</th><th>${escapeHtml(t.role)}</th><th>${escapeHtml(t.what)}</th></tr></thead><tbody>${accessRows}</tbody></table>` : `<p class="empty">${escapeHtml(t.none)}</p>`}
</section>
</main>
<footer><p>${escapeHtml(t.footer)}</p></footer>
</body>
</html>
`;
}
