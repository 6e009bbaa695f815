/**
 * The candidate strength of the cross-organisation lookup (matching.strength.ts): from which kinds of candidate
 * tokens two records share, never from their values; and the tokens of the police and NGO records.
 */
import { describe, expect, it } from 'vitest';
import { agreedFacts, candidateStrength, compareTokens, type TTokenKind } from '../../src/server/modules/matching/matching.strength';
import { describeForMatching, matchTokensOf } from '../../src/server/modules/matching/matching.tokens';
import { generateKeyringFile, Keyring } from '../../src/server/platform/crypto/keyring';

const kinds = (...k: TTokenKind[]) => new Set<TTokenKind>(k);

describe('candidateStrength', () => {
  it('a document or a phone in common is strong, whatever else', () => {
    expect(candidateStrength(kinds('document'))).toBe('strong');
    expect(candidateStrength(kinds('phone'))).toBe('strong');
    expect(candidateStrength(kinds('document', 'name', 'sex'))).toBe('strong');
  });

  it('two name words and a birth bucket are strong; two name words alone are partial', () => {
    expect(candidateStrength(kinds('namePair', 'nameYear', 'name'))).toBe('strong');
    expect(candidateStrength(kinds('namePair', 'name'))).toBe('partial');
    expect(candidateStrength(kinds('namePair', 'name', 'sex', 'nationality'))).toBe('partial');
  });

  it('one name word, with or without a birth bucket, sex and nationality are never shown', () => {
    expect(candidateStrength(kinds('name'))).toBeNull();
    expect(candidateStrength(kinds('name', 'nameYear'))).toBeNull();
    expect(candidateStrength(kinds('sex', 'nationality'))).toBeNull();
    expect(candidateStrength(kinds())).toBeNull();
  });

  it('a different sex takes one step down', () => {
    expect(candidateStrength(kinds('document'), { sex: true })).toBe('partial');
    expect(candidateStrength(kinds('namePair', 'nameYear'), { sex: true })).toBe('partial');
    expect(candidateStrength(kinds('namePair'), { sex: true })).toBeNull();
  });
});

describe('agreedFacts', () => {
  it('names the explanation\'s kinds of facts, in a fixed order, without duplicates', () => {
    expect(agreedFacts(kinds('phone', 'nameYear', 'namePair', 'name', 'sex'))).toEqual(['name', 'birthYear', 'sex', 'phone']);
    expect(agreedFacts(kinds('document', 'nationality'))).toEqual(['nationality', 'document']);
    expect(agreedFacts(kinds())).toEqual([]);
  });
});

describe('candidate tokens', () => {
  const keyring = new Keyring(generateKeyringFile());
  const p = { keyring };
  const police = describeForMatching({
    identity: { givenNames: 'Mohamed', familyName: 'El Amrani', aliases: [], dateOfBirth: '1998-03-02', estimatedAge: null },
    sex: 'male', nationalities: ['MA'], contacts: [{ kind: 'email', value: 'x@example.org' }], documents: [{ type: 'passport', number: 'AB123456' }], recordedOn: '2026-10-01',
  });
  const ngo = describeForMatching({
    identity: { givenNames: 'محمد', familyName: 'العمراني', aliases: [], dateOfBirth: null, estimatedAge: 26 },
    sex: 'male', nationalities: ['MA'], contacts: [], documents: [], recordedOn: '2024-06-01',
  });

  it('the issue\'s two records share a name pair and a birth bucket across scripts: strong', () => {
    const r = compareTokens(matchTokensOf(p, police), matchTokensOf(p, ngo));
    expect(r.strength).toBe('strong');
    expect(agreedFacts(r.agreed)).toEqual(['name', 'birthYear', 'sex', 'nationality']);
    expect(r.sexDiffers).toBe(false);
  });

  it('a different sex is told from the sex tokens; a record without a known sex says nothing', () => {
    expect(compareTokens(matchTokensOf(p, police), matchTokensOf(p, { ...ngo, sex: 'female' }))).toMatchObject({ sexDiffers: true, strength: 'partial' });
    expect(compareTokens(matchTokensOf(p, police), matchTokensOf(p, { ...ngo, sex: 'unknown' }))).toMatchObject({ sexDiffers: false, strength: 'strong' });
  });

  it('tokens are keyed hashes: no name, date or number in them, and another key gives other tokens', () => {
    const tokens = matchTokensOf(p, police);
    const text = JSON.stringify(tokens);
    for (const secret of ['Mohamed', 'Amrani', 'MHMD', 'MRN', '1998', '1995', 'AB123456', 'male', 'MA"']) expect(text).not.toContain(secret);
    expect(new Set(tokens.map((t) => t.kind))).toEqual(new Set(['name', 'namePair', 'nameYear', 'namePairYear', 'document', 'sex', 'nationality']));
    const other = matchTokensOf({ keyring: new Keyring(generateKeyringFile()) }, police);
    expect(other.some((t) => tokens.some((u) => u.token === t.token))).toBe(false);
  });
});
