/** Partnership agreements (MoUs): parties on the platform and external ones, dates, pillars; expiry is derived. */
import { useState } from 'react';
import { ActionIcon, Anchor, Button, FileInput, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { Controller, get, useFieldArray, useForm, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { AGREEMENT_DOCUMENT_MAX_BYTES, AGREEMENT_DOCUMENT_MIME_TYPES, AGREEMENT_RECORDED_STATUSES, AGREEMENT_STATUSES, PILLARS, ZAgreementCreate, type TAgreement } from '../../../contract/activities';
import { useReference } from '../../app/reference';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrorText } from '../../ui/errors';
import { contractResolver, DateField, MultiSelectField, SearchSelectField, SelectField, TextareaField, TextField } from '../../ui/form';
import { Loading } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useOrganisations } from '../admin/api';
import { notifySuccess } from '../../ui/notify';
import { agreementDocumentUrl, useActivityList, useSaveActivity, useUploadAgreementDocument, type TFilters } from './api';
import { Editor, Filters, Line, prepare, RecordCard } from './shared';

interface TDraft {
  title: string; organisations: string[]; external: { externalName: string; countryCode: string }[]; signedOn: string; effectiveFrom: string; effectiveTo: string;
  pillars: string[]; status: string; description: string;
}

const draftOf = (a: TAgreement | null): TDraft => ({
  title: a?.title ?? '', organisations: a?.parties.flatMap((p) => (p.organisation ? [p.organisation.id] : [])) ?? [],
  external: a?.parties.flatMap((p) => (p.organisation ? [] : [{ externalName: p.externalName ?? '', countryCode: p.countryCode ?? '' }])) ?? [],
  signedOn: a?.signedOn ?? '', effectiveFrom: a?.effectiveFrom ?? '', effectiveTo: a?.effectiveTo ?? '', pillars: a?.pillars ?? [], status: a?.recordedStatus ?? 'draft', description: a?.description ?? '',
});

function toBody(v: TDraft): Record<string, unknown> {
  const { organisations, external, ...rest } = v;
  const parties = [
    ...organisations.map((organisationId) => ({ organisationId })),
    ...external.filter((e) => e.externalName.trim() || e.countryCode).map((e) => ({ externalName: e.externalName.trim(), countryCode: e.countryCode })),
  ];
  return { ...prepare(rest, ['signedOn', 'effectiveFrom', 'effectiveTo', 'description']), parties };
}

function ExternalParties() {
  const { t } = useTranslation();
  const ref = useReference();
  const { control, formState } = useFormContext<TDraft>();
  const { fields, append, remove } = useFieldArray({ control, name: 'external' });
  const error = fieldErrorText(get(formState.errors, 'parties'));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>{t('activities.agreements.external')}</Text>
      {fields.map((f, i) => (
        <Group key={f.id} align="flex-end" wrap="nowrap">
          <Controller control={control} name={`external.${i}.externalName`} render={({ field }) => (
            <TextInput {...field} label={t('activities.agreements.externalName', { n: i + 1 })} style={{ flex: 1 }} data-testid={`agreement-external-${i}-name`} />
          )} />
          <SearchSelectField name={`external.${i}.countryCode`} label={t('activities.agreements.country', { n: i + 1 })} options={ref.countries} testId={`agreement-external-${i}-country`} />
          <ActionIcon variant="default" size="lg" onClick={() => remove(i)} aria-label={t('activities.agreements.removeExternal', { n: i + 1 })}>×</ActionIcon>
        </Group>
      ))}
      <Group><Button size="xs" variant="default" onClick={() => append({ externalName: '', countryCode: '' })} data-testid="agreement-external-add">{t('activities.agreements.addExternal')}</Button></Group>
      {error && <Text c="red.8" size="sm" role="alert">{error}</Text>}
    </Stack>
  );
}

function AgreementEditor({ agreement, onDone, onReload, reloading }: { agreement: TAgreement | null; onDone: () => void; onReload: () => void; reloading: boolean }) {
  const { t } = useTranslation();
  const orgs = useOrganisations();
  const save = useSaveActivity('agreements');
  const form = useForm<TDraft, unknown, Record<string, unknown>>({
    resolver: contractResolver<TDraft, Record<string, unknown>>(ZAgreementCreate as unknown as z.ZodType<Record<string, unknown>>, (v) => toBody(v)),
    defaultValues: draftOf(agreement),
  });
  return (
    <Editor form={form} id="agreement-editor" testId="agreement-form" title={agreement ? t('activities.agreements.editTitle') : t('activities.agreements.newTitle')} saving={save.isPending} error={save.error}
      onCancel={onDone} onReload={onReload} reloading={reloading}
      onSubmit={async (body) => { await save.mutateAsync(agreement ? { id: agreement.id, body: { version: agreement.version, ...body } } : { body }); onDone(); }}>
      <TextField name="title" label={t('activities.agreements.title')} required testId="agreement-title" />
      <MultiSelectField name="organisations" label={t('activities.agreements.organisations')} options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} testId="agreement-organisations" />
      <ExternalParties />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <DateField name="signedOn" label={t('activities.agreements.signedOn')} testId="agreement-signed" />
        <DateField name="effectiveFrom" label={t('activities.agreements.effectiveFrom')} testId="agreement-from" />
        <DateField name="effectiveTo" label={t('activities.agreements.effectiveTo')} testId="agreement-to" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MultiSelectField name="pillars" label={t('activities.agreements.pillars')} required options={PILLARS.map((x) => ({ value: x, label: t(`activities.pillars.${x}`) }))} testId="agreement-pillars" />
        <SelectField name="status" label={t('activities.status')} description={t('activities.agreements.statusHelp')} required
          options={AGREEMENT_RECORDED_STATUSES.map((x) => ({ value: x, label: t(`activities.agreementStatuses.${x}`) }))} testId="agreement-status-field" />
      </SimpleGrid>
      <TextareaField name="description" label={t('activities.description')} description={t('activities.descriptionHelp')} testId="agreement-description" />
    </Editor>
  );
}

