/**
 * The annual national report from the demo data: narrative sections saved as drafts with versions (409 on a
 * stale one), generation as a job with progress, the PDF in French and in Arabic read back with pdftotext
 * (headings, the saved narrative, the year's tables with the same protected figures as the dashboard), and
 * a job interrupted by a stop that is generated again afterwards.
 */
import { execFileSync } from 'node:child_process';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestEnv, login, type Client, type TestEnv } from '../support/harness';
import { seedCases } from '../../src/server/seed/seed';
import { DEMO_PASSWORD, seedDemoConfiguration } from '../../src/server/seed/seed';
import { seedDemoJustice } from '../../src/server/seed/justice';
import { seedDemoRecommendations } from '../../src/server/seed/recommendations';
import { seedDemoActionPlan } from '../../src/server/seed/actionplan';
import { seedDemoActivities } from '../../src/server/seed/activities';
import { activitiesService } from '../../src/server/modules/activities/activities.service';
import { resumeReportJobs } from '../../src/server/modules/statistics/statistics.report';
import { newId, nowIso } from '../../src/server/platform/ids';
import fr from '../../src/web/i18n/fr.json' with { type: 'json' };
import ar from '../../src/web/i18n/ar.json' with { type: 'json' };

/** The text of a Word document, paragraph by paragraph (word/document.xml), and how many tables it has. */
function docxText(docx: Buffer): { text: string; tables: number; rtlParagraphs: number } {
  const xml = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!);
  const paragraphs = xml.split('</w:p>').map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
  const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return { text: unescape(paragraphs.join(' ')).replace(/\s+/g, ' '), tables: (xml.match(/<w:tbl>/g) ?? []).length, rtlParagraphs: (xml.match(/<w:bidi\/>/g) ?? []).length };
}

function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');
}
/** Arabic extraction is approximate around vowel marks, tatweel and the lam-alef ligature: compare loosely. */
const loose = (s: string) => s.replace(/[\s\u064b-\u065f\u0670\u0640]/g, '').replace(/لا/g, 'ال');
const YEAR = 2025;

