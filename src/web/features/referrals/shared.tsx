/** Small pieces shared by the referral pages and sections: badges, groups of statuses, relative times. */
import type { ReactNode } from 'react';
import { Badge, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DATA_CATEGORIES, type TDataCategory } from '../../../contract/common';
import type { TReferralStatus } from '../../../contract/referrals';
import { intlLocale } from '../../ui/dates';
import { useFormat } from '../../ui/useFormat';

export const ACTIVE_STATUSES: readonly TReferralStatus[] = ['accepted', 'in_progress'];
export const ENDED_STATUSES: readonly TReferralStatus[] = ['declined', 'expired', 'completed', 'closed', 'revoked'];

const STATUS_COLOURS: Record<TReferralStatus, string> = {
  sent: 'blue.9',
  accepted: '#237032',
  in_progress: '#237032',
  completed: 'gray.8',
  declined: '#b03e0b',
  expired: '#b03e0b',
  closed: 'gray.8',
  revoked: 'gray.8',
};

export function ReferralStatusBadge({ status, testId = 'referral-status' }: { status: TReferralStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status]} variant="filled" tt="none" data-testid={testId} data-status={status}>
      {t(`referrals.statuses.${status}`)}
    </Badge>
  );
}

const URGENCY_COLOURS: Record<string, string> = { urgent: 'red.9', high: '#b03e0b', normal: 'gray.8' };

export function UrgencyBadge({ urgency }: { urgency: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={URGENCY_COLOURS[urgency] ?? 'gray.8'} variant={urgency === 'normal' ? 'outline' : 'filled'} bg={urgency === 'normal' ? 'white' : undefined} tt="none" data-testid="referral-urgency">
      {t(`referrals.urgencies.${urgency}`)}
    </Badge>
  );
}

/** The data categories, in the contract's order, translated and joined. */
export function useCategoryList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (categories: readonly string[]) =>
    categories.length === 0 ? t('referrals.categories.none') : fmt.list(DATA_CATEGORIES.filter((c) => categories.includes(c)).map((c: TDataCategory) => t(`referrals.categories.${c}`)));
}

/** A respond-by instant is overdue when it has passed and the referral still waits for an answer. */
export function isOverdue(respondBy: string, status: TReferralStatus, now = Date.now()): boolean {
  return status === 'sent' && new Date(respondBy).getTime() < now;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 hours ago", "in 2 days" in the current language. */
export function useRelativeTime() {
  const { i18n } = useTranslation();
  const rtf = new Intl.RelativeTimeFormat(intlLocale(i18n.language), { numeric: 'auto' });
  return (iso: string | null | undefined, now = Date.now()): string => {
    if (!iso) return '';
    const diff = new Date(iso).getTime() - now;
    if (Number.isNaN(diff)) return '';
    for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms || unit === 'minute') return rtf.format(Math.round(diff / ms), unit);
    return '';
  };
}

/** A sub-block of a section (h3 + body), set apart like the identification panels. */
export function Panel({ id, title, help, children, testId, level = 3 }: { id: string; title: string; help?: ReactNode; children: ReactNode; testId?: string; level?: 3 | 4 }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} bg={level === 3 ? 'gray.0' : 'white'} component="section" aria-labelledby={`${id}-title`} data-testid={testId}>
      <Title order={level} size="h5" id={`${id}-title`} mb={4} tabIndex={-1}>
        {title}
      </Title>
      {help && (
        <Text size="sm" mb="sm">
          {help}
        </Text>
      )}
      {children}
    </Paper>
  );
}

/** A duration in (calendar) days, e.g. "3.5 days", for the statistics. */
export function useDuration() {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(intlLocale(i18n.language), { maximumFractionDigits: 1 });
  return (days: number | null | undefined): string => {
    if (days === null || days === undefined) return t('referrals.stats.noData');
    return t('referrals.stats.days', { n: nf.format(days) });
  };
}
