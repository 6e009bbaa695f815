import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from './useFormat';

/**
 * Shown on 409 VERSION_CONFLICT: someone saved the record meanwhile. The typed values stay in the form;
 * reloading takes the latest version as the new base, so saving again applies the person's changes on top.
 */
export function ConflictAlert({ onReload, reloading }: { onReload: () => void; reloading: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="light" title={t('conflict.title')} role="alert" data-testid="version-conflict">
      <Text size="sm">{t('conflict.body')}</Text>
      <Group mt="sm">
        <Button size="sm" color="#b03e0b" onClick={onReload} loading={reloading} data-testid="conflict-reload">
          {t('conflict.reload')}
        </Button>
      </Group>
    </Alert>
  );
}

/** After reloading: which fields the other person changed, so nothing is overwritten unknowingly. */
export function ReloadedNotice({ fields }: { fields: string[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Alert color="blue" variant="light" title={t('conflict.reloadedTitle')} data-testid="conflict-reloaded">
      <Text size="sm">
        {fields.length ? t('conflict.reloadedChanged', { fields: fmt.list(fields.map((f) => t(`fields.${f}`, { defaultValue: f }))) }) : t('conflict.reloadedNone')}
      </Text>
    </Alert>
  );
}
