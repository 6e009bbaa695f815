/**
 * The retention schedule as the data protection officer and the administrator see it (law 09-08): for each kind
 * of record, what starts its clock, how long it is kept, what happens then; how many records are due now, by the
 * end of the month, and kept by a hold; a run started on request with its progress and report; the last runs.
 * Counts only: no record here says who it is about.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Paper, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TRetentionOverview, TRetentionRunView } from '../../../contract/retention';
import { ConfirmDialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useRetentionPeriod } from './period';
import { retentionKeys, useRetentionOverview, useRetentionRun, useStartRetentionRun } from './api';

type TRule = TRetentionOverview['rules'][number];

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  const fmt = useFormat();
  return (
    <Paper withBorder p="md">
      <Text size="sm">{label}</Text>
      <Text fz={28} fw={700} data-testid={testId}>
        {fmt.number(value)}
      </Text>
    </Paper>
  );
}

function Schedule({ rules }: { rules: TRule[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const period = useRetentionPeriod();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="retention-schedule-title">
      <Text component="h2" fw={700} id="retention-schedule-title">
        {t('retention.schedule.title')}
      </Text>
      <Text size="sm" mb="sm">
        {t('retention.schedule.help')}
      </Text>
      <Table.ScrollContainer minWidth={820}>
        <Table striped verticalSpacing="xs" data-testid="retention-schedule">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('retention.columns.kind')}</Table.Th>
              <Table.Th scope="col">{t('retention.columns.clock')}</Table.Th>
              <Table.Th scope="col">{t('retention.columns.period')}</Table.Th>
              <Table.Th scope="col">{t('retention.columns.action')}</Table.Th>
              <Table.Th scope="col" ta="end">{t('retention.columns.dueNow')}</Table.Th>
              <Table.Th scope="col" ta="end">{t('retention.columns.dueThisMonth')}</Table.Th>
              <Table.Th scope="col" ta="end">{t('retention.columns.held')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.map((r) => (
              <Table.Tr key={r.kind} data-testid="retention-rule" data-kind={r.kind}>
                <Table.Th scope="row" fw={600}>{t(`retention.kinds.${r.kind}`)}</Table.Th>
                <Table.Td>{t(`retention.clocks.${r.clock}`)}</Table.Td>
                <Table.Td>{period(r)}</Table.Td>
                <Table.Td>{t(`retention.actions.${r.action}`)}</Table.Td>
                <Table.Td ta="end" data-testid="retention-rule-due">{fmt.number(r.dueNow)}</Table.Td>
                <Table.Td ta="end">{fmt.number(r.dueThisMonth)}</Table.Td>
                <Table.Td ta="end">{fmt.number(r.held)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" mt="sm">
        {t('retention.schedule.holds')}
      </Text>
    </Paper>
  );
}

/** What one run did, kind by kind (kinds with nothing due are left out). */
function RunReport({ run }: { run: TRetentionRunView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const lines = run.report.filter((l) => l.due > 0 || l.done > 0);
  if (lines.length === 0) return <Text size="sm">{t('retention.report.nothing')}</Text>;
  return (
    <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="retention-report">
      {lines.map((l) => (
        <Text size="sm" component="li" key={l.kind} data-kind={l.kind}>
          {t(`retention.kinds.${l.kind}`)}
          {t('history.colon')}
          {l.action === 'review' ? t('retention.report.review', { n: fmt.number(l.due) }) : t(`retention.report.${l.action}`, { n: fmt.number(l.done) })}
        </Text>
      ))}
    </Stack>
  );
}

function RunProgress({ run }: { run: TRetentionRunView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (run.status === 'running') {
    const pct = run.total > 0 ? Math.round((run.done / run.total) * 100) : 0;
    return (
      <Stack gap={4} data-testid="retention-progress">
        <Progress value={pct} aria-label={t('retention.run.progressLabel')} animated />
        <Text size="sm">{t('retention.run.progress', { done: fmt.number(run.done), total: fmt.number(run.total) })}</Text>
      </Stack>
    );
  }
  return (
    <Alert color={run.status === 'done' ? 'green' : 'red'} variant="light" title={t(`retention.run.finished.${run.status}`)} data-testid="retention-run-result" data-status={run.status}>
      <Stack gap="xs">
        <Text size="sm">{t('retention.run.summary', { done: fmt.number(run.done), total: fmt.number(run.total) })}</Text>
        <RunReport run={run} />
      </Stack>
    </Alert>
  );
}

function RunPanel({ overview }: { overview: TRetentionOverview }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const start = useStartRetentionRun();
  const [runId, setRunId] = useState<string | null>(null);
  const run = useRetentionRun(runId);
  const status = run.data?.status;
  // When the run ends, the figures and the list of runs change.
  useEffect(() => {
    if (status && status !== 'running') void qc.invalidateQueries({ queryKey: retentionKeys.overview });
  }, [status, qc]);
  const acting = overview.rules.filter((r) => r.action !== 'review').reduce((n, r) => n + r.dueNow, 0);
  const running = status === 'running' || start.isPending;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="retention-run-title">
      <Group justify="space-between" align="center" wrap="wrap">
        <div>
          <Text component="h2" fw={700} id="retention-run-title">
            {t('retention.run.title')}
          </Text>
          <Text size="sm">{t('retention.run.help', { hour: fmt.number(overview.runAtHour) })}</Text>
        </div>
        <Button onClick={() => setConfirming(true)} loading={running} data-testid="retention-run-now">
          {t('retention.run.button')}
        </Button>
      </Group>
      <div aria-live="polite">
        {run.data && (
          <Stack mt="md">
            <RunProgress run={run.data} />
          </Stack>
        )}
      </div>
      <ErrorAlert error={start.error ?? run.error} />
      <ConfirmDialog
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('retention.run.confirmTitle')}
        body={<Text>{t('retention.run.confirmBody', { n: fmt.number(acting) })}</Text>}
        confirmLabel={t('retention.run.confirm')}
        pending={start.isPending}
        testId="retention-run-confirm"
        onConfirm={() =>
          start.mutate(undefined, {
            onSuccess: (r) => {
              setRunId(r.id);
              setConfirming(false);
            },
          })
        }
      />
    </Paper>
  );
}

