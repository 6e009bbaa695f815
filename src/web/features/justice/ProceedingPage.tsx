/**
 * One criminal proceeding, for justice users: references and stage, the victims taking part (minimum data
 * only) with their protection measures, the defendants with their outcome, and the hearing calendar.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  DEFENDANT_AGE_GROUPS,
  DEFENDANT_ROLES,
  HEARING_KINDS,
  MEASURE_DECIDERS,
  MEASURE_REQUESTERS,
  MEASURE_STATUSES,
  MEASURES,
  OUTCOMES,
  PROCEEDING_STAGES,
  RELATIONSHIPS,
  STAGE_DATE_FIELDS,
  VICTIM_ROLES,
  ZDefendantCreate,
  ZDefendantUpdate,
  ZHearingCreate,
  ZMeasureCreate,
  ZProceedingUpdate,
  ZRevealContact,
  ZVictimLink,
} from '../../../contract/justice';
import { SEXES } from '../../../contract/common';
import { isApiError } from '../../app/api';
import { useReference } from '../../app/reference';
import { cleanValues } from '../../ui/clean';
import { ConflictAlert } from '../../ui/conflict';
import { DataList } from '../../ui/DataList';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyServerFieldErrors } from '../../ui/errors';
import { CheckboxField, CheckboxGroupField, contractResolver, DateField, NumberField, RadioGroupField, SearchSelectField, SelectField, TagsField, TextareaField, TextField } from '../../ui/form';
import { notifySuccess } from '../../ui/notify';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useFormat } from '../../ui/useFormat';
import NotFoundPage from '../misc/NotFoundPage';
import { justiceApi, useCandidates, useProceeding, useProceedingAction, useProceedingMutation, type TProceeding, type TRevealedContact } from './api';
import { StageFields } from './ProceedingCreatePage';
import { StageBadge } from './ProceedingsPage';
import { useCodeOptions, useOffences } from './labels';
import { NonPunishmentRecord } from './NonPunishmentStatus';
import { VictimCompensation } from './Compensation';

type TVictim = TProceeding['victims'][number];
type TDefendant = TProceeding['defendants'][number];
type TDraft = Record<string, unknown>;

/** Field errors go on the form; a version conflict and other failures are shown above the button. */
function useSubmit<TOut>(form: { setError: Parameters<typeof applyServerFieldErrors>[1] }, run: (body: TOut) => Promise<unknown>, done: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  return {
    error,
    conflict,
    onSubmit: async (body: TOut) => {
      setError(null);
      setConflict(false);
      try {
        await run(body);
        done();
      } catch (e) {
        if (isApiError(e) && e.code === 'VERSION_CONFLICT') setConflict(true);
        else if (!(isApiError(e) && applyServerFieldErrors(e, form.setError).applied.length > 0)) setError(e);
      }
    },
  };
}

function SubmitRow({ pending, label, testId, error }: { pending: boolean; label: string; testId: string; error: unknown }) {
  return (
    <>
      <ErrorAlert error={error} />
      <Group justify="flex-end">
        <Button type="submit" loading={pending} data-testid={testId}>
          {label}
        </Button>
      </Group>
    </>
  );
}

