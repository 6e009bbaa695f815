/**
 * The commission's dashboard in the browser, in French and in Arabic: a commission analyst lands on the
 * national statistics, sees the protected headline figures (the same as the API), opens a table instead of
 * the chart, downloads its CSV, sees the regional map, changes the year, downloads a standard export.
 * axe-core on the page in each language.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { TProgressSummary } from '../../src/contract/actionplan';
import type { TActivitiesSummary } from '../../src/contract/activities';
import type { TStatistics } from '../../src/contract/statistics';
import TAXONOMY from '../../data/reference/taxonomy.json' with { type: 'json' };
import { expectAccessible, setLanguage, shot, signIn, tr, type Lang } from './support';

const ANALYST = 'analyste@opennrm.demo';

async function figures(page: Page, year?: number): Promise<TStatistics> {
  return (await (await page.request.get(`/api/v1/statistics${year ? `?year=${year}` : ''}`)).json()) as TStatistics;
}

async function checkDashboard(page: Page, lang: Lang, year?: number) {
  const s = await figures(page, year);
  await expect(page.getByTestId('statistics-title')).toHaveText(tr(lang, 'statistics.title'));
  const shown = (v: number | null) => (v === null ? tr(lang, 'statistics.suppressed') : new Intl.NumberFormat(lang === 'ar' ? 'ar-MA' : 'fr-MA').format(v));
  await expect(page.getByTestId('headline-presumed')).toHaveText(shown(s.headline.cells[0]!));
  await expect(page.getByTestId('headline-identified')).toHaveText(shown(s.headline.cells[1]!));
  await expect(page.getByTestId('headline-anonymous')).toHaveText(shown(s.headline.cells[2]!));
  await expect(page.getByTestId('headline-total')).toHaveText(shown(s.headline.total));
  // Every breakdown has a section, a chart and a table on demand.
  for (const t of s.tables) {
    await expect(page.getByTestId(`section-${t.id}`).getByRole('heading', { level: 2 })).toHaveText(tr(lang, `statistics.tables.${t.id}`));
  }
  await expect(page.getByTestId('region-map').locator('path')).toHaveCount(12);
  await expect(page.getByTestId('region-map').getByRole('img')).toHaveAccessibleName(tr(lang, 'statistics.map.label').replace('{{year}}', String(s.year)));
  return s;
}

/**
 * The two views of the forms of exploitation: the national categories of law 27-14 (the grouped "sexual
 * exploitation" row first, then each form) and UNODC's categories, with forced marriage not available (never 0).
 */
async function checkFormTables(page: Page, lang: Lang, s: TStatistics) {
  const shown = (v: number | null) => (v === null ? tr(lang, 'statistics.suppressed') : new Intl.NumberFormat(lang === 'ar' ? 'ar-MA' : 'fr-MA').format(v));
  const label = (list: 'nationalFormGroups' | 'unodcCategories' | 'exploitationForms', code: string) => (TAXONOMY[list] as readonly { code: string; label: Record<Lang, string> }[]).find((x) => x.code === code)!.label[lang];
  await page.getByTestId('toggle-form').click();
  const national = page.getByTestId('table-form');
  const form = s.tables.find((t) => t.id === 'form')!;
  const group = form.rows.find((r) => r.key === 'sexual_exploitation')!;
  await expect(national.locator('tbody tr').first().getByRole('rowheader')).toHaveText(label('nationalFormGroups', 'sexual_exploitation'));
  await expect(national.locator('tbody tr').first().locator('td').last()).toHaveText(shown(group.total));
  await expect(national.getByRole('rowheader', { name: label('exploitationForms', 'slavery_practices'), exact: true })).toBeVisible();
  await page.getByTestId('toggle-unodcForm').click();
  const unodc = page.getByTestId('table-unodcForm');
  const rows = s.tables.find((t) => t.id === 'unodcForm')!.rows;
  await expect(unodc.locator('tbody tr')).toHaveCount(rows.length + 1);
  for (const [i, r] of rows.entries()) {
    const line = unodc.locator('tbody tr').nth(i);
    await expect(line.getByRole('rowheader')).toHaveText(r.key === 'not_specified' ? tr(lang, 'statistics.keys.not_specified') : label('unodcCategories', r.key));
    await expect(line.locator('td')).toHaveText([...r.cells, r.total].map(shown));
  }
  const marriage = page.getByTestId('not-available-forced_marriage');
  await expect(marriage.getByRole('rowheader')).toHaveText(label('unodcCategories', 'forced_marriage'));
  await expect(marriage.locator('td')).toHaveText(Array(6).fill(tr(lang, 'statistics.notAvailable')));
  await expect(page.getByTestId('not-available-note-unodcForm')).toHaveText(tr(lang, 'statistics.notAvailableNote'));
}

