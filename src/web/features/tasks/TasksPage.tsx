/** "My deadlines": my tasks, or the whole organisation's for supervisors and justice liaisons. */
import { useState } from 'react';
import { Checkbox, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { ORGANISATION_TASK_ROLES } from '../../app/roles';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useTasks } from './api';
import { StatusFilter, TASK_STATUSES, type TTaskStatus } from './DeadlinesSection';
import { TaskTable } from './TaskTable';

export default function TasksPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const [params, setParams] = useSearchParams();
  const canSeeOrganisation = hasRole(ORGANISATION_TASK_ROLES);
  // The filters live in the page (instant feedback) and are mirrored in the address (links, reload).
  const [filters, setFilters] = useState(() => {
    const statusParam = params.get('status') ?? '';
    return {
      scope: canSeeOrganisation && params.get('scope') === 'organisation' ? ('organisation' as const) : ('mine' as const),
      overdue: params.get('overdue') === 'true',
      status: (TASK_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as TTaskStatus) : ('open' as TTaskStatus),
    };
  });
  const { scope, overdue, status } = filters;
  const query = useTasks({ scope, status, overdue: overdue ? 'true' : undefined });
  const items = query.data ?? [];
  useDocumentTitle(t('tasks.title'));

  const update = (patch: Partial<typeof filters>) => {
    const next = { ...filters, ...patch };
    setFilters(next);
    const q = new URLSearchParams();
    if (next.scope === 'organisation') q.set('scope', 'organisation');
    if (next.status !== 'open') q.set('status', next.status);
    if (next.overdue) q.set('overdue', 'true');
    setParams(q, { replace: true });
  };

  return (
    <Stack>
      <PageHeader title={t('tasks.title')}>
        <Text>{t('tasks.intro')}</Text>
      </PageHeader>
      <Paper withBorder p="md" component="section" aria-labelledby="task-filters-title">
        <Text component="h2" fw={700} size="md" id="task-filters-title" mb="sm">
          {t('tasks.filters.title')}
        </Text>
        <Group gap="lg" align="center" wrap="wrap">
          {canSeeOrganisation && (
            <SegmentedControl
              value={scope}
              onChange={(v) => update({ scope: v === 'organisation' ? 'organisation' : 'mine' })}
              data={[
                { value: 'mine', label: t('tasks.filters.mine') },
                { value: 'organisation', label: t('tasks.filters.organisation') },
              ]}
              aria-label={t('tasks.filters.scope')}
              data-testid="tasks-scope"
            />
          )}
          <StatusFilter value={status} onChange={(v) => update({ status: v })} testId="tasks-status" />
          <Checkbox
            label={t('tasks.filters.overdue')}
            checked={overdue}
            onChange={(e) => update({ overdue: e.currentTarget.checked })}
            data-testid="tasks-overdue"
          />
        </Group>
      </Paper>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending ? (
        <Loading />
      ) : (
        <section aria-labelledby="task-results-title">
          <Text component="h2" fw={700} size="md" id="task-results-title" mb="xs" aria-live="polite">
            {t('tasks.resultsTitle', { n: items.length })}
          </Text>
          {items.length === 0 ? (
            <Text data-testid="tasks-empty">{t(`tasks.empty.${status}`)}</Text>
          ) : (
            <TaskTable tasks={items} showCase caption={t('tasks.title')} />
          )}
        </section>
      )}
    </Stack>
  );
}
