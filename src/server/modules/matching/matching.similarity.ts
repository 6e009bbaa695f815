/**
 * How alike two names are, from their tokens (matching.names.ts).
 *
 * Two skeletons are compared by an edit distance whose costs follow how Arabic names are spelled in Latin:
 *  - a semivowel W or Y inside a word costs 0.3 to add or remove: Arabic does not say whether و / ي is a vowel or a
 *    consonant (Meryem MRYM = مريم MRM, Mouad MWD = معاذ MD); at the start of a word it costs 0.8 (Youssef ≠ Saif);
 *  - consonants that one Arabic letter is spelled as cost 0.4 to swap: K/G (ق and ك said g: Guerrouj = الكروج),
 *    D/Z (ظ ذ: Hafid / Hafiz), T/S (ث: Othmane / Osman), S/Z, J/G (ج: Jamal / Gamal), T/D (Mohamed / Mehmet),
 *    D/J (ج written di in West African names: Ndiaye = انجاي), W/Y;
 *  - an H costs 0.6 to add or remove (often unwritten: Brahim / Ibrahim keep it, Abdelilah / Abdelila do not);
 *  - any other consonant costs 1. The similarity is 1 − cost / length (a consonant counts 1, a semivowel 0.5).
 * Words of the same script also get a spelling comparison (Jaro–Winkler of the folded words, @skyra/jaro-winkler),
 * which keeps apart words that share a skeleton but not their letters (Amal / Amel / Aml).
 *
 * A name is a set of tokens: the order of its parts does not matter ("El Amrani Mohamed" = "Mohamed El Amrani"),
 * parts are paired greedily, best first; two neighbouring words of one of the names may be read as one
 * ("Fatimazahra" = "Fatima Zahra").
 * Frequent given names (COMMON_SKELETONS) weigh 0.4, one-consonant words 0.6, others 1; two tokens are paired only
 * from a similarity of 0.55.
 */
import { jaroWinkler } from '@skyra/jaro-winkler';
import { COMMON_SKELETONS, finishSkeleton, type TNameToken } from './matching.names';

const CLOSE = new Set(['KG', 'DZ', 'TS', 'SZ', 'JG', 'TD', 'DJ', 'WY']);
const isSemivowel = (c: string) => c === 'W' || c === 'Y';
const unitLength = (s: string) => [...s].reduce((n, c) => n + (isSemivowel(c) ? 0.5 : 1), 0);

function indel(c: string, atStart: boolean): number {
  if (isSemivowel(c)) return atStart ? 0.8 : 0.3;
  return c === 'H' ? 0.6 : 1;
}

function substitution(a: string, b: string): number {
  if (a === b) return 0;
  return CLOSE.has(a + b) || CLOSE.has(b + a) ? 0.4 : 1;
}

/** Similarity in [0, 1] of two skeletons, e.g. MHMD / MHMD → 1, MRYM / MRM → ≈ 0.91, YSF / SF → ≈ 0.68. */
export function skeletonSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const prev = new Array<number>(b.length + 1);
  prev[0] = 0;
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1]! + indel(b[j - 1]!, j === 1);
  for (let i = 1; i <= a.length; i++) {
    let diag: number = prev[0]!;
    prev[0] = diag + indel(a[i - 1]!, i === 1);
    for (let j = 1; j <= b.length; j++) {
      const up: number = prev[j]!;
      prev[j] = Math.min(up + indel(a[i - 1]!, i === 1), prev[j - 1]! + indel(b[j - 1]!, j === 1), diag + substitution(a[i - 1]!, b[j - 1]!));
      diag = up;
    }
  }
  const length = Math.max(unitLength(a), unitLength(b), 1);
  return Math.max(0, 1 - prev[b.length]! / length);
}

/** Similarity of two tokens: their best pair of skeletons; for words of the same script, blended with their spelling. */
export function tokenSimilarity(a: TNameToken, b: TNameToken): number {
  let best = 0;
  a.skeletons.forEach((sa, i) => b.skeletons.forEach((sb, j) => {
    best = Math.max(best, skeletonSimilarity(sa, sb) * (i === 0 && j === 0 ? 1 : 0.97));
  }));
  if (a.script !== b.script) return best;
  return 0.75 * best + 0.25 * jaroWinkler(a.folded, b.folded);
}

export const tokenWeight = (t: TNameToken) => (COMMON_SKELETONS.has(t.skeletons[0]!) ? 0.4 : t.skeletons[0]!.replace(/[WY]/g, '').length <= 1 ? 0.6 : 1);

export type TNameComparison = { similarity: number; matched: number; unmatched: number; crossScript: boolean };

const PAIR_FLOOR = 0.55;

/** Pairs the tokens of two names, best first, and scores the pairing (see the header). */
function pairTokens(a: TNameToken[], b: TNameToken[]): TNameComparison {
  const cells: { i: number; j: number; sim: number }[] = [];
  a.forEach((ta, i) => b.forEach((tb, j) => cells.push({ i, j, sim: tokenSimilarity(ta, tb) })));
  cells.sort((x, y) => y.sim - x.sim);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let agreed = 0;
  for (const c of cells) {
    if (c.sim < PAIR_FLOOR || usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    agreed += Math.min(tokenWeight(a[c.i]!), tokenWeight(b[c.j]!)) * c.sim;
  }
  const wa = a.reduce((n, t) => n + tokenWeight(t), 0);
  const wb = b.reduce((n, t) => n + tokenWeight(t), 0);
  // Missing parts cost little (0.75 on the shorter name), wrong parts cost much (both sides count).
  const similarity = 0.75 * (agreed / Math.min(wa, wb)) + 0.25 * (agreed / Math.max(wa, wb));
  return { similarity: Math.min(1, similarity), matched: usedA.size, unmatched: a.length + b.length - 2 * usedA.size, crossScript: a[0]!.script !== b[0]!.script };
}

/** The name read as written, and each reading with two neighbouring words joined into one. */
function readings(tokens: TNameToken[]): TNameToken[][] {
  const out = [tokens];
  for (let i = 0; i + 1 < tokens.length && tokens.length <= 5; i++) {
    const [x, y] = [tokens[i]!, tokens[i + 1]!];
    const merged: TNameToken = { skeletons: [finishSkeleton(x.skeletons[0]! + y.skeletons[0]!)], folded: x.folded + y.folded, script: x.script };
    out.push([...tokens.slice(0, i), merged, ...tokens.slice(i + 2)]);
  }
  return out;
}

/** Compares two names given as token lists; null when either has no token. */
export function compareNames(a: TNameToken[], b: TNameToken[]): TNameComparison | null {
  if (a.length === 0 || b.length === 0) return null;
  let best: TNameComparison | null = null;
  const options = [...readings(a).map((ra) => [ra, b] as const), ...readings(b).slice(1).map((rb) => [a, rb] as const)]; // joins on one side only
  for (const [ra, rb] of options) {
    const c = pairTokens(ra, rb);
    if (!best || c.similarity > best.similarity) best = c;
  }
  return best;
}
