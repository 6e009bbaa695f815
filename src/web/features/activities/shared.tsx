/** Building blocks shared by the four registers: filters, the editor frame (create / edit, 409), record cards. */
import { useState, type ReactNode } from 'react';
import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { FormProvider, type FieldValues, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useReference } from '../../app/reference';
import { ConflictAlert } from '../../ui/conflict';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { cleanValues } from '../../ui/clean';
import { applyServerFieldErrors } from '../../ui/errors';
import { intlLocale } from '../../ui/dates';
import { notifySuccess } from '../../ui/notify';
import type { TFilters } from './api';

/** Form values → request body: empty becomes absent, then the contract's nullable fields become null. */
export function prepare<T extends object>(values: T, nullable: readonly string[]): Record<string, unknown> {
  const out = (cleanValues(values) ?? {}) as Record<string, unknown>;
  for (const k of nullable) if (out[k] === undefined) out[k] = null;
  return out;
}

export function useNumber() {
  const { i18n } = useTranslation();
  const f = new Intl.NumberFormat(intlLocale(i18n.language));
  return (n: number) => f.format(n);
}

export function Filters({ value, onChange, statuses, region, testId }: {
  value: TFilters; onChange: (f: TFilters) => void; statuses?: { value: string; label: string }[]; region?: boolean; testId: string;
}) {
  const { t } = useTranslation();
  const ref = useReference();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - 2019 }, (_, i) => thisYear - i);
  return (
    <Paper withBorder p="sm" component="form" role="search" aria-label={t('activities.filters')} onSubmit={(e) => e.preventDefault()} data-testid={testId}>
      <Group align="flex-end" gap="md">
        <NativeSelect label={t('activities.year')} value={value.year ? String(value.year) : ''} data-testid={`${testId}-year`}
          onChange={(e) => onChange({ ...value, year: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })}>
          <option value="">{t('common.all')}</option>
          {years.map((y) => <option key={y} value={y}>{y}</option>)}
        </NativeSelect>
        {statuses && (
          <NativeSelect label={t('activities.status')} value={value.status ?? ''} data-testid={`${testId}-status`}
            onChange={(e) => onChange({ ...value, status: e.currentTarget.value || undefined })}>
            <option value="">{t('common.all')}</option>
            {statuses.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </NativeSelect>
        )}
        {region && (
          <NativeSelect label={t('activities.region')} value={value.region ?? ''} data-testid={`${testId}-region`}
            onChange={(e) => onChange({ ...value, region: e.currentTarget.value || undefined })}>
            <option value="">{t('common.all')}</option>
            {ref.regions.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
          </NativeSelect>
        )}
      </Group>
    </Paper>
  );
}

/**
 * The frame of a create or edit form: title, fields, errors (field codes from the server land on their
 * fields), a conflict notice on 409 with a reload, save / cancel.
 */
export function Editor<T extends FieldValues>({ form, title, id, testId, saving, error, onSubmit, onCancel, onReload, reloading, children }: {
  form: UseFormReturn<T, unknown, Record<string, unknown>>; title: string; id: string; testId: string; saving: boolean; error: unknown;
  onSubmit: (body: Record<string, unknown>) => Promise<void>; onCancel: () => void; onReload: () => void; reloading: boolean; children: ReactNode;
}) {
  const { t } = useTranslation();
  const [conflict, setConflict] = useState(false);
  const submit = form.handleSubmit(async (body) => {
    try {
      await onSubmit(body);
      setConflict(false);
      notifySuccess(t('activities.saved'));
    } catch (e) {
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') setConflict(true);
      else applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={`${id}-title`} data-testid={testId}>
      <Title order={2} size="h4" id={`${id}-title`} mb="md">{title}</Title>
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            {children}
            {conflict ? <ConflictAlert reloading={reloading} onReload={() => { onReload(); setConflict(false); }} /> : <ErrorAlert error={error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={onCancel} data-testid={`${testId}-cancel`}>{t('common.cancel')}</Button>
              <Button type="submit" loading={saving} data-testid={`${testId}-save`}>{t('common.save')}</Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Paper>
  );
}

export function RecordCard({ id, title, status, statusColor, children, onEdit, editLabel, testId }: {
  id: string; title: ReactNode; status: string; statusColor?: string; children: ReactNode; onEdit?: () => void; editLabel: string; testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`card-${id}`} data-testid={testId}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={3} size="h5" id={`card-${id}`}>{title}</Title>
          <Badge color={statusColor ?? 'blue.9'} data-testid={`${testId}-status`}>{status}</Badge>
        </Group>
        {children}
        {onEdit && (
          <Group justify="flex-end">
            <Button size="xs" variant="default" onClick={onEdit} aria-label={editLabel} data-testid={`${testId}-edit`}>{t('common.edit')}</Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

export function Line({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  return <Text size="sm"><Text span fw={600}>{label}{t('history.colon')}</Text>{children}</Text>;
}
