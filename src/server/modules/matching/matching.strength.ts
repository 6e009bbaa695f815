/**
 * How strong a candidate is, from WHICH KINDS of candidate tokens two records share (matching.tokens.ts), never
 * from their values: the cross-organisation lookup cannot decrypt another organisation's record, so it cannot run
 * explainMatch; what it knows is that two keyed tokens are equal. Pure, unit-tested (test/unit/matching-strength).
 *
 *   document or phone agree                → strong (a number in common is the best evidence there is)
 *   namePair and nameYear agree            → strong (two name words in common and a 5-year birth bucket)
 *   namePair alone                         → partial (worth a look: both names, no birth year in common)
 *   name / nameYear without a namePair     → not shown (one word, with or without a birth bucket: Mohamed born
 *                                            1995–1999 is thousands of people)
 *   a different sex (female against male)  → one step down: strong → partial, partial → not shown
 *
 * Sex and nationality are never a reason to show a candidate; they are reported when they agree. The facts shown
 * to the user (`agreedFacts`) are the explanation's kinds (matching.types.ts TMatchPartName): namePair and name →
 * name, nameYear and namePairYear → name and birthYear, document, phone, sex, nationality. Which records are looked at
 * at all is matching.keys.ts `lookupKeys` (name pairs in a birth bucket, documents, phones).
 */
import type { TMatchKeyKind } from './matching.keys';
import type { TMatchPartName } from './matching.types';

/** The kinds of tokens a record has: the matcher's keys and the coarse facts. */
export type TTokenKind = TMatchKeyKind | 'sex' | 'nationality';
export type TCandidateStrength = 'strong' | 'partial';

/** The candidate's strength, or null when it is not worth showing. */
export function candidateStrength(agreed: ReadonlySet<TTokenKind>, disagreed: { sex?: boolean } = {}): TCandidateStrength | null {
  let level = 0;
  if (agreed.has('document') || agreed.has('phone')) level = 2;
  else if (agreed.has('namePairYear') || (agreed.has('namePair') && agreed.has('nameYear'))) level = 2;
  else if (agreed.has('namePair')) level = 1;
  if (disagreed.sex) level -= 1;
  return level >= 2 ? 'strong' : level === 1 ? 'partial' : null;
}

const FACT_ORDER: readonly TMatchPartName[] = ['name', 'birthYear', 'sex', 'nationality', 'document', 'phone'];

/** The kinds of facts that agreed, as shown to the user (no value, no token). */
export function agreedFacts(agreed: ReadonlySet<TTokenKind>): TMatchPartName[] {
  const facts = new Set<TMatchPartName>();
  if (agreed.has('name') || agreed.has('namePair') || agreed.has('nameYear') || agreed.has('namePairYear') || agreed.has('namePairNoYear')) facts.add('name');
  if (agreed.has('nameYear') || agreed.has('namePairYear')) facts.add('birthYear');
  for (const k of ['sex', 'nationality', 'document', 'phone'] as const) if (agreed.has(k)) facts.add(k);
  return FACT_ORDER.filter((f) => facts.has(f));
}

/**
 * What two records' tokens say: the kinds that agree (a token in common) and whether the sex differs (both have a
 * sex token, and they are not the same). `ours` and `theirs` are lists of { kind, token }.
 */
export function compareTokens(ours: readonly { kind: string; token: string }[], theirs: readonly { kind: string; token: string }[]) {
  const mine = new Set(ours.map((t) => t.token));
  const agreed = new Set<TTokenKind>();
  for (const t of theirs) if (mine.has(t.token)) agreed.add(t.kind as TTokenKind);
  const ourSex = ours.filter((t) => t.kind === 'sex');
  const theirSex = theirs.filter((t) => t.kind === 'sex');
  const sexDiffers = ourSex.length > 0 && theirSex.length > 0 && !agreed.has('sex');
  return { agreed, sexDiffers, strength: candidateStrength(agreed, { sex: sexDiffers }) };
}
