/**
 * The recommendations register: what the commission's meetings, study days and workshops adopted, to whom
 * it is addressed, and its follow-up. The secretariat records and updates; addressed organisations read.
 */
import { useState } from 'react';
import { Badge, Button, Group, MultiSelect, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { RECOMMENDATION_SOURCES, RECOMMENDATION_STATUSES, ZRecommendationCreate, type TRecommendation } from '../../../contract/actionplan';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { STATISTICS_ROLES } from '../../app/roles';
import { ConflictAlert } from '../../ui/conflict';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, DateField, MultiSelectField, SelectField, TextareaField, TextField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useOrganisations } from '../admin/api';
import { useCreateRecommendation, usePlan, usePlans, useRecommendations, useUpdateRecommendation, type TRecommendationCreateOutput } from './api';

/** The actions of the current plan (the adopted one, else the first), as options "code — title". */
function usePlanActionOptions() {
  const { i18n } = useTranslation();
  const plans = usePlans();
  const plan = usePlan(plans.data?.find((p) => p.status === 'adopted')?.id ?? plans.data?.[0]?.id ?? null);
  return (plan.data?.objectives ?? []).flatMap((o) => o.actions.map((a) => ({ value: a.id, label: `${a.code} — ${i18n.language === 'ar' ? a.titleAr : a.titleFr}` })));
}

interface TDraft { sourceType: string; sourceEvent: string; adoptedOn: string; textFr: string; textAr: string; addressedTo: string[] }
const empty = (): TDraft => ({ sourceType: '', sourceEvent: '', adoptedOn: '', textFr: '', textAr: '', addressedTo: [] });

function CreateForm() {
  const { t } = useTranslation();
  const orgs = useOrganisations();
  const create = useCreateRecommendation();
  const form = useForm<TDraft, unknown, TRecommendationCreateOutput>({ resolver: contractResolver<TDraft, TRecommendationCreateOutput>(ZRecommendationCreate), defaultValues: empty() });
  const submit = form.handleSubmit(async (body) => {
    try {
      await create.mutateAsync(body);
      notifySuccess(t('actionplan.saved'));
      form.reset(empty());
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="recommendation-form-title" data-testid="recommendation-form">
      <Title order={2} size="h4" id="recommendation-form-title" mb="md">{t('actionplan.formTitle')}</Title>
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <SelectField name="sourceType" label={t('actionplan.sourceType')} required options={RECOMMENDATION_SOURCES.map((s) => ({ value: s, label: t(`actionplan.sources.${s}`) }))} testId="recommendation-source-type" />
              <TextField name="sourceEvent" label={t('actionplan.sourceEvent')} required testId="recommendation-source-event" />
              <DateField name="adoptedOn" label={t('actionplan.adoptedOn')} required testId="recommendation-adopted-on" />
            </SimpleGrid>
            <TextareaField name="textFr" label={t('actionplan.textFr')} required testId="recommendation-text-fr" />
            <TextareaField name="textAr" label={t('actionplan.textAr')} required testId="recommendation-text-ar" />
            <MultiSelectField name="addressedTo" label={t('actionplan.addressedTo')} required options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} testId="recommendation-addressed-to" />
            <ErrorAlert error={create.error} />
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending} data-testid="recommendation-save">{t('actionplan.submit')}</Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Paper>
  );
}

