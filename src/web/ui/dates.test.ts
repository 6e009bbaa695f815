import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatInstant, todayInCasablanca } from './dates';
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

describe('lists', () => {
  it('separate items visibly in every language', () => {
    expect(formatList(['Forced labour', 'Forced begging'], 'en')).toBe('Forced labour, Forced begging');
    expect(formatList(['Travail forcé', 'Mendicité forcée', 'Servitude'], 'fr')).toMatch(/^Travail forcé, Mendicité forcée/);
    expect(formatList(['عمل', 'تسول', 'استعباد'], 'ar')).toContain('،');
  });
});
