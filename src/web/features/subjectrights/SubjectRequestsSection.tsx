/**
 * "Requests from the person" on the case page (managing organisation's case workers and supervisors): what the
 * person asked under the data-protection law (see what is held, correct it, object, restrict, erase), the legal
 * deadline with the days left, the identity check, the decision and its reason, the answer sent, and for a request
 * to see the data, the download of everything held (PDF in the person's language, or JSON).
 */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { FormProvider, useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  ACCESS_EXPORT_LANGUAGES,
  accessExportUrl,
  SUBJECT_REQUEST_DECISIONS,
  SUBJECT_REQUEST_KINDS,
  ZIdentityCheck,
  ZSubjectRequestCreate,
  ZSubjectRequestDecide,
  ZSubjectResponse,
} from '../../../contract/subjectrights';
import { useAuth } from '../../app/auth';
import { SUBJECT_RIGHTS_ROLES } from '../../app/roles';
import { DataList } from '../../ui/DataList';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { contractResolver, DateField, RadioGroupField, TextareaField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useFormat } from '../../ui/useFormat';
import { FormButtons, Panel, todayLocal } from '../careplans/CarePlanSection';
import { defaultSheetLanguage } from '../cases/InformationSheetSection';
import type { TCaseDetail } from '../cases/types';
import { useCreateSubjectRequest, useDecide, useIdentityCheck, useLift, useRespond, useSubjectRequests, type TSubjectRequest } from './api';

type TCreateDraft = { kind: string; receivedOn: string; identityCheck: string };

function RecordRequestForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateSubjectRequest(caseId);
  type TOut = z.output<typeof ZSubjectRequestCreate>;
  const form = useForm<TCreateDraft, unknown, TOut>({
    resolver: contractResolver<TCreateDraft, TOut>(ZSubjectRequestCreate),
    defaultValues: { kind: '', receivedOn: todayLocal(), identityCheck: '' },
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      await create.mutateAsync(body);
      notifySuccess(t('subjectRights.saved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id="subject-request-form" title={t('subjectRights.new')} help={t('subjectRights.newHelp')} testId="subject-request-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="md">
            <RadioGroupField
              name="kind"
              label={t('subjectRights.kindLabel')}
              required
              options={SUBJECT_REQUEST_KINDS.map((k) => ({ value: k, label: t(`subjectRights.kinds.${k}`) }))}
              descriptions={Object.fromEntries(SUBJECT_REQUEST_KINDS.map((k) => [k, t(`subjectRights.kindHelp.${k}`)]))}
              testId="subject-request-kind"
            />
            <DateField name="receivedOn" label={t('subjectRights.receivedOn')} description={t('subjectRights.receivedOnHelp')} required testId="subject-request-received" />
            <TextareaField name="identityCheck" label={t('subjectRights.identityCheck')} description={t('subjectRights.identityCheckHelp')} minRows={2} testId="subject-request-identity" />
            <FormButtons error={create.error} pending={create.isPending} onCancel={onDone} label={t('subjectRights.submit')} testId="subject-request-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function IdentityCheckForm({ caseId, r, onDone }: { caseId: string; r: TSubjectRequest; onDone: () => void }) {
  const { t } = useTranslation();
  const mutation = useIdentityCheck(caseId, r.id);
  type TOut = z.output<typeof ZIdentityCheck>;
  const form = useForm<{ version: number; identityCheck: string }, unknown, TOut>({
    resolver: contractResolver(ZIdentityCheck),
    defaultValues: { version: r.version, identityCheck: r.identityCheck ?? '' },
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      await mutation.mutateAsync(body);
      notifySuccess(t('subjectRights.identitySaved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id={`identity-${r.id}`} title={t('subjectRights.identityTitle')} help={t('subjectRights.identityCheckHelp')} testId="subject-identity-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <TextareaField name="identityCheck" label={t('subjectRights.identityCheck')} required minRows={2} testId="subject-identity-text" />
            <FormButtons error={mutation.error} pending={mutation.isPending} onCancel={onDone} label={t('subjectRights.identitySubmit')} testId="subject-identity-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function DecisionForm({ caseId, r, onDone }: { caseId: string; r: TSubjectRequest; onDone: () => void }) {
  const { t } = useTranslation();
  const mutation = useDecide(caseId, r.id);
  type TOut = z.output<typeof ZSubjectRequestDecide>;
  const form = useForm<{ version: number; status: string; reason: string }, unknown, TOut>({
    resolver: contractResolver(ZSubjectRequestDecide),
    defaultValues: { version: r.version, status: '', reason: '' },
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      await mutation.mutateAsync(body);
      notifySuccess(t('subjectRights.decisionSaved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id={`decision-${r.id}`} title={t('subjectRights.decisionTitle')} help={t('subjectRights.decisionHelp')} testId="subject-decision-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <RadioGroupField
              name="status"
              label={t('subjectRights.decisionLabel')}
              required
              options={SUBJECT_REQUEST_DECISIONS.map((s) => ({ value: s, label: t(`subjectRights.statuses.${s}`) }))}
              testId="subject-decision-status"
            />
            <TextareaField name="reason" label={t('subjectRights.reason')} description={t('subjectRights.reasonHelp')} minRows={2} testId="subject-decision-reason" />
            <FormButtons error={mutation.error} pending={mutation.isPending} onCancel={onDone} label={t('subjectRights.decisionSubmit')} testId="subject-decision-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function ResponseForm({ caseId, r, onDone }: { caseId: string; r: TSubjectRequest; onDone: () => void }) {
  const { t } = useTranslation();
  const mutation = useRespond(caseId, r.id);
  type TOut = z.output<typeof ZSubjectResponse>;
  const form = useForm<{ version: number; sentOn: string }, unknown, TOut>({ resolver: contractResolver(ZSubjectResponse), defaultValues: { version: r.version, sentOn: todayLocal() } });
  const submit = form.handleSubmit(async (body) => {
    try {
      await mutation.mutateAsync(body);
      notifySuccess(t('subjectRights.responseSaved'));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <Panel id={`response-${r.id}`} title={t('subjectRights.responseTitle')} testId="subject-response-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <DateField name="sentOn" label={t('subjectRights.sentOn')} required testId="subject-response-date" />
            <FormButtons error={mutation.error} pending={mutation.isPending} onCancel={onDone} label={t('subjectRights.responseSubmit')} testId="subject-response-save" />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

/** Download of everything held, in one of the export's languages (the person's own first). */
function AccessExport({ caseDetail, r }: { caseDetail: TCaseDetail; r: TSubjectRequest }) {
  const { t, i18n } = useTranslation();
  const codes = [...ACCESS_EXPORT_LANGUAGES];
  const [choice, setChoice] = useState<string | null>(null);
  const lang = choice ?? defaultSheetLanguage(codes, caseDetail.person.languages, i18n.language) ?? 'fr';
  const names = new Map<string, string>(codes.map((c) => [c, t(`subjectRights.exportLanguages.${c}`)]));
  return (
    <Group align="flex-end" gap="sm" data-testid="subject-export">
      <NativeSelect label={t('subjectRights.exportLanguage')} value={lang} onChange={(e) => setChoice(e.currentTarget.value)} w={220} data-testid="subject-export-language">
        {codes.map((c) => (
          <option key={c} value={c}>
            {names.get(c)}
          </option>
        ))}
      </NativeSelect>
      <Button component="a" href={accessExportUrl(caseDetail.id, r.id, 'pdf', lang)} download data-testid="subject-export-pdf">
        {t('subjectRights.exportPdf')}
      </Button>
      <Button component="a" variant="outline" href={accessExportUrl(caseDetail.id, r.id, 'json', lang)} download data-testid="subject-export-json">
        {t('subjectRights.exportJson')}
      </Button>
    </Group>
  );
}

function Deadline({ r }: { r: TSubjectRequest }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (r.daysLeft === null) return <Text span>{fmt.date(r.dueOn)}</Text>;
  const color = r.overdue ? '#a51d1d' : r.daysLeft <= 3 ? '#8a5300' : '#1c5f8a';
  const text = r.overdue ? t('subjectRights.overdue', { n: -r.daysLeft }) : r.daysLeft === 0 ? t('subjectRights.dueToday') : t('subjectRights.daysLeft', { n: r.daysLeft });
  return (
    <Group gap="xs" component="span">
      <Text span>{fmt.date(r.dueOn)}</Text>
      <Badge color={color} variant="filled" tt="none" data-testid="subject-request-days">
        {text}
      </Badge>
    </Group>
  );
}

function RequestItem({ caseDetail, r }: { caseDetail: TCaseDetail; r: TSubjectRequest }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const lift = useLift(caseDetail.id, r.id);
  const [mode, setMode] = useState<'identity' | 'decide' | 'respond' | null>(null);
  const can = (a: TSubjectRequest['actions'][number]) => r.actions.includes(a);
  return (
    <Paper withBorder p="sm" component="li" data-testid="subject-request" data-kind={r.kind} data-status={r.status}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h5">
            {t(`subjectRights.kinds.${r.kind}`)}
          </Title>
          <Badge variant="light" tt="none" data-testid="subject-request-status">
            {t(`subjectRights.statuses.${r.status}`)}
          </Badge>
        </Group>
        <DataList
          items={[
            { label: t('subjectRights.receivedOn'), value: fmt.date(r.receivedOn) },
            { label: t('subjectRights.dueOn'), value: <Deadline r={r} /> },
            { label: t('subjectRights.identityCheck'), value: r.identityCheck, testId: 'subject-request-identity-value' },
            ...(r.decisionReason ? [{ label: t('subjectRights.reason'), value: r.decisionReason }] : []),
            { label: t('subjectRights.sentOn'), value: r.responseSentOn ? fmt.date(r.responseSentOn) : null, testId: 'subject-request-sent' },
          ]}
        />
        {r.restricts && (
          <Text size="sm" data-testid="subject-request-restricts">
            {t('subjectRights.restrictsNow')}
          </Text>
        )}
        {r.kind === 'rectification' && (
          <Text size="sm">
            <Anchor component={Link} to={`/persons/${r.personId}`} data-testid="subject-request-correct">
              {t('subjectRights.correctLink')}
            </Anchor>
          </Text>
        )}
        {can('export') && <AccessExport caseDetail={caseDetail} r={r} />}
        {!mode && (
          <Group gap="xs">
            {can('identity_check') && (
              <Button size="xs" variant="outline" onClick={() => setMode('identity')} data-testid="subject-request-identity-open">
                {t('subjectRights.identityOpen')}
              </Button>
            )}
            {can('decide') && (
              <Button size="xs" variant="outline" onClick={() => setMode('decide')} data-testid="subject-request-decide-open">
                {t('subjectRights.decisionOpen')}
              </Button>
            )}
            {can('respond') && (
              <Button size="xs" variant="outline" onClick={() => setMode('respond')} data-testid="subject-request-respond-open">
                {t('subjectRights.responseOpen')}
              </Button>
            )}
            {can('lift') && (
              <Button size="xs" variant="subtle" loading={lift.isPending} onClick={() => void lift.mutateAsync({ version: r.version }).then(() => notifySuccess(t('subjectRights.lifted')))} data-testid="subject-request-lift">
                {t('subjectRights.lift')}
              </Button>
            )}
          </Group>
        )}
        <ErrorAlert error={lift.error} />
        {mode === 'identity' && <IdentityCheckForm caseId={caseDetail.id} r={r} onDone={() => setMode(null)} />}
        {mode === 'decide' && <DecisionForm caseId={caseDetail.id} r={r} onDone={() => setMode(null)} />}
        {mode === 'respond' && <ResponseForm caseId={caseDetail.id} r={r} onDone={() => setMode(null)} />}
      </Stack>
    </Paper>
  );
}

export function SubjectRequestsSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const enabled = caseDetail.access === 'manager' && hasRole(SUBJECT_RIGHTS_ROLES);
  if (!enabled) return null;
  return <Requests caseDetail={caseDetail} title={t('subjectRights.title')} />;
}

function Requests({ caseDetail, title }: { caseDetail: TCaseDetail; title: string }) {
  const { t } = useTranslation();
  const list = useSubjectRequests(caseDetail.id);
  const [adding, setAdding] = useState(false);
  return (
    <Section
      id="subject-requests"
      title={title}
      testId="subject-requests-section"
      actions={
        list.data?.canRecord && !adding ? (
          <Button size="xs" onClick={() => setAdding(true)} data-testid="subject-request-new">
            {t('subjectRights.new')}
          </Button>
        ) : undefined
      }
    >
      <Stack gap="sm">
        <Text size="sm">{t('subjectRights.help')}</Text>
        {list.isPending ? (
          <Loading />
        ) : list.error ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            {list.data.restricted && (
              <Alert color="orange" title={t('subjectRights.restrictedTitle')} data-testid="subject-restricted">
                {t('subjectRights.restrictedNotice')}
              </Alert>
            )}
            {adding && <RecordRequestForm caseId={caseDetail.id} onDone={() => setAdding(false)} />}
            {list.data.items.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('subjectRights.empty')}
              </Text>
            ) : (
              <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={title}>
                {list.data.items.map((r) => (
                  <RequestItem key={r.id} caseDetail={caseDetail} r={r} />
                ))}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Section>
  );
}
