/** The explained score, the fact normalisers and the blind-index keys of the matcher. */
import { describe, expect, it } from 'vitest';
import { explainMatch, MATCH_THRESHOLD } from '../../src/server/modules/matching/matching.score';
import { birthYearInterval, normalizeDocument, normalizePhone, yearGap } from '../../src/server/modules/matching/matching.facts';
import { coarseSkeleton, lookupKeys, matchKeys } from '../../src/server/modules/matching/matching.keys';
import type { TPersonDescription } from '../../src/server/modules/matching/matching.types';

const police: TPersonDescription = { givenNames: 'Mohamed', familyName: 'El Amrani', dateOfBirth: '1998', sex: 'male', nationalities: ['MA'] };
const ngo: TPersonDescription = { fullName: 'محمد العمراني', estimatedAge: 26, recordedOn: '2024-05-01', sex: 'male' };
const part = (a: TPersonDescription, b: TPersonDescription, name: string) => explainMatch(a, b).parts.find((p) => p.part === name)!;

describe('explainMatch', () => {
  it('matches the police and NGO records of the issue, and says which facts agreed and how strongly', () => {
    const r = explainMatch(police, ngo);
    expect(r.total).toBeGreaterThan(0.95);
    expect(r.strength).toBe('strong');
    expect(part(police, ngo, 'name')).toMatchObject({ outcome: 'agree', strength: 'strong', detail: { crossScript: true, matchedParts: 2 } });
    expect(part(police, ngo, 'birthYear')).toMatchObject({ outcome: 'agree', strength: 'partial', detail: { estimated: true } });
    expect(part(police, ngo, 'document').outcome).toBe('unknown');
    expect(r.parts.map((p) => p.part)).toEqual(['name', 'birthYear', 'sex', 'nationality', 'document', 'phone']);
  });

  it('never puts a name, a date or a number in the explanation', () => {
    const text = JSON.stringify(explainMatch({ ...police, documents: [{ type: 'national_id', number: 'AB123456' }] }, { ...ngo, documents: [{ type: 'national_id', number: 'ab 123456' }] }));
    for (const secret of ['Mohamed', 'Amrani', 'محمد', '1998', 'AB123456']) expect(text).not.toContain(secret);
  });

  it('weighs a different sex, a different document number of the same type and distant birth years against', () => {
    const base = explainMatch(police, ngo).total;
    expect(explainMatch(police, { ...ngo, sex: 'female' }).total).toBeLessThan(MATCH_THRESHOLD);
    expect(part(police, { ...ngo, sex: 'female' }, 'sex')).toMatchObject({ outcome: 'disagree', strength: 'strong' });
    const doc = (n: string): TPersonDescription['documents'] => [{ type: 'national_id', number: n }];
    expect(explainMatch({ ...police, documents: doc('AB123456') }, { ...ngo, documents: doc('CD654321') }).total).toBeLessThan(base);
    expect(part({ ...police, documents: doc('AB123456') }, { ...ngo, documents: doc('CD654321') }, 'document').outcome).toBe('disagree');
    expect(part({ ...police, documents: doc('AB123456') }, { ...ngo, documents: [{ type: 'passport', number: 'CD654321' }] }, 'document').outcome).toBe('unknown');
    expect(part(police, { ...ngo, estimatedAge: 45 }, 'birthYear')).toMatchObject({ outcome: 'disagree', strength: 'strong' });
  });

  it('lets the same document or phone carry a weaker name, and keeps namesakes apart by their facts', () => {
    const weak: TPersonDescription = { givenNames: 'Mohamed', sex: 'male' };
    const withDoc = explainMatch({ ...weak, documents: [{ type: 'national_id', number: 'AB-123456' }] }, { ...ngo, documents: [{ type: 'national_id', number: 'ab123456' }] });
    expect(withDoc.parts.find((p) => p.part === 'document')!.outcome).toBe('agree');
    expect(withDoc.total).toBeGreaterThan(explainMatch(weak, ngo).total);
    expect(part({ ...police, phones: ['06 12 34 56 78'] }, { ...ngo, phones: ['+212612345678'] }, 'phone').outcome).toBe('agree');
    const namesake = explainMatch(police, { ...police, dateOfBirth: '1975' });
    expect(namesake.total).toBeLessThan(MATCH_THRESHOLD);
  });

  it('scores brothers and people with a common given name low', () => {
    expect(explainMatch(police, { givenNames: 'Youssef', familyName: 'El Amrani', dateOfBirth: '2003', sex: 'male' }).total).toBeLessThan(MATCH_THRESHOLD);
    expect(explainMatch(police, { givenNames: 'محمد', familyName: 'بناني', sex: 'male' }).total).toBeLessThan(MATCH_THRESHOLD);
  });

  it('knows nothing of a pair without names or facts', () => {
    const r = explainMatch({}, {});
    expect(r.parts.every((p) => p.outcome === 'unknown')).toBe(true);
    expect(r.total).toBe(0.5);
  });
});

