import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZCatalogueFile, DIMENSIONS, type TCatalogueFile, type TDimension } from '../../src/contract/screening';
import { combinationMet, evaluateScreening, shortfall, UnknownIndicatorError, type Answers } from '../../src/server/modules/screening/rules';

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
  it('marks the sexual-exploitation sets as awaiting the commission, with forced tasks or clients strong at destination', () => {
    for (const code of ['adult_sexual', 'child_sexual']) {
      const s = real.sets.find((x) => x.code === code)!;
      expect(s.status).toBe('draft_pending_validation');
      expect(s.validation?.by).toBe('national_commission');
      expect(DIMENSIONS.filter((d) => s.indicators.some((i) => i.dimension === d))).toEqual([...DIMENSIONS]);
      expect(s.indicators.find((i) => i.label_en.startsWith('Forced tasks or clients') && i.dimension === 'coercion_at_destination')!.level).toBe('strong');
      // Sexual-exploitation wording, not the labour set's.
      expect(s.indicators.some((i) => /employer|salary|labour laws|working days/i.test(i.label_en))).toBe(false);
    }
    // Adults: no strong indicator in exploitative conditions (as in the ILO/EC structure).
    expect(real.sets.find((x) => x.code === 'adult_sexual')!.indicators.filter((i) => i.dimension === 'exploitative_conditions' && i.level === 'strong')).toEqual([]);
    // Children: no weak level, and one strong indicator of sexual exploitation is enough for that dimension.
    const cs = real.sets.find((x) => x.code === 'child_sexual')!;
    expect(cs.indicators.some((i) => i.level === 'weak')).toBe(false);
    expect(cs.dimensionRules?.exploitative_conditions?.combinations[0]).toEqual({ strong: 1 });
  });
});

/** The ids of the real catalogue's indicators of `set` with these labels (in this dimension when given). */
function real_(set: string, ...labels: (string | [string, TDimension])[]): Answers {
  const s = real.sets.find((x) => x.code === set)!;
  return Object.fromEntries(
    labels.map((l) => {
      const [label, d] = typeof l === 'string' ? [l, undefined] : l;
      const found = s.indicators.filter((i) => i.label_en === label && (!d || i.dimension === d));
      if (found.length !== 1) throw new Error(`${set}: ${found.length} indicators "${label}" ${d ?? ''}`);
      return [found[0]!.id, 'yes' as const];
    }),
  );
}

