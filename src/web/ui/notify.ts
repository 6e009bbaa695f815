import { notifications } from '@mantine/notifications';
import { i18n } from '../app/i18n';

/** A short confirmation toast, with a translated name on its close button. */
export function notifySuccess(message: string): void {
  notifications.show({ color: 'green', message, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}
