/** The proceedings of the justice user's office (and of the court named in them). */
import { Anchor, Badge, Button, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import NotFoundPage from '../misc/NotFoundPage';
import { useProceedings } from './api';
import { useOffences } from './labels';

export function StageBadge({ stage }: { stage: string }) {
  const { t } = useTranslation();
  return (
    <Badge color="indigo.9" variant="outline" bg="white" tt="none" data-testid="proceeding-stage" data-stage={stage}>
      {t(`justice.stages.${stage}`)}
    </Badge>
  );
}

export default function ProceedingsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const offences = useOffences();
  const query = useProceedings();
  useDocumentTitle(t('justice.list.title'));
  if (isApiError(query.error) && query.error.code === 'NOT_FOUND') return <NotFoundPage />;
  const items = query.data ?? [];
  return (
    <Stack>
      <PageHeader
        title={t('justice.list.title')}
        actions={
          <Button component={Link} to="/justice/new" data-testid="proceeding-new">
            {t('justice.list.new')}
          </Button>
        }
      >
        <Text>{t('justice.list.intro')}</Text>
      </PageHeader>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <Text data-testid="proceedings-empty">{t('justice.list.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="sm" striped data-testid="proceedings-table">
            <Table.Caption className="visually-hidden">{t('justice.list.title')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('justice.fields.reference')}</Table.Th>
                <Table.Th scope="col">{t('justice.fields.stage')}</Table.Th>
                <Table.Th scope="col">{t('justice.fields.offences')}</Table.Th>
                <Table.Th scope="col">{t('justice.list.counts')}</Table.Th>
                <Table.Th scope="col">{t('justice.list.nextHearing')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id} data-testid="proceeding-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/justice/${p.id}`} className="ltr-value nowrap" fw={600} data-testid="proceeding-link">
                      {p.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StageBadge stage={p.stage} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{fmt.list(p.offences.map(offences.offence))}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t('justice.list.countsValue', { victims: p.victims, defendants: p.defendants })}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{p.nextHearingAt ? fmt.instant(p.nextHearingAt) : t('justice.list.noHearing')}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
