/**
 * Compensation of a victim in a proceeding: the claim as a civil party (partie civile: date, amount, currency,
 * who represents the victim), the order that answers it (only once judged) and its payment. Justice users record
 * it on the proceeding page; the victim's managing organisation reads its own victim's claim on the case page.
 */
import { useMemo, useState } from 'react';
import { Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { CLAIM_REPRESENTATIVES, ORDER_INSTANCES, PAYMENT_STATUSES, ZCompensationClaimCreate, ZCompensationClaimUpdate, type TCompensationClaim } from '../../../contract/justice';
import { isApiError } from '../../app/api';
import { cleanValues } from '../../ui/clean';
import { ConflictAlert } from '../../ui/conflict';
import { DataList } from '../../ui/DataList';
import { intlLocale } from '../../ui/dates';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, DateField, NumberField, SelectField, TextField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { useFormat } from '../../ui/useFormat';
import { justiceApi, useProceedingMutation, type TProceeding } from './api';
import { useCodeOptions } from './labels';

type TDraft = Record<string, unknown>;

function useMoney() {
  const { i18n } = useTranslation();
  return (amount: number | null, currency: string) => {
    if (amount === null) return '';
    try {
      return new Intl.NumberFormat(intlLocale(i18n.language), { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
    } catch {
      return `${amount} ${currency}`;
    }
  };
}

/** The claim, the order and the payment, read-only. */
export function CompensationSummary({ claim, testId = 'compensation' }: { claim: TCompensationClaim | null; testId?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  if (!claim) {
    return (
      <Text size="sm" data-testid={`${testId}-none`}>
        {t('justice.compensation.none')}
      </Text>
    );
  }
  return (
    <div data-testid={testId} data-payment-status={claim.paymentStatus ?? ''}>
      <DataList
        items={[
          { label: t('justice.compensation.claim'), value: t('justice.compensation.claimIs', { amount: money(claim.amountClaimed, claim.currency), date: fmt.date(claim.filedOn) }), testId: `${testId}-claim` },
          {
            label: t('justice.compensation.representedBy'),
            value: [t(`justice.claimRepresentatives.${claim.representedBy}`), claim.representativeName].filter(Boolean).join(' — '),
            testId: `${testId}-representative`,
          },
          {
            label: t('justice.compensation.order'),
            value:
              claim.amountOrdered !== null && claim.orderedOn && claim.orderInstance
                ? t('justice.compensation.orderIs', { amount: money(claim.amountOrdered, claim.currency), instance: t(`justice.orderInstances.${claim.orderInstance}`), date: fmt.date(claim.orderedOn) })
                : t('justice.compensation.noOrder'),
            testId: `${testId}-order`,
          },
          {
            label: t('justice.compensation.payment'),
            value: claim.paymentStatus
              ? [t(`justice.paymentStatuses.${claim.paymentStatus}`), claim.amountPaid ? t('justice.compensation.paidIs', { amount: money(claim.amountPaid, claim.currency) }) : null, claim.paidOn ? fmt.date(claim.paidOn) : null]
                  .filter(Boolean)
                  .join(' — ')
              : '',
            testId: `${testId}-payment`,
          },
        ]}
      />
    </div>
  );
}

/** Records the claim (no claim yet) or changes the claim, the order and the payment (versioned). */
export function CompensationDialog({ p, victimId, claim, onClose }: { p: TProceeding; victimId: string; claim: TCompensationClaim | null; onClose: () => void }) {
  const { t } = useTranslation();
  const codes = useCodeOptions();
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  type TCreate = z.output<typeof ZCompensationClaimCreate>;
  type TUpdate = z.output<typeof ZCompensationClaimUpdate>;
  const resolver = useMemo(
    () =>
      claim
        ? contractResolver<TDraft, TCreate | TUpdate>(ZCompensationClaimUpdate, (v) => {
            const c = cleanValues(v) as Record<string, unknown>;
            // A cleared field is sent as null (the order or the payment taken back).
            const nullable = ['representativeName', 'orderedOn', 'orderInstance', 'amountOrdered', 'paymentStatus', 'amountPaid', 'paidOn'];
            return { ...c, ...Object.fromEntries(nullable.map((k) => [k, c[k] ?? null])), version: claim.version };
          })
        : contractResolver<TDraft, TCreate | TUpdate>(ZCompensationClaimCreate, (v) => cleanValues(v)),
    [claim],
  );
  const form = useForm<TDraft, unknown, TCreate | TUpdate>({
    resolver,
    defaultValues: {
      filedOn: claim?.filedOn ?? '',
      amountClaimed: claim?.amountClaimed ?? undefined,
      currency: claim?.currency ?? 'MAD',
      representedBy: claim?.representedBy ?? '',
      representativeName: claim?.representativeName ?? '',
      ...(claim
        ? {
            orderedOn: claim.orderedOn ?? '',
            orderInstance: claim.orderInstance ?? '',
            amountOrdered: claim.amountOrdered ?? undefined,
            paymentStatus: claim.paymentStatus ?? '',
            amountPaid: claim.amountPaid ?? undefined,
            paidOn: claim.paidOn ?? '',
          }
        : {}),
    },
  });
  const mutation = useProceedingMutation<TCreate | TUpdate>(p.id, (body) =>
    claim ? justiceApi.updateClaim(p.id, claim.id, body as TUpdate) : justiceApi.addClaim(p.id, victimId, body as TCreate),
  );
  const submit = form.handleSubmit(async (body) => {
    setError(null);
    setConflict(false);
    try {
      await mutation.mutateAsync(body);
      notifySuccess(t('justice.compensation.saved'));
      onClose();
    } catch (e) {
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') setConflict(true);
      else if (!(isApiError(e) && applyServerFieldErrors(e, form.setError).applied.length > 0)) setError(e);
    }
  });
  return (
    <Dialog opened onClose={onClose} title={claim ? t('justice.compensation.editTitle') : t('justice.compensation.addTitle')} testId="compensation-dialog">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            {conflict && <ConflictAlert reloading={false} onReload={onClose} />}
            <Text size="sm">{t('justice.compensation.help')}</Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DateField name="filedOn" label={t('justice.compensation.filedOn')} required testId="claim-filed-on" />
              <NumberField name="amountClaimed" label={t('justice.compensation.amountClaimed')} required min={0} testId="claim-amount" />
              <TextField name="currency" label={t('justice.compensation.currency')} description={t('justice.compensation.currencyHelp')} required maxLength={3} testId="claim-currency" />
              <SelectField name="representedBy" label={t('justice.compensation.representedBy')} required options={codes('claimRepresentatives', CLAIM_REPRESENTATIVES)} testId="claim-represented-by" />
              <TextField name="representativeName" label={t('justice.compensation.representativeName')} testId="claim-representative" />
            </SimpleGrid>
            {claim && (
              <>
                <Text fw={600} size="sm" component="h4">
                  {t('justice.compensation.order')}
                </Text>
                <Text size="sm">{t('justice.compensation.orderHelp')}</Text>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <SelectField name="orderInstance" label={t('justice.compensation.orderInstance')} options={codes('orderInstances', ORDER_INSTANCES)} placeholder={t('justice.compensation.noOrder')} testId="claim-order-instance" />
                  <DateField name="orderedOn" label={t('justice.compensation.orderedOn')} testId="claim-ordered-on" />
                  <NumberField name="amountOrdered" label={t('justice.compensation.amountOrdered')} min={0} testId="claim-amount-ordered" />
                </SimpleGrid>
                <Text fw={600} size="sm" component="h4">
                  {t('justice.compensation.payment')}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <SelectField name="paymentStatus" label={t('justice.compensation.paymentStatus')} options={codes('paymentStatuses', PAYMENT_STATUSES)} placeholder={t('justice.compensation.noPayment')} testId="claim-payment-status" />
                  <NumberField name="amountPaid" label={t('justice.compensation.amountPaid')} min={0} testId="claim-amount-paid" />
                  <DateField name="paidOn" label={t('justice.compensation.paidOn')} testId="claim-paid-on" />
                </SimpleGrid>
              </>
            )}
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={mutation.isPending} data-testid="compensation-submit">
                {claim ? t('common.save') : t('justice.compensation.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Dialog>
  );
}

/** On a victim's card of the proceeding page: the summary and the button that opens the dialog. */
export function VictimCompensation({ p, victimId, claim }: { p: TProceeding; victimId: string; claim: TCompensationClaim | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm" component="h4">
        {t('justice.compensation.title')}
      </Text>
      <CompensationSummary claim={claim} testId="victim-compensation" />
      <Group>
        <Button size="xs" variant="outline" onClick={() => setOpen(true)} data-testid="compensation-open">
          {claim ? t('justice.compensation.edit') : t('justice.compensation.add')}
        </Button>
      </Group>
      {open && <CompensationDialog key={claim ? `${claim.id}-${claim.version}` : 'new'} p={p} victimId={victimId} claim={claim} onClose={() => setOpen(false)} />}
    </Stack>
  );
}
