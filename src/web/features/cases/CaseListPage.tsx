import { useMemo, useState, type FormEvent } from 'react';
import { Anchor, Button, Checkbox, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SEXES } from '../../../contract/common';
import { useAuth } from '../../app/auth';
import { useReference, type TOption } from '../../app/reference';
import { QUICK_SCREEN_ROLES, REGISTER_ROLES } from '../../app/roles';
import { IdentificationBadge, StageBadge, StatusBadge } from '../../ui/Badges';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useCaseList, type TCaseFilters } from './api';
import type { TCaseListItem } from './types';

const FILTER_KEYS = ['q', 'status', 'stage', 'situationType', 'form', 'regionCode', 'sex', 'child', 'assignedToMe'] as const;
type TFilterKey = (typeof FILTER_KEYS)[number];

function FilterSelect({ label, value, options, onChange, testId }: { label: string; value: string; options: TOption[]; onChange: (v: string) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <NativeSelect label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} data-testid={testId}>
      <option value="">{t('common.all')}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </NativeSelect>
  );
}

function CaseRow({ item }: { item: TCaseListItem }) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  return (
    <Table.Tr data-testid="case-row">
      <Table.Td>
        <Anchor component={Link} to={`/cases/${item.id}`} fw={600} className="ltr-value nowrap" data-testid="case-row-link">
          {item.reference}
        </Anchor>
      </Table.Td>
      <Table.Td>
        {item.nameVisible ? (
          item.displayName
        ) : (
          <Text span fs="italic" title={t('cases.list.pseudonymHint')}>
            {item.displayName}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {t(`sex.${item.sex}`)}
        {' · '}
        {t(`ageGroup.${item.ageGroup}`)}
      </Table.Td>
      <Table.Td>
        <StageBadge stage={item.stage} />
      </Table.Td>
      <Table.Td>
        <StatusBadge status={item.status} />
      </Table.Td>
      <Table.Td>
        <IdentificationBadge status={item.identificationStatus} testId="case-row-identification" />
      </Table.Td>
      <Table.Td>{item.exploitationForms ? fmt.list(item.exploitationForms.map((f) => ref.label('exploitationForms', f))) : t('common.notShared')}</Table.Td>
      <Table.Td>{item.managingOrganisation.name}</Table.Td>
      <Table.Td>{item.assignedUser?.name ?? t('cases.list.unassigned')}</Table.Td>
      <Table.Td className="nowrap">{fmt.date(item.identifiedOn)}</Table.Td>
    </Table.Tr>
  );
}

export default function CaseListPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const ref = useReference();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  useDocumentTitle(t('cases.list.title'));

  const filters = useMemo<TCaseFilters>(() => {
    const f: Record<string, string> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f as TCaseFilters;
  }, [params]);

  const query = useCaseList(filters);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  const setFilter = (key: TFilterKey, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setFilter('q', search.trim());
  };
  const clearAll = () => {
    setSearch('');
    setParams(new URLSearchParams(), { replace: true });
  };
  const value = (k: TFilterKey) => params.get(k) ?? '';
  const yesNo: TOption[] = [
    { value: 'true', label: t('common.yes') },
    { value: 'false', label: t('common.no') },
  ];

  return (
    <Stack>
      <PageHeader
        title={t('cases.list.title')}
        actions={
          (hasRole(QUICK_SCREEN_ROLES) || hasRole(REGISTER_ROLES)) && (
            <>
              {hasRole(QUICK_SCREEN_ROLES) && (
                <Button component={Link} to="/quick-screen" variant="subtle" data-testid="quick-screen-link">
                  {t('quickScreen.link')}
                </Button>
              )}
              {hasRole(REGISTER_ROLES) && (
                <Button component={Link} to="/cases/new" data-testid="register-case-button">
                  {t('cases.list.register')}
                </Button>
              )}
            </>
          )
        }
      />

      <Paper withBorder p="md" component="section" aria-labelledby="case-filters-title">
        <Text component="h2" fw={700} size="md" id="case-filters-title" mb="sm">
          {t('cases.list.filtersTitle')}
        </Text>
        <form role="search" onSubmit={onSearch} aria-label={t('cases.list.searchLabel')}>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label={t('cases.list.searchLabel')}
              description={t('cases.list.searchHelp')}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              type="search"
              style={{ flex: '1 1 260px' }}
              data-testid="case-search"
            />
            <Button type="submit" data-testid="case-search-submit">
              {t('cases.list.searchButton')}
            </Button>
          </Group>
        </form>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mt="md" spacing="sm">
          <FilterSelect label={t('fields.status')} value={value('status')} options={ref.list('caseStatuses')} onChange={(v) => setFilter('status', v)} testId="filter-status" />
          <FilterSelect label={t('fields.stage')} value={value('stage')} options={ref.list('caseStages')} onChange={(v) => setFilter('stage', v)} testId="filter-stage" />
          <FilterSelect
            label={t('fields.situationType')}
            value={value('situationType')}
            options={ref.list('situationTypes')}
            onChange={(v) => setFilter('situationType', v)}
            testId="filter-situation"
          />
          <FilterSelect
            label={t('cases.fields.exploitationForm')}
            value={value('form')}
            options={ref.list('exploitationForms')}
            onChange={(v) => setFilter('form', v)}
            testId="filter-form"
          />
          <FilterSelect label={t('cases.fields.region')} value={value('regionCode')} options={ref.regions} onChange={(v) => setFilter('regionCode', v)} testId="filter-region" />
          <FilterSelect
            label={t('fields.sex')}
            value={value('sex')}
            options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
            onChange={(v) => setFilter('sex', v)}
            testId="filter-sex"
          />
          <FilterSelect label={t('cases.list.childFilter')} value={value('child')} options={yesNo} onChange={(v) => setFilter('child', v)} testId="filter-child" />
          <Checkbox
            label={t('cases.list.assignedToMe')}
            checked={value('assignedToMe') === 'true'}
            onChange={(e) => setFilter('assignedToMe', e.currentTarget.checked ? 'true' : '')}
            mt={{ base: 0, md: 30 }}
            data-testid="filter-assigned-to-me"
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button variant="subtle" onClick={clearAll} data-testid="filters-clear">
            {t('cases.list.clearFilters')}
          </Button>
        </Group>
      </Paper>

      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending ? (
        <Loading />
      ) : (
        <section aria-labelledby="case-results-title">
          <Text component="h2" fw={700} size="md" id="case-results-title" mb="xs" aria-live="polite">
            {t('cases.list.resultsTitle', { n: items.length })}
          </Text>
          {items.length === 0 ? (
            <Text data-testid="case-list-empty">{t('cases.list.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={1020}>
              <Table striped highlightOnHover verticalSpacing="sm" data-testid="case-list-table">
                <Table.Caption className="visually-hidden">{t('cases.list.tableCaption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('cases.fields.reference')}</Table.Th>
                    <Table.Th scope="col">{t('cases.list.colName')}</Table.Th>
                    <Table.Th scope="col">{t('cases.list.colSexAge')}</Table.Th>
                    <Table.Th scope="col">{t('fields.stage')}</Table.Th>
                    <Table.Th scope="col">{t('fields.status')}</Table.Th>
                    <Table.Th scope="col">{t('identification.column')}</Table.Th>
                    <Table.Th scope="col">{t('fields.exploitationForms')}</Table.Th>
                    <Table.Th scope="col">{t('cases.fields.managingOrganisation')}</Table.Th>
                    <Table.Th scope="col">{t('fields.assignedUserId')}</Table.Th>
                    <Table.Th scope="col">{t('fields.identifiedOn')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((it) => (
                    <CaseRow key={it.id} item={it} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {query.hasNextPage && (
            <Group justify="center" mt="md">
              <Button variant="outline" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} data-testid="load-more">
                {t('common.loadMore')}
              </Button>
            </Group>
          )}
        </section>
      )}
    </Stack>
  );
}
