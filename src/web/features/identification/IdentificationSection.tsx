/**
 * Identification status on the case page: decided by the competent authority, separately from the
 * screening. The managing organisation asks for a decision; the deciding organisation decides (a negative
 * decision waits for a second reviewer); the referring organisation may ask for reconsideration.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  EVIDENCE_KINDS,
  ZDecisionCreate,
  ZDecisionReview,
  ZIdentificationRequest,
  ZReconsiderationRequest,
  type TIdentificationState,
} from '../../../contract/identification';
import { isApiError } from '../../app/api';
import { IdentificationBadge } from '../../ui/Badges';
import { cleanValues } from '../../ui/clean';
import { ConflictAlert } from '../../ui/conflict';
import { DataList } from '../../ui/DataList';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { CheckboxGroupField, contractResolver, RadioGroupField, SelectField, TextareaField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import { useOrganisations } from '../admin/api';
import type { TCaseDetail } from '../cases/types';
import { isDecidingOrganisation, useIdentification, useIdentificationAction, type TDecision } from './api';

const DECISION_STATUSES = ZDecisionCreate.shape.status.options;

/** The error to show above the buttons: not a version conflict (own alert) nor field errors (on the fields). */
const generalError = (e: unknown) => (!e || (isApiError(e) && (e.code === 'VERSION_CONFLICT' || e.fields.length > 0)) ? null : e);

/** A sub-form of the section (h3 + body), visually set apart. */
/** The error of a failed action, then its submit button. */
function SubmitRow({ error, pending, label, testId, variant }: { error: unknown; pending: boolean; label: string; testId: string; variant?: 'outline' }) {
  return (
    <>
      <ErrorAlert error={generalError(error)} />
      <Group justify="flex-end">
        <Button type="submit" variant={variant} loading={pending} data-testid={testId}>
          {label}
        </Button>
      </Group>
    </>
  );
}

function Panel({ id, title, help, children, testId }: { id: string; title: string; help?: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} bg="gray.0" component="section" aria-labelledby={`${id}-title`} data-testid={testId}>
      <Title order={3} size="h5" id={`${id}-title`} mb={4} tabIndex={-1}>
        {title}
      </Title>
      {help && (
        <Text size="sm" mb="sm">
          {help}
        </Text>
      )}
      {children}
    </Paper>
  );
}

/** Failed identification requests: a version conflict offers to reload; field errors go on the form. */
function useActionErrors(refetch: () => Promise<unknown>) {
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  return {
    conflict,
    onError: (e: unknown, apply: () => void) => {
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') setConflict(true);
      else apply();
    },
    alert: conflict ? (
      <ConflictAlert
        reloading={reloading}
        onReload={() => {
          setReloading(true);
          void refetch().finally(() => {
            setReloading(false);
            setConflict(false);
          });
        }}
      />
    ) : null,
  };
}

