/**
 * The keys a person description produces for candidate lookup through blind indexes. Each key is a plain string;
 * the integrator stores `keyring.blindIndex('match.' + kind, value)` per key in a table indexed on (key), and looks
 * candidates up by equality (`WHERE key IN (...)`, a B-tree index), then scores only the few persons found with
 * explainMatch (after decrypting them under the caller's access rules). Keys never carry a name in clear.
 *
 * Keys are coarser than the skeletons scored by matching.similarity.ts, so that spellings of one name that score
 * high also share a key: semivowels W Y are dropped (Meryem / مريم → MRM), K and G are one class (Guerrouj / الكروج
 * → KRJ), D and Z too (Hafid / Hafiz → HFD). The kinds:
 *   name       each word of at least two classes, each of its readings (العمراني → MRN and LMRN), and each two
 *              neighbouring words joined (Fatima Zahra → FTMDHR = Fatimazahra)
 *   namePair   two words of the name, sorted (order does not matter): "MHMD|MRN" for Mohamed El Amrani and
 *              محمد العمراني alike; the selective key for common names
 *   nameYear   a word with each 5-year bucket its birth-year interval touches: "MRN|1995"
 *   namePairYear    a name pair with each of those buckets: "MHMD|MRN|1995" — the lookup key: a common name
 *              pair is shared by hundreds of people at a million records, the pair in a 5-year bucket by a few
 *   namePairNoYear  a name pair of a record with no birth year or age at all (found by a lookup that has one)
 *   document   type:number and the number alone (normalised: "AB 123456" → AB123456)
 *   phone      E.164 digits (0612345678 → 212612345678)
 */
import { finishSkeleton, type TNameToken } from './matching.names';
import { nameReadings } from './matching.score';
import { birthYearInterval, normalizeDocument, normalizePhone } from './matching.facts';
import type { TPersonDescription } from './matching.types';

export type TMatchKeyKind = 'name' | 'namePair' | 'nameYear' | 'namePairYear' | 'namePairNoYear' | 'document' | 'phone';
export type TMatchKey = { kind: TMatchKeyKind; value: string };

/** Coarse class of a skeleton, e.g. YSF → SF, GRJ → KRJ, HFZ → HFD. */
export const coarseSkeleton = (fine: string) => finishSkeleton(fine.replace(/[WY]/g, '').replace(/G/g, 'K').replace(/Z/g, 'D'));

const YEAR_BUCKET = 5;

const usable = (w: string[]) => [...new Set(w.filter((k) => k.length >= 2))];

/** Each word's key variants, and the keys of neighbouring words joined (these go in `name` only, not in pairs). */
function wordKeys(tokens: TNameToken[]): { words: string[][]; joined: string[] } {
  const words = tokens.map((t) => usable(t.skeletons.map(coarseSkeleton))).filter((w) => w.length > 0);
  const joined: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) joined.push(...usable([coarseSkeleton(tokens[i]!.skeletons[0]! + tokens[i + 1]!.skeletons[0]!)]));
  return { words, joined };
}

/** All keys of a description, without duplicates. */
export function matchKeys(p: TPersonDescription): TMatchKey[] {
  const out = new Map<string, TMatchKey>();
  const add = (kind: TMatchKeyKind, value: string) => out.set(`${kind}\u0000${value}`, { kind, value });
  const years = birthYearInterval(p);
  const buckets: number[] = [];
  if (years) for (let y = Math.floor(years.lo / YEAR_BUCKET) * YEAR_BUCKET; y <= years.hi; y += YEAR_BUCKET) buckets.push(y);
  for (const reading of nameReadings(p)) {
    const { words, joined } = wordKeys(reading);
    for (const j of joined) add('name', j);
    words.forEach((variants, i) => {
      for (const v of variants) {
        add('name', v);
        for (const b of buckets) add('nameYear', `${v}|${b}`);
        for (const other of words.slice(i + 1)) {
          for (const o of other) {
            if (o === v) continue;
            const pair = [v, o].sort().join('|');
            add('namePair', pair);
            for (const b of buckets) add('namePairYear', `${pair}|${b}`);
            if (buckets.length === 0) add('namePairNoYear', pair);
          }
        }
      }
    });
  }
  for (const d of p.documents ?? []) {
    const n = normalizeDocument(d.number);
    if (!n) continue;
    add('document', `${d.type}:${n}`);
    add('document', n);
  }
  for (const ph of p.phones ?? []) {
    const n = normalizePhone(ph);
    if (n) add('phone', n);
  }
  return [...out.values()];
}

/**
 * The keys to look candidates up by (equality on the tokens of these keys): every document and phone; with a birth
 * year, the name pairs in its buckets and the pairs of records that have no birth year; without one, every record
 * that shares a name pair. A single name word or a name with a bucket is never looked up by: too many share it.
 */
export function lookupKeys(p: TPersonDescription): TMatchKey[] {
  const keys = matchKeys(p);
  const dated = keys.some((k) => k.kind === 'namePairYear');
  const out: TMatchKey[] = [];
  for (const k of keys) {
    if (k.kind === 'document' || k.kind === 'phone' || k.kind === 'namePairYear') out.push(k);
    else if (k.kind === 'namePair') out.push(dated ? { kind: 'namePairNoYear', value: k.value } : k);
  }
  return out;
}
