import { useMemo, useState } from 'react';
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_TYPES } from '../../../contract/common';
import { ZOrganisationCreate, ZOrganisationUpdate, type TOrganisation } from '../../../contract/organisations';
import { isApiError } from '../../app/api';
import { useReference } from '../../app/reference';
import { ConfirmDialog, Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { applyServerFieldErrors } from '../../ui/errors';
import { CheckboxField, contractResolver, SelectField, TextField } from '../../ui/form';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useCreateOrganisation, useOrganisations, useUpdateOrganisation, type TOrganisationCreate, type TOrganisationUpdate } from './api';

interface TOrgDraft {
  name: string;
  type: string;
  regionCode: string;
  active: boolean;
}

function draftOf(o?: TOrganisation): TOrgDraft {
  return { name: o?.name ?? '', type: o?.type ?? '', regionCode: o?.regionCode ?? '', active: o?.active ?? true };
}

function createBody(d: TOrgDraft) {
  return { name: d.name, type: d.type || undefined, regionCode: d.regionCode || null, active: d.active };
}

function updateBody(d: TOrgDraft, o: TOrganisation) {
  const body: Record<string, unknown> = { version: o.version };
  if (d.name !== o.name) body.name = d.name;
  if (d.type !== o.type) body.type = d.type || undefined;
  if ((d.regionCode || null) !== o.regionCode) body.regionCode = d.regionCode || null;
  if (d.active !== o.active) body.active = d.active;
  return body;
}

function OrganisationForm({ organisation, onDone }: { organisation?: TOrganisation; onDone: () => void }) {
  const { t } = useTranslation();
  const ref = useReference();
  const create = useCreateOrganisation();
  const update = useUpdateOrganisation();
  const mutation = organisation ? update : create;
  const resolver = useMemo(
    () =>
      organisation
        ? contractResolver<TOrgDraft, unknown>(ZOrganisationUpdate, (d) => updateBody(d, organisation))
        : contractResolver<TOrgDraft, unknown>(ZOrganisationCreate, createBody),
    [organisation],
  );
  const form = useForm<TOrgDraft, unknown, unknown>({ resolver, defaultValues: draftOf(organisation) });
  const typeOptions = ORGANISATION_TYPES.map((ty) => ({ value: ty, label: t(`organisationTypes.${ty}`) }));

  const submit = form.handleSubmit(async (body) => {
    try {
      if (organisation) await update.mutateAsync({ id: organisation.id, body: body as TOrganisationUpdate });
      else await create.mutateAsync(body as TOrganisationCreate);
      notifySuccess(t('admin.organisations.saved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={(e) => void submit(e)} data-testid="organisation-form">
        <Stack>
          <TextField name="name" label={t('admin.organisations.name')} required testId="organisation-name" />
          <SelectField name="type" label={t('admin.organisations.type')} required options={typeOptions} testId="organisation-type" />
          <SelectField name="regionCode" label={t('admin.organisations.region')} options={ref.regions} placeholder={t('admin.organisations.national')} testId="organisation-region" />
          <CheckboxField name="active" label={t('admin.organisations.active')} testId="organisation-active" />
          <ErrorAlert error={mutation.error} />
          {isApiError(mutation.error) && mutation.error.code === 'VERSION_CONFLICT' && <Text size="sm">{t('conflict.closeAndRetry')}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="organisation-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}

export default function OrganisationsPage() {
  const { t } = useTranslation();
  const ref = useReference();
  const orgs = useOrganisations();
  const update = useUpdateOrganisation();
  const [editing, setEditing] = useState<TOrganisation | 'new' | null>(null);
  const [toggling, setToggling] = useState<TOrganisation | null>(null);
  useDocumentTitle(t('admin.organisations.title'));

  const toggle = async (o: TOrganisation) => {
    try {
      await update.mutateAsync({ id: o.id, body: { version: o.version, active: !o.active } });
      notifySuccess(o.active ? t('admin.organisations.deactivated', { name: o.name }) : t('admin.organisations.activated', { name: o.name }));
      setToggling(null);
    } catch {
      // shown in the dialog
    }
  };

  return (
    <Stack>
      <PageHeader
        title={t('admin.organisations.title')}
        actions={
          <Button onClick={() => setEditing('new')} data-testid="organisation-create">
            {t('admin.organisations.create')}
          </Button>
        }
      />
      <ErrorAlert error={orgs.error} onRetry={() => void orgs.refetch()} />
      {orgs.isPending ? (
        <Loading />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="sm" data-testid="organisations-table">
            <Table.Caption className="visually-hidden">{t('admin.organisations.title')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('admin.organisations.name')}</Table.Th>
                <Table.Th scope="col">{t('admin.organisations.type')}</Table.Th>
                <Table.Th scope="col">{t('admin.organisations.region')}</Table.Th>
                <Table.Th scope="col">{t('admin.organisations.status')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(orgs.data ?? []).map((o) => (
                <Table.Tr key={o.id} data-testid="organisation-row">
                  <Table.Td fw={600}>{o.name}</Table.Td>
                  <Table.Td>{t(`organisationTypes.${o.type}`)}</Table.Td>
                  <Table.Td>{o.regionCode ? ref.region(o.regionCode) : t('admin.organisations.national')}</Table.Td>
                  <Table.Td>
                    <Badge color={o.active ? '#237032' : 'gray.8'} variant="filled" tt="none">
                      {o.active ? t('admin.status.active') : t('admin.status.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="outline" onClick={() => setEditing(o)} aria-label={t('admin.organisations.editNamed', { name: o.name })}>
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color={o.active ? '#c92a2a' : '#237032'}
                        onClick={() => (o.active ? setToggling(o) : void toggle(o))}
                        aria-label={o.active ? t('admin.organisations.deactivateNamed', { name: o.name }) : t('admin.organisations.activateNamed', { name: o.name })}
                        data-testid="organisation-toggle"
                      >
                        {o.active ? t('admin.organisations.deactivate') : t('admin.organisations.activate')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Dialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('admin.organisations.create') : t('admin.organisations.edit')}
        testId="organisation-dialog"
      >
        {editing !== null && <OrganisationForm key={editing === 'new' ? 'new' : editing.id} organisation={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </Dialog>
      <ConfirmDialog
        opened={toggling !== null}
        onClose={() => {
          setToggling(null);
          update.reset();
        }}
        onConfirm={() => toggling && void toggle(toggling)}
        title={t('admin.organisations.deactivateTitle')}
        body={
          <Stack gap="sm">
            <Text>{t('admin.organisations.deactivateBody', { name: toggling?.name ?? '' })}</Text>
            <ErrorAlert error={update.error} />
          </Stack>
        }
        confirmLabel={t('admin.organisations.deactivate')}
        pending={update.isPending}
        testId="organisation-deactivate-dialog"
      />
    </Stack>
  );
}
