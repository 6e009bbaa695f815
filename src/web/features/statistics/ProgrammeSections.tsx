/**
 * The dashboard's two programme sections for the selected year: the national action plan's progress (per
 * pillar, actions by latest validated status as a stacked bar, and the indicators' target vs validated value)
 * and the prevention and partnership activities (key figures). Like the other sections, each chart has its
 * table on demand and a CSV download of what is on screen. These figures are about actions, campaigns and
 * professionals, not victims: no disclosure control applies to them.
 */
import { useState } from 'react';
import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ACTION_STATUSES, type TProgressSummary } from '../../../contract/actionplan';
import type { TActivitiesSummary } from '../../../contract/activities';
import { intlLocale } from '../../ui/dates';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { downloadText, tableCsv } from '../../ui/csv';
import { formatValue } from '../actionplan/planUi';
import { useActionPlanSummary, useActivitiesSummary } from './api';

const STATUS_ORDER = [...ACTION_STATUSES, 'not_reported'] as const;
const STATUS_COLOURS: Record<string, string> = {
  completed: '#2b8a3e', on_track: '#3f74b8', delayed: '#e67700', not_started: '#868e96', cancelled: '#495057', not_reported: '#dee2e6',
};

function useNumber() {
  const { i18n } = useTranslation();
  const nf = new Intl.NumberFormat(intlLocale(i18n.language));
  return (v: number) => nf.format(v);
}

/** Show-table toggle and CSV download, the same controls as the other dashboard sections. */
function TableControls({ id, shown, onToggle, onCsv }: { id: string; shown: boolean; onToggle: () => void; onCsv: () => void }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm">
      <Button variant="default" size="xs" onClick={onToggle} aria-expanded={shown} aria-controls={`${id}-table`} data-testid={`toggle-${id}`}>
        {shown ? t('statistics.hideTable') : t('statistics.showTable')}
      </Button>
      <Button variant="default" size="xs" onClick={onCsv} data-testid={`csv-${id}`}>{t('statistics.downloadCsv')}</Button>
    </Group>
  );
}

