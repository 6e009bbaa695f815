/**
 * The explained result of a screening: the suggestion in plain words (never a legal status), then what is
 * missing and what to ask next (the dimensions met, each part of the rule not met with the dimension closest
 * to it, and the catalogue's questions still open), then for each dimension whether it is met, the counts
 * and the indicators behind it, and which part of the outcome rule is met or missing.
 */
import { useId } from 'react';
import { Alert, Badge, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TCatalogueView, TOutcome, TScreeningResult } from '../../../contract/screening';
import { awaitsValidation, indicatorLabels } from './api';

const OUTCOME_COLOURS: Record<TOutcome, string> = {
  presumed_victim: 'orange',
  further_assessment: 'blue',
  no_indicators: 'gray',
};

const OUTCOME_BADGE_COLOURS: Record<TOutcome, string> = {
  presumed_victim: '#b03e0b',
  further_assessment: 'blue.9',
  no_indicators: 'gray.8',
};

const LEVEL_COLOURS: Record<string, string> = { strong: 'red.9', medium: '#b03e0b', weak: 'gray.8' };

export function OutcomeBadge({ outcome }: { outcome: TOutcome }) {
  const { t } = useTranslation();
  return (
    <Badge color={OUTCOME_BADGE_COLOURS[outcome]} variant="filled" tt="none" data-testid="screening-outcome-badge" data-outcome={outcome}>
      {t(`screening.outcomes.${outcome}.short`)}
    </Badge>
  );
}

export function LevelBadge({ level }: { level: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={LEVEL_COLOURS[level] ?? 'gray.8'} variant="outline" bg="white" tt="none" size="sm">
      {t(`screening.levels.${level}`)}
    </Badge>
  );
}

/** "1 strong + 1 other", from a combination of the dimension rule. */
export function useCombinationText() {
  const { t } = useTranslation();
  return (c: Record<string, number | undefined> | null | undefined): string =>
    Object.entries(c ?? {})
      .filter(([, n]) => typeof n === 'number' && n > 0)
      .map(([k, n]) => t(`screening.rule.${k}`, { n }))
      .join(' + ');
}

/** Items joined with "or" in the current language. */
export function useOrList() {
  const { t } = useTranslation();
  return (items: string[]): string => {
    if (items.length <= 1) return items.join('');
    return `${items.slice(0, -1).join(t('screening.comma'))}${t('screening.or')}${items[items.length - 1]}`;
  };
}

/** The suggestion in plain words, with the note that it is a suggestion to refer and never a legal status. */
export function OutcomeSummary({ result, headingLevel = 2 }: { result: TScreeningResult; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Alert color={OUTCOME_COLOURS[result.outcome]} variant="light" role="note">
        <Title order={headingLevel} size="h4" mb={4} data-testid="screening-outcome" data-outcome={result.outcome}>
          {t(`screening.outcomes.${result.outcome}.title`)}
        </Title>
        <Text>{t(`screening.outcomes.${result.outcome}.body`)}</Text>
      </Alert>
      <Alert color="blue" variant="outline" role="note" title={t('screening.result.notDecisionTitle')} data-testid="screening-not-a-decision">
        <Text size="sm">{t('screening.result.notDecisionBody')}</Text>
      </Alert>
      {awaitsValidation(result.setStatus) && (
        <Alert color="orange" variant="light" role="note" data-testid="screening-draft-result" data-status={result.setStatus}>
          <Text size="sm">{result.setStatus === 'draft_pending_validation' ? t('screening.pendingResult') : t('screening.draftResult')}</Text>
        </Alert>
      )}
    </Stack>
  );
}

