/**
 * Server-side messages come from the same catalogues as the web app (`src/web/i18n/{fr,ar,en}.json`),
 * so an error code has one translation everywhere. Field-level validation messages use zod's locales.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const LANGUAGES = ['fr', 'ar', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Catalogue = Record<string, unknown>;
const catalogues = new Map<Language, Catalogue>();

function catalogue(lang: Language): Catalogue {
  let c = catalogues.get(lang);
  if (!c) {
    const file = fileURLToPath(new URL(`../../web/i18n/${lang}.json`, import.meta.url));
    c = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Catalogue) : {};
    catalogues.set(lang, c);
  }
  return c;
}

export function translate(lang: Language, key: string, params: Record<string, string | number> = {}): string {
  let node: unknown = catalogue(lang);
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  if (typeof node !== 'string') return lang === 'en' ? key : translate('en', key, params);
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

const zodLocales = { fr: z.locales.fr(), ar: z.locales.ar(), en: z.locales.en() };

/** Translates one zod issue (as carried by a validation error) into the caller's language. */
export function zodIssueMessage(lang: Language, issue: Record<string, unknown>): string {
  try {
    const message = zodLocales[lang].localeError(issue as never);
    if (typeof message === 'string') return message;
    if (message && typeof message === 'object' && 'message' in message) return String(message.message);
  } catch {
    // fall through to the raw message
  }
  return String(issue.message ?? issue.code ?? 'invalid');
}

/** Best language from an Accept-Language header, defaulting to French. */
export function pickLanguage(header: string | undefined, preferred?: string | null): Language {
  if (preferred && (LANGUAGES as readonly string[]).includes(preferred)) return preferred as Language;
  if (header) {
    const ranked = header
      .split(',')
      .map((part) => {
        const [tag, q] = part.trim().split(';q=');
        return { lang: (tag ?? '').slice(0, 2).toLowerCase(), q: q ? Number(q) : 1 };
      })
      .sort((a, b) => b.q - a.q);
    for (const r of ranked) if ((LANGUAGES as readonly string[]).includes(r.lang)) return r.lang as Language;
  }
  return 'fr';
}
