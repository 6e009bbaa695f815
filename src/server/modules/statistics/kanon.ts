/**
 * k-anonymity for de-identified microdata (pure: no I/O). Quasi-identifiers are generalised step by step
 * along their hierarchies (full-domain generalisation, the Datafly heuristic: the attribute with the most
 * distinct values goes up one level), until the records that sit in an equivalence class smaller than k
 * are few enough (`maxSuppressionRate`); those records are then suppressed (left out). The report says
 * which level each attribute ended at and how many records were suppressed. Records are held as value
 * codes in typed arrays (4 bytes a record and attribute), and released records of one class share one
 * quasi-identifier object, so that hundreds of thousands of records fit in little memory.
 */

export type Hierarchy<R> = {
  name: string;
  /** Level 0 is the finest; the last level must map everything to one value ('*'). */
  levels: { label: string; of: (r: R) => string }[];
};

export type KAnonOptions = { k: number; maxSuppressionRate: number };
export const DEFAULT_K = 11;

export type KAnonReport = {
  k: number;
  records: number;
  released: number;
  suppressed: number;
  classes: number;
  smallestReleasedClass: number | null;
  generalisation: { attribute: string; level: number; label: string }[];
};

export type KAnonResult<R> = {
  /** Released records with their generalised quasi-identifiers (one value per hierarchy, by name). */
  released: { record: R; qi: Record<string, string> }[];
  report: KAnonReport;
};

export function kAnonymise<R>(records: readonly R[], hierarchies: readonly Hierarchy<R>[], options: KAnonOptions = { k: DEFAULT_K, maxSuppressionRate: 0.05 }): KAnonResult<R> {
  const { k, maxSuppressionRate } = options;
  if (!Number.isInteger(k) || k < 1) throw new Error('k-anonymity: k must be a positive integer');
  if (!(maxSuppressionRate >= 0 && maxSuppressionRate <= 1)) throw new Error('k-anonymity: maxSuppressionRate must be between 0 and 1');
  const level = hierarchies.map(() => 0);
  const n = records.length;
  // Compact representation: per attribute, the code of each record's value at the attribute's current level
  // (a typed array, 4 bytes a record) and the distinct values in order of first appearance. Only the
  // attribute that moves up a level is re-encoded; no per-record strings or objects are built.
  const codes: Uint32Array[] = [];
  const values: string[][] = [];
  const encode = (i: number) => {
    const of = hierarchies[i]!.levels[level[i]!]!.of;
    const dict = new Map<string, number>();
    const vals: string[] = [];
    const c = new Uint32Array(n);
    for (let r = 0; r < n; r++) {
      const v = of(records[r]!);
      let code = dict.get(v);
      if (code === undefined) { code = vals.length; dict.set(v, code); vals.push(v); }
      c[r] = code;
    }
    codes[i] = c;
    values[i] = vals;
  };
  hierarchies.forEach((_, i) => encode(i));
  // Equivalence class of a record: its codes in mixed radix (exact in a double while the product of the
  // numbers of distinct values stays below 2^53, else the codes joined as text).
  let classOf: (r: number) => number | string = () => 0;
  let sizes = new Map<number | string, number>();
  const compute = () => {
    const radix = values.map((v) => Math.max(1, v.length));
    const numeric = radix.reduce((a, b) => a * b, 1) < 2 ** 53;
    classOf = numeric
      ? (r) => { let key = 0; for (let i = 0; i < codes.length; i++) key = key * radix[i]! + codes[i]![r]!; return key; }
      : (r) => codes.map((c) => c[r]!).join(',');
    sizes = new Map();
    for (let r = 0; r < n; r++) { const key = classOf(r); sizes.set(key, (sizes.get(key) ?? 0) + 1); }
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
      const distinct = values[i]!.length;
      if (distinct > bestDistinct) { best = i; bestDistinct = distinct; }
    });
    if (best < 0) break; // fully generalised: whatever is still too small is suppressed below
    level[best]! += 1;
    encode(best);
  }
  const released: KAnonResult<R>['released'] = [];
  let smallest: number | null = null;
  // One (frozen) quasi-identifier object per class, shared by its records: same values, a fraction of the memory.
  const qiOfClass = new Map<number | string, Record<string, string>>();
  for (let r = 0; r < n; r++) {
    const key = classOf(r);
    const size = sizes.get(key)!;
    if (size < k) continue;
    let qi = qiOfClass.get(key);
    if (!qi) {
      qi = Object.freeze(Object.fromEntries(hierarchies.map((h, i) => [h.name, values[i]![codes[i]![r]!]!]))) as Record<string, string>;
      qiOfClass.set(key, qi);
      smallest = smallest === null ? size : Math.min(smallest, size);
    }
    released.push({ record: records[r]!, qi });
  }
  return {
    released,
    report: {
      k,
      records: n,
      released: released.length,
      suppressed: n - released.length,
      classes: qiOfClass.size,
      smallestReleasedClass: smallest,
      generalisation: hierarchies.map((h, i) => ({ attribute: h.name, level: level[i]!, label: h.levels[level[i]!]!.label })),
    },
  };
}

