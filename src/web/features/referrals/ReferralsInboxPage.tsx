/**
 * The referrals inbox (/referrals): incoming referrals (to answer, in progress, ended), outgoing ones
 * (waiting, follow-up needed when declined or expired, active, ended) and transfers of case management.
 */
import { Badge, Box, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useInbox, useReferrals, useTransfers, type TReferralBox, type TReferralSummary } from './api';
import { ReferralTable } from './ReferralTable';
import { ACTIVE_STATUSES, ENDED_STATUSES } from './shared';
import { TransferList } from './TransferSection';

type TView = { key: string; status?: string; keep: (r: TReferralSummary) => boolean };

const VIEWS: Record<TReferralBox, TView[]> = {
  incoming: [
    { key: 'toAnswer', status: 'sent', keep: () => true },
    { key: 'inProgress', status: 'open', keep: (r) => ACTIVE_STATUSES.includes(r.status) },
    { key: 'ended', keep: (r) => ENDED_STATUSES.includes(r.status) },
  ],
  outgoing: [
    { key: 'waiting', status: 'sent', keep: () => true },
    { key: 'followUp', status: 'follow_up', keep: () => true },
    { key: 'active', status: 'open', keep: (r) => ACTIVE_STATUSES.includes(r.status) },
    { key: 'ended', keep: (r) => ENDED_STATUSES.includes(r.status) && !r.needsFollowUp },
  ],
};

function BoxPanel({ box, view, onView }: { box: TReferralBox; view: string; onView: (v: string) => void }) {
  const { t } = useTranslation();
  const views = VIEWS[box];
  const current = views.find((v) => v.key === view) ?? views[0]!;
  const query = useReferrals({ box, status: current.status });
  const items = (query.data ?? []).filter(current.keep);
  const label = t(`referrals.inbox.views.${box}.${current.key}`);
  return (
    <Stack gap="sm">
      {/* on a phone the choices scroll sideways rather than overflow */}
      <Box style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <SegmentedControl
          value={current.key}
          onChange={onView}
          data={views.map((v) => ({ value: v.key, label: t(`referrals.inbox.views.${box}.${v.key}`) }))}
          aria-label={t(`referrals.inbox.viewsLabel.${box}`)}
          data-testid={`referral-views-${box}`}
        />
      </Box>
      <Text size="sm">{t(`referrals.inbox.viewHelp.${box}.${current.key}`)}</Text>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending ? (
        <Loading />
      ) : (
        <section aria-labelledby={`referral-results-${box}`}>
          <Text component="h2" fw={700} size="md" id={`referral-results-${box}`} mb="xs" aria-live="polite">
            {t('referrals.inbox.results', { view: label, n: items.length })}
          </Text>
          {items.length === 0 ? (
            <Text size="sm" data-testid="referrals-empty">
              {t('referrals.inbox.empty')}
            </Text>
          ) : (
            <ReferralTable items={items} caption={label} counterpart={box === 'incoming' ? 'from' : 'to'} />
          )}
        </section>
      )}
    </Stack>
  );
}

function TransfersPanel() {
  const { t } = useTranslation();
  const incoming = useTransfers({ box: 'incoming' });
  const outgoing = useTransfers({ box: 'outgoing' });
  return (
    <Stack gap="lg">
      {[
        { key: 'incoming', q: incoming },
        { key: 'outgoing', q: outgoing },
      ].map(({ key, q }) => (
        <section key={key} aria-labelledby={`transfers-${key}-title`} data-testid={`transfers-${key}`}>
          <Text component="h2" fw={700} size="md" id={`transfers-${key}-title`} mb="xs">
            {t(`referrals.inbox.transfers.${key}`)}
          </Text>
          <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
          {q.isPending ? <Loading /> : (q.data ?? []).length === 0 ? <Text size="sm">{t('referrals.transfers.none')}</Text> : <TransferList items={q.data ?? []} showCase />}
        </section>
      ))}
    </Stack>
  );
}

function Count({ n, label }: { n: number | undefined; label: string }) {
  if (!n) return null;
  return (
    <>
      <Badge color="red.9" variant="filled" size="sm" circle={n < 10} aria-hidden>
        {n > 99 ? '99+' : n}
      </Badge>
      <span className="visually-hidden">{label}</span>
    </>
  );
}

const TABS = ['incoming', 'outgoing', 'transfers'] as const;

export default function ReferralsInboxPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const inbox = useInbox();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as (typeof TABS)[number]) : 'incoming';
  const view = params.get('view') ?? '';
  useDocumentTitle(t('referrals.inbox.title'));
  const go = (next: { tab?: string; view?: string }) => {
    const q = new URLSearchParams();
    const nt = next.tab ?? tab;
    if (nt !== 'incoming') q.set('tab', nt);
    if (next.view) q.set('view', next.view);
    setParams(q, { replace: true });
  };
  const counts = inbox.data;
  return (
    <Stack>
      <PageHeader title={t('referrals.inbox.title')}>
        <Text>{t('referrals.inbox.intro')}</Text>
      </PageHeader>
      <Tabs value={tab} onChange={(v) => v && go({ tab: v })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="incoming" data-testid="inbox-tab-incoming" rightSection={<Count n={counts?.incomingReferrals} label={t('referrals.inbox.countIncoming', { n: counts?.incomingReferrals ?? 0 })} />}>
            {t('referrals.inbox.tabs.incoming')}
          </Tabs.Tab>
          <Tabs.Tab value="outgoing" data-testid="inbox-tab-outgoing" rightSection={<Count n={counts?.followUps} label={t('referrals.inbox.countFollowUps', { n: counts?.followUps ?? 0 })} />}>
            {t('referrals.inbox.tabs.outgoing')}
          </Tabs.Tab>
          <Tabs.Tab value="transfers" data-testid="inbox-tab-transfers" rightSection={<Count n={counts?.incomingTransfers} label={t('referrals.inbox.countTransfers', { n: counts?.incomingTransfers ?? 0 })} />}>
            {t('referrals.inbox.tabs.transfers')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="incoming" pt="md">
          <BoxPanel box="incoming" view={view} onView={(v) => go({ view: v })} />
        </Tabs.Panel>
        <Tabs.Panel value="outgoing" pt="md">
          <BoxPanel box="outgoing" view={view} onView={(v) => go({ view: v })} />
        </Tabs.Panel>
        <Tabs.Panel value="transfers" pt="md">
          <TransfersPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