/** Dimensions, counts, indicators and outcome groups. `catalogue` gives the labels in the current language. */
export function ScreeningExplanation({ result, catalogue, headingLevel = 3 }: { result: TScreeningResult; catalogue: TCatalogueView | undefined; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  const combination = useCombinationText();
  const orList = useOrList();
  const labels = indicatorLabels(catalogue);
  const set = catalogue?.sets.find((s) => s.code === result.set);
  const dimensionLabel = (code: string) => set?.dimensions.find((d) => d.code === code)?.label ?? catalogue?.sets[0]?.dimensions.find((d) => d.code === code)?.label ?? code;
  const withIndicators = new Set(set?.dimensions.filter((d) => d.indicators.length > 0).map((d) => d.code) ?? result.dimensions.map((d) => d.dimension));
  const dimensions = result.dimensions.filter((d) => withIndicators.has(d.dimension));
  const ruleText = orList((catalogue?.dimensionCombinations ?? []).map((c) => combination(c)));
  const sub = headingLevel === 3 ? 4 : 5;
  const uid = useId();

  return (
    <Stack gap="lg" data-testid="screening-explanation">
      {result.explanation && <WhatNext explanation={result.explanation} set={set} dimensionLabel={dimensionLabel} headingLevel={headingLevel} />}
      <section aria-labelledby={`${uid}-rule`}>
        <Title order={headingLevel} size="h5" id={`${uid}-rule`} mb="xs">
          {t('screening.result.groupsTitle')}
        </Title>
        <Text size="sm" mb="xs">
          {t(`screening.result.rule.${result.population}`)}
        </Text>
        <List spacing="xs" data-testid="screening-groups">
          {result.groups.map((g, i) => {
            const met = g.satisfiedBy.length > 0;
            return (
              <List.Item key={i} data-testid="screening-group" data-met={met}>
                <Group gap="xs" wrap="wrap" align="baseline">
                  <Badge color={met ? '#237032' : 'gray.8'} variant={met ? 'filled' : 'outline'} bg={met ? undefined : 'white'} tt="none" size="sm">
                    {met ? t('screening.result.groupMet') : t('screening.result.groupMissing')}
                  </Badge>
                  <Text size="sm" span>
                    {t('screening.result.groupNeeds', { dimensions: orList(g.anyOf.map(dimensionLabel)) })}
                  </Text>
                  {met && (
                    <Text size="sm" span fw={600}>
                      {t('screening.result.groupMetBy', { dimensions: g.satisfiedBy.map(dimensionLabel).join(t('screening.comma')) })}
                    </Text>
                  )}
                </Group>
              </List.Item>
            );
          })}
        </List>
      </section>

      <section aria-labelledby={`${uid}-dimensions`}>
        <Title order={headingLevel} size="h5" id={`${uid}-dimensions`} mb={4}>
          {t('screening.result.dimensionsTitle')}
        </Title>
        <Text size="sm" mb="sm">
          {t('screening.result.dimensionRule', { rule: ruleText })}
        </Text>
        {set?.dimensions
          .filter((d) => d.combinations)
          .map((d) => (
            <Text size="sm" mb="sm" key={d.code} data-testid="screening-dimension-rule-set">
              {t('screening.result.dimensionRuleSet', { dimension: d.label, rule: orList(d.combinations!.map((c) => combination(c))) })}
            </Text>
          ))}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {dimensions.map((d) => (
            <Paper key={d.dimension} withBorder p="sm" data-testid="screening-dimension" data-dimension={d.dimension} data-positive={d.positive}>
              <Stack gap={6}>
                <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                  <Title order={sub} size="h6">
                    {dimensionLabel(d.dimension)}
                  </Title>
                  <Badge color={d.positive ? '#b03e0b' : 'gray.8'} variant={d.positive ? 'filled' : 'outline'} bg={d.positive ? undefined : 'white'} tt="none" style={{ flexShrink: 0 }}>
                    {d.positive ? t('screening.result.positive') : t('screening.result.notPositive')}
                  </Badge>
                </Group>
                <Text size="sm">{t('screening.result.counts', d.counts)}</Text>
                {d.positive && d.matchedCombination && <Text size="sm">{t('screening.result.ruleMet', { rule: combination(d.matchedCombination) })}</Text>}
                {d.indicators.length > 0 ? (
                  <div>
                    <Text size="sm" fw={600}>
                      {d.positive ? t('screening.result.indicatorsBecause') : t('screening.result.indicatorsPresent')}
                    </Text>
                    <List size="sm" spacing={2}>
                      {d.indicators.map((i) => (
                        <List.Item key={i.id}>
                          <Group gap={6} wrap="wrap" align="baseline">
                            <span>{labels.get(i.id) ?? i.id}</span>
                            <LevelBadge level={i.level} />
                          </Group>
                        </List.Item>
                      ))}
                    </List>
                  </div>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('screening.result.noYes')}
                  </Text>
                )}
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      </section>

      <Text size="sm" c="dimmed" data-testid="screening-answered">
        {t('screening.result.answered', result.answered)}
      </Text>
    </Stack>
  );
}

type TSetView = TCatalogueView['sets'][number];

/** What is missing and what to ask next: the structured explanation of the result, in the interface language. */
function WhatNext({
  explanation,
  set,
  dimensionLabel,
  headingLevel,
}: {
  explanation: NonNullable<TScreeningResult['explanation']>;
  set: TSetView | undefined;
  dimensionLabel: (code: string) => string;
  headingLevel: 3 | 4;
}) {
  const { t } = useTranslation();
  const orList = useOrList();
  const uid = useId();
  const questions = new Map(set?.dimensions.flatMap((d) => d.indicators.map((i) => [i.id, i.question] as const)) ?? []);
  return (
    <section aria-labelledby={`${uid}-next`} data-testid="screening-what-next">
      <Title order={headingLevel} size="h5" id={`${uid}-next`} mb="xs">
        {t('screening.explanation.title')}
      </Title>
      <Text size="sm" mb="xs" data-testid="screening-satisfied" data-dimensions={explanation.satisfied.join(' ')}>
        {explanation.satisfied.length > 0
          ? t('screening.explanation.satisfied', { dimensions: explanation.satisfied.map(dimensionLabel).join(t('screening.comma')) })
          : t('screening.explanation.noneSatisfied')}
      </Text>
      {explanation.missing.length === 0 ? (
        <Text size="sm" data-testid="screening-nothing-missing">
          {t('screening.explanation.complete')}
        </Text>
      ) : (
        <Stack gap="sm">
          {explanation.missing.map((m, i) => (
            <Paper key={i} withBorder p="sm" data-testid="screening-missing" data-closest={m.closest.dimension}>
              <Text size="sm" fw={600}>
                {t('screening.explanation.missing', { dimensions: orList(m.anyOf.map(dimensionLabel)) })}
              </Text>
              <Text size="sm">{t('screening.explanation.closest', { dimension: dimensionLabel(m.closest.dimension), n: m.closest.needed })}</Text>
              {m.followUp.length > 0 ? (
                <>
                  <Text size="sm" fw={600} mt={6}>
                    {t('screening.explanation.askNext')}
                  </Text>
                  <List size="sm" spacing={4} data-testid="screening-follow-up">
                    {m.followUp.map((f) => (
                      <List.Item key={f.id} data-indicator={f.id}>
                        <Group gap={6} wrap="wrap" align="baseline">
                          <span>{questions.get(f.id) ?? f.id}</span>
                          <LevelBadge level={f.level} />
                          {f.answer === 'unknown' && (
                            <Text span size="xs" c="dimmed">
                              ({t('screening.explanation.wasUnknown')})
                            </Text>
                          )}
                        </Group>
                      </List.Item>
                    ))}
                  </List>
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('screening.explanation.noFollowUp')}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      )}
    </section>
  );
}
