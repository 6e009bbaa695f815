/**
 * Transfer of case management on the case page: ask another organisation to take the case over (effective
 * only when it accepts), and the history of requests. Also the transfer list of the inbox.
 */
import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ZTransferCreate } from '../../../contract/referrals';
import { isApiError } from '../../app/api';
import { useSession } from '../../app/auth';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, SearchSelectField, TextareaField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import { useOrganisations } from '../admin/api';
import type { TCaseDetail } from '../cases/types';
import { useRequestTransfer, useRespondTransfer, useTransfers, type TTransfer, type TTransferCreate } from './api';
import { Panel } from './shared';

const TRANSFER_COLOURS: Record<TTransfer['status'], string> = { pending: 'blue.9', accepted: '#237032', declined: '#b03e0b', cancelled: 'gray.8' };

function TransferForm({ caseDetail, onDone }: { caseDetail: TCaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const organisations = useOrganisations();
  const request = useRequestTransfer(caseDetail.id);
  type TDraft = { toOrganisationId: string; reason: string };
  const resolver = useMemo(() => contractResolver<TDraft, TTransferCreate>(ZTransferCreate), []);
  const form = useForm<TDraft, unknown, TTransferCreate>({ resolver, defaultValues: { toOrganisationId: '', reason: '' } });
  const options = (organisations.data ?? []).filter((o) => o.active && o.id !== session.user.organisation.id).map((o) => ({ value: o.id, label: o.name }));
  const submit = form.handleSubmit(async (body) => {
    try {
      await request.mutateAsync(body);
      notifySuccess(t('referrals.transfers.requested'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  const general = request.error && !(isApiError(request.error) && request.error.fields.length > 0) ? request.error : null;
  return (
    <Panel id="transfer-form" title={t('referrals.transfers.request')} help={t('referrals.transfers.requestHelp')} testId="transfer-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <SearchSelectField name="toOrganisationId" label={t('referrals.transfers.organisation')} required options={options} testId="transfer-organisation" />
            <TextareaField name="reason" label={t('referrals.transfers.reason')} description={t('referrals.transfers.reasonHelp')} required testId="transfer-reason" />
            <ErrorAlert error={general} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onDone}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={request.isPending} data-testid="transfer-submit">
                {t('referrals.transfers.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function RespondDialog({ transfer, action, onClose }: { transfer: TTransfer; action: TTransfer['actions'][number]; onClose: () => void }) {
  const { t } = useTranslation();
  const respond = useRespondTransfer();
  const [note, setNote] = useState('');
  const confirm = () =>
    respond.mutate(
      { id: transfer.id, body: { version: transfer.version, action, ...(note.trim() ? { note: note.trim() } : {}) } },
      {
        onSuccess: () => {
          notifySuccess(t(`referrals.transfers.done.${action}`));
          onClose();
        },
      },
    );
  return (
    <Dialog opened onClose={onClose} title={t(`referrals.transfers.confirm.${action}`, { reference: transfer.caseReference })} size="md" testId="transfer-respond-dialog">
      <Stack gap="sm">
        <Text size="sm">{t(`referrals.transfers.confirmBody.${action}`, { from: isolate(transfer.fromOrganisation.name), to: isolate(transfer.toOrganisation.name) })}</Text>
        <Textarea label={t('referrals.transfers.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} data-testid="transfer-note" />
        <ErrorAlert error={respond.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color={action === 'accept' ? undefined : 'red.9'} onClick={confirm} loading={respond.isPending} data-testid="transfer-confirm">
            {t(`referrals.transfers.actions.${action}`)}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}

export function TransferList({ items, showCase }: { items: TTransfer[]; showCase?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [responding, setResponding] = useState<{ transfer: TTransfer; action: TTransfer['actions'][number] } | null>(null);
  return (
    <>
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }} data-testid="transfer-list">
        {items.map((tr) => (
          <Paper component="li" withBorder p="sm" key={tr.id} data-testid="transfer-item" data-status={tr.status}>
            <Group justify="space-between" align="flex-start" gap="xs">
              <Stack gap={2}>
                <Group gap="xs">
                  {showCase && (
                    <Anchor component={Link} to={`/cases/${tr.caseId}`} fw={700} className="ltr-value" data-testid="transfer-case-link">
                      {tr.caseReference}
                    </Anchor>
                  )}
                  <Badge color={TRANSFER_COLOURS[tr.status]} variant="filled" tt="none" data-testid="transfer-status">
                    {t(`referrals.transfers.statuses.${tr.status}`)}
                  </Badge>
                </Group>
                <Text size="sm">{t('referrals.transfers.fromTo', { from: isolate(tr.fromOrganisation.name), to: isolate(tr.toOrganisation.name) })}</Text>
                <Text size="sm">{t('referrals.transfers.requestedBy', { name: isolate(tr.requestedBy), date: fmt.instant(tr.createdAt) })}</Text>
                {tr.reason && (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {t('referrals.transfers.reason')}
                    {t('history.colon')}
                    {tr.reason}
                  </Text>
                )}
                {tr.respondedBy && (
                  <Text size="sm">
                    {t('referrals.transfers.respondedBy', { name: isolate(tr.respondedBy), date: fmt.instant(tr.respondedAt) })}
                    {tr.note ? `${t('history.colon')}${tr.note}` : ''}
                  </Text>
                )}
              </Stack>
              {tr.actions.length > 0 && (
                <Group gap="xs">
                  {tr.actions.map((a) => (
                    <Button key={a} size="xs" variant={a === 'accept' ? 'filled' : 'outline'} color={a === 'accept' ? undefined : 'red.9'} onClick={() => setResponding({ transfer: tr, action: a })} data-testid={`transfer-${a}`}>
                      {t(`referrals.transfers.actions.${a}`)}
                    </Button>
                  ))}
                </Group>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
      {responding && <RespondDialog transfer={responding.transfer} action={responding.action} onClose={() => setResponding(null)} />}
    </>
  );
}

export function TransferSection({ caseDetail, canRequest }: { caseDetail: TCaseDetail; canRequest: boolean }) {
  const { t } = useTranslation();
  const query = useTransfers({ caseId: caseDetail.id });
  const [requesting, setRequesting] = useState(false);
  const items = query.data ?? [];
  const pending = items.some((tr) => tr.status === 'pending');
  return (
    <Section
      id="transfers"
      title={t('referrals.transfers.title')}
      testId="transfer-section"
      actions={
        canRequest &&
        !pending &&
        !requesting && (
          <Button variant="outline" onClick={() => setRequesting(true)} data-testid="transfer-start">
            {t('referrals.transfers.request')}
          </Button>
        )
      }
    >
      <Stack gap="md">
        <Text size="sm">{t('referrals.transfers.intro')}</Text>
        {requesting && <TransferForm caseDetail={caseDetail} onDone={() => setRequesting(false)} />}
        {query.isPending ? (
          <Loading />
        ) : query.error ? (
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" data-testid="transfers-none">
            {t('referrals.transfers.none')}
          </Text>
        ) : (
          <TransferList items={items} />
        )}
      </Stack>
    </Section>
  );
}
