/** Labels of the justice reference data (offences carry their own fr/ar/en labels) and who counts as a justice user. */
import { useTranslation } from 'react-i18next';
import justiceConfig from '../../../../data/config/justice.json';
import { ACCUSED_VICTIM_OFFENCES, OFFENCES, type TOffenceEntry } from '../../../contract/justice';
import type { TSessionResponse } from '../../../contract/auth';
import type { TOption } from '../../app/reference';
import { isLanguage } from '../../app/i18n';

/**
 * A justice user: a justice role in a justice organisation (data/config/justice.json, bundled at build time).
 * The server decides; this only hides what would answer 404.
 */
export function isJusticeUser(session: Pick<TSessionResponse, 'user'>): boolean {
  return (justiceConfig.organisationTypes as string[]).includes(session.user.organisation.type) && session.user.roles.some((r) => (justiceConfig.roles as string[]).includes(r));
}

export function useOffences() {
  const { i18n } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : 'fr';
  const label = (list: TOffenceEntry[], code: string) => list.find((o) => o.code === code)?.label[lang] ?? code;
  return {
    options: OFFENCES.map((o) => ({ value: o.code, label: o.articles ? `${o.label[lang]} (${o.articles})` : o.label[lang] })) as TOption[],
    accusedOptions: ACCUSED_VICTIM_OFFENCES.map((o) => ({ value: o.code, label: o.label[lang] })) as TOption[],
    offence: (code: string) => label(OFFENCES, code),
    accused: (code: string) => label(ACCUSED_VICTIM_OFFENCES, code),
  };
}

/** Options of a list of codes labelled under `justice.<family>.<code>`. */
export function useCodeOptions() {
  const { t } = useTranslation();
  return (family: string, codes: readonly string[]): TOption[] => codes.map((c) => ({ value: c, label: t(`justice.${family}.${c}`) }));
}
