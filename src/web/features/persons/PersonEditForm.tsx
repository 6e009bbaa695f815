import { useMemo, useState } from 'react';
import { Button, Group, Paper, Stack, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ZPersonUpdate, type TPersonView } from '../../../contract/persons';
import { isApiError } from '../../app/api';
import { ConflictAlert, ReloadedNotice } from '../../ui/conflict';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver } from '../../ui/form';
import { usePerson, useUpdatePerson, type TPersonUpdate } from './api';
import { draftFromPerson, personPatch, same, type TPersonDraft } from './personDraft';
import { ContactsEditor, DocumentsEditor, HealthNotesField, PersonIdentityFields, PersonProfileFields } from './PersonFields';

export function PersonEditForm({ person, onDone }: { person: TPersonView; onDone: () => void }) {
  const { t } = useTranslation();
  const [base, setBase] = useState<TPersonView>(person);
  const [conflict, setConflict] = useState(false);
  const [reloadedChanges, setReloadedChanges] = useState<string[] | null>(null);
  const update = useUpdatePerson(person.id);
  const latest = usePerson(person.id);
  const resolver = useMemo(() => contractResolver<TPersonDraft, unknown>(ZPersonUpdate, (d) => personPatch(d, base)), [base]);
  const form = useForm<TPersonDraft, unknown, unknown>({ resolver, defaultValues: draftFromPerson(person) });

  // The resolver only validates; the body sent is built from the form so absent keys are never defaulted.
  const submit = form.handleSubmit(async () => {
    try {
      await update.mutateAsync(personPatch(form.getValues(), base) as TPersonUpdate);
      notifySuccess(t('persons.edit.saved'));
      onDone();
    } catch (e) {
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') setConflict(true);
      else applyServerFieldErrors(e, form.setError);
    }
  });

  const reload = async () => {
    const fresh = await latest.refetch();
    if (!fresh.data) return;
    const before = draftFromPerson(base);
    const after = draftFromPerson(fresh.data.person);
    const typed = form.getValues();
    const keys = Object.keys(after) as (keyof TPersonDraft)[];
    // keep what the person changed; take the latest saved value for everything else
    const merged = Object.fromEntries(keys.map((k) => [k, same(typed[k], before[k]) ? after[k] : typed[k]])) as unknown as TPersonDraft;
    setReloadedChanges(keys.filter((k) => !same(before[k], after[k])));
    setBase(fresh.data.person);
    form.reset(merged);
    setConflict(false);
    update.reset();
  };

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="person-edit-title" data-testid="person-edit-form">
      <Title order={2} size="h3" id="person-edit-title" mb="md">
        {t('persons.edit.title')}
      </Title>
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="xl">
            {conflict && <ConflictAlert onReload={() => void reload()} reloading={latest.isFetching} />}
            {reloadedChanges && !conflict && <ReloadedNotice fields={reloadedChanges} />}
            {base.identity && <PersonIdentityFields />}
            <PersonProfileFields />
            {base.healthNotes !== undefined && <HealthNotesField />}
            {base.contacts !== undefined && (
              <div>
                <Title order={3} size="h4" mb="xs">
                  {t('persons.contacts.title')}
                </Title>
                <ContactsEditor />
              </div>
            )}
            {base.identityDocuments !== undefined && (
              <div>
                <Title order={3} size="h4" mb="xs">
                  {t('persons.documents.title')}
                </Title>
                <DocumentsEditor />
              </div>
            )}
            {!conflict && <ErrorAlert error={update.error && !(isApiError(update.error) && update.error.code === 'VERSION_CONFLICT') ? update.error : null} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={onDone} data-testid="person-edit-cancel">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={update.isPending} data-testid="person-edit-save">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Paper>
  );
}
