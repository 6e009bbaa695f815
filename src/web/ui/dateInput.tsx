/**
 * The one date input of the app: Mantine's DateInput, typed or picked, always day first (dd/mm/yyyy) in
 * the Gregorian calendar whatever the browser's own locale, while the value stays `YYYY-MM-DD`. Text that is
 * not a date yet is passed on as typed, so the form's validation says so instead of dropping it.
 */
import { useState, type ReactNode, type Ref } from 'react';
import { DatesProvider, DateInput } from '@mantine/dates';
import dayjs from 'dayjs';
import 'dayjs/locale/fr';
import 'dayjs/locale/ar-ma';
import 'dayjs/locale/en-gb';
import { useTranslation } from 'react-i18next';
import { isIsoDate, parseDayFirstDate } from './dates';

const DAYJS_LOCALES: Record<string, string> = { fr: 'fr', ar: 'ar-ma', en: 'en-gb' };
export const DAY_FIRST_FORMAT = 'DD/MM/YYYY';

/**
 * The calendar's month and day names in the interface language; weeks start on Monday. Weekend days are not
 * coloured (Mantine's red is below 4.5:1 on white).
 */
export function AppDatesProvider({ lang, children }: { lang: string; children: ReactNode }) {
  return <DatesProvider settings={{ locale: DAYJS_LOCALES[lang] ?? 'fr', firstDayOfWeek: 1, weekendDays: [] }}>{children}</DatesProvider>;
}

/** `YYYY-MM-DD` shown day first, as the date inputs show it. */
export function formatDayFirst(iso: string): string {
  return dayjs(iso).format(DAY_FIRST_FORMAT);
}

export interface TDayFirstDateInputProps {
  /** `YYYY-MM-DD`, '' when empty, or the text typed so far when it is not a date. */
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  inputRef?: Ref<HTMLInputElement>;
  label: string;
  description?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  error?: ReactNode;
  testId?: string;
  maw?: number;
}

export function DayFirstDateInput({ value, onChange, onBlur, inputRef, label, description, required, disabled, error, testId, maw }: TDayFirstDateInputProps) {
  const { t } = useTranslation();
  const date = isIsoDate(value) ? value : null;
  // A value set from outside (a form reset, the filters' reset) starts the field afresh, typed text included.
  const [own, setOwn] = useState(value);
  const [generation, setGeneration] = useState(0);
  if (value !== own) {
    setOwn(value);
    setGeneration((g) => g + 1);
  }
  const emit = (v: string) => {
    setOwn(v);
    onChange(v);
  };
  return (
    <DateInput
      key={generation}
      ref={inputRef}
      value={date}
      onChange={(v) => emit(v ?? '')}
      onInput={(e) => {
        const text = e.currentTarget.value;
        emit(text.trim() === '' ? '' : (parseDayFirstDate(text) ?? text));
      }}
      onBlur={onBlur}
      dateParser={parseDayFirstDate}
      valueFormat={DAY_FIRST_FORMAT}
      // a date is rewritten as dd/mm/yyyy on leaving the field; text that is not one stays, to be corrected
      fixOnBlur={date !== null || value === ''}
      placeholder={t('dates.placeholder')}
      label={label}
      description={description}
      required={required}
      disabled={disabled}
      error={error}
      data-testid={testId}
      maw={maw}
      // days of the months around are not shown: Mantine draws them at half opacity, below 4.5:1
      hideOutsideDates
      ariaLabels={{
        previousMonth: t('dates.previousMonth'),
        nextMonth: t('dates.nextMonth'),
        previousYear: t('dates.previousYear'),
        nextYear: t('dates.nextYear'),
        previousDecade: t('dates.previousDecade'),
        nextDecade: t('dates.nextDecade'),
        monthLevelControl: t('dates.chooseMonth'),
        yearLevelControl: t('dates.chooseYear'),
      }}
    />
  );
}
