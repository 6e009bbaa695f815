/**
 * Anonymous notification: an adult who does not agree to be referred is still counted, with no
 * identifying information (sex, age group, nationality, forms of exploitation, region, date, channel).
 */
import { Alert, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { SEXES } from '../../../contract/common';
import { ZAnonymousNotificationCreate } from '../../../contract/identification';
import { useReference } from '../../app/reference';
import { todayInCasablanca } from '../../ui/dates';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { CheckboxGroupField, contractResolver, DateField, RadioGroupField, SearchSelectField, SelectField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useAnonymousNotifications, useCreateAnonymousNotification, type TAnonymousNotificationCreateOutput } from '../identification/api';

const AGE_GROUPS = ZAnonymousNotificationCreate.shape.ageGroup.options;

interface TDraft {
  sex: string;
  ageGroup: string;
  nationality: string;
  exploitationForms: string[];
  regionCode: string;
  identifiedOn: string;
  identificationChannel: string;
}

const emptyDraft = (): TDraft => ({ sex: '', ageGroup: 'adult', nationality: '', exploitationForms: [], regionCode: '', identifiedOn: todayInCasablanca(), identificationChannel: '' });

function NotificationForm() {
  const { t } = useTranslation();
  const ref = useReference();
  const create = useCreateAnonymousNotification();
  const form = useForm<TDraft, unknown, TAnonymousNotificationCreateOutput>({
    resolver: contractResolver<TDraft, TAnonymousNotificationCreateOutput>(ZAnonymousNotificationCreate),
    defaultValues: emptyDraft(),
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      await create.mutateAsync(body);
      notifySuccess(t('anonymous.saved'));
      form.reset(emptyDraft());
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="anonymous-form-title" data-testid="anonymous-form">
      <Title order={2} size="h4" id="anonymous-form-title" mb="md">
        {t('anonymous.formTitle')}
      </Title>
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <RadioGroupField name="sex" label={t('fields.sex')} required options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))} inline testId="anonymous-sex" />
              <RadioGroupField
                name="ageGroup"
                label={t('anonymous.ageGroup')}
                required
                options={AGE_GROUPS.map((a) => ({ value: a, label: t(`ageGroup.${a}`) }))}
                inline
                testId="anonymous-age-group"
              />
              <SearchSelectField name="nationality" label={t('anonymous.nationality')} options={ref.countries} testId="anonymous-nationality" />
              <SelectField name="regionCode" label={t('anonymous.region')} options={ref.regions} placeholder={t('cases.places.anyRegion')} testId="anonymous-region" />
              <DateField name="identifiedOn" label={t('fields.identifiedOn')} required testId="anonymous-identified-on" />
              <SelectField
                name="identificationChannel"
                label={t('fields.identificationChannel')}
                required
                options={ref.list('identificationChannels')}
                testId="anonymous-channel"
              />
            </SimpleGrid>
            <CheckboxGroupField name="exploitationForms" label={t('fields.exploitationForms')} options={ref.list('exploitationForms')} testId="anonymous-forms" />
            <ErrorAlert error={create.error} />
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending} data-testid="anonymous-save">
                {t('anonymous.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Paper>
  );
}

function NotificationList() {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  const list = useAnonymousNotifications();
  const items = list.data ?? [];
  return (
    <section aria-labelledby="anonymous-list-title">
      <Title order={2} size="h4" id="anonymous-list-title" mb="xs">
        {t('anonymous.listTitle', { n: items.length })}
      </Title>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Text data-testid="anonymous-empty">{t('anonymous.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped verticalSpacing="xs" data-testid="anonymous-table">
            <Table.Caption className="visually-hidden">{t('anonymous.listCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fields.identifiedOn')}</Table.Th>
                <Table.Th scope="col">{t('cases.list.colSexAge')}</Table.Th>
                <Table.Th scope="col">{t('anonymous.nationality')}</Table.Th>
                <Table.Th scope="col">{t('fields.exploitationForms')}</Table.Th>
                <Table.Th scope="col">{t('anonymous.region')}</Table.Th>
                <Table.Th scope="col">{t('fields.identificationChannel')}</Table.Th>
                <Table.Th scope="col">{t('anonymous.recordedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((n) => (
                <Table.Tr key={n.id} data-testid="anonymous-row">
                  <Table.Td className="nowrap">{fmt.date(n.identifiedOn)}</Table.Td>
                  <Table.Td>
                    {t(`sex.${n.sex}`)}
                    {' · '}
                    {t(`ageGroup.${n.ageGroup}`)}
                  </Table.Td>
                  <Table.Td>{ref.country(n.nationality)}</Table.Td>
                  <Table.Td>{fmt.list(n.exploitationForms.map((f) => ref.label('exploitationForms', f)))}</Table.Td>
                  <Table.Td>{ref.region(n.regionCode)}</Table.Td>
                  <Table.Td>{ref.label('identificationChannels', n.identificationChannel)}</Table.Td>
                  <Table.Td className="nowrap">{fmt.instant(n.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

export default function AnonymousNotificationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('anonymous.title'));
  return (
    <Stack gap="lg">
      <PageHeader title={t('anonymous.title')}>
        <Alert color="blue" variant="light" role="note" data-testid="anonymous-explanation">
          <Stack gap="xs">
            <Text size="sm">{t('anonymous.intro')}</Text>
            <List size="sm" spacing={2}>
              <List.Item>{t('anonymous.rules.noIdentity')}</List.Item>
              <List.Item>{t('anonymous.rules.child')}</List.Item>
              <List.Item>{t('anonymous.rules.later')}</List.Item>
            </List>
          </Stack>
        </Alert>
      </PageHeader>
      <NotificationForm />
      <NotificationList />
    </Stack>
  );
}
