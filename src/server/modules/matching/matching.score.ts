/**
 * The explained score of two person descriptions. Each kind of fact adds log-odds points (a hand-set
 * Fellegi–Sunter style weighting, chosen on the development half of the evaluation set, bench/matching.ts):
 *
 *   name         12 × (similarity − 0.78), at most +3, at least −6; a name of one word on either side counts half
 *   birth year   same exact year +2; overlapping estimates +1; 1–2 years apart 0; 3–6 years −2.5; more −5
 *   sex          same +0.3; female against male −6 (other / unknown: no evidence)
 *   nationality  one in common +0.3; none in common −1 (nationalities are often uncertain or double)
 *   document     same number +5; another number of the same type −4 (a person has one national ID number)
 *   phone        a number in common +3; different numbers say nothing (phones change)
 *
 * total = 1 / (1 + e^−points); strength: strong from 0.9, partial from MATCH_THRESHOLD (0.68, the threshold of best F1
 * on the dev half of the evaluation: a candidate worth showing).
 */
import { compareNames } from './matching.similarity';
import { nameTokens, type TNameToken } from './matching.names';
import { birthYearInterval, compareDocuments, nationalitiesShared, phonesShared, yearGap } from './matching.facts';
import type { TMatchExplanation, TMatchPart, TPersonDescription } from './matching.types';

export const MATCH_THRESHOLD = 0.68;
export const STRONG_THRESHOLD = 0.9;

/** Every way the person's name was written: the name (given + family, or full) and each alias. */
export function nameReadings(p: TPersonDescription): TNameToken[][] {
  const main = [...nameTokens(p.givenNames), ...nameTokens(p.familyName), ...nameTokens(p.fullName)];
  return [main, ...(p.aliases ?? []).map((a) => nameTokens(a))].filter((r) => r.length > 0);
}

export function namePart(a: TPersonDescription, b: TPersonDescription): TMatchPart {
  let best: ReturnType<typeof compareNames> = null;
  let shortest = Infinity;
  for (const ra of nameReadings(a)) for (const rb of nameReadings(b)) {
    const c = compareNames(ra, rb);
    if (c && (!best || c.similarity > best.similarity)) { best = c; shortest = Math.min(ra.length, rb.length); }
  }
  if (!best) return { part: 'name', outcome: 'unknown', strength: 'none', points: 0 };
  const raw = Math.max(-6, Math.min(3, 12 * (best.similarity - 0.78)));
  const points = round(shortest === 1 ? raw / 2 : raw);
  const strength = best.similarity >= 0.9 ? 'strong' : best.similarity >= 0.75 ? 'partial' : 'none';
  return { part: 'name', outcome: strength === 'none' ? 'disagree' : 'agree', strength, points, detail: { similarity: round(best.similarity), matchedParts: best.matched, unmatchedParts: best.unmatched, crossScript: best.crossScript } };
}

function birthYearPart(a: TPersonDescription, b: TPersonDescription): TMatchPart {
  const ya = birthYearInterval(a);
  const yb = birthYearInterval(b);
  if (!ya || !yb) return { part: 'birthYear', outcome: 'unknown', strength: 'none', points: 0 };
  const gap = yearGap(ya, yb);
  const both = ya.exact && yb.exact;
  if (gap === 0) return { part: 'birthYear', outcome: 'agree', strength: both ? 'strong' : 'partial', points: both ? 2 : 1, detail: { yearsApart: 0, estimated: !both } };
  if (gap <= 2) return { part: 'birthYear', outcome: 'disagree', strength: 'none', points: 0, detail: { yearsApart: gap, estimated: !both } };
  return { part: 'birthYear', outcome: 'disagree', strength: gap > 6 ? 'strong' : 'partial', points: gap > 6 ? -5 : -2.5, detail: { yearsApart: gap, estimated: !both } };
}

function sexPart(a: TPersonDescription, b: TPersonDescription): TMatchPart {
  const known = (s: string | undefined) => s === 'female' || s === 'male';
  if (!known(a.sex) || !known(b.sex)) return { part: 'sex', outcome: 'unknown', strength: 'none', points: 0 };
  return a.sex === b.sex ? { part: 'sex', outcome: 'agree', strength: 'partial', points: 0.3 } : { part: 'sex', outcome: 'disagree', strength: 'strong', points: -6 };
}

function nationalityPart(a: TPersonDescription, b: TPersonDescription): TMatchPart {
  const shared = nationalitiesShared(a, b);
  if (shared === null) return { part: 'nationality', outcome: 'unknown', strength: 'none', points: 0 };
  return shared ? { part: 'nationality', outcome: 'agree', strength: 'partial', points: 0.3 } : { part: 'nationality', outcome: 'disagree', strength: 'partial', points: -1 };
}

function documentPart(a: TPersonDescription, b: TPersonDescription): TMatchPart {
  const d = compareDocuments(a, b);
  if (d.outcome === 'unknown') return { part: 'document', outcome: 'unknown', strength: 'none', points: 0 };
  return d.outcome === 'agree'
    ? { part: 'document', outcome: 'agree', strength: 'strong', points: 5, detail: { types: d.types } }
    : { part: 'document', outcome: 'disagree', strength: 'strong', points: -4, detail: { types: d.types } };
}

function phonePart(a: TPersonDescription, b: TPersonDescription): TMatchPart {
  const shared = phonesShared(a, b);
  if (shared === null) return { part: 'phone', outcome: 'unknown', strength: 'none', points: 0 };
  return shared ? { part: 'phone', outcome: 'agree', strength: 'strong', points: 3 } : { part: 'phone', outcome: 'unknown', strength: 'none', points: 0 };
}

/** The facts other than the name, as parts (shared with the evaluation, which combines them with pg_trgm too). */
export function factParts(a: TPersonDescription, b: TPersonDescription): TMatchPart[] {
  return [birthYearPart(a, b), sexPart(a, b), nationalityPart(a, b), documentPart(a, b), phonePart(a, b)];
}

export const logistic = (points: number) => 1 / (1 + Math.exp(-points));

/**
 * How likely two descriptions are the same person, and why, e.g. "Mohamed El Amrani, born 1998" against
 * "محمد العمراني, about 26 in 2024" → total ≈ 0.98, name strong (cross-script), birth year partial (estimate).
 */
export function explainMatch(a: TPersonDescription, b: TPersonDescription): TMatchExplanation {
  const parts = [namePart(a, b), ...factParts(a, b)];
  const total = logistic(parts.reduce((n, p) => n + p.points, 0));
  return { total: round(total), strength: total >= STRONG_THRESHOLD ? 'strong' : total >= MATCH_THRESHOLD ? 'partial' : 'none', parts };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