function ActionPlanProgress({ year }: { year: number }) {
  const { t, i18n } = useTranslation();
  const number = useNumber();
  const query = useActionPlanSummary(year);
  const [showTable, setShowTable] = useState(false);
  const title = t('statistics.programmes.planTitle', { year });
  const data: TProgressSummary | undefined = query.data;
  const pillars = data?.pillars.filter((p) => p.actions > 0) ?? [];
  const statuses = STATUS_ORDER.filter((s) => pillars.some((p) => (p.byStatus[s] ?? 0) > 0));
  const statusLabel = (s: string) => t(`actionplan.plan.actionStatuses.${s}`);
  const pillarLabel = (p: string) => t(`actionplan.plan.pillars.${p}`);
  const indicators = pillars.flatMap((p) => p.indicators.map((i) => ({ ...i, pillar: p.pillar })));
  const value = (v: number | null, unit: (typeof indicators)[number]['unit']) => (v === null ? t('statistics.programmes.noValue') : formatValue(v, unit, i18n.language, t));
  const indicatorTitle = (i: { titleFr: string; titleAr: string }) => (i18n.language === 'ar' ? i.titleAr : i.titleFr);
  const csv = () => {
    const header = [t('statistics.programmes.pillar'), ...statuses.map(statusLabel), t('statistics.total')];
    const rows = pillars.map((p) => [pillarLabel(p.pillar), ...statuses.map((s) => p.byStatus[s] ?? 0), p.actions]);
    downloadText(`action-plan-${year}.csv`, tableCsv(header, rows));
  };
  return (
    <Section id="stat-actionplan" title={title} testId="section-actionplan">
      {query.isPending && <Loading />}
      {query.error && <ErrorAlert error={query.error} />}
      {data && pillars.length === 0 && <Text data-testid="actionplan-empty">{t('statistics.programmes.planEmpty', { year })}</Text>}
      {data && pillars.length > 0 && (
        <Stack gap="sm">
          <Text size="sm">{t('statistics.programmes.planIntro')}</Text>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: '0.25rem 1rem' }} aria-label={t('statistics.programmes.legend')}>
            {statuses.map((s) => (
              <li key={s} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                <span aria-hidden style={{ display: 'inline-block', inlineSize: 12, blockSize: 12, background: STATUS_COLOURS[s], border: '1px solid #868e96' }} />
                <Text size="sm" span>{statusLabel(s)}</Text>
              </li>
            ))}
          </ul>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="bars-actionplan">
            {pillars.map((p) => (
              <li key={p.pillar} data-testid={`pillar-${p.pillar}`} style={{ display: 'grid', gridTemplateColumns: 'minmax(8rem, 14rem) 1fr minmax(4.5rem, auto)', gap: '0.5rem', alignItems: 'center', marginBlockEnd: 4 }}>
                <Text size="sm">{pillarLabel(p.pillar)}</Text>
                <span aria-hidden style={{ display: 'flex', blockSize: 14, border: '1px solid #adb5bd' }}>
                  {statuses.map((s) => (p.byStatus[s] ?? 0) > 0 && (
                    <span key={s} title={statusLabel(s)} style={{ inlineSize: `${(100 * (p.byStatus[s] ?? 0)) / p.actions}%`, background: STATUS_COLOURS[s] }} />
                  ))}
                </span>
                <Text size="sm" ta="end" fw={600}>{t('statistics.programmes.actionsCount', { n: number(p.actions) })}</Text>
              </li>
            ))}
          </ul>
          <TableControls id="actionplan" shown={showTable} onToggle={() => setShowTable((s) => !s)} onCsv={csv} />
          <div id="actionplan-table" hidden={!showTable}>
            {showTable && (
              <Table.ScrollContainer minWidth={480}>
                <Table striped withTableBorder data-testid="table-actionplan">
                  <caption>{title}</caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('statistics.programmes.pillar')}</Table.Th>
                      {statuses.map((s) => <Table.Th key={s} scope="col" ta="end">{statusLabel(s)}</Table.Th>)}
                      <Table.Th scope="col" ta="end">{t('statistics.total')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {pillars.map((p) => (
                      <Table.Tr key={p.pillar}>
                        <Table.Th scope="row" fw={400}>{pillarLabel(p.pillar)}</Table.Th>
                        {statuses.map((s) => <Table.Td key={s} ta="end">{number(p.byStatus[s] ?? 0)}</Table.Td>)}
                        <Table.Td ta="end" fw={600}>{number(p.actions)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </div>
          <Title order={3} size="h5" id="stat-indicators-title">{t('statistics.programmes.indicatorsTitle')}</Title>
          {indicators.length === 0 ? (
            <Text size="sm">{t('statistics.programmes.noIndicators')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table striped withTableBorder data-testid="table-indicators">
                <caption>{t('statistics.programmes.indicatorsCaption', { year })}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('statistics.programmes.code')}</Table.Th>
                    <Table.Th scope="col">{t('actionplan.plan.columns.indicator')}</Table.Th>
                    <Table.Th scope="col" ta="end">{t('statistics.programmes.target', { year })}</Table.Th>
                    <Table.Th scope="col" ta="end">{t('statistics.programmes.validated')}</Table.Th>
                    <Table.Th scope="col">{t('actionplan.plan.columns.period')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {indicators.map((i) => (
                    <Table.Tr key={i.id} data-testid="indicator-row">
                      <Table.Th scope="row" fw={400}><bdi>{i.code}</bdi></Table.Th>
                      <Table.Td>{indicatorTitle(i)}</Table.Td>
                      <Table.Td ta="end">{value(i.target, i.unit)}</Table.Td>
                      <Table.Td ta="end">{value(i.validated, i.unit)}</Table.Td>
                      <Table.Td><bdi>{i.period ?? t('statistics.programmes.noValue')}</bdi></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
    </Section>
  );
}

type Figure = { key: string; label: string; value: number | null; text?: string };

function figuresOf(s: TActivitiesSummary, t: (k: string) => string): Figure[] {
  return [
    { key: 'campaigns', label: t('statistics.programmes.figures.campaigns'), value: s.campaigns.count },
    { key: 'peopleReached', label: t('statistics.programmes.figures.peopleReached'), value: s.campaigns.peopleReached },
    { key: 'trainings', label: t('statistics.programmes.figures.trainings'), value: s.trainings.count },
    { key: 'hours', label: t('statistics.programmes.figures.hours'), value: s.trainings.hours },
    { key: 'women', label: t('statistics.programmes.figures.women'), value: s.trainings.totals.women },
    { key: 'men', label: t('statistics.programmes.figures.men'), value: s.trainings.totals.men },
    { key: 'agreements', label: t('statistics.programmes.figures.agreements'), value: s.agreements.inForceAtYearEnd },
    { key: 'cooperation', label: t('statistics.programmes.figures.cooperation'), value: s.cooperation.count },
    { key: 'medianDays', label: t('statistics.programmes.figures.medianDays'), value: s.cooperation.medianResponseDays },
  ];
}

function PreventionPartnerships({ year }: { year: number }) {
  const { t } = useTranslation();
  const number = useNumber();
  const query = useActivitiesSummary(year);
  const [showTable, setShowTable] = useState(false);
  const title = t('statistics.programmes.activitiesTitle', { year });
  const s = query.data;
  const empty = s && s.campaigns.count === 0 && s.trainings.count === 0 && s.agreements.inForceAtYearEnd === 0 && s.cooperation.count === 0;
  const figures = s ? figuresOf(s, t) : [];
  const shown = (f: Figure) => (f.value === null ? t('statistics.programmes.noValue') : number(f.value));
  const maxPeople = Math.max(1, s?.trainings.totals.women ?? 0, s?.trainings.totals.men ?? 0);
  return (
    <Section id="stat-activities" title={title} testId="section-activities">
      {query.isPending && <Loading />}
      {query.error && <ErrorAlert error={query.error} />}
      {empty && <Text data-testid="activities-empty">{t('statistics.programmes.activitiesEmpty', { year })}</Text>}
      {s && !empty && (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {figures.filter((f) => f.key !== 'women' && f.key !== 'men').map((f) => (
              <Paper key={f.key} withBorder p="sm">
                <Text size="sm">{f.label}</Text>
                <Text fz="xl" fw={700} data-testid={`activity-${f.key}`}>{shown(f)}</Text>
              </Paper>
            ))}
          </SimpleGrid>
          {s.campaigns.withoutEstimate > 0 && (
            <Text size="sm" data-testid="activity-without-estimate">{t('statistics.programmes.withoutEstimate', { n: number(s.campaigns.withoutEstimate) })}</Text>
          )}
          <Text size="sm" fw={600}>{t('statistics.programmes.participants')}</Text>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="bars-participants">
            {figures.filter((f) => f.key === 'women' || f.key === 'men').map((f) => (
              <li key={f.key} style={{ display: 'grid', gridTemplateColumns: 'minmax(8rem, 14rem) 1fr 4.5rem', gap: '0.5rem', alignItems: 'center', marginBlockEnd: 4 }}>
                <Text size="sm">{f.label}</Text>
                <span aria-hidden style={{ display: 'block', blockSize: 14, inlineSize: `${(100 * (f.value ?? 0)) / maxPeople}%`, background: '#3f74b8' }} />
                <Text size="sm" ta="end" fw={600} data-testid={`activity-${f.key}`}>{shown(f)}</Text>
              </li>
            ))}
          </ul>
          <TableControls id="activities" shown={showTable} onToggle={() => setShowTable((x) => !x)}
            onCsv={() => downloadText(`prevention-partnerships-${year}.csv`, tableCsv([t('statistics.programmes.figure'), t('statistics.programmes.value')], figures.map((f) => [f.label, f.value])))} />
          <div id="activities-table" hidden={!showTable}>
            {showTable && (
              <Table striped withTableBorder data-testid="table-activities">
                <caption>{title}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('statistics.programmes.figure')}</Table.Th>
                    <Table.Th scope="col" ta="end">{t('statistics.programmes.value')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {figures.map((f) => (
                    <Table.Tr key={f.key}>
                      <Table.Th scope="row" fw={400}>{f.label}</Table.Th>
                      <Table.Td ta="end">{shown(f)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
        </Stack>
      )}
    </Section>
  );
}

export function ProgrammeSections({ year }: { year: number }) {
  return (
    <>
      <ActionPlanProgress year={year} />
      <PreventionPartnerships year={year} />
    </>
  );
}
