/** International cooperation requests: recorded once, then followed by status changes with their dates. */
import { useState } from 'react';
import { Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { COOPERATION_DIRECTIONS, COOPERATION_STATUSES, COOPERATION_TYPES, ZCooperationCreate, ZCooperationUpdate, type TCooperationRequest } from '../../../contract/activities';
import { useAuth } from '../../app/auth';
import { useReference } from '../../app/reference';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { contractResolver, DateField, SearchSelectField, SelectField, TextareaField, TextField } from '../../ui/form';
import { Loading } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useOrganisations } from '../admin/api';
import { useActivityList, useSaveActivity, type TFilters } from './api';
import { Editor, Filters, Line, prepare, RecordCard, useNumber } from './shared';

interface TDraft { direction: string; type: string; countryCode: string; authority: string; handlingOrganisationId: string; openedOn: string; subject: string }
interface TFollowDraft { status: string; statusOn: string; authority: string; subject: string }
const ZFollow = ZCooperationUpdate.omit({ version: true });

function NewRequest({ onDone, onReload, reloading }: { onDone: () => void; onReload: () => void; reloading: boolean }) {
  const { t } = useTranslation();
  const { session, hasRole } = useAuth();
  const ref = useReference();
  const orgs = useOrganisations();
  const save = useSaveActivity('cooperation-requests');
  const secretariat = hasRole(['commission_analyst']);
  const form = useForm<TDraft, unknown, Record<string, unknown>>({
    resolver: contractResolver<TDraft, Record<string, unknown>>(ZCooperationCreate as unknown as z.ZodType<Record<string, unknown>>, (v) => prepare(v, [])),
    defaultValues: { direction: 'outgoing', type: '', countryCode: '', authority: '', handlingOrganisationId: secretariat ? '' : (session?.user.organisation.id ?? ''), openedOn: '', subject: '' },
  });
  return (
    <Editor form={form} id="cooperation-editor" testId="cooperation-form" title={t('activities.cooperation.newTitle')} saving={save.isPending} error={save.error}
      onCancel={onDone} onReload={onReload} reloading={reloading} onSubmit={async (body) => { await save.mutateAsync({ body }); onDone(); }}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectField name="direction" label={t('activities.cooperation.direction')} required options={COOPERATION_DIRECTIONS.map((x) => ({ value: x, label: t(`activities.directions.${x}`) }))} testId="cooperation-direction" />
        <SelectField name="type" label={t('activities.cooperation.type')} required options={COOPERATION_TYPES.map((x) => ({ value: x, label: t(`activities.cooperationTypes.${x}`) }))} testId="cooperation-type" />
        <SearchSelectField name="countryCode" label={t('activities.cooperation.country')} required options={ref.countries.filter((c) => c.value !== 'MA')} testId="cooperation-country" />
        <TextField name="authority" label={t('activities.cooperation.authority')} description={t('activities.cooperation.authorityHelp')} required testId="cooperation-authority" />
        <SelectField name="handlingOrganisationId" label={t('activities.cooperation.handling')} required
          options={(orgs.data ?? []).filter((o) => secretariat || o.id === session?.user.organisation.id).map((o) => ({ value: o.id, label: o.name }))} testId="cooperation-handling" />
        <DateField name="openedOn" label={t('activities.cooperation.openedOn')} required testId="cooperation-opened" />
      </SimpleGrid>
      <TextareaField name="subject" label={t('activities.cooperation.subject')} description={t('activities.cooperation.subjectHelp')} required minRows={2} testId="cooperation-subject" />
    </Editor>
  );
}