function FollowUp({ r }: { r: TRecommendation }) {
  const { t } = useTranslation();
  const update = useUpdateRecommendation();
  const list = useRecommendations();
  const [status, setStatus] = useState<string>(r.status);
  const [note, setNote] = useState('');
  const [linked, setLinked] = useState<string[]>(r.linkedActions);
  const [conflict, setConflict] = useState(false);
  const planActions = usePlanActionOptions();
  const linkedChanged = linked.length !== r.linkedActions.length || linked.some((x) => !r.linkedActions.includes(x));
  const submit = async () => {
    try {
      await update.mutateAsync({ id: r.id, version: r.version, status: status as TRecommendation['status'], ...(note.trim() ? { note: note.trim() } : {}), ...(linkedChanged ? { linkedActions: linked } : {}) });
      setNote('');
      setConflict(false);
      notifySuccess(t('actionplan.updated'));
    } catch (e) {
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') setConflict(true);
    }
  };
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NativeSelect label={t('actionplan.newStatus')} value={status} onChange={(e) => setStatus(e.currentTarget.value)} data-testid={`recommendation-status-${r.reference}`}>
          {RECOMMENDATION_STATUSES.map((s) => <option key={s} value={s}>{t(`actionplan.statuses.${s}`)}</option>)}
        </NativeSelect>
        <Textarea label={t('actionplan.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} data-testid={`recommendation-note-${r.reference}`} />
      </SimpleGrid>
      <MultiSelect
        label={t('actionplan.linkedActions')}
        description={t('actionplan.linkedActionsHelp')}
        data={planActions}
        value={linked}
        onChange={setLinked}
        searchable
        clearable
        data-testid={`recommendation-linked-${r.reference}`}
      />
      {conflict && <ConflictAlert reloading={list.isFetching} onReload={() => void list.refetch().then(() => setConflict(false))} />}
      {update.error && !conflict && <ErrorAlert error={update.error} />}
      <Group justify="flex-end">
        <Button size="sm" onClick={() => void submit()} loading={update.isPending} disabled={status === r.status && !note.trim() && !linkedChanged} data-testid={`recommendation-update-${r.reference}`}>
          {t('actionplan.update')}
        </Button>
      </Group>
    </Stack>
  );
}

function LinkedActions({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const options = usePlanActionOptions();
  const labels = ids.map((id) => options.find((o) => o.value === id)?.label).filter((x): x is string => !!x);
  return labels.length ? <Text size="sm" data-testid="recommendation-linked">{t('actionplan.linkedActionsValue', { list: fmt.list(labels) })}</Text> : null;
}

function RecommendationCard({ r }: { r: TRecommendation }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const ar = i18n.language === 'ar';
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`rec-${r.id}`} data-testid="recommendation">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5" id={`rec-${r.id}`}><bdi>{r.reference}</bdi> · {t(`actionplan.sources.${r.sourceType}`)} — {r.sourceEvent}</Title>
          <Badge color={r.status === 'implemented' ? '#1e6b34' : r.status === 'not_implemented' || r.status === 'withdrawn' ? 'gray.8' : 'blue.9'} data-testid="recommendation-status">{t(`actionplan.statuses.${r.status}`)}</Badge>
        </Group>
        <Text size="sm" c="dimmed">{t('actionplan.adoptedOnValue', { date: fmt.date(r.adoptedOn) })}</Text>
        <Text lang={ar ? 'ar' : 'fr'} dir={ar ? 'rtl' : 'ltr'}>{ar ? r.textAr : r.textFr}</Text>
        <Text size="sm">{t('actionplan.addressedToValue', { list: fmt.list(r.addressedTo.map((o) => o.name)) })}</Text>
        {r.linkedActions.length > 0 && <LinkedActions ids={r.linkedActions} />}
        <details>
          <summary>{t('actionplan.history', { n: r.followUps.length })}</summary>
          <ul data-testid="recommendation-history">
            {r.followUps.map((f, i) => (
              <li key={i}>{fmt.instant(f.at)} — {t(`actionplan.statuses.${f.toStatus}`)} ({f.by}){f.note ? ` : ${f.note}` : ''}</li>
            ))}
          </ul>
        </details>
        {r.canEdit && <FollowUp r={r} />}
      </Stack>
    </Paper>
  );
}

export default function RecommendationsPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  useDocumentTitle(t('actionplan.title'));
  const list = useRecommendations();
  return (
    <Stack>
      <PageHeader title={t('actionplan.title')} testId="recommendations-title"><Text>{t('actionplan.intro')}</Text></PageHeader>
      {hasRole(STATISTICS_ROLES) && <CreateForm />}
      <section aria-labelledby="recommendations-list-title">
        <Title order={2} size="h4" id="recommendations-list-title" mb="xs">{t('actionplan.listTitle', { n: list.data?.length ?? 0 })}</Title>
        {list.isPending ? <Loading /> : list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.length === 0 ? (
          <Text data-testid="recommendations-empty">{t('actionplan.empty')}</Text>
        ) : (
          <Stack gap="md">{list.data.map((r) => <RecommendationCard key={r.id} r={r} />)}</Stack>
        )}
      </section>
    </Stack>
  );
}
