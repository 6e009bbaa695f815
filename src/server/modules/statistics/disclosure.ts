/**
 * Statistical disclosure control for frequency tables (pure: no I/O). Every figure shown to a commission
 * analyst, and every aggregate export, goes through `protectTable` / `protect1D` / `protect2D`.
 *
 * Rules (documented in ARCHITECTURE.md, "Statistics"):
 * 1. Primary suppression: a cell (margins included) with 0 < value < threshold is suppressed (default
 *    threshold 5, i.e. 1–4 persons).
 * 2. Zeros are released. A zero describes nobody, and suppressing them would blank most of a sparse table.
 *    Because released zeros tell the reader that every suppressed cell is at least 1, rule 5 below exists.
 * 3. Complementary suppression: a table is a set of cells and a set of additive lines (a row or a column
 *    with its margin: inner cells sum to the margin). A line with exactly one suppressed cell gets a second
 *    one: the smallest released non-zero inner cell of that line, else its margin, else (last resort) a zero
 *    — a zero protects only as long as the reader cannot know it is zero, so it is never preferred.
 * 4. Linear protection: rule 3 stops the one-line subtraction, but several lines combined can still pin a
 *    suppressed cell (a suppressed "bridge" between two blocks). After rule 3, the linear system of the
 *    lines is reduced; any suppressed cell it determines gets a further suppression in one of its lines.
 * 5. Bounds: in a line whose margin is released, when the suppressed inner cells sum to exactly their
 *    number (every one of them must then be 1) or to zero (every one is then 0), one more cell is suppressed.
 *    A zero in a line whose released total is zero is never chosen: everyone knows it is zero.
 * Rules 3–5 repeat until none applies (each round suppresses one more cell, so it ends).
 *
 * Every suppressed cell carries the same mark, primary or complementary: a distinct mark would tell the
 * reader that a complementary cell is ≥ threshold and let intervals pin a small figure down.
 */

export type DisclosureOptions = {
  threshold: number;
  /**
   * Linked tables: cells whose value is published released in another table (e.g. the totals of the
   * headline figures) are never chosen as complements, and cells suppressed there are suppressed here too.
   */
  released?: readonly number[];
  forced?: readonly number[];
  /**
   * Cells chosen as complements only when no other cell of the line will do, not even a zero (e.g. the
   * headline count of identified victims, the figure the commission is asked for first).
   */
  avoid?: readonly number[];
};
export const DEFAULT_THRESHOLD = 5;

/** A table as cells and additive lines: in each line, the inner cells sum to the total cell. */
export type LinearTable = { values: number[]; lines: { inner: number[]; total: number }[] };

export type ProtectedTable = {
  /** null where suppressed. */
  values: (number | null)[];
  suppressed: boolean[];
  primary: number;
  complementary: number;
};

function validate(t: LinearTable, threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error('disclosure: threshold must be a positive integer');
  for (const v of t.values) if (!Number.isInteger(v) || v < 0) throw new Error('disclosure: counts must be non-negative integers');
  for (const l of t.lines) {
    const sum = l.inner.reduce((s, i) => s + t.values[i]!, 0);
    if (sum !== t.values[l.total]) throw new Error('disclosure: a line does not add up to its total');
  }
}

