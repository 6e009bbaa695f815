/**
 * The other facts of a person description, normalised so that two records can be compared:
 *  - birth year as an interval: a date of birth gives its year; a year marked approximate ±2; "about N years old"
 *    recorded on a date gives [year − N − 1, year − N] widened by 2 (3 from 40 years: estimates get worse with age);
 *    an age range likewise ("about 26" recorded in 2024 → 1995–2000, so it agrees with "born 1998");
 *  - document numbers: letters and digits only, upper case (normalizeDocumentNumber, the blind-index form:
 *    "ab 123 456" = "AB123456"); Arabic-Indic digits read as digits;
 *  - phone numbers in E.164 digits without "+": Moroccan forms +212 6…, 00212 6…, 212 06…, 06… and 6… (9 digits)
 *    all give 2126…; other numbers keep their country code when written with + or 00.
 */
import { normalizeDocumentNumber } from '../../platform/crypto/normalize';
import type { TPersonDescription } from './matching.types';

export type TYearInterval = { lo: number; hi: number; exact: boolean };

const yearOf = (date: string | undefined) => (date && /^\d{4}/.test(date) ? Number(date.slice(0, 4)) : undefined);

export function birthYearInterval(p: TPersonDescription): TYearInterval | null {
  const born = yearOf(p.dateOfBirth);
  if (born !== undefined) return p.birthYearApproximate ? { lo: born - 2, hi: born + 2, exact: false } : { lo: born, hi: born, exact: true };
  const recorded = yearOf(p.recordedOn);
  if (recorded === undefined) return null;
  const range = p.ageRange ?? (p.estimatedAge !== undefined ? { min: p.estimatedAge, max: p.estimatedAge } : undefined);
  if (!range) return null;
  const slack = range.max >= 40 ? 3 : 2;
  return { lo: recorded - range.max - 1 - slack, hi: recorded - range.min + slack, exact: false };
}

/** Years between two intervals (0 when they overlap). */
export function yearGap(a: TYearInterval, b: TYearInterval): number {
  return Math.max(0, a.lo - b.hi, b.lo - a.hi);
}

const ARABIC_INDIC = /[\u0660-\u0669\u06F0-\u06F9]/g;
const westernDigits = (v: string) => v.replace(ARABIC_INDIC, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90 % 10));

export function normalizeDocument(value: string): string {
  return normalizeDocumentNumber(westernDigits(value));
}

/** E.164 digits without "+", e.g. "06 12 34 56 78" → "212612345678"; null when too short to be a number. */
export function normalizePhone(value: string): string | null {
  const raw = westernDigits(value).trim();
  let digits = raw.replace(/\D/g, '');
  if (raw.startsWith('+')) { /* country code written */ } else if (digits.startsWith('00')) digits = digits.slice(2);
  else if (digits.length === 10 && digits.startsWith('0')) digits = '212' + digits.slice(1);
  else if (digits.length === 9 && /^[5-8]/.test(digits)) digits = '212' + digits;
  if (digits.startsWith('2120')) digits = '212' + digits.slice(4);
  return digits.length >= 8 ? digits : null;
}

export type TDocumentComparison = { outcome: 'agree' | 'disagree' | 'unknown'; types: string[] };

/** The same number under the same type agrees; a different number under the same type disagrees. */
export function compareDocuments(a: TPersonDescription, b: TPersonDescription): TDocumentComparison {
  const of = (p: TPersonDescription) => (p.documents ?? []).map((d) => ({ type: d.type, number: normalizeDocument(d.number) })).filter((d) => d.number);
  const da = of(a);
  const db = of(b);
  const agreed = da.filter((x) => db.some((y) => y.number === x.number && (y.type === x.type || !x.type || !y.type)));
  if (agreed.length > 0) return { outcome: 'agree', types: [...new Set(agreed.map((d) => d.type))] };
  const clashing = da.filter((x) => db.some((y) => y.type === x.type && y.number !== x.number));
  if (clashing.length > 0) return { outcome: 'disagree', types: [...new Set(clashing.map((d) => d.type))] };
  return { outcome: 'unknown', types: [] };
}

export function phonesShared(a: TPersonDescription, b: TPersonDescription): boolean | null {
  const pa = new Set((a.phones ?? []).map(normalizePhone).filter((x): x is string => x !== null));
  const pb = (b.phones ?? []).map(normalizePhone).filter((x): x is string => x !== null);
  if (pa.size === 0 || pb.length === 0) return null;
  return pb.some((x) => pa.has(x));
}

export function nationalitiesShared(a: TPersonDescription, b: TPersonDescription): boolean | null {
  const na = new Set((a.nationalities ?? []).map((n) => n.toUpperCase()));
  const nb = (b.nationalities ?? []).map((n) => n.toUpperCase());
  if (na.size === 0 || nb.length === 0) return null;
  return nb.some((n) => na.has(n));
}
