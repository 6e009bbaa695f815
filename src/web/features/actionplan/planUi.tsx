/** Shared pieces of the action-plan pages: status badges, progress against target (bar + text), field errors. */
import { Badge, List, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TIndicator, TProgressReport } from '../../../contract/actionplan';
import { isApiError } from '../../app/api';

// Dark enough for AA contrast at badge size (axe flagged green.9 and orange.9 with white text).
const GREEN = '#2b6e37';
const ORANGE = '#a33a0b';
const STATUS_COLOURS: Record<string, string> = { not_started: 'gray.8', on_track: GREEN, delayed: ORANGE, completed: 'blue.9', cancelled: 'gray.8', not_reported: 'gray.8' };
const REPORT_COLOURS: Record<string, string> = { draft: 'gray.8', submitted: 'blue.9', validated: GREEN, returned: ORANGE };

export function ActionStatusBadge({ status, testId }: { status: string | null; testId?: string }) {
  const { t } = useTranslation();
  const s = status ?? 'not_reported';
  return (
    <Badge color={STATUS_COLOURS[s] ?? 'gray.8'} variant="filled" tt="none" data-testid={testId ?? 'action-status'} data-status={s}>
      {t(`actionplan.plan.actionStatuses.${s}`)}
    </Badge>
  );
}

export function ReportStatusBadge({ status }: { status: TProgressReport['status'] | null }) {
  const { t } = useTranslation();
  const s = status ?? 'none';
  return (
    <Badge color={status ? REPORT_COLOURS[status] : 'gray.8'} variant="outline" bg="white" tt="none" data-testid="report-status" data-status={s}>
      {t(`actionplan.plan.reportStatuses.${s}`)}
    </Badge>
  );
}

export function formatValue(v: number, unit: TIndicator['unit'], lang: string, t: (k: string) => string): string {
  if (unit === 'yes_no') return v === 1 ? t('common.yes') : t('common.no');
  const n = new Intl.NumberFormat(lang === 'ar' ? 'ar-MA-u-nu-latn' : `${lang}-MA`, { maximumFractionDigits: 2 }).format(v);
  return unit === 'percent' ? `${n} %` : unit === 'amount_mad' ? `${n} MAD` : n;
}

/** The latest validated value against the year's target: a bar (decorative) and the same in words. */
export function IndicatorProgress({ indicator, year }: { indicator: TIndicator; year: number }) {
  const { t, i18n } = useTranslation();
  const target = indicator.targets.find((x) => x.year === year) ?? indicator.targets.at(-1) ?? null;
  const value = indicator.latestValidated?.value ?? null;
  const percent = target && value !== null && target.value > 0 ? Math.min(100, Math.round((value / target.value) * 100)) : null;
  const f = (v: number) => formatValue(v, indicator.unit, i18n.language, t);
  const text =
    value === null
      ? t('actionplan.plan.noValue')
      : target
        ? t('actionplan.plan.progressText', { value: f(value), target: f(target.value), year: target.year, percent: percent ?? 0 })
        : t('actionplan.plan.valueOnly', { value: f(value), period: indicator.latestValidated!.period });
  return (
    <Stack gap={2} data-testid="indicator-progress" data-code={indicator.code}>
      <Text size="xs" fw={600}>
        <bdi>{indicator.code}</bdi> · {i18n.language === 'ar' ? indicator.titleAr : indicator.titleFr}
      </Text>
      {percent !== null && <Progress value={percent} size="sm" color={percent >= 100 ? GREEN : 'blue.9'} aria-hidden />}
      <Text size="xs" data-testid="indicator-progress-text">{text}</Text>
    </Stack>
  );
}

/** The field errors of a failed request, as a list (import errors have their own table). */
export function FieldErrors({ error }: { error: unknown }) {
  if (!isApiError(error) || error.fields.length === 0) return null;
  return (
    <List size="sm" c="red.9" data-testid="field-errors">
      {error.fields.map((f, i) => (
        <List.Item key={i}>
          <bdi>{f.path}</bdi> — {f.message}
        </List.Item>
      ))}
    </List>
  );
}