// ---- The quasi-identifiers of OpenNRM's victim microdata ------------------------------------------

/** What the microdata export knows about a victim before coarsening (no names, no dates of birth). */
export type VictimQi = {
  sex: string;
  /** Age in whole years at identification, null when unknown. */
  age: number | null;
  /** Treated as a child (under 18, or age uncertain). */
  minor: boolean;
  /** ISO 3166-1 alpha-2 of the first nationality, null when unknown or stateless. */
  nationality: string | null;
  year: number;
  /** Region of exploitation in Morocco (MA-01…MA-12), 'abroad' or 'unknown'. */
  region: string;
};

/** CTDC `ageBroad` bands. */
export function ageBroad(age: number | null): string {
  if (age === null) return 'unknown';
  const bands: [number, string][] = [[8, '0--8'], [17, '9--17'], [20, '18--20'], [23, '21--23'], [26, '24--26'], [29, '27--29'], [38, '30--38'], [47, '39--47']];
  for (const [max, label] of bands) if (age <= max) return label;
  return '48+';
}

function ageCoarse(age: number | null): string {
  if (age === null) return 'unknown';
  if (age <= 17) return '0--17';
  if (age <= 29) return '18--29';
  if (age <= 47) return '30--47';
  return '48+';
}

export function victimHierarchies(countryGroups: Record<string, readonly string[]>): Hierarchy<VictimQi>[] {
  const groupOf = new Map<string, string>();
  for (const [group, list] of Object.entries(countryGroups)) for (const c of list) groupOf.set(c, group);
  const star = { label: 'suppressed', of: () => '*' };
  return [
    { name: 'gender', levels: [{ label: 'sex', of: (r) => r.sex }, star] },
    {
      name: 'ageBroad',
      levels: [
        { label: 'ctdc_age_bands', of: (r) => (r.age === null && r.minor ? 'minor' : ageBroad(r.age)) },
        { label: 'coarse_age_bands', of: (r) => (r.age === null && r.minor ? 'minor' : ageCoarse(r.age)) },
        { label: 'minor_adult', of: (r) => (r.minor ? 'minor' : r.age === null ? 'unknown' : 'adult') },
        star,
      ],
    },
    {
      name: 'citizenship',
      levels: [
        { label: 'country', of: (r) => r.nationality ?? 'unknown' },
        { label: 'country_group', of: (r) => (!r.nationality ? 'unknown' : r.nationality === 'MA' ? 'MA' : groupOf.get(r.nationality) ?? 'other') },
        { label: 'moroccan_foreign', of: (r) => (!r.nationality ? 'unknown' : r.nationality === 'MA' ? 'MA' : 'foreign') },
        star,
      ],
    },
    {
      name: 'yearOfRegistration',
      levels: [
        { label: 'year', of: (r) => String(r.year) },
        { label: 'two_years', of: (r) => { const a = r.year - (r.year % 2); return `${a}--${a + 1}`; } },
        star,
      ],
    },
    { name: 'regionOfExploitation', levels: [{ label: 'region', of: (r) => r.region }, { label: 'morocco_abroad', of: (r) => (r.region.startsWith('MA-') ? 'MA' : r.region) }, star] },
  ];
}
