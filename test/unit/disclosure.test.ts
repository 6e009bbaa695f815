import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determinedCells, linearize2D, protect1D, protect2D, protectTable, type LinearTable } from '../../src/server/modules/statistics/disclosure';

/** The attacker: repeatedly solves any line with one unknown left (subtracting released cells from released totals). */
function peel(t: LinearTable, suppressed: boolean[]): Set<number> {
  const known = suppressed.map((s) => !s);
  const recovered = new Set<number>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const l of t.lines) {
      const cells = [...l.inner, l.total];
      const unknown = cells.filter((i) => !known[i]);
      if (unknown.length === 1) {
        known[unknown[0]!] = true;
        recovered.add(unknown[0]!);
        changed = true;
      }
    }
  }
  return recovered;
}

/** Small counts, many of them below the threshold, some zeros, a few large: the hard cases. */
const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 60 }));
const table2D = fc.integer({ min: 1, max: 6 }).chain((rows) => fc.array(fc.array(count, { minLength: 1, maxLength: 6 }).map((r) => r), { minLength: rows, maxLength: rows }))
  .map((rows) => { const w = Math.min(...rows.map((r) => r.length)); return rows.map((r) => r.slice(0, w)); });
const threshold = fc.integer({ min: 2, max: 11 });

describe('disclosure control', () => {
  it('suppresses 1–4 and shows zeros and figures of 5 or more (default threshold 5)', () => {
    const r = protect1D([{ key: 'a', value: 0 }, { key: 'b', value: 3 }, { key: 'c', value: 12 }, { key: 'd', value: 20 }]);
    expect(r.cells.map((c) => c.value)).toEqual([0, null, null, 20]);
    expect(r.total).toEqual({ value: 35, suppressed: false });
  });

  it('a row with one small cell gets a second suppression: the smallest non-zero released cell', () => {
    const r = protect2D([[3, 10, 7], [8, 9, 12]]);
    expect(r.cells[0]).toEqual([null, 10, null]);
    // Column 0 and column 2 now have one suppression each in row 0: row 1 gives the second ones.
    expect(r.cells[1]![0]).toBeNull();
    expect(r.cells[1]![2]).toBeNull();
    expect(r.total).toBe(49);
  });

  it('a lone small figure that equals its total suppresses the total too (primary)', () => {
    const r = protect1D([{ key: 'a', value: 3 }, { key: 'b', value: 0 }]);
    expect(r.total.suppressed).toBe(true);
    expect(r.cells[1]!.value).toBe(0);
  });

  it('hides one more cell when the hidden ones could only be 1 each', () => {
    const r = protect1D([{ key: 'a', value: 1 }, { key: 'b', value: 1 }, { key: 'c', value: 5 }, { key: 'd', value: 9 }]);
    expect(r.cells.map((c) => c.value)).toEqual([null, null, null, 9]);
  });

  it('closes a bridge between two blocks that no single line reveals', () => {
    // Two 2×2 blocks of small cells linked through one cell: every line has two suppressions after rule 3.
    const t = linearize2D([[2, 2, 0, 0], [2, 2, 7, 0], [0, 0, 2, 2], [0, 0, 2, 2]]);
    const r = protectTable(t);
    expect(determinedCells(t, r.suppressed)).toEqual([]);
  });

  it('threshold is configurable', () => {
    expect(protect1D([{ key: 'a', value: 9 }, { key: 'b', value: 30 }], { threshold: 10 }).cells[0]!.value).toBeNull();
    expect(protect1D([{ key: 'a', value: 9 }, { key: 'b', value: 30 }], { threshold: 5 }).cells[0]!.value).toBe(9);
  });

  it('refuses tables that do not add up', () => {
    expect(() => protectTable({ values: [1, 2, 4], lines: [{ inner: [0, 1], total: 2 }] })).toThrow();
  });

  it('property: no released cell is below the threshold (except zeros)', () => {
    fc.assert(fc.property(table2D, threshold, (cells, t) => {
      const r = protect2D(cells, { threshold: t });
      const released = [...r.cells.flat(), ...r.rowTotals, ...r.columnTotals, r.total].filter((v): v is number => v !== null);
      return released.every((v) => v === 0 || v >= t);
    }), { numRuns: 400 });
  });

  it('property: no suppressed cell can be recovered from released cells and totals (line by line, or by combining lines)', () => {
    fc.assert(fc.property(table2D, threshold, (cells, t) => {
      const lt = linearize2D(cells);
      const r = protectTable(lt, { threshold: t });
      expect(peel(lt, r.suppressed).size).toBe(0);
      expect(determinedCells(lt, r.suppressed)).toEqual([]);
      // Released values are the true ones.
      r.values.forEach((v, i) => { if (v !== null) expect(v).toBe(lt.values[i]); });
    }), { numRuns: 400 });
  });

  it('property: 1-D breakdowns are protected the same way', () => {
    fc.assert(fc.property(fc.array(count, { minLength: 1, maxLength: 12 }), threshold, (values, t) => {
      const r = protect1D(values.map((value, i) => ({ key: String(i), value })), { threshold: t });
      const hidden = [...r.cells.map((c) => c.suppressed), r.total.suppressed].filter(Boolean).length;
      expect(hidden === 0 || hidden >= 2).toBe(true);
      for (const c of r.cells) if (c.value !== null) expect(c.value === 0 || c.value >= t).toBe(true);
    }), { numRuns: 400 });
  });
});

