/**
 * Trainings of professionals: participants by organisation type × sex typed in a grid whose totals are
 * computed (never typed), a small chart of participants by sex with its table alternative.
 */
import { useState } from 'react';
import { Button, Group, NumberInput, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Controller, get, useForm, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { TRAINING_TOPICS, ZTrainingCreate, type TTraining } from '../../../contract/activities';
import { ORGANISATION_TYPES } from '../../../contract/common';
import { useAuth } from '../../app/auth';
import { useReference } from '../../app/reference';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrorText } from '../../ui/errors';
import { contractResolver, DateField, MultiSelectField, NumberField, SelectField, TextareaField, TextField } from '../../ui/form';
import { Loading } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useOrganisations } from '../admin/api';
import { useActivityList, useSaveActivity, type TFilters } from './api';
import { Editor, Filters, Line, prepare, RecordCard, useNumber } from './shared';

type TCell = { women?: number; men?: number };
interface TDraft { title: string; topics: string[]; startOn: string; endOn: string; regionCode: string; organiserId: string; hours?: number; grid: Record<string, TCell>; description: string }

const draftOf = (t: TTraining | null, organiserId: string): TDraft => ({
  title: t?.title ?? '', topics: t?.topics ?? [], startOn: t?.startOn ?? '', endOn: t?.endOn ?? '', regionCode: t?.regionCode ?? '', organiserId: t?.organiser.id ?? organiserId,
  hours: t?.hours, description: t?.description ?? '',
  grid: Object.fromEntries(ORGANISATION_TYPES.map((type) => {
    const row = t?.participants.find((p) => p.organisationType === type);
    return [type, { women: row?.women, men: row?.men }];
  })),
});

/** The grid becomes the participant rows: only organisation types with someone in them. */
function toBody(v: TDraft): Record<string, unknown> {
  const { grid, ...rest } = v;
  const participants = ORGANISATION_TYPES.flatMap((type) => {
    const women = grid[type]?.women ?? 0;
    const men = grid[type]?.men ?? 0;
    return women + men > 0 ? [{ organisationType: type, women, men }] : [];
  });
  return { ...prepare(rest, ['description']), participants };
}