/** The action-plan progress and prevention/partnership sections show the year's summaries (the demo has both). */
async function checkProgrammes(page: Page, lang: Lang, year: number) {
  const plan = (await (await page.request.get(`/api/v1/action-plans/summary?year=${year}`)).json()) as TProgressSummary;
  const acts = (await (await page.request.get(`/api/v1/activities/summary?year=${year}`)).json()) as TActivitiesSummary;
  const n = (v: number) => new Intl.NumberFormat(lang === 'ar' ? 'ar-MA' : 'fr-MA').format(v);
  const planSection = page.getByTestId('section-actionplan');
  await expect(planSection.getByRole('heading', { level: 2 })).toHaveText(tr(lang, 'statistics.programmes.planTitle').replace('{{year}}', String(year)));
  const pillars = plan.pillars.filter((p) => p.actions > 0);
  expect(pillars.length).toBeGreaterThan(0);
  for (const p of pillars) {
    await expect(planSection.getByTestId(`pillar-${p.pillar}`)).toContainText(tr(lang, `actionplan.plan.pillars.${p.pillar}`));
    await expect(planSection.getByTestId(`pillar-${p.pillar}`)).toContainText(tr(lang, 'statistics.programmes.actionsCount').replace('{{n}}', n(p.actions)));
  }
  const indicators = pillars.flatMap((p) => p.indicators);
  expect(indicators.length).toBeGreaterThan(0);
  await expect(planSection.getByTestId('indicator-row')).toHaveCount(indicators.length);
  await expect(planSection.getByTestId('indicator-row').first()).toContainText(lang === 'ar' ? indicators[0]!.titleAr : indicators[0]!.titleFr);
  await expect(planSection.getByTestId('table-indicators').locator('caption')).toHaveText(tr(lang, 'statistics.programmes.indicatorsCaption').replace('{{year}}', String(year)));
  await expect(planSection.getByRole('heading', { level: 3 })).toHaveText(tr(lang, 'statistics.programmes.indicatorsTitle'));
  const actsSection = page.getByTestId('section-activities');
  await expect(actsSection.getByRole('heading', { level: 2 })).toHaveText(tr(lang, 'statistics.programmes.activitiesTitle').replace('{{year}}', String(year)));
  expect(acts.campaigns.count + acts.trainings.count).toBeGreaterThan(0);
  await expect(actsSection.getByTestId('activity-campaigns')).toHaveText(n(acts.campaigns.count));
  await expect(actsSection.getByTestId('activity-trainings')).toHaveText(n(acts.trainings.count));
  await expect(actsSection.getByTestId('activity-hours')).toHaveText(n(acts.trainings.hours));
  await expect(actsSection.getByTestId('activity-women')).toHaveText(n(acts.trainings.totals.women));
  await expect(actsSection.getByTestId('activity-men')).toHaveText(n(acts.trainings.totals.men));
  await expect(actsSection.getByTestId('activity-agreements')).toHaveText(n(acts.agreements.inForceAtYearEnd));
  await expect(actsSection.getByTestId('activity-cooperation')).toHaveText(n(acts.cooperation.count));
  // The tables instead of the charts.
  for (const id of ['actionplan', 'activities']) {
    const toggle = page.getByTestId(`toggle-${id}`);
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  }
  await expect(page.getByTestId('table-actionplan').locator('caption')).toHaveText(tr(lang, 'statistics.programmes.planTitle').replace('{{year}}', String(year)));
  await expect(page.getByTestId('table-actionplan').getByRole('rowheader')).toHaveCount(pillars.length);
  await expect(page.getByTestId('table-activities').getByRole('rowheader', { name: tr(lang, 'statistics.programmes.figures.peopleReached') })).toBeVisible();
  return plan;
}

