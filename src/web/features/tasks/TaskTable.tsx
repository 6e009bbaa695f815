/**
 * Deadlines (tasks) in a table: what is due, by whom, when (the day in Africa/Casablanca), whether it is
 * overdue; marking done and extending a deadline (with a reason, the earlier dates kept) when allowed.
 */
import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Group, List, Stack, Table, Text } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ZTaskUpdate } from '../../../contract/identification';
import { isApiError } from '../../app/api';
import { useSession } from '../../app/auth';
import { i18n } from '../../app/i18n';
import { cleanValues } from '../../ui/clean';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, DateField, TextareaField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { isolate, useFormat } from '../../ui/useFormat';
import { useUpdateTask, type TTask, type TTaskUpdate } from './api';

/** Extending needs a new date (the contract makes it optional for other changes). */
const ZExtend = ZTaskUpdate.refine((v) => !!v.dueOn, { path: ['dueOn'], error: () => i18n.t('validation.required') });

function ExtendDialog({ task, onClose }: { task: TTask; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const update = useUpdateTask();
  type TDraft = { dueOn: string; reason: string };
  const resolver = useMemo(() => contractResolver<TDraft, TTaskUpdate>(ZExtend, (d) => cleanValues({ version: task.version, dueOn: d.dueOn, reason: d.reason })), [task.version]);
  const form = useForm<TDraft, unknown, TTaskUpdate>({ resolver, defaultValues: { dueOn: '', reason: '' } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await update.mutateAsync({ id: task.id, body });
      notifySuccess(t('tasks.extend.saved'));
      onClose();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  const general = update.error && !(isApiError(update.error) && update.error.fields.length > 0) ? update.error : null;
  return (
    <Dialog opened onClose={onClose} title={t('tasks.extend.title', { rule: t(`tasks.rules.${task.rule}`, { defaultValue: task.rule }) })} size="md" testId="task-extend-dialog">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            <Text size="sm">{t('tasks.extend.current', { date: fmt.instantDate(task.dueAt) })}</Text>
            <DateField name="dueOn" label={t('tasks.extend.dueOn')} required testId="task-extend-date" />
            <TextareaField name="reason" label={t('tasks.extend.reason')} description={t('tasks.extend.reasonHelp')} required testId="task-extend-reason" />
            <ErrorAlert error={general} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={update.isPending} data-testid="task-extend-save">
                {t('tasks.extend.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Dialog>
  );
}

function DueChanges({ task }: { task: TTask }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (task.changes.length === 0) return null;
  return (
    <List size="xs" spacing={2} mt={4} data-testid="task-changes">
      {task.changes.map((c, i) => (
        <List.Item key={i}>
          {t('tasks.changed', { from: fmt.instantDate(c.fromDueAt), to: fmt.instantDate(c.toDueAt), name: isolate(c.by), date: fmt.instant(c.at), reason: isolate(c.reason) })}
        </List.Item>
      ))}
    </List>
  );
}

export function TaskTable({ tasks, showCase, caption }: { tasks: TTask[]; showCase: boolean; caption: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const session = useSession();
  const update = useUpdateTask();
  const [extending, setExtending] = useState<TTask | null>(null);
  const mine = (task: TTask) => task.status === 'open' && task.assigneeOrganisation.id === session.user.organisation.id;

  const markDone = (task: TTask) =>
    update.mutate(
      { id: task.id, body: { version: task.version, status: 'done' } },
      { onSuccess: () => notifySuccess(t('tasks.doneSaved', { rule: t(`tasks.rules.${task.rule}`, { defaultValue: task.rule }) })) },
    );

  return (
    <Stack gap="sm">
      {update.error && (
        <ErrorAlert error={update.error} title={isApiError(update.error) && update.error.code === 'VERSION_CONFLICT' ? t('tasks.conflict') : undefined} />
      )}
      <Table.ScrollContainer minWidth={showCase ? 860 : 720}>
        <Table verticalSpacing="sm" striped data-testid="task-table">
          <Table.Caption className="visually-hidden">{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {showCase && <Table.Th scope="col">{t('tasks.columns.case')}</Table.Th>}
              <Table.Th scope="col">{t('tasks.columns.rule')}</Table.Th>
              <Table.Th scope="col">{t('tasks.columns.due')}</Table.Th>
              <Table.Th scope="col">{t('tasks.columns.assignee')}</Table.Th>
              <Table.Th scope="col">{t('tasks.columns.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tasks.map((task) => (
              <Table.Tr key={task.id} data-testid="task-row" data-rule={task.rule} data-overdue={task.overdue}>
                {showCase && (
                  <Table.Td>
                    {/* A referral's response deadline opens the referral: the receiving organisation cannot open the case before it accepts.
                        A progress report of the action plan (no case) opens the reports to send. */}
                    {task.subject?.type === 'plan_action_report' || task.caseId === null ? (
                      <Anchor component={Link} to="/action-plan/reports" fw={600} data-testid="task-plan-link">
                        {t('actionplan.plan.taskLink')}
                      </Anchor>
                    ) : (
                      <Anchor
                        component={Link}
                        to={task.subject?.type === 'referral' ? `/referrals/${task.subject.id}` : `/cases/${task.caseId}`}
                        className="ltr-value nowrap"
                        fw={600}
                        data-testid="task-case-link"
                      >
                        {task.caseReference}
                      </Anchor>
                    )}
                  </Table.Td>
                )}
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {t(`tasks.rules.${task.rule}`, { defaultValue: task.rule })}
                  </Text>
                  <DueChanges task={task} />
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <Text size="sm" className="nowrap" data-testid="task-due">
                      {fmt.instantDate(task.dueAt)}
                    </Text>
                    {task.overdue && (
                      <Badge color="red.9" variant="filled" tt="none" size="sm" data-testid="task-overdue">
                        {t('tasks.overdue')}
                      </Badge>
                    )}
                    {task.status !== 'open' && (
                      <Badge color="gray.8" variant="outline" bg="white" tt="none" size="sm">
                        {t(`tasks.statuses.${task.status}`)}
                        {task.completedAt ? ` · ${fmt.instantDate(task.completedAt)}` : ''}
                      </Badge>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{task.assigneeOrganisation.name}</Text>
                  {task.assigneeUser && (
                    <Text size="xs" c="dimmed">
                      {task.assigneeUser.name}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {mine(task) ? (
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="outline"
                        onClick={() => markDone(task)}
                        loading={update.isPending && update.variables?.id === task.id && update.variables.body.status === 'done'}
                        aria-label={t('tasks.markDoneFor', { rule: t(`tasks.rules.${task.rule}`, { defaultValue: task.rule }) })}
                        data-testid="task-done"
                      >
                        {t('tasks.markDone')}
                      </Button>
                      {task.extendable && (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setExtending(task)}
                          aria-label={t('tasks.extend.openFor', { rule: t(`tasks.rules.${task.rule}`, { defaultValue: task.rule }) })}
                          data-testid="task-extend"
                        >
                          {t('tasks.extend.open')}
                        </Button>
                      )}
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {extending && <ExtendDialog task={extending} onClose={() => setExtending(null)} />}
    </Stack>
  );
}
