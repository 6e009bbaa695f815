/**
 * A release: every figure published for one year (the dashboard of both situations, the GLOTIP export and
 * the annual report, which all read it), written as ONE linear system and protected together. Protecting
 * each table alone is not enough: a reader holding two tables of the same victims can subtract one from the
 * other (a total by nationality group minus the released country cells gives the hidden one). Here a figure
 * that appears in several tables is one cell, and every identity a reader knows between tables is a line:
 *
 *  - every table of the year's victims adds up, column by column, to the headline figures;
 *  - "Moroccan" and "unknown" in the nationality table are the MA and unknown rows of the citizenship table,
 *    and "foreign" is the sum of the other countries;
 *  - the UNODC categories (one per victim: its category, "mixed" or "not specified") add up by sex and age
 *    to the sex × age table, and "not specified" is the same victims as in the national forms table;
 *  - the trafficking and smuggling headlines add up to the year's total.
 *
 * Multi-valued tables (national forms, grouped rows: one victim, several forms) only add up along their rows.
 * The CTDC microdata are protected apart, by k-anonymity (kanon.ts).
 */
import { protectTable, type LinearTable } from './disclosure';

export class ReleaseModel {
  private readonly index = new Map<string, number>();
  private readonly aliases = new Map<string, string>();
  private readonly avoided = new Set<string>();
  private readonly knownZero = new Set<string>();
  private readonly values: number[] = [];
  private readonly lines: { inner: number[]; total: number }[] = [];
  private result: (number | null)[] | null = null;

  private canonical(key: string): string {
    return this.aliases.get(key) ?? key;
  }

  /** `key` names the same figure as `as` (declare before either is counted). */
  same(key: string, as: string): void {
    if (this.index.has(key) || this.index.has(as)) throw new Error(`release: ${key} aliased after being counted`);
    this.aliases.set(key, this.canonical(as));
  }

  /** Counts a figure; the same figure counted twice must have the same value. */
  cell(key: string, value: number): void {
    const k = this.canonical(key);
    const at = this.index.get(k);
    if (at !== undefined) {
      if (this.values[at] !== value) throw new Error(`release: ${key} is ${value} here and ${this.values[at]} elsewhere`);
      return;
    }
    this.index.set(k, this.values.length);
    this.values.push(value);
  }

  private at(key: string): number {
    const i = this.index.get(this.canonical(key));
    if (i === undefined) throw new Error(`release: ${key} is not counted`);
    return i;
  }

  /** The inner figures add up to the total (every key already counted). */
  line(inner: readonly string[], total: string): void {
    const t = this.at(total);
    const cells = inner.map((k) => this.at(k));
    if (cells.length === 1 && cells[0] === t) return;
    this.lines.push({ inner: cells, total: t });
  }

  /** A figure chosen as a complement only when nothing else in its line will do. */
  avoid(key: string): void {
    this.avoided.add(key);
  }

  /** A figure every reader knows is zero (e.g. anonymous notifications of smuggled persons): never a complement. */
  structuralZero(key: string): void {
    this.knownZero.add(key);
  }

  protect(threshold: number): void {
    const t: LinearTable = { values: this.values, lines: this.lines };
    const indices = (keys: Set<string>) => [...keys].map((k) => this.index.get(this.canonical(k))).filter((i): i is number => i !== undefined);
    const released = indices(this.knownZero);
    for (const i of released) if (this.values[i] !== 0) throw new Error('release: a structural zero is not zero');
    this.result = protectTable(t, { threshold, avoid: indices(this.avoided), released }).values;
  }

  /** The released figure, or null when suppressed. */
  get(key: string): number | null {
    if (!this.result) throw new Error('release: not protected yet');
    return this.result[this.at(key)]!;
  }

  /** The system as protected (for the property tests: every line and every released figure). */
  system(): { values: number[]; lines: { inner: number[]; total: number }[]; released: (number | null)[] } {
    if (!this.result) throw new Error('release: not protected yet');
    return { values: [...this.values], lines: this.lines.map((l) => ({ inner: [...l.inner], total: l.total })), released: [...this.result] };
  }
}

/** Rows × columns of one table in a release, with its row totals; where its columns and grand total add up to. */
export type ReleaseTableInput = {
  id: string;
  keys: readonly string[];
  columns: readonly string[];
  rows: readonly (readonly number[])[];
  /**
   * 'victims': one row per victim, columns STAT_COLUMNS, adding up to the headline (prefix:h|column);
   * 'own': additive with its own column totals; 'rows': multi-valued, only rows add up;
   * { columnTotals: keys }: additive, each column adds up to the given figure, the grand total to `total`.
   */
  margins: 'victims' | 'own' | 'rows' | { columnTotals: readonly string[]; total: string };
};

export const cellKey = (prefix: string, table: string, row: string, column: string) => `${prefix}:${table}|${row}|${column}`;
export const headlineKey = (prefix: string, column: string) => `${prefix}:h|${column}`;

/** Adds a table's figures and lines to the release. */
export function addTable(m: ReleaseModel, prefix: string, t: ReleaseTableInput, headlineColumns: readonly string[]): void {
  const key = (row: string, col: string) => cellKey(prefix, t.id, row, col);
  t.keys.forEach((k, i) => {
    const row = t.rows[i]!;
    t.columns.forEach((c, j) => m.cell(key(k, c), row[j]!));
    m.cell(key(k, '*'), row.reduce((s, v) => s + v, 0));
    m.line(t.columns.map((c) => key(k, c)), key(k, '*'));
  });
  if (t.margins === 'rows') return;
  let columnTotals: readonly string[];
  let total: string;
  if (t.margins === 'victims') {
    if (t.columns.join() !== headlineColumns.join()) throw new Error(`release: ${t.id} is not by the headline's columns`);
    columnTotals = t.columns.map((c) => headlineKey(prefix, c));
    total = headlineKey(prefix, '*');
  } else if (t.margins === 'own') {
    columnTotals = t.columns.map((c) => key('*', c));
    t.columns.forEach((c, j) => m.cell(key('*', c), t.rows.reduce((s, r) => s + r[j]!, 0)));
    total = key('*', '*');
    m.cell(total, t.rows.reduce((s, r) => s + r.reduce((a, b) => a + b, 0), 0));
    m.line(columnTotals, total);
  } else {
    columnTotals = t.margins.columnTotals;
    total = t.margins.total;
  }
  t.columns.forEach((c, j) => m.line(t.keys.map((k) => key(k, c)), columnTotals[j]!));
  m.line(t.keys.map((k) => key(k, '*')), total);
}

/** A table read back from the protected release. */
export function readTable(m: ReleaseModel, prefix: string, t: ReleaseTableInput, headlineColumns: readonly string[]) {
  const key = (row: string, col: string) => cellKey(prefix, t.id, row, col);
  const rows = t.keys.map((k) => ({ key: k, cells: t.columns.map((c) => m.get(key(k, c))), total: m.get(key(k, '*')) }));
  if (t.margins === 'rows') return { rows, columnTotals: null, total: null };
  if (t.margins === 'victims') return { rows, columnTotals: headlineColumns.map((c) => m.get(headlineKey(prefix, c))), total: m.get(headlineKey(prefix, '*')) };
  if (t.margins === 'own') return { rows, columnTotals: t.columns.map((c) => m.get(key('*', c))), total: m.get(key('*', '*')) };
  return { rows, columnTotals: t.margins.columnTotals.map((k) => m.get(k)), total: m.get(t.margins.total) };
}
