import { Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TPersonView } from '../../../contract/persons';
import { useReference } from '../../app/reference';
import { DataList, type TDataItem } from '../../ui/DataList';
import { useFormat } from '../../ui/useFormat';

/** What the reader may see of the person. Hidden categories are absent from the response and said so. */
export function PersonOverview({ person, detailed = false }: { person: TPersonView; detailed?: boolean }) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  const join = (xs: string[]) => fmt.list(xs);
  const yesNo = (b: boolean) => (b ? t('common.yes') : t('common.no'));
  const id = person.identity;

  const items: TDataItem[] = [{ label: t('persons.view.pseudonym'), value: <span className="ltr-value">{person.pseudonym}</span>, testId: 'person-pseudonym' }];
  if (id) {
    items.push(
      { label: t('fields.givenNames'), value: id.givenNames, testId: 'person-given-names-value' },
      { label: t('fields.familyName'), value: id.familyName ?? '', testId: 'person-family-name-value' },
      { label: t('fields.aliases'), value: join(id.aliases) },
      { label: t('fields.dateOfBirth'), value: fmt.date(id.dateOfBirth) },
      { label: t('fields.estimatedAge'), value: id.estimatedAge ?? '' },
      { label: t('fields.ageRange'), value: id.ageRange ? t('persons.view.ageRangeValue', { min: id.ageRange.min, max: id.ageRange.max }) : '', testId: 'person-age-range-value' },
      {
        label: t('fields.ageAssessment'),
        value: id.ageAssessment ? [ref.label('ageAssessmentMethods', id.ageAssessment.method), fmt.date(id.ageAssessment.assessedOn)].filter(Boolean).join(' — ') : '',
        testId: 'person-age-assessment-value',
      },
    );
  }
  items.push(
    { label: t('fields.sex'), value: t(`sex.${person.sex}`) },
    {
      label: t('persons.view.ageGroup'),
      value: (
        <Group gap="xs">
          <span>{t(`ageGroup.${person.ageGroup}`)}</span>
          {person.age !== null && <span>({t('persons.view.ageValue', { age: person.age })})</span>}
          {person.treatedAsChild && (
            <Badge color="grape.9" variant="filled" tt="none" data-testid="treated-as-child">
              {t('persons.view.treatedAsChild')}
            </Badge>
          )}
        </Group>
      ),
    },
    { label: t('persons.form.ageUncertain'), value: yesNo(person.ageUncertain) },
    { label: t('fields.nationalities'), value: join(person.nationalities.map(ref.country)) },
    { label: t('fields.languages'), value: join(person.languages.map(ref.language)) },
    { label: t('fields.interpreterNeeded'), value: yesNo(person.interpreterNeeded) },
    { label: t('fields.vulnerabilities'), value: join(person.vulnerabilities.map((v) => ref.label('vulnerabilities', v))) },
  );
  if (detailed && person.healthNotes !== undefined) {
    items.push({ label: t('fields.healthNotes'), value: person.healthNotes ? <Text style={{ whiteSpace: 'pre-wrap' }}>{person.healthNotes}</Text> : '' });
  }

  return (
    <Stack gap="sm">
      {!id && (
        <Text size="sm" data-testid="identity-hidden">
          {t('persons.view.identityHidden')}
        </Text>
      )}
      <DataList items={items} />
      {detailed && person.contacts !== undefined && (
        <Stack gap={4}>
          <Text fw={600} size="sm" component="h3">
            {t('persons.contacts.title')}
          </Text>
          {person.contacts.length === 0 ? (
            <Text size="sm">{t('common.noneRecorded')}</Text>
          ) : (
            <ul data-testid="person-contacts">
              {person.contacts.map((c, i) => (
                <li key={i}>
                  {ref.label('contactKinds', c.kind)} — {c.value}
                  {c.note ? ` (${c.note})` : ''}
                </li>
              ))}
            </ul>
          )}
        </Stack>
      )}
      {detailed && person.identityDocuments !== undefined && (
        <Stack gap={4}>
          <Text fw={600} size="sm" component="h3">
            {t('persons.documents.title')}
          </Text>
          {person.identityDocuments.length === 0 ? (
            <Text size="sm">{t('common.noneRecorded')}</Text>
          ) : (
            <ul data-testid="person-documents">
              {person.identityDocuments.map((d, i) => (
                <li key={i}>
                  {ref.label('identityDocumentTypes', d.type)} — <span className="ltr-value">{d.number}</span>
                  {d.issuingCountry ? ` · ${ref.country(d.issuingCountry)}` : ''}
                  {d.expiresOn ? ` · ${t('persons.documents.expiresOnValue', { date: fmt.date(d.expiresOn) })}` : ''}
                  {d.heldBy ? ` · ${t(`persons.documents.heldByOptions.${d.heldBy}`)}` : ''}
                </li>
              ))}
            </ul>
          )}
        </Stack>
      )}
    </Stack>
  );
}
