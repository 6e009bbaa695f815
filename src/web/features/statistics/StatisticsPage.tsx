/**
 * The commission's dashboard: the year's figures from the operational data, after disclosure control. Every
 * chart has its table (shown on demand) and a CSV download of what is on screen; the standard exports are
 * prepared as jobs on the server (ExportsPanel), audited there.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TStatistics, TStatTable } from '../../../contract/statistics';
import { TAXONOMY } from '../../../contract/reference';
import { useReference } from '../../app/reference';
import { intlLocale } from '../../ui/dates';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useStatistics } from './api';
import { ExportsPanel } from './ExportsPanel';
import { downloadText, tableCsv } from '../../ui/csv';
import { ProgrammeSections } from './ProgrammeSections';
import { RegionMap } from './RegionMap';

type Situation = 'trafficking' | 'smuggling';
const FORM_GROUP_CODES = new Set<string>(TAXONOMY.nationalFormGroups.map((g) => g.code));

function useLabels() {
  const { t, i18n } = useTranslation();
  const ref = useReference();
  const locale = intlLocale(i18n.language);
  const number = new Intl.NumberFormat(locale);
  const month = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  const unknown = t('statistics.keys.unknown');
  const row = (table: string, key: string): string => {
    if (key === 'unknown') return unknown;
    switch (table) {
      case 'sexAge': return t(`statistics.keys.${key}`);
      case 'nationality': return t(`statistics.keys.${key}`);
      case 'citizenship': return ref.country(key);
      case 'form': return key === 'not_specified' ? t('statistics.keys.not_specified') : ref.label(FORM_GROUP_CODES.has(key) ? 'nationalFormGroups' : 'exploitationForms', key);
      case 'unodcForm': return key === 'not_specified' ? t('statistics.keys.not_specified') : ref.label('unodcCategories', key);
      case 'region': return key === 'abroad' ? t('statistics.keys.abroad') : ref.region(key);
      case 'organisationType': return t(`organisationTypes.${key}`);
      case 'channel': return ref.label('identificationChannels', key);
      case 'month': return month.format(new Date(`${key}-01T00:00:00Z`));
      // Tables from other modules (e.g. referrals.services): their row keys are labelled under statistics.keys.
      default: return table.includes('.') ? t(`statistics.keys.${key}`) : key;
    }
  };
  const value = (v: number | null) => (v === null ? t('statistics.suppressed') : number.format(v));
  return { row, value, column: (c: string) => t(`statistics.columns.${c}`), region: ref.region };
}

function Bars({ items, testId }: { items: { label: string; value: number | null }[]; testId: string }) {
  const { value } = useLabels();
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid={testId}>
      {items.map((i) => (
        <li key={i.label} style={{ display: 'grid', gridTemplateColumns: 'minmax(8rem, 14rem) 1fr 4.5rem', gap: '0.5rem', alignItems: 'center', marginBlockEnd: 4 }}>
          <Text size="sm">{i.label}</Text>
          <span aria-hidden style={{ display: 'block', blockSize: 14, inlineSize: i.value === null ? '1.5rem' : `${(100 * i.value) / max}%`, background: i.value === null ? 'repeating-linear-gradient(45deg, #f1f3f5 0 4px, #adb5bd 4px 6px)' : '#3f74b8', opacity: i.value === null ? 0.6 : 1 }} />
          <Text size="sm" ta="end" fw={600}>{value(i.value)}</Text>
        </li>
      ))}
    </ul>
  );
}

/** Rows a table cannot count from what is recorded (UNODC's forced marriage): shown as not available, never as 0. */
function TableView({ table, caption, notAvailable }: { table: TStatTable; caption: string; notAvailable: string[] }) {
  const { t } = useTranslation();
  const { row, value, column } = useLabels();
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped withTableBorder data-testid={`table-${table.id}`}>
        <caption>{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t(`statistics.rowHeader.${table.id}`)}</Table.Th>
            {table.columns.map((c) => <Table.Th key={c} scope="col" ta="end">{column(c)}</Table.Th>)}
            <Table.Th scope="col" ta="end">{t('statistics.total')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row" fw={400}>{row(table.id, r.key)}</Table.Th>
              {r.cells.map((c, i) => <Table.Td key={i} ta="end">{value(c)}</Table.Td>)}
              <Table.Td ta="end" fw={600}>{value(r.total)}</Table.Td>
            </Table.Tr>
          ))}
          {notAvailable.map((key) => (
            <Table.Tr key={key} data-testid={`not-available-${key}`}>
              <Table.Th scope="row" fw={400}>{row(table.id, key)}</Table.Th>
              {[...table.columns, 'total'].map((c) => <Table.Td key={c} ta="end" c="dimmed">{t('statistics.notAvailable')}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {table.columnTotals && (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row">{t('statistics.total')}</Table.Th>
              {table.columnTotals.map((c, i) => <Table.Td key={i} ta="end" fw={600}>{value(c)}</Table.Td>)}
              <Table.Td ta="end" fw={700}>{value(table.total)}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}

function csvOf(table: TStatTable, notAvailable: string[], labels: ReturnType<typeof useLabels>, t: (k: string) => string, mark: string) {
  const v = (x: number | null) => (x === null ? mark : x);
  const rows: (string | number)[][] = table.rows.map((r) => [labels.row(table.id, r.key), ...r.cells.map(v), v(r.total)]);
  for (const key of notAvailable) rows.push([labels.row(table.id, key), ...[...table.columns, 'total'].map(() => t('statistics.notAvailable'))]);
  if (table.columnTotals) rows.push([t('statistics.total'), ...table.columnTotals.map(v), v(table.total)]);
  return tableCsv(['', ...table.columns.map(labels.column), t('statistics.total')], rows);
}

function TableSection({ table, data, map }: { table: TStatTable; data: TStatistics; map?: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [showTable, setShowTable] = useState(false);
  const title = t(`statistics.tables.${table.id}`);
  const items = table.rows.filter((r) => table.id !== 'citizenship' || r.total !== 0).map((r) => ({ label: labels.row(table.id, r.key), value: r.total }));
  const tableId = `stat-table-${table.id}`;
  const notAvailable = data.notAvailable[table.id] ?? [];
  return (
    <Section id={`stat-${table.id}`} title={title} testId={`section-${table.id}`}>
      <Stack gap="sm">
        {!table.additive && <Text size="sm" c="dimmed">{t('statistics.multiValued')}</Text>}
        {notAvailable.length > 0 && <Text size="sm" c="dimmed" data-testid={`not-available-note-${table.id}`}>{t('statistics.notAvailableNote')}</Text>}
        {map ? (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <RegionMap values={new Map(table.rows.map((r) => [r.key, r.total]))} label={t('statistics.map.label', { year: data.year })} regionName={labels.region} format={labels.value} />
            <Bars items={items} testId={`bars-${table.id}`} />
          </SimpleGrid>
        ) : (
          <Bars items={items} testId={`bars-${table.id}`} />
        )}
        <Group gap="sm">
          <Button variant="default" size="xs" onClick={() => setShowTable((s) => !s)} aria-expanded={showTable} aria-controls={tableId} data-testid={`toggle-${table.id}`}>
            {showTable ? t('statistics.hideTable') : t('statistics.showTable')}
          </Button>
          <Button variant="default" size="xs" data-testid={`csv-${table.id}`}
            onClick={() => downloadText(`${table.id}-${data.situation}-${data.year}.csv`, csvOf(table, notAvailable, labels, t, t('statistics.suppressed')))}>
            {t('statistics.downloadCsv')}
          </Button>
        </Group>
        <div id={tableId} hidden={!showTable}>{showTable && <TableView table={table} caption={`${title} — ${data.year}`} notAvailable={notAvailable} />}</div>
      </Stack>
    </Section>
  );
}

export default function StatisticsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('statistics.title'));
  const [year, setYear] = useState<number | undefined>(undefined);
  const [situation, setSituation] = useState<Situation>('trafficking');
  const query = useStatistics(year, situation);
  const labels = useLabels();
  const data = query.data;
  const years = useMemo(() => [...(data?.years ?? [])].reverse(), [data?.years]);
  return (
    <Stack>
      <PageHeader title={t('statistics.title')} testId="statistics-title">
        <Text>{t('statistics.intro')}</Text>
      </PageHeader>
      <Paper withBorder p="md" component="form" role="search" aria-label={t('statistics.filters')} onSubmit={(e) => e.preventDefault()}>
        <Group align="flex-end" gap="md">
          <NativeSelect label={t('statistics.year')} description={t('statistics.yearHelp')} value={String(data?.year ?? year ?? '')} data-testid="filter-year"
            onChange={(e) => setYear(Number(e.currentTarget.value))}>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </NativeSelect>
          <NativeSelect label={t('statistics.situation')} value={situation} data-testid="filter-situation" onChange={(e) => setSituation(e.currentTarget.value as Situation)}>
            <option value="trafficking">{t('statistics.situations.trafficking')}</option>
            <option value="smuggling">{t('statistics.situations.smuggling')}</option>
          </NativeSelect>
        </Group>
      </Paper>
      <Alert variant="light" color="blue" title={t('statistics.protectionTitle')} data-testid="protection-note">
        {t('statistics.protectionBody', { max: (data?.threshold ?? 5) - 1, mark: t('statistics.suppressed') })}
      </Alert>
      {query.isPending && <Loading />}
      {query.error && <ErrorAlert error={query.error} />}
      {data && (
        <>
          <Section id="stat-headline" title={t('statistics.headline', { year: data.year })} testId="section-headline">
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {[...data.columns.map((c, i) => ({ key: c, label: labels.column(c), value: data.headline.cells[i] ?? null })), { key: 'total', label: t('statistics.total'), value: data.headline.total }].map((h) => (
                <Paper key={h.key} withBorder p="sm">
                  <Text size="sm">{h.label}</Text>
                  <Text fz="xl" fw={700} data-testid={`headline-${h.key}`}>{labels.value(h.value)}</Text>
                </Paper>
              ))}
            </SimpleGrid>
            <Text size="sm" mt="sm" data-testid="situations">
              {t('statistics.situationsLine', { trafficking: labels.value(data.situations.trafficking), smuggling: labels.value(data.situations.smuggling) })}
            </Text>
          </Section>
          {data.tables.map((table) => <TableSection key={table.id} table={table} data={data} map={table.id === 'region'} />)}
          <ProgrammeSections year={data.year} />
          <ExportsPanel year={data.year} />
        </>
      )}
    </Stack>
  );
}
