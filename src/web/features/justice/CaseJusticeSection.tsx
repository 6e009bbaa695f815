/**
 * On the victim's case page, for the managing organisation: the proceedings the person takes part in, with
 * hearing dates, protection measures and the victim's own compensation claim, order and payment (never the
 * defendants, never another victim's claim), and the non-punishment record when the
 * person is themselves accused of an offence linked to their exploitation.
 */
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ZNonPunishmentCreate } from '../../../contract/justice';
import { isApiError } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, DateField, SelectField, TextField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useFormat } from '../../ui/useFormat';
import type { TCaseDetail } from '../cases/types';
import { useCaseJustice, useRecordNonPunishment } from './api';
import { useOffences } from './labels';
import { HearingTable, MeasureList } from './ProceedingPage';
import { NonPunishmentRecord } from './NonPunishmentStatus';
import { StageBadge } from './ProceedingsPage';
import { CompensationSummary } from './Compensation';

type TOut = z.output<typeof ZNonPunishmentCreate>;

function NonPunishmentForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const offences = useOffences();
  const record = useRecordNonPunishment(caseId);
  const form = useForm<Record<string, string>, unknown, TOut>({ resolver: contractResolver<Record<string, string>, TOut>(ZNonPunishmentCreate), defaultValues: { offence: '', accusedOn: '', proceedingRef: '' } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await record.mutateAsync(body);
      notifySuccess(t('justice.nonPunishment.saved'));
      form.reset();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  const general = record.error && !(isApiError(record.error) && record.error.fields.length > 0) ? record.error : null;
  return (
    <Paper withBorder p="md" bg="gray.0" component="section" aria-labelledby="non-punishment-form-title" data-testid="non-punishment-form">
      <Title order={3} size="h5" id="non-punishment-form-title" mb={4}>
        {t('justice.nonPunishment.add')}
      </Title>
      <Text size="sm" mb="sm">
        {t('justice.nonPunishment.help')}
      </Text>
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <SelectField name="offence" label={t('justice.nonPunishment.offence')} required options={offences.accusedOptions} testId="non-punishment-offence" />
              <DateField name="accusedOn" label={t('justice.nonPunishment.accusedOn')} required testId="non-punishment-date" />
              <TextField name="proceedingRef" label={t('justice.nonPunishment.proceedingRef')} testId="non-punishment-ref" />
            </SimpleGrid>
            <ErrorAlert error={general} />
            <Group justify="flex-end">
              <Button type="submit" loading={record.isPending} data-testid="non-punishment-submit">
                {t('justice.nonPunishment.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Paper>
  );
}

export function CaseJusticeSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const enabled = caseDetail.access === 'manager';
  const query = useCaseJustice(caseDetail.id, enabled);
  // Roles of the managing organisation without a case role (e.g. a service provider) get 404: nothing to show.
  if (!enabled || (isApiError(query.error) && query.error.code === 'NOT_FOUND')) return null;
  const data = query.data;
  return (
    <Section id="case-justice" title={t('justice.case.title')} testId="case-justice">
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : data ? (
        <Stack gap="md">
          <Text size="sm">{t('justice.case.help')}</Text>
          {data.proceedings.length === 0 ? (
            <Text size="sm" data-testid="case-justice-empty">
              {t('justice.case.none')}
            </Text>
          ) : (
            data.proceedings.map((p) => (
              <Paper key={p.id} withBorder p="md" component="section" aria-labelledby={`case-proceeding-${p.id}`} data-testid="case-proceeding">
                <Stack gap="sm">
                  <Group gap="sm">
                    <Title order={3} size="h5" id={`case-proceeding-${p.id}`}>
                      <span className="ltr-value">{p.reference}</span>
                    </Title>
                    <StageBadge stage={p.stage} />
                  </Group>
                  <Text size="sm">
                    {[p.courtOfAppeal, p.jurisdiction].filter(Boolean).join(' — ')}
                    {p.roles.length > 0 && ` · ${fmt.list(p.roles.map((r) => t(`justice.victimRoles.${r}`)))}`}
                  </Text>
                  <Text fw={600} size="sm" component="h4">
                    {t('justice.hearings.title')}
                  </Text>
                  <HearingTable hearings={p.hearings} />
                  <Text fw={600} size="sm" component="h4">
                    {t('justice.measures.title')}
                  </Text>
                  <MeasureList measures={p.measures} />
                  <Text fw={600} size="sm" component="h4">
                    {t('justice.compensation.title')}
                  </Text>
                  <CompensationSummary claim={p.compensation} testId="case-compensation" />
                </Stack>
              </Paper>
            ))
          )}
          {data.nonPunishment.length > 0 && (
            <Alert color="orange" variant="light" title={t('justice.nonPunishment.alertTitle')} data-testid="case-non-punishment">
              <Stack gap="xs">
                {data.nonPunishment.map((n) => (
                  <NonPunishmentRecord key={`${n.id}-${n.version}`} record={n} />
                ))}
              </Stack>
            </Alert>
          )}
          {data.abilities.recordNonPunishment && <NonPunishmentForm caseId={caseDetail.id} />}
        </Stack>
      ) : null}
    </Section>
  );
}
