/**
 * The compact k-anonymiser (value codes in typed arrays, one quasi-identifier object per class) against a
 * plain reference implementation of the same algorithm (string keys per record, as it was first written):
 * same generalisation, same released records in the same order with the same values, same report.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import statisticsConfig from '../../data/config/statistics.json';
import { kAnonymise, victimHierarchies, type Hierarchy, type KAnonOptions, type KAnonResult, type VictimQi } from '../../src/server/modules/statistics/kanon';

const H = victimHierarchies(statisticsConfig.countryGroups);

function reference<R>(records: readonly R[], hierarchies: readonly Hierarchy<R>[], options: KAnonOptions): KAnonResult<R> {
  const { k, maxSuppressionRate } = options;
  if (!Number.isInteger(k) || k < 1) throw new Error('k-anonymity: k must be a positive integer');
  if (!(maxSuppressionRate >= 0 && maxSuppressionRate <= 1)) throw new Error('k-anonymity: maxSuppressionRate must be between 0 and 1');
  const level = hierarchies.map(() => 0);
  const n = records.length;
  let keys: string[] = [];
  let sizes = new Map<string, number>();
  const compute = () => {
    keys = records.map((r) => hierarchies.map((h, i) => h.levels[level[i]!]!.of(r)).join('\u0001'));
    sizes = new Map();
    for (const key of keys) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  };
  for (;;) {
    compute();
    let small = 0;
    for (const size of sizes.values()) if (size < k) small += size;
    if (small <= maxSuppressionRate * n) break;
    // Datafly: generalise the attribute with the most distinct values at its current level.
    let best = -1;
    let bestDistinct = -1;
    hierarchies.forEach((h, i) => {
      if (level[i]! >= h.levels.length - 1) return;
      const distinct = new Set(records.map((r) => h.levels[level[i]!]!.of(r))).size;
      if (distinct > bestDistinct) { best = i; bestDistinct = distinct; }
    });
    if (best < 0) break; // fully generalised: whatever is still too small is suppressed below
    level[best]! += 1;
  }
  const released: KAnonResult<R>['released'] = [];
  let smallest: number | null = null;
  const classes = new Set<string>();
  records.forEach((r, idx) => {
    const size = sizes.get(keys[idx]!)!;
    if (size < k) return;
    classes.add(keys[idx]!);
    smallest = smallest === null ? size : Math.min(smallest, size);
    released.push({ record: r, qi: Object.fromEntries(hierarchies.map((h, i) => [h.name, h.levels[level[i]!]!.of(r)])) });
  });
  return {
    released,
    report: {
      k,
      records: n,
      released: released.length,
      suppressed: n - released.length,
      classes: classes.size,
      smallestReleasedClass: smallest,
      generalisation: hierarchies.map((h, i) => ({ attribute: h.name, level: level[i]!, label: h.levels[level[i]!]!.label })),
    },
  };
}

const victim: fc.Arbitrary<VictimQi> = fc.record({
  sex: fc.constantFrom('female', 'male', 'other', 'unknown'),
  age: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
  nationality: fc.option(fc.constantFrom('MA', 'MA', 'MA', 'NG', 'SN', 'CI', 'FR', 'SY', 'PH', 'DZ', 'GN'), { nil: null }),
  year: fc.integer({ min: 2019, max: 2026 }),
  region: fc.constantFrom('MA-01', 'MA-04', 'MA-06', 'MA-06', 'MA-07', 'MA-11', 'abroad', 'unknown'),
  uncertain: fc.boolean(),
}).map(({ uncertain, ...v }) => ({ ...v, minor: (v.age !== null && v.age < 18) || (uncertain && v.age === null) }));

const plain = <R>(r: KAnonResult<R>) => ({ report: r.report, released: r.released.map((x) => ({ record: x.record, qi: { ...x.qi } })) });

describe('k-anonymity, compact representation', () => {
  it('property: releases exactly what the plain implementation releases, with the same report', () => {
    fc.assert(fc.property(fc.array(victim, { maxLength: 400 }), fc.integer({ min: 1, max: 15 }), fc.double({ min: 0, max: 0.3, noNaN: true }), (rows, k, rate) => {
      expect(plain(kAnonymise(rows, H, { k, maxSuppressionRate: rate }))).toEqual(plain(reference(rows, H, { k, maxSuppressionRate: rate })));
    }), { numRuns: 300 });
  });

  it('keys classes as text when the product of distinct values is too large for a number, with the same result', () => {
    // 60 attributes of 2 values each at level 0: 2^60 combinations, beyond 2^53.
    const wide: Hierarchy<number[]>[] = Array.from({ length: 60 }, (_, a) => ({ name: `a${a}`, levels: [{ label: 'v', of: (r) => String(r[a]) }, { label: 'suppressed', of: () => '*' }] }));
    const rows = Array.from({ length: 120 }, (_, i) => Array.from({ length: 60 }, (_, a) => (a === 0 ? i % 2 : (i >> (a % 7)) % 2)));
    const options = { k: 3, maxSuppressionRate: 0.1 };
    expect(plain(kAnonymise(rows, wide, options))).toEqual(plain(reference(rows, wide, options)));
  });

  it('shares one frozen quasi-identifier object among the records of a class', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ sex: i % 2 ? 'female' : 'male', age: 30, minor: false, nationality: 'MA', year: 2025, region: 'MA-06' }));
    const r = kAnonymise(rows, H, { k: 11, maxSuppressionRate: 0 });
    expect(r.report.classes).toBe(2);
    expect(new Set(r.released.map((x) => x.qi)).size).toBe(2);
    expect(Object.isFrozen(r.released[0]!.qi)).toBe(true);
  });
});
