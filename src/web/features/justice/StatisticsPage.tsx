/**
 * The justice statistics feed for commission analysts: aggregates only, after disclosure control (small
 * cells and the cells that would reveal them are shown as suppressed).
 */
import { useState } from 'react';
import { NativeSelect, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TCell, TTable1, TTable2 } from '../../../contract/justice';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { DataList } from '../../ui/DataList';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useJusticeStatistics } from './api';

function Value({ cell, threshold }: { cell: TCell; threshold: number }) {
  const { t } = useTranslation();
  if (cell.suppressed) {
    return (
      <Text span size="sm" c="dimmed" data-testid="cell-suppressed" title={t('justice.statistics.suppressedHelp', { k: threshold })}>
        {t('justice.statistics.suppressed')}
      </Text>
    );
  }
  return <span data-testid="cell-value">{cell.value === null ? '—' : cell.value.toLocaleString()}</span>;
}

function Table2({ id, title, table, threshold }: { id: string; title: string; table: TTable2; threshold: number }) {
  const { t } = useTranslation();
  return (
    <Section id={id} title={title} testId={`stats-${id}`}>
      <Table.ScrollContainer minWidth={420}>
      <Table withTableBorder verticalSpacing="xs">
        <Table.Caption className="visually-hidden">{title}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('justice.statistics.sex')}</Table.Th>
            {table.cols.map((c) => (
              <Table.Th key={c} scope="col">
                {t(`justice.statistics.citizenship.${c}`)}
              </Table.Th>
            ))}
            <Table.Th scope="col">{t('justice.statistics.total')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.map((r, i) => (
            <Table.Tr key={r}>
              <Table.Th scope="row">{t(`justice.statistics.sexes.${r}`)}</Table.Th>
              {table.cells[i]!.map((cell, j) => (
                <Table.Td key={j}>
                  <Value cell={cell} threshold={threshold} />
                </Table.Td>
              ))}
              <Table.Td fw={600}>
                <Value cell={table.rowTotals[i]!} threshold={threshold} />
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">{t('justice.statistics.total')}</Table.Th>
            {table.colTotals.map((cell, j) => (
              <Table.Td key={j} fw={600}>
                <Value cell={cell} threshold={threshold} />
              </Table.Td>
            ))}
            <Table.Td fw={700}>
              <Value cell={table.total} threshold={threshold} />
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

function Table1({ id, title, table, family, threshold }: { id: string; title: string; table: TTable1; family: string; threshold: number }) {
  const { t } = useTranslation();
  return (
    <Section id={id} title={title} testId={`stats-${id}`}>
      <DataList
        items={[
          ...table.keys.map((k, i) => ({ label: t(`justice.${family}.${k}`), value: <Value cell={table.cells[i]!} threshold={threshold} /> })),
          { label: t('justice.statistics.total'), value: <Value cell={table.total} threshold={threshold} /> },
        ]}
      />
    </Section>
  );
}

export default function StatisticsPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState<number | undefined>(undefined);
  const query = useJusticeStatistics(year);
  useDocumentTitle(t('justice.statistics.title'));
  const s = query.data;
  const thisYear = new Date().getFullYear();
  return (
    <Stack gap="lg">
      <PageHeader title={t('justice.statistics.title')}>
        <Text>{t('justice.statistics.intro', { k: s?.threshold ?? 5 })}</Text>
        <NativeSelect
          label={t('justice.statistics.year')}
          value={year ? String(year) : ''}
          onChange={(e) => setYear(e.currentTarget.value ? Number(e.currentTarget.value) : undefined)}
          data={[{ value: '', label: t('justice.statistics.allYears') }, ...Array.from({ length: 8 }, (_, i) => String(thisYear - i)).map((y) => ({ value: y, label: y }))]}
          maw={240}
          data-testid="stats-year"
        />
      </PageHeader>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending || !s ? (
        query.isPending ? <Loading /> : null
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, xl: 3 }}>
            <Table2 id="suspects" title={t('justice.statistics.suspects')} table={s.suspects} threshold={s.threshold} />
            <Table2 id="prosecuted" title={t('justice.statistics.prosecuted')} table={s.prosecuted} threshold={s.threshold} />
            <Table2 id="convicted" title={t('justice.statistics.convicted')} table={s.convicted} threshold={s.threshold} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Table1 id="stages" title={t('justice.statistics.byStage')} table={s.proceedingsByStage} family="stages" threshold={s.threshold} />
            <Section id="timing" title={t('justice.statistics.timingAndCompensation')} testId="stats-timing">
              <DataList
                items={[
                  { label: t('justice.statistics.medianDays'), value: <Value cell={s.medianDaysComplaintToJudgment} threshold={s.threshold} /> },
                  { label: t('justice.statistics.judged'), value: <Value cell={s.judgedProceedings} threshold={s.threshold} /> },
                  { label: t('justice.statistics.defendantsOrdered'), value: <Value cell={s.compensation.defendantsOrdered} threshold={s.threshold} /> },
                  { label: t('justice.statistics.orderedMad'), value: <Value cell={s.compensation.orderedMad} threshold={s.threshold} /> },
                  { label: t('justice.statistics.paidMad'), value: <Value cell={s.compensation.paidMad} threshold={s.threshold} /> },
                  { label: t('justice.statistics.paidInFull'), value: <Value cell={s.compensation.defendantsPaidInFull} threshold={s.threshold} /> },
                ]}
              />
            </Section>
            <Table1 id="non-punishment" title={t('justice.statistics.nonPunishment')} table={s.nonPunishment} family="nonPunishmentStatuses" threshold={s.threshold} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