for (const dialect of DIALECTS) {
  describe(`annual report [${dialect}]`, () => {
    let env: TestEnv;
    let analyst: Client;

    const lastJob: { id?: string } = {};
    async function generate(lang: 'fr' | 'ar'): Promise<Buffer> {
      const res = await analyst.post('/api/v1/statistics/report-jobs', { year: YEAR, lang });
      expect(res.statusCode).toBe(201);
      const job = res.json();
      expect(job).toMatchObject({ status: 'queued', progress: 0, year: YEAR, lang });
      let state = job;
      const seen = new Set<string>();
      while (state.status === 'queued' || state.status === 'running') {
        await new Promise((r) => setTimeout(r, 100));
        state = (await analyst.get(`/api/v1/statistics/report-jobs/${job.id}`)).json();
        seen.add(state.step);
      }
      expect(state).toMatchObject({ status: 'done', step: 'done', progress: 100 });
      lastJob.id = job.id;
      const pdf = await analyst.get(`/api/v1/statistics/report-jobs/${job.id}/pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toContain(`rapport-annuel-${YEAR}-${lang}.pdf`);
      return pdf.rawPayload;
    }

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      await seedCases(env.p, { count: 250 });
      const ids = await seedDemoConfiguration(env.p);
      await seedDemoJustice(env.p, ids);
      await seedDemoRecommendations(env.p, ids);
      await seedDemoActionPlan(env.p, ids);
      await seedDemoActivities(env.p, ids);
      analyst = await login(env.app, 'analyste@opennrm.demo', DEMO_PASSWORD);
    }, 120_000);
    afterAll(() => env.close());

    it('keeps narrative drafts with versions; a stale save gets 409', async () => {
      const url = `/api/v1/statistics/reports/${YEAR}/fr/sections/context`;
      const first = await analyst.put(url, { version: 0, text: 'Premier jet du contexte.' });
      expect(first.statusCode).toBe(200);
      expect(first.json().version).toBe(1);
      const second = await analyst.put(url, { version: 1, text: "L'année a été marquée par la mise en œuvre du mécanisme national d'orientation.\n\nUn second paragraphe." });
      expect(second.json().version).toBe(2);
      const stale = await analyst.put(url, { version: 1, text: 'Écrasement.' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details.currentVersion).toBe(2);
      const draft = (await analyst.get(`/api/v1/statistics/reports/${YEAR}/fr`)).json();
      expect(draft.sections.map((s: { section: string }) => s.section)).toEqual(['context', 'victims', 'protection', 'prosecution', 'prevention', 'partnerships', 'action_plan', 'recommendations']);
      expect(draft.sections[0]).toMatchObject({ version: 2, text: expect.stringContaining('mécanisme national') });
      const history = (await analyst.get(`${url}/history`)).json().items;
      expect(history.map((h: { version: number; text: string }) => [h.version, h.text.slice(0, 12)])).toEqual([[2, "L'année a ét"], [1, 'Premier jet ']]);
      // Narratives are encrypted at rest, like any free text.
      const stored = await env.p.db.selectFrom('report_section_versions').select('text_enc').execute();
      expect(stored.every((r) => !r.text_enc.includes('contexte'))).toBe(true);
      await analyst.put(`/api/v1/statistics/reports/${YEAR}/ar/sections/context`, { version: 0, text: 'تميزت السنة بإطلاق الآلية الوطنية للإحالة.' });
    });

    it('generates the full report in French from the demo data, with the dashboard figures', async () => {
      const text = pdfText(await generate('fr'));
      expect(text).toContain(fr.statistics.report.title.replace('{{year}}', String(YEAR)));
      for (const s of Object.values(fr.statistics.report.sections)) expect(text).toContain(s);
      expect(text).toContain("mise en œuvre du mécanisme national d'orientation");
      expect(text).toContain(fr.statistics.report.noText);
      const figures = (await analyst.get(`/api/v1/statistics?year=${YEAR}`)).json();
      const nf = new Intl.NumberFormat('fr-MA');
      const shown = (v: number | null) => (v === null ? fr.statistics.suppressed : nf.format(v)).replace(/\s/g, ' ');
      expect(text).toContain(`${fr.statistics.situations.trafficking} ${figures.headline.cells.map(shown).join(' ')} ${shown(figures.headline.total)}`);
      for (const id of ['sexAge', 'nationality', 'form', 'region', 'month']) expect(text).toContain(`${fr.statistics.tables[id as 'sexAge']} — ${YEAR}`);
      const sexAge = figures.tables.find((t: { id: string }) => t.id === 'sexAge');
      for (const key of ['women', 'men', 'girls', 'boys'] as const) {
        const row = sexAge.rows.find((r: { key: string }) => r.key === key);
        expect(text).toContain(`${fr.statistics.keys[key]} ${[...row.cells, row.total].map(shown).join(' ')}`);
      }
      // Prosecution: the justice figures of the year, the same protected cells as the justice statistics.
      const justice = (await analyst.get(`/api/v1/justice/statistics?year=${YEAR}`)).json();
      const cell = (c: { value: number | null; suppressed: boolean }) => shown(c.suppressed ? null : c.value);
      for (const key of ['suspects', 'prosecuted', 'convicted'] as const) {
        expect(text).toContain(`${fr.justice.statistics[key]} — ${YEAR}`);
        const t = justice[key];
        // (pdftotext puts some row headers after their cells: compare the totals row's cells.)
        expect(text).toContain([...t.colTotals, t.total].map(cell).join(' '));
      }
      expect(text).toContain(`${fr.justice.statistics.byStage} — ${YEAR}`);
      expect(text).toContain(`${fr.statistics.total} ${cell(justice.proceedingsByStage.total)}`);
      // Recommendations adopted in the year, with their follow-up status.
      const recs = (await analyst.get('/api/v1/recommendations')).json().items.filter((r: { adoptedOn: string }) => r.adoptedOn.startsWith(`${YEAR}-`));
      expect(recs.length).toBeGreaterThan(0);
      expect(text).toContain(fr.statistics.report.recommendationsTable.replace('{{year}}', String(YEAR)));
      for (const r of recs) {
        expect(text).toContain(r.reference);
        expect(text).toContain(r.textFr.slice(0, 40));
      }
      // Prevention and partnerships: the year's activities, from the registers.
      const activities = await env.p.db.transaction().execute((trx) => activitiesService.summary(trx, YEAR));
      expect(activities.campaigns.count + activities.trainings.count).toBeGreaterThan(0);
      expect(text).toContain(`${fr.statistics.report.activities.preventionFacts} — ${YEAR}`);
      expect(text).toContain(`${fr.statistics.report.activities.campaigns} ${nf.format(activities.campaigns.count)}`);
      expect(text).toContain(`${fr.statistics.report.activities.trainings} ${nf.format(activities.trainings.count)}`);
      expect(text).toContain(fr.statistics.report.activities.agreementsTable.replace('{{year}}', String(YEAR)));
      expect(text).toContain(`${fr.statistics.report.activities.agreementsInForce} ${nf.format(activities.agreements.inForceAtYearEnd)}`);
      expect(text).toContain(`${fr.statistics.report.activities.cooperationTable} — ${YEAR}`);
      // Action-plan progress: actions by their latest validated report, per pillar, as the plan's summary says.
      const plan = (await analyst.get(`/api/v1/action-plans/summary?year=${YEAR}`)).json();
      const actions = plan.pillars.reduce((n: number, p: { actions: number }) => n + p.actions, 0);
      expect(actions).toBeGreaterThan(0);
      expect(text).toContain(`${fr.statistics.report.plan.statusTable} — ${YEAR}`);
      for (const p of plan.pillars as { pillar: 'prevention'; actions: number }[]) expect(text).toContain(fr.actionplan.plan.pillars[p.pillar]);
      expect(text).toContain(`${fr.statistics.report.plan.indicatorsTable} — ${YEAR}`);
      expect(text).not.toContain(fr.statistics.report.pendingData);
      // Nothing that names a person.
      expect(text).not.toMatch(/NRM-\d{4}-\d{6}/);

      // The same report as a Word document: the same headings, narrative, tables and protected figures.
      const res = await analyst.get(`/api/v1/statistics/report-jobs/${lastJob.id}/docx`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(res.headers['content-disposition']).toContain(`rapport-annuel-${YEAR}-fr.docx`);
      const docx = docxText(res.rawPayload);
      expect(docx.text).toContain(fr.statistics.report.title.replace('{{year}}', String(YEAR)));
      for (const s of Object.values(fr.statistics.report.sections)) expect(docx.text).toContain(s);
      expect(docx.text).toContain("mise en œuvre du mécanisme national d'orientation");
      expect(docx.text).toContain(`${fr.statistics.situations.trafficking} ${figures.headline.cells.map(shown).join(' ')} ${shown(figures.headline.total)}`);
      for (const key of ['women', 'men', 'girls', 'boys'] as const) {
        const row = sexAge.rows.find((r: { key: string }) => r.key === key);
        expect(docx.text).toContain(`${fr.statistics.keys[key]} ${[...row.cells, row.total].map(shown).join(' ')}`);
      }
      for (const key of ['suspects', 'prosecuted', 'convicted'] as const) {
        const t = justice[key];
        expect(docx.text).toContain(`${fr.statistics.total} ${[...t.colTotals, t.total].map(cell).join(' ')}`);
      }
      for (const r of recs) expect(docx.text).toContain(`${r.reference} ${r.textFr}`);
      expect(docx.tables).toBeGreaterThanOrEqual(16);
      expect(docx.rtlParagraphs).toBe(0);
      expect(docx.text).not.toMatch(/NRM-\d{4}-\d{6}/);
    }, 60_000);

    it('generates it in Arabic, right to left', async () => {
      const pdf = await generate('ar');
      const text = loose(pdfText(pdf));
      expect(text).toContain(loose(ar.statistics.report.title.replace('{{year}}', String(YEAR))));
      for (const s of Object.values(ar.statistics.report.sections)) expect(text).toContain(loose(s));
      expect(text).toContain(loose('تميزت السنة بإطلاق الآلية الوطنية للإحالة.'));
      expect(text).toContain(loose(ar.statistics.tables.sexAge));
      expect(text).toContain(loose(ar.statistics.keys.girls));
      // The Word document in Arabic: right-to-left paragraphs and tables, the same headings.
      const docx = docxText((await analyst.get(`/api/v1/statistics/report-jobs/${lastJob.id}/docx`)).rawPayload);
      for (const s of Object.values(ar.statistics.report.sections)) expect(docx.text).toContain(s);
      expect(docx.text).toContain('تميزت السنة بإطلاق الآلية الوطنية للإحالة.');
      expect(docx.rtlParagraphs).toBeGreaterThan(50);
      const audit = await env.p.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'in', ['report.generate', 'statistics.export']).execute();
      expect(audit.filter((a) => a.action === 'report.generate')).toHaveLength(2);
      expect(audit.filter((a) => a.action === 'statistics.export' && JSON.parse(a.details).kind === 'annual_report').map((a) => JSON.parse(a.details).format).sort()).toEqual(['docx', 'docx', 'pdf', 'pdf']);
    }, 60_000);

    it('a job interrupted by a stop is generated again; a report not ready cannot be downloaded', async () => {
      const id = newId();
      const old = new Date(Date.now() - 3_600_000).toISOString();
      await env.p.db.insertInto('report_jobs').values({ id, year: YEAR, lang: 'fr', status: 'running', progress: 30, step: 'sections', requested_by: analyst.userId, requested_org_id: 'x', error: null, pdf: null, created_at: old, started_at: old, finished_at: null }).execute();
      expect((await analyst.get(`/api/v1/statistics/report-jobs/${id}/pdf`)).statusCode).toBe(409);
      await env.restart();
      analyst = await login(env.app, 'analyste@opennrm.demo', DEMO_PASSWORD);
      expect(await resumeReportJobs(env.p)).toBe(1);
      expect((await analyst.get(`/api/v1/statistics/report-jobs/${id}`)).json()).toMatchObject({ status: 'done', progress: 100 });
      expect(pdfText((await analyst.get(`/api/v1/statistics/report-jobs/${id}/pdf`)).rawPayload)).toContain(fr.statistics.report.sections.victims);
      // Not for case workers.
      const worker = await env.p.db.selectFrom('users').select('email').where('roles', 'like', '%case_worker%').executeTakeFirstOrThrow();
      const w = await login(env.app, worker.email, DEMO_PASSWORD);
      expect((await w.get(`/api/v1/statistics/report-jobs/${id}/pdf`)).statusCode).toBe(403);
      expect((await w.post('/api/v1/statistics/report-jobs', { year: YEAR, lang: 'fr' })).statusCode).toBe(403);
      void nowIso;
    }, 60_000);
  });
}
