/**
 * The screening interview: calm and step by step, for a tablet. Interview conditions and the
 * questionnaire first (the child pathway is chosen automatically), then one dimension per step with
 * large Yes / No / Don't know controls, then a review, then the explained suggestion.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, List, Paper, Progress, Radio, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Controller, FormProvider, useForm, useFormContext, useWatch } from 'react-hook-form';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ZScreeningCreate, type TCatalogueView } from '../../../contract/screening';
import { isApiError } from '../../app/api';
import { i18n } from '../../app/i18n';
import { useReference } from '../../app/reference';
import { DataList } from '../../ui/DataList';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { CheckboxField, contractResolver, RadioGroupField, SearchSelectField, SelectField, TextareaField, useFieldError } from '../../ui/form';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { LeaveGuard } from '../../ui/steps';
import { isolate, useFormat } from '../../ui/useFormat';
import { useCase } from '../cases/api';
import type { TCaseDetail } from '../cases/types';
import { useIdentification } from '../identification/api';
import NotFoundPage from '../misc/NotFoundPage';
import { awaitsValidation, useCatalogue, useCreateScreening, type TCatalogueDimension, type TCatalogueSet, type TScreening, type TScreeningCreateOutput } from './api';
import { CONDITION_FIELDS, defaultSet, INTERVIEW_PLACES, INTERVIEWER_SEXES, screeningBody, type TAnswer, type TScreeningDraft } from './draft';
import { OutcomeSummary, ScreeningExplanation } from './ScreeningExplanation';

const consentSchema = ZScreeningCreate.refine((v) => v.conditions.consentToInterview, {
  path: ['conditions', 'consentToInterview'],
  error: () => i18n.t('validation.interview_consent_required'),
});

/** "At the place of work", or "of exploitation" for the sexual-exploitation questionnaires. */
function phaseLabel(t: (k: string) => string, phase: string, exploitation?: string) {
  return exploitation === 'sexual' && phase === 'destination' ? t('screening.phases.destinationSexual') : t(`screening.phases.${phase}`);
}

function SetChoice({ catalogue, treatedAsChild }: { catalogue: TCatalogueView; treatedAsChild: boolean }) {
  const { t } = useTranslation();
  const { control } = useFormContext<TScreeningDraft>();
  const error = useFieldError('set');
  return (
    <Controller
      name="set"
      control={control}
      render={({ field }) => (
        <Radio.Group
          name={field.name}
          value={field.value || null}
          onChange={field.onChange}
          label={t('screening.conditions.set')}
          description={t('screening.conditions.setHelp')}
          required
          error={error}
          data-testid="screening-set"
        >
          <Stack gap="sm" mt="xs">
            {catalogue.sets.map((s) => {
              const blocked = treatedAsChild && s.population === 'adult';
              const pending = s.status === 'draft_pending_validation';
              const notes = [blocked ? t('screening.conditions.adultBlocked') : null, awaitsValidation(s.status) ? t(pending ? 'screening.pendingSet' : 'screening.draftSet') : null].filter(Boolean).join(' ');
              return (
                <Radio
                  key={s.code}
                  value={s.code}
                  disabled={blocked}
                  label={
                    <Group gap="xs" component="span">
                      <span>{s.label}</span>
                      {awaitsValidation(s.status) && (
                        <Badge component="span" color="#b03e0b" variant="outline" bg="white" tt="none" size="sm" data-testid={`screening-set-status-${s.code}`} data-status={s.status}>
                          {t(pending ? 'screening.pendingBadge' : 'screening.draftBadge')}
                        </Badge>
                      )}
                    </Group>
                  }
                  description={notes || undefined}
                  data-testid={`screening-set-${s.code}`}
                />
              );
            })}
          </Stack>
        </Radio.Group>
      )}
    />
  );
}