describe('sexual exploitation (catalogue 2026.2)', () => {
  it('adult recruited by a "loverboy", clients imposed, earnings taken, documents kept → presumed victim', () => {
    const r = evaluateScreening(real, 'adult_sexual', {
      ...real_('adult_sexual',
        'Recruited through a false romantic relationship ("loverboy")',
        'Deceived about earnings or how they would be shared',
        'Earnings taken by others (all or most)',
        'Excessive number of clients or hours, no days off',
        'Made to accept unprotected or dangerous sexual acts',
        'Forced tasks or clients: no choice over clients or sexual acts',
        ['Confiscation of documents', 'coercion_at_destination'],
      ),
    });
    expect(r.outcome).toBe('presumed_victim');
    expect(r.setStatus).toBe('draft_pending_validation');
    expect(r.groups.map((g) => g.satisfiedBy)).toEqual([['deceptive_recruitment'], ['exploitative_conditions'], ['coercion_at_destination']]);
    expect(r.explanation).toEqual({ satisfied: ['deceptive_recruitment', 'exploitative_conditions', 'coercion_at_destination'], missing: [] });
  });

  it('adult promised a job abroad, confined, in debt, drugged, family threatened → presumed victim', () => {
    const r = evaluateScreening(real, 'adult_sexual', real_('adult_sexual',
      'Promised another job, then made to provide sexual services',
      'Deceived about travel and recruitment conditions',
      'Fines, deductions or charges for rent, food, clothing or "protection"',
      'Lives at the place of exploitation or in housing controlled by the exploiters',
      'No access to health care (sexual health, pregnancy, injuries)',
      ['Isolation, confinement or surveillance', 'coercion_at_destination'],
      ['Debt bondage', 'coercion_at_destination'],
      'Forced or pressured to use drugs or alcohol',
      ['Violence on family (threats or effective)', 'coercion_at_destination'],
    ));
    expect(r.outcome).toBe('presumed_victim');
    expect(r.dimensions.find((d) => d.dimension === 'coercion_at_destination')!.matchedCombination).toEqual({ strong: 2 });
  });

  it('adult with clients imposed but no recruitment indicator → further assessment, naming the missing part and what to ask', () => {
    const answers: Answers = {
      ...real_('adult_sexual',
        'Earnings taken by others (all or most)',
        'Excessive number of clients or hours, no days off',
        'Made to accept unprotected or dangerous sexual acts',
        'Forced tasks or clients: no choice over clients or sexual acts',
        ['Violence on victims', 'coercion_at_destination'],
      ),
    };
    const loverboy = Object.keys(real_('adult_sexual', 'Recruited through a false romantic relationship ("loverboy")'))[0]!;
    const debt = Object.keys(real_('adult_sexual', ['Debt bondage', 'coercive_recruitment']))[0]!;
    answers[loverboy] = 'unknown';
    answers[debt] = 'no';
    const r = evaluateScreening(real, 'adult_sexual', answers);
    expect(r.outcome).toBe('further_assessment');
    const e = r.explanation!;
    expect(e.satisfied).toEqual(['exploitative_conditions', 'coercion_at_destination']);
    expect(e.missing).toHaveLength(1);
    expect(e.missing[0]!.anyOf).toEqual(['deceptive_recruitment', 'coercive_recruitment', 'recruitment_abuse_of_vulnerability']);
    // Two strong recruitment questions are still open (deception), so two more "yes" answers are enough.
    expect(e.missing[0]!.closest).toEqual({ dimension: 'deceptive_recruitment', needed: 2 });
    // "Don't know" comes first, then the strong questions not asked; "no" answers are not asked again.
    expect(e.missing[0]!.followUp[0]).toMatchObject({ id: loverboy, answer: 'unknown', level: 'strong' });
    expect(e.missing[0]!.followUp[1]).toMatchObject({ dimension: 'deceptive_recruitment', level: 'strong', answer: 'unanswered' });
    expect(e.missing[0]!.followUp.map((f) => f.id)).not.toContain(debt);
    expect(e.missing[0]!.followUp.length).toBeLessThanOrEqual(5);
  });

  it('the draft of catalogue 2026.1 did not presume the same adult situation (its conditions used labour wording)', () => {
    const old = ZCatalogueFile.parse(JSON.parse(fs.readFileSync('data/indicators/archive/catalogue-2026.1.json', 'utf8')));
    const set = old.sets.find((s) => s.code === 'adult_sexual')!;
    // The nearest 2026.1 indicators for the first situation above: nothing in "exploitative conditions" fits.
    const pick = (label: string, d: TDimension) => set.indicators.find((i) => i.label_en === label && i.dimension === d)!.id;
    const answers: Answers = Object.fromEntries(
      [pick('Psychological and emotional dependency', 'recruitment_abuse_of_vulnerability'), pick('Deceived about wages/earnings', 'deceptive_recruitment'), pick('Forced tasks or clients', 'coercion_at_destination'), pick('Confiscation of documents', 'coercion_at_destination'), pick('Wage manipulation', 'exploitative_conditions')].map((id) => [id, 'yes' as const]),
    );
    expect(evaluateScreening(old, 'adult_sexual', answers).outcome).toBe('further_assessment');
  });

  it('child: any sexual exploitation is trafficking whatever the means — one strong indicator, no coercion', () => {
    const r = evaluateScreening(real, 'child_sexual', real_('child_sexual', 'Child used for sexual acts in exchange for money, gifts, food, housing or protection'));
    expect(r.outcome).toBe('presumed_victim');
    expect(r.dimensions.find((d) => d.dimension === 'exploitative_conditions')!.matchedCombination).toEqual({ strong: 1 });
    expect(r.dimensions.filter((d) => d.positive).map((d) => d.dimension)).toEqual(['exploitative_conditions']);
    expect(r.explanation!.missing).toEqual([]);
  });

  it('child exploited online by an adult who groomed them → presumed victim', () => {
    const r = evaluateScreening(real, 'child_sexual', real_('child_sexual',
      'Groomed by an adult, in person or online (gifts, attention, secrecy)',
      'Child used in prostitution, sexual performances or pornography, including online',
      'Others take the money or benefits from the child\'s exploitation',
    ));
    expect(r.outcome).toBe('presumed_victim');
    expect(r.population).toBe('child');
  });

  it('child with only signs of vulnerability → further assessment at most, and the questions to ask next are the exploitation ones', () => {
    const r = evaluateScreening(real, 'child_sexual', real_('child_sexual',
      'Child living on the street, in care, or having run away from home',
      'Unaccompanied or separated from parents or legal guardian',
      ['Economic reasons', 'abuse_of_vulnerability_at_destination'],
      ['Family situation', 'abuse_of_vulnerability_at_destination'],
    ));
    expect(r.outcome).toBe('further_assessment');
    const [missing] = r.explanation!.missing;
    expect(missing!.anyOf).toEqual(['exploitative_conditions', 'coercion_at_destination']);
    expect(missing!.closest).toEqual({ dimension: 'exploitative_conditions', needed: 1 });
    const set = real.sets.find((s) => s.code === 'child_sexual')!;
    expect(missing!.followUp.slice(0, 3).map((f) => set.indicators.find((i) => i.id === f.id)!.label_en)).toEqual([
      'Child used for sexual acts in exchange for money, gifts, food, housing or protection',
      'Child used in prostitution, sexual performances or pornography, including online',
      'Child offered or advertised to adults, in person or online',
    ]);
  });

  it('the same single indicator is not enough in the adult set (the override is the child set\'s only)', () => {
    const r = evaluateScreening(real, 'adult_sexual', real_('adult_sexual', 'Forced tasks or clients: no choice over clients or sexual acts'));
    expect(r.outcome).toBe('further_assessment');
    expect(r.explanation!.satisfied).toEqual([]);
    expect(r.explanation!.missing.map((m) => m.anyOf[0])).toEqual(['deceptive_recruitment', 'exploitative_conditions', 'coercion_at_destination']);
    expect(r.explanation!.missing[2]!.closest).toEqual({ dimension: 'coercion_at_destination', needed: 1 });
  });
});

