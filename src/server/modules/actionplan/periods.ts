/**
 * Reporting periods (pure): `2026` (a year), `2026-S1` (a semester), `2026-Q2` (a quarter), their frequency,
 * first and last day, and the periods of a frequency in a range of years.
 */
import type { TIndicatorFrequency } from '../../../contract/actionplan';

export type Period = { code: string; year: number; frequency: TIndicatorFrequency; start: string; end: string };

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function parsePeriod(code: string): Period | null {
  const m = /^(\d{4})(?:-([SQ])([1-4]))?$/.exec(code);
  if (!m) return null;
  const year = Number(m[1]);
  if (!m[2]) return { code, year, frequency: 'annual', start: `${year}-01-01`, end: `${year}-12-31` };
  const n = Number(m[3]);
  if (m[2] === 'S' && n > 2) return null;
  const months = m[2] === 'S' ? 6 : 3;
  const first = (n - 1) * months + 1;
  const last = first + months - 1;
  return { code, year, frequency: m[2] === 'S' ? 'semester' : 'quarterly', start: `${year}-${pad(first)}-01`, end: `${year}-${pad(last)}-${pad(lastDay(year, last))}` };
}

export function periodsOf(frequency: TIndicatorFrequency, fromYear: number, toYear: number): Period[] {
  const out: Period[] = [];
  for (let y = fromYear; y <= toYear; y++) {
    const codes = frequency === 'annual' ? [`${y}`] : frequency === 'semester' ? [`${y}-S1`, `${y}-S2`] : [`${y}-Q1`, `${y}-Q2`, `${y}-Q3`, `${y}-Q4`];
    for (const c of codes) out.push(parsePeriod(c)!);
  }
  return out;
}

/** The frequencies an action reports in: those of its indicators (annual when it has none). */
export function actionFrequencies(indicatorFrequencies: string[]): TIndicatorFrequency[] {
  const set = new Set(indicatorFrequencies as TIndicatorFrequency[]);
  return set.size ? [...set] : ['annual'];
}

/** Whether a value is allowed for an indicator unit. */
export function validForUnit(unit: string, v: number): boolean {
  if (!Number.isFinite(v) || v < 0) return false;
  if (unit === 'count') return Number.isInteger(v);
  if (unit === 'percent') return v <= 100;
  if (unit === 'yes_no') return v === 0 || v === 1;
  if (unit === 'amount_mad') return Math.round(v * 100) === v * 100 || Math.abs(Math.round(v * 100) - v * 100) < 1e-6;
  return false;
}
