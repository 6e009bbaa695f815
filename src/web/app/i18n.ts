/**
 * i18next set-up. French is the default and is bundled; Arabic and English are loaded on demand so the
 * first page stays light.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ZLanguage, type TLanguage } from '../../contract/auth';
import fr from '../i18n/fr.json';
import { setApiLanguage } from './api';

export const LANGUAGES = ZLanguage.options;
export const DEFAULT_LANGUAGE: TLanguage = 'fr';
const STORAGE_KEY = 'opennrm.language';

const loaders: Record<TLanguage, () => Promise<{ default: unknown }>> = {
  fr: async () => ({ default: fr }),
  ar: () => import('../i18n/ar.json'),
  en: () => import('../i18n/en.json'),
};

export function isLanguage(v: unknown): v is TLanguage {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function directionOf(lang: TLanguage): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/** The language chosen earlier on this device, if any. */
export function storedLanguage(): TLanguage | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

export function storeLanguage(lang: TLanguage): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice simply does not persist
  }
}

export function currentLanguage(): TLanguage {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

/** Sets `<html lang dir>`; Mantine's DirectionProvider observes `dir` and mirrors the layout. */
export function applyDocumentLanguage(lang: TLanguage): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = directionOf(lang);
  setApiLanguage(lang);
}

async function ensureBundle(lang: TLanguage): Promise<void> {
  if (i18n.hasResourceBundle(lang, 'translation')) return;
  const mod = await loaders[lang]();
  i18n.addResourceBundle(lang, 'translation', mod.default as Record<string, unknown>, true, true);
}

/** Loads the catalogue if needed, then switches i18next and the document. */
export async function switchLanguage(lang: TLanguage): Promise<void> {
  await ensureBundle(lang);
  await i18n.changeLanguage(lang);
  applyDocumentLanguage(lang);
}

export async function initI18n(): Promise<TLanguage> {
  const lang = storedLanguage() ?? DEFAULT_LANGUAGE;
  await i18n.use(initReactI18next).init({
    resources: { fr: { translation: fr } },
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
  if (lang !== DEFAULT_LANGUAGE) await switchLanguage(lang);
  else applyDocumentLanguage(lang);
  return lang;
}

export { i18n };
