/**
 * Case conferences on the case page (managing organisation only): the list of meetings with their
 * participants, minutes and decisions; recording a new one; turning a decision into a care-plan action or
 * into a deadline of one organisation. Being named as a participant gives no access to the case.
 */
import { useMemo, useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ZConferenceCreate, ZDecisionToAction, ZDecisionToTask, type TConference } from '../../../contract/careplans';
import { DataList } from '../../ui/DataList';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, DateField, MultiSelectField, SelectField, TagsField, TextareaField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import type { TCaseDetail } from '../cases/types';
import { useCarePlan, useConferences, useCreateConference, useDecisionToAction, useDecisionToTask } from './api';
import { FormButtons, Panel, todayLocal, useOrganisationOptions } from './CarePlanSection';

type TConferenceDraft = { heldOn: string; participantOrganisationIds: string[]; participantNames: string[]; minutes: string; decisions: string[] };

function ConferenceForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateConference(caseId);
  const options = useOrganisationOptions();
  const [count, setCount] = useState(1);
  type TOut = z.output<typeof ZConferenceCreate>;
  const form = useForm<TConferenceDraft, unknown, TOut>({
    resolver: contractResolver<TConferenceDraft, TOut>(ZConferenceCreate),
    defaultValues: { heldOn: todayLocal(), participantOrganisationIds: [], participantNames: [], minutes: '', decisions: [''] },
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      await create.mutateAsync(body);
      notifySuccess(t('careplans.conference.saved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id="conference-form" title={t('careplans.conference.new')} help={t('careplans.conference.help')} testId="conference-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            <DateField name="heldOn" label={t('careplans.conference.heldOn')} required testId="conference-date" />
            <MultiSelectField
              name="participantOrganisationIds"
              label={t('careplans.conference.organisations')}
              description={t('careplans.conference.organisationsHelp')}
              required
              options={options}
              testId="conference-organisations"
            />
            <TagsField name="participantNames" label={t('careplans.conference.names')} description={t('careplans.conference.namesHelp')} maxTags={50} testId="conference-names" />
            <TextareaField name="minutes" label={t('careplans.conference.minutes')} required minRows={4} testId="conference-minutes" />
            <Stack gap="xs">
              <Title order={4} size="h6">
                {t('careplans.conference.decisions')}
              </Title>
              <Text size="sm">{t('careplans.conference.decisionsHelp')}</Text>
              {Array.from({ length: count }, (_, i) => (
                <TextareaField key={i} name={`decisions.${i}`} label={t('careplans.conference.decisionN', { n: i + 1 })} minRows={1} testId={`conference-decision-${i}`} />
              ))}
              <Group>
                <Button size="xs" variant="outline" onClick={() => setCount((n) => Math.min(n + 1, 30))} data-testid="conference-decision-add">
                  {t('careplans.conference.addDecision')}
                </Button>
              </Group>
            </Stack>
            <FormButtons error={create.error} pending={create.isPending} onCancel={onDone} label={t('careplans.conference.submit')} testId="conference-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

type TToActionDraft = { goalId: string; title: string; responsibleOrganisationId: string; dueOn: string };

function DecisionToActionForm({ caseId, conferenceId, decision, onDone }: { caseId: string; conferenceId: string; decision: { id: string; text: string }; onDone: () => void }) {
  const { t } = useTranslation();
  const mutation = useDecisionToAction(caseId);
  const options = useOrganisationOptions();
  const plan = useCarePlan(caseId);
  const goals = (plan.data?.goals ?? []).map((g) => ({ value: g.id, label: g.text }));
  type TOut = z.output<typeof ZDecisionToAction>;
  const form = useForm<TToActionDraft, unknown, TOut>({
    resolver: contractResolver<TToActionDraft, TOut>(ZDecisionToAction),
    defaultValues: { goalId: '', title: decision.text.slice(0, 500), responsibleOrganisationId: '', dueOn: '' },
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      await mutation.mutateAsync({ ref: { conferenceId, decisionId: decision.id }, body });
      notifySuccess(t('careplans.decision.actionSaved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id={`decision-action-${decision.id}`} title={t('careplans.decision.toActionTitle')} help={t('careplans.decision.toActionHelp')} testId="decision-action-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <TextareaField name="title" label={t('careplans.action.title')} minRows={1} testId="decision-action-title" />
            <SelectField name="responsibleOrganisationId" label={t('careplans.action.responsible')} required options={options} testId="decision-action-responsible" />
            <DateField name="dueOn" label={t('careplans.action.dueOn')} description={t('careplans.action.dueOnHelp')} testId="decision-action-due" />
            {goals.length > 0 && <SelectField name="goalId" label={t('careplans.decision.goal')} options={goals} placeholder={t('careplans.decision.noGoal')} testId="decision-action-goal" />}
            <FormButtons error={mutation.error} pending={mutation.isPending} onCancel={onDone} label={t('careplans.decision.toActionSubmit')} testId="decision-action-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

type TToTaskDraft = { assigneeOrganisationId: string; dueOn: string };

function DecisionToTaskForm({ caseId, conferenceId, decisionId, onDone }: { caseId: string; conferenceId: string; decisionId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const mutation = useDecisionToTask(caseId);
  const options = useOrganisationOptions();
  type TOut = z.output<typeof ZDecisionToTask>;
  const form = useForm<TToTaskDraft, unknown, TOut>({ resolver: contractResolver<TToTaskDraft, TOut>(ZDecisionToTask), defaultValues: { assigneeOrganisationId: '', dueOn: '' } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await mutation.mutateAsync({ ref: { conferenceId, decisionId }, body });
      notifySuccess(t('careplans.decision.taskSaved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id={`decision-task-${decisionId}`} title={t('careplans.decision.toTaskTitle')} help={t('careplans.decision.toTaskHelp')} testId="decision-task-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <SelectField name="assigneeOrganisationId" label={t('careplans.decision.assignee')} required options={options} testId="decision-task-organisation" />
            <DateField name="dueOn" label={t('careplans.action.dueOn')} required testId="decision-task-due" />
            <FormButtons error={mutation.error} pending={mutation.isPending} onCancel={onDone} label={t('careplans.decision.toTaskSubmit')} testId="decision-task-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function Decision({ k, d, n, canRecord, caseId }: { k: TConference; d: TConference['decisions'][number]; n: number; canRecord: boolean; caseId: string }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'action' | 'task' | null>(null);
  const done = d.actionId ? 'action' : d.taskId ? 'task' : null;
  return (
    <Paper withBorder p="sm" component="li" data-testid="conference-decision" data-outcome={done ?? 'none'}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Text style={{ whiteSpace: 'pre-wrap' }}>
            <Text span fw={600}>
              {t('careplans.conference.decisionN', { n })}
              {t('history.colon')}
            </Text>
            {d.text}
          </Text>
          {done && (
            <Badge color="#237032" variant="filled" tt="none" data-testid="decision-outcome">
              {t(`careplans.decision.became.${done}`)}
            </Badge>
          )}
        </Group>
        {canRecord && !done && !mode && (
          <Group gap="xs">
            <Button size="xs" variant="outline" onClick={() => setMode('action')} data-testid="decision-to-action">
              {t('careplans.decision.toAction')}
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setMode('task')} data-testid="decision-to-task">
              {t('careplans.decision.toTask')}
            </Button>
          </Group>
        )}
        {mode === 'action' && <DecisionToActionForm caseId={caseId} conferenceId={k.id} decision={d} onDone={() => setMode(null)} />}
        {mode === 'task' && <DecisionToTaskForm caseId={caseId} conferenceId={k.id} decisionId={d.id} onDone={() => setMode(null)} />}
      </Stack>
    </Paper>
  );
}

function ConferenceItem({ k, canRecord, caseId }: { k: TConference; canRecord: boolean; caseId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const organisations = useMemo(() => fmt.list(k.participantOrganisations.map((o) => o.name)), [fmt, k.participantOrganisations]);
  return (
    <Paper withBorder p="sm" component="li" data-testid="conference-item">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('careplans.conference.of', { date: fmt.date(k.heldOn) })}
        </Title>
        <DataList
          items={[
            { label: t('careplans.conference.organisations'), value: organisations, testId: 'conference-organisations-value' },
            { label: t('careplans.conference.names'), value: fmt.list(k.participantNames) },
            { label: t('careplans.conference.minutes'), value: <Text style={{ whiteSpace: 'pre-wrap' }}>{k.minutes}</Text> },
            { label: t('careplans.conference.recordedBy'), value: t('careplans.byAt', { name: isolate(k.recordedBy), date: fmt.instant(k.createdAt) }) },
          ]}
        />
        <Title order={4} size="h6">
          {t('careplans.conference.decisions')}
        </Title>
        {k.decisions.length === 0 ? (
          <Text size="sm">{t('careplans.conference.noDecision')}</Text>
        ) : (
          <Stack component="ol" gap="xs" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
            {k.decisions.map((d, i) => (
              <Decision key={d.id} k={k} d={d} n={i + 1} canRecord={canRecord} caseId={caseId} />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

export function ConferencesSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const manager = caseDetail.access === 'manager';
  const query = useConferences(caseDetail.id, manager);
  const [open, setOpen] = useState(false);
  if (!manager) return null;
  const data = query.data;
  return (
    <Section
      id="conferences"
      title={t('careplans.conference.title')}
      testId="conferences-section"
      actions={
        data?.canRecord &&
        !open && (
          <Button size="sm" variant="outline" onClick={() => setOpen(true)} data-testid="conference-new">
            {t('careplans.conference.new')}
          </Button>
        )
      }
    >
      <Stack gap="md">
        <Text size="sm">{t('careplans.conference.intro')}</Text>
        {open && <ConferenceForm caseId={caseDetail.id} onDone={() => setOpen(false)} />}
        {query.isPending ? (
          <Loading />
        ) : query.error ? (
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : !data || data.items.length === 0 ? (
          <Text size="sm" data-testid="conferences-empty">
            {t('careplans.conference.empty')}
          </Text>
        ) : (
          <Stack component="ul" gap="sm" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
            {data.items.map((k) => (
              <ConferenceItem key={k.id} k={k} canRecord={data.canRecord} caseId={caseDetail.id} />
            ))}
          </Stack>
        )}
      </Stack>
    </Section>
  );
}
