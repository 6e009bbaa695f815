/**
 * CSV files (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read Arabic correctly). A text cell
 * that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab or a carriage return: "formula
 * injection", OWASP) is written with a leading apostrophe, so a name typed as "=HYPERLINK(…)" stays text.
 * Numbers are written as they are (a negative number is a number, not a formula).
 */
export type CsvValue = string | number | null;

const FORMULA = /^[=+\-@\t\r]/;

function cell(v: CsvValue): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return '\uFEFF' + [columns, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
