/**
 * Reports to send (focal points of the lead organisation: organisation administrators and case supervisors):
 * each (action, period) that has started, its report's state, and a form — the action's status, one value per
 * indicator of the period's frequency, what was done (narrative) and an optional evidence file.
 */
import { useState } from 'react';
import { Alert, Button, FileInput, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ACTION_STATUSES, EVIDENCE_MAX_BYTES, type TActionStatus, type TProgressReport } from '../../../contract/actionplan';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { useCreateReport, usePlanAction, usePlanReport, useReportsDue, useReportTransition, useUpdateReport, useUploadEvidence, type TReportDue } from './api';
import { FieldErrors, ReportStatusBadge } from './planUi';

const frequencyOf = (period: string) => (period.includes('-S') ? 'semester' : period.includes('-Q') ? 'quarterly' : 'annual');

function ReportForm({ due, report, onDone }: { due: TReportDue; report: TProgressReport | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const ar = i18n.language === 'ar';
  const action = usePlanAction(due.actionId);
  const create = useCreateReport();
  const update = useUpdateReport();
  const transition = useReportTransition();
  const upload = useUploadEvidence();
  const [status, setStatus] = useState<TActionStatus>(report?.actionStatus ?? 'on_track');
  const [values, setValues] = useState<Record<string, number | string>>(Object.fromEntries((report?.values ?? []).map((v) => [v.indicatorId, v.value])));
  const [narrative, setNarrative] = useState(report?.narrative ?? '');
  const [file, setFile] = useState<File | null>(null);
  if (action.isPending) return <Loading />;
  if (action.error) return <ErrorAlert error={action.error} />;
  const indicators = action.data.indicators.filter((i) => i.frequency === frequencyOf(due.period));
  const body = () => ({
    actionStatus: status,
    narrative,
    values: indicators.flatMap((i) => (values[i.id] === undefined || values[i.id] === '' ? [] : [{ indicatorId: i.id, value: Number(values[i.id]) }])),
  });
  const save = async (andSubmit: boolean) => {
    try {
      let r = report
        ? await update.mutateAsync({ id: report.id, body: { version: report.version, ...body() } })
        : await create.mutateAsync({ actionId: due.actionId, body: { period: due.period, ...body() } });
      if (file) r = await upload.mutateAsync({ id: r.id, file });
      if (andSubmit) {
        await transition.mutateAsync({ id: r.id, body: { version: r.version, action: 'submit' } });
        notifySuccess(t('actionplan.plan.reports.submitted'));
      } else notifySuccess(t('actionplan.plan.reports.saved'));
      onDone();
    } catch {
      /* shown below */
    }
  };
  const error = create.error ?? update.error ?? upload.error ?? transition.error;
  const busy = create.isPending || update.isPending || upload.isPending || transition.isPending;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="report-form-title" data-testid="report-form">
      <Title order={2} size="h4" id="report-form-title" mb="sm">
        {t('actionplan.plan.reports.formTitle', { code: due.actionCode, period: due.period })}
      </Title>
      <Text size="sm" mb="sm">{ar ? due.actionTitleAr : due.actionTitleFr}</Text>
      {report?.status === 'returned' && report.reviewNote && (
        <Alert color="orange" variant="light" mb="sm" data-testid="report-returned-note">{t('actionplan.plan.reports.returnedNote', { note: report.reviewNote })}</Alert>
      )}
      <Stack gap="md">
        <NativeSelect label={t('actionplan.plan.reports.status')} value={status} onChange={(e) => setStatus(e.currentTarget.value as TActionStatus)} data-testid="report-action-status-input">
          {ACTION_STATUSES.map((s) => <option key={s} value={s}>{t(`actionplan.plan.actionStatuses.${s}`)}</option>)}
        </NativeSelect>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend><Text fw={600} size="sm">{t('actionplan.plan.reports.values')}</Text></legend>
          <Stack gap="xs">
            {indicators.map((i) =>
              i.unit === 'yes_no' ? (
                <NativeSelect key={i.id} label={`${i.code} — ${ar ? i.titleAr : i.titleFr}`} value={String(values[i.id] ?? '')} onChange={(e) => setValues({ ...values, [i.id]: e.currentTarget.value })} data-testid={`report-value-${i.code}`}>
                  <option value="">{t('actionplan.plan.reports.choose')}</option>
                  <option value="1">{t('common.yes')}</option>
                  <option value="0">{t('common.no')}</option>
                </NativeSelect>
              ) : (
                <NumberInput
                  key={i.id}
                  label={`${i.code} — ${ar ? i.titleAr : i.titleFr}`}
                  description={t(`actionplan.plan.units.${i.unit}`)}
                  value={values[i.id] ?? ''}
                  onChange={(v) => setValues({ ...values, [i.id]: v })}
                  min={0}
                  max={i.unit === 'percent' ? 100 : undefined}
                  decimalScale={i.unit === 'count' ? 0 : 2}
                  data-testid={`report-value-${i.code}`}
                />
              ),
            )}
          </Stack>
        </fieldset>
        <Textarea label={t('actionplan.plan.reports.narrative')} description={t('actionplan.plan.reports.narrativeHelp')} value={narrative} onChange={(e) => setNarrative(e.currentTarget.value)} autosize minRows={3} data-testid="report-narrative" />
        <FileInput
          label={t('actionplan.plan.reports.evidence', { max: EVIDENCE_MAX_BYTES / (1024 * 1024) })}
          description={report?.evidence ? t('actionplan.plan.reports.evidenceCurrent', { name: report.evidence.fileName }) : undefined}
          accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.pptx"
          value={file}
          onChange={setFile}
          clearable
          clearButtonProps={{ 'aria-label': t('actionplan.plan.clearFile') }}
          data-testid="report-evidence"
        />
        <ErrorAlert error={error} />
        <FieldErrors error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>{t('common.cancel')}</Button>
          <Button variant="outline" onClick={() => void save(false)} loading={busy} data-testid="report-save">{t('actionplan.plan.reports.save')}</Button>
          <Button onClick={() => void save(true)} loading={busy} data-testid="report-submit">{t('actionplan.plan.reports.submit')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function EditReport({ due, onDone }: { due: TReportDue; onDone: () => void }) {
  const report = usePlanReport(due.reportId);
  if (due.reportId && report.isPending) return <Loading />;
  if (report.error) return <ErrorAlert error={report.error} />;
  return <ReportForm key={report.data?.version ?? 0} due={due} report={report.data ?? null} onDone={onDone} />;
}

export default function ReportsPage() {
  const { t, i18n } = useTranslation();
  const ar = i18n.language === 'ar';
  useDocumentTitle(t('actionplan.plan.reports.title'));
  const due = useReportsDue();
  const [open, setOpen] = useState<TReportDue | null>(null);
  return (
    <Stack>
      <PageHeader title={t('actionplan.plan.reports.title')} testId="reports-title">
        <Text>{t('actionplan.plan.reports.intro')}</Text>
      </PageHeader>
      {due.isPending ? <Loading /> : due.error ? <ErrorAlert error={due.error} onRetry={() => void due.refetch()} /> : due.data.length === 0 ? (
        <Text data-testid="reports-empty">{t('actionplan.plan.reports.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={680}>
          <Table striped data-testid="reports-due">
            <Table.Caption className="visually-hidden">{t('actionplan.plan.reports.title')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('actionplan.plan.columns.action')}</Table.Th>
                <Table.Th scope="col">{t('actionplan.plan.columns.period')}</Table.Th>
                <Table.Th scope="col">{t('actionplan.plan.columns.report')}</Table.Th>
                <Table.Th scope="col">{t('actionplan.plan.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {due.data.map((d) => {
                const editable = d.reportStatus === null || d.reportStatus === 'draft' || d.reportStatus === 'returned';
                return (
                  <Table.Tr key={`${d.actionId}-${d.period}`} data-testid="report-due" data-code={d.actionCode} data-period={d.period}>
                    <Table.Td><bdi>{d.actionCode}</bdi> — {ar ? d.actionTitleAr : d.actionTitleFr}</Table.Td>
                    <Table.Td><bdi>{d.period}</bdi></Table.Td>
                    <Table.Td><ReportStatusBadge status={d.reportStatus} /></Table.Td>
                    <Table.Td>
                      {editable ? (
                        <Button size="xs" variant="outline" onClick={() => setOpen(d)} aria-label={t('actionplan.plan.reports.writeFor', { code: d.actionCode, period: d.period })} data-testid="report-open">
                          {d.reportId ? t('actionplan.plan.reports.edit') : t('actionplan.plan.reports.write')}
                        </Button>
                      ) : '—'}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {open && <EditReport key={`${open.actionId}-${open.period}`} due={open} onDone={() => setOpen(null)} />}
    </Stack>
  );
}