function Panel({ id, title, children, testId }: { id: string; title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="md" bg="gray.0" component="section" aria-labelledby={`${id}-title`} data-testid={testId}>
      <Title order={3} size="h5" id={`${id}-title`} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function StageDialog({ p, onClose }: { p: TProceeding; onClose: () => void }) {
  const { t } = useTranslation();
  type TOut = z.output<typeof ZProceedingUpdate>;
  const resolver = useMemo(() => contractResolver<TDraft, TOut>(ZProceedingUpdate, (d) => ({ ...(cleanValues(d) as object), version: p.version })), [p.version]);
  const defaults = Object.fromEntries(PROCEEDING_STAGES.map((s) => [STAGE_DATE_FIELDS[s], p[STAGE_DATE_FIELDS[s]] ?? '']));
  const form = useForm<TDraft, unknown, TOut>({ resolver, defaultValues: { stage: p.stage, ...defaults } });
  const mutation = useProceedingMutation<TOut>(p.id, (body) => {
    // Cleared dates are sent as null (the stage went back to an earlier date set).
    const out: Record<string, unknown> = { ...body };
    for (const s of PROCEEDING_STAGES) if (out[STAGE_DATE_FIELDS[s]] === undefined && p[STAGE_DATE_FIELDS[s]]) out[STAGE_DATE_FIELDS[s]] = null;
    return justiceApi.updateProceeding(p.id, out);
  });
  const s = useSubmit<TOut>(form, (b) => mutation.mutateAsync(b), () => {
    notifySuccess(t('justice.stage.saved'));
    onClose();
  });
  return (
    <Dialog opened onClose={onClose} title={t('justice.stage.title')} testId="stage-dialog">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void form.handleSubmit(s.onSubmit)(e)}>
          <Stack gap="md">
            {s.conflict && <ConflictAlert reloading={false} onReload={onClose} />}
            <StageFields />
            <SubmitRow pending={mutation.isPending} label={t('justice.stage.submit')} testId="stage-submit" error={s.error} />
          </Stack>
        </form>
      </FormProvider>
    </Dialog>
  );
}

function Summary({ p }: { p: TProceeding }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const offences = useOffences();
  const [editing, setEditing] = useState(false);
  return (
    <Section
      id="proceeding-summary"
      title={t('justice.detail.summary')}
      testId="proceeding-summary"
      actions={
        <Button variant="outline" size="sm" onClick={() => setEditing(true)} data-testid="stage-open">
          {t('justice.stage.open')}
        </Button>
      }
    >
      <DataList
        items={[
          { label: t('justice.fields.policeReportRef'), value: p.policeReportRef },
          { label: t('justice.fields.prosecutionFileRef'), value: p.prosecutionFileRef },
          { label: t('justice.fields.courtFileRef'), value: p.courtFileRef },
          { label: t('justice.fields.courtOfAppeal'), value: p.courtOfAppeal },
          { label: t('justice.fields.jurisdiction'), value: p.jurisdiction },
          { label: t('justice.fields.owner'), value: p.ownerOrganisation.name },
          { label: t('justice.fields.offences'), value: fmt.list(p.offences.map(offences.offence)) },
          ...PROCEEDING_STAGES.filter((s) => p[STAGE_DATE_FIELDS[s]]).map((s) => ({ label: t(`justice.stageDates.${s}`), value: fmt.date(p[STAGE_DATE_FIELDS[s]]) })),
          { label: t('justice.fields.notes'), value: p.notes ? <Text style={{ whiteSpace: 'pre-wrap' }}>{p.notes}</Text> : null },
        ]}
      />
      {editing && <StageDialog p={p} onClose={() => setEditing(false)} />}
    </Section>
  );
}

export function MeasureList({ measures }: { measures: TVictim['measures'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (measures.length === 0) return <Text size="sm">{t('justice.measures.none')}</Text>;
  return (
    <List spacing={4} size="sm">
      {measures.map((m) => (
        <List.Item key={m.id} data-testid="measure-row" data-measure={m.measure} data-status={m.status}>
          <Text span fw={600} size="sm">
            {t(`justice.measureTypes.${m.measure}`)}
          </Text>{' '}
          <Badge size="sm" variant={m.status === 'granted' ? 'filled' : 'outline'} color={m.status === 'granted' ? '#237032' : 'gray.8'} bg={m.status === 'granted' ? undefined : 'white'} tt="none">
            {t(`justice.measureStatuses.${m.status}`)}
          </Badge>{' '}
          <Text span size="sm">
            {t('justice.measures.requestedBy', { by: t(`justice.requesters.${m.requestedBy}`), date: fmt.date(m.requestedOn) })}
            {m.decidedBy && m.decidedOn ? ` ${t('justice.measures.decidedBy', { by: t(`justice.deciders.${m.decidedBy}`), date: fmt.date(m.decidedOn) })}` : ''}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

function MeasureForm({ p, victim }: { p: TProceeding; victim: TVictim }) {
  const { t } = useTranslation();
  const codes = useCodeOptions();
  type TOut = z.output<typeof ZMeasureCreate>;
  const form = useForm<TDraft, unknown, TOut>({ resolver: contractResolver<TDraft, TOut>(ZMeasureCreate), defaultValues: { measure: '', requestedBy: '', requestedOn: '', status: 'requested', decidedBy: '', decidedOn: '' } });
  const status = useWatch({ control: form.control, name: 'status' });
  const mutation = useProceedingMutation<TOut>(p.id, (body) => justiceApi.addMeasure(p.id, victim.id, body));
  const s = useSubmit<TOut>(form, (b) => mutation.mutateAsync(b), () => {
    notifySuccess(t('justice.measures.saved'));
    form.reset();
  });
  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={(e) => void form.handleSubmit(s.onSubmit)(e)} data-testid="measure-form">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <SelectField name="measure" label={t('justice.measures.measure')} required options={codes('measureTypes', MEASURES)} testId="measure-type" />
            <SelectField name="requestedBy" label={t('justice.measures.requestedByLabel')} required options={codes('requesters', MEASURE_REQUESTERS)} testId="measure-requested-by" />
            <DateField name="requestedOn" label={t('justice.measures.requestedOn')} required testId="measure-requested-on" />
          </SimpleGrid>
          <RadioGroupField name="status" label={t('justice.measures.status')} required inline options={codes('measureStatuses', MEASURE_STATUSES)} testId="measure-status" />
          {status !== 'requested' && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <SelectField name="decidedBy" label={t('justice.measures.decidedByLabel')} required options={codes('deciders', MEASURE_DECIDERS)} testId="measure-decided-by" />
              <DateField name="decidedOn" label={t('justice.measures.decidedOn')} required testId="measure-decided-on" />
            </SimpleGrid>
          )}
          <SubmitRow pending={mutation.isPending} label={t('justice.measures.submit')} testId="measure-submit" error={s.error} />
        </Stack>
      </form>
    </FormProvider>
  );
}

function RevealDialog({ p, victim, onClose }: { p: TProceeding; victim: TVictim; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useReference();
  const [revealed, setRevealed] = useState<TRevealedContact | null>(null);
  type TOut = z.output<typeof ZRevealContact>;
  const form = useForm<TDraft, unknown, TOut>({ resolver: contractResolver<TDraft, TOut>(ZRevealContact), defaultValues: { reason: '' } });
  const s = useSubmit<TOut>(form, async (b) => setRevealed(await justiceApi.revealContact(p.id, victim.id, b.reason)), () => undefined);
  return (
    <Dialog opened onClose={onClose} title={t('justice.reveal.title', { reference: victim.caseReference })} testId="reveal-dialog">
      {revealed ? (
        <Stack gap="sm" data-testid="revealed-contacts">
          <Alert color="orange" variant="light">
            {t('justice.reveal.onceNotice')}
          </Alert>
          {revealed.contacts.length === 0 ? (
            <Text>{t('justice.reveal.none')}</Text>
          ) : (
            <List>
              {revealed.contacts.map((c, i) => (
                <List.Item key={i}>
                  <Text span fw={600}>
                    {ref.label('contactKinds', c.kind)}
                  </Text>
                  {t('history.colon')}
                  <span className="ltr-value">{c.value}</span>
                </List.Item>
              ))}
            </List>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <FormProvider {...form}>
          <form noValidate onSubmit={(e) => void form.handleSubmit(s.onSubmit)(e)}>
            <Stack gap="md">
              <Text size="sm">{t('justice.reveal.help')}</Text>
              <TextareaField name="reason" label={t('justice.reveal.reason')} description={t('justice.reveal.reasonHelp')} required testId="reveal-reason" />
              <SubmitRow pending={form.formState.isSubmitting} label={t('justice.reveal.submit')} testId="reveal-submit" error={s.error} />
            </Stack>
          </form>
        </FormProvider>
      )}
    </Dialog>
  );
}

function VictimCard({ p, victim }: { p: TProceeding; victim: TVictim }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [revealing, setRevealing] = useState(false);
  return (
    <Paper withBorder p="md" component="li" data-testid="justice-victim" data-case-reference={victim.caseReference}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h5">
            <span className="ltr-value">{victim.caseReference}</span> — {victim.pseudonym}
          </Title>
          <Button variant="subtle" size="xs" onClick={() => setRevealing(true)} data-testid="reveal-open">
            {t('justice.reveal.open')}
          </Button>
        </Group>
        <DataList
          items={[
            { label: t('justice.victims.sexAge'), value: `${t(`sex.${victim.sex}`)} · ${t(`ageGroup.${victim.ageGroup}`)}` },
            { label: t('justice.victims.managingOrganisation'), value: victim.managingOrganisation },
            { label: t('justice.victims.roles'), value: fmt.list(victim.roles.map((r) => t(`justice.victimRoles.${r}`))) },
          ]}
        />
        {victim.nonPunishment.length > 0 && (
          <Alert color="orange" variant="light" title={t('justice.nonPunishment.alertTitle')} data-testid="victim-non-punishment">
            <Stack gap="xs">
              {victim.nonPunishment.map((n) => (
                <NonPunishmentRecord key={`${n.id}-${n.version}`} record={n} />
              ))}
            </Stack>
          </Alert>
        )}
        <VictimCompensation p={p} victimId={victim.id} claim={victim.compensation} />
        <Text fw={600} size="sm" component="h4">
          {t('justice.measures.title')}
        </Text>
        <MeasureList measures={victim.measures} />
        <Panel id={`measure-${victim.id}`} title={t('justice.measures.add')}>
          <MeasureForm p={p} victim={victim} />
        </Panel>
      </Stack>
      {revealing && <RevealDialog p={p} victim={victim} onClose={() => setRevealing(false)} />}
    </Paper>
  );
}

function LinkVictimForm({ p }: { p: TProceeding }) {
  const { t } = useTranslation();
  const codes = useCodeOptions();
  const candidates = useCandidates(true);
  const linked = new Set(p.victims.map((v) => v.caseId));
  const options = (candidates.data ?? []).filter((c) => !linked.has(c.caseId)).map((c) => ({ value: c.caseId, label: `${c.caseReference} — ${c.pseudonym} — ${c.managingOrganisation}` }));
  type TOut = z.output<typeof ZVictimLink>;
  const form = useForm<TDraft, unknown, TOut>({ resolver: contractResolver<TDraft, TOut>(ZVictimLink), defaultValues: { caseId: '', roles: [] } });
  const mutation = useProceedingAction(p.id, 'victims');
  const s = useSubmit<TOut>(form, (b) => mutation.mutateAsync(b), () => {
    notifySuccess(t('justice.victims.linked'));
    form.reset();
  });
  return (
    <Panel id="victim-link" title={t('justice.victims.add')} testId="victim-link">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void form.handleSubmit(s.onSubmit)(e)}>
          <Stack gap="sm">
            <SelectField name="caseId" label={t('justice.victims.case')} description={t('justice.victims.caseHelp')} required options={options} testId="victim-case" />
            <CheckboxGroupField name="roles" label={t('justice.victims.roles')} options={codes('victimRoles', VICTIM_ROLES)} testId="victim-roles" />
            <SubmitRow pending={mutation.isPending} label={t('justice.victims.submit')} testId="victim-link-submit" error={s.error} />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function OutcomeDialog({ p, d, onClose }: { p: TProceeding; d: TDefendant; onClose: () => void }) {
  const { t } = useTranslation();
  const codes = useCodeOptions();
  type TOut = z.output<typeof ZDefendantUpdate>;
  const resolver = useMemo(
    () =>
      contractResolver<TDraft, TOut>(ZDefendantUpdate, (v) => {
        const c = cleanValues(v) as Record<string, unknown>;
        return { ...c, version: d.version, outcome: c.outcome ?? null, outcomeOn: c.outcomeOn ?? null };
      }),
    [d.version],
  );
  const form = useForm<TDraft, unknown, TOut>({
    resolver,
    defaultValues: {
      prosecuted: d.prosecuted,
      outcome: d.outcome ?? '',
      outcomeOn: d.outcomeOn ?? '',
      sentenceMonths: d.sentenceMonths ?? undefined,
      suspendedSentence: d.suspendedSentence,
      fineMad: d.fineMad ?? undefined,
      confiscatedAssetsMad: d.confiscatedAssetsMad ?? undefined,
      compensationOrderedMad: d.compensationOrderedMad ?? undefined,
      compensationPaidMad: d.compensationPaidMad ?? undefined,
    },
  });
  const mutation = useProceedingMutation<TOut>(p.id, (body) => justiceApi.updateDefendant(p.id, d.id, body));
  const s = useSubmit<TOut>(form, (b) => mutation.mutateAsync(b), () => {
    notifySuccess(t('justice.defendants.outcomeSaved'));
    onClose();
  });
  return (
    <Dialog opened onClose={onClose} title={t('justice.defendants.outcomeTitle')} testId="outcome-dialog">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void form.handleSubmit(s.onSubmit)(e)}>
          <Stack gap="sm">
            {s.conflict && <ConflictAlert reloading={false} onReload={onClose} />}
            <CheckboxField name="prosecuted" label={t('justice.defendants.prosecuted')} testId="outcome-prosecuted" />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <SelectField name="outcome" label={t('justice.defendants.outcome')} options={codes('outcomes', OUTCOMES)} placeholder={t('justice.defendants.noOutcome')} testId="outcome-select" />
              <DateField name="outcomeOn" label={t('justice.defendants.outcomeOn')} testId="outcome-date" />
              <NumberField name="sentenceMonths" label={t('justice.defendants.sentenceMonths')} min={0} testId="outcome-sentence" />
              <NumberField name="fineMad" label={t('justice.defendants.fineMad')} min={0} testId="outcome-fine" />
              <NumberField name="confiscatedAssetsMad" label={t('justice.defendants.confiscatedAssetsMad')} min={0} testId="outcome-assets" />
              <NumberField name="compensationOrderedMad" label={t('justice.defendants.compensationOrderedMad')} min={0} testId="outcome-compensation-ordered" />
              <NumberField name="compensationPaidMad" label={t('justice.defendants.compensationPaidMad')} min={0} testId="outcome-compensation-paid" />
            </SimpleGrid>
            <CheckboxField name="suspendedSentence" label={t('justice.defendants.suspendedSentence')} />
            <SubmitRow pending={mutation.isPending} label={t('justice.defendants.outcomeSubmit')} testId="outcome-submit" error={s.error} />
          </Stack>
        </form>
      </FormProvider>
    </Dialog>
  );
}

function DefendantForm({ p }: { p: TProceeding }) {
  const { t } = useTranslation();
  const codes = useCodeOptions();
  const ref = useReference();
  type TOut = z.output<typeof ZDefendantCreate>;
  const form = useForm<TDraft, unknown, TOut>({
    resolver: contractResolver<TDraft, TOut>(ZDefendantCreate),
    defaultValues: { givenNames: '', familyName: '', aliases: [], idNumbers: [], sex: '', ageGroup: '', nationality: '', roles: [], relationshipToVictim: '', prosecuted: false },
  });
  const mutation = useProceedingAction(p.id, 'defendants');
  const s = useSubmit<TOut>(form, (b) => mutation.mutateAsync(b), () => {
    notifySuccess(t('justice.defendants.saved'));
    form.reset();
  });
  return (
    <Panel id="defendant-add" title={t('justice.defendants.add')} testId="defendant-form">
      <FormProvider {...form}>
        <form noValidate onSubmit={(e) => void form.handleSubmit(s.onSubmit)(e)}>
          <Stack gap="sm">
            <Text size="sm">{t('justice.defendants.identityHelp')}</Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextField name="givenNames" label={t('justice.defendants.givenNames')} testId="defendant-given-names" />
              <TextField name="familyName" label={t('justice.defendants.familyName')} testId="defendant-family-name" />
              <TagsField name="aliases" label={t('justice.defendants.aliases')} />
              <TagsField name="idNumbers" label={t('justice.defendants.idNumbers')} />
            </SimpleGrid>
            <RadioGroupField name="sex" label={t('justice.defendants.sex')} required inline options={SEXES.map((x) => ({ value: x, label: t(`sex.${x}`) }))} testId="defendant-sex" />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <SelectField name="ageGroup" label={t('justice.defendants.ageGroup')} required options={codes('defendantAgeGroups', DEFENDANT_AGE_GROUPS)} testId="defendant-age-group" />
              <SearchSelectField name="nationality" label={t('justice.defendants.nationality')} options={ref.countries} testId="defendant-nationality" />
              <SelectField name="relationshipToVictim" label={t('justice.defendants.relationship')} required options={codes('relationships', RELATIONSHIPS)} testId="defendant-relationship" />
            </SimpleGrid>
            <CheckboxGroupField name="roles" label={t('justice.defendants.roles')} required options={codes('defendantRoles', DEFENDANT_ROLES)} cols={{ base: 1, sm: 3 }} testId="defendant-roles" />
            <CheckboxField name="prosecuted" label={t('justice.defendants.prosecuted')} testId="defendant-prosecuted" />
            <SubmitRow pending={mutation.isPending} label={t('justice.defendants.submit')} testId="defendant-submit" error={s.error} />
          </Stack>
        </form>
      </FormProvider>
    </Panel>
  );
}

function Defendants({ p }: { p: TProceeding }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ref = useReference();
  const [editing, setEditing] = useState<TDefendant | null>(null);
  return (
    <Section id="defendants" title={t('justice.defendants.title')} testId="defendants-section">
      <Stack gap="md">
        {p.defendants.length === 0 ? (
          <Text size="sm">{t('justice.defendants.none')}</Text>
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
            {p.defendants.map((d) => (
              <Paper key={d.id} withBorder p="md" component="li" data-testid="defendant-row">
                <Group justify="space-between" wrap="wrap" mb="xs">
                  <Title order={3} size="h5" data-testid="defendant-name">
                    {[d.givenNames, d.familyName].filter(Boolean).join(' ') || t('justice.defendants.unnamed')}
                  </Title>
                  <Button variant="outline" size="xs" onClick={() => setEditing(d)} data-testid="outcome-open">
                    {t('justice.defendants.outcomeOpen')}
                  </Button>
                </Group>
                <DataList
                  items={[
                    { label: t('justice.defendants.aliases'), value: fmt.list(d.aliases) },
                    { label: t('justice.defendants.idNumbers'), value: fmt.list(d.idNumbers) },
                    { label: t('justice.defendants.sexAgeNationality'), value: fmt.list([t(`sex.${d.sex}`), t(`justice.defendantAgeGroups.${d.ageGroup}`), d.nationality ? ref.country(d.nationality) : null]) },
                    { label: t('justice.defendants.roles'), value: fmt.list(d.roles.map((r) => t(`justice.defendantRoles.${r}`))) },
                    { label: t('justice.defendants.relationship'), value: t(`justice.relationships.${d.relationshipToVictim}`) },
                    { label: t('justice.defendants.prosecuted'), value: d.prosecuted ? t('common.yes') : t('common.no') },
                    { label: t('justice.defendants.outcome'), value: d.outcome ? `${t(`justice.outcomes.${d.outcome}`)} · ${fmt.date(d.outcomeOn)}` : null, testId: 'defendant-outcome' },
                    { label: t('justice.defendants.sentenceMonths'), value: d.sentenceMonths ?? null },
                    { label: t('justice.defendants.compensation'), value: d.compensationOrderedMad !== null ? t('justice.defendants.compensationValue', { ordered: d.compensationOrderedMad, paid: d.compensationPaidMad ?? 0 }) : null },
                  ]}
                />
              </Paper>
            ))}
          </Stack>
        )}
        <DefendantForm p={p} />
      </Stack>
      {editing && <OutcomeDialog p={p} d={editing} onClose={() => setEditing(null)} />}
    </Section>
  );
}

export function HearingTable({ hearings, actions }: { hearings: TProceeding['hearings']; actions?: (h: TProceeding['hearings'][number]) => ReactNode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (hearings.length === 0) return <Text size="sm">{t('justice.hearings.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" striped>
        <Table.Caption className="visually-hidden">{t('justice.hearings.title')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('justice.hearings.when')}</Table.Th>
            <Table.Th scope="col">{t('justice.hearings.kind')}</Table.Th>
            <Table.Th scope="col">{t('justice.hearings.place')}</Table.Th>
            <Table.Th scope="col">{t('justice.hearings.status')}</Table.Th>
            {actions && <Table.Th scope="col">{t('justice.hearings.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {hearings.map((h) => (
            <Table.Tr key={h.id} data-testid="hearing-row" data-status={h.status}>
              <Table.Td className="nowrap">{fmt.instant(h.scheduledAt)}</Table.Td>
              <Table.Td>{t(`justice.hearingKinds.${h.kind}`)}</Table.Td>
              <Table.Td>{h.place ?? ''}</Table.Td>
              <Table.Td>{t(`justice.hearingStatuses.${h.status}`)}</Table.Td>
              {actions && <Table.Td>{actions(h)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Hearings({ p }: { p: TProceeding }) {
  const { t } = useTranslation();
  const codes = useCodeOptions();
  type TOut = z.output<typeof ZHearingCreate>;
  const form = useForm<TDraft, unknown, TOut>({ resolver: contractResolver<TDraft, TOut>(ZHearingCreate), defaultValues: { kind: '', date: '', time: '', place: '' } });
  const mutation = useProceedingAction(p.id, 'hearings');
  const s = useSubmit<TOut>(form, (b) => mutation.mutateAsync(b), () => {
    notifySuccess(t('justice.hearings.saved'));
    form.reset();
  });
  const change = useProceedingMutation<{ id: string; version: number; status: 'held' | 'cancelled' }>(p.id, (b) => justiceApi.updateHearing(p.id, b.id, { version: b.version, status: b.status }));
  return (
    <Section id="hearings" title={t('justice.hearings.title')} testId="hearings-section">
      <Stack gap="md">
        <Text size="sm">{t('justice.hearings.help')}</Text>
        <ErrorAlert error={change.error} />
        <HearingTable
          hearings={p.hearings}
          actions={(h) =>
            h.status === 'scheduled' && (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="outline" onClick={() => change.mutate({ id: h.id, version: h.version, status: 'held' })} data-testid="hearing-held">
                  {t('justice.hearings.markHeld')}
                </Button>
                <Button size="xs" variant="default" onClick={() => change.mutate({ id: h.id, version: h.version, status: 'cancelled' })} data-testid="hearing-cancel">
                  {t('justice.hearings.cancel')}
                </Button>
              </Group>
            )
          }
        />
        <Panel id="hearing-add" title={t('justice.hearings.add')} testId="hearing-form">
          <FormProvider {...form}>
            <form noValidate onSubmit={(e) => void form.handleSubmit(s.onSubmit)(e)}>
              <Stack gap="sm">
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <SelectField name="kind" label={t('justice.hearings.kind')} required options={codes('hearingKinds', HEARING_KINDS)} testId="hearing-kind" />
                  <TextField name="place" label={t('justice.hearings.place')} testId="hearing-place" />
                  <DateField name="date" label={t('justice.hearings.date')} required testId="hearing-date" />
                  <TextField name="time" type="time" label={t('justice.hearings.time')} description={t('justice.hearings.timeHelp')} required testId="hearing-time" maw={200} />
                </SimpleGrid>
                <SubmitRow pending={mutation.isPending} label={t('justice.hearings.submit')} testId="hearing-submit" error={s.error} />
              </Stack>
            </form>
          </FormProvider>
        </Panel>
      </Stack>
    </Section>
  );
}

export default function ProceedingPage() {
  const { t } = useTranslation();
  const { proceedingId = '' } = useParams();
  const query = useProceeding(proceedingId);
  const p = query.data;
  useDocumentTitle(p ? t('justice.detail.documentTitle', { reference: p.reference }) : t('justice.detail.loading'));
  if (query.isPending) return <Loading />;
  if (query.error) {
    if (isApiError(query.error) && query.error.code === 'NOT_FOUND') return <NotFoundPage />;
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!p) return null;
  return (
    <Stack gap="lg">
      <PageHeader
        title={
          <>
            <span className="visually-hidden">{t('justice.detail.label')} </span>
            <span className="ltr-value" data-testid="proceeding-reference">
              {p.reference}
            </span>
          </>
        }
      >
        <Group gap="xs">
          <StageBadge stage={p.stage} />
        </Group>
      </PageHeader>
      <Summary p={p} />
      <Section id="victims" title={t('justice.victims.title')} testId="victims-section">
        <Stack gap="md">
          <Text size="sm">{t('justice.victims.help')}</Text>
          {p.victims.length === 0 ? (
            <Text size="sm">{t('justice.victims.none')}</Text>
          ) : (
            <Stack gap="md" component="ul" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
              {p.victims.map((v) => (
                <VictimCard key={v.id} p={p} victim={v} />
              ))}
            </Stack>
          )}
          <LinkVictimForm p={p} />
        </Stack>
      </Section>
      <Hearings p={p} />
      <Defendants p={p} />
    </Stack>
  );
}
