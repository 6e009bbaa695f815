/** The case's deadlines, on the case page. */
import { useState } from 'react';
import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import type { TCaseDetail } from '../cases/types';
import { useTasks } from './api';
import { TaskTable } from './TaskTable';

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TTaskStatus = (typeof TASK_STATUSES)[number];

export function StatusFilter({ value, onChange, testId }: { value: TTaskStatus; onChange: (v: TTaskStatus) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      value={value}
      onChange={(v) => onChange(v as TTaskStatus)}
      data={TASK_STATUSES.map((s) => ({ value: s, label: t(`tasks.filters.${s}`) }))}
      aria-label={t('tasks.filters.status')}
      size="sm"
      data-testid={testId}
    />
  );
}

export function DeadlinesSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<TTaskStatus>('open');
  const query = useTasks({ caseId: caseDetail.id, status });
  const items = query.data ?? [];
  return (
    <Section id="deadlines" title={t('tasks.sectionTitle')} testId="deadlines-section" actions={<StatusFilter value={status} onChange={setStatus} testId="deadlines-status" />}>
      <Stack gap="sm">
        <Text size="sm">{t('tasks.sectionHelp')}</Text>
        {query.isPending ? (
          <Loading />
        ) : query.error ? (
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" data-testid="deadlines-empty">
            {t(`tasks.empty.${status}`)}
          </Text>
        ) : (
          <TaskTable tasks={items} showCase={false} caption={t('tasks.sectionTitle')} />
        )}
      </Stack>
    </Section>
  );
}
