/**
 * Referral statistics for case supervisors (/referrals/stats): who refers to whom between organisation
 * types (a heat-map matrix, with the same figures as a table and a CSV file), the acceptance rate, and the
 * median and 90th percentile times to a first referral and to a first service.
 */
import { useState } from 'react';
import { Box, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_TYPES } from '../../../contract/common';
import { intlLocale, notADate } from '../../ui/dates';
import { DayFirstDateInput } from '../../ui/dateInput';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { usePathwayStats, type TPathwayStats } from './api';
import { useDuration } from './shared';
import { downloadText, tableCsv } from '../../ui/csv';

const SHADES = ['#f1f3f5', '#d0ebff', '#a5d8ff', '#74c0fc', '#339af0', '#1971c2', '#1864ab'];

function shade(n: number, max: number): { bg: string; fg: string } {
  if (n <= 0 || max <= 0) return { bg: SHADES[0]!, fg: '#212529' };
  const i = Math.max(1, Math.min(SHADES.length - 1, Math.ceil((n / max) * (SHADES.length - 1))));
  return { bg: SHADES[i]!, fg: i >= 5 ? '#ffffff' : '#212529' };
}

function usePercent() {
  const { i18n } = useTranslation();
  const nf = new Intl.NumberFormat(intlLocale(i18n.language), { style: 'percent', maximumFractionDigits: 0 });
  return (v: number | null | undefined) => (v === null || v === undefined ? '—' : nf.format(v));
}