describe('facts', () => {
  it('turns "about 26" recorded in 2024 into an interval that holds 1998', () => {
    const about = birthYearInterval(ngo)!;
    expect(about.lo).toBeLessThanOrEqual(1998);
    expect(about.hi).toBeGreaterThanOrEqual(1998);
    expect(about.exact).toBe(false);
    expect(yearGap(about, { lo: 1980, hi: 1980, exact: true })).toBeGreaterThan(10);
    expect(birthYearInterval({ dateOfBirth: '1998-03-04' })).toEqual({ lo: 1998, hi: 1998, exact: true });
    expect(birthYearInterval({ estimatedAge: 30 })).toBeNull();
  });

  it('normalises Moroccan phone numbers to E.164 digits', () => {
    for (const p of ['06 12 34 56 78', '0612345678', '+212 6 12 34 56 78', '00212612345678', '+212 06 12 34 56 78', '612345678', '٠٦١٢٣٤٥٦٧٨']) expect(normalizePhone(p), p).toBe('212612345678');
    expect(normalizePhone('+33 6 12 34 56 78')).toBe('33612345678');
    expect(normalizePhone('123')).toBeNull();
  });

  it('normalises document numbers like the blind index does', () => {
    expect(normalizeDocument('ab 123-456')).toBe('AB123456');
    expect(normalizeDocument('AB ١٢٣٤٥٦')).toBe('AB123456');
  });
});

describe('matchKeys', () => {
  const shared = (a: TPersonDescription, b: TPersonDescription) => {
    const kb = new Set(matchKeys(b).map((k) => `${k.kind}:${k.value}`));
    return matchKeys(a).filter((k) => kb.has(`${k.kind}:${k.value}`));
  };

  it('gives the same person in Arabic and Latin script shared name, pair and birth-year keys', () => {
    const keys = shared(police, ngo);
    expect(keys).toContainEqual({ kind: 'namePair', value: 'MHMD|MRN' });
    expect(keys).toContainEqual({ kind: 'name', value: 'MRN' });
    expect(keys.some((k) => k.kind === 'nameYear' && k.value.startsWith('MRN|'))).toBe(true);
    expect(shared({ fullName: 'Fatimazahra Benali' }, { givenNames: 'فاطمة الزهراء', familyName: 'بن علي' }).some((k) => k.kind === 'name' && k.value === 'FTMDHR')).toBe(true);
    expect(shared({ fullName: 'BENALI Meryem' }, { fullName: 'مريم بنعلي' })).toContainEqual({ kind: 'namePair', value: 'BNL|MRM' });
  });

  it('gives sorted pair keys, so the order of the name parts does not matter', () => {
    const pairs = (p: TPersonDescription) => matchKeys(p).filter((k) => k.kind === 'namePair').map((k) => k.value).sort();
    const a = pairs({ fullName: 'EL AMRANI Mohamed' });
    const b = pairs({ givenNames: 'Mohamed', familyName: 'El Amrani' });
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(0);
  });

  it('does not share pair keys between brothers, and keys documents and phones in normal form', () => {
    expect(shared(police, { givenNames: 'Youssef', familyName: 'El Amrani' }).some((k) => k.kind === 'namePair')).toBe(false);
    const keys = matchKeys({ documents: [{ type: 'national_id', number: 'ab 123456' }], phones: ['06 12 34 56 78'] });
    expect(keys).toEqual([{ kind: 'document', value: 'national_id:AB123456' }, { kind: 'document', value: 'AB123456' }, { kind: 'phone', value: '212612345678' }]);
  });

  it('looks up by name pairs in a birth bucket, the pairs of records without a birth year, documents and phones', () => {
    const lookup = (p: TPersonDescription) => lookupKeys(p).map((k) => `${k.kind}:${k.value}`);
    // The same person, dated two ways, meets on a pair in a 5-year bucket; a single name word is never a lookup key.
    expect(lookup(police).filter((k) => lookup(ngo).includes(k))).toContain('namePairYear:MHMD|MRN|1995');
    expect(lookupKeys(police).some((k) => k.kind === 'name' || k.kind === 'nameYear')).toBe(false);
    expect(lookup(police)).toContain('namePairNoYear:MHMD|MRN');
    // A record with no birth year stores its pairs as such, and a dated lookup finds it through them.
    const undated = { givenNames: 'محمد', familyName: 'العمراني' };
    expect(matchKeys(undated).map((k) => `${k.kind}:${k.value}`)).toContain('namePairNoYear:MHMD|MRN');
    // Without a birth year, the lookup takes every record that shares a pair.
    expect(lookup(undated)).toContain('namePair:MHMD|MRN');
    expect(lookup({ ...police, documents: [{ type: 'passport', number: 'AB 123456' }] })).toContain('document:AB123456');
  });

  it('uses coarse classes for keys (semivowels dropped, K = G, D = Z)', () => {
    expect(coarseSkeleton('GRJ')).toBe(coarseSkeleton('KRJ'));
    expect(coarseSkeleton('MRYM')).toBe('MRM');
    expect(coarseSkeleton('HFZ')).toBe('HFD');
    expect(coarseSkeleton('YSF')).not.toBe(coarseSkeleton('FTM'));
  });
});
