/** Awareness campaigns: audiences, channels, regions, languages, organiser and partners, people reached. */
import { useState } from 'react';
import { Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { CAMPAIGN_AUDIENCES, CAMPAIGN_CHANNELS, CAMPAIGN_STATUSES, ZCampaignCreate, type TCampaign } from '../../../contract/activities';
import { useAuth } from '../../app/auth';
import { useReference } from '../../app/reference';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { contractResolver, DateField, MultiSelectField, NumberField, SelectField, TextareaField, TextField } from '../../ui/form';
import { Loading } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useOrganisations } from '../admin/api';
import { useActivityList, useSaveActivity, type TFilters } from './api';
import { Editor, Filters, Line, prepare, RecordCard, useNumber } from './shared';

interface TDraft {
  titleFr: string; titleAr: string; theme: string; audiences: string[]; channels: string[]; regions: string[]; languages: string[]; startOn: string; endOn: string;
  organiserId: string; partnerIds: string[]; peopleReached?: number; actionId: string; status: string; description: string;
}
const NULLABLE = ['endOn', 'peopleReached', 'actionId', 'description'] as const;

const draftOf = (c: TCampaign | null, organiserId: string): TDraft => ({
  titleFr: c?.titleFr ?? '', titleAr: c?.titleAr ?? '', theme: c?.theme ?? '', audiences: c?.audiences ?? [], channels: c?.channels ?? [], regions: c?.regions ?? [],
  languages: c?.languages ?? [], startOn: c?.startOn ?? '', endOn: c?.endOn ?? '', organiserId: c?.organiser.id ?? organiserId, partnerIds: c?.partners.map((p) => p.id) ?? [],
  peopleReached: c?.peopleReached ?? undefined, actionId: c?.actionId ?? '', status: c?.status ?? 'planned', description: c?.description ?? '',
});

function CampaignEditor({ campaign, onDone, onReload, reloading }: { campaign: TCampaign | null; onDone: () => void; onReload: () => void; reloading: boolean }) {
  const { t } = useTranslation();
  const { session, hasRole } = useAuth();
  const ref = useReference();
  const orgs = useOrganisations();
  const save = useSaveActivity('campaigns');
  const secretariat = hasRole(['commission_analyst']);
  const form = useForm<TDraft, unknown, Record<string, unknown>>({
    resolver: contractResolver<TDraft, Record<string, unknown>>(ZCampaignCreate as unknown as z.ZodType<Record<string, unknown>>, (v) => prepare(v, NULLABLE)),
    defaultValues: draftOf(campaign, secretariat ? '' : (session?.user.organisation.id ?? '')),
  });
  const all = (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }));
  return (
    <Editor form={form} id="campaign-editor" testId="campaign-form" title={campaign ? t('activities.campaigns.editTitle') : t('activities.campaigns.newTitle')} saving={save.isPending} error={save.error}
      onCancel={onDone} onReload={onReload} reloading={reloading}
      onSubmit={async (body) => { await save.mutateAsync(campaign ? { id: campaign.id, body: { version: campaign.version, ...body } } : { body }); onDone(); }}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextField name="titleFr" label={t('activities.campaigns.titleFr')} required testId="campaign-title-fr" lang="fr" />
        <TextField name="titleAr" label={t('activities.campaigns.titleAr')} required testId="campaign-title-ar" lang="ar" dir="rtl" />
      </SimpleGrid>
      <TextField name="theme" label={t('activities.campaigns.theme')} required testId="campaign-theme" />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MultiSelectField name="audiences" label={t('activities.campaigns.audiences')} required options={CAMPAIGN_AUDIENCES.map((x) => ({ value: x, label: t(`activities.audiences.${x}`) }))} testId="campaign-audiences" />
        <MultiSelectField name="channels" label={t('activities.campaigns.channels')} required options={CAMPAIGN_CHANNELS.map((x) => ({ value: x, label: t(`activities.channels.${x}`) }))} testId="campaign-channels" />
        <MultiSelectField name="regions" label={t('activities.campaigns.regions')} required options={ref.regions} testId="campaign-regions" />
        <MultiSelectField name="languages" label={t('activities.campaigns.languages')} required options={ref.languages} testId="campaign-languages" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <DateField name="startOn" label={t('activities.startOn')} required testId="campaign-start" />
        <DateField name="endOn" label={t('activities.endOn')} testId="campaign-end" />
        <SelectField name="status" label={t('activities.status')} required options={CAMPAIGN_STATUSES.map((x) => ({ value: x, label: t(`activities.campaignStatuses.${x}`) }))} testId="campaign-status-field" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectField name="organiserId" label={t('activities.organiser')} required options={all.filter((o) => secretariat || o.value === session?.user.organisation.id)} testId="campaign-organiser" />
        <MultiSelectField name="partnerIds" label={t('activities.campaigns.partners')} options={all} testId="campaign-partners" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberField name="peopleReached" label={t('activities.campaigns.peopleReached')} description={t('activities.campaigns.peopleReachedHelp')} min={0} testId="campaign-reached" />
        <TextField name="actionId" label={t('activities.campaigns.actionId')} description={t('activities.campaigns.actionIdHelp')} testId="campaign-action" />
      </SimpleGrid>
      <TextareaField name="description" label={t('activities.description')} description={t('activities.descriptionHelp')} testId="campaign-description" />
    </Editor>
  );
}

