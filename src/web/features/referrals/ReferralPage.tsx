/**
 * One referral (/referrals/:id): what was shared and why, the actions the caller may take now (exactly
 * those the API lists), service deliveries (recorded by the provider) and the events of the referral.
 */
import { useMemo, useState } from 'react';
import { Alert, Anchor, Button, Group, NativeSelect, Paper, Stack, Text, Textarea, Timeline } from '@mantine/core';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CLOSE_REASONS, DECLINE_REASONS, DELIVERY_OUTCOMES, DELIVERY_UNITS, ZDeliveryCreate, type TDeliveryCreate, type TReferralAction } from '../../../contract/referrals';
import { isApiError } from '../../app/api';
import { useSession } from '../../app/auth';
import { useReference } from '../../app/reference';
import { cleanValues } from '../../ui/clean';
import { ConflictAlert } from '../../ui/conflict';
import { DataList } from '../../ui/DataList';
import { todayInCasablanca } from '../../ui/dates';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, DateField, NumberField, SelectField, TextareaField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import NotFoundPage from '../misc/NotFoundPage';
import { useRecordDelivery, useReferral, useReferralTransition, type TReferral } from './api';
import { ACTIVE_STATUSES, isOverdue, ReferralStatusBadge, UrgencyBadge, useCategoryList } from './shared';

const REASONS: Partial<Record<TReferralAction, readonly string[]>> = { decline: DECLINE_REASONS, close: CLOSE_REASONS };
const DANGER: readonly TReferralAction[] = ['decline', 'close', 'revoke'];

