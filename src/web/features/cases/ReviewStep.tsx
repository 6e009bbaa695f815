import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useReference, type TOption } from '../../app/reference';
import { DataList, type TDataItem } from '../../ui/DataList';
import { useFormat } from '../../ui/useFormat';
import type { TRegistrationDraft } from './registration';
import { useLegLabel } from './StoryDetails';
import { PossibleDuplicates } from '../matching/PossibleDuplicates';

function Section({ title, step, onEdit, items }: { title: string; step: number; onEdit: (s: number) => void; items: TDataItem[] }) {
  const { t } = useTranslation();
  return (
    <section>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        <Button variant="subtle" size="xs" onClick={() => onEdit(step)} aria-label={t('cases.register.editSection', { section: title })}>
          {t('common.edit')}
        </Button>
      </Group>
      <DataList items={items} />
    </section>
  );
}

/** Everything entered, in plain words, before saving. */
export function ReviewStep({ onEdit, organisations, users }: { onEdit: (s: number) => void; organisations: TOption[]; users: TOption[] }) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  const { control } = useFormContext<TRegistrationDraft>();
  const v = useWatch({ control }) as TRegistrationDraft;
  const p = v.person;
  const join = (xs: (string | undefined)[] | undefined) => fmt.list(xs);
  const yesNo = (b: boolean | undefined) => (b ? t('common.yes') : t('common.no'));
  const optLabel = (opts: TOption[], id: string | undefined) => opts.find((o) => o.value === id)?.label ?? '';

  const age =
    p.dateOfBirth
      ? fmt.date(p.dateOfBirth)
      : typeof p.estimatedAge === 'number'
        ? t('persons.view.estimatedAgeValue', { age: p.estimatedAge })
        : '';
  const range = p.ageRange && typeof p.ageRange.min === 'number' && typeof p.ageRange.max === 'number' ? t('persons.view.ageRangeValue', { min: p.ageRange.min, max: p.ageRange.max }) : '';
  const assessment = p.ageAssessment?.method
    ? [ref.label('ageAssessmentMethods', p.ageAssessment.method), fmt.date(p.ageAssessment.assessedOn)].filter(Boolean).join(' — ')
    : '';
  const legLabel = useLegLabel();

  return (
    <Stack gap="xl" data-testid="review-step">
      <PossibleDuplicates draft={v} />
      <Section
        title={t('cases.register.steps.person')}
        step={0}
        onEdit={onEdit}
        items={[
          { label: t('fields.givenNames'), value: p.givenNames, testId: 'review-given-names' },
          { label: t('fields.familyName'), value: p.familyName },
          { label: t('fields.aliases'), value: join(p.aliases) },
          { label: t('fields.sex'), value: p.sex ? t(`sex.${p.sex}`) : '' },
          { label: t('persons.form.ageMode'), value: age },
          { label: t('fields.ageRange'), value: range },
          { label: t('fields.ageAssessment'), value: assessment },
          { label: t('persons.form.ageUncertain'), value: yesNo(p.ageUncertain) },
          { label: t('fields.nationalities'), value: join(p.nationalities?.map(ref.country)) },
          { label: t('fields.languages'), value: join(p.languages?.map(ref.language)) },
          { label: t('fields.interpreterNeeded'), value: yesNo(p.interpreterNeeded) },
          { label: t('fields.vulnerabilities'), value: join(p.vulnerabilities?.map((x) => ref.label('vulnerabilities', x))) },
        ]}
      />
      <Section
        title={t('cases.register.steps.contacts')}
        step={1}
        onEdit={onEdit}
        items={[
          {
            label: t('persons.contacts.title'),
            value: (p.contacts ?? []).length ? (
              <Stack gap={2}>
                {(p.contacts ?? []).map((c, i) => (
                  <Text key={i} size="sm">
                    {ref.label('contactKinds', c.kind)} — {c.value}
                    {c.note ? ` (${c.note})` : ''}
                  </Text>
                ))}
              </Stack>
            ) : (
              ''
            ),
          },
          {
            label: t('persons.documents.title'),
            value: (p.identityDocuments ?? []).length ? (
              <Stack gap={2}>
                {(p.identityDocuments ?? []).map((d, i) => (
                  <Text key={i} size="sm">
                    {ref.label('identityDocumentTypes', d.type)} — {d.number}
                    {d.issuingCountry ? ` · ${ref.country(d.issuingCountry)}` : ''}
                  </Text>
                ))}
              </Stack>
            ) : (
              ''
            ),
          },
        ]}
      />
      <Section
        title={t('cases.register.steps.situation')}
        step={2}
        onEdit={onEdit}
        items={[
          { label: t('fields.situationType'), value: ref.label('situationTypes', v.situationType) },
          { label: t('fields.exploitationForms'), value: join(v.exploitationForms?.map((f) => ref.label('exploitationForms', f))) },
          { label: t('fields.identifiedOn'), value: fmt.date(v.identifiedOn) },
          { label: t('fields.identificationChannel'), value: ref.label('identificationChannels', v.identificationChannel) },
          { label: t('fields.identifyingOrganisationId'), value: optLabel(organisations, v.identifyingOrganisationId) },
          { label: t('fields.stage'), value: ref.label('caseStages', v.stage) },
          { label: t('fields.exploitationStartedOn'), value: fmt.date(v.exploitationStartedOn) },
          { label: t('fields.exploitationEndedOn'), value: fmt.date(v.exploitationEndedOn) },
          {
            label: t('fields.places'),
            value: join(
              (v.places ?? []).map((pl) =>
                [ref.label('placeKinds', pl.kind), ref.country(pl.country), ref.region(pl.regionCode), ref.province(pl.provinceCode)].filter(Boolean).join(' — '),
              ),
            ),
          },
        ]}
      />
      <Section
        title={t('cases.register.steps.story')}
        step={3}
        onEdit={onEdit}
        items={[
          { label: t('fields.story'), value: v.story ? <Text style={{ whiteSpace: 'pre-wrap' }}>{v.story}</Text> : '' },
          { label: t('fields.notes'), value: v.notes ? <Text style={{ whiteSpace: 'pre-wrap' }}>{v.notes}</Text> : '' },
          { label: t('cases.journey.title'), value: join((v.journey ?? []).map((l) => legLabel(l))), testId: 'review-journey' },
          {
            label: t('cases.recruitment.title'),
            value: v.recruitment?.recruitedBy ? [ref.label('recruiterTypes', v.recruitment.recruitedBy), ref.label('recruitmentMethods', v.recruitment.method), v.recruitment.promise].filter(Boolean).join(' — ') : '',
          },
          {
            label: t('cases.debt.title'),
            value: v.debt?.owedTo ? [ref.label('debtCreditors', v.debt.owedTo), typeof v.debt.amount === 'number' ? `${v.debt.amount} ${v.debt.currency}` : ''].filter(Boolean).join(' — ') : '',
          },
          { label: t('fields.healthNotes'), value: p.healthNotes },
          { label: t('fields.assignedUserId'), value: optLabel(users, v.assignedUserId) },
        ]}
      />
    </Stack>
  );
}
