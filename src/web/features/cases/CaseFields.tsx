/** Fields of a case, shared by the registration and the edit forms. */
import { Button, Fieldset, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useReference, type TOption } from '../../app/reference';
import { CheckboxGroupField, DateField, RadioGroupField, SearchSelectField, SelectField, TextareaField, useClearWhen } from '../../ui/form';

export function SituationFields() {
  const { t } = useTranslation();
  const ref = useReference();
  const situations = ref.list('situationTypes');
  const help: Record<string, string> = {
    trafficking: t('cases.form.situationHelp.trafficking'),
    smuggling: t('cases.form.situationHelp.smuggling'),
    other_exploitation: t('cases.form.situationHelp.other_exploitation'),
    undetermined: t('cases.form.situationHelp.undetermined'),
  };
  return (
    <Stack gap="md">
      <RadioGroupField
        name="situationType"
        label={t('fields.situationType')}
        description={t('cases.form.situationTypeHelp')}
        required
        options={situations}
        descriptions={help}
        testId="case-situation-type"
      />
      <CheckboxGroupField
        name="exploitationForms"
        label={t('fields.exploitationForms')}
        description={t('cases.form.exploitationFormsHelp')}
        options={ref.list('exploitationForms')}
        testId="case-exploitation-forms"
      />
    </Stack>
  );
}

export function IdentificationFields({ organisations, withStage = true }: { organisations: TOption[]; withStage?: boolean }) {
  const { t } = useTranslation();
  const ref = useReference();
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateField name="identifiedOn" label={t('fields.identifiedOn')} required testId="case-identified-on" />
        <SelectField
          name="identificationChannel"
          label={t('fields.identificationChannel')}
          required
          options={ref.list('identificationChannels')}
          testId="case-identification-channel"
        />
        <SelectField
          name="identifyingOrganisationId"
          label={t('fields.identifyingOrganisationId')}
          options={organisations}
          placeholder={t('cases.form.noOrganisation')}
          testId="case-identifying-organisation"
        />
        {withStage && <SelectField name="stage" label={t('fields.stage')} required options={ref.list('caseStages')} testId="case-stage-select" />}
        <DateField name="exploitationStartedOn" label={t('fields.exploitationStartedOn')} testId="case-exploitation-started" />
        <DateField name="exploitationEndedOn" label={t('fields.exploitationEndedOn')} testId="case-exploitation-ended" />
      </SimpleGrid>
    </Stack>
  );
}

function PlaceRow({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { t } = useTranslation();
  const ref = useReference();
  const { control } = useFormContext();
  const country = useWatch({ control, name: `places.${index}.country` }) as string | undefined;
  const region = useWatch({ control, name: `places.${index}.regionCode` }) as string | undefined;
  const inMorocco = country === 'MA';
  useClearWhen(!inMorocco, [`places.${index}.regionCode`, `places.${index}.provinceCode`]);
  return (
    <Fieldset legend={t('cases.places.item', { n: index + 1 })} data-testid="place-row">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectField name={`places.${index}.kind`} label={t('cases.places.kind')} required options={ref.list('placeKinds')} />
        <SearchSelectField name={`places.${index}.country`} label={t('cases.places.country')} required options={ref.countries} />
        {inMorocco && (
          <>
            <SelectField name={`places.${index}.regionCode`} label={t('cases.places.region')} options={ref.regions} placeholder={t('cases.places.anyRegion')} />
            <SelectField
              name={`places.${index}.provinceCode`}
              label={t('cases.places.province')}
              options={ref.provinces(region || null)}
              placeholder={t('cases.places.anyProvince')}
            />
          </>
        )}
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button variant="subtle" color="#c92a2a" size="xs" onClick={onRemove}>
          {t('cases.places.remove', { n: index + 1 })}
        </Button>
      </Group>
    </Fieldset>
  );
}

export function PlacesEditor() {
  const { t } = useTranslation();
  const { control } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name: 'places' });
  return (
    <Stack gap="sm" data-testid="places-editor">
      <Text size="sm">{t('cases.places.help')}</Text>
      {fields.map((f, i) => (
        <PlaceRow key={f.id} index={i} onRemove={() => remove(i)} />
      ))}
      <div>
        <Button variant="outline" onClick={() => append({ kind: '', country: '', regionCode: '', provinceCode: '' })} disabled={fields.length >= 20} data-testid="place-add">
          {t('cases.places.add')}
        </Button>
      </div>
    </Stack>
  );
}

export function NarrativeFields({ withStory = true }: { withStory?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      {withStory && <TextareaField name="story" label={t('fields.story')} description={t('cases.form.storyHelp')} minRows={5} testId="case-story" />}
      <TextareaField name="notes" label={t('fields.notes')} description={t('cases.form.notesHelp')} testId="case-notes" />
    </Stack>
  );
}
