/**
 * The durable-solution plan's steps (return, local integration, resettlement): an ordered list of what is to be
 * done, by which organisation, by when, with its status and a note. The managing organisation adds, reorders and
 * changes them; the responsible organisation may move its own step's status along; others with access read.
 */
import { useMemo, useState } from 'react';
import { Badge, Button, Group, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { DURABLE_STEP_STATUSES, ZDurableStepCreate, type TActionStatus } from '../../../contract/careplans';
import { cleanValues } from '../../ui/clean';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, DateField, SelectField, TextareaField, TextField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { isolate, useFormat } from '../../ui/useFormat';
import { useCreateDurableStep, useUpdateDurableStep, type TCarePlan, type TDurableStep } from './api';
import { FormButtons, Panel, useOrganisationOptions } from './CarePlanSection';

const STEP_COLOURS: Record<TActionStatus, string> = { open: 'blue.9', in_progress: 'violet.9', done: '#237032', cancelled: 'gray.8' };

type TStepDraft = { title: string; responsibleOrganisationId: string; dueOn: string; note: string };

function StepForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateDurableStep(caseId);
  const options = useOrganisationOptions();
  type TOut = z.output<typeof ZDurableStepCreate>;
  const resolver = useMemo(() => contractResolver<TStepDraft, TOut>(ZDurableStepCreate, (d) => cleanValues(d)), []);
  const form = useForm<TStepDraft, unknown, TOut>({ resolver, defaultValues: { title: '', responsibleOrganisationId: '', dueOn: '', note: '' } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await create.mutateAsync(body);
      notifySuccess(t('careplans.steps.saved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id="durable-step-form" title={t('careplans.steps.new')} help={t('careplans.steps.formHelp')} testId="step-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <TextField name="title" label={t('careplans.steps.what')} required testId="step-title" />
            <SelectField name="responsibleOrganisationId" label={t('careplans.steps.responsible')} required options={options} testId="step-responsible" />
            <DateField name="dueOn" label={t('careplans.steps.dueOn')} testId="step-due" />
            <TextareaField name="note" label={t('careplans.steps.note')} description={t('careplans.steps.noteHelp')} minRows={2} testId="step-note" />
            <FormButtons error={create.error} pending={create.isPending} onCancel={onDone} label={t('careplans.steps.submit')} testId="step-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function StepItem({ s, plan, caseId, count }: { s: TDurableStep; plan: TCarePlan; caseId: string; count: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const update = useUpdateDurableStep(caseId);
  const move = (position: number) => update.mutate({ id: s.id, body: { version: s.version, position } }, { onSuccess: () => notifySuccess(t('careplans.steps.moved')) });
  return (
    <Paper withBorder p="sm" component="li" data-testid="step-item" data-status={s.status}>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text fw={600} data-testid="step-item-title">
            {t('careplans.steps.numbered', { n: s.position, title: s.title })}
          </Text>
          <Badge color={STEP_COLOURS[s.status]} variant="filled" tt="none" data-testid="step-status">
            {t(`careplans.actionStatuses.${s.status}`)}
          </Badge>
        </Group>
        <Text size="sm" data-testid="step-item-responsible">
          {t('careplans.action.responsibleIs', { organisation: isolate(s.responsibleOrganisation.name) })}
          {s.dueOn ? ` — ${t('careplans.action.dueIs', { date: fmt.date(s.dueOn) })}` : ''}
        </Text>
        {s.track !== plan.durableSolution.track && (
          <Text size="sm" c="dimmed" data-testid="step-other-track">
            {t('careplans.steps.forTrack', { track: t(`careplans.tracks.${s.track}`) })}
          </Text>
        )}
        {s.note && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="step-item-note">
            {s.note}
          </Text>
        )}
        {s.canUpdate && (
          <Group gap="xs" align="flex-end">
            <NativeSelect
              label={t('careplans.steps.changeStatus', { title: s.title })}
              value={s.status}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ id: s.id, body: { version: s.version, status: e.currentTarget.value as TActionStatus } }, { onSuccess: () => notifySuccess(t('careplans.steps.statusSaved')) })}
              data={DURABLE_STEP_STATUSES.map((x) => ({ value: x, label: t(`careplans.actionStatuses.${x}`) }))}
              maw={320}
              data-testid="step-status-select"
            />
            {plan.abilities.edit && s.position > 1 && (
              <Button size="xs" variant="default" disabled={update.isPending} onClick={() => move(s.position - 1)} aria-label={t('careplans.steps.moveUp', { title: s.title })} data-testid="step-up">
                {t('careplans.steps.up')}
              </Button>
            )}
            {plan.abilities.edit && s.position < count && (
              <Button size="xs" variant="default" disabled={update.isPending} onClick={() => move(s.position + 1)} aria-label={t('careplans.steps.moveDown', { title: s.title })} data-testid="step-down">
                {t('careplans.steps.down')}
              </Button>
            )}
          </Group>
        )}
        <ErrorAlert error={update.error} />
      </Stack>
    </Paper>
  );
}

export function DurableSteps({ plan, caseId }: { plan: TCarePlan; caseId: string }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const steps = plan.durableSolution.steps;
  return (
    <Panel id="careplan-steps" title={t('careplans.steps.title')} help={t('careplans.steps.help')} testId="careplan-steps">
      <Stack gap="sm">
        {steps.length === 0 ? (
          <Text size="sm" data-testid="steps-empty">
            {t('careplans.steps.empty')}
          </Text>
        ) : (
          <Stack component="ol" gap="xs" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }} data-testid="steps-list">
            {steps.map((s) => (
              <StepItem key={s.id} s={s} plan={plan} caseId={caseId} count={steps.length} />
            ))}
          </Stack>
        )}
        {plan.abilities.edit &&
          (adding ? (
            <StepForm caseId={caseId} onDone={() => setAdding(false)} />
          ) : (
            <Group>
              <Button size="sm" variant="outline" onClick={() => setAdding(true)} data-testid="step-new">
                {t('careplans.steps.new')}
              </Button>
            </Group>
          ))}
      </Stack>
    </Panel>
  );
}