/** After a change of year: the two sections show that year's summaries, or say in plain words that there is nothing. */
async function checkProgrammesFollowYear(page: Page, lang: Lang, year: number) {
  const plan = (await (await page.request.get(`/api/v1/action-plans/summary?year=${year}`)).json()) as TProgressSummary;
  const acts = (await (await page.request.get(`/api/v1/activities/summary?year=${year}`)).json()) as TActivitiesSummary;
  const n = (v: number) => new Intl.NumberFormat(lang === 'ar' ? 'ar-MA' : 'fr-MA').format(v);
  await expect(page.getByTestId('section-actionplan').getByRole('heading', { level: 2 })).toHaveText(tr(lang, 'statistics.programmes.planTitle').replace('{{year}}', String(year)));
  const actions = plan.pillars.reduce((a, p) => a + p.actions, 0);
  if (actions === 0) await expect(page.getByTestId('actionplan-empty')).toHaveText(tr(lang, 'statistics.programmes.planEmpty').replace('{{year}}', String(year)));
  else await expect(page.getByTestId('indicator-row')).toHaveCount(plan.pillars.reduce((a, p) => a + p.indicators.length, 0));
  if (acts.campaigns.count + acts.trainings.count + acts.agreements.inForceAtYearEnd + acts.cooperation.count === 0) {
    await expect(page.getByTestId('activities-empty')).toHaveText(tr(lang, 'statistics.programmes.activitiesEmpty').replace('{{year}}', String(year)));
  } else await expect(page.getByTestId('activity-campaigns')).toHaveText(n(acts.campaigns.count));
}

test('a commission analyst reads the national statistics in French: tables, CSV, map, exports', async ({ page }) => {
  await signIn(page, ANALYST, 'fr');
  await expect(page).toHaveURL(/\/statistics$/);
  await expect(page.getByTestId('nav-statistics')).toHaveAttribute('aria-current', 'page');
  const s = await checkDashboard(page, 'fr');
  // The table alternative of the sex × age chart.
  const toggle = page.getByTestId('toggle-sexAge');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const table = page.getByTestId('table-sexAge');
  await expect(table.locator('caption')).toHaveText(`${tr('fr', 'statistics.tables.sexAge')} — ${s.year}`);
  await expect(table.getByRole('rowheader', { name: tr('fr', 'statistics.keys.girls') })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: tr('fr', 'statistics.columns.identified') })).toBeVisible();
  await checkFormTables(page, 'fr', s);
  const plan = await checkProgrammes(page, 'fr', s.year);
  await expectAccessible(page, 'statistics (fr)');
  const [planCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-actionplan').click()]);
  expect(planCsv.suggestedFilename()).toBe(`action-plan-${s.year}.csv`);
  const planLines = fs.readFileSync((await planCsv.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  const firstPillar = plan.pillars.find((p) => p.actions > 0)!;
  expect(planLines[0]!.startsWith(`${tr('fr', 'statistics.programmes.pillar')},`)).toBe(true);
  expect(planLines[1]).toMatch(new RegExp(`^${tr('fr', `actionplan.plan.pillars.${firstPillar.pillar}`)},.*,${firstPillar.actions}$`));
  await shot(page, 'statistics-fr');
  // Its CSV: the figures on screen, suppressed ones marked.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-sexAge').click()]);
  expect(download.suggestedFilename()).toBe(`sexAge-trafficking-${s.year}.csv`);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines[0]).toBe(['', tr('fr', 'statistics.columns.presumed'), tr('fr', 'statistics.columns.identified'), tr('fr', 'statistics.columns.anonymous'), tr('fr', 'statistics.total')].join(','));
  const women = s.tables.find((t) => t.id === 'sexAge')!.rows.find((r) => r.key === 'women')!;
  expect(lines[1]).toBe([tr('fr', 'statistics.keys.women'), ...women.cells.map((c) => (c === null ? tr('fr', 'statistics.suppressed') : c)), women.total ?? tr('fr', 'statistics.suppressed')].join(','));
  // Standard exports are prepared as jobs on the server: progress, then the file.
  await page.getByTestId('export-glotip-csv').click();
  const glotipJob = page.getByTestId('export-job-glotip-csv');
  await expect(glotipJob.getByTestId('export-job-status')).toHaveText(tr('fr', 'statistics.exports.steps.done'), { timeout: 30_000 });
  const [glotip] = await Promise.all([page.waitForEvent('download'), glotipJob.getByTestId('export-job-download').click()]);
  expect(glotip.suggestedFilename()).toBe(`glotip-MAR-${s.year}.csv`);
  expect(fs.readFileSync((await glotip.path())!, 'utf8')).toContain('country,year,table,category,women,men,girls,boys,sex_age_unknown,total');
  // The anonymised microdata says what k-anonymity withheld.
  await page.getByTestId('export-ctdc').click();
  const ctdcJob = page.getByTestId('export-job-ctdc-csv');
  await expect(ctdcJob.getByTestId('export-job-status')).toHaveText(tr('fr', 'statistics.exports.steps.done'), { timeout: 30_000 });
  await expect(ctdcJob.getByTestId('export-job-kanon')).toContainText('k = 11');
  await expectAccessible(page, 'statistics exports (fr)');
});

