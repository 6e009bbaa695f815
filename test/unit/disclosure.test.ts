import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determinedCells, linearize2D, protect1D, protect2D, protectBreakdown, protectTable, type LinearTable } from '../../src/server/modules/statistics/disclosure';

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

describe('linked tables', () => {
  it('keeps the headline suppression of shared totals and never uses a released one as a complement', () => {
    // Headline: 40 presumed, 3 identified (hidden), 8 anonymous (hidden as complement).
    const linked = { columns: [false, true, true], total: false };
    const rows = [[30, 2, 5], [10, 1, 3]];
    const r = protectBreakdown(rows, 3, { threshold: 5, additive: true, linked });
    expect(r.columnTotals).toEqual([40, null, null]);
    expect(r.total).toBe(51);
    const lt = linearize2D(rows);
    const suppressed = [...r.cells.flatMap((row, i) => [...row, r.rowTotals[i]]), ...r.columnTotals!, r.total].map((v) => v === null);
    expect(determinedCells(lt, suppressed)).toEqual([]);
  });

  it('multi-valued rows only add up along the row', () => {
    const r = protectBreakdown([[12, 3, 0], [7, 7, 7]], 3, { threshold: 5, additive: false });
    expect(r.columnTotals).toBeNull();
    expect(r.cells[0]).toEqual([null, null, 0]);
    expect(r.rowTotals).toEqual([15, 21]);
  });

  it('property: linked breakdowns release nothing below the threshold and nothing recoverable', () => {
    fc.assert(fc.property(table2D, threshold, fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), (cells, t, flags) => {
      const C = cells[0]!.length;
      const lt = linearize2D(cells);
      const R = cells.length;
      const W = C + 1;
      // A headline consistent with the rules: small totals are hidden there too.
      const colTotals = Array.from({ length: C }, (_, c) => lt.values[R * W + c]!);
      const linked = { columns: colTotals.map((v, c) => (v > 0 && v < t) || (flags[c] ?? false)), total: lt.values[R * W + C]! > 0 && lt.values[R * W + C]! < t };
      const r = protectBreakdown(cells, C, { threshold: t, additive: true, linked });
      const suppressed = [...r.cells.flatMap((row, i) => [...row, r.rowTotals[i]]), ...r.columnTotals!, r.total].map((v) => v === null);
      expect(determinedCells(lt, suppressed)).toEqual([]);
      expect(peel(lt, suppressed).size).toBe(0);
      colTotals.forEach((_, c) => expect(suppressed[R * W + c]).toBe(linked.columns[c] ? true : suppressed[R * W + c]));
    }), { numRuns: 300 });
  });
});
