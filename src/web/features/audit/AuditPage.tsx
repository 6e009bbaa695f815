import { useState, type FormEvent } from 'react';
import { Alert, Button, Code, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ZId } from '../../../contract/common';
import { useAuth } from '../../app/auth';
import { AUDIT_VERIFY_ROLES } from '../../app/roles';
import { notADate } from '../../ui/dates';
import { DayFirstDateInput } from '../../ui/dateInput';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useAuditLog, useVerifyAudit, type TAuditFilters } from './api';

/** Actions known to the catalogue; others are shown as recorded. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.mfa_enabled',
  'auth.mfa_verified',
  'auth.mfa_failed',
  'auth.password_changed',
  'case.create',
  'case.read',
  'case.list',
  'case.update',
  'case.history_read',
  'person.read',
  'person.update',
  'attachment.create',
  'attachment.read',
  'grant.create',
  'user.create',
  'user.update',
  'user.roles_changed',
  'user.password_reset',
  'organisation.create',
  'organisation.update',
  'audit.read',
  'audit.verify',
  'access.denied',
  'access.denied_suppressed',
] as const;

function VerifyPanel() {
  const { t } = useTranslation();
  const verify = useVerifyAudit();
  const r = verify.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="audit-verify-title">
      <Group justify="space-between" align="center">
        <div>
          <Text component="h2" fw={700} id="audit-verify-title">
            {t('audit.verify.title')}
          </Text>
          <Text size="sm">{t('audit.verify.help')}</Text>
        </div>
        <Button onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
          {t('audit.verify.button')}
        </Button>
      </Group>
      <div aria-live="polite">
        {r && (
          <Alert mt="md" color={r.ok ? 'green' : 'red'} variant="light" title={r.ok ? t('audit.verify.ok') : t('audit.verify.broken')} data-testid="audit-verify-result">
            <Text size="sm">{t('audit.verify.checked', { n: r.checked })}</Text>
            {!r.ok && r.firstBadSeq !== null && <Text size="sm">{t('audit.verify.firstBad', { seq: r.firstBadSeq })}</Text>}
            {!r.ok && r.reason && (
              <Text size="sm">
                {t('audit.verify.reason')}
                {t('history.colon')}
                <Code>{r.reason}</Code>
              </Text>
            )}
          </Alert>
        )}
        {verify.error && (
          <Stack mt="md">
            <ErrorAlert error={verify.error} />
          </Stack>
        )}
      </div>
    </Paper>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { hasRole } = useAuth();
  const [draft, setDraft] = useState<Required<{ [K in keyof TAuditFilters]: string }>>({ action: '', from: '', to: '', entityId: '' });
  const [filters, setFilters] = useState<TAuditFilters>({});
  const [entityError, setEntityError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const log = useAuditLog(filters);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  useDocumentTitle(t('audit.title'));

  const actionLabel = (a: string) => t(`audit.actions.${a}`, { defaultValue: a });

  const dateError = (v: string) => (submitted && notADate(v) ? t('validation.date') : undefined);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const entityId = draft.entityId.trim();
    if (entityId && !ZId.safeParse(entityId).success) {
      setEntityError(t('audit.filters.entityIdInvalid'));
      return;
    }
    setEntityError(null);
    if (notADate(draft.from) || notADate(draft.to)) return;
    const f: TAuditFilters = {};
    if (draft.action) f.action = draft.action;
    if (draft.from) f.from = draft.from;
    if (draft.to) f.to = draft.to;
    if (entityId) f.entityId = entityId;
    setFilters(f);
  };
  const reset = () => {
    setDraft({ action: '', from: '', to: '', entityId: '' });
    setEntityError(null);
    setSubmitted(false);
    setFilters({});
  };

  return (
    <Stack>
      <PageHeader title={t('audit.title')}>
        <Text>{t('audit.intro')}</Text>
      </PageHeader>
      {hasRole(AUDIT_VERIFY_ROLES) && <VerifyPanel />}
      <Paper withBorder p="md" component="section" aria-labelledby="audit-filters-title">
        <Text component="h2" fw={700} id="audit-filters-title" mb="sm">
          {t('audit.filters.title')}
        </Text>
        <form onSubmit={apply} noValidate>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <NativeSelect label={t('audit.filters.action')} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })} data-testid="audit-filter-action">
              <option value="">{t('common.all')}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </NativeSelect>
            <DayFirstDateInput label={t('audit.filters.from')} value={draft.from} onChange={(from) => setDraft({ ...draft, from })} error={dateError(draft.from)} testId="audit-filter-from" />
            <DayFirstDateInput label={t('audit.filters.to')} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} error={dateError(draft.to)} testId="audit-filter-to" />
            <TextInput
              label={t('audit.filters.entityId')}
              value={draft.entityId}
              onChange={(e) => setDraft({ ...draft, entityId: e.currentTarget.value })}
              error={entityError}
              dir="ltr"
              data-testid="audit-filter-entity"
            />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" onClick={reset}>
              {t('common.reset')}
            </Button>
            <Button type="submit" data-testid="audit-apply">
              {t('common.apply')}
            </Button>
          </Group>
        </form>
      </Paper>
      <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
      {log.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <Text data-testid="audit-empty">{t('audit.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table striped verticalSpacing="xs" data-testid="audit-table">
            <Table.Caption className="visually-hidden">{t('audit.title')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('audit.columns.time')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.actor')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.organisation')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.action')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.entity')}</Table.Th>
                <Table.Th scope="col">{t('audit.columns.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.seq} data-testid="audit-row">
                  <Table.Td className="nowrap">{fmt.instant(e.at)}</Table.Td>
                  <Table.Td>{e.actor ?? t('audit.system')}</Table.Td>
                  <Table.Td>{e.organisation ?? ''}</Table.Td>
                  <Table.Td>{actionLabel(e.action)}</Table.Td>
                  <Table.Td>
                    {e.entityType && <Text size="sm">{t(`audit.entityTypes.${e.entityType}`, { defaultValue: e.entityType })}</Text>}
                    {e.entityId && (
                      <Code className="ltr-value" style={{ overflowWrap: 'anywhere' }}>
                        {e.entityId}
                      </Code>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {Object.entries(e.details).map(([k, v]) => (
                      <Text key={k} size="xs" className="ltr-value" style={{ overflowWrap: 'anywhere', maxWidth: 360 }}>
                        <Text span fw={600} size="xs">
                          {k}
                        </Text>{' '}
                        <Code>{typeof v === 'string' ? v : JSON.stringify(v)}</Code>
                      </Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {log.hasNextPage && (
        <Group justify="center">
          <Button variant="outline" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="load-more">
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
