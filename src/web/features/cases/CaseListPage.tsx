import { useMemo, useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Checkbox, Collapse, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
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
import { exportCaseList, useCaseList, type TCaseFilters } from './api';
import { notifySuccess } from '../../ui/notify';
import type { TCaseListItem } from './types';

/** Who may download the list (the server says the same: cases.policy export). */
const EXPORT_ROLES = ['case_worker', 'case_supervisor'] as const;

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

function Name({ item }: { item: TCaseListItem }) {
  const { t } = useTranslation();
  return item.nameVisible ? (
    <>{item.displayName}</>
  ) : (
    <Text span fs="italic" title={t('cases.list.pseudonymHint')}>
      {item.displayName}
    </Text>
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
        <Name item={item} />
        <Text size="sm" c="dimmed">
          {t(`sex.${item.sex}`)}
          {' · '}
          {t(`ageGroup.${item.ageGroup}`)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <StageBadge stage={item.stage} />
          <StatusBadge status={item.status} />
        </Group>
      </Table.Td>
      <Table.Td>
        <IdentificationBadge status={item.identificationStatus} testId="case-row-identification" />
      </Table.Td>
      <Table.Td>{item.exploitationForms ? fmt.list(item.exploitationForms.map((f) => ref.label('exploitationForms', f))) : t('common.notShared')}</Table.Td>
      <Table.Td>
        {item.managingOrganisation.name}
        <Text size="sm" c="dimmed">
          {item.assignedUser?.name ?? t('cases.list.unassigned')}
        </Text>
      </Table.Td>
      <Table.Td className="nowrap">{fmt.date(item.identifiedOn)}</Table.Td>
    </Table.Tr>
  );
}

/** The same case as a card, for phones: no sideways scrolling, the reference first. */
function CaseCard({ item }: { item: TCaseListItem }) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  return (
    <Paper withBorder p="sm" component="li" data-testid="case-row">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Anchor component={Link} to={`/cases/${item.id}`} fw={600} className="ltr-value" data-testid="case-row-link">
          {item.reference}
        </Anchor>
        <IdentificationBadge status={item.identificationStatus} testId="case-row-identification" />
      </Group>
      <Text mt={4}>
        <Name item={item} />
        {' — '}
        {t(`sex.${item.sex}`)}, {t(`ageGroup.${item.ageGroup}`)}
      </Text>
      <Group gap={4} mt={4}>
        <StageBadge stage={item.stage} />
        <StatusBadge status={item.status} />
      </Group>
      <Text size="sm" mt={4}>
        {item.exploitationForms ? fmt.list(item.exploitationForms.map((f) => ref.label('exploitationForms', f))) : t('common.notShared')}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {item.managingOrganisation.name} · {item.assignedUser?.name ?? t('cases.list.unassigned')} · {fmt.date(item.identifiedOn)}
      </Text>
    </Paper>
  );
}

export default function CaseListPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const ref = useReference();
  const fmt = useFormat();
  const canExport = hasRole(EXPORT_ROLES);
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const phone = useMediaQuery('(max-width: 40em)');
  const smallScreen = useMediaQuery('(max-width: 48em)');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [truncatedAt, setTruncatedAt] = useState<number | null>(null);
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
  const activeFilters = FILTER_KEYS.filter((k) => k !== 'q' && params.get(k)).length;
  const total = query.data?.pages[0]?.total ?? null;
  const onExport = async () => {
    setExporting(true);
    setExportError(null);
    setTruncatedAt(null);
    try {
      const r = await exportCaseList(filters);
      notifySuccess(t('cases.list.exported', { n: r.count }));
      if (r.truncated) setTruncatedAt(r.count);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  };
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
        {smallScreen && (
          <Button variant="light" mt="sm" onClick={() => setFiltersOpen((o) => !o)} aria-expanded={filtersOpen} aria-controls="case-filters" data-testid="filters-toggle">
            {filtersOpen ? t('cases.list.hideFilters') : t('cases.list.showFilters')}
            {activeFilters > 0 && ` (${t('cases.list.activeFilters', { n: activeFilters })})`}
          </Button>
        )}
        <Collapse expanded={!smallScreen || filtersOpen} id="case-filters">
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
        </Collapse>
      </Paper>

      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending ? (
        <Loading />
      ) : (
        <section aria-labelledby="case-results-title">
          <Group justify="space-between" align="flex-start" mb="xs" wrap="wrap">
            <div>
              <Text component="h2" fw={700} size="md" id="case-results-title" aria-live="polite" data-testid="case-list-total">
                {total ? t(total.more ? 'cases.list.totalMore' : 'cases.list.total', { n: fmt.number(total.count) }) : t('cases.list.resultsTitle', { n: items.length })}
              </Text>
              {total && (
                <Text size="sm" c="dimmed" data-testid="case-list-shown">
                  {t('cases.list.shownOf', { shown: fmt.number(items.length) })}
                </Text>
              )}
            </div>
            {canExport && items.length > 0 && (
              <Button variant="outline" onClick={() => void onExport()} loading={exporting} title={t('cases.list.exportHelp')} data-testid="case-list-export">
                {t('cases.list.export')}
              </Button>
            )}
          </Group>
          <ErrorAlert error={exportError} />
          {truncatedAt !== null && (
            <Alert color="yellow" mb="sm" data-testid="case-list-export-truncated">
              {t('cases.list.exportTruncated', { n: fmt.number(truncatedAt) })}
            </Alert>
          )}
          {items.length === 0 ? (
            <Text data-testid="case-list-empty">{t('cases.list.empty')}</Text>
          ) : (
            phone ? (
              <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="case-results-title" data-testid="case-cards">
                {items.map((it) => (
                  <CaseCard key={it.id} item={it} />
                ))}
              </Stack>
            ) : (
              <Table.ScrollContainer minWidth={900}>
                <Table striped highlightOnHover verticalSpacing="sm" data-testid="case-list-table">
                  <Table.Caption className="visually-hidden">{t('cases.list.tableCaption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('cases.fields.reference')}</Table.Th>
                      <Table.Th scope="col">{t('cases.list.colName')}</Table.Th>
                      <Table.Th scope="col">{t('cases.list.colStageStatus')}</Table.Th>
                      <Table.Th scope="col">{t('identification.column')}</Table.Th>
                      <Table.Th scope="col">{t('fields.exploitationForms')}</Table.Th>
                      <Table.Th scope="col">{t('cases.list.colManagedBy')}</Table.Th>
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
            )
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
