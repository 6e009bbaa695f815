import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZCatalogueFile, DIMENSIONS, type TCatalogueFile, type TDimension } from '../../src/contract/screening';
import { combinationMet, evaluateScreening, UnknownIndicatorError, type Answers } from '../../src/server/modules/screening/rules';

const real = ZCatalogueFile.parse(JSON.parse(fs.readFileSync('data/indicators/catalogue.json', 'utf8')));
const RULE = real.dimensionRule;

/** A small catalogue: in every dimension 3 strong, 4 medium and 2 weak indicators. */
function synthetic(): TCatalogueFile {
  const abbrev: Record<TDimension, string> = {
    deceptive_recruitment: 'DR', coercive_recruitment: 'CR', recruitment_abuse_of_vulnerability: 'RV',
    exploitative_conditions: 'EC', coercion_at_destination: 'CD', abuse_of_vulnerability_at_destination: 'VD',
  };
  const indicators = DIMENSIONS.flatMap((d, di) =>
    (['strong', 'strong', 'strong', 'medium', 'medium', 'medium', 'medium', 'weak', 'weak'] as const).map((level, i) => ({
      id: `AL-${abbrev[d]}-${String(i + 1).padStart(2, '0')}`,
      dimension: d,
      phase: di < 3 ? ('recruitment' as const) : ('destination' as const),
      level,
      label_en: `${d} ${i}`,
    })),
  );
  return {
    ...real,
    sets: [
      { code: 'adult_labour', population: 'adult', exploitation: 'labour', status: 'validated', indicators },
      { code: 'child_labour', population: 'child', exploitation: 'labour', status: 'validated', indicators: indicators.map((i) => ({ ...i, id: i.id.replace('AL', 'CL') })) },
    ],
  };
}
const cat = synthetic();
const ids = (prefix: 'AL' | 'CL', dim: string, levels: { strong?: number; medium?: number; weak?: number }) => {
  const out: string[] = [];
  for (let i = 0; i < (levels.strong ?? 0); i++) out.push(`${prefix}-${dim}-0${i + 1}`);
  for (let i = 0; i < (levels.medium ?? 0); i++) out.push(`${prefix}-${dim}-0${i + 4}`);
  for (let i = 0; i < (levels.weak ?? 0); i++) out.push(`${prefix}-${dim}-0${i + 8}`);
  return out;
};
const yes = (list: string[]): Answers => Object.fromEntries(list.map((id) => [id, 'yes' as const]));
const dim = (r: ReturnType<typeof evaluateScreening>, d: TDimension) => r.dimensions.find((x) => x.dimension === d)!;

describe('dimension rule', () => {
  const cases: [string, { strong?: number; medium?: number; weak?: number }, boolean][] = [
    ['2 strong', { strong: 2 }, true],
    ['1 strong + 1 medium', { strong: 1, medium: 1 }, true],
    ['1 strong + 1 weak', { strong: 1, weak: 1 }, true],
    ['3 medium', { medium: 3 }, true],
    ['2 medium + 1 weak', { medium: 2, weak: 1 }, true],
    ['1 strong alone', { strong: 1 }, false],
    ['2 medium alone', { medium: 2 }, false],
    ['1 medium + 1 weak', { medium: 1, weak: 1 }, false],
    ['weak alone never: 2 weak', { weak: 2 }, false],
    ['nothing', {}, false],
  ];
  for (const [name, levels, positive] of cases) {
    it(`${name} → ${positive ? 'positive' : 'not positive'}`, () => {
      const r = evaluateScreening(cat, 'adult_labour', yes(ids('AL', 'EC', levels)));
      const d = dim(r, 'exploitative_conditions');
      expect(d.positive).toBe(positive);
      expect(d.counts).toEqual({ strong: levels.strong ?? 0, medium: levels.medium ?? 0, weak: levels.weak ?? 0 });
      expect(d.indicators.length).toBe((levels.strong ?? 0) + (levels.medium ?? 0) + (levels.weak ?? 0));
      if (positive) expect(d.matchedCombination).not.toBeNull();
      else expect(d.matchedCombination).toBeNull();
    });
  }

  it('only "yes" counts: "no" and "unknown" never make a dimension positive', () => {
    const answers: Answers = Object.fromEntries(ids('AL', 'CD', { strong: 3, medium: 4 }).map((id, i) => [id, i % 2 ? 'no' : 'unknown']));
    const r = evaluateScreening(cat, 'adult_labour', answers);
    expect(dim(r, 'coercion_at_destination').positive).toBe(false);
    expect(r.answered).toEqual({ yes: 0, no: 3, unknown: 4 });
    expect(r.outcome).toBe('no_indicators');
  });

  it('is monotone: answering one more indicator "yes" never turns a positive dimension negative', () => {
    const all = ids('AL', 'DR', { strong: 3, medium: 4, weak: 2 });
    fc.assert(
      fc.property(fc.subarray(all), fc.constantFrom(...all), (chosen, extra) => {
        const before = dim(evaluateScreening(cat, 'adult_labour', yes(chosen)), 'deceptive_recruitment').positive;
        const after = dim(evaluateScreening(cat, 'adult_labour', yes([...chosen, extra])), 'deceptive_recruitment').positive;
        return !before || after;
      }),
    );
  });

  it('agrees with the rule written out by hand for any counts', () => {
    fc.assert(
      fc.property(fc.nat(4), fc.nat(6), fc.nat(4), (strong, medium, weak) => {
        const expected = strong >= 2 || (strong >= 1 && medium + weak >= 1) || medium >= 3 || (medium >= 2 && weak >= 1);
        return RULE.combinations.some((c) => combinationMet(c, { strong, medium, weak })) === expected;
      }),
    );
  });
});

