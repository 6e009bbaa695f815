/**
 * The care plan on the case page: needs assessments over time (with a small picture of the levels),
 * goals with their actions (responsible organisation, due date, status), and the durable-solution track with
 * its steps (DurableSteps.tsx).
 * The managing organisation writes; organisations the case is shared with read.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Badge, Box, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  ACTION_STATUSES,
  DURABLE_STATUSES,
  DURABLE_TRACKS,
  GOAL_STATUSES,
  NEED_DOMAINS,
  NEED_LEVELS,
  ZActionCreate,
  ZAssessmentCreate,
  ZDurableSolutionUpdate,
  ZGoalCreate,
  type TActionStatus,
  type TNeedLevel,
} from '../../../contract/careplans';
import { cleanValues } from '../../ui/clean';
import { DataList } from '../../ui/DataList';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, DateField, RadioGroupField, SelectField, TextareaField, TextField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import { useOrganisations } from '../admin/api';
import type { TCaseDetail } from '../cases/types';
import {
  useCarePlan,
  useCreateAction,
  useCreateAssessment,
  useCreateGoal,
  useUpdateAction,
  useUpdateDurableSolution,
  useUpdateGoal,
  type TAction,
  type TAssessment,
  type TCarePlan,
  type TGoal,
} from './api';
import { DurableSteps } from './DurableSteps';

const LEVEL_COLOURS: Record<TNeedLevel, string> = { none: 'var(--mantine-color-gray-5)', low: 'var(--mantine-color-blue-7)', medium: '#b03e0b', high: 'var(--mantine-color-red-9)' };
const LEVEL_WIDTH: Record<TNeedLevel, string> = { none: '4%', low: '33%', medium: '66%', high: '100%' };

export const todayLocal = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Africa/Casablanca' });

/** A sub-form or block inside a section (h3 + body). */
export function Panel({ id, title, help, children, testId }: { id: string; title: string; help?: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} bg="gray.0" component="section" aria-labelledby={`${id}-title`} data-testid={testId}>
      <Title order={3} size="h5" id={`${id}-title`} mb={4}>
        {title}
      </Title>
      {help && (
        <Text size="sm" mb="sm">
          {help}
        </Text>
      )}
      {children}
    </Paper>
  );
}

/** Submit and cancel buttons of the plan's forms, with the error of a failed request. */
export function FormButtons({ error, pending, onCancel, label, testId }: { error: unknown; pending: boolean; onCancel: () => void; label: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={pending} data-testid={testId}>
          {label}
        </Button>
      </Group>
    </>
  );
}

/** Active organisations, for "responsible organisation" and participants. */
export function useOrganisationOptions() {
  const organisations = useOrganisations();
  return useMemo(() => (organisations.data ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: o.name })), [organisations.data]);
}

/** The levels of one assessment: a bar per domain, with the level in words (the bars are decoration). */
export function NeedsVisual({ a }: { a: TAssessment }) {
  const { t } = useTranslation();
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none', display: 'grid', gap: 4 }} data-testid="needs-visual">
      {a.needs.map((n) => (
        <Box component="li" key={n.domain} data-testid="need-level" data-domain={n.domain} data-level={n.level} style={{ display: 'grid', gridTemplateColumns: 'minmax(9rem, 14rem) 1fr', gap: 8, alignItems: 'center' }}>
          <Text size="sm">
            {t(`careplans.domains.${n.domain}`)}
            {t('history.colon')}
            <Text span fw={600}>
              {t(`careplans.levels.${n.level}`)}
            </Text>
          </Text>
          <Box aria-hidden="true" style={{ blockSize: 10, background: 'var(--mantine-color-gray-2)', borderRadius: 4 }}>
            <Box style={{ blockSize: '100%', inlineSize: LEVEL_WIDTH[n.level], background: LEVEL_COLOURS[n.level], borderRadius: 4 }} />
          </Box>
          {n.note && (
            <Text size="sm" style={{ gridColumn: '1 / -1', whiteSpace: 'pre-wrap' }} ps="md">
              {n.note}
            </Text>
          )}
        </Box>
      ))}
    </Box>
  );
}

type TAssessmentDraft = { assessedOn: string; needs: { domain: string; level: string; note: string }[] };

function AssessmentForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateAssessment(caseId);
  type TOut = z.output<typeof ZAssessmentCreate>;
  const form = useForm<TAssessmentDraft, unknown, TOut>({
    resolver: contractResolver<TAssessmentDraft, TOut>(ZAssessmentCreate),
    defaultValues: { assessedOn: todayLocal(), needs: NEED_DOMAINS.map((domain) => ({ domain, level: 'none', note: '' })) },
  });
  const levels = NEED_LEVELS.map((l) => ({ value: l, label: t(`careplans.levels.${l}`) }));
  const submit = form.handleSubmit(async (body) => {
    try {
      await create.mutateAsync(body);
      notifySuccess(t('careplans.assessment.saved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id="careplan-assessment-form" title={t('careplans.assessment.new')} help={t('careplans.assessment.help')} testId="assessment-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            <DateField name="assessedOn" label={t('careplans.assessment.date')} required testId="assessment-date" />
            {NEED_DOMAINS.map((d, i) => (
              <SimpleGrid key={d} cols={{ base: 1, sm: 2 }} spacing="sm" data-testid={`assessment-${d}`}>
                <SelectField name={`needs.${i}.level`} label={t(`careplans.domains.${d}`)} options={levels} required testId={`assessment-level-${d}`} />
                <TextField name={`needs.${i}.note`} label={t('careplans.assessment.noteFor', { domain: t(`careplans.domains.${d}`) })} testId={`assessment-note-${d}`} />
              </SimpleGrid>
            ))}
            <FormButtons error={create.error} pending={create.isPending} onCancel={onDone} label={t('common.save')} testId="assessment-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function Assessments({ plan, caseId }: { plan: TCarePlan; caseId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  return (
    <Panel id="careplan-assessments" title={t('careplans.assessment.title')} help={t('careplans.assessment.intro')} testId="careplan-assessments">
      <Stack gap="sm">
        {plan.abilities.edit && !open && (
          <Group>
            <Button size="sm" variant="outline" onClick={() => setOpen(true)} data-testid="assessment-new">
              {t('careplans.assessment.new')}
            </Button>
          </Group>
        )}
        {open && <AssessmentForm caseId={caseId} onDone={() => setOpen(false)} />}
        {plan.assessments.length === 0 ? (
          <Text size="sm" data-testid="assessments-empty">
            {t('careplans.assessment.empty')}
          </Text>
        ) : (
          <Stack component="ol" gap="sm" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
            {plan.assessments.map((a, i) => (
              <Paper withBorder p="sm" component="li" key={a.id} data-testid="assessment-item">
                <Group justify="space-between" mb="xs">
                  <Text fw={600}>{t('careplans.assessment.of', { date: fmt.date(a.assessedOn) })}</Text>
                  <Group gap="xs">
                    {i === 0 && (
                      <Badge color="indigo.9" variant="outline" tt="none" bg="white">
                        {t('careplans.assessment.latest')}
                      </Badge>
                    )}
                    <Text size="sm">{t('careplans.assessment.by', { name: isolate(a.assessedBy), organisation: isolate(a.organisation) })}</Text>
                  </Group>
                </Group>
                <NeedsVisual a={a} />
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    </Panel>
  );
}

type TDurableDraft = { track: string; status: string; note: string };

function DurableSolution({ plan, caseId }: { plan: TCarePlan; caseId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [editing, setEditing] = useState(false);
  const update = useUpdateDurableSolution(caseId);
  type TOut = z.output<typeof ZDurableSolutionUpdate>;
  const version = plan.version;
  const resolver = useMemo(() => contractResolver<TDurableDraft, TOut>(ZDurableSolutionUpdate, (d) => cleanValues({ ...d, version })), [version]);
  const ds = plan.durableSolution;
  const form = useForm<TDurableDraft, unknown, TOut>({ resolver, defaultValues: { track: ds.track, status: ds.status, note: ds.note ?? '' } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await update.mutateAsync({ ...body, note: body.note ?? null });
      notifySuccess(t('careplans.durable.saved'));
      setEditing(false);
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id="careplan-durable" title={t('careplans.durable.title')} help={t('careplans.durable.help')} testId="careplan-durable">
      {editing ? (
        <FormProvider {...form}>
          <form noValidate onSubmit={(e) => void submit(e)}>
            <Stack gap="md">
              <RadioGroupField
                name="track"
                label={t('careplans.durable.track')}
                required
                options={DURABLE_TRACKS.map((v) => ({ value: v, label: t(`careplans.tracks.${v}`) }))}
                descriptions={Object.fromEntries(DURABLE_TRACKS.map((v) => [v, t(`careplans.trackHelp.${v}`)]))}
                testId="durable-track"
              />
              <SelectField name="status" label={t('careplans.durable.status')} required options={DURABLE_STATUSES.map((v) => ({ value: v, label: t(`careplans.durableStatuses.${v}`) }))} testId="durable-status" />
              <TextareaField name="note" label={t('careplans.durable.note')} testId="durable-note" />
              <FormButtons error={update.error} pending={update.isPending} onCancel={() => setEditing(false)} label={t('common.save')} testId="durable-save" />
            </Stack>
          </form>
        </FormProvider>
      ) : (
        <Stack gap="xs">
          <DataList
            items={[
              { label: t('careplans.durable.track'), value: t(`careplans.tracks.${ds.track}`), testId: 'durable-track-value' },
              { label: t('careplans.durable.status'), value: t(`careplans.durableStatuses.${ds.status}`) },
              { label: t('careplans.durable.note'), value: ds.note ? <Text style={{ whiteSpace: 'pre-wrap' }}>{ds.note}</Text> : '' },
              { label: t('careplans.durable.updated'), value: ds.updatedAt ? t('careplans.byAt', { name: isolate(ds.updatedBy), date: fmt.instant(ds.updatedAt) }) : '' },
            ]}
          />
          {plan.abilities.edit && (
            <Group>
              <Button
                size="sm"
                variant="outline"
                onClick={() => {
                  form.reset({ track: ds.track, status: ds.status, note: ds.note ?? '' });
                  setEditing(true);
                }}
                data-testid="durable-edit"
              >
                {t('careplans.durable.edit')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Panel>
  );
}

type TActionDraft = { title: string; responsibleOrganisationId: string; dueOn: string };

export function ActionForm({ caseId, goalId, onDone }: { caseId: string; goalId: string | null; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateAction(caseId);
  const options = useOrganisationOptions();
  type TOut = z.output<typeof ZActionCreate>;
  const resolver = useMemo(() => contractResolver<TActionDraft, TOut>(ZActionCreate, (d) => cleanValues({ ...d, goalId })), [goalId]);
  const form = useForm<TActionDraft, unknown, TOut>({ resolver, defaultValues: { title: '', responsibleOrganisationId: '', dueOn: '' } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await create.mutateAsync(body);
      notifySuccess(t('careplans.action.saved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id={`action-form-${goalId ?? 'none'}`} title={t('careplans.action.new')} help={t('careplans.action.help')} testId="action-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <TextField name="title" label={t('careplans.action.title')} required testId="action-title" />
            <SelectField name="responsibleOrganisationId" label={t('careplans.action.responsible')} required options={options} testId="action-responsible" />
            <DateField name="dueOn" label={t('careplans.action.dueOn')} description={t('careplans.action.dueOnHelp')} testId="action-due" />
            <FormButtons error={create.error} pending={create.isPending} onCancel={onDone} label={t('careplans.action.submit')} testId="action-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

const ACTION_COLOURS: Record<TActionStatus, string> = { open: 'blue.9', in_progress: 'violet.9', done: '#237032', cancelled: 'gray.8' };

function ActionItem({ a, caseId }: { a: TAction; caseId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const update = useUpdateAction(caseId);
  return (
    <Paper withBorder p="sm" component="li" data-testid="action-item" data-status={a.status}>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs">
          <Text fw={600} data-testid="action-item-title">
            {a.title}
          </Text>
          <Badge color={ACTION_COLOURS[a.status]} variant="filled" tt="none" data-testid="action-status">
            {t(`careplans.actionStatuses.${a.status}`)}
          </Badge>
        </Group>
        <Text size="sm" data-testid="action-item-responsible">
          {t('careplans.action.responsibleIs', { organisation: isolate(a.responsibleOrganisation.name) })}
          {a.dueOn ? ` — ${t('careplans.action.dueIs', { date: fmt.date(a.dueOn) })}` : ''}
        </Text>
        {a.conferenceId && (
          <Text size="sm" c="dimmed" data-testid="action-from-conference">
            {t('careplans.action.fromConference')}
          </Text>
        )}
        {a.canUpdate && (
          <NativeSelect
            label={t('careplans.action.changeStatus', { title: a.title })}
            value={a.status}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ id: a.id, body: { version: a.version, status: e.currentTarget.value as TActionStatus } }, { onSuccess: () => notifySuccess(t('careplans.action.statusSaved')) })}
            data={ACTION_STATUSES.map((s) => ({ value: s, label: t(`careplans.actionStatuses.${s}`) }))}
            maw={320}
            data-testid="action-status-select"
          />
        )}
        <ErrorAlert error={update.error} />
      </Stack>
    </Paper>
  );
}

function ActionList({ actions, caseId, testId }: { actions: TAction[]; caseId: string; testId: string }) {
  const { t } = useTranslation();
  if (actions.length === 0) {
    return (
      <Text size="sm" data-testid={`${testId}-empty`}>
        {t('careplans.action.empty')}
      </Text>
    );
  }
  return (
    <Stack component="ul" gap="xs" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }} data-testid={testId}>
      {actions.map((a) => (
        <ActionItem key={a.id} a={a} caseId={caseId} />
      ))}
    </Stack>
  );
}

function GoalItem({ g, plan, caseId }: { g: TGoal; plan: TCarePlan; caseId: string }) {
  const { t } = useTranslation();
  const update = useUpdateGoal(caseId);
  const [adding, setAdding] = useState(false);
  const actions = plan.actions.filter((a) => a.goalId === g.id);
  return (
    <Paper withBorder p="sm" component="li" data-testid="goal-item">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Badge color="indigo.9" variant="outline" tt="none" bg="white">
              {t(`careplans.domains.${g.domain}`)}
            </Badge>
            <Text fw={600} data-testid="goal-text">
              {g.text}
            </Text>
          </Group>
          {plan.abilities.edit ? (
            <NativeSelect
              label={t('careplans.goal.changeStatus', { text: g.text })}
              value={g.status}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ id: g.id, body: { version: g.version, status: e.currentTarget.value as TGoal['status'] } }, { onSuccess: () => notifySuccess(t('careplans.goal.statusSaved')) })}
              data={GOAL_STATUSES.map((s) => ({ value: s, label: t(`careplans.goalStatuses.${s}`) }))}
              data-testid="goal-status-select"
            />
          ) : (
            <Text size="sm">{t(`careplans.goalStatuses.${g.status}`)}</Text>
          )}
        </Group>
        <ErrorAlert error={update.error} />
        <Title order={4} size="h6">
          {t('careplans.action.listTitle')}
        </Title>
        <ActionList actions={actions} caseId={caseId} testId="goal-actions" />
        {plan.abilities.edit &&
          (adding ? (
            <ActionForm caseId={caseId} goalId={g.id} onDone={() => setAdding(false)} />
          ) : (
            <Group>
              <Button size="xs" variant="outline" onClick={() => setAdding(true)} data-testid="action-new">
                {t('careplans.action.newFor', { text: g.text.length > 40 ? `${g.text.slice(0, 40)}…` : g.text })}
              </Button>
            </Group>
          ))}
      </Stack>
    </Paper>
  );
}

type TGoalDraft = { domain: string; text: string };

function GoalForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateGoal(caseId);
  type TOut = z.output<typeof ZGoalCreate>;
  const form = useForm<TGoalDraft, unknown, TOut>({ resolver: contractResolver<TGoalDraft, TOut>(ZGoalCreate), defaultValues: { domain: '', text: '' } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await create.mutateAsync(body);
      notifySuccess(t('careplans.goal.saved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id="careplan-goal-form" title={t('careplans.goal.new')} help={t('careplans.goal.help')} testId="goal-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <SelectField name="domain" label={t('careplans.goal.domain')} required options={NEED_DOMAINS.map((d) => ({ value: d, label: t(`careplans.domains.${d}`) }))} testId="goal-domain" />
            <TextareaField name="text" label={t('careplans.goal.text')} required minRows={2} testId="goal-text-input" />
            <FormButtons error={create.error} pending={create.isPending} onCancel={onDone} label={t('careplans.goal.submit')} testId="goal-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function Goals({ plan, caseId }: { plan: TCarePlan; caseId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const loose = plan.actions.filter((a) => !a.goalId);
  return (
    <Panel id="careplan-goals" title={t('careplans.goal.title')} help={t('careplans.goal.intro')} testId="careplan-goals">
      <Stack gap="sm">
        {plan.abilities.edit && !open && (
          <Group>
            <Button size="sm" variant="outline" onClick={() => setOpen(true)} data-testid="goal-new">
              {t('careplans.goal.new')}
            </Button>
          </Group>
        )}
        {open && <GoalForm caseId={caseId} onDone={() => setOpen(false)} />}
        {plan.goals.length === 0 ? (
          <Text size="sm" data-testid="goals-empty">
            {t('careplans.goal.empty')}
          </Text>
        ) : (
          <Stack component="ul" gap="sm" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
            {plan.goals.map((g) => (
              <GoalItem key={g.id} g={g} plan={plan} caseId={caseId} />
            ))}
          </Stack>
        )}
        {loose.length > 0 && (
          <>
            <Title order={4} size="h6">
              {t('careplans.action.otherTitle')}
            </Title>
            <ActionList actions={loose} caseId={caseId} testId="other-actions" />
          </>
        )}
      </Stack>
    </Panel>
  );
}

export function CarePlanSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const query = useCarePlan(caseDetail.id);
  const plan = query.data;
  return (
    <Section id="careplan" title={t('careplans.title')} testId="careplan-section">
      <Stack gap="md">
        <Text size="sm">{caseDetail.access === 'manager' ? t('careplans.intro') : t('careplans.introShared')}</Text>
        {query.isPending ? (
          <Loading />
        ) : query.error ? (
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : plan ? (
          <>
            <Assessments plan={plan} caseId={caseDetail.id} />
            <Goals plan={plan} caseId={caseDetail.id} />
            <DurableSolution key={plan.version} plan={plan} caseId={caseDetail.id} />
            <DurableSteps plan={plan} caseId={caseDetail.id} />
          </>
        ) : null}
      </Stack>
    </Section>
  );
}
