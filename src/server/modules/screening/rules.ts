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

type Indicator = CatalogueSet['indicators'][number];
type CompiledDimension = {
  dimension: TDimension;
  combinations: Combination[];
  /** The dimension's indicators, strongest first then in catalogue order: the order follow-up questions are asked in. */
  byLevel: Indicator[];
};
/** A set prepared once per catalogue version: lookups and orders the evaluation would otherwise rebuild each time. */
type CompiledSet = { set: CatalogueSet; byId: Map<string, Indicator>; dimensions: CompiledDimension[]; byDimension: Map<TDimension, CompiledDimension>; dimensionIndex: Map<string, number> };

const compiled = new WeakMap<TCatalogueFile, Map<string, CompiledSet>>();

function compile(catalogue: TCatalogueFile, setCode: TSetCode): CompiledSet | null {
  let sets = compiled.get(catalogue);
  if (!sets) compiled.set(catalogue, (sets = new Map()));
  const hit = sets.get(setCode);
  if (hit) return hit;
  const set = catalogue.sets.find((s) => s.code === setCode);
  if (!set) return null;
  const order = new Map(set.indicators.map((i, n) => [i.id, n]));
  const dimensions = DIMENSIONS.map((dimension) => ({
    dimension,
    combinations: combinationsFor(catalogue, set, dimension),
    byLevel: set.indicators.filter((i) => i.dimension === dimension).sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || order.get(a.id)! - order.get(b.id)!),
  }));
  const c: CompiledSet = { set, byId: new Map(set.indicators.map((i) => [i.id, i])), dimensions, byDimension: new Map(dimensions.map((d) => [d.dimension, d])), dimensionIndex: new Map(dimensions.map((d, n) => [d.dimension, n])) };
  sets.set(setCode, c);
  return c;
}

export function evaluateScreening(catalogue: TCatalogueFile, setCode: TSetCode, answers: Answers): TScreeningResult {
  const c = compile(catalogue, setCode);
  if (!c) throw new UnknownIndicatorError([setCode]);
  const { set } = c;
  const answered = { yes: 0, no: 0, unknown: 0 };
  let unknown: string[] | null = null;
  const ids = Object.keys(answers);
  for (let n = 0; n < ids.length; n++) {
    const id = ids[n]!;
    if (!c.byId.has(id)) (unknown ??= []).push(id);
    const v = answers[id];
    if (v === 'yes' || v === 'no' || v === 'unknown') answered[v] += 1;
  }
  if (unknown) throw new UnknownIndicatorError(unknown);

  // One pass over the set, in catalogue order (the order the person answered them).
  const yes = c.dimensions.map(() => ({ counts: { strong: 0, medium: 0, weak: 0 }, indicators: [] as { id: string; level: Indicator['level'] }[] }));
  for (const i of set.indicators) {
    if (answers[i.id] !== 'yes') continue;
    const bucket = yes[c.dimensionIndex.get(i.dimension)!]!;
    bucket.counts[i.level] += 1;
    bucket.indicators.push({ id: i.id, level: i.level });
  }
  const dimensions = c.dimensions.map(({ dimension, combinations }, n) => {
    const { counts, indicators } = yes[n]!;
    const matched = combinations.find((m) => combinationMet(m, counts)) ?? null;
    return {
      dimension,
      positive: matched !== null,
      counts,
      matchedCombination: matched ? (Object.fromEntries(Object.entries(matched).filter(([, v]) => v !== undefined)) as Record<string, number>) : null,
      indicators,
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
  return {
    catalogueVersion: catalogue.version,
    set: set.code,
    setStatus: set.status,
    population: set.population,
    dimensions,
    outcome,
    groups,
    answered,
    explanation: explain(c, answers, dimensions, groups),
  };
}

/**
 * For each group of the outcome rule that no positive dimension satisfies: its dimension nearest to positive
 * (fewest further "yes" answers needed, counting only questions not answered "no"), and up to
 * FOLLOW_UP_LIMIT questions still open in the group, from that dimension first.
 */
function explain(c: CompiledSet, answers: Answers, dimensions: TScreeningResult['dimensions'], groups: TScreeningResult['groups']): TExplanation {
  const byDimension = new Map(dimensions.map((d) => [d.dimension, d]));
  // Questions still open in a dimension: "unknown" ones first (asked, not yet known), then unanswered; each
  // part strongest first, then in catalogue order.
  const open = (d: TDimension) => {
    const unknown: TExplanation['missing'][number]['followUp'] = [];
    const unanswered: TExplanation['missing'][number]['followUp'] = [];
    for (const i of c.byDimension.get(d)!.byLevel) {
      const a = answers[i.id];
      if (a === 'yes' || a === 'no') continue;
      (a === 'unknown' ? unknown : unanswered).push({ id: i.id, dimension: d, level: i.level, answer: a === 'unknown' ? 'unknown' : 'unanswered' });
    }
    return unknown.concat(unanswered);
  };
  const missing = groups
    .filter((g) => g.satisfiedBy.length === 0)
    .map((g) => {
      const ranked = g.anyOf
        .filter((d) => c.byDimension.get(d)!.byLevel.length > 0)
        .map((d, order) => {
          const questions = open(d);
          const available = { strong: 0, medium: 0, weak: 0 };
          for (const q of questions) available[q.level] += 1;
          const combinations = c.byDimension.get(d)!.combinations;
          const needed = shortfall(combinations, byDimension.get(d)!.counts, available);
          // A dimension that open questions cannot make positive any more still shows what a full "yes" would need.
          return { d, order, questions, needed: Number.isFinite(needed) ? needed : shortfall(combinations, byDimension.get(d)!.counts), reachable: Number.isFinite(needed) };
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
