import { useEffect, type ReactNode } from 'react';
import { Group, Loader, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Sets the document title: "<page> — OpenNRM". */
export function useDocumentTitle(title: string | undefined) {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} — ${app}` : app;
  }, [title, app]);
}

/** Every page has exactly one h1; actions sit beside it. */
export function PageHeader({ title, actions, children, testId }: { title: ReactNode; actions?: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <Stack gap="xs" mb="lg">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Title order={1} size="h2" data-testid={testId}>
          {title}
        </Title>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
      {children}
    </Stack>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="center" p="xl" role="status" aria-live="polite">
      <Loader size="md" aria-hidden />
      <span className="visually-hidden">{label ?? t('common.loading')}</span>
    </Group>
  );
}
