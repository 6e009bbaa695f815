import type { ReactNode } from 'react';
import { Button, Group, Modal } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Mantine Modal with a translated close button and sensible defaults for tablets. */
export function Dialog({ opened, onClose, title, children, size = 'lg', testId }: { opened: boolean; onClose: () => void; title: string; children: ReactNode; size?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size={size}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid={testId}
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {children}
    </Modal>
  );
}

/** Asks before doing something that is easy to regret. */
export function ConfirmDialog({
  opened,
  onClose,
  onConfirm,
  title,
  body,
  confirmLabel,
  pending,
  testId,
}: {
  opened: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  pending?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Dialog opened={opened} onClose={onClose} title={title} size="md" testId={testId}>
      {body}
      <Group justify="flex-end" gap="sm" mt="md">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button color="red.9" onClick={onConfirm} loading={pending} data-testid="confirm-button">
          {confirmLabel}
        </Button>
      </Group>
    </Dialog>
  );
}
