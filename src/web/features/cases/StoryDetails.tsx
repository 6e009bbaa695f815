/**
 * The journey (ordered legs), the debt and the recruitment: their editors, shared by the registration and
 * the edit forms, and their view on the case page. Part of the person's story: a shared case shows them
 * only with the `exploitation_story` category (absent otherwise, and said so).
 */
import { ActionIcon, Button, Fieldset, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TDebt, TJourneyLeg, TRecruitment } from '../../../contract/cases';
import { useReference } from '../../app/reference';
import { DataList } from '../../ui/DataList';
import { DateField, NumberField, SearchSelectField, SelectField, TextareaField, TextField } from '../../ui/form';
import { intlLocale } from '../../ui/dates';
import { useFormat } from '../../ui/useFormat';

/** A leg, a debt and a recruitment as the forms hold them (empty strings for empty fields). */
export type TLegDraft = Record<keyof TJourneyLeg, string>;
export type TDebtDraft = { amount?: number; currency: string; owedTo: string; owedToDetails: string; notes: string };
export type TRecruitmentDraft = Record<keyof TRecruitment, string>;

export const emptyLeg = (): TLegDraft => ({
  fromCountry: '', fromCity: '', toCountry: '', toCity: '', departedOn: '', arrivedOn: '', transport: '', controlledBy: '', controllerDetails: '', notes: '',
});
export const debtDraft = (d?: TDebt | null): TDebtDraft => ({
  amount: d?.amount, currency: d?.currency ?? '', owedTo: d?.owedTo ?? '', owedToDetails: d?.owedToDetails ?? '', notes: d?.notes ?? '',
});
export const recruitmentDraft = (r?: TRecruitment | null): TRecruitmentDraft => ({
  recruitedBy: r?.recruitedBy ?? '', recruiterDetails: r?.recruiterDetails ?? '', method: r?.method ?? '', promise: r?.promise ?? '', country: r?.country ?? '', recruitedOn: r?.recruitedOn ?? '',
});
export const legDraft = (l: TJourneyLeg): TLegDraft => ({ ...emptyLeg(), ...Object.fromEntries(Object.entries(l).map(([k, v]) => [k, v ?? ''])) });

/** Currencies offered first (the others can be typed: any ISO 4217 code). */
const CURRENCIES = ['MAD', 'EUR', 'USD', 'XOF', 'XAF', 'NGN', 'GNF', 'DZD', 'TND', 'LYD', 'EGP', 'GBP'];

function LegRow({ index, count, onRemove, onMove }: { index: number; count: number; onRemove: () => void; onMove: (to: number) => void }) {
  const { t } = useTranslation();
  const ref = useReference();
  const at = (f: keyof TJourneyLeg) => `journey.${index}.${f}`;
  return (
    <Fieldset legend={t('cases.journey.leg', { n: index + 1 })} data-testid="journey-leg">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SearchSelectField name={at('fromCountry')} label={t('cases.journey.fromCountry')} options={ref.countries} testId={`journey-${index}-from-country`} />
        <TextField name={at('fromCity')} label={t('cases.journey.fromCity')} autoComplete="off" />
        <SearchSelectField name={at('toCountry')} label={t('cases.journey.toCountry')} required options={ref.countries} testId={`journey-${index}-to-country`} />
        <TextField name={at('toCity')} label={t('cases.journey.toCity')} autoComplete="off" testId={`journey-${index}-to-city`} />
        <DateField name={at('departedOn')} label={t('cases.journey.departedOn')} />
        <DateField name={at('arrivedOn')} label={t('cases.journey.arrivedOn')} />
        <SelectField name={at('transport')} label={t('cases.journey.transport')} options={ref.list('transportMeans')} testId={`journey-${index}-transport`} />
        <SelectField name={at('controlledBy')} label={t('cases.journey.controlledBy')} options={ref.list('journeyControllers')} testId={`journey-${index}-controlled-by`} />
      </SimpleGrid>
      <TextField name={at('controllerDetails')} label={t('cases.journey.controllerDetails')} description={t('cases.journey.controllerDetailsHelp')} mt="sm" autoComplete="off" />
      <TextareaField name={at('notes')} label={t('cases.journey.notes')} />
      <Group justify="flex-end" mt="sm" gap="xs">
        <ActionIcon variant="default" onClick={() => onMove(index - 1)} disabled={index === 0} aria-label={t('cases.journey.moveUp', { n: index + 1 })}>
          <span aria-hidden="true">↑</span>
        </ActionIcon>
        <ActionIcon variant="default" onClick={() => onMove(index + 1)} disabled={index === count - 1} aria-label={t('cases.journey.moveDown', { n: index + 1 })}>
          <span aria-hidden="true">↓</span>
        </ActionIcon>
        <Button variant="subtle" color="#c92a2a" size="xs" onClick={onRemove}>
          {t('cases.journey.remove', { n: index + 1 })}
        </Button>
      </Group>
    </Fieldset>
  );
}