function PastRuns({ runs }: { runs: TRetentionRunView[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="retention-runs-title">
      <Text component="h2" fw={700} id="retention-runs-title" mb="sm">
        {t('retention.runs.title')}
      </Text>
      {runs.length === 0 ? (
        <Text data-testid="retention-runs-empty">{t('retention.runs.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="retention-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('retention.runs.startedAt')}</Table.Th>
                <Table.Th scope="col">{t('retention.runs.startedBy')}</Table.Th>
                <Table.Th scope="col">{t('retention.runs.status')}</Table.Th>
                <Table.Th scope="col" ta="end">{t('retention.runs.records')}</Table.Th>
                <Table.Th scope="col">{t('retention.runs.report')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.map((r) => (
                <Table.Tr key={r.id} data-testid="retention-run" data-status={r.status}>
                  <Table.Td className="nowrap">{fmt.instant(r.startedAt)}</Table.Td>
                  <Table.Td>{r.trigger === 'schedule' ? t('retention.runs.daily') : (r.startedBy ?? t('audit.system'))}</Table.Td>
                  <Table.Td>{t(`retention.runs.statuses.${r.status}`)}</Table.Td>
                  <Table.Td ta="end">{t('retention.runs.doneOf', { done: fmt.number(r.done), total: fmt.number(r.total) })}</Table.Td>
                  <Table.Td>{r.status === 'running' ? null : <RunReport run={r} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

export default function RetentionPage() {
  const { t } = useTranslation();
  const overview = useRetentionOverview();
  useDocumentTitle(t('retention.title'));
  const o = overview.data;
  const sum = (pick: (r: TRule) => number) => (o ? o.rules.reduce((n, r) => n + pick(r), 0) : 0);
  return (
    <Stack>
      <PageHeader title={t('retention.title')}>
        <Text>{t('retention.intro')}</Text>
      </PageHeader>
      <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />
      {overview.isPending ? (
        <Loading />
      ) : o ? (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Figure label={t('retention.figures.dueNow')} value={sum((r) => r.dueNow)} testId="retention-due-now" />
            <Figure label={t('retention.figures.dueThisMonth')} value={sum((r) => r.dueThisMonth)} testId="retention-due-month" />
            <Figure label={t('retention.figures.held')} value={sum((r) => r.held)} testId="retention-held" />
          </SimpleGrid>
          <RunPanel overview={o} />
          <Schedule rules={o.rules} />
          <PastRuns runs={o.runs} />
        </>
      ) : null}
    </Stack>
  );
}
