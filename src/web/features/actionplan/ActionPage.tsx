/** One action of the plan: lead and partners, budget and dates, indicators with targets, its progress reports, linked recommendations. */
import { Anchor, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { evidenceUrl, usePlanAction, usePlanReports } from './api';
import { ActionStatusBadge, formatValue, IndicatorProgress, ReportStatusBadge } from './planUi';

export default function ActionPage() {
  const { actionId } = useParams();
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const ar = i18n.language === 'ar';
  const action = usePlanAction(actionId ?? null);
  const reports = usePlanReports({ actionId }, !!action.data?.mayReadReports);
  useDocumentTitle(action.data ? t('actionplan.plan.action.title', { code: action.data.code }) : t('actionplan.plan.title'));
  if (action.isPending) return <Loading />;
  if (action.error) return <ErrorAlert error={action.error} onRetry={() => void action.refetch()} />;
  const a = action.data;
  const year = new Date().getFullYear();
  const money = a.budgetMinor === null ? t('actionplan.plan.none') : `${new Intl.NumberFormat(ar ? 'ar-MA-u-nu-latn' : `${i18n.language}-MA`, { maximumFractionDigits: 2 }).format(a.budgetMinor / 100)} MAD`;
  return (
    <Stack>
      <Anchor component={Link} to="/action-plan" size="sm">{t('actionplan.plan.action.back')}</Anchor>
      <PageHeader title={<><bdi>{a.code}</bdi> — {ar ? a.titleAr : a.titleFr}</>} testId="action-title">
        <Text>{t(`actionplan.plan.pillars.${a.pillar}`)}</Text>
      </PageHeader>
      <Paper withBorder p="md" component="section" aria-labelledby="action-facts">
        <Title order={2} size="h4" id="action-facts" mb="sm">{t('actionplan.plan.action.facts')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl">
          <div><Text component="dt" fw={600} size="sm">{t('actionplan.plan.columns.lead')}</Text><Text component="dd" m={0}>{a.lead.name}</Text></div>
          <div><Text component="dt" fw={600} size="sm">{t('actionplan.plan.partners')}</Text><Text component="dd" m={0}>{a.partners.length ? fmt.list(a.partners.map((p) => p.name)) : t('actionplan.plan.none')}</Text></div>
          <div><Text component="dt" fw={600} size="sm">{t('actionplan.plan.budget')}</Text><Text component="dd" m={0}><bdi>{money}</bdi></Text></div>
          <div><Text component="dt" fw={600} size="sm">{t('actionplan.plan.dates')}</Text><Text component="dd" m={0}>{t('actionplan.plan.dateRange', { start: fmt.date(a.startDate), end: fmt.date(a.endDate) })}</Text></div>
          <div><Text component="dt" fw={600} size="sm">{t('actionplan.plan.columns.status')}</Text><Text component="dd" m={0}><ActionStatusBadge status={a.reportedStatus} /> <Text span size="sm">{t('actionplan.plan.plannedStatus', { status: t(`actionplan.plan.actionStatuses.${a.status}`) })}</Text></Text></div>
        </SimpleGrid>
      </Paper>
      <section aria-labelledby="action-indicators">
        <Title order={2} size="h4" id="action-indicators" mb="sm">{t('actionplan.plan.action.indicators')}</Title>
        {a.indicators.length === 0 ? <Text>{t('actionplan.plan.noIndicators')}</Text> : (
          <Table.ScrollContainer minWidth={720}>
            <Table striped data-testid="action-indicators">
              <Table.Caption className="visually-hidden">{t('actionplan.plan.action.indicators')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('actionplan.plan.columns.indicator')}</Table.Th>
                  <Table.Th scope="col">{t('actionplan.plan.columns.unit')}</Table.Th>
                  <Table.Th scope="col">{t('actionplan.plan.columns.baseline')}</Table.Th>
                  <Table.Th scope="col">{t('actionplan.plan.columns.targets')}</Table.Th>
                  <Table.Th scope="col">{t('actionplan.plan.columns.progress', { year })}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {a.indicators.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td><bdi>{i.code}</bdi> — {ar ? i.titleAr : i.titleFr}</Table.Td>
                    <Table.Td>{t(`actionplan.plan.units.${i.unit}`)} · {t(`actionplan.plan.frequencies.${i.frequency}`)}</Table.Td>
                    <Table.Td>{i.baselineValue === null ? '—' : `${formatValue(i.baselineValue, i.unit, i18n.language, t)}${i.baselineYear ? ` (${i.baselineYear})` : ''}`}</Table.Td>
                    <Table.Td>{i.targets.length ? i.targets.map((x) => `${x.year} : ${formatValue(x.value, i.unit, i18n.language, t)}`).join(' · ') : '—'}</Table.Td>
                    <Table.Td><IndicatorProgress indicator={i} year={year} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
      <section aria-labelledby="action-reports">
        <Title order={2} size="h4" id="action-reports" mb="sm">{t('actionplan.plan.action.reports')}</Title>
        {!a.mayReadReports ? <Text size="sm">{t('actionplan.plan.action.reportsHidden')}</Text> : reports.isPending ? <Loading /> : reports.error ? <ErrorAlert error={reports.error} /> : reports.data.length === 0 ? (
          <Text size="sm">{t('actionplan.plan.action.noReports')}</Text>
        ) : (
          <Table striped data-testid="action-reports">
            <Table.Caption className="visually-hidden">{t('actionplan.plan.action.reports')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('actionplan.plan.columns.period')}</Table.Th>
                <Table.Th scope="col">{t('actionplan.plan.columns.report')}</Table.Th>
                <Table.Th scope="col">{t('actionplan.plan.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('actionplan.plan.columns.values')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reports.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td><bdi>{r.period}</bdi></Table.Td>
                  <Table.Td><ReportStatusBadge status={r.status} /></Table.Td>
                  <Table.Td><ActionStatusBadge status={r.actionStatus} testId="report-action-status" /></Table.Td>
                  <Table.Td>
                    {r.values.map((v) => `${v.code} : ${formatValue(v.value, v.unit, i18n.language, t)}`).join(' · ') || '—'}
                    {r.evidence && <> · <Anchor href={evidenceUrl(r.id)} download size="sm">{t('actionplan.plan.validation.evidence')}</Anchor></>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
      <section aria-labelledby="action-recommendations">
        <Title order={2} size="h4" id="action-recommendations" mb="sm">{t('actionplan.plan.action.recommendations')}</Title>
        {a.recommendations.length === 0 ? <Text size="sm">{t('actionplan.plan.action.noRecommendations')}</Text> : (
          <Stack gap="xs" data-testid="action-recommendations">
            {a.recommendations.map((r) => (
              <Text key={r.id} size="sm"><bdi>{r.reference}</bdi> — {ar ? r.textAr : r.textFr} ({t(`actionplan.statuses.${r.status}`)})</Text>
            ))}
          </Stack>
        )}
      </section>
    </Stack>
  );
}
