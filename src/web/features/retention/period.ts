import { useTranslation } from 'react-i18next';

/** "5 years", "30 days": a retention rule's period in words (also the register of processing activities). */
export function useRetentionPeriod() {
  const { t } = useTranslation();
  return (r: { months: number | null; days: number | null }) =>
    r.days !== null ? t('retention.period.days', { n: r.days }) : r.months !== null && r.months % 12 === 0 ? t('retention.period.years', { n: r.months / 12 }) : t('retention.period.months', { n: r.months ?? 0 });
}
