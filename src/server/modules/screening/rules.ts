/**
 * The screening rules engine: pure functions over the catalogue (data) and the answers.
 *
 * 1. A dimension is positive when one of the catalogue's combinations is met by the indicators answered
 *    "yes" in that dimension (default ILO/EC rule: ≥2 strong; ≥1 strong + ≥1 other; ≥3 medium;
 *    ≥2 medium + ≥1 weak). "Other" counts medium and weak indicators.
 * 2. The outcome rule for the population (adult or child) is a list of groups; each group needs one of its
 *    dimensions positive. All groups met → "presumed victim — refer"; otherwise any positive dimension or
 *    any strong indicator → "further assessment"; else "no indicators".
 *    A set may replace the combinations of some dimensions (`dimensionRules`: for a child's sexual
 *    exploitation one strong indicator is enough).
 * The result explains itself: counts, the combination met, the indicators behind each dimension, which
 * dimension satisfied which group, and for each group not met the dimension closest to being met and the
 * questions of the catalogue still open there (what to ask next).
 */
import type { TCatalogueFile, TCombination, TDimension, TExplanation, TOutcome, TScreeningResult, TSetCode } from '../../../contract/screening';
import { DIMENSIONS } from '../../../contract/screening';

export type Answers = Record<string, 'yes' | 'no' | 'unknown'>;
type Combination = TCombination;
type Counts = { strong: number; medium: number; weak: number };
type CatalogueSet = TCatalogueFile['sets'][number];

/** Follow-up questions proposed per missing part of the rule. */
export const FOLLOW_UP_LIMIT = 5;
const LEVEL_RANK = { strong: 0, medium: 1, weak: 2 } as const;

export function combinationMet(c: Combination, counts: { strong: number; medium: number; weak: number }): boolean {
  return (
    counts.strong >= (c.strong ?? 0) &&
    counts.medium >= (c.medium ?? 0) &&
    counts.weak >= (c.weak ?? 0) &&
    counts.medium + counts.weak >= (c.other ?? 0)
  );
}

/** The combinations that make `dimension` positive in `set`: the set's own rule for it, else the catalogue's. */
export function combinationsFor(catalogue: TCatalogueFile, set: CatalogueSet, dimension: TDimension): Combination[] {
  return set.dimensionRules?.[dimension]?.combinations ?? catalogue.dimensionRule.combinations;
}

/**
 * At least how many more "yes" answers (of any level the dimension has) would meet one of the combinations:
 * 0 when one is met. Adding the missing strong, medium and weak indicators first, then "other" ones.
 */
export function shortfall(combinations: Combination[], counts: Counts, available: Counts = { strong: Infinity, medium: Infinity, weak: Infinity }): number {
  let best = Infinity;
  for (const c of combinations) {
    const s = Math.max(0, (c.strong ?? 0) - counts.strong);
    const m = Math.max(0, (c.medium ?? 0) - counts.medium);
    const w = Math.max(0, (c.weak ?? 0) - counts.weak);
    if (s > available.strong || m > available.medium || w > available.weak) continue;
    const other = Math.max(0, (c.other ?? 0) - (counts.medium + m + counts.weak + w));
    if (other > available.medium - m + (available.weak - w)) continue;
    best = Math.min(best, s + m + w + other);
  }
  return best;
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
    const matched = combinationsFor(catalogue, set, dimension).find((c) => combinationMet(c, counts)) ?? null;
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
  const explanation = explain(catalogue, set, answers, dimensions, groups);
  return {
    catalogueVersion: catalogue.version,
    set: set.code,
    setStatus: set.status,
    population: set.population,
    dimensions,
    outcome,
    groups,
    answered: { yes: values.filter((v) => v === 'yes').length, no: values.filter((v) => v === 'no').length, unknown: values.filter((v) => v === 'unknown').length },
    explanation,
  };
}

/**
 * For each group of the outcome rule that no positive dimension satisfies: its dimension nearest to positive
 * (fewest further "yes" answers needed, counting only questions not answered "no"), and up to
 * FOLLOW_UP_LIMIT questions still open in the group, from that dimension first.
 */
function explain(
  catalogue: TCatalogueFile,
  set: CatalogueSet,
  answers: Answers,
  dimensions: TScreeningResult['dimensions'],
  groups: TScreeningResult['groups'],
): TExplanation {
  const byDimension = new Map(dimensions.map((d) => [d.dimension, d]));
  const open = (d: TDimension) =>
    set.indicators
      .map((i, order) => ({ i, order }))
      .filter(({ i }) => i.dimension === d && answers[i.id] !== 'yes' && answers[i.id] !== 'no')
      .sort((a, b) => Number(answers[b.i.id] === 'unknown') - Number(answers[a.i.id] === 'unknown') || LEVEL_RANK[a.i.level] - LEVEL_RANK[b.i.level] || a.order - b.order)
      .map(({ i }) => ({ id: i.id, dimension: d, level: i.level, answer: answers[i.id] === 'unknown' ? ('unknown' as const) : ('unanswered' as const) }));
  const missing = groups
    .filter((g) => g.satisfiedBy.length === 0)
    .map((g) => {
      const ranked = g.anyOf
        .filter((d) => set.indicators.some((i) => i.dimension === d))
        .map((d, order) => {
          const questions = open(d);
          const available = { strong: 0, medium: 0, weak: 0 };
          for (const q of questions) available[q.level] += 1;
          const needed = shortfall(combinationsFor(catalogue, set, d), byDimension.get(d)!.counts, available);
          // A dimension that open questions cannot make positive any more still shows what a full "yes" would need.
          return { d, order, questions, needed: Number.isFinite(needed) ? needed : shortfall(combinationsFor(catalogue, set, d), byDimension.get(d)!.counts), reachable: Number.isFinite(needed) };
        })
        .sort((a, b) => Number(b.reachable) - Number(a.reachable) || a.needed - b.needed || a.order - b.order);
      const closest = ranked[0] ?? { d: g.anyOf[0]!, needed: 1, questions: [] };
      return {
        anyOf: g.anyOf,
        closest: { dimension: closest.d, needed: Math.max(1, closest.needed) },
        followUp: ranked.flatMap((r) => r.questions).slice(0, FOLLOW_UP_LIMIT),
      };
    });
  return { satisfied: dimensions.filter((d) => d.positive).map((d) => d.dimension), missing };
}