/** Row-reduces the lines over the suppressed cells; returns the suppressed cells that the released figures determine. */
export function determinedCells(t: LinearTable, suppressed: boolean[]): number[] {
  const unknown = suppressed.flatMap((s, i) => (s ? [i] : []));
  if (unknown.length === 0) return [];
  const col = new Map(unknown.map((cell, j) => [cell, j]));
  const rows: number[][] = [];
  for (const l of t.lines) {
    const r = new Array<number>(unknown.length).fill(0);
    let any = false;
    for (const i of l.inner) {
      const j = col.get(i);
      if (j !== undefined) { r[j]! += 1; any = true; }
    }
    const jt = col.get(l.total);
    if (jt !== undefined) { r[jt]! -= 1; any = true; }
    if (any) rows.push(r);
  }
  // Reduced row echelon form (coefficients are small integers; 1e-9 is far below any non-zero pivot).
  const eps = 1e-9;
  const pivots: number[] = [];
  let rank = 0;
  for (let j = 0; j < unknown.length && rank < rows.length; j++) {
    let best = -1;
    for (let r = rank; r < rows.length; r++) if (Math.abs(rows[r]![j]!) > eps && (best < 0 || Math.abs(rows[r]![j]!) > Math.abs(rows[best]![j]!))) best = r;
    if (best < 0) continue;
    [rows[rank], rows[best]] = [rows[best]!, rows[rank]!];
    const pr = rows[rank]!;
    const pv = pr[j]!;
    for (let k = 0; k < pr.length; k++) pr[k]! /= pv;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank) continue;
      const f = rows[r]![j]!;
      if (Math.abs(f) > eps) for (let k = 0; k < pr.length; k++) rows[r]![k]! -= f * pr[k]!;
    }
    pivots.push(j);
    rank += 1;
  }
  // A suppressed cell is determined exactly when its unit vector is a row of the reduced form.
  const out: number[] = [];
  for (let r = 0; r < rank; r++) {
    const row = rows[r]!;
    if (row.every((v, k) => k === pivots[r] || Math.abs(v) <= eps)) out.push(unknown[pivots[r]!]!);
  }
  return out;
}

/**
 * The next cell to suppress in a line: a released non-zero inner cell before the total, the total before a
 * zero; among equals, one whose other line already has a suppression (it closes that line instead of opening
 * a new one), then the smallest value (least information lost).
 */
function pickComplement(t: LinearTable, suppressed: boolean[], fixed: ReadonlySet<number>, line: LinearTable['lines'][number], linesByCell: LinearTable['lines'][number][][], avoid: ReadonlySet<number>): number | null {
  // A zero in a line whose released total is zero is known to be zero: hiding it protects nothing.
  const knownZero = (i: number) => t.values[i] === 0 && linesByCell[i]!.some((l) => l.total !== i && t.values[l.total] === 0 && !suppressed[l.total]);
  const free = (i: number) => !suppressed[i] && !fixed.has(i) && !knownZero(i);
  const opensLine = (i: number) => linesByCell[i]!.some((l) => l !== line && ![...l.inner, l.total].some((j) => suppressed[j]));
  const rank = (i: number) => {
    const zero = t.values[i] === 0;
    const tier = avoid.has(i) ? 3 : zero ? 2 : i === line.total ? 1 : 0;
    return [tier, opensLine(i) ? 1 : 0, t.values[i]!] as const;
  };
  let best: number | null = null;
  let bestRank: readonly number[] | null = null;
  for (const i of [...line.inner, line.total]) {
    if (!free(i)) continue;
    const r = rank(i);
    if (bestRank === null || r[0] < bestRank[0]! || (r[0] === bestRank[0] && (r[1] < bestRank[1]! || (r[1] === bestRank[1] && r[2] < bestRank[2]!)))) {
      best = i;
      bestRank = r;
    }
  }
  return best;
}

