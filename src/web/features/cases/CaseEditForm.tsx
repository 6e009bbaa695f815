import { useMemo, useState } from 'react';
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ZCaseUpdate } from '../../../contract/cases';
import { isApiError } from '../../app/api';
import { useReference } from '../../app/reference';
import { ConflictAlert, ReloadedNotice } from '../../ui/conflict';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, SelectField } from '../../ui/form';
import { useOrganisations } from '../admin/api';
import { useAssignableUsers, useCase, useUpdateCase } from './api';
import { IdentificationFields, NarrativeFields, PlacesEditor, SituationFields } from './CaseFields';
import { changedFields, draftFromCase, same, type TCaseDraft } from './caseDraft';
import { StoryDetailsFields } from './StoryDetails';
import type { TCaseDetail, TCaseUpdateOutput } from './types';

export function CaseEditForm({ caseDetail, onDone }: { caseDetail: TCaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const ref = useReference();
  const [base, setBase] = useState<TCaseDetail>(caseDetail);
  const [conflict, setConflict] = useState(false);
  const [reloadedChanges, setReloadedChanges] = useState<string[] | null>(null);
  const [nothing, setNothing] = useState(false);
  const update = useUpdateCase(caseDetail.id);
  const latest = useCase(caseDetail.id);
  const organisations = useOrganisations();
  const assignable = useAssignableUsers(caseDetail.abilities.assign);

  const resolver = useMemo(
    () => contractResolver<TCaseDraft, TCaseUpdateOutput>(ZCaseUpdate, (draft) => ({ version: base.version, ...changedFields(draft, base) })),
    [base],
  );
  const form = useForm<TCaseDraft, unknown, TCaseUpdateOutput>({ resolver, defaultValues: draftFromCase(caseDetail) });

  const orgOptions = (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name }));
  const userOptions = (assignable.data ?? []).map((u) => ({ value: u.id, label: u.displayName }));
  if (base.assignedUser && !userOptions.some((o) => o.value === base.assignedUser?.id)) {
    userOptions.unshift({ value: base.assignedUser.id, label: base.assignedUser.name });
  }

  const submit = form.handleSubmit(async (patch) => {
    setNothing(false);
    if (Object.keys(patch).length <= 1) {
      setNothing(true);
      return;
    }
    try {
      await update.mutateAsync(patch);
      notifySuccess(t('cases.edit.saved'));
      onDone();
    } catch (e) {
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') setConflict(true);
      else applyServerFieldErrors(e, form.setError);
    }
  });

  const reload = async () => {
    const fresh = await latest.refetch();
    if (!fresh.data) return;
    const before = draftFromCase(base);
    const after = draftFromCase(fresh.data);
    const typed = form.getValues();
    const keys = Object.keys(after) as (keyof TCaseDraft)[];
    // keep what the person changed; take the latest saved value for everything else
    const merged = Object.fromEntries(keys.map((k) => [k, same(typed[k], before[k]) ? after[k] : typed[k]])) as unknown as TCaseDraft;
    setReloadedChanges(keys.filter((k) => !same(before[k], after[k])));
    setBase(fresh.data);
    form.reset(merged);
    setConflict(false);
    update.reset();
  };

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="case-edit-title" data-testid="case-edit-form">
      <Title order={2} size="h3" id="case-edit-title" mb="md">
        {t('cases.edit.title')}
      </Title>
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="xl">
            {conflict && <ConflictAlert onReload={() => void reload()} reloading={latest.isFetching} />}
            {reloadedChanges && !conflict && <ReloadedNotice fields={reloadedChanges} />}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <SelectField name="status" label={t('fields.status')} required options={ref.list('caseStatuses')} testId="edit-status" />
              <SelectField name="stage" label={t('fields.stage')} required options={ref.list('caseStages')} testId="edit-stage" />
              {base.abilities.assign && (
                <SelectField
                  name="assignedUserId"
                  label={t('fields.assignedUserId')}
                  options={userOptions}
                  placeholder={t('cases.form.notAssigned')}
                  testId="edit-assigned-user"
                />
              )}
            </SimpleGrid>
            <SituationFields />
            <IdentificationFields organisations={orgOptions} withStage={false} />
            <div>
              <Title order={3} size="h4" mb="xs">
                {t('cases.places.title')}
              </Title>
              <PlacesEditor />
            </div>
            <NarrativeFields withStory={base.story !== undefined} />
            {base.journey !== undefined && <StoryDetailsFields />}
            {nothing && (
              <Alert color="blue" variant="light" data-testid="nothing-changed">
                {t('cases.edit.nothingChanged')}
              </Alert>
            )}
            {!conflict && <ErrorAlert error={update.error && !(isApiError(update.error) && update.error.code === 'VERSION_CONFLICT') ? update.error : null} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={onDone} data-testid="edit-cancel">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={update.isPending} data-testid="edit-save">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Paper>
  );
}
