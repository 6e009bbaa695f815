/**
 * Fields describing the person, shared by the registration form (prefix "person.") and the person edit
 * form (no prefix). Wording is plain and neutral: "the person", never "the victim".
 */
import { useState } from 'react';
import { Button, Fieldset, Group, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { SEXES } from '../../../contract/common';
import { useReference } from '../../app/reference';
import {
  CheckboxField,
  CheckboxGroupField,
  DateField,
  MultiSelectField,
  NumberField,
  RadioGroupField,
  SearchSelectField,
  SelectField,
  TagsField,
  TextareaField,
  TextField,
} from '../../ui/form';

export const HELD_BY = ['person', 'third_party', 'authorities', 'unknown'] as const;

type TAgeMode = 'dob' | 'estimate' | 'unknown';

export function PersonIdentityFields({ prefix = '' }: { prefix?: string }) {
  const { t } = useTranslation();
  const { getValues, setValue } = useFormContext();
  const [mode, setMode] = useState<TAgeMode>(() => {
    if (getValues(`${prefix}dateOfBirth`)) return 'dob';
    const est: unknown = getValues(`${prefix}estimatedAge`);
    const range = getValues(`${prefix}ageRange`) as { min?: unknown } | null | undefined;
    return typeof est === 'number' || typeof range?.min === 'number' ? 'estimate' : 'unknown';
  });
  const changeMode = (m: string) => {
    const next = m as TAgeMode;
    setMode(next);
    if (next !== 'dob') setValue(`${prefix}dateOfBirth`, '', { shouldDirty: true });
    if (next !== 'estimate') {
      setValue(`${prefix}estimatedAge`, undefined, { shouldDirty: true });
      setValue(`${prefix}ageRange`, {}, { shouldDirty: true });
    }
  };
  const ref = useReference();
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextField name={`${prefix}givenNames`} label={t('fields.givenNames')} required autoComplete="off" testId="person-given-names" />
        <TextField name={`${prefix}familyName`} label={t('fields.familyName')} autoComplete="off" testId="person-family-name" />
      </SimpleGrid>
      <TagsField name={`${prefix}aliases`} label={t('fields.aliases')} description={t('persons.form.aliasesHelp')} maxTags={20} testId="person-aliases" />
      <RadioGroupField
        name={`${prefix}sex`}
        label={t('fields.sex')}
        required
        inline
        options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
        testId="person-sex"
      />
      <Radio.Group label={t('persons.form.ageMode')} value={mode} onChange={changeMode} data-testid="person-age-mode">
        <Group gap="lg" mt="xs">
          <Radio value="dob" label={t('persons.form.ageModes.dob')} />
          <Radio value="estimate" label={t('persons.form.ageModes.estimate')} />
          <Radio value="unknown" label={t('persons.form.ageModes.unknown')} />
        </Group>
      </Radio.Group>
      {mode === 'dob' && <DateField name={`${prefix}dateOfBirth`} label={t('fields.dateOfBirth')} testId="person-dob" />}
      {mode === 'estimate' && (
        <Stack gap="xs">
          <NumberField name={`${prefix}estimatedAge`} label={t('fields.estimatedAge')} description={t('persons.form.estimatedAgeHelp')} min={0} max={120} testId="person-estimated-age" />
          <Fieldset legend={t('fields.ageRange')} data-testid="person-age-range">
            <Text size="sm" mb="xs">
              {t('persons.form.ageRangeHelp')}
            </Text>
            <Group gap="md" align="flex-start">
              <NumberField name={`${prefix}ageRange.min`} label={t('persons.form.ageMin')} min={0} max={120} testId="person-age-min" />
              <NumberField name={`${prefix}ageRange.max`} label={t('persons.form.ageMax')} min={0} max={120} testId="person-age-max" />
            </Group>
          </Fieldset>
        </Stack>
      )}
      {mode !== 'unknown' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <SelectField
            name={`${prefix}ageAssessment.method`}
            label={t('fields.ageAssessment')}
            description={t('persons.form.ageAssessmentHelp')}
            options={ref.list('ageAssessmentMethods')}
            testId="person-age-assessment"
          />
          <DateField name={`${prefix}ageAssessment.assessedOn`} label={t('persons.form.ageAssessedOn')} testId="person-age-assessed-on" />
        </SimpleGrid>
      )}
      <CheckboxField
        name={`${prefix}ageUncertain`}
        label={t('persons.form.ageUncertain')}
        description={t('persons.form.ageUncertainHelp')}
        testId="person-age-uncertain"
      />
    </Stack>
  );
}

