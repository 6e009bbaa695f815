/**
 * Referrals on the case page: the case's referrals with their status, and "refer to a service", one flow
 * without dead ends:
 * 1. Up front, whether a consent to share exists (each service card says whether one covers it). Pick a
 *    service in the directory, pre-filtered on the case's region; a region without a matching service
 *    proposes those of the nearest regions (server-side widening).
 * 2. No consent covers the chosen service (and no child-protection basis): the consent form, pre-filled for
 *    that organisation with the service's minimum categories, inside the flow; saving it goes on to 3.
 * 3. The form built from the referral options: urgency, reason, the consent the sharing relies on (or the
 *    child-protection basis), the data categories (limited to what the chosen consent covers, with what it
 *    leaves out explained and a way to record a wider consent), a message.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, List, Radio, Stack, Text } from '@mantine/core';
import { Controller, FormProvider, useForm, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DATA_CATEGORIES } from '../../../contract/common';
import { URGENCIES, ZReferralCreate, type TReferralCreate } from '../../../contract/referrals';
import { isApiError } from '../../app/api';
import { cleanValues } from '../../ui/clean';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, RadioGroupField, TextareaField, useFieldError } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import { useOrganisations } from '../admin/api';
import type { TCaseDetail } from '../cases/types';
import { useConsents, useCreateReferral, useReferralOptions, useReferrals, type TConsent, type TReferralOptions, type TService } from './api';
import { CategoryCheckboxes } from './CategoryCheckboxes';
import { ConsentForm } from './ConsentSection';
import { ReferralTable } from './ReferralTable';
import { EMPTY_FILTERS, ServiceDirectory, type TConsentHint, type TServiceFilters } from './ServiceDirectory';
import { Panel, useCategoryList } from './shared';

/** The region the case is followed in: the place of exploitation in Morocco, else the managing organisation's. */
function useCaseRegion(caseDetail: TCaseDetail): string {
  const organisations = useOrganisations();
  const places = caseDetail.places ?? [];
  const place = places.find((p) => p.kind === 'exploitation' && p.regionCode) ?? places.find((p) => p.regionCode);
  if (place?.regionCode) return place.regionCode;
  return organisations.data?.find((o) => o.id === caseDetail.managingOrganisation.id)?.regionCode ?? '';
}

interface TReferralDraft {
  urgency: string;
  reason: string;
  categories: string[];
  consentId: string;
  message: string;
}

const NO_CONSENT = 'none';

function ConsentPicker({ options }: { options: TReferralOptions }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const categories = useCategoryList();
  const { control } = useFormContext<TReferralDraft>();
  const error = useFieldError('consentId');
  return (
    <Controller
      name="consentId"
      control={control}
      render={({ field }) => (
        <Radio.Group name={field.name} value={field.value || null} onChange={field.onChange} label={t('referrals.refer.consent')} description={t('referrals.refer.consentHelp')} error={error} data-testid="referral-consent">
          <Stack gap="sm" mt="xs">
            {options.consents.map((c) => (
              <Radio
                key={c.id}
                value={c.id}
                data-consent-id={c.id}
                label={t('referrals.refer.consentOption', { recipient: isolate(c.recipient) })}
                description={`${categories(c.categories)}${c.expiresOn ? ` — ${t('referrals.refer.consentExpires', { date: fmt.date(c.expiresOn) })}` : ''}`}
              />
            ))}
            {options.childProtectionBasis && <Radio value={NO_CONSENT} label={t('referrals.refer.childProtectionOption')} description={t('referrals.refer.childProtectionOptionHelp')} />}
          </Stack>
        </Radio.Group>
      )}
    />
  );
}

/** Does an active sharing consent allow sharing with this service (the server's rule, for the hint on cards)? */
export function consentCovers(k: TConsent, service: Pick<TService, 'organisation' | 'type'>): boolean {
  return k.state === 'active' && k.purpose === 'sharing' && (k.recipientOrganisation?.id === service.organisation.id || k.recipientServiceType === service.type);
}

