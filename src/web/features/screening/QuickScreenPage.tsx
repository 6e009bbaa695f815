/**
 * The red-flags quick screen for the first contact: a stateless aid (nothing is saved). The first
 * responder ticks the signs they observe; the result says what to do next and which ILO/EC indicators
 * to explore in the full screening interview. Below, how to tell trafficking from smuggling and from a
 * labour-law violation.
 */
import { useRef, useState } from 'react';
import { Accordion, Alert, Anchor, Button, Checkbox, Fieldset, Grid, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ZId } from '../../../contract/common';
import type { TQuickScreenView } from '../../../contract/screening';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useQuickScreen } from './api';

type TFlag = TQuickScreenView['groups'][number]['flags'][number];

const LEGEND_STYLES = { legend: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)', marginBottom: 'var(--mantine-spacing-xs)' } };

function FlagCard({ flag, checked, onChange }: { flag: TFlag; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <Checkbox.Card checked={checked} onChange={onChange} radius="md" p="md" mih={56} data-testid={`quick-flag-${flag.id}`} data-flag={flag.id}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        <Checkbox.Indicator size="md" mt={2} aria-hidden />
        <Text size="md">{flag.text}</Text>
      </Group>
    </Checkbox.Card>
  );
}

function Result({ view, ticked }: { view: TQuickScreenView; ticked: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const flags = view.groups.flatMap((g) => g.flags).filter((f) => ticked.has(f.id));
  // Each indicator once, in the order of the ticked signs.
  const indicators = [...new Map(flags.flatMap((f) => f.corroborates).map((c) => [c.label, c])).values()];
  const any = flags.length > 0;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="quick-result-title" data-testid="quick-result">
      <Title order={2} size="h4" id="quick-result-title" mb="sm">
        {t('quickScreen.result.title')}
      </Title>
      <Stack gap="sm" aria-live="polite" data-testid="quick-result-live">
        {any ? (
          <Alert color="orange" variant="light" data-testid="quick-advice" data-advice="flags">
            <Text fw={700} mb={4} data-testid="quick-count">
              {t('quickScreen.result.count', { n: flags.length })}
            </Text>
            <Text>{view.advice.flags}</Text>
          </Alert>
        ) : (
          <Alert color="blue" variant="light" data-testid="quick-advice" data-advice="none">
            <Text>{view.advice.none}</Text>
          </Alert>
        )}
        {indicators.length > 0 && (
          <div>
            <Text fw={600} size="sm" mb={4}>
              {t('quickScreen.result.toExplore')}
            </Text>
            <List size="sm" spacing={4} data-testid="quick-indicators">
              {indicators.map((i) => (
                <List.Item key={i.label} data-testid="quick-indicator">
                  {i.label}
                </List.Item>
              ))}
            </List>
          </div>
        )}
      </Stack>
    </Paper>
  );
}

function NextSteps({ caseId, onClear, canClear }: { caseId: string | null; onClear: () => void; canClear: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      {caseId && (
        <Button component={Link} to={`/cases/${caseId}/screening`} size="md" data-testid="quick-start-screening">
          {t('quickScreen.startScreening')}
        </Button>
      )}
      <Button component={Link} to="/cases/new" size="md" variant={caseId ? 'outline' : 'filled'} data-testid="quick-register">
        {t('quickScreen.register')}
      </Button>
      {canClear && (
        <Button variant="subtle" size="md" onClick={onClear} data-testid="quick-clear">
          {t('quickScreen.clear')}
        </Button>
      )}
    </Stack>
  );
}

function Guidance({ view }: { view: TQuickScreenView }) {
  const { t } = useTranslation();
  return (
    <Section id="quick-guidance" title={t('quickScreen.guidance.title')} testId="quick-guidance">
      <Text size="sm" mb="sm">
        {t('quickScreen.guidance.intro')}
      </Text>
      <Accordion variant="separated" multiple order={3} chevronPosition="right">
        {view.guidance.map((g) => (
          <Accordion.Item key={g.id} value={g.id} data-testid={`quick-guidance-${g.id}`}>
            <Accordion.Control>{g.title}</Accordion.Control>
            <Accordion.Panel>
              <Text size="sm">{g.text}</Text>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Section>
  );
}

export default function QuickScreenPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('quickScreen.title'));
  const [params] = useSearchParams();
  const rawCaseId = params.get('caseId');
  const caseId = rawCaseId && ZId.safeParse(rawCaseId).success ? rawCaseId : null;
  const query = useQuickScreen();
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set());
  const flagsTitle = useRef<HTMLHeadingElement>(null);
  const clear = () => {
    setTicked(new Set());
    // The clear button disappears: focus goes back to the list of signs.
    flagsTitle.current?.focus();
  };

  const toggle = (id: string, on: boolean) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const header = (
    <PageHeader title={t('quickScreen.title')} testId="quick-title">
      {caseId && (
        <Anchor component={Link} to={`/cases/${caseId}`} data-testid="quick-back-to-case">
          {t('screening.backToCase')}
        </Anchor>
      )}
    </PageHeader>
  );

  if (query.isPending) return <Loading />;
  if (query.error || !query.data) {
    return (
      <Stack>
        {header}
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  const view = query.data;

  return (
    <Stack gap="lg">
      {header}
      <Alert color="blue" variant="light" role="note" title={t('quickScreen.intro.title')} data-testid="quick-intro">
        <List size="sm" spacing={4}>
          <List.Item>{t('quickScreen.intro.purpose')}</List.Item>
          <List.Item>{t('quickScreen.intro.notProof')}</List.Item>
          <List.Item>{t('quickScreen.intro.observe')}</List.Item>
          <List.Item>{t('quickScreen.intro.safety')}</List.Item>
        </List>
      </Alert>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="quick-flags-title">
            <Title order={2} size="h4" id="quick-flags-title" mb={4} ref={flagsTitle} tabIndex={-1}>
              {t('quickScreen.flagsTitle')}
            </Title>
            <Text size="sm" mb="md">
              {t('quickScreen.flagsHelp')}
            </Text>
            <Stack gap="lg">
              {view.groups.map((g) => (
                <Fieldset key={g.code} legend={g.label} variant="unstyled" styles={LEGEND_STYLES} data-testid={`quick-group-${g.code}`}>
                  <Stack gap="sm">
                    {g.flags.map((f) => (
                      <FlagCard key={f.id} flag={f} checked={ticked.has(f.id)} onChange={(on) => toggle(f.id, on)} />
                    ))}
                  </Stack>
                </Fieldset>
              ))}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md" style={{ position: 'sticky', insetBlockStart: 'calc(64px + var(--mantine-spacing-md))' }}>
            <Result view={view} ticked={ticked} />
            <NextSteps caseId={caseId} canClear={ticked.size > 0} onClear={clear} />
          </Stack>
        </Grid.Col>
      </Grid>

      <Guidance view={view} />
    </Stack>
  );
}