function RequestForm({ state, refetch }: { state: TIdentificationState; refetch: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const organisations = useOrganisations();
  const action = useIdentificationAction(state.caseId, 'request');
  const errors = useActionErrors(refetch);
  const options = useMemo(() => (organisations.data ?? []).filter(isDecidingOrganisation).map((o) => ({ value: o.id, label: o.name })), [organisations.data]);
  type TDraft = { decidingOrganisationId: string; message: string };
  type TOut = z.output<typeof ZIdentificationRequest>;
  // The identification version read with the case: a request sent meanwhile by a colleague gives 409.
  const version = state.identificationVersion;
  const resolver = useMemo(() => contractResolver<TDraft, TOut>(ZIdentificationRequest, (d) => ({ ...d, identificationVersion: version })), [version]);
  const form = useForm<TDraft, unknown, TOut>({ resolver, defaultValues: { decidingOrganisationId: '', message: '' } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await action.mutateAsync(body);
      notifySuccess(t('identification.request.sent', { organisation: isolate(options.find((o) => o.value === body.decidingOrganisationId)?.label) }));
    } catch (e) {
      errors.onError(e, () => applyServerFieldErrors(e, form.setError));
    }
  });
  return (
    <Panel id="identification-request" title={t('identification.request.title')} help={t('identification.request.help')} testId="identification-request">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            {errors.alert}
            <SelectField
              name="decidingOrganisationId"
              label={t('identification.request.organisation')}
              required
              options={options}
              testId="identification-deciding-organisation"
            />
            <TextareaField name="message" label={t('identification.request.message')} description={t('identification.request.messageHelp')} testId="identification-request-message" />
            <SubmitRow error={action.error} pending={action.isPending} label={t('identification.request.submit')} testId="identification-request-submit" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function DecisionForm({ state, refetch }: { state: TIdentificationState; refetch: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const action = useIdentificationAction(state.caseId, 'decisions');
  const errors = useActionErrors(refetch);
  type TDraft = { status: string; reasons: string; evidence: string[] };
  type TOut = z.output<typeof ZDecisionCreate>;
  const version = state.identificationVersion;
  const resolver = useMemo(() => contractResolver<TDraft, TOut>(ZDecisionCreate, (d) => cleanValues({ ...d, identificationVersion: version })), [version]);
  const form = useForm<TDraft, unknown, TOut>({ resolver, defaultValues: { status: '', reasons: '', evidence: [] } });
  const submit = form.handleSubmit(async (body) => {
    try {
      const next = await action.mutateAsync(body);
      notifySuccess(next.decisions[0]?.state === 'pending_review' ? t('identification.decide.sentForReview') : t('identification.decide.saved'));
      form.reset();
    } catch (e) {
      errors.onError(e, () => applyServerFieldErrors(e, form.setError));
    }
  });
  return (
    <Panel id="identification-decide" title={t('identification.decide.title')} help={t('identification.decide.help')} testId="identification-decide">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            {errors.alert}
            {state.reconsiderationRequested && (
              <Alert color="orange" variant="light" role="note">
                {t('identification.reconsideration.pendingForDecider')}
              </Alert>
            )}
            <RadioGroupField
              name="status"
              label={t('identification.decide.status')}
              required
              options={DECISION_STATUSES.map((s) => ({ value: s, label: t(`identification.decisionStatuses.${s}`) }))}
              descriptions={Object.fromEntries(DECISION_STATUSES.map((s) => [s, t(`identification.decide.statusHelp.${s}`)]))}
              testId="identification-decision-status"
            />
            <TextareaField name="reasons" label={t('identification.decide.reasons')} description={t('identification.decide.reasonsHelp')} required testId="identification-decision-reasons" />
            <CheckboxGroupField
              name="evidence"
              label={t('identification.decide.evidence')}
              description={t('identification.decide.evidenceHelp')}
              required
              options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`identification.evidence.${k}`) }))}
              testId="identification-decision-evidence"
            />
            <SubmitRow error={action.error} pending={action.isPending} label={t('identification.decide.submit')} testId="identification-decision-submit" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function DecisionSummary({ d }: { d: TDecision }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <DataList
      items={[
        { label: t('identification.history.decision'), value: t(`identification.decisionStatuses.${d.status}`) },
        { label: t('identification.history.decidedBy'), value: t('identification.history.byAt', { name: isolate(d.decidedBy), organisation: isolate(d.decidingOrganisation), date: fmt.instant(d.createdAt) }) },
        { label: t('identification.decide.reasons'), value: d.reasons === undefined ? t('identification.history.reasonsHidden') : <Text style={{ whiteSpace: 'pre-wrap' }}>{d.reasons}</Text> },
        { label: t('identification.decide.evidence'), value: !d.evidence ? t('common.notShared') : fmt.list(d.evidence.map((k) => t(`identification.evidence.${k}`, { defaultValue: k }))) },
      ]}
    />
  );
}