export function protectTable(t: LinearTable, options: DisclosureOptions = { threshold: DEFAULT_THRESHOLD }): ProtectedTable {
  const threshold = options.threshold;
  validate(t, threshold);
  const suppressed = t.values.map((v) => v > 0 && v < threshold);
  const primary = suppressed.filter(Boolean).length;
  for (const i of options.forced ?? []) suppressed[i] = true;
  const fixed = new Set((options.released ?? []).filter((i) => !suppressed[i]));
  const avoid = new Set(options.avoid ?? []);
  const pick = (l: LinearTable['lines'][number]) => pickComplement(t, suppressed, fixed, l, linesByCell, avoid);
  const linesByCell: LinearTable['lines'][number][][] = t.values.map(() => []);
  for (const l of t.lines) for (const i of [...l.inner, l.total]) linesByCell[i]!.push(l);
  const linesOf = (cell: number) => linesByCell[cell]!;
  for (;;) {
    let changed = false;
    // Rule 3: no line with exactly one suppressed cell.
    for (const l of t.lines) {
      const cells = [...l.inner, l.total];
      if (cells.filter((i) => suppressed[i]).length === 1) {
        const c = pick(l);
        if (c !== null) { suppressed[c] = true; changed = true; }
      }
    }
    if (changed) continue;
    // Rule 5: released total, suppressed inner cells that must all be 1.
    for (const l of t.lines) {
      if (suppressed[l.total]) continue;
      const hidden = l.inner.filter((i) => suppressed[i]);
      const sum = hidden.reduce((s, i) => s + t.values[i]!, 0);
      if (hidden.length > 0 && (sum === hidden.length || sum === 0)) {
        const c = pick(l);
        if (c !== null) { suppressed[c] = true; changed = true; break; }
      }
    }
    if (changed) continue;
    // Rule 4: nothing pinned by combining lines.
    const pinned = determinedCells(t, suppressed);
    if (pinned.length === 0) break;
    for (const cell of pinned) {
      const c = linesOf(cell).map(pick).find((x) => x !== null);
      if (c !== undefined && c !== null) { suppressed[c] = true; changed = true; break; }
    }
    if (!changed) {
      // Every line of a pinned cell is already fully suppressed: the combination that pins it runs through
      // other lines. Suppress the first released cell (in complement order) that frees it.
      const cell = pinned[0]!;
      const candidates = t.lines
        .filter((l) => [...l.inner, l.total].some((i) => suppressed[i]))
        .map(pick)
        .filter((x): x is number => x !== null)
        .sort((a, b) => (t.values[a] || Infinity) - (t.values[b] || Infinity));
      const frees = candidates.find((c) => {
        suppressed[c] = true;
        const still = determinedCells(t, suppressed).includes(cell);
        suppressed[c] = false;
        return !still;
      });
      if (frees === undefined) {
        // Nothing frees it: fail safe and release nothing.
        suppressed.fill(true);
        break;
      }
      suppressed[frees] = true;
    }
  }
  return {
    values: t.values.map((v, i) => (suppressed[i] ? null : v)),
    suppressed,
    primary,
    complementary: suppressed.filter(Boolean).length - primary,
  };
}

export type Protected1D<K extends string> = {
  cells: { key: K; value: number | null; suppressed: boolean }[];
  total: { value: number | null; suppressed: boolean };
};

/** A breakdown with its total (the total is the last cell). */
export function protect1D<K extends string>(cells: { key: K; value: number }[], options?: DisclosureOptions): Protected1D<K> {
  const values = [...cells.map((c) => c.value), cells.reduce((s, c) => s + c.value, 0)];
  const n = cells.length;
  const r = protectTable({ values, lines: [{ inner: cells.map((_, i) => i), total: n }] }, options);
  return {
    cells: cells.map((c, i) => ({ key: c.key, value: r.values[i]!, suppressed: r.suppressed[i]! })),
    total: { value: r.values[n]!, suppressed: r.suppressed[n]! },
  };
}

export type Protected2D = {
  /** rows × columns, then each row's total, each column's total and the grand total. */
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
  suppressedCount: number;
};

/** Builds the (R+1)×(C+1) table with margins as a linear table: index r*(C+1)+c, margins last. */
export function linearize2D(cells: number[][]): LinearTable {
  const R = cells.length;
  const C = cells[0]?.length ?? 0;
  const W = C + 1;
  const values = new Array<number>((R + 1) * W).fill(0);
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
    const v = cells[r]![c]!;
    values[r * W + c] = v;
    values[r * W + C]! += v;
    values[R * W + c]! += v;
    values[R * W + C]! += v;
  }
  const lines: LinearTable['lines'] = [];
  for (let r = 0; r <= R; r++) lines.push({ inner: Array.from({ length: C }, (_, c) => r * W + c), total: r * W + C });
  for (let c = 0; c <= C; c++) lines.push({ inner: Array.from({ length: R }, (_, r) => r * W + c), total: R * W + c });
  return { values, lines };
}

export function protect2D(cells: number[][], options?: DisclosureOptions): Protected2D {
  const R = cells.length;
  const C = cells[0]?.length ?? 0;
  const W = C + 1;
  const r = protectTable(linearize2D(cells), options);
  return {
    cells: Array.from({ length: R }, (_, i) => Array.from({ length: C }, (_, j) => r.values[i * W + j]!)),
    rowTotals: Array.from({ length: R }, (_, i) => r.values[i * W + C]!),
    columnTotals: Array.from({ length: C }, (_, j) => r.values[R * W + j]!),
    total: r.values[R * W + C]!,
    suppressedCount: r.suppressed.filter(Boolean).length,
  };
}
