/** The secretariat's validation queue: submitted progress reports, validated or returned with a note. */
import { useState } from 'react';
import { Anchor, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TProgressReport } from '../../../contract/actionplan';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { evidenceUrl, usePlanReports, useReportTransition } from './api';
import { ActionStatusBadge, FieldErrors, formatValue } from './planUi';

function QueueItem({ r }: { r: TProgressReport }) {
  const { t, i18n } = useTranslation();
  const ar = i18n.language === 'ar';
  const transition = useReportTransition();
  const [note, setNote] = useState('');
  const act = async (action: 'validate' | 'return') => {
    try {
      await transition.mutateAsync({ id: r.id, body: { version: r.version, action, ...(action === 'return' ? { note } : {}) } });
      notifySuccess(t(action === 'validate' ? 'actionplan.plan.validation.validated' : 'actionplan.plan.validation.returned'));
    } catch {
      /* shown below */
    }
  };
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`queue-${r.id}`} data-testid="queue-item" data-code={r.actionCode} data-period={r.period}>
      <Stack gap="xs">
        <Title order={2} size="h5" id={`queue-${r.id}`}>
          <Anchor component={Link} to={`/action-plan/actions/${r.actionId}`}><bdi>{r.actionCode}</bdi></Anchor> — <bdi>{r.period}</bdi> · {r.organisation.name}
        </Title>
        <Text size="sm">{ar ? r.actionTitleAr : r.actionTitleFr}</Text>
        <Group gap="xs"><Text size="sm" fw={600}>{t('actionplan.plan.reports.status')}</Text><ActionStatusBadge status={r.actionStatus} /></Group>
        <Text size="sm" data-testid="queue-values">{r.values.map((v) => `${v.code} : ${formatValue(v.value, v.unit, i18n.language, t)}`).join(' · ') || '—'}</Text>
        {r.narrative && <Text size="sm" data-testid="queue-narrative">{r.narrative}</Text>}
        {r.evidence && <Anchor href={evidenceUrl(r.id)} download size="sm">{t('actionplan.plan.validation.evidenceNamed', { name: r.evidence.fileName })}</Anchor>}
        <Textarea label={t('actionplan.plan.validation.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} data-testid="queue-note" />
        <ErrorAlert error={transition.error} />
        <FieldErrors error={transition.error} />
        <Group justify="flex-end">
          <Button variant="outline" color="#a33a0b" onClick={() => void act('return')} disabled={!note.trim()} loading={transition.isPending} data-testid="queue-return">{t('actionplan.plan.validation.return')}</Button>
          <Button onClick={() => void act('validate')} loading={transition.isPending} data-testid="queue-validate">{t('actionplan.plan.validation.validate')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export default function ValidationPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('actionplan.plan.validation.title'));
  const queue = usePlanReports({ status: 'submitted' });
  return (
    <Stack>
      <PageHeader title={t('actionplan.plan.validation.title')} testId="validation-title">
        <Text>{t('actionplan.plan.validation.intro')}</Text>
      </PageHeader>
      {queue.isPending ? <Loading /> : queue.error ? <ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} /> : queue.data.length === 0 ? (
        <Text data-testid="queue-empty">{t('actionplan.plan.validation.empty')}</Text>
      ) : (
        <Stack gap="md">{queue.data.map((r) => <QueueItem key={r.id} r={r} />)}</Stack>
      )}
    </Stack>
  );
}
