/**
 * The national action plan in the browser, in French and in Arabic: the secretariat opens the demo plan
 * (pillars, objectives, actions, progress in words); a focal point of the lead organisation writes and sends
 * a progress report; the secretariat validates it from its queue and the action shows the validated status.
 * In Arabic, a report the secretariat sent back is corrected and sent again. axe-core on every page.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, shot, signIn, tr, type Lang } from './support';

const SECRETARIAT = 'analyste@opennrm.demo';
const FOCAL_POINT = 'admin.association@opennrm.demo';
const Y = new Date().getFullYear();

async function signOut(page: Page) {
  await page.context().clearCookies();
}

async function openPlan(page: Page, lang: Lang) {
  await page.getByTestId('nav-action-plan').click();
  await expect(page).toHaveURL(/\/action-plan$/);
  await expect(page.getByTestId('plan-title')).toContainText(lang === 'ar' ? 'نسخة تجريبية' : 'démonstration');
  for (const pillar of ['prevention', 'protection', 'prosecution', 'partnerships']) {
    await expect(page.locator(`[data-testid="plan-pillar"][data-pillar="${pillar}"]`).getByRole('heading', { level: 2 })).toHaveText(tr(lang, `actionplan.plan.pillars.${pillar}`));
  }
  await expect(page.getByTestId('plan-action')).toHaveCount(12);
  await expectAccessible(page, `plan (${lang})`);
}

test('the secretariat opens the plan, a focal point sends a report, the secretariat validates it (fr)', async ({ page }) => {
  await signIn(page, SECRETARIAT, 'fr');
  await openPlan(page, 'fr');
  // Filters: the protection pillar only, then one lead organisation.
  await page.getByTestId('plan-filter-pillar').selectOption('protection');
  await expect(page.getByTestId('plan-pillar')).toHaveCount(1);
  await expect(page.getByTestId('plan-action')).toHaveCount(3);
  const r21 = page.locator('[data-testid="plan-action"][data-code="R2.1"]');
  await expect(r21.getByTestId('action-status')).toHaveText(tr('fr', 'actionplan.plan.actionStatuses.on_track'));
  await expect(r21.locator('[data-testid="indicator-progress"][data-code="R2.1-a"]').getByTestId('indicator-progress-text')).toContainText('34');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
  expect(download.suggestedFilename()).toBe('PN-2023-2030-DEMO.xlsx');
  await shot(page, 'actionplan-plan-fr');
  // An import with mistakes: nothing is imported, every mistake is listed with its sheet, row and column.
  const broken = new ExcelJS.Workbook();
  await broken.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ArrayBuffer);
  const plan = broken.getWorksheet('Plan')!;
  plan.getRow(3).getCell(1).value = 'PN-E2E';
  broken.getWorksheet('Actions')!.getRow(3).getCell(10).value = '1999-01-01';
  await page.locator('[data-testid="plan-import"] input[type="file"]').setInputFiles({ name: 'plan.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await broken.xlsx.writeBuffer()) });
  await page.getByTestId('plan-import-submit').click();
  const errors = page.getByTestId('plan-import-errors');
  await expect(errors.locator('tbody tr')).toHaveCount(1);
  await expect(errors.locator('tbody tr td').nth(0)).toHaveText('Actions');
  await expect(errors.locator('tbody tr td').nth(1)).toHaveText('3');
  await expect(errors.locator('tbody tr td').nth(2)).toHaveText('start_date');
  await expect(errors.locator('tbody tr td').nth(3)).toHaveText(tr('fr', 'validation.date_outside_plan'));
  await expectAccessible(page, 'plan import errors (fr)');
  await signOut(page);

  // The association's administrator (focal point of R2.1) writes this year's report.
  await signIn(page, FOCAL_POINT, 'fr');
  await page.getByTestId('nav-plan-reports').click();
  await expect(page.getByTestId('reports-title')).toHaveText(tr('fr', 'actionplan.plan.reports.title'));
  const row = page.locator(`[data-testid="report-due"][data-code="R2.1"][data-period="${Y}"]`);
  await expect(row.getByTestId('report-status')).toHaveAttribute('data-status', 'none');
  await row.getByTestId('report-open').click();
  const form = page.getByTestId('report-form');
  await form.getByTestId('report-action-status-input').selectOption('on_track');
  await form.getByTestId('report-value-R2.1-a').fill('48');
  await form.getByTestId('report-value-R2.1-b').fill('61.5');
  await form.getByTestId('report-narrative').fill('Douze places ouvertes à Fès en partenariat avec le foyer de Tanger.');
  await expectAccessible(page, 'report form (fr)');
  await form.getByTestId('report-submit').click();
  await expect(page.getByTestId('report-form')).toHaveCount(0);
  await expect(row.getByTestId('report-status')).toHaveAttribute('data-status', 'submitted');
  await signOut(page);

  // The secretariat validates it.
  await signIn(page, SECRETARIAT, 'fr');
  await page.getByTestId('nav-plan-validation').click();
  const item = page.locator(`[data-testid="queue-item"][data-code="R2.1"][data-period="${Y}"]`);
  await expect(item.getByTestId('queue-narrative')).toHaveText('Douze places ouvertes à Fès en partenariat avec le foyer de Tanger.');
  await expectAccessible(page, 'validation queue (fr)');
  await item.getByTestId('queue-validate').click();
  await expect(item).toHaveCount(0);
  await page.getByTestId('nav-action-plan').click();
  await page.locator('[data-testid="plan-action"][data-code="R2.1"]').getByTestId('plan-action-link').click();
  await expect(page.getByTestId('action-title')).toContainText('R2.1');
  await expect(page.getByTestId('action-reports').getByTestId('report-status').first()).toHaveAttribute('data-status', 'validated');
  await expectAccessible(page, 'action (fr)');
});

test('in Arabic: a report sent back is corrected and sent again, then validated', async ({ page }) => {
  await signIn(page, SECRETARIAT, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await openPlan(page, 'ar');
  await shot(page, 'actionplan-plan-ar');
  await signOut(page);

  await signIn(page, FOCAL_POINT, 'ar');
  await page.getByTestId('nav-plan-reports').click();
  const row = page.locator(`[data-testid="report-due"][data-code="R2.1"][data-period="${Y - 1}"]`);
  await expect(row.getByTestId('report-status')).toHaveText(tr('ar', 'actionplan.plan.reportStatuses.returned'));
  await row.getByTestId('report-open').click();
  const form = page.getByTestId('report-form');
  await expect(form.getByTestId('report-returned-note')).toBeVisible();
  await form.getByTestId('report-value-R2.1-a').fill('44');
  await form.getByTestId('report-narrative').fill('فتح 44 مكانا للإيواء، منها 6 في فاس و4 في طنجة.');
  await expectAccessible(page, 'report form (ar)');
  await form.getByTestId('report-submit').click();
  await expect(row.getByTestId('report-status')).toHaveAttribute('data-status', 'submitted');
  await signOut(page);

  await signIn(page, SECRETARIAT, 'ar');
  await page.getByTestId('nav-plan-validation').click();
  await expect(page.getByTestId('validation-title')).toHaveText(tr('ar', 'actionplan.plan.validation.title'));
  const item = page.locator(`[data-testid="queue-item"][data-code="R2.1"][data-period="${Y - 1}"]`);
  await expect(item.getByTestId('queue-values')).toContainText('44');
  await expectAccessible(page, 'validation queue (ar)');
  await item.getByTestId('queue-validate').click();
  await expect(item).toHaveCount(0);
});

test('late reports are tasks of the lead organisation, linked to the reports to send', async ({ page }) => {
  await signIn(page, 'superviseur.casablanca@opennrm.demo', 'fr');
  await page.getByTestId('nav-tasks').click();
  const task = page.locator('[data-testid="task-row"][data-rule="plan_action_report"]').first();
  await expect(task).toContainText(tr('fr', 'tasks.rules.plan_action_report'));
  await expectAccessible(page, 'tasks with a plan report (fr)');
  await task.getByTestId('task-plan-link').click();
  await expect(page).toHaveURL(/\/action-plan\/reports$/);
  await expect(page.locator('[data-testid="report-due"][data-code="R1.1"]').first()).toBeVisible();
});