/** The signed document: a download link for whoever sees the agreement, an upload for the secretariat. */
function AgreementDocument({ agreement }: { agreement: TAgreement }) {
  const { t } = useTranslation();
  const upload = useUploadAgreementDocument(agreement.id);
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const choose = (f: File | null) => {
    upload.reset();
    setFile(f);
    setLocalError(f && (!(AGREEMENT_DOCUMENT_MIME_TYPES as readonly string[]).includes(f.type) || f.size > AGREEMENT_DOCUMENT_MAX_BYTES) ? t('activities.agreements.uploadHelp') : null);
  };
  const send = () => {
    if (!file || localError) return;
    upload.mutate(file, { onSuccess: () => { setFile(null); notifySuccess(t('activities.agreements.uploaded')); } });
  };
  return (
    <Stack gap={4}>
      <Line label={t('activities.agreements.document')}>
        {agreement.document ? (
          <Anchor href={agreementDocumentUrl(agreement.id)} download={agreement.document.fileName} data-testid="agreement-document-download">
            {t('activities.agreements.download', { name: agreement.document.fileName })}
          </Anchor>
        ) : t('activities.agreements.noDocument')}
      </Line>
      {agreement.canEdit && (
        <Group align="flex-end" gap="sm" wrap="wrap">
          <FileInput label={agreement.document ? t('activities.agreements.replace') : t('activities.agreements.upload')} description={t('activities.agreements.uploadHelp')}
            accept={AGREEMENT_DOCUMENT_MIME_TYPES.join(',')} value={file} onChange={choose} clearable error={localError} style={{ flex: '1 1 260px' }} data-testid="agreement-document-input" />
          <Button size="sm" onClick={send} disabled={!file || !!localError} loading={upload.isPending} data-testid="agreement-document-upload">{t('common.save')}</Button>
        </Group>
      )}
      <ErrorAlert error={upload.error} />
    </Stack>
  );
}

export function AgreementsTab({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  const [filters, setFilters] = useState<TFilters>({});
  const [editing, setEditing] = useState<TAgreement | 'new' | null>(null);
  const list = useActivityList('agreements', filters);
  return (
    <Stack>
      <Filters value={filters} onChange={setFilters} statuses={AGREEMENT_STATUSES.map((x) => ({ value: x, label: t(`activities.agreementStatuses.${x}`) }))} testId="agreement-filters" />
      {canCreate && editing === null && <Group><Button onClick={() => setEditing('new')} data-testid="agreement-new">{t('activities.agreements.new')}</Button></Group>}
      {editing !== null && (
        <AgreementEditor key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`} agreement={editing === 'new' ? null : editing} onDone={() => setEditing(null)}
          reloading={list.isFetching} onReload={() => void list.refetch().then((r) => setEditing((e) => (e === 'new' || e === null ? e : r.data?.find((x) => x.id === e.id) ?? null)))} />
      )}
      <section aria-labelledby="agreements-list-title">
        <Title order={2} size="h4" id="agreements-list-title" mb="xs">{t('activities.agreements.listTitle', { n: list.data?.length ?? 0 })}</Title>
        {list.isPending ? <Loading /> : list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.length === 0 ? (
          <Text data-testid="agreements-empty">{t('activities.empty')}</Text>
        ) : (
          <Stack gap="md">
            {list.data.map((x) => (
              <RecordCard key={x.id} id={x.id} testId="agreement" title={x.title} status={t(`activities.agreementStatuses.${x.status}`)}
                statusColor={x.status === 'in_force' ? '#1f6f3a' : x.status === 'expired' || x.status === 'terminated' ? 'gray.8' : 'blue.9'}
                editLabel={t('activities.editNamed', { name: x.title })} onEdit={x.canEdit ? () => setEditing(x) : undefined}>
                <Line label={t('activities.agreements.parties')}>
                  {fmt.list(x.parties.map((p) => (p.organisation ? p.organisation.name : `${p.externalName ?? ''} (${ref.country(p.countryCode)})`)))}
                </Line>
                {x.signedOn && <Line label={t('activities.agreements.signedOn')}>{fmt.date(x.signedOn)}</Line>}
                {(x.effectiveFrom || x.effectiveTo) && (
                  <Line label={t('activities.agreements.effective')}>
                    {x.effectiveTo ? t('activities.fromTo', { from: fmt.date(x.effectiveFrom ?? x.signedOn), to: fmt.date(x.effectiveTo) }) : t('activities.since', { from: fmt.date(x.effectiveFrom) })}
                  </Line>
                )}
                <Line label={t('activities.agreements.pillars')}>{fmt.list(x.pillars.map((p) => t(`activities.pillars.${p}`)))}</Line>
                {x.description && <Text size="sm" dir="auto">{x.description}</Text>}
                <AgreementDocument agreement={x} />
              </RecordCard>
            ))}
          </Stack>
        )}
      </section>
    </Stack>
  );
}
