import { Badge, Button } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useNotifications } from './api';

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The bell in the header: opens the notifications; its name says how many are unread. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { data } = useNotifications();
  const unread = data?.unread ?? 0;
  const label = unread > 0 ? t('notifications.bellUnread', { n: unread }) : t('notifications.bellNone');
  return (
    <Button
      component={Link}
      to="/notifications"
      variant="default"
      size="sm"
      px="xs"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      data-unread={unread}
      leftSection={<BellIcon />}
      styles={{ section: { marginInlineEnd: unread > 0 ? 6 : 0 } }}
    >
      {unread > 0 && (
        <Badge color="red.9" variant="filled" size="sm" circle={unread < 10} data-testid="notification-count">
          {unread > 99 ? '99+' : unread}
        </Badge>
      )}
    </Button>
  );
}
