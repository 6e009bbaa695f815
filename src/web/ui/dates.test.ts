import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatInstant, isIsoDate, notADate, parseDayFirstDate, todayInCasablanca } from './dates';
import { formatList } from './useFormat';

describe('dates', () => {
  it('shows calendar dates without a time-zone shift', () => {
    expect(formatCalendarDate('2026-01-01', 'en')).toContain('2026');
    expect(formatCalendarDate('2026-01-01', 'en')).toMatch(/^1 Jan/);
    expect(formatCalendarDate('2025-12-31', 'fr')).toMatch(/^31 déc/);
    expect(formatCalendarDate('', 'fr')).toBe('');
  });
  it('shows instants in Africa/Casablanca', () => {
    // 23:30 UTC on 1 July 2026 is 00:30 on 2 July in Casablanca (UTC+1 outside Ramadan)
    expect(formatInstant('2026-07-01T23:30:00Z', 'en')).toMatch(/^2 Jul 2026/);
    expect(formatInstant('2026-07-01T23:30:00Z', 'en')).toContain('00:30');
  });
  it("computes today's date in Casablanca", () => {
    expect(todayInCasablanca(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
  });
});

describe('typed dates', () => {
  it('read day first, whatever the separator, padded or not', () => {
    expect(parseDayFirstDate('05/03/2025')).toBe('2025-03-05');
    expect(parseDayFirstDate('5/3/2025')).toBe('2025-03-05');
    expect(parseDayFirstDate('05.03.2025')).toBe('2025-03-05');
    expect(parseDayFirstDate('05-03-2025')).toBe('2025-03-05');
    expect(parseDayFirstDate(' 31/12/1999 ')).toBe('1999-12-31');
  });
  it('take a YYYY-MM-DD date as written, and Arabic-Indic digits and direction marks', () => {
    expect(parseDayFirstDate('2025-03-05')).toBe('2025-03-05');
    expect(parseDayFirstDate('٠٥/٠٣/٢٠٢٥')).toBe('2025-03-05');
    expect(parseDayFirstDate('۵/۳/۲۰۲۵')).toBe('2025-03-05');
    expect(parseDayFirstDate('\u200e05/03/2025\u200f')).toBe('2025-03-05');
  });
  it('refuse what is not a real date', () => {
    for (const text of ['31/02/2025', '29/02/2025', '00/01/2025', '01/13/2025', '05/03/25', '2025-02-30', '05/03', 'hier', '']) expect(parseDayFirstDate(text), text).toBeNull();
    expect(parseDayFirstDate('29/02/2024')).toBe('2024-02-29');
  });
  it('tell a finished date from text being typed', () => {
    expect(isIsoDate('2025-03-05')).toBe(true);
    expect(isIsoDate('2025-3-5')).toBe(false);
    expect(notADate('')).toBe(false);
    expect(notADate('2025-03-05')).toBe(false);
    expect(notADate('05/03/20')).toBe(true);
  });
});

describe('lists', () => {
  it('separate items visibly in every language', () => {
    expect(formatList(['Forced labour', 'Forced begging'], 'en')).toBe('Forced labour, Forced begging');
    expect(formatList(['Travail forcé', 'Mendicité forcée', 'Servitude'], 'fr')).toMatch(/^Travail forcé, Mendicité forcée/);
    expect(formatList(['عمل', 'تسول', 'استعباد'], 'ar')).toContain('،');
  });
});
