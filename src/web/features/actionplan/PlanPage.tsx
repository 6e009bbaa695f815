/**
 * The national action plan: pillars → objectives → actions, with the status of the latest validated
 * report, progress against the year's targets (bar and text), filters by pillar, lead organisation and
 * status. The secretariat exports the plan as XLSX and imports a plan (errors shown in a table).
 */
import { useMemo, useState } from 'react';
import { Anchor, Button, FileInput, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACTION_STATUSES, PLAN_PILLARS, type TPlan, type TPlanAction } from '../../../contract/actionplan';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { STATISTICS_ROLES } from '../../app/roles';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { planExportUrl, useImportPlan, usePlan, usePlans } from './api';
import { ActionStatusBadge, IndicatorProgress } from './planUi';

function ImportForm() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const imp = useImportPlan();
  const fields = isApiError(imp.error) ? imp.error.fields : [];
  const submit = async () => {
    if (!file) return;
    try {
      const r = await imp.mutateAsync(file);
      notifySuccess(t('actionplan.plan.importDone', r.counts));
      setFile(null);
    } catch {
      /* shown below */
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="plan-import-title" data-testid="plan-import">
      <Title order={2} size="h5" id="plan-import-title" mb="xs">{t('actionplan.plan.import')}</Title>
      <Text size="sm" mb="sm">{t('actionplan.plan.importHelp')}</Text>
      <Group align="flex-end">
        <FileInput label={t('actionplan.plan.importFile')} accept=".xlsx" value={file} onChange={setFile} clearable clearButtonProps={{ 'aria-label': t('actionplan.plan.clearFile') }} data-testid="plan-import-file" w={320} />
        <Button onClick={() => void submit()} disabled={!file} loading={imp.isPending} data-testid="plan-import-submit">{t('actionplan.plan.importSubmit')}</Button>
      </Group>
      {fields.length > 0 ? (
        <Stack gap="xs" mt="md">
          <Text c="red.9" fw={600} role="alert">{t('actionplan.plan.importErrors')}</Text>
          <Table striped data-testid="plan-import-errors">
            <Table.Caption className="visually-hidden">{t('actionplan.plan.importErrors')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('actionplan.plan.importColumns.sheet')}</Table.Th>
                <Table.Th scope="col">{t('actionplan.plan.importColumns.row')}</Table.Th>
                <Table.Th scope="col">{t('actionplan.plan.importColumns.column')}</Table.Th>
                <Table.Th scope="col">{t('actionplan.plan.importColumns.problem')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((f, i) => {
                const [sheet, row, column] = f.path.split('.');
                return (
                  <Table.Tr key={i}>
                    <Table.Td><bdi>{sheet}</bdi></Table.Td>
                    <Table.Td>{row ?? '—'}</Table.Td>
                    <Table.Td><bdi>{column ?? '—'}</bdi></Table.Td>
                    <Table.Td>{f.message}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : (
        <ErrorAlert error={imp.error} />
      )}
    </Paper>
  );
}

function ActionsTable({ actions, caption, year }: { actions: TPlanAction[]; caption: string; year: number }) {
  const { t, i18n } = useTranslation();
  const ar = i18n.language === 'ar';
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="sm" striped data-testid="plan-actions">
        <Table.Caption className="visually-hidden">{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('actionplan.plan.columns.action')}</Table.Th>
            <Table.Th scope="col">{t('actionplan.plan.columns.lead')}</Table.Th>
            <Table.Th scope="col">{t('actionplan.plan.columns.status')}</Table.Th>
            <Table.Th scope="col">{t('actionplan.plan.columns.progress', { year })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {actions.map((a) => (
            <Table.Tr key={a.id} data-testid="plan-action" data-code={a.code}>
              <Table.Td>
                <Anchor component={Link} to={`/action-plan/actions/${a.id}`} fw={600} data-testid="plan-action-link">
                  <bdi>{a.code}</bdi> — {ar ? a.titleAr : a.titleFr}
                </Anchor>
              </Table.Td>
              <Table.Td>{a.lead.name}</Table.Td>
              <Table.Td><ActionStatusBadge status={a.reportedStatus} /></Table.Td>
              <Table.Td>
                <Stack gap="xs">
                  {a.indicators.length === 0 ? <Text size="xs">{t('actionplan.plan.noIndicators')}</Text> : a.indicators.map((i) => <IndicatorProgress key={i.id} indicator={i} year={year} />)}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PlanView({ plan }: { plan: TPlan }) {
  const { t, i18n } = useTranslation();
  const ar = i18n.language === 'ar';
  const [pillar, setPillar] = useState('');
  const [lead, setLead] = useState('');
  const [status, setStatus] = useState('');
  const thisYear = Math.min(Math.max(new Date().getFullYear(), plan.startYear), plan.endYear);
  const leads = useMemo(() => [...new Map(plan.objectives.flatMap((o) => o.actions.map((a) => [a.lead.id, a.lead.name] as const))).entries()].sort((a, b) => a[1].localeCompare(b[1])), [plan]);
  const keep = (a: TPlanAction) => (!lead || a.lead.id === lead) && (!status || (a.reportedStatus ?? 'not_reported') === status);
  const pillars = PLAN_PILLARS.filter((p) => !pillar || p === pillar);
  const shown = plan.objectives.reduce((n, o) => n + (pillars.includes(o.pillar) ? o.actions.filter(keep).length : 0), 0);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Text data-testid="plan-meta">
          {t('actionplan.plan.meta', { start: plan.startYear, end: plan.endYear, status: t(`actionplan.plan.planStatuses.${plan.status}`) })}
        </Text>
        {plan.canEdit && (
          <Anchor href={planExportUrl(plan.id)} download data-testid="plan-export">{t('actionplan.plan.export')}</Anchor>
        )}
      </Group>
      <Paper withBorder p="md" component="section" aria-labelledby="plan-filters-title">
        <Title order={2} size="h5" id="plan-filters-title" mb="xs">{t('actionplan.plan.filters.title')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect label={t('actionplan.plan.filters.pillar')} value={pillar} onChange={(e) => setPillar(e.currentTarget.value)} data-testid="plan-filter-pillar">
            <option value="">{t('actionplan.plan.filters.all')}</option>
            {PLAN_PILLARS.map((p) => <option key={p} value={p}>{t(`actionplan.plan.pillars.${p}`)}</option>)}
          </NativeSelect>
          <NativeSelect label={t('actionplan.plan.filters.lead')} value={lead} onChange={(e) => setLead(e.currentTarget.value)} data-testid="plan-filter-lead">
            <option value="">{t('actionplan.plan.filters.all')}</option>
            {leads.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
          </NativeSelect>
          <NativeSelect label={t('actionplan.plan.filters.status')} value={status} onChange={(e) => setStatus(e.currentTarget.value)} data-testid="plan-filter-status">
            <option value="">{t('actionplan.plan.filters.all')}</option>
            {[...ACTION_STATUSES, 'not_reported'].map((s) => <option key={s} value={s}>{t(`actionplan.plan.actionStatuses.${s}`)}</option>)}
          </NativeSelect>
        </SimpleGrid>
        <Text size="sm" mt="xs" aria-live="polite" data-testid="plan-shown">{t('actionplan.plan.shown', { n: shown })}</Text>
      </Paper>
      {pillars.map((p) => {
        const objectives = plan.objectives.filter((o) => o.pillar === p);
        return (
          <section key={p} aria-labelledby={`pillar-${p}`} data-testid="plan-pillar" data-pillar={p}>
            <Title order={2} size="h3" id={`pillar-${p}`} mb="sm">{t(`actionplan.plan.pillars.${p}`)}</Title>
            {objectives.length === 0 && <Text size="sm">{t('actionplan.plan.noObjectives')}</Text>}
            <Stack gap="md">
              {objectives.map((o) => {
                const actions = o.actions.filter(keep);
                const title = `${o.code} — ${ar ? o.titleAr : o.titleFr}`;
                return (
                  <Paper key={o.id} withBorder p="md" component="article" aria-labelledby={`objective-${o.id}`} data-testid="plan-objective">
                    <Title order={3} size="h5" id={`objective-${o.id}`} mb="xs"><bdi>{o.code}</bdi> — {ar ? o.titleAr : o.titleFr}</Title>
                    {actions.length === 0 ? <Text size="sm">{t('actionplan.plan.noActions')}</Text> : <ActionsTable actions={actions} caption={title} year={thisYear} />}
                  </Paper>
                );
              })}
            </Stack>
          </section>
        );
      })}
    </Stack>
  );
}

export default function PlanPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('actionplan.plan.title'));
  const plans = usePlans();
  const [chosen, setChosen] = useState<string | null>(null);
  const planId = chosen ?? plans.data?.find((p) => p.status === 'adopted')?.id ?? plans.data?.[0]?.id ?? null;
  const plan = usePlan(planId);
  const { hasRole } = useAuth();
  const title = plan.data ? (i18n.language === 'ar' ? plan.data.titleAr : i18n.language === 'en' ? plan.data.titleEn : plan.data.titleFr) : t('actionplan.plan.title');
  return (
    <Stack>
      <PageHeader title={title} testId="plan-title">
        <Text>{t('actionplan.plan.intro')}</Text>
      </PageHeader>
      {plans.isPending ? (
        <Loading />
      ) : plans.error ? (
        <ErrorAlert error={plans.error} onRetry={() => void plans.refetch()} />
      ) : (
        <>
          {plans.data.length > 1 && (
            <NativeSelect label={t('actionplan.plan.choosePlan')} value={planId ?? ''} onChange={(e) => setChosen(e.currentTarget.value)} w={360} data-testid="plan-select">
              {plans.data.map((p) => <option key={p.id} value={p.id}>{`${p.code} — ${i18n.language === 'ar' ? p.titleAr : i18n.language === 'en' ? p.titleEn : p.titleFr}`}</option>)}
            </NativeSelect>
          )}
          {plans.data.length === 0 && <Text data-testid="plan-empty">{t('actionplan.plan.noPlan')}</Text>}
          {plan.isPending && planId ? <Loading /> : plan.error ? <ErrorAlert error={plan.error} /> : plan.data ? <PlanView plan={plan.data} /> : null}
          {hasRole(STATISTICS_ROLES) && <ImportForm />}
        </>
      )}
    </Stack>
  );
}
