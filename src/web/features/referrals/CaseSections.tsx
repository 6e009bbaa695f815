/**
 * What the referrals feature adds to the case page. The managing organisation sees consent, referrals,
 * transfers and the pathway; an organisation reading through a referral's grant sees the referrals it
 * received for this case.
 */
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import type { TCaseDetail } from '../cases/types';
import { useReferrals } from './api';
import { ConsentSection } from './ConsentSection';
import { PathwaySection } from './PathwaySection';
import { ReferralsSection } from './ReferralsSection';
import { ReferralTable } from './ReferralTable';
import { REFER_ROLES, REFERRAL_ROLES, TRANSFER_ROLES } from './roles';
import { TransferSection } from './TransferSection';

function ReceivedReferrals({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const query = useReferrals({ box: 'incoming', caseId });
  const items = query.data ?? [];
  return (
    <Section id="received-referrals" title={t('referrals.case.receivedTitle')} testId="received-referrals-section">
      <Stack gap="sm">
        <Text size="sm">{t('referrals.case.receivedIntro')}</Text>
        {query.isPending ? (
          <Loading />
        ) : query.error ? (
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm">{t('referrals.case.none')}</Text>
        ) : (
          <ReferralTable items={items} caption={t('referrals.case.receivedTitle')} showCase={false} counterpart="from" />
        )}
      </Stack>
    </Section>
  );
}

export function ReferralCaseSections({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { hasRole } = useAuth();
  // the API answers 403 to other roles (justice liaisons read cases through their own grants)
  if (!hasRole(REFERRAL_ROLES)) return null;
  if (caseDetail.access !== 'manager') return <ReceivedReferrals caseId={caseDetail.id} />;
  return (
    <>
      {hasRole(REFER_ROLES) && <ConsentSection caseDetail={caseDetail} />}
      <ReferralsSection caseDetail={caseDetail} canRefer={hasRole(REFER_ROLES)} />
      <TransferSection caseDetail={caseDetail} canRequest={hasRole(TRANSFER_ROLES)} />
      <PathwaySection caseId={caseDetail.id} />
    </>
  );
}
