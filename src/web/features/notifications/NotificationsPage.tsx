/** Notifications of the person and their organisation: what happened, on which case, when. */
import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useMarkAllRead, useNotifications } from './api';

/** Notifications whose next step is in the referrals inbox rather than on the case page. */
const INBOX_KINDS = new Set(['referral_received', 'referral_consent_withdrawn', 'referral_revoked', 'transfer_requested']);

export default function NotificationsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useNotifications();
  const markAll = useMarkAllRead();
  useDocumentTitle(t('notifications.title'));
  const items = query.data?.items ?? [];
  const unread = query.data?.unread ?? 0;

  return (
    <Stack>
      <PageHeader
        title={t('notifications.title')}
        actions={
          <Button
            variant="outline"
            onClick={() => markAll.mutate(undefined, { onSuccess: () => notifySuccess(t('notifications.allRead')) })}
            disabled={unread === 0}
            loading={markAll.isPending}
            data-testid="notifications-mark-all"
          >
            {t('notifications.markAll')}
          </Button>
        }
      >
        <Text>{t('notifications.intro')}</Text>
      </PageHeader>
      <ErrorAlert error={markAll.error} />
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending ? (
        <Loading />
      ) : (
        <section aria-labelledby="notifications-list-title">
          <Text component="h2" fw={700} size="md" id="notifications-list-title" mb="xs" aria-live="polite">
            {t('notifications.unreadCount', { n: unread })}
          </Text>
          {items.length === 0 ? (
            <Text data-testid="notifications-empty">{t('notifications.empty')}</Text>
          ) : (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
              {items.map((n) => (
                <Paper
                  key={n.id}
                  component="li"
                  withBorder
                  p="sm"
                  bg={n.readAt ? undefined : 'blue.0'}
                  data-testid="notification-item"
                  data-kind={n.kind}
                  data-unread={!n.readAt}
                >
                  <Group justify="space-between" gap="sm" align="flex-start" wrap="wrap">
                    <Stack gap={2}>
                      <Group gap="xs">
                        {!n.readAt && (
                          <Badge color="blue.9" variant="filled" size="sm" tt="none">
                            {t('notifications.new')}
                          </Badge>
                        )}
                        <Text fw={600}>{t(`notifications.kinds.${n.kind}`)}</Text>
                      </Group>
                      {INBOX_KINDS.has(n.kind) ? (
                        // The receiving organisation cannot open the case yet (or any more): the answer is in the inbox.
                        <Anchor component={Link} to="/referrals" size="sm" fw={600} data-testid="notification-inbox-link">
                          {t('notifications.openInbox')}
                        </Anchor>
                      ) : n.caseId && n.caseReference && (
                        <Text size="sm">
                          {t('notifications.case')}{' '}
                          <Anchor component={Link} to={`/cases/${n.caseId}`} className="ltr-value" fw={600} data-testid="notification-case-link">
                            {n.caseReference}
                          </Anchor>
                        </Text>
                      )}
                    </Stack>
                    <Text size="sm" c="dimmed" className="nowrap">
                      <time dateTime={n.createdAt}>{fmt.instant(n.createdAt)}</time>
                    </Text>
                  </Group>
                </Paper>
              ))}
            </Stack>
          )}
        </section>
      )}
    </Stack>
  );
}
