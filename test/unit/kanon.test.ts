import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import statisticsConfig from '../../data/config/statistics.json';
import { ageBroad, kAnonymise, victimHierarchies, type VictimQi } from '../../src/server/modules/statistics/kanon';

const H = victimHierarchies(statisticsConfig.countryGroups);

const victim: fc.Arbitrary<VictimQi> = fc.record({
  sex: fc.constantFrom('female', 'male', 'other', 'unknown'),
  age: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
  nationality: fc.option(fc.constantFrom('MA', 'MA', 'MA', 'NG', 'SN', 'CI', 'FR', 'SY', 'PH'), { nil: null }),
  year: fc.integer({ min: 2019, max: 2026 }),
  region: fc.constantFrom('MA-01', 'MA-04', 'MA-06', 'MA-06', 'MA-07', 'abroad', 'unknown'),
  uncertain: fc.boolean(),
}).map(({ uncertain, ...v }) => ({ ...v, minor: (v.age !== null && v.age < 18) || (uncertain && v.age === null) }));

function classSizes(released: { qi: Record<string, string> }[]) {
  const m = new Map<string, number>();
  for (const r of released) { const key = JSON.stringify(r.qi); m.set(key, (m.get(key) ?? 0) + 1); }
  return [...m.values()];
}

describe('k-anonymity', () => {
  it('uses the CTDC age bands', () => {
    expect([0, 8, 9, 17, 18, 20, 21, 29, 30, 47, 48, 90, null].map(ageBroad)).toEqual(['0--8', '0--8', '9--17', '9--17', '18--20', '18--20', '21--23', '27--29', '30--38', '39--47', '48+', '48+', 'unknown']);
  });

  it('releases everything ungeneralised when every class already has k records', () => {
    const rows = Array.from({ length: 22 }, (_, i) => ({ sex: i % 2 ? 'female' : 'male', age: 30, minor: false, nationality: 'MA', year: 2025, region: 'MA-06' }));
    const r = kAnonymise(rows, H, { k: 11, maxSuppressionRate: 0 });
    expect(r.report.suppressed).toBe(0);
    expect(r.report.generalisation.every((g) => g.level === 0)).toBe(true);
    expect(r.released[0]!.qi).toEqual({ gender: 'male', ageBroad: '30--38', citizenship: 'MA', yearOfRegistration: '2025', regionOfExploitation: 'MA-06' });
  });

  it('generalises before it suppresses, and reports both', () => {
    // 12 Nigerians and 12 Senegalese: neither country reaches k = 20, the group "africa" does.
    const rows = [...Array.from({ length: 12 }, () => 'NG'), ...Array.from({ length: 12 }, () => 'SN'), 'FR'].map((nationality) => ({ sex: 'female', age: 25, minor: false, nationality, year: 2025, region: 'MA-06' }));
    const r = kAnonymise(rows, H, { k: 20, maxSuppressionRate: 0.05 });
    expect(r.report.generalisation.find((g) => g.attribute === 'citizenship')).toMatchObject({ level: 1, label: 'country_group' });
    expect(r.report).toMatchObject({ records: 25, released: 24, suppressed: 1, classes: 1, smallestReleasedClass: 24 });
    expect(r.released.every((x) => x.qi.citizenship === 'africa')).toBe(true);
  });

  it('suppresses everything when there are fewer than k records', () => {
    const rows = Array.from({ length: 5 }, () => ({ sex: 'female', age: 25, minor: false, nationality: 'MA', year: 2025, region: 'MA-06' }));
    expect(kAnonymise(rows, H, { k: 11, maxSuppressionRate: 0.05 }).report).toMatchObject({ released: 0, suppressed: 5 });
  });

  it('property: no released record is in an equivalence class smaller than k', () => {
    fc.assert(fc.property(fc.array(victim, { maxLength: 300 }), fc.integer({ min: 1, max: 15 }), fc.double({ min: 0, max: 0.3, noNaN: true }), (rows, k, rate) => {
      const r = kAnonymise(rows, H, { k, maxSuppressionRate: rate });
      expect(classSizes(r.released).every((s) => s >= k)).toBe(true);
      expect(r.report.released + r.report.suppressed).toBe(rows.length);
      expect(r.report.suppressed).toBeLessThanOrEqual(Math.max(rate * rows.length, r.report.generalisation.every((g, i) => g.level === H[i]!.levels.length - 1) ? rows.length : 0));
    }), { numRuns: 200 });
  });
});
