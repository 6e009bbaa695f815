/**
 * The annual report as a Word document (DOCX), from the same model as the PDF (statistics.layout.ts), so
 * the secretariat can edit the layout before publication: real headings (for the navigation pane and a
 * table of contents), real tables with a repeated header row, and in Arabic right-to-left paragraphs and
 * tables with an Arabic font for complex script.
 */
import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import type { ModelCell, ModelRow, ModelTable, ReportModel } from './statistics.layout';

const BLUE = '163D5C';
const GREY = '9AA5B1';

export async function reportDocx(m: ReportModel): Promise<Buffer> {
  const number = new Intl.NumberFormat(m.locale);
  const font = m.rtl ? { ascii: 'Noto Sans', hAnsi: 'Noto Sans', cs: 'Noto Naskh Arabic' } : { ascii: 'Noto Sans', hAnsi: 'Noto Sans', cs: 'Noto Sans Arabic' };
  const run = (text: string, o: { bold?: boolean; italics?: boolean; size?: number; color?: string } = {}) =>
    new TextRun({ text, font, rightToLeft: m.rtl, bold: o.bold, italics: o.italics, size: o.size, sizeComplexScript: o.size, color: o.color });
  const para = (text: string, o: { bold?: boolean; italics?: boolean; size?: number; color?: string; heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; align?: 'start' | 'end'; after?: number } = {}) =>
    new Paragraph({
      bidirectional: m.rtl,
      heading: o.heading,
      alignment: o.align === 'end' ? AlignmentType.END : AlignmentType.START,
      spacing: { after: o.after ?? 120 },
      children: [run(text, o)],
    });
  const cellText = (c: ModelCell): { text: string; sub?: string; numeric: boolean } =>
    c === null ? { text: m.suppressed, numeric: true } : typeof c === 'number' ? { text: number.format(c), numeric: true } : { text: c.text, sub: c.sub, numeric: false };
  const border = { style: BorderStyle.SINGLE, size: 4, color: GREY };
  const borders = { top: border, bottom: border, left: border, right: border };
  const tcell = (children: Paragraph[], o: { header?: boolean } = {}) =>
    new TableCell({ children, borders, margins: { top: 40, bottom: 40, left: 80, right: 80 }, shading: o.header ? { type: ShadingType.CLEAR, fill: 'EEF4F9', color: 'auto' } : undefined });

  const table = (t: ModelTable): (Paragraph | Table)[] => {
    const hasTotal = t.rows.some((r) => r.total !== undefined) || t.foot?.total !== undefined;
    const line = (r: ModelRow, bold = false) =>
      new TableRow({
        cantSplit: true,
        children: [
          tcell([para(r.label, { bold, after: 0 })]),
          ...[...r.cells, ...(hasTotal ? [r.total ?? null] : [])].map((c, i, all) => {
            const v = cellText(c);
            const total = hasTotal && i === all.length - 1;
            const ps = [para(v.text, { bold: bold || total, align: v.numeric ? 'end' : 'start', after: 0, color: c === null ? '555555' : undefined })];
            if (v.sub) ps.push(para(v.sub, { size: 16, color: '444444', after: 0 }));
            return tcell(ps);
          }),
        ],
      });
    const rows: TableRow[] = [];
    if (t.head.length) rows.push(new TableRow({ tableHeader: true, cantSplit: true, children: t.head.map((h) => tcell([para(h, { bold: true, after: 0 })], { header: true })) }));
    rows.push(...t.rows.map((r) => line(r)));
    if (t.foot) rows.push(line(t.foot, true));
    const out: (Paragraph | Table)[] = [
      para(t.caption, { bold: true, after: 60 }),
      new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE }, visuallyRightToLeft: m.rtl }),
    ];
    out.push(t.note ? para(t.note, { size: 18, color: '444444' }) : para('', { after: 120 }));
    return out;
  };

  const body: (Paragraph | Table)[] = [
    para(m.title, { heading: HeadingLevel.TITLE, bold: true, size: 44, color: BLUE }),
    para(m.subtitle, { size: 24, color: '333333', after: 240 }),
    ...m.toc.map((s, i) => para(`${i + 1}. ${s}`, { after: 40 })),
    para(m.protectionNote, { size: 18, color: '444444', after: 240 }),
  ];
  for (const s of m.sections) {
    body.push(para(`${s.number}. ${s.title}`, { heading: HeadingLevel.HEADING_1, bold: true, size: 30, color: BLUE, after: 120 }));
    if (s.paragraphs.length) for (const p of s.paragraphs) body.push(para(p));
    else body.push(para(m.noText, { italics: true, color: '666666' }));
    for (const b of s.blocks) {
      if (b.kind === 'note') body.push(para(b.text, { size: 18, color: '444444' }));
      else body.push(...table(b.table));
    }
  }
  const doc = new Document({
    creator: 'OpenNRM',
    title: m.title,
    description: m.subtitle,
    styles: { default: { document: { run: { font, size: m.rtl ? 24 : 22, rightToLeft: m.rtl } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1000, bottom: 1000, left: 960, right: 960 } } },
        footers: {
          default: new Footer({
            children: [new Paragraph({ bidirectional: m.rtl, alignment: AlignmentType.END, children: [run(`${m.footer} · `, { size: 16 }), new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 16 })] })],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
