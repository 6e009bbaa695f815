import { useState } from 'react';
import { Anchor, Button, Stack, Table, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { StageBadge, StatusBadge } from '../../ui/Badges';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useFormat } from '../../ui/useFormat';
import NotFoundPage from '../misc/NotFoundPage';
import { usePerson } from './api';
import { PersonEditForm } from './PersonEditForm';
import { PersonOverview } from './PersonOverview';

export default function PersonPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { personId = '' } = useParams();
  const query = usePerson(personId);
  const [editing, setEditing] = useState(false);
  const d = query.data;
  const name = d ? (d.person.identity ? [d.person.identity.givenNames, d.person.identity.familyName].filter(Boolean).join(' ') : d.person.pseudonym) : '';
  useDocumentTitle(d ? name : t('persons.view.title'));

  if (query.isPending) return <Loading />;
  if (query.error) {
    if (isApiError(query.error) && query.error.code === 'NOT_FOUND') return <NotFoundPage />;
    return (
      <Stack>
        <PageHeader title={t('persons.view.title')} />
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  if (!d) return null;

  return (
    <Stack gap="lg">
      <PageHeader
        title={<span data-testid="person-name">{name}</span>}
        actions={
          d.abilities.update &&
          !editing && (
            <Button onClick={() => setEditing(true)} data-testid="person-edit-button">
              {t('persons.edit.open')}
            </Button>
          )
        }
      >
        <Text>{t('persons.view.subtitle')}</Text>
      </PageHeader>
      {editing && <PersonEditForm key={d.person.id} person={d.person} onDone={() => setEditing(false)} />}
      <Section id="person-details" title={t('persons.view.details')} testId="person-details">
        <PersonOverview person={d.person} detailed />
      </Section>
      <Section id="person-cases" title={t('persons.view.cases')} testId="person-cases">
        {d.cases.length === 0 ? (
          <Text size="sm">{t('persons.view.noCases')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="xs" data-testid="person-cases-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('cases.fields.reference')}</Table.Th>
                  <Table.Th scope="col">{t('fields.status')}</Table.Th>
                  <Table.Th scope="col">{t('fields.stage')}</Table.Th>
                  <Table.Th scope="col">{t('fields.identifiedOn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.cases.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/cases/${c.id}`} className="ltr-value">
                        {c.reference}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td>
                      <StageBadge stage={c.stage} />
                    </Table.Td>
                    <Table.Td className="nowrap">{fmt.date(c.identifiedOn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
    </Stack>
  );
}
