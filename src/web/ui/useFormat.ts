import { useTranslation } from 'react-i18next';
import { formatCalendarDate, formatInstant, formatInstantDate, intlLocale } from './dates';

const listFormatters = new Map<string, Intl.ListFormat>();

/**
 * "a, b, c" with the separators of the language (Arabic uses "،"). The "short" style: with current ICU data
 * the "narrow" unit list joins items with bare spaces ("a b c") in French and English.
 */
export function formatList(items: readonly (string | null | undefined)[], lang: string): string {
  const locale = intlLocale(lang);
  let f = listFormatters.get(locale);
  if (!f) {
    f = new Intl.ListFormat(locale, { style: 'short', type: 'unit' });
    listFormatters.set(locale, f);
  }
  return f.format(items.filter((x): x is string => !!x));
}

/** Date and list formatters bound to the current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    list: (items: readonly (string | null | undefined)[] | undefined) => formatList(items ?? [], lang),
    instant: (iso: string | null | undefined) => formatInstant(iso, lang),
    instantDate: (iso: string | null | undefined) => formatInstantDate(iso, lang),
    date: (value: string | null | undefined) => formatCalendarDate(value, lang),
    number: (n: number) => new Intl.NumberFormat(intlLocale(lang)).format(n),
  };
}

const byteFormatters = new Map<string, { kb: Intl.NumberFormat; mb: Intl.NumberFormat }>();

/** File sizes in kB/MB, in the current language. */
export function useFormatBytes() {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  let f = byteFormatters.get(locale);
  if (!f) {
    f = {
      kb: new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }),
      mb: new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }),
    };
    byteFormatters.set(locale, f);
  }
  const fmt = f;
  return (bytes: number) => (bytes >= 1024 * 1024 ? fmt.mb.format(bytes / (1024 * 1024)) : fmt.kb.format(Math.max(1, Math.round(bytes / 1024))));
}

/**
 * A name (person, organisation, free text) inside a translated sentence, isolated from the sentence's
 * direction: "Hicham Berrada (DGSN — …)" keeps its punctuation in place in Arabic.
 */
export function isolate(value: string | null | undefined): string {
  return value ? `\u2068${value}\u2069` : '';
}
