/**
 * Language and direction: the switch in the header, the sync of Mantine's direction with the language,
 * and the sync of the language with the signed-in person's preference.
 */
import { useEffect, useRef, useState } from 'react';
import { NativeSelect, useDirection } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TLanguage, TSessionResponse } from '../../contract/auth';
import { api } from './api';
import { useAuth } from './auth';
import { currentLanguage, directionOf, isLanguage, LANGUAGES, storedLanguage, storeLanguage, switchLanguage } from './i18n';

/** Changes the language everywhere: i18next, `<html lang dir>`, localStorage and the server preference. */
export function useChangeLanguage(): (lang: TLanguage) => Promise<void> {
  const { session, setSession } = useAuth();
  return async (lang: TLanguage) => {
    storeLanguage(lang);
    await switchLanguage(lang);
    if (session?.state === 'authenticated' && session.user.language !== lang) {
      try {
        setSession(await api.put<TSessionResponse>('/auth/preferences', { language: lang }));
      } catch {
        // the choice is kept on this device even if the server could not store it
      }
    }
  };
}

/** Keeps Mantine's DirectionProvider in step with the language (Arabic mirrors the whole layout). */
export function DirectionSync() {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  const lang = isLanguage(i18n.language) ? i18n.language : 'fr';
  useEffect(() => {
    setDirection(directionOf(lang));
  }, [lang, setDirection]);
  return null;
}

/**
 * On sign-in: a language chosen on this device wins and is saved as the preference; otherwise the
 * preference stored on the server is applied.
 */
export function LanguageSessionSync() {
  const { session, authenticated, setSession } = useAuth();
  const wasAuthenticated = useRef(false);
  useEffect(() => {
    if (authenticated && !wasAuthenticated.current && session) {
      const stored = storedLanguage();
      const preferred = session.user.language;
      if (!stored) {
        if (preferred !== currentLanguage()) void switchLanguage(preferred);
      } else if (stored !== preferred) {
        api
          .put<TSessionResponse>('/auth/preferences', { language: stored })
          .then(setSession)
          .catch(() => undefined);
      }
    }
    wasAuthenticated.current = authenticated;
  }, [authenticated, session, setSession]);
  return null;
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const change = useChangeLanguage();
  const [busy, setBusy] = useState(false);
  const value = isLanguage(i18n.language) ? i18n.language : 'fr';
  const names: Record<TLanguage, string> = {
    fr: t('language.names.fr'),
    ar: t('language.names.ar'),
    en: t('language.names.en'),
  };
  return (
    <NativeSelect
      aria-label={t('language.switch')}
      title={t('language.switch')}
      data-testid="language-switch"
      value={value}
      aria-busy={busy || undefined}
      size="sm"
      w={120}
      onChange={(e) => {
        const next = e.currentTarget.value;
        if (!isLanguage(next) || busy) return;
        setBusy(true);
        void change(next).finally(() => setBusy(false));
      }}
    >
      {LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {names[l]}
        </option>
      ))}
    </NativeSelect>
  );
}
