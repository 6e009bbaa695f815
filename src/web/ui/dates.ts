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

/** True for a real calendar date written `YYYY-MM-DD` (what the API takes). */
export function isIsoDate(value: string | null | undefined): value is string {
  const m = value ? CALENDAR.exec(value) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
// Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits, as an Arabic keyboard may type them
const ARABIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
// direction marks a copied date may carry
const MARKS = /[\u200e\u200f\u061c\u2066-\u2069\s]/g;

/**
 * A date typed in the interface, in every language day first: `05/03/2025`, `5/3/2025`, `05.03.2025` or
 * `05-03-2025` (the Gregorian calendar, four-digit year). `2025-03-05` is taken as written too. Returns
 * `YYYY-MM-DD`, or null when the text is not a real date.
 */
export function parseDayFirstDate(text: string): string | null {
  const s = text.replace(MARKS, '').replace(ARABIC_DIGITS, (c) => String(c.charCodeAt(0) & 0xf));
  if (isIsoDate(s)) return s;
  const m = DAY_FIRST.exec(s);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Typed text that is not (yet) a date: a filter with it is not applied. */
export function notADate(value: string): boolean {
  return value !== '' && !isIsoDate(value);
}
