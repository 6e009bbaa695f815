/** Building blocks of step-by-step pages (registration, screening interview). */
import { useEffect, useRef } from 'react';
import { Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useBlocker } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The heading of a step; focus moves to it when the step changes, so screen-reader users hear where they are. */
export function StepHeading({ title, intro, focus = true, eyebrow }: { title: string; intro?: string; focus?: boolean; eyebrow?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <Stack gap={4} mb="md">
      {eyebrow && (
        <Text size="sm" fw={600} c="dimmed" data-testid="step-eyebrow">
          {eyebrow}
        </Text>
      )}
      <Title order={2} size="h3" ref={ref} tabIndex={-1} data-testid="step-title">
        {title}
      </Title>
      {intro && <Text>{intro}</Text>}
    </Stack>
  );
}

/** Asks before leaving a page with unsaved input (in-app navigation and closing the tab). */
export function LeaveGuard({
  when,
  savedRef,
  title,
  body,
  stayLabel,
  leaveLabel,
}: {
  when: boolean;
  savedRef: { current: boolean };
  title: string;
  body: string;
  stayLabel: string;
  leaveLabel: string;
}) {
  const { t } = useTranslation();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && !savedRef.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!when) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [when]);
  return (
    <Modal opened={blocker.state === 'blocked'} onClose={() => blocker.reset?.()} title={title} closeButtonProps={{ 'aria-label': t('common.close') }} centered>
      <Text>{body}</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => blocker.reset?.()} data-testid="leave-stay">
          {stayLabel}
        </Button>
        <Button color="red.9" onClick={() => blocker.proceed?.()} data-testid="leave-confirm">
          {leaveLabel}
        </Button>
      </Group>
    </Modal>
  );
}
