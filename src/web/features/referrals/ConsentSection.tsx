/**
 * Consent on the case page (managing organisation): what the person agreed to, for which purpose, with
 * whom, which data, how and by whom it was given; recording a new consent; withdrawing one (which removes
 * the access that relied on it at once).
 */
import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { CONSENT_PURPOSES, SERVICE_TYPES, ZConsentCreate, type TConsentCreate } from '../../../contract/referrals';
import { isApiError } from '../../app/api';
import { useSession } from '../../app/auth';
import { useReference } from '../../app/reference';
import { cleanValues } from '../../ui/clean';
import { DataList } from '../../ui/DataList';
import { todayInCasablanca } from '../../ui/dates';
import { ConfirmDialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { CheckboxField, contractResolver, DateField, RadioGroupField, SearchSelectField, SelectField, TextareaField, TextField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import { useOrganisations } from '../admin/api';
import type { TCaseDetail } from '../cases/types';
import { useConsents, useRecordConsent, useWithdrawConsent, type TConsent } from './api';
import { Panel, useCategoryList } from './shared';
import { CategoryCheckboxes } from './CategoryCheckboxes';

interface TConsentDraft {
  purpose: string;
  recipientKind: 'organisation' | 'serviceType';
  recipientOrganisationId: string;
  recipientServiceType: string;
  categories: string[];
  method: string;
  interpreterUsed: boolean;
  language: string;
  givenBy: string;
  guardianName: string;
  childView: string;
  givenOn: string;
  expiresOn: string;
  notes: string;
}

function bodyOf(d: TConsentDraft): unknown {
  const { recipientKind, ...rest } = d;
  const sharing = d.purpose === 'sharing';
  return cleanValues({
    ...rest,
    recipientOrganisationId: sharing && recipientKind === 'organisation' ? d.recipientOrganisationId : undefined,
    recipientServiceType: sharing && recipientKind === 'serviceType' ? d.recipientServiceType : undefined,
    guardianName: d.givenBy === 'guardian' ? d.guardianName : undefined,
    childView: d.givenBy === 'guardian' ? d.childView : undefined,
  });
}

/** What the referral flow fills in for the consent it asks for: sharing, with the chosen service's organisation. */
export interface TConsentPreset {
  recipientOrganisationId: string;
  categories: readonly string[];
}

/**
 * The consent form, on the consent section or inside the referral flow (`preset`: purpose "sharing" and the
 * recipient chosen, the minimum categories ticked; every field stays editable). `onSaved` gets the consent.
 */
export function ConsentForm({
  caseDetail,
  onDone,
  onSaved,
  preset,
  id = 'consent-form',
  title,
  help,
  level,
}: {
  caseDetail: TCaseDetail;
  onDone: () => void;
  onSaved?: (c: TConsent) => void | Promise<void>;
  preset?: TConsentPreset;
  id?: string;
  title?: string;
  help?: string;
  level?: 3 | 4;
}) {
  const { t } = useTranslation();
  const ref = useReference();
  const session = useSession();
  const organisations = useOrganisations();
  const record = useRecordConsent(caseDetail.id);
  const resolver = useMemo(() => contractResolver<TConsentDraft, TConsentCreate>(ZConsentCreate, bodyOf), []);
  const form = useForm<TConsentDraft, unknown, TConsentCreate>({
    resolver,
    defaultValues: {
      purpose: preset ? 'sharing' : '',
      recipientKind: 'organisation',
      recipientOrganisationId: preset?.recipientOrganisationId ?? '',
      recipientServiceType: '',
      categories: preset ? [...preset.categories] : [],
      method: '',
      interpreterUsed: false,
      language: caseDetail.person.languages?.[0] ?? '',
      givenBy: caseDetail.person.treatedAsChild ? 'guardian' : 'person',
      guardianName: '',
      childView: '',
      givenOn: todayInCasablanca(),
      expiresOn: '',
      notes: '',
    },
  });
  const [purpose, recipientKind, givenBy] = useWatch({ control: form.control, name: ['purpose', 'recipientKind', 'givenBy'] });
  const orgOptions = (organisations.data ?? []).filter((o) => o.active && o.id !== session.user.organisation.id).map((o) => ({ value: o.id, label: o.name }));
  const submit = form.handleSubmit(async (body) => {
    try {
      const saved = await record.mutateAsync(body);
      notifySuccess(t('referrals.consent.saved'));
      if (onSaved) await onSaved(saved);
      else onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  const general = record.error && !(isApiError(record.error) && record.error.fields.length > 0) ? record.error : null;
  return (
    <Panel id={id} title={title ?? t('referrals.consent.record')} help={help ?? t('referrals.consent.formHelp')} testId={id} level={level}>
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            <RadioGroupField
              name="purpose"
              label={t('referrals.consent.purpose')}
              required
              options={CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`referrals.consent.purposes.${p}`) }))}
              descriptions={Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, t(`referrals.consent.purposeHelp.${p}`)]))}
              testId="consent-purpose"
            />
            {purpose === 'sharing' && (
              <Paper withBorder p="sm">
                <Stack gap="sm">
                  <RadioGroupField
                    name="recipientKind"
                    label={t('referrals.consent.recipient')}
                    inline
                    options={[
                      { value: 'organisation', label: t('referrals.consent.recipientKinds.organisation') },
                      { value: 'serviceType', label: t('referrals.consent.recipientKinds.serviceType') },
                    ]}
                    testId="consent-recipient-kind"
                  />
                  {recipientKind === 'organisation' ? (
                    <SearchSelectField name="recipientOrganisationId" label={t('referrals.consent.recipientOrganisation')} required options={orgOptions} testId="consent-recipient-organisation" />
                  ) : (
                    <SelectField
                      name="recipientServiceType"
                      label={t('referrals.consent.recipientServiceType')}
                      required
                      options={SERVICE_TYPES.map((s) => ({ value: s, label: t(`referrals.serviceTypes.${s}`) }))}
                      testId="consent-recipient-service-type"
                    />
                  )}
                </Stack>
              </Paper>
            )}
            <CategoryCheckboxes name="categories" label={t('referrals.consent.categories')} description={t('referrals.consent.categoriesHelp')} testId="consent-categories" />
            <RadioGroupField
              name="method"
              label={t('referrals.consent.method')}
              required
              inline
              options={['oral', 'written'].map((m) => ({ value: m, label: t(`referrals.consent.methods.${m}`) }))}
              testId="consent-method"
            />
            <CheckboxField name="interpreterUsed" label={t('referrals.consent.interpreterUsed')} testId="consent-interpreter" />
            <SearchSelectField name="language" label={t('referrals.consent.language')} required options={ref.languages} testId="consent-language" />
            <RadioGroupField
              name="givenBy"
              label={t('referrals.consent.givenBy')}
              required
              inline
              options={['person', 'guardian'].map((g) => ({ value: g, label: t(`referrals.consent.givenByOptions.${g}`) }))}
              testId="consent-given-by"
            />
            {givenBy === 'guardian' && (
              <>
                <TextField name="guardianName" label={t('referrals.consent.guardianName')} required testId="consent-guardian-name" />
                <TextareaField name="childView" label={t('referrals.consent.childView')} description={t('referrals.consent.childViewHelp')} testId="consent-child-view" />
              </>
            )}
            <Group gap="md" align="flex-start">
              <DateField name="givenOn" label={t('referrals.consent.givenOn')} required testId="consent-given-on" />
              <DateField name="expiresOn" label={t('referrals.consent.expiresOn')} description={t('referrals.consent.expiresOnHelp')} testId="consent-expires-on" />
            </Group>
            <TextareaField name="notes" label={t('referrals.consent.notes')} minRows={2} testId="consent-notes" />
            <ErrorAlert error={general} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onDone}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={record.isPending} data-testid="consent-save">
                {t('referrals.consent.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

const STATE_COLOURS: Record<TConsent['state'], string> = { active: '#237032', expired: 'gray.8', withdrawn: 'gray.8' };

function ConsentItem({ consent, canWithdraw, onWithdraw }: { consent: TConsent; canWithdraw: boolean; onWithdraw: (c: TConsent) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ref = useReference();
  const categories = useCategoryList();
  const recipient = consent.recipientOrganisation?.name ?? (consent.recipientServiceType ? t('referrals.consent.anyServiceOfType', { type: t(`referrals.serviceTypes.${consent.recipientServiceType}`) }) : '');
  return (
    <Paper component="li" withBorder p="sm" data-testid="consent-item" data-state={consent.state} data-consent-id={consent.id}>
      <Group justify="space-between" align="flex-start" gap="xs" mb={4}>
        <Group gap="xs">
          <Text fw={700}>{t(`referrals.consent.purposes.${consent.purpose}`)}</Text>
          <Badge color={STATE_COLOURS[consent.state]} variant={consent.state === 'active' ? 'filled' : 'outline'} bg={consent.state === 'active' ? undefined : 'white'} tt="none" data-testid="consent-state">
            {t(`referrals.consent.states.${consent.state}`)}
          </Badge>
        </Group>
        {canWithdraw && consent.state === 'active' && (
          <Button size="xs" variant="outline" color="red.9" onClick={() => onWithdraw(consent)} data-testid="consent-withdraw">
            {t('referrals.consent.withdraw')}
          </Button>
        )}
      </Group>
      <DataList
        items={[
          ...(consent.purpose === 'sharing' ? [{ label: t('referrals.consent.recipient'), value: recipient, testId: 'consent-recipient' }] : []),
          { label: t('referrals.consent.categories'), value: categories(consent.categories), testId: 'consent-categories-value' },
          {
            label: t('referrals.consent.how'),
            value: fmt.list([t(`referrals.consent.methods.${consent.method}`), ref.language(consent.language), consent.interpreterUsed ? t('referrals.consent.withInterpreter') : null]),
          },
          {
            label: t('referrals.consent.givenBy'),
            value: consent.givenBy === 'guardian' ? t('referrals.consent.byGuardian', { name: isolate(consent.guardianName) }) : t('referrals.consent.givenByOptions.person'),
          },
          ...(consent.givenBy === 'guardian' ? [{ label: t('referrals.consent.childView'), value: consent.childView ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{consent.childView}</Text> : '' }] : []),
          { label: t('referrals.consent.givenOn'), value: fmt.date(consent.givenOn) },
          { label: t('referrals.consent.expiresOn'), value: consent.expiresOn ? fmt.date(consent.expiresOn) : t('referrals.consent.noExpiry') },
          { label: t('referrals.consent.recordedBy'), value: t('referrals.byAt', { name: isolate(consent.recordedBy), organisation: isolate(consent.organisation.name), date: fmt.instant(consent.createdAt) }) },
          ...(consent.notes ? [{ label: t('referrals.consent.notes'), value: <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{consent.notes}</Text> }] : []),
          ...(consent.state === 'withdrawn'
            ? [{ label: t('referrals.consent.withdrawnAt'), value: `${fmt.instant(consent.withdrawnAt)}${consent.withdrawalReason ? ` — ${consent.withdrawalReason}` : ''}`, testId: 'consent-withdrawn-at' }]
            : []),
        ]}
      />
    </Paper>
  );
}

function WithdrawDialog({ caseId, consent, onClose }: { caseId: string; consent: TConsent; onClose: () => void }) {
  const { t } = useTranslation();
  const withdraw = useWithdrawConsent(caseId);
  const [reason, setReason] = useState('');
  const recipient = consent.recipientOrganisation?.name ?? (consent.recipientServiceType ? t(`referrals.serviceTypes.${consent.recipientServiceType}`) : '');
  const confirm = () =>
    withdraw.mutate(
      { id: consent.id, version: consent.version, reason: reason.trim() || undefined },
      {
        onSuccess: () => {
          notifySuccess(t('referrals.consent.withdrawn'));
          onClose();
        },
      },
    );
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      onConfirm={confirm}
      pending={withdraw.isPending}
      title={t('referrals.consent.withdrawTitle')}
      confirmLabel={t('referrals.consent.withdrawConfirm')}
      testId="consent-withdraw-dialog"
      body={
        <Stack gap="sm">
          <Alert color="orange" variant="light" role="note">
            {recipient ? t('referrals.consent.withdrawBodyRecipient', { recipient: isolate(recipient) }) : t('referrals.consent.withdrawBody')}
          </Alert>
          <Textarea label={t('referrals.consent.withdrawReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-testid="consent-withdraw-reason" />
          <ErrorAlert error={withdraw.error} />
        </Stack>
      }
    />
  );
}

export function ConsentSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const query = useConsents(caseDetail.id);
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<TConsent | null>(null);
  const data = query.data;
  return (
    <Section
      id="consent"
      title={t('referrals.consent.title')}
      testId="consent-section"
      actions={
        data?.canRecord &&
        !adding && (
          <Button variant="outline" onClick={() => setAdding(true)} data-testid="consent-add">
            {t('referrals.consent.record')}
          </Button>
        )
      }
    >
      <Stack gap="md">
        <Text size="sm">{t('referrals.consent.intro')}</Text>
        {adding && <ConsentForm caseDetail={caseDetail} onDone={() => setAdding(false)} />}
        {query.isPending ? (
          <Loading />
        ) : query.error || !data ? (
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : data.items.length === 0 ? (
          <Text size="sm" data-testid="consent-none">
            {t('referrals.consent.none')}
          </Text>
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }} data-testid="consent-list">
            {data.items.map((c) => (
              <ConsentItem key={c.id} consent={c} canWithdraw={data.canRecord} onWithdraw={setWithdrawing} />
            ))}
          </Stack>
        )}
      </Stack>
      {withdrawing && <WithdrawDialog caseId={caseDetail.id} consent={withdrawing} onClose={() => setWithdrawing(null)} />}
    </Section>
  );
}