function ConditionsStep({ catalogue, caseDetail }: { catalogue: TCatalogueView; caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const ref = useReference();
  const { control } = useFormContext<TScreeningDraft>();
  const setCode = useWatch({ control, name: 'set' });
  const chosen = catalogue.sets.find((s) => s.code === setCode);
  const treatedAsChild = caseDetail.person.treatedAsChild;
  return (
    <Stack gap="xl">
      <Alert color="blue" variant="light" role="note" title={t('screening.intro.title')} data-testid="screening-intro">
        <List size="sm" spacing={4}>
          <List.Item>{t('screening.intro.explain')}</List.Item>
          <List.Item>{t('screening.intro.stop')}</List.Item>
          <List.Item>{t('screening.intro.setting')}</List.Item>
          <List.Item>{t('screening.intro.pace')}</List.Item>
          <List.Item>{t('screening.intro.suggestion')}</List.Item>
        </List>
      </Alert>

      <Stack gap="md">
        <Title order={3} size="h4">
          {t('screening.conditions.title')}
        </Title>
        <CheckboxField
          name="conditions.consentToInterview"
          label={t('screening.conditions.consent')}
          description={t('screening.conditions.consentHelp')}
          testId="screening-consent"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <SearchSelectField name="conditions.interviewLanguage" label={t('screening.conditions.language')} options={ref.languages} testId="screening-language" />
          <SelectField
            name="conditions.place"
            label={t('screening.conditions.place')}
            required
            options={INTERVIEW_PLACES.map((p) => ({ value: p, label: t(`screening.places.${p}`) }))}
            testId="screening-place"
          />
        </SimpleGrid>
        <CheckboxField name="conditions.interpreterUsed" label={t('screening.conditions.interpreter')} testId="screening-interpreter" />
        <RadioGroupField
          name="conditions.interviewerSex"
          label={t('screening.conditions.interviewerSex')}
          options={INTERVIEWER_SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
          inline
          testId="screening-interviewer-sex"
        />
        <CheckboxField
          name="conditions.personChoseInterviewerSex"
          label={t('screening.conditions.personChose')}
          description={t('screening.conditions.personChoseHelp')}
          testId="screening-person-chose"
        />
      </Stack>

      <Stack gap="md">
        <Title order={3} size="h4">
          {t('screening.conditions.questionnaire')}
        </Title>
        {treatedAsChild && (
          <Alert color="blue" variant="light" role="note" data-testid="screening-child-pathway">
            <Text size="sm">{t('screening.conditions.childPathway')}</Text>
          </Alert>
        )}
        <SetChoice catalogue={catalogue} treatedAsChild={treatedAsChild} />
        {chosen && awaitsValidation(chosen.status) && <DraftNotice status={chosen.status} />}
      </Stack>
    </Stack>
  );
}

function DraftNotice({ status }: { status: TCatalogueSet['status'] }) {
  const { t } = useTranslation();
  const pending = status === 'draft_pending_validation';
  return (
    <Alert color="orange" variant="light" role="note" title={t(pending ? 'screening.pendingBadge' : 'screening.draftBadge')} data-testid="screening-draft-notice" data-status={status}>
      <Text size="sm">{t(pending ? 'screening.pendingNotice' : 'screening.draftNotice')}</Text>
    </Alert>
  );
}

function Question({ indicator }: { indicator: TCatalogueDimension['indicators'][number] }) {
  const { t } = useTranslation();
  const { control } = useFormContext<TScreeningDraft>();
  const base = `q-${indicator.id}`;
  const options = [
    { value: 'yes', label: t('screening.answers.yes') },
    { value: 'no', label: t('screening.answers.no') },
    { value: 'unknown', label: t('screening.answers.unknown') },
  ];
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="screening-question" data-indicator={indicator.id}>
      <Stack gap="xs">
        <Text id={`${base}-question`} fw={600} size="lg">
          {indicator.question}
        </Text>
        <Text id={`${base}-label`} size="sm" c="dimmed">
          {indicator.label}
        </Text>
        <Controller
          name={`answers.${indicator.id}`}
          control={control}
          render={({ field }) => (
            <Group gap="sm" wrap="wrap" align="center">
              <SegmentedControl
                value={(field.value as string | undefined) ?? ''}
                onChange={(v) => field.onChange(v)}
                data={options}
                size="lg"
                radius="md"
                color="blue.8"
                withItemsBorders
                aria-labelledby={`${base}-question`}
                aria-describedby={`${base}-label`}
                data-testid={`answer-${indicator.id}`}
                style={{ flex: '1 1 320px', maxWidth: 560 }}
                fullWidth
              />
              {field.value ? (
                <Button variant="subtle" size="sm" onClick={() => field.onChange('')} aria-describedby={`${base}-question`}>
                  {t('screening.clearAnswer')}
                </Button>
              ) : null}
            </Group>
          )}
        />
      </Stack>
    </Paper>
  );
}

function DimensionStep({ dimension, status }: { dimension: TCatalogueDimension; status: TCatalogueSet['status'] | undefined }) {
  const { t } = useTranslation();
  const { control } = useFormContext<TScreeningDraft>();
  const answers = useWatch({ control, name: 'answers' }) ?? {};
  const answered = dimension.indicators.filter((i) => !!answers[i.id]).length;
  return (
    <Stack gap="md">
      <Text size="sm">{t('screening.dimensionHelp')}</Text>
      {status && awaitsValidation(status) && <DraftNotice status={status} />}
      {dimension.indicators.map((i) => (
        <Question key={i.id} indicator={i} />
      ))}
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="screening-answered-count">
        {t('screening.answeredCount', { n: answered, total: dimension.indicators.length })}
      </Text>
    </Stack>
  );
}

function ReviewStep({ set, caseDetail, onEdit }: { set: TCatalogueSet; caseDetail: TCaseDetail; onEdit: (step: number) => void }) {
  const { t } = useTranslation();
  const ref = useReference();
  const { control } = useFormContext<TScreeningDraft>();
  const values = useWatch({ control }) as TScreeningDraft;
  const answers = values.answers ?? {};
  const c = values.conditions;
  const yesNo = (b: boolean | undefined) => (b ? t('common.yes') : t('common.no'));
  const dimensions = set.dimensions.filter((d) => d.indicators.length > 0);
  const phases = [...new Set(dimensions.map((d) => d.phase))];
  return (
    <Stack gap="xl" data-testid="screening-review">
      <Stack gap="xs">
        <Group justify="space-between" gap="sm">
          <Title order={3} size="h4">
            {t('screening.conditions.title')}
          </Title>
          <Button variant="subtle" size="sm" onClick={() => onEdit(0)}>
            {t('screening.review.editConditions')}
          </Button>
        </Group>
        <DataList
          items={[
            { label: t('screening.conditions.consentShort'), value: yesNo(c.consentToInterview) },
            { label: t('screening.conditions.set'), value: set.label },
            { label: t('screening.conditions.language'), value: ref.language(c.interviewLanguage) },
            { label: t('screening.conditions.place'), value: c.place ? t(`screening.places.${c.place}`) : '' },
            { label: t('screening.conditions.interpreter'), value: yesNo(c.interpreterUsed) },
            { label: t('screening.conditions.interviewerSex'), value: c.interviewerSex ? t(`sex.${c.interviewerSex}`) : '' },
            { label: t('screening.conditions.personChose'), value: yesNo(c.personChoseInterviewerSex) },
            { label: t('screening.review.person'), value: caseDetail.person.treatedAsChild ? t('screening.review.treatedAsChild') : t(`ageGroup.${caseDetail.person.ageGroup}`) },
          ]}
        />
      </Stack>
      {phases.map((phase) => (
        <Stack gap="sm" key={phase}>
          <Title order={3} size="h4">
            {phaseLabel(t, phase, set.exploitation)}
          </Title>
          {dimensions
            .filter((d) => d.phase === phase)
            .map((d) => {
              const step = dimensions.indexOf(d) + 1;
              const count = (v: TAnswer) => d.indicators.filter((i) => (answers[i.id] ?? '') === v).length;
              const yes = d.indicators.filter((i) => answers[i.id] === 'yes');
              return (
                <Paper withBorder p="sm" key={d.code} data-testid="screening-review-dimension">
                  <Group justify="space-between" gap="sm" align="flex-start">
                    <Title order={4} size="h5">
                      {d.label}
                    </Title>
                    <Button variant="subtle" size="sm" onClick={() => onEdit(step)} aria-label={t('screening.review.editDimension', { dimension: d.label })}>
                      {t('common.edit')}
                    </Button>
                  </Group>
                  <Text size="sm">{t('screening.review.counts', { yes: count('yes'), no: count('no'), unknown: count('unknown'), none: count('') })}</Text>
                  {yes.length > 0 && (
                    <List size="sm" spacing={2} mt={4}>
                      {yes.map((i) => (
                        <List.Item key={i.id}>{i.label}</List.Item>
                      ))}
                    </List>
                  )}
                </Paper>
              );
            })}
        </Stack>
      ))}
      <TextareaField name="notes" label={t('screening.review.notes')} description={t('screening.review.notesHelp')} testId="screening-notes" />
    </Stack>
  );
}

function NextStep({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const state = useIdentification(caseId);
  const s = state.data;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="screening-next-title" data-testid="screening-next">
      <Title order={2} size="h4" id="screening-next-title" mb="xs">
        {t('screening.next.title')}
      </Title>
      <Text mb="md">{t('screening.next.body')}</Text>
      {s?.requestedFrom && <Text mb="md">{t('identification.requestedFrom', { organisation: isolate(s.requestedFrom.name), date: fmt.instant(s.requestedAt) })}</Text>}
      <Group gap="sm">
        {s?.abilities.request && (
          <Button component={Link} to={`/cases/${caseId}#identification-request`} size="md" data-testid="screening-request-decision">
            {t('screening.next.request')}
          </Button>
        )}
        <Button component={Link} to={`/cases/${caseId}`} variant={s?.abilities.request ? 'default' : 'filled'} size="md" data-testid="screening-back-to-case">
          {t('screening.backToCase')}
        </Button>
      </Group>
    </Paper>
  );
}

function ResultView({ screening, catalogue, caseId }: { screening: TScreening; catalogue: TCatalogueView; caseId: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Stack gap="lg" data-testid="screening-result">
      <Title order={2} size="h3" ref={ref} tabIndex={-1} data-testid="step-title">
        {t('screening.result.title')}
      </Title>
      <OutcomeSummary result={screening.result} headingLevel={3} />
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        <ScreeningExplanation result={screening.result} catalogue={catalogue} headingLevel={3} />
      </Paper>
      <NextStep caseId={caseId} />
    </Stack>
  );
}

type TStep = { kind: 'conditions' } | { kind: 'dimension'; dimension: TCatalogueDimension } | { kind: 'review' };

function ScreeningInterview({ caseDetail: c, catalogue }: { caseDetail: TCaseDetail; catalogue: TCatalogueView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateScreening(c.id);
  const [active, setActive] = useState(0);
  const [saved, setSaved] = useState<TScreening | null>(null);
  const [unmatched, setUnmatched] = useState<string[]>([]);
  const savedRef = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const resolver = useMemo(() => contractResolver<TScreeningDraft, TScreeningCreateOutput>(consentSchema, (d) => screeningBody(d, catalogue)), [catalogue]);
  const form = useForm<TScreeningDraft, unknown, TScreeningCreateOutput>({
    resolver,
    defaultValues: {
      set: defaultSet(catalogue, c.person.treatedAsChild),
      conditions: {
        consentToInterview: false,
        interpreterUsed: false,
        interviewLanguage: c.person.languages[0] ?? '',
        interviewerSex: '',
        personChoseInterviewerSex: false,
        place: '',
      },
      answers: {},
      notes: '',
    },
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  const setCode = useWatch({ control: form.control, name: 'set' });
  const set = catalogue.sets.find((s) => s.code === setCode);
  const dimensions = set?.dimensions.filter((d) => d.indicators.length > 0) ?? [];
  const steps: TStep[] = [{ kind: 'conditions' }, ...dimensions.map((d) => ({ kind: 'dimension' as const, dimension: d })), { kind: 'review' }];
  const step = steps[Math.min(active, steps.length - 1)] ?? { kind: 'conditions' };
  const stepLabel = (s: TStep) => (s.kind === 'conditions' ? t('screening.steps.conditions') : s.kind === 'review' ? t('screening.steps.review') : s.dimension.label);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [active]);

  const goTo = (n: number) => setActive(Math.max(0, Math.min(n, steps.length - 1)));

  const next = async () => {
    setUnmatched([]);
    if (step.kind === 'conditions') {
      const ok = await form.trigger([...CONDITION_FIELDS], { shouldFocus: true });
      if (!ok) return;
    }
    goTo(active + 1);
  };

  const save = form.handleSubmit(
    async (body) => {
      setUnmatched([]);
      try {
        const result = await create.mutateAsync(body);
        savedRef.current = true;
        setSaved(result);
      } catch (e) {
        const { applied, unmatched: rest } = applyServerFieldErrors(e, form.setError, (p) => p === 'set' || p.startsWith('conditions.') || p === 'notes');
        setUnmatched(rest);
        if (applied.some((p) => p !== 'notes')) goTo(0);
      }
    },
    (errors) => {
      if (errors.set || errors.conditions) goTo(0);
    },
  );

  const dirty = form.formState.isDirty && !saved;

  return (
    <Stack gap="md">
      <PageHeader
        title={t('screening.title')}
        actions={
          !saved && (
            <Button variant="default" onClick={() => navigate(`/cases/${c.id}`)} data-testid="screening-stop">
              {t('screening.stop')}
            </Button>
          )
        }
      >
        <Text>
          {t('screening.forCase')}{' '}
          <Anchor component={Link} to={`/cases/${c.id}`} className="ltr-value" data-testid="screening-case-link">
            {c.reference}
          </Anchor>
        </Text>
      </PageHeader>
      <LeaveGuard
        when={dirty}
        savedRef={savedRef}
        title={t('screening.leave.title')}
        body={t('screening.leave.body')}
        stayLabel={t('screening.leave.stay')}
        leaveLabel={t('screening.leave.confirm')}
      />

      {saved ? (
        <ResultView screening={saved} catalogue={catalogue} caseId={c.id} />
      ) : (
        <FormProvider {...form}>
          <form noValidate onSubmit={(e) => e.preventDefault()} aria-label={t('screening.title')}>
            <Stack gap={6}>
              <Text size="sm" fw={600} aria-live="polite" data-testid="step-counter">
                {t('screening.stepOf', { n: active + 1, total: steps.length, label: stepLabel(step) })}
              </Text>
              <Progress value={((active + 1) / steps.length) * 100} size="md" aria-hidden />
            </Stack>

            <Paper withBorder p={{ base: 'md', sm: 'lg' }} mt="md" component="section" aria-labelledby="screening-step-title">
              {step.kind === 'dimension' && (
                <Title order={2} size="h5" c="blue.9" mb={4} data-testid="screening-phase">
                  {phaseLabel(t, step.dimension.phase, set?.exploitation)}
                </Title>
              )}
              <Title
                order={step.kind === 'dimension' ? 3 : 2}
                size="h3"
                ref={headingRef}
                tabIndex={-1}
                id="screening-step-title"
                mb="md"
                data-testid="step-title"
              >
                {stepLabel(step)}
              </Title>
              {step.kind === 'conditions' && <ConditionsStep catalogue={catalogue} caseDetail={c} />}
              {step.kind === 'dimension' && <DimensionStep key={step.dimension.code} dimension={step.dimension} status={set?.status} />}
              {step.kind === 'review' && set && <ReviewStep set={set} caseDetail={c} onEdit={goTo} />}
            </Paper>

            {(create.error || unmatched.length > 0) && (
              <Stack mt="md" gap="xs">
                <ErrorAlert error={create.error} />
                {unmatched.length > 0 && (
                  <Alert color="red" variant="light">
                    <List size="sm">
                      {unmatched.map((m) => (
                        <List.Item key={m}>{m}</List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
              </Stack>
            )}

            <Group justify="space-between" mt="lg">
              <Button variant="default" size="md" onClick={() => goTo(active - 1)} disabled={active === 0} data-testid="stepper-back">
                {t('common.back')}
              </Button>
              {step.kind !== 'review' ? (
                <Button size="md" onClick={() => void next()} data-testid="stepper-next">
                  {t('common.next')}
                </Button>
              ) : (
                <Button size="md" color="#237032" onClick={() => void save()} loading={create.isPending} data-testid="screening-save">
                  {t('screening.save')}
                </Button>
              )}
            </Group>
          </form>
        </FormProvider>
      )}
    </Stack>
  );
}

export default function ScreeningPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const caseQuery = useCase(caseId);
  const catalogue = useCatalogue();
  useDocumentTitle(caseQuery.data ? t('screening.documentTitle', { reference: caseQuery.data.reference }) : t('screening.title'));

  if (caseQuery.isPending || catalogue.isPending) return <Loading />;
  if (caseQuery.error) {
    if (isApiError(caseQuery.error) && caseQuery.error.code === 'NOT_FOUND') return <NotFoundPage />;
    return (
      <Stack>
        <PageHeader title={t('screening.title')} />
        <ErrorAlert error={caseQuery.error} onRetry={() => void caseQuery.refetch()} />
      </Stack>
    );
  }
  if (catalogue.error || !catalogue.data) {
    return (
      <Stack>
        <PageHeader title={t('screening.title')} />
        <ErrorAlert error={catalogue.error} onRetry={() => void catalogue.refetch()} />
      </Stack>
    );
  }
  const c = caseQuery.data;
  if (!c.abilities.update) {
    return (
      <Stack>
        <PageHeader title={t('screening.title')} />
        <Alert color="blue" variant="light" role="note" data-testid="screening-not-allowed">
          {t('screening.notAllowed')}
        </Alert>
        <Anchor component={Link} to={`/cases/${c.id}`}>
          {t('screening.backToCase')}
        </Anchor>
      </Stack>
    );
  }
  return <ScreeningInterview caseDetail={c} catalogue={catalogue.data} />;
}

