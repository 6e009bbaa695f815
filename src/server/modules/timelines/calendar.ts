/**
 * Deadline arithmetic in the configured time zone (Africa/Casablanca by default, which moves between
 * UTC+1 and UTC+0 around Ramadan) with weekends and a holiday calendar (fixed dates and lunar holidays
 * entered as dates). A deadline falls at the end of its local day.
 */
export type HolidayCalendar = { fixed: { date: string }[]; dates: { date: string }[] };
export type CalendarKind = 'calendar' | 'working';

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    partsFormatters.set(tz, f);
  }
  return f;
}

function wall(instant: number, tz: string) {
  const p = Object.fromEntries(formatter(tz).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
/** Whole days from one calendar date (YYYY-MM-DD) to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function localDate(instant: Date | string, tz: string): string {
  const w = wall(new Date(instant).getTime(), tz);
  return `${w.y}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, tz: string): number {
  const w = wall(instant, tz);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of a local wall-clock time (resolved on the offset in force at that moment). */
export function zonedToUtc(date: string, time: { h: number; m: number; s: number; ms: number }, tz: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, mo - 1, d, time.h, time.m, time.s, time.ms);
  let t = guess - offsetAt(guess, tz);
  t = guess - offsetAt(t, tz);
  return new Date(t);
}

/** The last millisecond of a local day, as a UTC instant. */
export function endOfLocalDay(date: string, tz: string): Date {
  return zonedToUtc(date, { h: 23, m: 59, s: 59, ms: 999 }, tz);
}

function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isHoliday(date: string, holidays: HolidayCalendar): boolean {
  return holidays.dates.some((h) => h.date === date) || holidays.fixed.some((h) => h.date === date.slice(5));
}

export function isWorkingDay(date: string, holidays: HolidayCalendar): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isHoliday(date, holidays);
}

/**
 * The due date `days` after the local day of `start`: calendar days, or working days (the start day does
 * not count; weekends and holidays are skipped). Returned as the end of that local day.
 */
export function dueAfter(start: Date | string, days: number, kind: CalendarKind, tz: string, holidays: HolidayCalendar): { date: string; at: Date } {
  let date = localDate(start, tz);
  if (kind === 'calendar') date = addCalendarDays(date, days);
  else {
    let left = days;
    while (left > 0) {
      date = addCalendarDays(date, 1);
      if (isWorkingDay(date, holidays)) left -= 1;
    }
  }
  return { date, at: endOfLocalDay(date, tz) };
}

/** `days` before a due date, at the start of that local day (for reminders). */
export function startOfLocalDayBefore(dueDate: string, days: number, tz: string): Date {
  return zonedToUtc(addCalendarDays(dueDate, -days), { h: 0, m: 0, s: 0, ms: 0 }, tz);
}
