/**
 * The screening rules engine: pure functions over the catalogue (data) and the answers.
 *
 * 1. A dimension is positive when one of the catalogue's combinations is met by the indicators answered
 *    "yes" in that dimension (default ILO/EC rule: ≥2 strong; ≥1 strong + ≥1 other; ≥3 medium;
 *    ≥2 medium + ≥1 weak). "Other" counts medium and weak indicators.
 * 2. The outcome rule for the population (adult or child) is a list of groups; each group needs one of its
 *    dimensions positive. All groups met → "presumed victim — refer"; otherwise any positive dimension or
 *    any strong indicator → "further assessment"; else "no indicators".
 * The result explains itself: counts, the combination met, the indicators behind each dimension, and which
 * dimension satisfied which group.
 */
import type { TCatalogueFile, TDimension, TOutcome, TScreeningResult, TSetCode } from '../../../contract/screening';
import { DIMENSIONS } from '../../../contract/screening';

export type Answers = Record<string, 'yes' | 'no' | 'unknown'>;
type Combination = TCatalogueFile['dimensionRule']['combinations'][number];

export function combinationMet(c: Combination, counts: { strong: number; medium: number; weak: number }): boolean {
  return (
    counts.strong >= (c.strong ?? 0) &&
    counts.medium >= (c.medium ?? 0) &&
    counts.weak >= (c.weak ?? 0) &&
    counts.medium + counts.weak >= (c.other ?? 0)
  );
}

export class UnknownIndicatorError extends Error {
  constructor(readonly ids: string[]) {
    super(`unknown indicators: ${ids.join(', ')}`);
  }
}

export function evaluateScreening(catalogue: TCatalogueFile, setCode: TSetCode, answers: Answers): TScreeningResult {
  const set = catalogue.sets.find((s) => s.code === setCode);
  if (!set) throw new UnknownIndicatorError([setCode]);
  const byId = new Map(set.indicators.map((i) => [i.id, i]));
  const unknown = Object.keys(answers).filter((id) => !byId.has(id));
  if (unknown.length) throw new UnknownIndicatorError(unknown);

  const dimensions = DIMENSIONS.map((dimension) => {
    const yes = set.indicators.filter((i) => i.dimension === dimension && answers[i.id] === 'yes');
    const counts = {
      strong: yes.filter((i) => i.level === 'strong').length,
      medium: yes.filter((i) => i.level === 'medium').length,
      weak: yes.filter((i) => i.level === 'weak').length,
    };
    const matched = catalogue.dimensionRule.combinations.find((c) => combinationMet(c, counts)) ?? null;
    return {
      dimension,
      positive: matched !== null,
      counts,
      matchedCombination: matched ? (Object.fromEntries(Object.entries(matched).filter(([, v]) => v !== undefined)) as Record<string, number>) : null,
      indicators: yes.map((i) => ({ id: i.id, level: i.level })),
    };
  });
  const positive = new Set<TDimension>(dimensions.filter((d) => d.positive).map((d) => d.dimension));
  const rule = catalogue.outcomeRules[set.population];
  const groups = rule.allOf.map((anyOf) => ({ anyOf, satisfiedBy: anyOf.filter((d) => positive.has(d)) }));
  const anyStrong = dimensions.some((d) => d.counts.strong > 0);
  const outcome: TOutcome = groups.every((g) => g.satisfiedBy.length > 0)
    ? 'presumed_victim'
    : positive.size > 0 || anyStrong
      ? 'further_assessment'
      : 'no_indicators';
  const values = Object.values(answers);
  return {
    catalogueVersion: catalogue.version,
    set: set.code,
    setStatus: set.status,
    population: set.population,
    dimensions,
    outcome,
    groups,
    answered: { yes: values.filter((v) => v === 'yes').length, no: values.filter((v) => v === 'no').length, unknown: values.filter((v) => v === 'unknown').length },
  };
}