/** The journey, the debt and the recruitment, as one block of the form. */
export function StoryDetailsFields() {
  const { t } = useTranslation();
  const ref = useReference();
  const { control } = useFormContext();
  const { fields, append, remove, move } = useFieldArray({ control, name: 'journey' });
  const currencies = CURRENCIES.map((c) => ({ value: c, label: c }));
  return (
    <Stack gap="xl" data-testid="story-details-fields">
      <div>
        <Title order={3} size="h4" mb="xs">
          {t('cases.journey.title')}
        </Title>
        <Stack gap="sm" data-testid="journey-editor">
          <Text size="sm">{t('cases.journey.help')}</Text>
          {fields.map((f, i) => (
            <LegRow key={f.id} index={i} count={fields.length} onRemove={() => remove(i)} onMove={(to) => move(i, to)} />
          ))}
          <div>
            <Button variant="outline" onClick={() => append(emptyLeg())} disabled={fields.length >= 30} data-testid="journey-add">
              {t('cases.journey.add')}
            </Button>
          </div>
        </Stack>
      </div>
      <div>
        <Title order={3} size="h4" mb="xs">
          {t('cases.recruitment.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <SelectField name="recruitment.recruitedBy" label={t('cases.recruitment.recruitedBy')} options={ref.list('recruiterTypes')} testId="recruitment-by" />
          <SelectField name="recruitment.method" label={t('cases.recruitment.method')} options={ref.list('recruitmentMethods')} testId="recruitment-method" />
          <SearchSelectField name="recruitment.country" label={t('cases.recruitment.country')} options={ref.countries} />
          <DateField name="recruitment.recruitedOn" label={t('cases.recruitment.recruitedOn')} />
        </SimpleGrid>
        <TextField name="recruitment.recruiterDetails" label={t('cases.recruitment.recruiterDetails')} mt="sm" autoComplete="off" />
        <TextareaField name="recruitment.promise" label={t('cases.recruitment.promise')} description={t('cases.recruitment.promiseHelp')} testId="recruitment-promise" />
      </div>
      <div>
        <Title order={3} size="h4" mb="xs">
          {t('cases.debt.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <SelectField name="debt.owedTo" label={t('cases.debt.owedTo')} options={ref.list('debtCreditors')} testId="debt-owed-to" />
          <TextField name="debt.owedToDetails" label={t('cases.debt.owedToDetails')} autoComplete="off" />
          <NumberField name="debt.amount" label={t('cases.debt.amount')} min={0} testId="debt-amount" />
          <SelectField name="debt.currency" label={t('cases.debt.currency')} options={currencies} testId="debt-currency" />
        </SimpleGrid>
        <TextareaField name="debt.notes" label={t('cases.debt.notes')} />
      </div>
    </Stack>
  );
}

/** A leg in one line: "Nigeria, Benin City → Niger, Agadez". */
export function useLegLabel() {
  const ref = useReference();
  return (l: Partial<TJourneyLeg>) => {
    const place = (country?: string, city?: string) => [city, country ? ref.country(country) : ''].filter(Boolean).join(', ');
    const from = place(l.fromCountry, l.fromCity);
    const to = place(l.toCountry, l.toCity);
    return from ? `${from} → ${to}` : to;
  };
}

/** The case page's view of the three. */
export function StoryDetailsView({ journey, debt, recruitment }: { journey?: TJourneyLeg[]; debt?: TDebt | null; recruitment?: TRecruitment | null }) {
  const { t, i18n } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  const legLabel = useLegLabel();
  const money = (amount: number, currency: string) => {
    try {
      return new Intl.NumberFormat(intlLocale(i18n.language), { style: 'currency', currency }).format(amount);
    } catch {
      return `${amount} ${currency}`;
    }
  };
  if (journey === undefined) return <Text size="sm">{t('common.notShared')}</Text>;
  const dates = (l: TJourneyLeg) => [fmt.date(l.departedOn), fmt.date(l.arrivedOn)].filter(Boolean).join(' – ');
  return (
    <Stack gap="md">
      <div>
        <Text fw={600} size="sm" component="h3" mb={4}>
          {t('cases.journey.title')}
        </Text>
        {journey.length === 0 ? (
          <Text size="sm">{t('common.noneRecorded')}</Text>
        ) : (
          <ol data-testid="journey-legs">
            {journey.map((l, i) => (
              <li key={i}>
                <Text span fw={600}>
                  {legLabel(l)}
                </Text>
                {[
                  dates(l),
                  l.transport ? ref.label('transportMeans', l.transport) : '',
                  l.controlledBy ? t('cases.journey.controlledByValue', { who: ref.label('journeyControllers', l.controlledBy) }) : '',
                  l.controllerDetails ?? '',
                ]
                  .filter(Boolean)
                  .map((x) => ` · ${x}`)
                  .join('')}
                {l.notes && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{l.notes}</Text>}
              </li>
            ))}
          </ol>
        )}
      </div>
      <div data-testid="recruitment-view">
        <Text fw={600} size="sm" component="h3" mb={4}>
          {t('cases.recruitment.title')}
        </Text>
        {!recruitment ? (
          <Text size="sm">{t('common.noneRecorded')}</Text>
        ) : (
          <DataList
            items={[
              { label: t('cases.recruitment.recruitedBy'), value: [ref.label('recruiterTypes', recruitment.recruitedBy), recruitment.recruiterDetails].filter(Boolean).join(' — ') },
              { label: t('cases.recruitment.method'), value: ref.label('recruitmentMethods', recruitment.method) },
              { label: t('cases.recruitment.promise'), value: recruitment.promise ?? '', testId: 'recruitment-promise-value' },
              { label: t('cases.recruitment.country'), value: ref.country(recruitment.country) },
              { label: t('cases.recruitment.recruitedOn'), value: fmt.date(recruitment.recruitedOn) },
            ]}
          />
        )}
      </div>
      <div data-testid="debt-view">
        <Text fw={600} size="sm" component="h3" mb={4}>
          {t('cases.debt.title')}
        </Text>
        {!debt ? (
          <Text size="sm">{t('common.noneRecorded')}</Text>
        ) : (
          <DataList
            items={[
              { label: t('cases.debt.owedTo'), value: [ref.label('debtCreditors', debt.owedTo), debt.owedToDetails].filter(Boolean).join(' — ') },
              {
                label: t('cases.debt.amount'),
                value: debt.amount !== undefined && debt.currency ? <span dir="ltr">{money(debt.amount, debt.currency)}</span> : '',
                testId: 'debt-amount-value',
              },
              { label: t('cases.debt.notes'), value: debt.notes ?? '' },
            ]}
          />
        )}
      </div>
    </Stack>
  );
}