export function CampaignsTab({ canCreate }: { canCreate: boolean }) {
  const { t, i18n } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  const num = useNumber();
  const [filters, setFilters] = useState<TFilters>({});
  const [editing, setEditing] = useState<TCampaign | 'new' | null>(null);
  const list = useActivityList('campaigns', filters);
  const ar = i18n.language === 'ar';
  return (
    <Stack>
      <Filters value={filters} onChange={setFilters} region statuses={CAMPAIGN_STATUSES.map((x) => ({ value: x, label: t(`activities.campaignStatuses.${x}`) }))} testId="campaign-filters" />
      {canCreate && editing === null && <Group><Button onClick={() => setEditing('new')} data-testid="campaign-new">{t('activities.campaigns.new')}</Button></Group>}
      {editing !== null && (
        <CampaignEditor key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`} campaign={editing === 'new' ? null : editing} onDone={() => setEditing(null)}
          reloading={list.isFetching} onReload={() => void list.refetch().then((r) => setEditing((e) => (e === 'new' || e === null ? e : r.data?.find((x) => x.id === e.id) ?? null)))} />
      )}
      <section aria-labelledby="campaigns-list-title">
        <Title order={2} size="h4" id="campaigns-list-title" mb="xs">{t('activities.campaigns.listTitle', { n: list.data?.length ?? 0 })}</Title>
        {list.isPending ? <Loading /> : list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.length === 0 ? (
          <Text data-testid="campaigns-empty">{t('activities.empty')}</Text>
        ) : (
          <Stack gap="md">
            {list.data.map((x) => (
              <RecordCard key={x.id} id={x.id} testId="campaign" title={<span lang={ar ? 'ar' : 'fr'}>{ar ? x.titleAr : x.titleFr}</span>} status={t(`activities.campaignStatuses.${x.status}`)}
                statusColor={x.status === 'completed' ? '#1f6f3a' : x.status === 'cancelled' ? 'gray.8' : 'blue.9'}
                editLabel={t('activities.editNamed', { name: ar ? x.titleAr : x.titleFr })} onEdit={x.canEdit ? () => setEditing(x) : undefined}>
                <Line label={t('activities.campaigns.theme')}>{x.theme}</Line>
                <Line label={t('activities.dates')}>{x.endOn ? t('activities.fromTo', { from: fmt.date(x.startOn), to: fmt.date(x.endOn) }) : t('activities.since', { from: fmt.date(x.startOn) })}</Line>
                <Line label={t('activities.organiser')}>{fmt.list([x.organiser.name, ...x.partners.map((p) => p.name)])}</Line>
                <Line label={t('activities.campaigns.audiences')}>{fmt.list(x.audiences.map((a) => t(`activities.audiences.${a}`)))}</Line>
                <Line label={t('activities.campaigns.channels')}>{fmt.list(x.channels.map((a) => t(`activities.channels.${a}`)))}</Line>
                <Line label={t('activities.campaigns.regions')}>{fmt.list(x.regions.map((r) => ref.region(r)))}</Line>
                <Line label={t('activities.campaigns.peopleReached')}>{x.peopleReached === null ? t('activities.notEstimated') : num(x.peopleReached)}</Line>
                {x.description && <Text size="sm" dir="auto">{x.description}</Text>}
              </RecordCard>
            ))}
          </Stack>
        )}
      </section>
    </Stack>
  );
}
