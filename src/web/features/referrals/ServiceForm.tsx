/** Creating or editing one of the organisation's own services (a dialog on the directory page). */
import { useMemo } from 'react';
import { Button, Group, SimpleGrid, Stack } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ACCESSIBILITY, SERVICE_AUDIENCES, SERVICE_TYPES, STAFF_SEXES, ZServiceCreate, ZServiceUpdate, type TServiceCreate, type TServiceUpdate } from '../../../contract/referrals';
import { isApiError } from '../../app/api';
import { useReference } from '../../app/reference';
import { cleanValues } from '../../ui/clean';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { CheckboxField, CheckboxGroupField, contractResolver, MultiSelectField, NumberField, RadioGroupField, SelectField, TextareaField, TextField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { useCreateService, useUpdateService, type TService } from './api';

interface TServiceDraft {
  name: string;
  type: string;
  description: string;
  regions: string[];
  audience: string;
  sexes: string[];
  minAge?: number;
  maxAge?: number;
  nationalities: string[];
  languages: string[];
  staffSexes: string[];
  accessibility: string[];
  openingHours: string;
  contactPhone: string;
  contactEmail: string;
  capacityTotal?: number;
  capacityAvailable?: number;
  active: boolean;
}

const NULLABLE = ['description', 'minAge', 'maxAge', 'openingHours', 'contactPhone', 'contactEmail', 'capacityTotal'] as const;

function draftOf(s: TService | null): TServiceDraft {
  return {
    name: s?.name ?? '',
    type: s?.type ?? '',
    description: s?.description ?? '',
    regions: s?.regions ?? [],
    audience: s?.audience ?? 'all',
    sexes: s?.sexes ?? [],
    minAge: s?.minAge ?? undefined,
    maxAge: s?.maxAge ?? undefined,
    nationalities: s?.nationalities ?? [],
    languages: s?.languages ?? [],
    staffSexes: s?.staffSexes ?? [],
    accessibility: s?.accessibility ?? [],
    openingHours: s?.openingHours ?? '',
    contactPhone: s?.contactPhone ?? '',
    contactEmail: s?.contactEmail ?? '',
    capacityTotal: s?.capacityTotal ?? undefined,
    capacityAvailable: undefined,
    active: s?.active ?? true,
  };
}

/** What the API receives: on creation empty fields are left out; on edition they are cleared (null). */
function bodyOf(d: TServiceDraft, existing: TService | null): unknown {
  const { active, capacityAvailable, ...fields } = d;
  const cleaned = cleanValues(fields) as Record<string, unknown>;
  if (!existing) return cleanValues({ ...cleaned, capacityAvailable });
  for (const k of NULLABLE) if (cleaned[k] === undefined) cleaned[k] = null;
  for (const k of ['regions', 'sexes', 'nationalities', 'languages', 'staffSexes', 'accessibility'] as const) cleaned[k] = cleaned[k] ?? [];
  return { ...cleaned, active, version: existing.version };
}

export function ServiceFormDialog({ service, onClose }: { service: TService | null; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useReference();
  const create = useCreateService();
  const update = useUpdateService();
  const mutation = service ? update : create;
  const resolver = useMemo(
    () => (service ? contractResolver<TServiceDraft, TServiceUpdate>(ZServiceUpdate, (d) => bodyOf(d, service)) : contractResolver<TServiceDraft, TServiceCreate>(ZServiceCreate, (d) => bodyOf(d, null))),
    [service],
  );
  const form = useForm<TServiceDraft, unknown, TServiceCreate | TServiceUpdate>({ resolver, defaultValues: draftOf(service) });
  const submit = form.handleSubmit(async (body) => {
    try {
      if (service) await update.mutateAsync({ id: service.id, body: body as TServiceUpdate });
      else await create.mutateAsync(body as TServiceCreate);
      notifySuccess(service ? t('referrals.services.form.updated') : t('referrals.services.form.created'));
      onClose();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  const general = mutation.error && !(isApiError(mutation.error) && mutation.error.fields.length > 0) ? mutation.error : null;
  const sexOptions = STAFF_SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }));
  return (
    <Dialog opened onClose={onClose} title={service ? t('referrals.services.form.editTitle', { name: service.name }) : t('referrals.services.form.createTitle')} size="xl" testId="service-form-dialog">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)} data-testid="service-form">
          <Stack gap="md">
            <TextField name="name" label={t('referrals.services.form.name')} required testId="service-name" />
            <SelectField name="type" label={t('referrals.services.type')} required options={SERVICE_TYPES.map((s) => ({ value: s, label: t(`referrals.serviceTypes.${s}`) }))} testId="service-type" />
            <TextareaField name="description" label={t('referrals.services.form.description')} minRows={2} testId="service-description" />
            <MultiSelectField name="regions" label={t('referrals.services.regions')} required options={ref.regions} testId="service-regions" />
            <RadioGroupField name="audience" label={t('referrals.services.audience')} required inline options={SERVICE_AUDIENCES.map((a) => ({ value: a, label: t(`referrals.audiences.${a}`) }))} testId="service-audience" />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <CheckboxGroupField name="sexes" label={t('referrals.services.form.sexes')} description={t('referrals.services.form.sexesHelp')} options={sexOptions} cols={{ base: 2 }} testId="service-sexes" />
              <CheckboxGroupField name="staffSexes" label={t('referrals.services.staffSexes')} options={sexOptions} cols={{ base: 2 }} testId="service-staff-sexes" />
            </SimpleGrid>
            <Group gap="md" align="flex-start">
              <NumberField name="minAge" label={t('referrals.services.form.minAge')} min={0} max={120} testId="service-min-age" />
              <NumberField name="maxAge" label={t('referrals.services.form.maxAge')} min={0} max={120} testId="service-max-age" />
            </Group>
            <MultiSelectField name="nationalities" label={t('referrals.services.form.nationalities')} description={t('referrals.services.form.nationalitiesHelp')} options={ref.countries} testId="service-nationalities" />
            <MultiSelectField name="languages" label={t('referrals.services.languages')} required options={ref.languages} testId="service-languages" />
            <CheckboxGroupField name="accessibility" label={t('referrals.services.accessibility')} options={ACCESSIBILITY.map((a) => ({ value: a, label: t(`referrals.accessibility.${a}`) }))} testId="service-accessibility" />
            <TextField name="openingHours" label={t('referrals.services.openingHours')} testId="service-opening-hours" />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextField name="contactPhone" label={t('referrals.services.form.contactPhone')} type="tel" dir="ltr" testId="service-phone" />
              <TextField name="contactEmail" label={t('referrals.services.form.contactEmail')} type="email" dir="ltr" testId="service-email" />
            </SimpleGrid>
            <Group gap="md" align="flex-start">
              <NumberField name="capacityTotal" label={t('referrals.services.form.capacityTotal')} description={t('referrals.services.form.capacityTotalHelp')} min={0} testId="service-capacity-total" />
              {!service && <NumberField name="capacityAvailable" label={t('referrals.services.form.capacityAvailable')} description={t('referrals.services.form.capacityAvailableHelp')} min={0} testId="service-capacity-available" />}
            </Group>
            {service && <CheckboxField name="active" label={t('referrals.services.form.active')} description={t('referrals.services.form.activeHelp')} testId="service-active" />}
            <ErrorAlert error={general} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={mutation.isPending} data-testid="service-save">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Dialog>
  );
}