export function PersonProfileFields({ prefix = '' }: { prefix?: string }) {
  const { t } = useTranslation();
  const ref = useReference();
  return (
    <Stack gap="md">
      <MultiSelectField name={`${prefix}nationalities`} label={t('fields.nationalities')} options={ref.countries} maxValues={5} testId="person-nationalities" />
      <MultiSelectField
        name={`${prefix}languages`}
        label={t('fields.languages')}
        description={t('persons.form.languagesHelp')}
        options={ref.languages}
        maxValues={10}
        testId="person-languages"
      />
      <CheckboxField name={`${prefix}interpreterNeeded`} label={t('fields.interpreterNeeded')} testId="person-interpreter" />
      <CheckboxGroupField
        name={`${prefix}vulnerabilities`}
        label={t('fields.vulnerabilities')}
        description={t('persons.form.vulnerabilitiesHelp')}
        options={ref.list('vulnerabilities')}
        testId="person-vulnerabilities"
      />
    </Stack>
  );
}

export function HealthNotesField({ prefix = '' }: { prefix?: string }) {
  const { t } = useTranslation();
  return <TextareaField name={`${prefix}healthNotes`} label={t('fields.healthNotes')} description={t('persons.form.healthNotesHelp')} testId="person-health-notes" />;
}

export function ContactsEditor({ prefix = '' }: { prefix?: string }) {
  const { t } = useTranslation();
  const ref = useReference();
  const { control } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name: `${prefix}contacts` });
  return (
    <Stack gap="sm" data-testid="contacts-editor">
      <Text size="sm">{t('persons.contacts.help')}</Text>
      {fields.map((f, i) => (
        <Fieldset key={f.id} legend={t('persons.contacts.item', { n: i + 1 })} data-testid="contact-row">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <SelectField name={`${prefix}contacts.${i}.kind`} label={t('persons.contacts.kind')} required options={ref.list('contactKinds')} />
            <TextField name={`${prefix}contacts.${i}.value`} label={t('persons.contacts.value')} required autoComplete="off" />
          </SimpleGrid>
          <TextField name={`${prefix}contacts.${i}.note`} label={t('persons.contacts.note')} mt="sm" autoComplete="off" />
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" color="#c92a2a" size="xs" onClick={() => remove(i)}>
              {t('persons.contacts.remove', { n: i + 1 })}
            </Button>
          </Group>
        </Fieldset>
      ))}
      <div>
        <Button variant="outline" onClick={() => append({ kind: '', value: '', note: '' })} disabled={fields.length >= 20} data-testid="contact-add">
          {t('persons.contacts.add')}
        </Button>
      </div>
    </Stack>
  );
}

export function DocumentsEditor({ prefix = '' }: { prefix?: string }) {
  const { t } = useTranslation();
  const ref = useReference();
  const { control } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name: `${prefix}identityDocuments` });
  const heldBy = HELD_BY.map((h) => ({ value: h, label: t(`persons.documents.heldByOptions.${h}`) }));
  return (
    <Stack gap="sm" data-testid="documents-editor">
      <Text size="sm">{t('persons.documents.help')}</Text>
      {fields.map((f, i) => (
        <Fieldset key={f.id} legend={t('persons.documents.item', { n: i + 1 })} data-testid="document-row">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <SelectField name={`${prefix}identityDocuments.${i}.type`} label={t('persons.documents.type')} required options={ref.list('identityDocumentTypes')} />
            <TextField name={`${prefix}identityDocuments.${i}.number`} label={t('persons.documents.number')} required autoComplete="off" />
            <SearchSelectField name={`${prefix}identityDocuments.${i}.issuingCountry`} label={t('persons.documents.issuingCountry')} options={ref.countries} />
            <DateField name={`${prefix}identityDocuments.${i}.expiresOn`} label={t('persons.documents.expiresOn')} />
            <SelectField
              name={`${prefix}identityDocuments.${i}.heldBy`}
              label={t('persons.documents.heldBy')}
              description={t('persons.documents.heldByHelp')}
              options={heldBy}
            />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" color="#c92a2a" size="xs" onClick={() => remove(i)}>
              {t('persons.documents.remove', { n: i + 1 })}
            </Button>
          </Group>
        </Fieldset>
      ))}
      <div>
        <Button
          variant="outline"
          onClick={() => append({ type: '', number: '', issuingCountry: '', expiresOn: '', heldBy: 'person' })}
          disabled={fields.length >= 20}
          data-testid="document-add"
        >
          {t('persons.documents.add')}
        </Button>
      </div>
    </Stack>
  );
}
