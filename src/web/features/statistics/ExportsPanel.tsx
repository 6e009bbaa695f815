/**
 * The standard exports of the year, prepared as jobs on the server: the analyst asks for a file, sees its
 * progress (a large year's microdata takes a while; the job survives a restart) and downloads it when it is
 * ready. Files are personal to whoever asked and erased after a week; every request and download is audited.
 */
import { Anchor, Button, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TExportJob, TExportKind } from '../../../contract/statistics';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Section } from '../../ui/Section';
import { useFormat } from '../../ui/useFormat';
import { exportFileUrl, useCreateExportJob, useExportJobs } from './api';

const CHOICES: { kind: TExportKind; format: 'csv' | 'xlsx'; label: string; testId: string }[] = [
  { kind: 'glotip', format: 'csv', label: 'glotipCsv', testId: 'export-glotip-csv' },
  { kind: 'glotip', format: 'xlsx', label: 'glotipXlsx', testId: 'export-glotip-xlsx' },
  { kind: 'glotip_persons', format: 'csv', label: 'glotipPersonsCsv', testId: 'export-glotip-persons-csv' },
  { kind: 'glotip_persons', format: 'xlsx', label: 'glotipPersonsXlsx', testId: 'export-glotip-persons-xlsx' },
  { kind: 'ctdc', format: 'csv', label: 'ctdc', testId: 'export-ctdc' },
  { kind: 'sdg_16_2_2', format: 'csv', label: 'sdg', testId: 'export-sdg' },
];

const labelOf = (j: Pick<TExportJob, 'kind' | 'format'>) => CHOICES.find((c) => c.kind === j.kind && c.format === j.format)?.label ?? 'ctdc';

function JobRow({ job }: { job: TExportJob }) {
  const { t } = useTranslation();
  const f = useFormat();
  const running = job.status === 'queued' || job.status === 'running';
  return (
    <Table.Tr data-testid={`export-job-${job.kind}-${job.format}`}>
      <Table.Td>
        <Text size="sm">{t(`statistics.exports.${labelOf(job)}`)}</Text>
        <Text size="xs" c="dimmed"><bdi>{job.year}</bdi> · {f.instant(job.createdAt)}</Text>
      </Table.Td>
      <Table.Td miw={180}>
        {running && <Progress value={job.progress} aria-label={t('statistics.exports.progressLabel', { name: t(`statistics.exports.${labelOf(job)}`) })} mb={4} />}
        <Text size="sm" role="status" aria-live="polite" data-testid="export-job-status">
          {t(`statistics.exports.steps.${job.step}`)}{running ? ` — ${job.progress} %` : ''}
        </Text>
        {job.kAnonymity && (
          <Text size="xs" c="dimmed" data-testid="export-job-kanon">
            {t('statistics.exports.kAnonymity', { k: job.kAnonymity.k, released: job.kAnonymity.released, suppressed: job.kAnonymity.suppressed })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {job.status === 'done' && job.fileName ? (
          <Stack gap={2}>
            <Anchor href={exportFileUrl(job.id)} download data-testid="export-job-download">
              {t('statistics.exports.download')} <bdi>({job.fileName})</bdi>
            </Anchor>
            {job.expiresAt && <Text size="xs" c="dimmed">{t('statistics.exports.expires', { date: f.instantDate(job.expiresAt) })}</Text>}
          </Stack>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

export function ExportsPanel({ year }: { year: number }) {
  const { t } = useTranslation();
  const jobs = useExportJobs();
  const create = useCreateExportJob();
  return (
    <Section id="stat-exports" title={t('statistics.exports.title')} testId="section-exports">
      <Stack gap="sm">
        <Text size="sm">{t('statistics.exports.intro')}</Text>
        <Text size="sm">{t('statistics.exports.jobsIntro', { year })}</Text>
        <Group gap="xs">
          {CHOICES.map((c) => (
            <Button key={c.testId} variant="light" size="xs" onClick={() => create.mutate({ kind: c.kind, year, format: c.format })} disabled={create.isPending} data-testid={c.testId}>
              {t(`statistics.exports.${c.label}`)}
            </Button>
          ))}
        </Group>
        {create.error && <ErrorAlert error={create.error} />}
        {jobs.error && <ErrorAlert error={jobs.error} />}
        {jobs.data && jobs.data.items.length > 0 && (
          <Paper withBorder p="xs">
            <Table data-testid="export-jobs">
              <Table.Caption>{t('statistics.exports.yourExports')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('statistics.exports.file')}</Table.Th>
                  <Table.Th scope="col">{t('statistics.exports.state')}</Table.Th>
                  <Table.Th scope="col">{t('statistics.exports.download')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {jobs.data.items.map((j) => <JobRow key={j.id} job={j} />)}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>
    </Section>
  );
}
