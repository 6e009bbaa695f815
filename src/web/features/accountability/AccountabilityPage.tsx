/**
 * Accountability for the data protection officer (law 09-08): the register of processing activities as the system
 * produces it from its configuration (to read here and download for the CNDP, in French, Arabic or English), and
 * the breach log with its notification deadline. The register's texts are in the document's language; the page's
 * own words in the interface language.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Badge, Button, Checkbox, Group, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BREACH_NATURES } from '../../../contract/accountability';
import type { TLanguage } from '../../../contract/auth';
import { DATA_CATEGORIES } from '../../../contract/common';
import { DataList } from '../../ui/DataList';
import { DayFirstDateInput } from '../../ui/dateInput';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useFormat } from '../../ui/useFormat';
import { useRetentionPeriod } from '../retention/period';
import { registerDownloadUrl, useBreaches, useCreateBreach, useProcessingRegister, useUpdateBreach, type TBreach, type TProcessingRegister } from './api';

const DOCUMENT_LANGUAGES: TLanguage[] = ['fr', 'ar', 'en'];

const toItems = (rows: [string, ReactNode][]) => rows.map(([label, value]) => ({ label, value }));

function Activity({ a, lang }: { a: TProcessingRegister['activities'][number]; lang: TLanguage }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const period = useRetentionPeriod();
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`activity-${a.id}`} data-testid="processing-activity" data-activity={a.id}>
      <Title order={3} size="h4" id={`activity-${a.id}`} mb="xs" lang={lang} dir="auto">
        {a.name}
      </Title>
      <DataList
        items={toItems([
          [t('accountability.register.purpose'), <span lang={lang} dir="auto">{a.purpose}</span>],
          [t('accountability.register.legalBasis'), <span lang={lang} dir="auto">{a.legalBasis}</span>],
          [t('accountability.register.subjects'), fmt.list(a.subjects.map((s) => t(`accountability.subjects.${s}`)))],
          [t('accountability.register.categories'), a.categories.length ? fmt.list(a.categories.map((c) => t(`referrals.categories.${c}`))) : t('accountability.register.noIdentifyingData')],
          [t('accountability.register.sensitive'), a.sensitive ? t('common.yes') : t('common.no')],
          [
            t('accountability.register.recipients'),
            a.recipients.length ? fmt.list(a.recipients.map((r) => t('accountability.register.recipient', { type: t(`organisationTypes.${r.type}`), n: fmt.number(r.organisations) }))) : t('accountability.register.noRecipients'),
          ],
          [
            t('accountability.register.retention'),
            fmt.list(a.retention.map((r) => t('accountability.register.retentionRule', { kind: t(`retention.kinds.${r.kind}`), period: period(r), clock: t(`retention.clocks.${r.clock}`), action: t(`retention.actions.${r.action}`) }))),
          ],
        ])}
      />
    </Paper>
  );
}

function RegisterSection() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const [lang, setLang] = useState<TLanguage>((DOCUMENT_LANGUAGES as string[]).includes(i18n.language) ? (i18n.language as TLanguage) : 'fr');
  const register = useProcessingRegister(lang);
  const r = register.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="register-title">
      <Group justify="space-between" align="flex-end" wrap="wrap" mb="sm">
        <div>
          <Title order={2} size="h3" id="register-title">
            {t('accountability.register.title')}
          </Title>
          <Text size="sm">{t('accountability.register.help')}</Text>
        </div>
        <Group align="flex-end" gap="sm">
          <NativeSelect label={t('accountability.register.language')} value={lang} onChange={(e) => setLang(e.currentTarget.value as TLanguage)} data-testid="register-language">
            {DOCUMENT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`accountability.register.languages.${l}`)}
              </option>
            ))}
          </NativeSelect>
          <Button component="a" href={registerDownloadUrl(lang)} download variant="light" data-testid="register-download">
            {t('accountability.register.download')}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={register.error} onRetry={() => void register.refetch()} />
      {register.isPending ? (
        <Loading />
      ) : r ? (
        <Stack gap="sm">
          <DataList
            items={toItems([
              [t('accountability.register.controller'), <span lang={lang} dir="auto">{r.controller.name}</span>],
              [t('accountability.register.dpoContact'), <span className="ltr-value">{r.controller.dpoContact}</span>],
            ])}
          />
          {r.activities.map((a) => (
            <Activity key={a.id} a={a} lang={lang} />
          ))}
          <Paper withBorder p="md" component="article" aria-labelledby="security-title">
            <Title order={3} size="h4" id="security-title" mb="xs">
              {t('accountability.register.security')}
            </Title>
            <Stack gap={4} component="ul" m={0} data-testid="security-measures">
              {r.security.map((s) => (
                <Text component="li" size="sm" key={s.measure} data-measure={s.measure}>
                  {t(`accountability.security.${s.measure}`, s.measure === 'second_factor' ? { roles: fmt.list(String(s.values.roles).split(', ').map((role) => t(`roles.${role}`))) } : s.values)}
                </Text>
              ))}
            </Stack>
          </Paper>
        </Stack>
      ) : null}
    </Paper>
  );
}

/** Where the notification stands: to do by…, overdue, done in time, done late (colours with AA contrast on white text). */
function DeadlineBadge({ b }: { b: TBreach }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [color, text] = b.cndpNotifiedAt
    ? b.notifiedLate
      ? ['#8a5300', t('accountability.breaches.notifiedLate', { at: fmt.instant(b.cndpNotifiedAt) })]
      : ['#1e6b34', t('accountability.breaches.notified', { at: fmt.instant(b.cndpNotifiedAt) })]
    : b.notificationOverdue
      ? ['#a51d1d', t('accountability.breaches.overdue', { at: fmt.instant(b.notificationDueAt) })]
      : b.status === 'closed'
        ? ['#495057', t('accountability.breaches.notNotified')]
        : ['#1c5f8a', t('accountability.breaches.notifyBy', { at: fmt.instant(b.notificationDueAt) })];
  return (
    <Badge color={color} variant="filled" size="lg" style={{ textTransform: 'none', height: 'auto', whiteSpace: 'normal' }} data-testid="breach-deadline">
      {text}
    </Badge>
  );
}