describe('options used by a release (statistics.release.ts)', () => {
  it('forced cells are suppressed and released ones are never complements', () => {
    // Column totals 40 | 3 | 8 and grand total 51 (cells 8–11): the 3 and the 8 are hidden elsewhere.
    const lt = linearize2D([[30, 2, 5], [10, 1, 3]]);
    const r = protectTable(lt, { threshold: 5, forced: [9, 10], released: [8, 11] });
    expect([r.values[8], r.values[9], r.values[10], r.values[11]]).toEqual([40, null, null, 51]);
    expect(determinedCells(lt, r.suppressed)).toEqual([]);
  });

  it('an avoided cell is the last complement, after a zero', () => {
    const line = { values: [3, 0, 10, 13], lines: [{ inner: [0, 1, 2], total: 3 }] };
    expect(protectTable(line, { threshold: 5 }).values).toEqual([null, 0, null, 13]);
    expect(protectTable(line, { threshold: 5, avoid: [2, 3] }).values).toEqual([null, null, 10, 13]);
  });

  it('never hides a zero whose line shows a total of zero (everyone knows it)', () => {
    // Line A: 3 (hidden) + z + 10 = 13, the 10 and the 13 avoided; line B: z + 0 = 0, so z is known to be 0.
    const t = { values: [3, 0, 10, 13, 0, 0], lines: [{ inner: [0, 1, 2], total: 3 }, { inner: [1, 4], total: 5 }] };
    expect(protectTable(t, { threshold: 5, avoid: [2, 3] }).values).toEqual([null, 0, null, 13, 0, 0]);
  });

  it('property: with released and forced margins, nothing below the threshold and nothing recoverable', () => {
    fc.assert(fc.property(table2D, threshold, fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), (cells, t, flags) => {
      const C = cells[0]!.length;
      const lt = linearize2D(cells);
      const R = cells.length;
      const W = C + 1;
      const margins = [...Array.from({ length: C }, (_, c) => R * W + c), R * W + C];
      // Margins shared with another table: hidden there (small ones always) or released there.
      const forced = margins.filter((i, k) => (lt.values[i]! > 0 && lt.values[i]! < t) || (flags[k] ?? false));
      const released = margins.filter((i) => !forced.includes(i));
      const r = protectTable(lt, { threshold: t, forced, released });
      expect(determinedCells(lt, r.suppressed)).toEqual([]);
      expect(peel(lt, r.suppressed).size).toBe(0);
      for (const i of forced) expect(r.suppressed[i]).toBe(true);
    }), { numRuns: 300 });
  });
});