/** The matrix: rows are the referring organisation types, columns the receiving ones (only types that appear). */
function FlowMatrix({ stats }: { stats: TPathwayStats }) {
  const { t } = useTranslation();
  const percent = usePercent();
  const from = ORGANISATION_TYPES.filter((ty) => stats.flows.some((f) => f.fromType === ty));
  const to = ORGANISATION_TYPES.filter((ty) => stats.flows.some((f) => f.toType === ty));
  const max = Math.max(0, ...stats.flows.map((f) => f.referrals));
  const cell = (a: string, b: string) => stats.flows.find((f) => f.fromType === a && f.toType === b);
  return (
    <Box style={{ overflowX: 'auto' }}>
      <Box
        role="img"
        aria-label={t('referrals.stats.matrixLabel')}
        data-testid="stats-matrix"
        style={{ display: 'grid', gridTemplateColumns: `minmax(120px, auto) repeat(${to.length}, minmax(90px, 1fr))`, gap: 2, minWidth: 120 + to.length * 92 }}
      >
        <Text size="xs" fw={700} p={4} aria-hidden>
          {t('referrals.stats.fromTo')}
        </Text>
        {to.map((b) => (
          <Text key={b} size="xs" fw={700} p={4} ta="center" aria-hidden>
            {t(`organisationTypes.${b}`)}
          </Text>
        ))}
        {from.map((a) => (
          <Box key={a} style={{ display: 'contents' }}>
            <Text size="xs" fw={700} p={4} aria-hidden>
              {t(`organisationTypes.${a}`)}
            </Text>
            {to.map((b) => {
              const f = cell(a, b);
              const c = shade(f?.referrals ?? 0, max);
              return (
                <Box key={b} p={6} ta="center" style={{ background: c.bg, color: c.fg, borderRadius: 4 }} aria-hidden data-from={a} data-to={b} data-value={f?.referrals ?? 0}>
                  <Text size="md" fw={700} c="inherit" className="ltr-value">
                    {f?.referrals ?? 0}
                  </Text>
                  {f && (
                    <Text size="xs" c="inherit">
                      {t('referrals.stats.acceptedShort', { rate: percent(f.acceptanceRate) })}
                    </Text>
                  )}
                </Box>
              );
            })}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

function csvOf(stats: TPathwayStats, t: (k: string) => string): string {
  const header = ['fromType', 'fromTypeLabel', 'toType', 'toTypeLabel', 'referrals', 'accepted', 'declined', 'expired', 'acceptanceRate'];
  return tableCsv(
    header,
    stats.flows.map((f) => [f.fromType, t(`organisationTypes.${f.fromType}`), f.toType, t(`organisationTypes.${f.toType}`), f.referrals, f.accepted, f.declined, f.expired, f.acceptanceRate]),
  );
}

function Figure({ label, value, help, testId }: { label: string; value: string; help?: string; testId?: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} className="ltr-value" data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </Text>
      {help && <Text size="xs">{help}</Text>}
    </Paper>
  );
}

export default function StatsPage() {
  const { t } = useTranslation();
  const percent = usePercent();
  const duration = useDuration();
  const [range, setRange] = useState({ from: '', to: '' });
  const [draft, setDraft] = useState(range);
  const [submitted, setSubmitted] = useState(false);
  const dateError = (v: string) => (submitted && notADate(v) ? t('validation.date') : undefined);
  const query = usePathwayStats(range.from || undefined, range.to || undefined);
  const stats = query.data;
  useDocumentTitle(t('referrals.stats.title'));
  const totals = stats?.flows.reduce((a, f) => ({ referrals: a.referrals + f.referrals, accepted: a.accepted + f.accepted, declined: a.declined + f.declined, expired: a.expired + f.expired }), { referrals: 0, accepted: 0, declined: 0, expired: 0 });
  const answered = totals ? totals.accepted + totals.declined + totals.expired : 0;
  return (
    <Stack>
      <PageHeader title={t('referrals.stats.title')}>
        <Text>{t('referrals.stats.intro')}</Text>
      </PageHeader>
      <Paper withBorder p="md" component="section" aria-labelledby="stats-period-title">
        <Title order={2} size="h5" id="stats-period-title" mb="sm">
          {t('referrals.stats.period')}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setSubmitted(true);
            if (notADate(draft.from) || notADate(draft.to)) return;
            setRange(draft);
          }}
        >
          <Group align="flex-end" gap="md">
            <DayFirstDateInput label={t('referrals.stats.from')} value={draft.from} onChange={(from) => setDraft({ ...draft, from })} error={dateError(draft.from)} testId="stats-from" maw={220} />
            <DayFirstDateInput label={t('referrals.stats.to')} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} error={dateError(draft.to)} testId="stats-to" maw={220} />
            <Button type="submit" data-testid="stats-apply">
              {t('common.apply')}
            </Button>
          </Group>
        </form>
      </Paper>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending ? (
        <Loading />
      ) : stats && totals ? (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <Figure label={t('referrals.stats.referrals')} value={String(totals.referrals)} testId="stats-referrals" />
            <Figure label={t('referrals.stats.acceptance')} value={percent(answered ? totals.accepted / answered : null)} help={t('referrals.stats.acceptanceHelp')} testId="stats-acceptance" />
            <Figure
              label={t('referrals.stats.timeToReferral')}
              value={duration(stats.timeToReferral.medianDays)}
              help={t('referrals.stats.durationHelp', { p90: duration(stats.timeToReferral.p90Days), n: stats.timeToReferral.count })}
              testId="stats-time-to-referral"
            />
            <Figure
              label={t('referrals.stats.timeToService')}
              value={duration(stats.timeToFirstService.medianDays)}
              help={t('referrals.stats.durationHelp', { p90: duration(stats.timeToFirstService.p90Days), n: stats.timeToFirstService.count })}
              testId="stats-time-to-service"
            />
          </SimpleGrid>
          <Text size="sm" data-testid="stats-cases-with-service">
            {t('referrals.stats.casesWithService', { n: stats.casesWithService, total: stats.cases })}
          </Text>
          <Section
            id="stats-flows"
            title={t('referrals.stats.flows')}
            testId="stats-flows"
            actions={
              <Button variant="outline" size="sm" onClick={() => downloadText(`referral-flows${range.from ? `-${range.from}` : ''}${range.to ? `-${range.to}` : ''}.csv`, csvOf(stats, t))} data-testid="stats-csv">
                {t('referrals.stats.csv')}
              </Button>
            }
          >
            {stats.flows.length === 0 ? (
              <Text size="sm" data-testid="stats-none">
                {t('referrals.stats.none')}
              </Text>
            ) : (
              <Stack gap="md">
                <Text size="sm">{t('referrals.stats.matrixHelp')}</Text>
                <FlowMatrix stats={stats} />
                <Table.ScrollContainer minWidth={720}>
                  <Table striped verticalSpacing="xs" data-testid="stats-table">
                    <Table.Caption>{t('referrals.stats.tableCaption')}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('referrals.stats.columns.from')}</Table.Th>
                        <Table.Th scope="col">{t('referrals.stats.columns.to')}</Table.Th>
                        <Table.Th scope="col">{t('referrals.stats.columns.referrals')}</Table.Th>
                        <Table.Th scope="col">{t('referrals.stats.columns.accepted')}</Table.Th>
                        <Table.Th scope="col">{t('referrals.stats.columns.declined')}</Table.Th>
                        <Table.Th scope="col">{t('referrals.stats.columns.expired')}</Table.Th>
                        <Table.Th scope="col">{t('referrals.stats.columns.rate')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {stats.flows.map((f) => (
                        <Table.Tr key={`${f.fromType}-${f.toType}`} data-testid="stats-row">
                          <Table.Td>{t(`organisationTypes.${f.fromType}`)}</Table.Td>
                          <Table.Td>{t(`organisationTypes.${f.toType}`)}</Table.Td>
                          <Table.Td>{f.referrals}</Table.Td>
                          <Table.Td>{f.accepted}</Table.Td>
                          <Table.Td>{f.declined}</Table.Td>
                          <Table.Td>{f.expired}</Table.Td>
                          <Table.Td>{percent(f.acceptanceRate)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Stack>
            )}
          </Section>
        </>
      ) : null}
    </Stack>
  );
}