function FollowUp({ request, onDone, onReload, reloading }: { request: TCooperationRequest; onDone: () => void; onReload: () => void; reloading: boolean }) {
  const { t } = useTranslation();
  const save = useSaveActivity('cooperation-requests');
  const form = useForm<TFollowDraft, unknown, Record<string, unknown>>({
    resolver: contractResolver<TFollowDraft, Record<string, unknown>>(ZFollow as unknown as z.ZodType<Record<string, unknown>>, (v) => prepare(v, [])),
    defaultValues: { status: request.status, statusOn: '', authority: request.authority, subject: request.subject },
  });
  return (
    <Editor form={form} id="cooperation-follow" testId="cooperation-follow" title={t('activities.cooperation.followTitle')} saving={save.isPending} error={save.error}
      onCancel={onDone} onReload={onReload} reloading={reloading}
      onSubmit={async (body) => { await save.mutateAsync({ id: request.id, body: { version: request.version, ...body } }); onDone(); }}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectField name="status" label={t('activities.status')} required options={COOPERATION_STATUSES.map((x) => ({ value: x, label: t(`activities.cooperationStatuses.${x}`) }))} testId="cooperation-status-field" />
        <DateField name="statusOn" label={t('activities.cooperation.statusOn')} description={t('activities.cooperation.statusOnHelp')} testId="cooperation-status-on" />
      </SimpleGrid>
      <TextField name="authority" label={t('activities.cooperation.authority')} testId="cooperation-follow-authority" />
      <TextareaField name="subject" label={t('activities.cooperation.subject')} minRows={2} testId="cooperation-follow-subject" />
    </Editor>
  );
}

export function CooperationTab({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  const num = useNumber();
  const [filters, setFilters] = useState<TFilters>({});
  const [editing, setEditing] = useState<TCooperationRequest | 'new' | null>(null);
  const list = useActivityList('cooperation-requests', filters);
  const title = (x: TCooperationRequest) =>
    t('activities.cooperation.cardTitle', { type: t(`activities.cooperationTypes.${x.type}`), direction: t(`activities.directions.${x.direction}`), country: ref.country(x.countryCode) });
  const reload = () => void list.refetch().then((r) => setEditing((e) => (e === 'new' || e === null ? e : r.data?.find((x) => x.id === e.id) ?? null)));
  return (
    <Stack>
      <Filters value={filters} onChange={setFilters} statuses={COOPERATION_STATUSES.map((x) => ({ value: x, label: t(`activities.cooperationStatuses.${x}`) }))} testId="cooperation-filters" />
      {canCreate && editing === null && <Group><Button onClick={() => setEditing('new')} data-testid="cooperation-new">{t('activities.cooperation.new')}</Button></Group>}
      {editing === 'new' && <NewRequest onDone={() => setEditing(null)} onReload={reload} reloading={list.isFetching} />}
      {editing !== null && editing !== 'new' && <FollowUp key={`${editing.id}-${editing.version}`} request={editing} onDone={() => setEditing(null)} onReload={reload} reloading={list.isFetching} />}
      <section aria-labelledby="cooperation-list-title">
        <Title order={2} size="h4" id="cooperation-list-title" mb="xs">{t('activities.cooperation.listTitle', { n: list.data?.length ?? 0 })}</Title>
        {list.isPending ? <Loading /> : list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.length === 0 ? (
          <Text data-testid="cooperation-empty">{t('activities.empty')}</Text>
        ) : (
          <Stack gap="md">
            {list.data.map((x) => (
              <RecordCard key={x.id} id={x.id} testId="cooperation" status={t(`activities.cooperationStatuses.${x.status}`)}
                statusColor={x.status === 'executed' ? '#1f6f3a' : x.status === 'refused' || x.status === 'withdrawn' ? 'gray.8' : 'blue.9'}
                title={title(x)} editLabel={t('activities.editNamed', { name: title(x) })} onEdit={x.canEdit ? () => setEditing(x) : undefined}>
                <Line label={t('activities.cooperation.authority')}>{x.authority}</Line>
                <Line label={t('activities.cooperation.handling')}>{x.handlingOrganisation.name}</Line>
                <Line label={t('activities.cooperation.openedOn')}>{fmt.date(x.openedOn)}</Line>
                <Line label={t('activities.cooperation.responseTime')}>{x.responseDays === null ? t('activities.cooperation.noResponse') : t('activities.cooperation.days', { n: num(x.responseDays) })}</Line>
                <Text size="sm" dir="auto">{x.subject}</Text>
                <details>
                  <summary>{t('activities.cooperation.history', { n: x.history.length })}</summary>
                  <ul data-testid="cooperation-history">
                    {x.history.map((h, i) => <li key={i}>{fmt.date(h.on)} — {t(`activities.cooperationStatuses.${h.toStatus}`)}{h.by ? ` (${h.by})` : ''}</li>)}
                  </ul>
                </details>
              </RecordCard>
            ))}
          </Stack>
        )}
      </section>
    </Stack>
  );
}
