/** Recording a new criminal proceeding: references, court, offences, stage and its dates. */
import { Button, Group, SimpleGrid, Stack } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { PROCEEDING_STAGES, STAGE_DATE_FIELDS, ZProceedingCreate } from '../../../contract/justice';
import { isApiError } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { CheckboxGroupField, contractResolver, DateField, SelectField, TextareaField, TextField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { PageHeader, useDocumentTitle } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useCreateProceeding } from './api';
import { useCodeOptions, useOffences } from './labels';

type TOut = z.output<typeof ZProceedingCreate>;
type TDraft = Record<string, string | string[]>;

/** The stage and one date field per stage (dates of stages not reached stay empty). */
export function StageFields() {
  const { t } = useTranslation();
  const codes = useCodeOptions();
  return (
    <Stack gap="sm">
      <SelectField name="stage" label={t('justice.fields.stage')} required options={codes('stages', PROCEEDING_STAGES)} testId="proceeding-stage-select" />
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {PROCEEDING_STAGES.map((s) => (
          <DateField key={s} name={STAGE_DATE_FIELDS[s]} label={t(`justice.stageDates.${s}`)} required={s === 'complaint'} testId={`proceeding-date-${s}`} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export default function ProceedingCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const offences = useOffences();
  const create = useCreateProceeding();
  useDocumentTitle(t('justice.create.title'));
  const form = useForm<TDraft, unknown, TOut>({
    resolver: contractResolver<TDraft, TOut>(ZProceedingCreate),
    defaultValues: { stage: 'complaint', offences: [] },
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      const p = await create.mutateAsync(body);
      notifySuccess(t('justice.create.saved', { reference: p.reference }));
      void navigate(`/justice/${p.id}`);
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  const general = create.error && !(isApiError(create.error) && create.error.fields.length > 0) ? create.error : null;
  return (
    <Stack>
      <PageHeader title={t('justice.create.title')} />
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)} data-testid="proceeding-form">
          <Stack gap="lg">
            <Section id="proceeding-references" title={t('justice.create.references')}>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextField name="policeReportRef" label={t('justice.fields.policeReportRef')} testId="proceeding-police-ref" />
                <TextField name="prosecutionFileRef" label={t('justice.fields.prosecutionFileRef')} testId="proceeding-prosecution-ref" />
                <TextField name="courtFileRef" label={t('justice.fields.courtFileRef')} testId="proceeding-court-ref" />
                <TextField name="courtOfAppeal" label={t('justice.fields.courtOfAppeal')} testId="proceeding-court-of-appeal" />
                <TextField name="jurisdiction" label={t('justice.fields.jurisdiction')} testId="proceeding-jurisdiction" />
              </SimpleGrid>
            </Section>
            <Section id="proceeding-offences" title={t('justice.fields.offences')}>
              <CheckboxGroupField name="offences" label={t('justice.create.offencesLabel')} description={t('justice.create.offencesHelp')} required options={offences.options} cols={{ base: 1 }} testId="proceeding-offences" />
            </Section>
            <Section id="proceeding-stage" title={t('justice.create.stageTitle')}>
              <StageFields />
            </Section>
            <Section id="proceeding-notes" title={t('justice.fields.notes')}>
              <TextareaField name="notes" label={t('justice.fields.notes')} description={t('justice.create.notesHelp')} testId="proceeding-notes" />
            </Section>
            <ErrorAlert error={general} />
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending} data-testid="proceeding-save">
                {t('justice.create.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Stack>
  );
}