function ReviewForm({ state, pending, refetch }: { state: TIdentificationState; pending: TDecision; refetch: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const action = useIdentificationAction(state.caseId, 'review');
  const errors = useActionErrors(refetch);
  type TDraft = { confirm: string; comment: string };
  type TOut = z.output<typeof ZDecisionReview>;
  const version = state.identificationVersion;
  const resolver = useMemo(
    () =>
      contractResolver<TDraft, TOut>(ZDecisionReview, (d) =>
        cleanValues({ identificationVersion: version, confirm: d.confirm === 'true' ? true : d.confirm === 'false' ? false : undefined, comment: d.comment }),
      ),
    [version],
  );
  const form = useForm<TDraft, unknown, TOut>({ resolver, defaultValues: { confirm: '', comment: '' } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await action.mutateAsync(body);
      notifySuccess(body.confirm ? t('identification.review.confirmed') : t('identification.review.rejected'));
    } catch (e) {
      errors.onError(e, () => applyServerFieldErrors(e, form.setError));
    }
  });
  return (
    <Panel id="identification-review" title={t('identification.review.title')} help={t('identification.review.help')} testId="identification-review">
      <Stack gap="md">
        <DecisionSummary d={pending} />
        <FormProvider {...form}>
          <form noValidate onSubmit={(e) => void submit(e)}>
            <Stack gap="md">
              {errors.alert}
              <RadioGroupField
                name="confirm"
                label={t('identification.review.choice')}
                required
                options={[
                  { value: 'true', label: t('identification.review.confirm') },
                  { value: 'false', label: t('identification.review.reject') },
                ]}
                testId="identification-review-choice"
              />
              <TextareaField name="comment" label={t('identification.review.comment')} testId="identification-review-comment" />
              <SubmitRow error={action.error} pending={action.isPending} label={t('identification.review.submit')} testId="identification-review-submit" />
            </Stack>
          </form>
        </FormProvider>
      </Stack>
    </Panel>
  );
}

