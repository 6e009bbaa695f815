import { List, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useFormat } from '../../ui/useFormat';
import { useCaseHistory } from './api';
import type { THistoryEntry } from './types';

const CALENDAR = /^\d{4}-\d{2}-\d{2}$/;

function useValueFormatter() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('history.empty');
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (typeof v === 'string') return CALENDAR.test(v) ? fmt.date(v) : v;
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) return v.length ? fmt.list(v.map(show)) : t('history.empty');
    return JSON.stringify(v);
  };
  return show;
}

function Changes({ entry }: { entry: THistoryEntry }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const show = useValueFormatter();
  const label = (f: string) => t(`fields.${f}`, { defaultValue: f });
  if (entry.changes && Object.keys(entry.changes).length) {
    return (
      <List size="sm" spacing={2}>
        {Object.entries(entry.changes).map(([field, c]) => (
          <List.Item key={field}>
            <Text span fw={600} size="sm">
              {label(field)}
            </Text>
            {t('history.colon')}
            {field === 'identificationStatus'
              ? t('history.fromTo', { from: t(`identification.statuses.${String(c.from)}`), to: t(`identification.statuses.${String(c.to)}`) })
              : t('history.fromTo', { from: show(c.from), to: show(c.to) })}
          </List.Item>
        ))}
      </List>
    );
  }
  if (entry.changedFields.length) return <Text size="sm">{fmt.list(entry.changedFields.map(label))}</Text>;
  return null;
}

export function HistorySection({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const history = useCaseHistory(caseId);
  return (
    <Section id="history" title={t('history.title')} testId="history-section">
      {history.isPending ? (
        <Loading />
      ) : history.error ? (
        <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />
      ) : (history.data ?? []).length === 0 ? (
        <Text size="sm">{t('history.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" data-testid="history-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('history.when')}</Table.Th>
                <Table.Th scope="col">{t('history.who')}</Table.Th>
                <Table.Th scope="col">{t('history.what')}</Table.Th>
                <Table.Th scope="col">{t('history.changes')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(history.data ?? []).map((h) => (
                <Table.Tr key={h.id} data-testid="history-row">
                  <Table.Td className="nowrap">{fmt.instant(h.at)}</Table.Td>
                  <Table.Td>{h.actor}</Table.Td>
                  <Table.Td>
                    {t(`history.entity.${h.entityType}`)}
                    {' — '}
                    {t(`history.actions.${h.action}`, { defaultValue: h.action })}
                  </Table.Td>
                  <Table.Td>
                    <Changes entry={h} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
