/** Immediate needs and risk: what the person needs now, and how safe they and their family are. */
import { useState } from 'react';
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { CHILD_RISKS, RISK_LEVELS, ZRiskAssessmentCreate } from '../../../contract/identification';
import { DataList } from '../../ui/DataList';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { CheckboxField, CheckboxGroupField, contractResolver, RadioGroupField, TextareaField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import type { TCaseDetail } from '../cases/types';
import { useCreateRiskAssessment, useRiskAssessments, type TRiskAssessment, type TRiskAssessmentCreateOutput } from './api';

export const URGENT_NEEDS = ZRiskAssessmentCreate.shape.urgentNeeds.unwrap().element.options;

const RISK_COLOURS: Record<string, string> = { none: 'gray.8', low: 'blue.9', medium: '#b03e0b', high: 'red.9' };

export function RiskBadge({ level, testId }: { level: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={RISK_COLOURS[level] ?? 'gray.8'} variant="filled" tt="none" data-testid={testId} data-level={level}>
      {t('risk.levelBadge', { level: t(`risk.levels.${level}`) })}
    </Badge>
  );
}

interface TRiskDraft {
  safetyRiskPerson: string;
  safetyRiskFamily: string;
  urgentMedicalNeeds: boolean;
  urgentNeeds: string[];
  childRisks: string[];
  notes: string;
}

function RiskForm({ caseDetail, onDone }: { caseDetail: TCaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateRiskAssessment(caseDetail.id);
  const form = useForm<TRiskDraft, unknown, TRiskAssessmentCreateOutput>({
    resolver: contractResolver<TRiskDraft, TRiskAssessmentCreateOutput>(ZRiskAssessmentCreate),
    defaultValues: { safetyRiskPerson: '', safetyRiskFamily: '', urgentMedicalNeeds: false, urgentNeeds: [], childRisks: [], notes: '' },
  });
  const levels = RISK_LEVELS.map((l) => ({ value: l, label: t(`risk.levels.${l}`) }));
  const submit = form.handleSubmit(async (body) => {
    try {
      const saved = await create.mutateAsync(body);
      notifySuccess(t('risk.saved', { level: t(`risk.levels.${saved.riskLevel}`) }));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} bg="gray.0" component="section" aria-labelledby="risk-form-title" data-testid="risk-form">
      <Title order={3} size="h5" id="risk-form-title" mb={4}>
        {t('risk.new')}
      </Title>
      <Text size="sm" mb="sm">
        {t('risk.formHelp')}
      </Text>
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <RadioGroupField name="safetyRiskPerson" label={t('risk.safetyRiskPerson')} required options={levels} inline testId="risk-person" />
              <RadioGroupField name="safetyRiskFamily" label={t('risk.safetyRiskFamily')} required options={levels} inline testId="risk-family" />
            </SimpleGrid>
            <CheckboxField name="urgentMedicalNeeds" label={t('risk.urgentMedicalNeeds')} description={t('risk.urgentMedicalNeedsHelp')} testId="risk-medical" />
            <CheckboxGroupField
              name="urgentNeeds"
              label={t('risk.urgentNeeds')}
              options={URGENT_NEEDS.map((n) => ({ value: n, label: t(`risk.needs.${n}`) }))}
              testId="risk-needs"
            />
            {caseDetail.person.treatedAsChild && (
              <CheckboxGroupField
                name="childRisks"
                label={t('risk.childRisks')}
                description={t('risk.childRisksHelp')}
                options={CHILD_RISKS.map((r) => ({ value: r, label: t(`risk.childRiskOptions.${r}`) }))}
                testId="risk-child"
              />
            )}
            <TextareaField name="notes" label={t('risk.notes')} testId="risk-notes" />
            <ErrorAlert error={create.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onDone}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="risk-save">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Paper>
  );
}

function Assessment({ a, latest }: { a: TRiskAssessment; latest: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Paper withBorder p="sm" component="li" data-testid="risk-assessment">
      <Group gap="sm" mb="xs" justify="space-between">
        <Group gap="xs">
          <RiskBadge level={a.riskLevel} testId="risk-level" />
          {latest && (
            <Text size="sm" fw={600}>
              {t('risk.latest')}
            </Text>
          )}
        </Group>
        <Text size="sm">{t('risk.byAt', { name: isolate(a.assessedBy), date: fmt.instant(a.createdAt) })}</Text>
      </Group>
      <DataList
        items={[
          { label: t('risk.safetyRiskPerson'), value: t(`risk.levels.${a.safetyRiskPerson}`) },
          { label: t('risk.safetyRiskFamily'), value: t(`risk.levels.${a.safetyRiskFamily}`) },
          { label: t('risk.urgentMedicalNeeds'), value: a.urgentMedicalNeeds ? t('common.yes') : t('common.no') },
          { label: t('risk.urgentNeeds'), value: fmt.list(a.urgentNeeds.map((n) => t(`risk.needs.${n}`, { defaultValue: n }))) },
          ...(a.childRisks?.length ? [{ label: t('risk.childRisks'), value: fmt.list(a.childRisks.map((r) => t(`risk.childRiskOptions.${r}`, { defaultValue: r }))) }] : []),
          { label: t('risk.notes'), value: a.notes ? <Text style={{ whiteSpace: 'pre-wrap' }}>{a.notes}</Text> : '' },
        ]}
      />
    </Paper>
  );
}

export function RiskSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const canRead = caseDetail.person.visibleCategories.includes('health');
  const canRecord = caseDetail.abilities.update;
  const list = useRiskAssessments(caseDetail.id, canRead);
  const [open, setOpen] = useState(false);
  if (!canRead && !canRecord) return null;
  const items = list.data ?? [];
  return (
    <Section
      id="risk"
      title={t('risk.title')}
      testId="risk-section"
      actions={
        canRecord &&
        !open && (
          <Button size="sm" variant="outline" onClick={() => setOpen(true)} data-testid="risk-new">
            {t('risk.new')}
          </Button>
        )
      }
    >
      <Stack gap="md">
        {open && <RiskForm caseDetail={caseDetail} onDone={() => setOpen(false)} />}
        {!canRead ? (
          <Text size="sm">{t('risk.noReadAccess')}</Text>
        ) : list.isPending ? (
          <Loading />
        ) : list.error ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" data-testid="risk-empty">
            {t('risk.empty')}
          </Text>
        ) : (
          <Stack gap="sm" component="ol" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
            {items.map((a, i) => (
              <Assessment key={a.id} a={a} latest={i === 0} />
            ))}
          </Stack>
        )}
      </Stack>
    </Section>
  );
}
