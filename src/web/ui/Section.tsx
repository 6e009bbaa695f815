import type { ReactNode } from 'react';
import { Group, Paper, Title } from '@mantine/core';

/** A titled block of a page (h2), labelled for assistive technology. */
export function Section({ id, title, actions, children, testId }: { id: string; title: string; actions?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" id={id} aria-labelledby={`${id}-title`} data-testid={testId} style={{ scrollMarginTop: 'calc(var(--app-shell-header-offset, 0rem) + 4.5rem)' }}>
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={2} size="h4" id={`${id}-title`}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}