function ParticipantsGrid() {
  const { t } = useTranslation();
  const num = useNumber();
  const { control, formState } = useFormContext<TDraft>();
  const grid = useWatch({ control, name: 'grid' }) ?? {};
  const cell = (type: string, sex: 'women' | 'men') => grid[type]?.[sex] ?? 0;
  const women = ORGANISATION_TYPES.reduce((s, type) => s + cell(type, 'women'), 0);
  const men = ORGANISATION_TYPES.reduce((s, type) => s + cell(type, 'men'), 0);
  const error = fieldErrorText(get(formState.errors, 'participants'));
  return (
    <Stack gap={4}>
      <Table.ScrollContainer minWidth={420}>
        <Table withTableBorder data-testid="participants-grid">
          <caption>{t('activities.trainings.participantsCaption')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('activities.trainings.organisationType')}</Table.Th>
              <Table.Th scope="col">{t('activities.women')}</Table.Th>
              <Table.Th scope="col">{t('activities.men')}</Table.Th>
              <Table.Th scope="col" ta="end">{t('activities.total')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ORGANISATION_TYPES.map((type) => (
              <Table.Tr key={type}>
                <Table.Th scope="row" fw={400}>{t(`organisationTypes.${type}`)}</Table.Th>
                {(['women', 'men'] as const).map((sex) => (
                  <Table.Td key={sex}>
                    <Controller control={control} name={`grid.${type}.${sex}`} render={({ field }) => (
                      <NumberInput ref={field.ref} name={field.name} value={field.value ?? ''} onBlur={field.onBlur} min={0} max={100000} allowDecimal={false} allowNegative={false} maw={110}
                        onChange={(v) => field.onChange(typeof v === 'number' ? v : v === '' ? undefined : Number(v))}
                        aria-label={t('activities.trainings.cellLabel', { sex: t(`activities.${sex}`), type: t(`organisationTypes.${type}`) })}
                        data-testid={`grid-${type}-${sex}`} />
                    )} />
                  </Table.Td>
                ))}
                <Table.Td ta="end" data-testid={`grid-${type}-total`}>{num(cell(type, 'women') + cell(type, 'men'))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row">{t('activities.total')}</Table.Th>
              <Table.Td fw={600} data-testid="grid-total-women">{num(women)}</Table.Td>
              <Table.Td fw={600} data-testid="grid-total-men">{num(men)}</Table.Td>
              <Table.Td fw={700} ta="end" data-testid="grid-total">{num(women + men)}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      {error && <Text c="red.8" size="sm" role="alert" data-testid="participants-error">{error}</Text>}
    </Stack>
  );
}

/** Women and men trained: two bars (hidden from screen readers, which get the table below instead). */
export function ParticipantsChart({ training }: { training: TTraining }) {
  const { t } = useTranslation();
  const num = useNumber();
  const [table, setTable] = useState(false);
  const max = Math.max(1, training.totals.women, training.totals.men);
  const tableId = `participants-table-${training.id}`;
  const bars = [
    { key: 'women', label: t('activities.women'), value: training.totals.women, color: '#7b3f9e' },
    { key: 'men', label: t('activities.men'), value: training.totals.men, color: '#2f6c8f' },
  ];
  return (
    <Stack gap="xs" data-testid="participants-chart">
      <Title order={4} size="h6">{t('activities.trainings.chartTitle', { n: num(training.totals.total) })}</Title>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="participants-bars">
        {bars.map((b) => (
          <li key={b.key} style={{ display: 'grid', gridTemplateColumns: '6rem 1fr 4rem', gap: '0.5rem', alignItems: 'center', marginBlockEnd: 4 }}>
            <Text size="sm">{b.label}</Text>
            <span aria-hidden style={{ display: 'block', blockSize: 14, inlineSize: `${(100 * b.value) / max}%`, background: b.color }} />
            <Text size="sm" ta="end" fw={600} data-testid={`chart-${b.key}`}>{num(b.value)}</Text>
          </li>
        ))}
      </ul>
      <Group>
        <Button size="xs" variant="default" aria-expanded={table} aria-controls={tableId} onClick={() => setTable((s) => !s)} data-testid="participants-table-toggle">
          {table ? t('activities.hideTable') : t('activities.showTable')}
        </Button>
      </Group>
      <div id={tableId} hidden={!table}>
        {table && (
          <Table withTableBorder striped data-testid="participants-table">
            <caption>{t('activities.trainings.tableCaption', { title: training.title })}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('activities.trainings.organisationType')}</Table.Th>
                <Table.Th scope="col" ta="end">{t('activities.women')}</Table.Th>
                <Table.Th scope="col" ta="end">{t('activities.men')}</Table.Th>
                <Table.Th scope="col" ta="end">{t('activities.total')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {training.participants.map((p) => (
                <Table.Tr key={p.organisationType}>
                  <Table.Th scope="row" fw={400}>{t(`organisationTypes.${p.organisationType}`)}</Table.Th>
                  <Table.Td ta="end">{num(p.women)}</Table.Td>
                  <Table.Td ta="end">{num(p.men)}</Table.Td>
                  <Table.Td ta="end">{num(p.total)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row">{t('activities.total')}</Table.Th>
                <Table.Td ta="end" fw={600}>{num(training.totals.women)}</Table.Td>
                <Table.Td ta="end" fw={600}>{num(training.totals.men)}</Table.Td>
                <Table.Td ta="end" fw={700}>{num(training.totals.total)}</Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        )}
      </div>
    </Stack>
  );
}

function TrainingEditor({ training, onDone, onReload, reloading }: { training: TTraining | null; onDone: () => void; onReload: () => void; reloading: boolean }) {
  const { t } = useTranslation();
  const { session, hasRole } = useAuth();
  const ref = useReference();
  const orgs = useOrganisations();
  const save = useSaveActivity('trainings');
  const secretariat = hasRole(['commission_analyst']);
  const form = useForm<TDraft, unknown, Record<string, unknown>>({
    resolver: contractResolver<TDraft, Record<string, unknown>>(ZTrainingCreate as unknown as z.ZodType<Record<string, unknown>>, (v) => toBody(v)),
    defaultValues: draftOf(training, secretariat ? '' : (session?.user.organisation.id ?? '')),
  });
  const orgOptions = (orgs.data ?? []).filter((o) => secretariat || o.id === session?.user.organisation.id).map((o) => ({ value: o.id, label: o.name }));
  return (
    <Editor form={form} id="training-editor" testId="training-form" title={training ? t('activities.trainings.editTitle') : t('activities.trainings.newTitle')} saving={save.isPending} error={save.error}
      onCancel={onDone} onReload={onReload} reloading={reloading}
      onSubmit={async (body) => { await save.mutateAsync(training ? { id: training.id, body: { version: training.version, ...body } } : { body }); onDone(); }}>
      <TextField name="title" label={t('activities.trainings.title')} required testId="training-title" />
      <MultiSelectField name="topics" label={t('activities.trainings.topics')} required options={TRAINING_TOPICS.map((x) => ({ value: x, label: t(`activities.topics.${x}`) }))} testId="training-topics" />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <DateField name="startOn" label={t('activities.startOn')} required testId="training-start" />
        <DateField name="endOn" label={t('activities.endOn')} required testId="training-end" />
        <NumberField name="hours" label={t('activities.trainings.hours')} required min={1} max={2000} testId="training-hours" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectField name="regionCode" label={t('activities.region')} required options={ref.regions} testId="training-region" />
        <SelectField name="organiserId" label={t('activities.organiser')} required options={orgOptions} testId="training-organiser" />
      </SimpleGrid>
      <ParticipantsGrid />
      <TextareaField name="description" label={t('activities.description')} description={t('activities.descriptionHelp')} testId="training-description" />
    </Editor>
  );
}

export function TrainingsTab({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  const num = useNumber();
  const [filters, setFilters] = useState<TFilters>({});
  const [editing, setEditing] = useState<TTraining | 'new' | null>(null);
  const list = useActivityList('trainings', filters);
  return (
    <Stack>
      <Filters value={filters} onChange={setFilters} region testId="training-filters" />
      {canCreate && editing === null && <Group><Button onClick={() => setEditing('new')} data-testid="training-new">{t('activities.trainings.new')}</Button></Group>}
      {editing !== null && (
        <TrainingEditor key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`} training={editing === 'new' ? null : editing} onDone={() => setEditing(null)}
          reloading={list.isFetching} onReload={() => void list.refetch().then((r) => setEditing((e) => (e === 'new' || e === null ? e : r.data?.find((x) => x.id === e.id) ?? null)))} />
      )}
      <section aria-labelledby="trainings-list-title">
        <Title order={2} size="h4" id="trainings-list-title" mb="xs">{t('activities.trainings.listTitle', { n: list.data?.length ?? 0 })}</Title>
        {list.isPending ? <Loading /> : list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.length === 0 ? (
          <Text data-testid="trainings-empty">{t('activities.empty')}</Text>
        ) : (
          <Stack gap="md">
            {list.data.map((x) => (
              <RecordCard key={x.id} id={x.id} testId="training" title={x.title} status={t('activities.trainings.participantsBadge', { n: num(x.totals.total) })}
                editLabel={t('activities.editNamed', { name: x.title })} onEdit={x.canEdit ? () => setEditing(x) : undefined}>
                <Line label={t('activities.dates')}>{t('activities.fromTo', { from: fmt.date(x.startOn), to: fmt.date(x.endOn) })}</Line>
                <Line label={t('activities.organiser')}>{x.organiser.name}</Line>
                <Line label={t('activities.region')}>{ref.region(x.regionCode)}</Line>
                <Line label={t('activities.trainings.topics')}>{fmt.list(x.topics.map((tp) => t(`activities.topics.${tp}`)))}</Line>
                <Line label={t('activities.trainings.hours')}>{num(x.hours)}</Line>
                {x.description && <Text size="sm" dir="auto">{x.description}</Text>}
                <ParticipantsChart training={x} />
              </RecordCard>
            ))}
          </Stack>
        )}
      </section>
    </Stack>
  );
}
