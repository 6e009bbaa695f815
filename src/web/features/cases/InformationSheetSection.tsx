import { useMemo, useState } from 'react';
import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toIso6391 } from '../../../contract/common';
import { informationSheetUrl, type TInformationLanguages } from '../../../contract/information';
import { api } from '../../app/api';
import { intlLocale } from '../../ui/dates';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import type { TCaseDetail } from './types';

function useInformationLanguages() {
  return useQuery({
    queryKey: ['information-sheet', 'languages'],
    queryFn: ({ signal }) => api.get<TInformationLanguages>('/information-sheet/languages', undefined, signal),
    select: (d) => d.items,
    staleTime: 60 * 60_000,
  });
}

/**
 * The first of the person's languages that has a sheet, else the interface language, else the first one.
 * Sheets are named by their two-letter code (`es`), the person's languages are ISO 639-3 (`spa`); a variety
 * without a two-letter code of its own reads the sheet of its language (Moroccan Arabic, `ary` → `ar`).
 */
export function defaultSheetLanguage(available: string[], personLanguages: string[], uiLanguage: string): string | undefined {
  const sheetOf = (code: string) => toIso6391(code) ?? toIso6391(SHEET_FALLBACK[code] ?? '');
  const own = personLanguages.map(sheetOf).find((l) => l && available.includes(l));
  return own ?? (available.includes(uiLanguage) ? uiLanguage : available[0]);
}

/** Varieties of a language that has a sheet (the ISO 639-3 macrolanguage members the platform meets). */
const SHEET_FALLBACK: Record<string, string> = { ary: 'ara', arq: 'ara', arb: 'ara', apd: 'ara', ayl: 'ara', aeb: 'ara', arz: 'ara', apc: 'ara', ajp: 'ara', acm: 'ara', shu: 'ara', mey: 'ara' };

/** The rights information sheet for the person: a language and a download link (a plain GET with the session cookie). */
export function InformationSheetSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t, i18n } = useTranslation();
  const languages = useInformationLanguages();
  const [choice, setChoice] = useState<string | null>(null);
  const items = useMemo(() => languages.data ?? [], [languages.data]);
  const names = useMemo(() => {
    let display: Intl.DisplayNames | null = null;
    try {
      display = new Intl.DisplayNames([intlLocale(i18n.language)], { type: 'language' });
    } catch {
      display = null;
    }
    return new Map(
      items.map((l) => {
        const inUi = display?.of(l.code);
        return [l.code, inUi && inUi.toLocaleLowerCase() !== l.name.toLocaleLowerCase() ? `${l.name} — ${inUi}` : l.name];
      }),
    );
  }, [items, i18n.language]);
  const codes = items.map((l) => l.code);
  const lang = choice && codes.includes(choice) ? choice : defaultSheetLanguage(codes, caseDetail.person.languages, i18n.language);

  return (
    <Section id="information-sheet" title={t('cases.informationSheet.title')} testId="information-sheet-section">
      {languages.isPending ? (
        <Loading />
      ) : languages.error ? (
        <ErrorAlert error={languages.error} onRetry={() => void languages.refetch()} />
      ) : (
        <Stack gap="sm">
          <Text size="sm">{t('cases.informationSheet.help')}</Text>
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label={t('cases.informationSheet.language')}
              value={lang ?? ''}
              onChange={(e) => setChoice(e.currentTarget.value)}
              data-testid="information-sheet-language"
              w={260}
            >
              {items.map((l) => (
                <option key={l.code} value={l.code} lang={l.code} dir={l.dir}>
                  {names.get(l.code) ?? l.name}
                </option>
              ))}
            </NativeSelect>
            {lang && (
              <Button component="a" href={informationSheetUrl(caseDetail.id, lang)} download data-testid="information-sheet-download">
                {t('cases.informationSheet.download')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Section>
  );
}
