/** Referrals in a table: case, pseudonym, service, urgency, status and when an answer is due (overdue in red). */
import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../ui/useFormat';
import type { TReferralSummary } from './api';
import { isOverdue, ReferralStatusBadge, UrgencyBadge } from './shared';

export function ReferralTable({ items, caption, showCase = true, counterpart }: { items: TReferralSummary[]; caption: string; showCase?: boolean; counterpart: 'from' | 'to' }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = Date.now();
  return (
    <Table.ScrollContainer minWidth={showCase ? 900 : 720}>
      <Table verticalSpacing="sm" striped data-testid="referral-table">
        <Table.Caption className="visually-hidden">{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {showCase && <Table.Th scope="col">{t('referrals.columns.case')}</Table.Th>}
            <Table.Th scope="col">{t('referrals.columns.service')}</Table.Th>
            <Table.Th scope="col">{counterpart === 'from' ? t('referrals.columns.from') : t('referrals.columns.to')}</Table.Th>
            <Table.Th scope="col">{t('referrals.columns.urgency')}</Table.Th>
            <Table.Th scope="col">{t('referrals.columns.status')}</Table.Th>
            <Table.Th scope="col">{t('referrals.columns.respondBy')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => {
            const overdue = isOverdue(r.respondBy, r.status, now);
            return (
              <Table.Tr key={r.id} data-testid="referral-row" data-referral-id={r.id} data-status={r.status} data-case-reference={r.caseReference}>
                {showCase && (
                  <Table.Td>
                    <Stack gap={0}>
                      <Anchor component={Link} to={`/referrals/${r.id}`} className="ltr-value nowrap" fw={600} data-testid="referral-link">
                        {r.caseReference}
                      </Anchor>
                      <Text size="xs">{r.pseudonym}</Text>
                    </Stack>
                  </Table.Td>
                )}
                <Table.Td>
                  {showCase ? (
                    <Text size="sm" fw={600}>
                      {r.service.name}
                    </Text>
                  ) : (
                    <Anchor component={Link} to={`/referrals/${r.id}`} fw={600} size="sm" data-testid="referral-link">
                      {r.service.name}
                    </Anchor>
                  )}
                  <Text size="xs">{t(`referrals.serviceTypes.${r.service.type}`)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{counterpart === 'from' ? r.fromOrganisation.name : r.toOrganisation.name}</Text>
                  <Text size="xs">{fmt.instant(r.sentAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <UrgencyBadge urgency={r.urgency} />
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <ReferralStatusBadge status={r.status} />
                    {r.needsFollowUp && (
                      <Badge color="#b03e0b" variant="outline" bg="white" tt="none" size="sm" data-testid="referral-follow-up">
                        {t('referrals.followUpNeeded')}
                      </Badge>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {r.status === 'sent' ? (
                    <Stack gap={4} align="flex-start">
                      <Text size="sm" className="nowrap" c={overdue ? 'red.9' : undefined} fw={overdue ? 700 : undefined} data-testid="referral-respond-by">
                        {fmt.instant(r.respondBy)}
                      </Text>
                      {overdue && (
                        <Badge color="red.9" variant="filled" tt="none" size="sm" data-testid="referral-overdue">
                          {t('referrals.overdue')}
                        </Badge>
                      )}
                    </Stack>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {r.respondedAt ? t('referrals.answeredOn', { date: fmt.instant(r.respondedAt) }) : '—'}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