describe('outcome', () => {
  const recruitment = ids('AL', 'DR', { strong: 2 });
  const exploitation = ids('AL', 'EC', { medium: 3 });
  const coercion = ids('AL', 'CD', { strong: 1, weak: 1 });

  it('adult: recruitment + exploitation + coercion at destination → presumed victim, explained', () => {
    const r = evaluateScreening(cat, 'adult_labour', yes([...recruitment, ...exploitation, ...coercion]));
    expect(r.outcome).toBe('presumed_victim');
    expect(r.groups.map((g) => g.satisfiedBy)).toEqual([['deceptive_recruitment'], ['exploitative_conditions'], ['coercion_at_destination']]);
    expect(dim(r, 'coercion_at_destination').matchedCombination).toEqual({ strong: 1, other: 1 });
  });

  it('adult: abuse of vulnerability can stand for recruitment and for coercion', () => {
    const r = evaluateScreening(cat, 'adult_labour', yes([...ids('AL', 'RV', { medium: 3 }), ...exploitation, ...ids('AL', 'VD', { medium: 2, weak: 1 })]));
    expect(r.outcome).toBe('presumed_victim');
  });

  it('adult: without coercion or abuse at destination → further assessment, never a presumed victim', () => {
    const r = evaluateScreening(cat, 'adult_labour', yes([...recruitment, ...exploitation]));
    expect(r.outcome).toBe('further_assessment');
    expect(r.groups[2]!.satisfiedBy).toEqual([]);
  });

  it('adult: without recruitment → further assessment', () => {
    expect(evaluateScreening(cat, 'adult_labour', yes([...exploitation, ...coercion])).outcome).toBe('further_assessment');
  });

  it('a single strong indicator is enough to ask for a further assessment', () => {
    expect(evaluateScreening(cat, 'adult_labour', yes(ids('AL', 'CD', { strong: 1 }))).outcome).toBe('further_assessment');
    expect(evaluateScreening(cat, 'adult_labour', yes(ids('AL', 'CD', { medium: 2 }))).outcome).toBe('no_indicators');
  });

  it('child: the means are not required — exploitation alone → presumed victim', () => {
    expect(evaluateScreening(cat, 'child_labour', yes(ids('CL', 'EC', { medium: 3 }))).outcome).toBe('presumed_victim');
    expect(evaluateScreening(cat, 'child_labour', yes(ids('CL', 'CD', { strong: 2 }))).outcome).toBe('presumed_victim');
    // The same answers for an adult are not enough.
    expect(evaluateScreening(cat, 'adult_labour', yes(ids('AL', 'EC', { medium: 3 }))).outcome).toBe('further_assessment');
  });

  it('child: recruitment alone is not exploitation → further assessment', () => {
    expect(evaluateScreening(cat, 'child_labour', yes(ids('CL', 'DR', { strong: 2 }))).outcome).toBe('further_assessment');
  });

  it('refuses answers to indicators that are not in the set (or the catalogue version)', () => {
    expect(() => evaluateScreening(cat, 'adult_labour', { 'CL-EC-01': 'yes' })).toThrow(UnknownIndicatorError);
    expect(() => evaluateScreening(cat, 'adult_labour', { 'AL-EC-99': 'yes' })).toThrow(UnknownIndicatorError);
  });
});

describe('the shipped catalogue', () => {
  it('has the four sets with the published sizes and per-dimension counts', () => {
    const size = (code: string) => real.sets.find((s) => s.code === code)!.indicators.length;
    expect(size('adult_labour')).toBe(67);
    expect(size('child_labour')).toBe(65);
    const al = real.sets.find((s) => s.code === 'adult_labour')!;
    expect(DIMENSIONS.map((d) => al.indicators.filter((i) => i.dimension === d).length)).toEqual([10, 10, 16, 9, 15, 7]);
    expect(real.sets.find((s) => s.code === 'child_labour')!.indicators.some((i) => i.level === 'weak')).toBe(false);
  });
  it('keys indicators by dimension and phase: document confiscation is medium at recruitment, strong at destination', () => {
    const al = real.sets.find((s) => s.code === 'adult_labour')!.indicators.filter((i) => i.label_en === 'Confiscation of documents');
    expect(al.map((i) => [i.phase, i.level]).sort()).toEqual([['destination', 'strong'], ['recruitment', 'medium']]);
  });
  it('marks the sexual-exploitation sets as drafts, with forced tasks or clients strong and no strong exploitative-conditions indicator', () => {
    for (const code of ['adult_sexual', 'child_sexual']) {
      const s = real.sets.find((x) => x.code === code)!;
      expect(s.status).toBe('draft');
      expect(s.indicators.filter((i) => i.dimension === 'exploitative_conditions' && i.level === 'strong')).toEqual([]);
      expect(s.indicators.find((i) => i.label_en.startsWith('Forced tasks or clients'))!.level).toBe('strong');
    }
  });
});