function ReconsiderationForm({ state, refetch }: { state: TIdentificationState; refetch: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const action = useIdentificationAction(state.caseId, 'reconsideration');
  const errors = useActionErrors(refetch);
  type TDraft = { grounds: string };
  type TOut = z.output<typeof ZReconsiderationRequest>;
  const version = state.identificationVersion;
  const resolver = useMemo(() => contractResolver<TDraft, TOut>(ZReconsiderationRequest, (d) => cleanValues({ ...d, identificationVersion: version })), [version]);
  const form = useForm<TDraft, unknown, TOut>({ resolver, defaultValues: { grounds: '' } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await action.mutateAsync(body);
      notifySuccess(t('identification.reconsideration.sent'));
      form.reset();
    } catch (e) {
      errors.onError(e, () => applyServerFieldErrors(e, form.setError));
    }
  });
  return (
    <Panel id="identification-reconsideration" title={t('identification.reconsideration.title')} help={t('identification.reconsideration.help')} testId="identification-reconsideration">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            {errors.alert}
            <TextareaField name="grounds" label={t('identification.reconsideration.grounds')} required testId="identification-reconsideration-grounds" />
            <SubmitRow error={action.error} pending={action.isPending} label={t('identification.reconsideration.submit')} testId="identification-reconsideration-submit" variant="outline" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

const STATE_COLOURS: Record<string, string> = { final: '#237032', pending_review: '#b03e0b', rejected_by_reviewer: 'gray.8', superseded: 'gray.8' };

function DecisionHistory({ decisions }: { decisions: TDecision[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <section aria-labelledby="identification-history-title">
      <Title order={3} size="h5" id="identification-history-title" mb="xs">
        {t('identification.history.title')}
      </Title>
      {decisions.length === 0 ? (
        <Text size="sm" data-testid="identification-no-decision">
          {t('identification.history.none')}
        </Text>
      ) : (
        <Stack gap="sm" component="ol" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
          {decisions.map((d) => (
            <Paper component="li" withBorder p="sm" key={d.id} data-testid="identification-decision" data-state={d.state}>
              <Group gap="xs" mb={4}>
                <Text fw={700}>{t(`identification.decisionStatuses.${d.status}`)}</Text>
                <Badge color={STATE_COLOURS[d.state] ?? 'gray.8'} variant={d.state === 'final' || d.state === 'pending_review' ? 'filled' : 'outline'} bg={d.state === 'final' || d.state === 'pending_review' ? undefined : 'white'} tt="none" size="sm">
                  {t(`identification.decisionStates.${d.state}`)}
                </Badge>
              </Group>
              <Text size="sm">{t('identification.history.byAt', { name: isolate(d.decidedBy), organisation: isolate(d.decidingOrganisation), date: fmt.instant(d.createdAt) })}</Text>
              {d.reasons !== undefined && (
                <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }} data-testid="identification-decision-reasons">
                  <Text span fw={600} size="sm">
                    {t('identification.decide.reasons')}
                    {t('history.colon')}
                  </Text>
                  {d.reasons}
                </Text>
              )}
              {d.evidence && d.evidence.length > 0 && (
                <Text size="sm" mt={4}>
                  <Text span fw={600} size="sm">
                    {t('identification.decide.evidence')}
                    {t('history.colon')}
                  </Text>
                  {fmt.list(d.evidence.map((k) => t(`identification.evidence.${k}`, { defaultValue: k })))}
                </Text>
              )}
              {d.reviewedBy && (
                <Text size="sm" mt={4}>
                  {t('identification.history.reviewedBy', { name: isolate(d.reviewedBy), date: fmt.instant(d.reviewedAt) })}
                  {d.reviewComment ? `${t('history.colon')}${d.reviewComment}` : ''}
                </Text>
              )}
              {d.reconsiderationGrounds && (
                <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                  <Text span fw={600} size="sm">
                    {t('identification.history.reconsiderationGrounds')}
                    {t('history.colon')}
                  </Text>
                  {d.reconsiderationGrounds}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      )}
    </section>
  );
}

export function IdentificationSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const location = useLocation();
  const query = useIdentification(caseDetail.id);
  const s = query.data;
  const refetch = query.refetch;
  const scrolled = useRef(false);

  // Arriving from the screening result ("ask for a decision"): bring the request form into view.
  useEffect(() => {
    if (!s || scrolled.current || !location.hash) return;
    const target = document.getElementById(`${location.hash.slice(1)}-title`) ?? document.getElementById('identification-status-title');
    if (!target) return;
    scrolled.current = true;
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  }, [s, location.hash]);

  const pending = s?.decisions.find((d) => d.state === 'pending_review');
  return (
    <Section id="identification-status" title={t('identification.title')} testId="identification-section">
      {query.isPending ? (
        <Loading />
      ) : query.error || !s ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Stack gap="md">
          <Group gap="sm" align="center">
            <IdentificationBadge status={s.status} testId="identification-section-status" />
            {s.reconsiderationRequested && (
              <Badge color="#b03e0b" variant="outline" bg="white" tt="none">
                {t('identification.reconsideration.requested')}
              </Badge>
            )}
          </Group>
          <Text size="sm">{t(`identification.statusHelp.${s.status}`)}</Text>
          {s.requestedFrom && (
            <Text size="sm" data-testid="identification-requested-from">
              {t('identification.requestedFrom', { organisation: isolate(s.requestedFrom.name), date: fmt.instant(s.requestedAt) })}
            </Text>
          )}
          {s.abilities.request && <RequestForm state={s} refetch={refetch} />}
          {s.abilities.decide && <DecisionForm state={s} refetch={refetch} />}
          {pending && s.abilities.review && <ReviewForm state={s} pending={pending} refetch={refetch} />}
          {pending && !s.abilities.review && (
            <Alert color="blue" variant="light" role="note" data-testid="identification-pending-review">
              {t('identification.review.waiting')}
            </Alert>
          )}
          {s.abilities.requestReconsideration && <ReconsiderationForm state={s} refetch={refetch} />}
          <DecisionHistory decisions={s.decisions} />
        </Stack>
      )}
    </Section>
  );
}
