import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { dueAfter, endOfLocalDay, isWorkingDay, localDate, startOfLocalDayBefore, type HolidayCalendar } from '../../src/server/modules/timelines/calendar';

const TZ = 'Africa/Casablanca';
const MA = JSON.parse(fs.readFileSync('data/config/holidays-MA.json', 'utf8')) as HolidayCalendar;
const none: HolidayCalendar = { fixed: [], dates: [] };

describe('time zone', () => {
  it('knows the local day of an instant: 23:30 UTC is already tomorrow in Casablanca (UTC+1)', () => {
    expect(localDate('2026-04-10T23:30:00Z', TZ)).toBe('2026-04-11');
    // During Ramadan 2026 Morocco is on UTC+0: the same clock time stays on the same day.
    expect(localDate('2026-03-10T23:30:00Z', TZ)).toBe('2026-03-10');
  });
  it('puts the end of a local day on the offset in force that day', () => {
    expect(endOfLocalDay('2026-04-10', TZ).toISOString()).toBe('2026-04-10T22:59:59.999Z'); // UTC+1
    expect(endOfLocalDay('2026-03-10', TZ).toISOString()).toBe('2026-03-10T23:59:59.999Z'); // UTC+0 (Ramadan)
  });
});

describe('deadlines', () => {
  it('counts 30 calendar days across the change back to UTC+1 after Ramadan', () => {
    const due = dueAfter('2026-03-05T10:00:00Z', 30, 'calendar', TZ, MA);
    expect(due.date).toBe('2026-04-04');
    expect(due.at.toISOString()).toBe('2026-04-04T22:59:59.999Z');
  });
  it('counts 30 calendar days across the change to UTC+0 before Ramadan', () => {
    const due = dueAfter('2026-01-25T09:00:00Z', 30, 'calendar', TZ, MA);
    expect(due.date).toBe('2026-02-24');
    expect(due.at.toISOString()).toBe('2026-02-24T23:59:59.999Z');
  });
  it('counts working days over a weekend', () => {
    // Thursday 2026-11-12 + 5 working days → Thursday 2026-11-19 (no holiday in between without the calendar).
    expect(dueAfter('2026-11-12T10:00:00Z', 5, 'working', TZ, none).date).toBe('2026-11-19');
  });
  it('skips fixed and lunar holidays', () => {
    // Thursday 2026-11-12 + 5 working days with 18 November (Independence Day) → Friday 2026-11-20.
    expect(dueAfter('2026-11-12T10:00:00Z', 5, 'working', TZ, MA).date).toBe('2026-11-20');
    // Aïd al-Fitr 2026 (Fri 20 and Sat 21 March): Wednesday 18 March + 2 working days → Monday 23 March.
    expect(dueAfter('2026-03-18T10:00:00Z', 2, 'working', TZ, MA).date).toBe('2026-03-23');
    expect(isWorkingDay('2026-03-20', MA)).toBe(false);
    expect(isWorkingDay('2026-03-19', MA)).toBe(true);
  });
  it('uses the local day of the start: late evening UTC already counts as the next day', () => {
    expect(dueAfter('2026-11-12T23:30:00Z', 1, 'calendar', TZ, none).date).toBe('2026-11-14');
    expect(dueAfter('2026-11-12T22:59:00Z', 1, 'calendar', TZ, none).date).toBe('2026-11-13'); // 23:59 local
    expect(dueAfter('2026-11-12T20:00:00Z', 1, 'calendar', TZ, none).date).toBe('2026-11-13');
  });
  it('reminds at the start of the local day N days before', () => {
    expect(startOfLocalDayBefore('2026-04-10', 2, TZ).toISOString()).toBe('2026-04-07T23:00:00.000Z');
  });
});
