/**
 * The annual national report: the narrative sections of a year and language (each saved as a draft with a
 * version; a stale save offers to reload), and the PDF generated as a job whose progress is shown.
 */
import { useEffect, useState } from 'react';
import { Anchor, Button, Group, NativeSelect, Paper, Progress, Stack, Text, Textarea } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { REPORT_LANGUAGES, REPORT_SECTIONS } from '../../../contract/statistics';
import { isApiError } from '../../app/api';
import { ConflictAlert } from '../../ui/conflict';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useFormat } from '../../ui/useFormat';
import { reportDocxUrl, reportPdfUrl, useCreateReportJob, useReportDraft, useReportJob, useSaveSection, type TReportSectionView } from './api';

function SectionEditor({ year, lang, view, index }: { year: number; lang: string; view: TReportSectionView; index: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const save = useSaveSection(year, lang);
  const [text, setText] = useState(view.text);
  const [base, setBase] = useState(view.version);
  const [conflict, setConflict] = useState(false);
  const draft = useReportDraft(year, lang);
  useEffect(() => {
    if (!conflict) { setText(view.text); setBase(view.version); }
    // Only when the saved version changes (a save, or a reload after a conflict).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view.version]);
  const id = `report-${view.section}`;
  const submit = async () => {
    try {
      const saved = await save.mutateAsync({ section: view.section, version: base, text });
      setBase(saved.version);
      setConflict(false);
      notifySuccess(t('statistics.reportPage.saved'));
    } catch (e) {
      if (isApiError(e) && e.code === 'VERSION_CONFLICT') setConflict(true);
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`${id}-title`} data-testid={`report-section-${view.section}`}>
      <Stack gap="xs">
        <Text component="h3" fw={700} id={`${id}-title`} m={0}>{`${index + 1}. ${t(`statistics.report.sections.${view.section}`)}`}</Text>
        <Textarea label={t('statistics.reportPage.text')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={3} maxRows={14} data-testid={`report-text-${view.section}`} />
        <Text size="xs" c="dimmed" data-testid={`report-version-${view.section}`}>
          {base === 0 ? t('statistics.reportPage.notSaved') : t('statistics.reportPage.version', { version: base, by: view.updatedBy ?? '', at: fmt.instant(view.updatedAt) })}
        </Text>
        {conflict && (
          <ConflictAlert reloading={draft.isFetching} onReload={() => void draft.refetch().then((r) => {
            const latest = r.data?.sections.find((s) => s.section === view.section);
            if (latest) setBase(latest.version);
            setConflict(false);
          })} />
        )}
        {save.error && !conflict && <ErrorAlert error={save.error} />}
        <Group>
          <Button size="sm" onClick={() => void submit()} loading={save.isPending} disabled={!text.trim()} data-testid={`report-save-${view.section}`}>
            {t('statistics.reportPage.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Generation({ year, lang }: { year: number; lang: string }) {
  const { t } = useTranslation();
  const create = useCreateReportJob();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useReportJob(jobId);
  const state = job.data;
  return (
    <Section id="report-generate" title={t('statistics.reportPage.generateTitle')} testId="report-generate">
      <Stack gap="sm">
        <Text size="sm">{t('statistics.reportPage.generateIntro')}</Text>
        <Group>
          <Button onClick={() => void create.mutateAsync({ year, lang }).then((j) => setJobId(j.id))} loading={create.isPending} data-testid="report-generate-button">
            {t('statistics.reportPage.generate')}
          </Button>
        </Group>
        {create.error && <ErrorAlert error={create.error} />}
        {state && (
          <Stack gap={4}>
            <Progress value={state.progress} aria-label={t('statistics.reportPage.progressLabel')} data-testid="report-progress" />
            <Text size="sm" role="status" aria-live="polite" data-testid="report-status">
              {t(`statistics.reportPage.steps.${state.step}`)} — {state.progress} %
            </Text>
            {state.status === 'done' && (
              <Group gap="md">
                <Anchor href={reportPdfUrl(state.id)} download data-testid="report-download">
                  {t('statistics.reportPage.download', { year: state.year })}
                </Anchor>
                <Anchor href={reportDocxUrl(state.id)} download data-testid="report-download-docx">
                  {t('statistics.reportPage.downloadDocx', { year: state.year })}
                </Anchor>
              </Group>
            )}
          </Stack>
        )}
      </Stack>
    </Section>
  );
}

export default function ReportPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('statistics.reportPage.title'));
  const now = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => now - i);
  const [year, setYear] = useState(now - 1);
  const [lang, setLang] = useState<string>('fr');
  const draft = useReportDraft(year, lang);
  return (
    <Stack>
      <PageHeader title={t('statistics.reportPage.title')} testId="report-title" actions={<Anchor component={Link} to="/statistics">{t('statistics.reportPage.back')}</Anchor>}>
        <Text>{t('statistics.reportPage.intro')}</Text>
      </PageHeader>
      <Paper withBorder p="md">
        <Group align="flex-end">
          <NativeSelect label={t('statistics.year')} value={String(year)} onChange={(e) => setYear(Number(e.currentTarget.value))} data-testid="report-year">
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </NativeSelect>
          <NativeSelect label={t('statistics.reportPage.language')} value={lang} onChange={(e) => setLang(e.currentTarget.value)} data-testid="report-language">
            {REPORT_LANGUAGES.map((l) => <option key={l} value={l}>{t(`language.names.${l}`)}</option>)}
          </NativeSelect>
        </Group>
      </Paper>
      <Generation year={year} lang={lang} />
      <Section id="report-sections" title={t('statistics.reportPage.sectionsTitle')} testId="report-sections">
        {draft.isPending && <Loading />}
        {draft.error && <ErrorAlert error={draft.error} />}
        <Stack gap="md">
          {draft.data && REPORT_SECTIONS.map((s, i) => {
            const view = draft.data.sections.find((x) => x.section === s)!;
            return <SectionEditor key={`${year}-${lang}-${s}`} year={year} lang={lang} view={view} index={i} />;
          })}
        </Stack>
      </Section>
    </Stack>
  );
}
