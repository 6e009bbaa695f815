/** The count beside "Referrals" in the navigation: incoming referrals to answer, follow-ups and transfers. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useInbox } from './api';

export function ReferralsNavBadge() {
  const { t } = useTranslation();
  const { data } = useInbox();
  const n = data ? data.incomingReferrals + data.followUps + data.incomingTransfers : 0;
  if (n === 0) return null;
  return (
    <>
      <Badge color="red.9" variant="filled" size="sm" circle={n < 10} aria-hidden data-testid="nav-referrals-count" data-count={n}>
        {n > 99 ? '99+' : n}
      </Badge>
      <span className="visually-hidden">{t('referrals.inbox.navCount', { n })}</span>
    </>
  );
}
