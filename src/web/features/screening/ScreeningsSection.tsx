/** Past screening interviews of a case, each with its outcome and an explanation to unfold. */
import { useState } from 'react';
import { Button, Collapse, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import type { TCaseDetail } from '../cases/types';
import { useCatalogue, useScreenings, type TScreening } from './api';
import { OutcomeBadge, OutcomeSummary, ScreeningExplanation } from './ScreeningExplanation';

function ScreeningItem({ s }: { s: TScreening }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // Labelled with the catalogue version the screening was recorded with.
  const catalogue = useCatalogue(s.result.catalogueVersion);
  const [open, setOpen] = useState(false);
  const setLabel = catalogue.data?.sets.find((x) => x.code === s.result.set)?.label ?? s.result.set;
  const panelId = `screening-${s.id}-explanation`;
  return (
    <Paper withBorder p="sm" component="li" data-testid="screening-item">
      <Group justify="space-between" gap="sm" align="flex-start">
        <Stack gap={4}>
          <Group gap="xs">
            <OutcomeBadge outcome={s.result.outcome} />
            <Text fw={600}>{setLabel}</Text>
          </Group>
          <Text size="sm">{t('screening.list.byAt', { name: isolate(s.screenedBy), organisation: isolate(s.organisation), date: fmt.instant(s.createdAt) })}</Text>
        </Stack>
        <Button variant="subtle" size="sm" onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-controls={panelId} data-testid="screening-toggle">
          {open ? t('screening.list.hide') : t('screening.list.show')}
        </Button>
      </Group>
      <Collapse expanded={open} id={panelId}>
        {open && (
          <Stack gap="md" mt="md">
            <OutcomeSummary result={s.result} headingLevel={3} />
            <ScreeningExplanation result={s.result} catalogue={catalogue.data} headingLevel={4} />
            {s.notes && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                <Text span fw={600} size="sm">
                  {t('screening.review.notes')}
                  {t('history.colon')}
                </Text>
                {s.notes}
              </Text>
            )}
          </Stack>
        )}
      </Collapse>
    </Paper>
  );
}

export function ScreeningsSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const canRead = caseDetail.person.visibleCategories.includes('exploitation_story');
  const canRecord = caseDetail.abilities.update;
  const list = useScreenings(caseDetail.id, canRead);
  if (!canRead && !canRecord) return null;
  const items = list.data ?? [];
  return (
    <Section
      id="screenings"
      title={t('screening.list.title')}
      testId="screenings-section"
      actions={
        canRecord && (
          <Button component={Link} to={`/cases/${caseDetail.id}/screening`} size="sm" variant="outline" data-testid="screening-start-secondary">
            {t('screening.start')}
          </Button>
        )
      }
    >
      {!canRead ? (
        <Text size="sm">{t('screening.list.noReadAccess')}</Text>
      ) : list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" data-testid="screenings-empty">
          {t('screening.list.empty')}
        </Text>
      ) : (
        <Stack gap="sm" component="ol" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
          {items.map((s) => (
            <ScreeningItem key={s.id} s={s} />
          ))}
        </Stack>
      )}
    </Section>
  );
}