function BreachItem({ b }: { b: TBreach }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const update = useUpdateBreach();
  const act = (body: Omit<Parameters<typeof update.mutate>[0]['body'], 'version'>) => update.mutate({ id: b.id, body: { version: b.version, ...body } });
  const open = b.status === 'open';
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`breach-${b.id}`} data-testid="breach" data-status={b.status}>
      <Group justify="space-between" align="flex-start" wrap="wrap" mb="xs">
        <Title order={3} size="h4" id={`breach-${b.id}`}>
          <span className="ltr-value">{b.reference}</span> · {t(`accountability.breaches.statuses.${b.status}`)}
        </Title>
        <DeadlineBadge b={b} />
      </Group>
      <DataList
        items={toItems([
          [t('accountability.breaches.detectedAt'), fmt.instant(b.detectedAt)],
          [t('accountability.breaches.natures'), fmt.list(b.natures.map((n) => t(`accountability.natures.${n}`)))],
          [t('accountability.breaches.categories'), b.categories.length ? fmt.list(b.categories.map((c) => t(`referrals.categories.${c}`))) : t('accountability.breaches.noCategories')],
          [t('accountability.breaches.personsAffected'), b.personsAffected === null ? t('accountability.breaches.unknown') : fmt.number(b.personsAffected)],
          [t('accountability.breaches.description'), b.description],
          ...(b.measures ? ([[t('accountability.breaches.measures'), b.measures]] as [string, string][]) : []),
          ...(b.personsInformedAt ? ([[t('accountability.breaches.personsInformedAt'), fmt.instant(b.personsInformedAt)]] as [string, string][]) : []),
          ...(b.closedAt ? ([[t('accountability.breaches.closedAt'), fmt.instant(b.closedAt)]] as [string, string][]) : []),
          [t('accountability.breaches.recordedBy'), b.recordedBy],
        ])}
      />
      {open && (
        <Group mt="sm" gap="sm">
          {!b.cndpNotifiedAt && (
            <Button variant="light" onClick={() => act({ cndpNotifiedAt: new Date().toISOString() })} loading={update.isPending} data-testid="breach-notified">
              {t('accountability.breaches.markNotified')}
            </Button>
          )}
          {!b.personsInformedAt && (
            <Button variant="light" onClick={() => act({ personsInformedAt: new Date().toISOString() })} loading={update.isPending} data-testid="breach-informed">
              {t('accountability.breaches.markInformed')}
            </Button>
          )}
          <Button variant="default" onClick={() => act({ closed: true })} loading={update.isPending} data-testid="breach-close">
            {t('accountability.breaches.close')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={update.error} />
    </Paper>
  );
}

type TDraft = { date: string; time: string; natures: string[]; categories: string[]; personsAffected: number | ''; description: string; measures: string };
const EMPTY: TDraft = { date: '', time: '', natures: [], categories: [], personsAffected: '', description: '', measures: '' };

function BreachForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateBreach();
  const [d, setD] = useState<TDraft>(EMPTY);
  const [missing, setMissing] = useState<string[]>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const gaps = [!/^\d{4}-\d{2}-\d{2}$/.test(d.date) && 'date', !/^\d{2}:\d{2}$/.test(d.time) && 'time', d.natures.length === 0 && 'natures', d.description.trim().length < 3 && 'description'].filter(Boolean) as string[];
    setMissing(gaps);
    if (gaps.length) return;
    // The time typed is the browser's local time (the installation's, on the officer's computer).
    const detectedAt = new Date(`${d.date}T${d.time}:00`).toISOString();
    create.mutate(
      {
        detectedAt,
        natures: d.natures as TBreach['natures'],
        categories: d.categories as TBreach['categories'],
        ...(d.personsAffected === '' ? {} : { personsAffected: d.personsAffected }),
        description: d.description,
        ...(d.measures.trim() ? { measures: d.measures } : {}),
      },
      { onSuccess: onDone },
    );
  };
  const required = (k: string) => (missing.includes(k) ? t('validation.required') : undefined);
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="breach-form-title" data-testid="breach-form">
      <Title order={3} size="h4" id="breach-form-title" mb="sm">
        {t('accountability.breaches.newTitle')}
      </Title>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DayFirstDateInput label={t('accountability.breaches.detectedOn')} value={d.date} onChange={(date) => setD({ ...d, date })} required error={required('date')} testId="breach-date" />
          <TextInput type="time" label={t('accountability.breaches.detectedTime')} value={d.time} onChange={(e) => setD({ ...d, time: e.currentTarget.value })} required error={required('time')} data-testid="breach-time" maw={200} />
        </SimpleGrid>
        <Checkbox.Group label={t('accountability.breaches.natures')} description={t('accountability.breaches.naturesHelp')} value={d.natures} onChange={(natures) => setD({ ...d, natures })} required error={required('natures')}>
          <Group mt={4} gap="md">
            {BREACH_NATURES.map((n) => (
              <Checkbox key={n} value={n} label={t(`accountability.natures.${n}`)} data-testid={`breach-nature-${n}`} />
            ))}
          </Group>
        </Checkbox.Group>
        <Checkbox.Group label={t('accountability.breaches.categories')} value={d.categories} onChange={(categories) => setD({ ...d, categories })}>
          <Group mt={4} gap="md">
            {DATA_CATEGORIES.map((c) => (
              <Checkbox key={c} value={c} label={t(`referrals.categories.${c}`)} data-testid={`breach-category-${c}`} />
            ))}
          </Group>
        </Checkbox.Group>
        <NumberInput label={t('accountability.breaches.personsAffected')} description={t('accountability.breaches.personsAffectedHelp')} value={d.personsAffected} onChange={(v) => setD({ ...d, personsAffected: typeof v === 'number' ? v : '' })} min={0} allowDecimal={false} maw={240} data-testid="breach-persons" />
        <Textarea label={t('accountability.breaches.description')} description={t('accountability.breaches.descriptionHelp')} value={d.description} onChange={(e) => setD({ ...d, description: e.currentTarget.value })} required error={required('description')} autosize minRows={3} data-testid="breach-description" />
        <Textarea label={t('accountability.breaches.measures')} value={d.measures} onChange={(e) => setD({ ...d, measures: e.currentTarget.value })} autosize minRows={2} data-testid="breach-measures" />
        <ErrorAlert error={create.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="breach-save">
            {t('accountability.breaches.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function BreachesSection() {
  const { t } = useTranslation();
  const breaches = useBreaches();
  const [adding, setAdding] = useState(false);
  const items = breaches.data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="breaches-title">
      <Group justify="space-between" align="center" wrap="wrap" mb="sm">
        <div>
          <Title order={2} size="h3" id="breaches-title">
            {t('accountability.breaches.title')}
          </Title>
          <Text size="sm">{t('accountability.breaches.help', { hours: breaches.data?.notifyWithinHours ?? '…' })}</Text>
        </div>
        {!adding && (
          <Button onClick={() => setAdding(true)} data-testid="breach-new">
            {t('accountability.breaches.new')}
          </Button>
        )}
      </Group>
      <Stack gap="sm">
        {adding && <BreachForm onDone={() => setAdding(false)} />}
        <ErrorAlert error={breaches.error} onRetry={() => void breaches.refetch()} />
        {breaches.isPending ? (
          <Loading />
        ) : items.length === 0 ? (
          <Alert variant="light" color="gray" data-testid="breaches-empty">
            {t('accountability.breaches.empty')}
          </Alert>
        ) : (
          items.map((b) => <BreachItem key={b.id} b={b} />)
        )}
      </Stack>
    </Paper>
  );
}

export default function AccountabilityPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('accountability.title'));
  return (
    <Stack>
      <PageHeader title={t('accountability.title')}>
        <Text>{t('accountability.intro')}</Text>
      </PageHeader>
      <BreachesSection />
      <RegisterSection />
    </Stack>
  );
}
