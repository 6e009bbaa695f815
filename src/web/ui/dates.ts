/**
 * The one place where dates are formatted. Instants are shown in Africa/Casablanca whatever the device's
 * time zone; calendar dates (YYYY-MM-DD) are shown as written, without any time-zone shift.
 */
export const TIME_ZONE = 'Africa/Casablanca';

const INTL_LOCALES: Record<string, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

export function intlLocale(lang: string): string {
  return INTL_LOCALES[lang] ?? 'fr-MA';
}

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: string, kind: 'instant' | 'date' | 'instantDate'): Intl.DateTimeFormat {
  const key = `${lang}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const locale = intlLocale(lang);
    f =
      kind === 'instant'
        ? new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
        : kind === 'instantDate'
          ? new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: 'numeric', month: 'short', day: 'numeric' })
          : new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
    cache.set(key, f);
  }
  return f;
}

/** An ISO instant (UTC) shown as date and time in Casablanca. Empty string for null/invalid. */
export function formatInstant(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatter(lang, 'instant').format(d);
}

/** The Casablanca calendar day of an instant. */
export function formatInstantDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatter(lang, 'instantDate').format(d);
}

const CALENDAR = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` shown in the language, never shifted by a time zone. */
export function formatCalendarDate(value: string | null | undefined, lang: string): string {
  if (!value) return '';
  const m = CALENDAR.exec(value.slice(0, 10));
  if (!m) return value;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return value;
  return formatter(lang, 'date').format(d);
}

/** Today's calendar date in Casablanca, as `YYYY-MM-DD` (default for "identified on"). */
export function todayInCasablanca(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