function ReferralForm({ caseDetail, service, onCancel, onDone }: { caseDetail: TCaseDetail; service: TService; onCancel: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const categoryList = useCategoryList();
  const optionsQuery = useReferralOptions(caseDetail.id, service.id);
  /** The consent step: shown when nothing covers the service, or asked for to share more. */
  const [askConsent, setAskConsent] = useState(false);
  const [recorded, setRecorded] = useState<string | null>(null);
  const create = useCreateReferral(caseDetail.id);
  const options = optionsQuery.data;
  const resolver = useMemo(
    () => contractResolver<TReferralDraft, TReferralCreate>(ZReferralCreate, (d) => cleanValues({ ...d, serviceId: service.id, consentId: d.consentId === NO_CONSENT ? undefined : d.consentId })),
    [service.id],
  );
  const form = useForm<TReferralDraft, unknown, TReferralCreate>({ resolver, defaultValues: { urgency: 'normal', reason: '', categories: [], consentId: '', message: '' } });
  const consentId = useWatch({ control: form.control, name: 'consentId' });

  // Once the options are known: the consent just recorded, else the first one, else "child protection" when no consent exists.
  useEffect(() => {
    if (!options) return;
    if (recorded && options.consents.some((c) => c.id === recorded)) {
      if (form.getValues('consentId') !== recorded) form.setValue('consentId', recorded);
      return;
    }
    if (form.getValues('consentId')) return;
    const first = options.consents[0]?.id ?? (options.childProtectionBasis ? NO_CONSENT : '');
    if (first) form.setValue('consentId', first);
  }, [options, form, recorded]);

  const covered = useMemo<readonly string[]>(() => {
    if (!options) return [];
    if (consentId === NO_CONSENT && options.childProtectionBasis) return DATA_CATEGORIES;
    return options.consents.find((c) => c.id === consentId)?.categories ?? [];
  }, [options, consentId]);

  // The categories follow the chosen consent: uncovered ones are unticked, the covered minimum is ticked.
  useEffect(() => {
    if (!options) return;
    const current = form.getValues('categories');
    const next = DATA_CATEGORIES.filter((c) => covered.includes(c) && (current.includes(c) || options.minimumCategories.includes(c)));
    form.setValue('categories', next, { shouldDirty: true });
  }, [covered, options, form]);

  const disabledReason = Object.fromEntries(
    DATA_CATEGORIES.filter((c) => !covered.includes(c)).map((c) => [c, consentId ? t('referrals.refer.notCovered') : t('referrals.refer.noConsentChosen')]),
  );

  // What the service usually needs and the chosen consent leaves out: said plainly, with a way to ask for more.
  const missingMinimum = options && consentId ? options.minimumCategories.filter((c) => !covered.includes(c)) : [];

  const submit = form.handleSubmit(async (body) => {
    // The server refuses a category the consent does not cover; the form never sends one.
    const uncovered = body.categories.filter((c) => !covered.includes(c));
    if (uncovered.length) {
      form.setError('categories', { type: 'category_not_consented', message: t('referrals.refer.uncovered', { categories: categoryList(uncovered) }) });
      return;
    }
    try {
      await create.mutateAsync(body);
      notifySuccess(t('referrals.refer.sent', { service: isolate(service.name) }));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  const general = create.error && !(isApiError(create.error) && create.error.fields.length > 0) ? create.error : null;

  if (optionsQuery.isPending) return <Loading />;
  if (optionsQuery.error || !options) return <ErrorAlert error={optionsQuery.error} onRetry={() => void optionsQuery.refetch()} />;

  const noBasis = options.consents.length === 0 && !options.childProtectionBasis;
  // A consent recorded here is waited for (the options are read again) before the referral form shows.
  if (recorded && !options.consents.some((c) => c.id === recorded)) return <Loading />;
  if (noBasis || askConsent) {
    return (
      <Stack gap="md" data-testid="referral-consent-step">
        <Text size="sm" data-testid="referral-form-service">
          {t('referrals.refer.to', { service: isolate(options.service.name), organisation: isolate(options.service.organisation.name) })}
        </Text>
        <Alert color="blue" variant="light" role="note" title={noBasis ? t('referrals.refer.consentStep.title') : t('referrals.refer.consentStep.moreTitle')} data-testid="referral-no-consent">
          {noBasis
            ? t('referrals.refer.consentStep.body', { organisation: isolate(options.service.organisation.name) })
            : t('referrals.refer.consentStep.moreBody', { organisation: isolate(options.service.organisation.name) })}
        </Alert>
        <ConsentForm
          caseDetail={caseDetail}
          id="referral-consent-form"
          level={4}
          title={t('referrals.refer.consentStep.formTitle')}
          help={t('referrals.refer.consentStep.formHelp')}
          preset={{ recipientOrganisationId: options.service.organisation.id, categories: options.minimumCategories }}
          onSaved={async (k) => {
            setRecorded(k.id);
            setAskConsent(false);
            form.setValue('consentId', k.id);
            await optionsQuery.refetch();
          }}
          onDone={() => (noBasis ? onCancel() : setAskConsent(false))}
        />
      </Stack>
    );
  }

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={(e) => void submit(e)} data-testid="referral-form">
        <Stack gap="md">
          <Text size="sm" data-testid="referral-form-service">
            {t('referrals.refer.to', { service: isolate(options.service.name), organisation: isolate(options.service.organisation.name) })}
          </Text>
          {options.eligibility.length > 0 && (
            <Alert color="orange" variant="light" title={t('referrals.refer.eligibilityTitle')} data-testid="referral-eligibility">
              <List size="sm">
                {options.eligibility.map((e) => (
                  <List.Item key={e}>{t(`referrals.eligibility.${e}`)}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {options.childProtectionBasis && (
            <Alert color="blue" variant="light" role="note" title={t('referrals.refer.childProtectionTitle')} data-testid="referral-child-protection">
              {t('referrals.refer.childProtectionBody')}
            </Alert>
          )}
          <RadioGroupField
            name="urgency"
            label={t('referrals.refer.urgency')}
            required
            options={URGENCIES.map((u) => ({ value: u, label: t(`referrals.urgencies.${u}`) }))}
            descriptions={Object.fromEntries(URGENCIES.map((u) => [u, t(`referrals.urgencyHelp.${u}`)]))}
            testId="referral-urgency-choice"
          />
          <TextareaField name="reason" label={t('referrals.refer.reason')} description={t('referrals.refer.reasonHelp')} required testId="referral-reason" />
          {recorded && (
            <Alert color="green" variant="light" role="status" data-testid="referral-consent-recorded">
              {t('referrals.refer.consentStep.recorded')}
            </Alert>
          )}
          <ConsentPicker options={options} />
          <Group gap="xs">
            <Button variant="subtle" size="compact-sm" onClick={() => setAskConsent(true)} data-testid="referral-consent-new">
              {t('referrals.refer.consentStep.new')}
            </Button>
          </Group>
          {missingMinimum.length > 0 && (
            <Alert color="orange" variant="light" role="note" data-testid="referral-consent-gap">
              {t('referrals.refer.consentGap', { categories: categoryList(missingMinimum) })}
            </Alert>
          )}
          <CategoryCheckboxes
            name="categories"
            label={t('referrals.refer.categories')}
            description={t('referrals.refer.categoriesHelp')}
            disabledReason={disabledReason}
            minimum={options.minimumCategories}
            testId="referral-categories"
          />
          <TextareaField name="message" label={t('referrals.refer.message')} description={t('referrals.refer.messageHelp')} testId="referral-message" />
          <ErrorAlert error={general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {t('referrals.refer.otherService')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="referral-submit">
              {t('referrals.refer.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}

function ReferFlow({ caseDetail, onClose }: { caseDetail: TCaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const region = useCaseRegion(caseDetail);
  const [filters, setFilters] = useState<TServiceFilters | null>(null);
  const [service, setService] = useState<TService | null>(null);
  const consents = useConsents(caseDetail.id);
  const effective = filters ?? { ...EMPTY_FILTERS, regionCode: region, audience: caseDetail.person.treatedAsChild ? ('children' as const) : ('adults' as const) };
  const sharing = (consents.data?.items ?? []).filter((k) => k.state === 'active' && k.purpose === 'sharing');
  const consentHint = consents.data ? (s: TService): TConsentHint => (sharing.some((k) => consentCovers(k, s)) ? 'covered' : 'needed') : undefined;
  return (
    <Panel id="refer" title={service ? t('referrals.refer.formTitle') : t('referrals.refer.pickTitle')} help={service ? undefined : t('referrals.refer.pickHelp')} testId="refer-flow">
      {service ? (
        <ReferralForm caseDetail={caseDetail} service={service} onCancel={() => setService(null)} onDone={onClose} />
      ) : (
        <Stack gap="sm">
          {consents.data && sharing.length === 0 && (
            <Alert color="blue" variant="light" role="note" title={t('referrals.refer.consentFirst.title')} data-testid="refer-consent-first">
              {caseDetail.person.treatedAsChild ? t('referrals.refer.consentFirst.bodyChild') : t('referrals.refer.consentFirst.body')}
            </Alert>
          )}
          <ServiceDirectory filters={effective} onFiltersChange={setFilters} onChoose={setService} widen consentHint={consentHint} level={4} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
    </Panel>
  );
}

export function ReferralsSection({ caseDetail, canRefer }: { caseDetail: TCaseDetail; canRefer: boolean }) {
  const { t } = useTranslation();
  const query = useReferrals({ box: 'outgoing', caseId: caseDetail.id });
  const [referring, setReferring] = useState(false);
  const items = query.data ?? [];
  return (
    <Section
      id="referrals"
      title={t('referrals.case.title')}
      testId="referrals-section"
      actions={
        canRefer &&
        !referring && (
          <Button onClick={() => setReferring(true)} data-testid="refer-start">
            {t('referrals.refer.start')}
          </Button>
        )
      }
    >
      <Stack gap="md">
        <Text size="sm">{t('referrals.case.intro')}</Text>
        {referring && <ReferFlow caseDetail={caseDetail} onClose={() => setReferring(false)} />}
        {query.isPending ? (
          <Loading />
        ) : query.error ? (
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" data-testid="referrals-none">
            {t('referrals.case.none')}
          </Text>
        ) : (
          <ReferralTable items={items} caption={t('referrals.case.title')} showCase={false} counterpart="to" />
        )}
      </Stack>
    </Section>
  );
}
