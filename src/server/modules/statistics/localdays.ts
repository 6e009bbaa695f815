/**
 * Local calendar days in SQL, the same text on SQLite and PostgreSQL, so that day differences between
 * instants can be counted in one grouped query instead of per case in JavaScript.
 *
 * Instants are stored as ISO UTC text (`YYYY-MM-DDTHH:MM:SS.sssZ`, from `nowIso()`); local dates as
 * `YYYY-MM-DD`. A date becomes a day number by integer arithmetic on its digits (a proleptic Gregorian
 * day count: leap years by the 4/100/400 rule), an instant becomes the day number of its UTC date plus
 * (minutes of the day + offset) div 1440. The offset of the platform's time zone is a CASE over the
 * zone's transitions (Africa/Casablanca moves between UTC+1 and UTC+0 around Ramadan: not a fixed
 * offset), computed once per zone from the same Intl time-zone data as `localDate` in timelines/calendar.
 * Every operand of a division is non-negative, so integer division truncates the same way on both
 * databases. Pinned against `localDate`/`daysBetween` on both databases in test/integration/statistics-localdays.test.ts.
 *
 * Limits (documented, asserted where it matters): transitions are searched from 2000 to 20 years after
 * now (instants outside take the nearest known offset); offsets are whole minutes (true of every zone
 * since 1972).
 */

/** A plain day count of a proleptic Gregorian date (differences are exact; the epoch is irrelevant). */
export function dayNumber(date: string): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const mp = (m + 9) % 12;
  const yy = y - Math.trunc(mp / 10);
  return 365 * yy + Math.trunc(yy / 4) - Math.trunc(yy / 100) + Math.trunc(yy / 400) + Math.trunc((mp * 306 + 5) / 10) + (d - 1);
}

const part = (col: string, from: number, length: number) => `CAST(substr(${col}, ${from}, ${length}) AS integer)`;

/** SQL: `dayNumber` of a `YYYY-MM-DD…` text column (`col` is trusted SQL: a column reference). */
export function dayNumberSql(col: string): string {
  const mp = `((${part(col, 6, 2)} + 9) % 12)`;
  const yy = `(${part(col, 1, 4)} - ${mp} / 10)`;
  return `(365 * ${yy} + ${yy} / 4 - ${yy} / 100 + ${yy} / 400 + (${mp} * 306 + 5) / 10 + ${part(col, 9, 2)} - 1)`;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** UTC offset of the zone at an instant, in whole minutes. */
export function offsetMinutes(instant: number, tz: string): number {
  let f = offsetFormatters.get(tz);
  if (!f) offsetFormatters.set(tz, (f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })));
  const name = f.formatToParts(new Date(instant)).find((x) => x.type === 'timeZoneName')?.value ?? 'GMT';
  if (name === 'GMT' || name === 'UTC') return 0;
  const m = /^GMT([+-])(\d{1,2}):?(\d{2})?/.exec(name);
  if (!m) throw new Error(`localdays: unexpected offset ${name} for ${tz}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

export type OffsetTransition = { from: string; minutes: number };
const transitionCache = new Map<string, { initial: number; transitions: OffsetTransition[] }>();
const MINUTE = 60_000;
const DAY = 86_400_000;

/** The zone's offset before its first transition, and every transition (ISO instant from which `minutes` applies), ascending. */
export function offsetTransitions(tz: string): { initial: number; transitions: OffsetTransition[] } {
  const cached = transitionCache.get(tz);
  if (cached) return cached;
  const start = Date.UTC(2000, 0, 1);
  const end = Date.UTC(new Date().getUTCFullYear() + 20, 0, 1);
  const initial = offsetMinutes(start, tz);
  const transitions: OffsetTransition[] = [];
  let prev = initial;
  // Daily samples (no zone changes its offset twice within a day), then a binary search to the minute.
  for (let t = start + DAY; t <= end; t += DAY) {
    const off = offsetMinutes(t, tz);
    if (off === prev) continue;
    let lo = (t - DAY) / MINUTE;
    let hi = t / MINUTE;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetMinutes(mid * MINUTE, tz) === prev) lo = mid;
      else hi = mid;
    }
    transitions.push({ from: new Date(hi * MINUTE).toISOString(), minutes: off });
    prev = off;
  }
  const out = { initial, transitions };
  transitionCache.set(tz, out);
  return out;
}

/** SQL: the zone's offset in minutes at the instant in `col` (ISO UTC text; ISO text compares in time order). */
export function offsetSql(col: string, tz: string): string {
  const { initial, transitions } = offsetTransitions(tz);
  if (transitions.length === 0) return String(initial);
  // Latest first: recent instants match after a few comparisons.
  const whens = [...transitions].reverse().map((t) => `WHEN ${col} >= '${t.from}' THEN ${t.minutes}`).join(' ');
  return `(CASE ${whens} ELSE ${initial} END)`;
}

/** SQL: `dayNumber` of the local date, in zone `tz`, of the UTC instant in `col` (same as `dayNumber(localDate(col, tz))`). */
export function localDayNumberSql(col: string, tz: string): string {
  const minuteOfDay = `(${part(col, 12, 2)} * 60 + ${part(col, 15, 2)})`;
  // minuteOfDay + offset lies in (-1440, 2880): shifted by one day to stay non-negative before dividing.
  return `(${dayNumberSql(col)} - 1 + (${minuteOfDay} + ${offsetSql(col, tz)} + 1440) / 1440)`;
}
