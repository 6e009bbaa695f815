import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Group, List, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { FormProvider, useForm, type FieldErrors } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ZCaseCreate } from '../../../contract/cases';
import { useSession } from '../../app/auth';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, SelectField } from '../../ui/form';
import { PageHeader, useDocumentTitle } from '../../ui/Page';
import { LeaveGuard, StepHeading } from '../../ui/steps';
import { useOrganisations } from '../admin/api';
import { ContactsEditor, DocumentsEditor, HealthNotesField, PersonIdentityFields, PersonProfileFields } from '../persons/PersonFields';
import { useAssignableUsers, useCreateCase } from './api';
import { IdentificationFields, NarrativeFields, PlacesEditor, SituationFields } from './CaseFields';
import { ReviewStep } from './ReviewStep';
import classes from './CaseRegisterPage.module.css';
import { emptyDraft, errorPaths, prepareRegistration, REVIEW_STEP, STEP_FIELDS, stepOfPath, type TRegistrationDraft } from './registration';
import { StoryDetailsFields } from './StoryDetails';
import type { TCaseCreateOutput } from './types';

export default function CaseRegisterPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const organisations = useOrganisations();
  const assignable = useAssignableUsers();
  const create = useCreateCase();
  const [active, setActive] = useState(0);
  const [highest, setHighest] = useState(0);
  const [unmatched, setUnmatched] = useState<string[]>([]);
  const savedRef = useRef(false);
  useDocumentTitle(t('cases.register.title'));

  const form = useForm<TRegistrationDraft, unknown, TCaseCreateOutput>({
    resolver: contractResolver<TRegistrationDraft, TCaseCreateOutput>(ZCaseCreate, prepareRegistration),
    defaultValues: emptyDraft(session.user.organisation.id),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  const orgOptions = useMemo(
    () => (organisations.data ?? []).filter((o) => o.active || o.id === session.user.organisation.id).map((o) => ({ value: o.id, label: o.name })),
    [organisations.data, session.user.organisation.id],
  );
  const userOptions = useMemo(() => (assignable.data ?? []).map((u) => ({ value: u.id, label: u.displayName })), [assignable.data]);

  const goTo = (step: number) => {
    setActive(step);
    setHighest((h) => Math.max(h, step));
  };

  const next = async () => {
    const fields = STEP_FIELDS[active];
    const ok = fields ? await form.trigger(fields as never, { shouldFocus: true }) : true;
    if (ok) goTo(active + 1);
  };

  const onInvalid = (errors: FieldErrors<TRegistrationDraft>) => {
    const paths = errorPaths(errors as FieldErrors);
    if (paths.length) setActive(Math.min(...paths.map(stepOfPath)));
  };

  const save = form.handleSubmit(async (data) => {
    setUnmatched([]);
    try {
      const created = await create.mutateAsync(data);
      savedRef.current = true;
      notifySuccess(t('cases.register.saved', { reference: created.reference }));
      navigate(`/cases/${created.id}`);
    } catch (e) {
      const { applied, unmatched: rest } = applyServerFieldErrors(e, form.setError);
      setUnmatched(rest);
      if (applied.length) setActive(Math.min(...applied.map(stepOfPath)));
    }
  }, onInvalid);

  const steps = [
    { label: t('cases.register.steps.person'), description: t('cases.register.steps.personHint') },
    { label: t('cases.register.steps.contacts'), description: t('cases.register.steps.contactsHint') },
    { label: t('cases.register.steps.situation'), description: t('cases.register.steps.situationHint') },
    { label: t('cases.register.steps.story'), description: t('cases.register.steps.storyHint') },
    { label: t('cases.register.steps.review'), description: t('cases.register.steps.reviewHint') },
  ];

  return (
    <Stack>
      <PageHeader title={t('cases.register.title')}>
        <Text>{t('cases.register.intro')}</Text>
      </PageHeader>
      <LeaveGuard
        when={form.formState.isDirty}
        savedRef={savedRef}
        title={t('cases.register.leaveTitle')}
        body={t('cases.register.leaveBody')}
        stayLabel={t('cases.register.leaveStay')}
        leaveLabel={t('cases.register.leaveConfirm')}
      />
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => e.preventDefault()} aria-label={t('cases.register.title')}>
          <Stepper
            active={active}
            onStepClick={(s) => (s <= highest ? setActive(s) : undefined)}
            size="sm"
            classNames={{ stepBody: classes.stepBody, steps: classes.steps }}
            data-testid="case-stepper"
          >
            {steps.map((s, i) => (
              <Stepper.Step key={s.label} label={s.label} description={s.description} aria-label={s.label} allowStepSelect={i <= highest} />
            ))}
          </Stepper>
          <Text size="sm" c="dimmed" mt="sm" aria-live="polite" data-testid="step-counter">
            {t('cases.register.stepOf', { n: active + 1, total: steps.length, label: steps[active]?.label ?? '' })}
          </Text>

          <Paper withBorder p={{ base: 'md', sm: 'lg' }} mt="md">
            {active === 0 && (
              <section>
                <StepHeading title={t('cases.register.steps.person')} intro={t('cases.register.personIntro')} focus={highest > 0} />
                <Stack gap="xl">
                  <PersonIdentityFields prefix="person." />
                  <PersonProfileFields prefix="person." />
                </Stack>
              </section>
            )}
            {active === 1 && (
              <section>
                <StepHeading title={t('cases.register.steps.contacts')} intro={t('cases.register.contactsIntro')} />
                <Stack gap="xl">
                  <div>
                    <Title order={3} size="h4" mb="xs">
                      {t('persons.contacts.title')}
                    </Title>
                    <ContactsEditor prefix="person." />
                  </div>
                  <div>
                    <Title order={3} size="h4" mb="xs">
                      {t('persons.documents.title')}
                    </Title>
                    <DocumentsEditor prefix="person." />
                  </div>
                </Stack>
              </section>
            )}
            {active === 2 && (
              <section>
                <StepHeading title={t('cases.register.steps.situation')} intro={t('cases.register.situationIntro')} />
                <Stack gap="xl">
                  <SituationFields />
                  <IdentificationFields organisations={orgOptions} />
                  <div>
                    <Title order={3} size="h4" mb="xs">
                      {t('cases.places.title')}
                    </Title>
                    <PlacesEditor />
                  </div>
                </Stack>
              </section>
            )}
            {active === 3 && (
              <section>
                <StepHeading title={t('cases.register.steps.story')} intro={t('cases.register.storyIntro')} />
                <Stack gap="xl">
                  <NarrativeFields />
                  <StoryDetailsFields />
                  <HealthNotesField prefix="person." />
                  <SelectField
                    name="assignedUserId"
                    label={t('fields.assignedUserId')}
                    description={t('cases.form.assignedHelp')}
                    options={userOptions}
                    placeholder={t('cases.form.notAssigned')}
                    testId="case-assigned-user"
                  />
                </Stack>
              </section>
            )}
            {active === REVIEW_STEP && (
              <section>
                <StepHeading title={t('cases.register.steps.review')} intro={t('cases.register.reviewIntro')} />
                <ReviewStep onEdit={setActive} organisations={orgOptions} users={userOptions} />
              </section>
            )}
          </Paper>

          {(create.error || unmatched.length > 0) && (
            <Stack mt="md" gap="xs">
              <ErrorAlert error={create.error} />
              {unmatched.length > 0 && (
                <Alert color="red" variant="light">
                  <List size="sm">
                    {unmatched.map((m) => (
                      <List.Item key={m}>{m}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
            </Stack>
          )}

          <Group justify="space-between" mt="lg">
            <Button variant="default" onClick={() => setActive((a) => Math.max(0, a - 1))} disabled={active === 0} data-testid="stepper-back">
              {t('common.back')}
            </Button>
            {active < REVIEW_STEP ? (
              <Button onClick={() => void next()} data-testid="stepper-next">
                {t('common.next')}
              </Button>
            ) : (
              <Button color="#237032" onClick={() => void save()} loading={create.isPending} data-testid="stepper-save">
                {t('cases.register.save')}
              </Button>
            )}
          </Group>
        </form>
      </FormProvider>
    </Stack>
  );
}