describe('shortfall (how many more "yes" answers a dimension needs)', () => {
  it('agrees with adding indicators one by one until the rule is met', () => {
    fc.assert(
      fc.property(fc.nat(3), fc.nat(4), fc.nat(3), (strong, medium, weak) => {
        const counts = { strong, medium, weak };
        const need = shortfall(RULE.combinations, counts);
        if (RULE.combinations.some((c) => combinationMet(c, counts))) return need === 0;
        // The fewest additions over every mix of strong / medium / weak.
        let best = Infinity;
        for (let s = 0; s <= 3; s++) for (let m = 0; m <= 3; m++) for (let w = 0; w <= 3; w++) {
          if (RULE.combinations.some((c) => combinationMet(c, { strong: strong + s, medium: medium + m, weak: weak + w }))) best = Math.min(best, s + m + w);
        }
        return need === best;
      }),
    );
  });
  it('counts only the questions still open', () => {
    expect(shortfall(RULE.combinations, { strong: 0, medium: 0, weak: 0 }, { strong: 0, medium: 1, weak: 5 })).toBe(Infinity);
    expect(shortfall(RULE.combinations, { strong: 0, medium: 1, weak: 0 }, { strong: 0, medium: 1, weak: 5 })).toBe(2);
  });
});

describe('the engine prepared once per catalogue version', () => {
  const LEVEL = { strong: 0, medium: 1, weak: 2 } as const;
  it('counts, lists and orders exactly as the catalogue says, for random answers to every real set, evaluated twice', () => {
    for (const set of real.sets) {
      const answer = fc.constantFrom<'yes' | 'no' | 'unknown' | undefined>('yes', 'no', 'unknown', undefined);
      fc.assert(
        fc.property(fc.array(answer, { minLength: set.indicators.length, maxLength: set.indicators.length }), (picked) => {
          const answers: Answers = {};
          set.indicators.forEach((i, n) => { if (picked[n]) answers[i.id] = picked[n]!; });
          const r = evaluateScreening(real, set.code, answers);
          // The same answers give the same result (nothing of an evaluation stays in what was prepared).
          expect(evaluateScreening(real, set.code, answers)).toEqual(r);
          for (const d of r.dimensions) {
            const yes = set.indicators.filter((i) => i.dimension === d.dimension && answers[i.id] === 'yes');
            expect(d.indicators.map((i) => i.id)).toEqual(yes.map((i) => i.id));
            expect(d.counts).toEqual({ strong: yes.filter((i) => i.level === 'strong').length, medium: yes.filter((i) => i.level === 'medium').length, weak: yes.filter((i) => i.level === 'weak').length });
          }
          expect(r.answered.yes + r.answered.no + r.answered.unknown).toBe(Object.keys(answers).length);
          const order = new Map(set.indicators.map((i, n) => [i.id, n]));
          for (const m of r.explanation!.missing) {
            // Follow-up questions are open ones, grouped by dimension; in each, "unknown" first, then strongest, then catalogue order.
            for (const q of m.followUp) expect(answers[q.id] === 'yes' || answers[q.id] === 'no').toBe(false);
            for (let n = 1; n < m.followUp.length; n++) {
              const [a, b] = [m.followUp[n - 1]!, m.followUp[n]!];
              if (a.dimension !== b.dimension) continue;
              const key = (q: typeof a) => [q.answer === 'unknown' ? 0 : 1, LEVEL[q.level], order.get(q.id)!];
              const [ka, kb] = [key(a), key(b)];
              expect(ka[0]! < kb[0]! || (ka[0] === kb[0] && (ka[1]! < kb[1]! || (ka[1] === kb[1] && ka[2]! < kb[2]!)))).toBe(true);
            }
          }
        }),
        { numRuns: 150, seed: 14 },
      );
    }
  });
});
