/**
 * Candidate tokens of a person: what a person's record gives the cross-organisation lookup (matching.service.ts),
 * as keyed HMAC tokens (`keyring.blindIndex('match.' + kind, value)`), never a value in clear.
 *
 * - The matcher's keys (matching.keys.ts `matchKeys`): name, namePair, nameYear, namePairYear, namePairNoYear,
 *   document, phone. Lookups search by `lookupKeys` (name pairs within a birth bucket, documents, phones).
 * - Two coarse facts the explanation uses: `sex` (female or male only; other / unknown say nothing) and each
 *   `nationality`. They are never looked up by (half of the records share a sex token): they are compared for the
 *   few candidates the selective keys found.
 *
 * The description is built from the person's decrypted fields; an estimated age is the age on `recordedOn`, the
 * identification date of their first case (as persons.service anchors the birth year). Tokens are written in the
 * transaction that creates or edits the person (persons.service), replaced as a whole, deleted when the person is
 * anonymised (retention.erase.ts). Persons recorded before this existed get theirs at start
 * (persons.service `backfillMatchTokens`, which can decrypt them).
 */
import type { Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import { lookupKeys, matchKeys } from './matching.keys';
import type { TPersonDescription } from './matching.types';

/** A token and its kind: a key kind of matching.keys.ts, or `sex` / `nationality`. */
export type MatchToken = { kind: string; token: string };

/** The person's fields the description uses, as persons.service holds them once decrypted. */
export type MatchSource = {
  identity: {
    givenNames: string;
    familyName: string | null;
    aliases: string[];
    dateOfBirth: string | null;
    estimatedAge: number | null;
    ageRange?: { min: number; max: number } | null;
  };
  sex: string;
  nationalities: string[];
  contacts: { kind: string; value: string }[];
  documents: { type: string; number: string }[];
  /** YYYY-MM-DD: the day an estimated age was true (first identification). */
  recordedOn: string;
};

/** The matcher's description of a person record. */
export function describeForMatching(s: MatchSource): TPersonDescription {
  const sex = s.sex === 'female' || s.sex === 'male' || s.sex === 'other' ? s.sex : 'unknown';
  return {
    givenNames: s.identity.givenNames,
    familyName: s.identity.familyName ?? undefined,
    aliases: s.identity.aliases,
    sex,
    dateOfBirth: s.identity.dateOfBirth ?? undefined,
    estimatedAge: s.identity.estimatedAge ?? undefined,
    ageRange: s.identity.ageRange ?? undefined,
    recordedOn: s.recordedOn,
    nationalities: s.nationalities,
    documents: s.documents.map((d) => ({ type: d.type, number: d.number })),
    phones: s.contacts.filter((c) => c.kind === 'phone').map((c) => c.value),
  };
}

/** Every token of a description, without duplicates. */
export function matchTokensOf(p: Pick<Platform, 'keyring'>, d: TPersonDescription): MatchToken[] {
  const out = new Map<string, MatchToken>();
  const add = (kind: string, value: string) => {
    const token = p.keyring.blindIndex(`match.${kind}`, value);
    out.set(`${kind}\u0000${token}`, { kind, token });
  };
  for (const k of matchKeys(d)) add(k.kind, k.value);
  if (d.sex === 'female' || d.sex === 'male') add('sex', d.sex);
  for (const n of d.nationalities ?? []) add('nationality', n);
  return [...out.values()];
}

/** The tokens to look a description's candidates up by (matching.keys.ts `lookupKeys`). */
export function lookupTokensOf(p: Pick<Platform, 'keyring'>, d: TPersonDescription): string[] {
  return [...new Set(lookupKeys(d).map((k) => p.keyring.blindIndex(`match.${k.kind}`, k.value)))];
}

/** The tokens of a person record. */
export function personMatchTokens(p: Pick<Platform, 'keyring'>, s: MatchSource): MatchToken[] {
  return matchTokensOf(p, describeForMatching(s));
}

/** Replaces the person's tokens (in the caller's transaction). */
export async function replaceMatchTokens(trx: Tx, personId: string, orgId: string, tokens: MatchToken[]): Promise<void> {
  await trx.deleteFrom('person_match_tokens').where('person_id', '=', personId).execute();
  // A few hundred rows at most (a long name with aliases and two birth buckets); bounded per statement anyway.
  for (let i = 0; i < tokens.length; i += 200) {
    await trx.insertInto('person_match_tokens').values(tokens.slice(i, i + 200).map((t) => ({ person_id: personId, org_id: orgId, ...t }))).execute();
  }
}

/** Deletes the person's tokens: anonymisation (nothing may find an erased person). */
export async function deleteMatchTokens(trx: Tx, personId: string): Promise<void> {
  await trx.deleteFrom('person_match_tokens').where('person_id', '=', personId).execute();
}