test('in Arabic the dashboard is mirrored, the year can be changed, and the page stays accessible', async ({ page }) => {
  await signIn(page, ANALYST, 'fr');
  await setLanguage(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const current = await checkDashboard(page, 'ar');
  await checkFormTables(page, 'ar', current);
  await checkProgrammes(page, 'ar', current.year);
  await expectAccessible(page, 'statistics (ar)');
  const previous = current.years.filter((y) => y < current.year).pop();
  if (previous !== undefined) {
    await page.getByTestId('filter-year').selectOption(String(previous));
    await expect(page.getByTestId('section-headline').getByRole('heading', { level: 2 })).toHaveText(tr('ar', 'statistics.headline').replace('{{year}}', String(previous)));
    await checkDashboard(page, 'ar', previous);
    await checkProgrammesFollowYear(page, 'ar', previous);
  }
  await page.getByTestId('toggle-region').click();
  await expect(page.getByTestId('table-region')).toBeVisible();
  await expectAccessible(page, 'statistics with the region table (ar)');
  await shot(page, 'statistics-ar');
  await setLanguage(page, 'fr');
});

test('the annual report: a section saved as a draft, the PDF produced as a job, in French then in Arabic', async ({ page }) => {
  await signIn(page, ANALYST, 'fr');
  await page.getByTestId('nav-annual-report').click();
  await expect(page.getByTestId('report-title')).toHaveText(tr('fr', 'statistics.reportPage.title'));
  await expect(page.getByTestId('report-section-context')).toBeVisible();
  await expect(page.getByTestId('report-version-context')).toHaveText(tr('fr', 'statistics.reportPage.notSaved'));
  await page.getByTestId('report-text-context').fill("L'année a vu le lancement du mécanisme national d'orientation.");
  await page.getByTestId('report-save-context').click();
  await expect(page.getByTestId('report-version-context')).toContainText('Version 1');
  await expectAccessible(page, 'annual report (fr)');
  await page.getByTestId('report-generate-button').click();
  await expect(page.getByTestId('report-status')).toHaveText(new RegExp(`^${tr('fr', 'statistics.reportPage.steps.done')}`), { timeout: 30_000 });
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download').click()]);
  expect(pdf.suggestedFilename()).toMatch(/^rapport-annuel-\d{4}-fr\.pdf$/);
  expect(fs.readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  const [docx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download-docx').click()]);
  expect(docx.suggestedFilename()).toMatch(/^rapport-annuel-\d{4}-fr\.docx$/);
  expect(fs.readFileSync((await docx.path())!).subarray(0, 2).toString()).toBe('PK');

  await setLanguage(page, 'ar');
  await page.getByTestId('report-language').selectOption('ar');
  await expect(page.getByTestId('report-title')).toHaveText(tr('ar', 'statistics.reportPage.title'));
  await page.getByTestId('report-text-context').fill('شهدت السنة إطلاق الآلية الوطنية للإحالة.');
  await page.getByTestId('report-save-context').click();
  await expect(page.getByTestId('report-version-context')).toContainText('1');
  await page.getByTestId('report-generate-button').click();
  await expect(page.getByTestId('report-status')).toHaveText(new RegExp(`^${tr('ar', 'statistics.reportPage.steps.done')}`), { timeout: 30_000 });
  await expect(page.getByTestId('report-download')).toHaveAttribute('href', /\/api\/v1\/statistics\/report-jobs\/.+\/pdf$/);
  await expectAccessible(page, 'annual report (ar)');
  await shot(page, 'annual-report-ar');
  await setLanguage(page, 'fr');
});

test('the recommendations register: the secretariat records and follows up; the addressed NGO reads it, in Arabic too', async ({ page }) => {
  await signIn(page, ANALYST, 'fr');
  await page.getByTestId('nav-recommendations').click();
  await expect(page.getByTestId('recommendations-title')).toHaveText(tr('fr', 'actionplan.title'));
  await page.getByTestId('recommendation-source-type').selectOption('study_day');
  await page.getByTestId('recommendation-source-event').fill("Journée d'étude sur les enfants");
  await page.getByTestId('recommendation-adopted-on').fill('2025-11-18');
  await page.getByTestId('recommendation-text-fr').fill("Désigner un point focal pour l'identification des enfants dans chaque région.");
  await page.getByTestId('recommendation-text-ar').fill('تعيين نقطة اتصال لتحديد هوية الأطفال في كل جهة.');
  await page.getByTestId('recommendation-addressed-to').click();
  await page.getByRole('option', { name: /Association Nour/ }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('recommendation-save').click();
  // (The demo has recommendations of its own: find the one just recorded by its event.)
  const card = page.getByTestId('recommendation').filter({ hasText: "Journée d'étude sur les enfants" });
  await expect(card.getByRole('heading', { level: 3 })).toContainText('REC-2025-');
  await expect(card.getByTestId('recommendation-status')).toHaveText(tr('fr', 'actionplan.statuses.adopted'));
  const reference = (await card.getByRole('heading', { level: 3 }).locator('bdi').textContent())!.trim();
  await page.getByTestId(`recommendation-status-${reference}`).selectOption('in_progress');
  await page.getByTestId(`recommendation-note-${reference}`).fill('Quatre régions sur douze.');
  await page.getByTestId(`recommendation-update-${reference}`).click();
  await expect(card.getByTestId('recommendation-status')).toHaveText(tr('fr', 'actionplan.statuses.in_progress'));
  await expectAccessible(page, 'recommendations (fr)');
  await page.getByTestId('sign-out').click();

  await signIn(page, 'association@opennrm.demo', 'fr');
  await setLanguage(page, 'ar');
  await page.getByTestId('nav-recommendations').click();
  await expect(page.getByTestId('recommendations-title')).toHaveText(tr('ar', 'actionplan.title'));
  await expect(page.getByTestId('recommendation-form')).toHaveCount(0);
  const seen = page.getByTestId('recommendation').filter({ hasText: reference });
  await expect(seen).toContainText('تعيين نقطة اتصال لتحديد هوية الأطفال في كل جهة.');
  await expect(seen.getByTestId('recommendation-status')).toHaveText(tr('ar', 'actionplan.statuses.in_progress'));
  await expectAccessible(page, 'recommendations (ar)');
  await shot(page, 'recommendations-ar');
  await setLanguage(page, 'fr');
});