function ActionDialog({ referral, action, onClose }: { referral: TReferral; action: TReferralAction; onClose: () => void }) {
  const { t } = useTranslation();
  const transition = useReferralTransition(referral.id);
  const reasons = REASONS[action];
  const [reasonCode, setReasonCode] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const categories = useCategoryList();
  const confirm = () => {
    if (reasons && !reasonCode) {
      setMissing(true);
      return;
    }
    transition.mutate(
      { version: referral.version, action, ...(reasonCode ? { reasonCode: reasonCode as never } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          notifySuccess(t(`referrals.actions.done.${action}`));
          onClose();
        },
      },
    );
  };
  const conflict = isApiError(transition.error) && transition.error.code === 'VERSION_CONFLICT';
  // Acceptance when the service's last free place was just taken: say so rather than a generic conflict.
  const full = isApiError(transition.error) && transition.error.code === 'CONFLICT' && (transition.error.details as { reason?: string } | undefined)?.reason === 'no_capacity';
  return (
    <Dialog opened onClose={onClose} title={t(`referrals.actions.confirm.${action}`)} size="md" testId="referral-action-dialog">
      <Stack gap="sm">
        <Text size="sm">{t(`referrals.actions.help.${action}`, { categories: categories(referral.categories), organisation: isolate(referral.toOrganisation.name) })}</Text>
        {reasons && (
          <NativeSelect
            label={t('referrals.actions.reason')}
            required
            value={reasonCode}
            onChange={(e) => {
              setReasonCode(e.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t('validation.required') : undefined}
            data-testid="referral-action-reason"
          >
            <option value="">{t('common.choose')}</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {t(`referrals.reasons.${r}`)}
              </option>
            ))}
          </NativeSelect>
        )}
        <Textarea label={t('referrals.actions.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} data-testid="referral-action-note" />
        {conflict ? <ConflictAlert reloading={false} onReload={onClose} /> : <ErrorAlert error={transition.error} title={full ? t('referrals.eligibility.no_capacity') : undefined} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color={DANGER.includes(action) ? 'red.9' : undefined} onClick={confirm} loading={transition.isPending} data-testid="referral-action-confirm">
            {t(`referrals.actions.labels.${action}`)}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}

interface TDeliveryDraft {
  deliveredOn: string;
  endedOn: string;
  units?: number;
  unit: string;
  outcome: string;
  note: string;
}

function nightsBetween(from: string, to: string): number | undefined {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return undefined;
  return Math.round((b - a) / 86_400_000);
}

function DeliveryForm({ referral, onDone }: { referral: TReferral; onDone: () => void }) {
  const { t } = useTranslation();
  const record = useRecordDelivery(referral.id);
  const shelter = referral.service.type === 'emergency_shelter' || referral.service.type === 'specialised_shelter';
  const resolver = useMemo(() => contractResolver<TDeliveryDraft, TDeliveryCreate>(ZDeliveryCreate, (d) => cleanValues(d)), []);
  const form = useForm<TDeliveryDraft, unknown, TDeliveryCreate>({
    resolver,
    defaultValues: { deliveredOn: todayInCasablanca(), endedOn: '', units: undefined, unit: shelter ? 'nights' : 'sessions', outcome: 'delivered', note: '' },
  });
  const [deliveredOn, endedOn, unit] = useWatch({ control: form.control, name: ['deliveredOn', 'endedOn', 'unit'] });
  const nights = unit === 'nights' && endedOn ? nightsBetween(deliveredOn, endedOn) : undefined;
  const submit = form.handleSubmit(async (body) => {
    try {
      await record.mutateAsync(body);
      notifySuccess(t('referrals.deliveries.saved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  const general = record.error && !(isApiError(record.error) && record.error.fields.length > 0) ? record.error : null;
  return (
    <Paper withBorder p="md" bg="gray.0" component="section" aria-labelledby="delivery-form-title" data-testid="delivery-form">
      <Text component="h3" fw={700} id="delivery-form-title" mb="xs">
        {t('referrals.deliveries.record')}
      </Text>
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <Group gap="md" align="flex-start">
              <DateField name="deliveredOn" label={t('referrals.deliveries.deliveredOn')} required testId="delivery-date" />
              <DateField name="endedOn" label={t('referrals.deliveries.endedOn')} description={t('referrals.deliveries.endedOnHelp')} testId="delivery-end-date" />
            </Group>
            <Group gap="md" align="flex-start">
              <NumberField name="units" label={t('referrals.deliveries.units')} required min={0} max={10000} testId="delivery-units" />
              <SelectField name="unit" label={t('referrals.deliveries.unit')} required options={DELIVERY_UNITS.map((u) => ({ value: u, label: t(`referrals.units.${u}`) }))} testId="delivery-unit" />
            </Group>
            {nights !== undefined && form.getValues('units') !== nights && (
              <Group gap="xs">
                <Text size="sm">{t('referrals.deliveries.nightsFromDates', { n: nights })}</Text>
                <Button size="compact-sm" variant="subtle" onClick={() => form.setValue('units', nights, { shouldDirty: true })} data-testid="delivery-use-nights">
                  {t('referrals.deliveries.useNights')}
                </Button>
              </Group>
            )}
            <SelectField name="outcome" label={t('referrals.deliveries.outcome')} required options={DELIVERY_OUTCOMES.map((o) => ({ value: o, label: t(`referrals.outcomes.${o}`) }))} testId="delivery-outcome" />
            <TextareaField name="note" label={t('referrals.deliveries.note')} description={t('referrals.deliveries.noteHelp')} minRows={2} testId="delivery-note" />
            <ErrorAlert error={general} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onDone}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={record.isPending} data-testid="delivery-save">
                {t('referrals.deliveries.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Paper>
  );
}

function Deliveries({ referral }: { referral: TReferral }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [adding, setAdding] = useState(false);
  return (
    <Section
      id="deliveries"
      title={t('referrals.deliveries.title')}
      testId="deliveries-section"
      actions={
        referral.canRecordDelivery &&
        !adding && (
          <Button variant="outline" onClick={() => setAdding(true)} data-testid="delivery-add">
            {t('referrals.deliveries.record')}
          </Button>
        )
      }
    >
      <Stack gap="md">
        {adding && <DeliveryForm referral={referral} onDone={() => setAdding(false)} />}
        {referral.deliveries.length === 0 ? (
          <Text size="sm" data-testid="deliveries-none">
            {t('referrals.deliveries.none')}
          </Text>
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
            {referral.deliveries.map((d) => (
              <Paper component="li" withBorder p="sm" key={d.id} data-testid="delivery-item" data-unit={d.unit} data-units={d.units}>
                <Text fw={700} size="sm" data-testid="delivery-summary">
                  {t('referrals.deliveries.summary', { n: d.units, unit: t(`referrals.units.${d.unit}`), outcome: t(`referrals.outcomes.${d.outcome}`) })}
                </Text>
                <Text size="sm">{d.endedOn ? t('referrals.deliveries.fromTo', { from: fmt.date(d.deliveredOn), to: fmt.date(d.endedOn) }) : fmt.date(d.deliveredOn)}</Text>
                {d.note && (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {d.note}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {t('referrals.byAt', { name: isolate(d.recordedBy), organisation: isolate(d.organisation), date: fmt.instant(d.createdAt) })}
                </Text>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    </Section>
  );
}

function Events({ referral }: { referral: TReferral }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Section id="referral-events" title={t('referrals.events.title')} testId="referral-events">
      <Timeline bulletSize={12} lineWidth={2} active={referral.events.length - 1} component="ol" style={{ paddingInlineStart: 0 }}>
        {referral.events.map((e, i) => (
          <Timeline.Item key={`${e.at}-${i}`} component="li" title={<Text fw={700} size="sm" span>{t(`referrals.events.actions.${e.action}`, { defaultValue: t(`referrals.statuses.${e.toStatus}`) })}</Text>} data-testid="referral-event" data-action={e.action}>
            <Text size="sm">{t('referrals.byAt', { name: isolate(e.by), organisation: isolate(e.organisation), date: fmt.instant(e.at) })}</Text>
            {e.reasonCode && <Text size="sm">{t('referrals.events.reason', { reason: t(`referrals.reasons.${e.reasonCode}`, { defaultValue: e.reasonCode }) })}</Text>}
            {e.note && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {e.note}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </Section>
  );
}

/** What the service needs to know to decide, without identifying the person. */
function Profile({ profile }: { profile: NonNullable<TReferral['profile']> }) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  return (
    <Section id="referral-profile" title={t('referrals.detail.profile')} testId="referral-profile">
      <Text size="sm" mb="sm">
        {t('referrals.detail.profileHelp')}
      </Text>
      <DataList
        items={[
          { label: t('referrals.detail.sex'), value: t(`sex.${profile.sex}`, { defaultValue: profile.sex }) },
          { label: t('referrals.detail.ageGroup'), value: `${t(`ageGroup.${profile.ageGroup}`, { defaultValue: profile.ageGroup })}${profile.treatedAsChild ? ` — ${t('referrals.detail.treatedAsChild')}` : ''}` },
          { label: t('referrals.detail.languages'), value: fmt.list(profile.languages.map((l) => ref.language(l))) },
          { label: t('referrals.detail.interpreter'), value: profile.interpreterNeeded ? t('common.yes') : t('common.no') },
          { label: t('referrals.detail.nationalities'), value: fmt.list(profile.nationalities.map((c) => ref.country(c))) },
        ]}
      />
    </Section>
  );
}

function ReferralView({ referral }: { referral: TReferral }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const categories = useCategoryList();
  const [action, setAction] = useState<TReferralAction | null>(null);
  const overdue = isOverdue(referral.respondBy, referral.status);
  const session = useSession();
  const canOpenCase = referral.fromOrganisation.id === session.user.organisation.id || ACTIVE_STATUSES.includes(referral.status);
  return (
    <Stack gap="lg">
      <PageHeader
        title={
          <>
            {t('referrals.detail.title', { service: isolate(referral.service.name) })} — <span className="ltr-value">{referral.caseReference}</span>
          </>
        }
        actions={referral.actions.map((a) => (
          <Button key={a} variant={DANGER.includes(a) || a === 'acknowledge' ? 'outline' : 'filled'} color={DANGER.includes(a) ? 'red.9' : undefined} onClick={() => setAction(a)} data-testid={`referral-action-${a}`}>
            {t(`referrals.actions.labels.${a}`)}
          </Button>
        ))}
      >
        <Group gap="xs">
          <ReferralStatusBadge status={referral.status} testId="referral-detail-status" />
          <UrgencyBadge urgency={referral.urgency} />
        </Group>
        {referral.needsFollowUp && (
          <Alert color="orange" variant="light" role="note" data-testid="referral-needs-follow-up">
            {t('referrals.detail.followUp')}
          </Alert>
        )}
        {referral.legalBasis === 'child_protection' && (
          <Alert color="blue" variant="light" role="note" data-testid="referral-basis-child-protection">
            {t('referrals.detail.childProtectionBasis')}
          </Alert>
        )}
      </PageHeader>
      <Section id="referral-summary" title={t('referrals.detail.summary')} testId="referral-summary">
        <DataList
          items={[
            {
              label: t('referrals.detail.case'),
              // the service sees the case only while the referral is active
              value: canOpenCase ? (
                <Anchor component={Link} to={`/cases/${referral.caseId}`} className="ltr-value" data-testid="referral-case-link">
                  {referral.caseReference}
                </Anchor>
              ) : (
                <span className="ltr-value">{referral.caseReference}</span>
              ),
            },
            { label: t('referrals.detail.pseudonym'), value: referral.pseudonym },
            { label: t('referrals.detail.from'), value: t('referrals.detail.fromValue', { name: isolate(referral.fromUser), organisation: isolate(referral.fromOrganisation.name) }) },
            { label: t('referrals.detail.service'), value: `${referral.service.name} — ${referral.toOrganisation.name}` },
            { label: t('referrals.detail.shared'), value: categories(referral.categories), testId: 'referral-shared' },
            { label: t('referrals.detail.sentAt'), value: fmt.instant(referral.sentAt) },
            {
              label: t('referrals.columns.respondBy'),
              value: (
                <Text span size="sm" c={overdue ? 'red.9' : undefined} fw={overdue ? 700 : undefined}>
                  {fmt.instant(referral.respondBy)}
                  {overdue ? ` — ${t('referrals.overdue')}` : ''}
                </Text>
              ),
            },
            { label: t('referrals.detail.respondedAt'), value: fmt.instant(referral.respondedAt) },
            { label: t('referrals.detail.firstServiceAt'), value: referral.firstServiceAt ? fmt.date(referral.firstServiceAt) : '' },
            { label: t('referrals.detail.endedAt'), value: fmt.instant(referral.endedAt) },
          ]}
        />
      </Section>
      {referral.profile && <Profile profile={referral.profile} />}
      <Section id="referral-reason" title={t('referrals.detail.reasonTitle')} testId="referral-reason-section">
        <Stack gap="sm">
          {referral.reason === undefined ? (
            <Text size="sm">{t('referrals.detail.hidden')}</Text>
          ) : (
            <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="referral-reason-text">
              {referral.reason}
            </Text>
          )}
          {referral.message && (
            <div>
              <Text fw={600} size="sm" component="h3" mb={4}>
                {t('referrals.refer.message')}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="referral-message-text">
                {referral.message}
              </Text>
            </div>
          )}
        </Stack>
      </Section>
      <Deliveries referral={referral} />
      <Events referral={referral} />
      {action && <ActionDialog referral={referral} action={action} onClose={() => setAction(null)} />}
    </Stack>
  );
}

export default function ReferralPage() {
  const { t } = useTranslation();
  const { referralId = '' } = useParams();
  const query = useReferral(referralId);
  const r = query.data;
  useDocumentTitle(r ? t('referrals.detail.documentTitle', { reference: r.caseReference }) : t('referrals.detail.loading'));
  if (query.isPending) return <Loading />;
  if (query.error) {
    if (isApiError(query.error) && query.error.code === 'NOT_FOUND') return <NotFoundPage />;
    return (
      <Stack>
        <PageHeader title={t('referrals.detail.loading')} />
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  return r ? <ReferralView referral={r} /> : null;
}
