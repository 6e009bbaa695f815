/** The outcome of a non-punishment record (a victim prosecuted), kept up to date by the prosecution or the supporting organisation. */
import { Group, NativeSelect, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NON_PUNISHMENT_STATUSES, type TCaseJustice } from '../../../contract/justice';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { useFormat } from '../../ui/useFormat';
import { useUpdateNonPunishment } from './api';
import { useOffences } from './labels';

export function NonPunishmentRecord({ record }: { record: TCaseJustice['nonPunishment'][number] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const offences = useOffences();
  const update = useUpdateNonPunishment(record.caseId);
  return (
    <Group gap="sm" wrap="wrap" align="flex-end" data-testid="non-punishment-record" data-status={record.status}>
      <Text size="sm">
        {offences.accused(record.offence)} · {fmt.date(record.accusedOn)}
        {record.proceedingRef ? ` · ${record.proceedingRef}` : ''} · {t('justice.nonPunishment.recordedBy', { organisation: record.recordedBy })}
      </Text>
      <NativeSelect
        size="xs"
        label={t('justice.nonPunishment.status')}
        value={record.status}
        disabled={update.isPending}
        onChange={(e) =>
          update.mutate(
            { id: record.id, body: { version: record.version, status: e.currentTarget.value as (typeof NON_PUNISHMENT_STATUSES)[number] } },
            { onSuccess: () => notifySuccess(t('justice.nonPunishment.statusSaved')) },
          )
        }
        data={NON_PUNISHMENT_STATUSES.map((s) => ({ value: s, label: t(`justice.nonPunishmentStatuses.${s}`) }))}
        data-testid="non-punishment-status"
      />
      <ErrorAlert error={update.error} />
    </Group>
  );
}
