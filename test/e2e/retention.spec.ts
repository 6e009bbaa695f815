/**
 * The retention schedule in the browser: the data protection officer reviews what is due (the demo's archive:
 * three cases of the association closed about six years ago, past the default 60 months), runs the schedule,
 * follows its progress and reads its report; the figures drop to zero and the run is listed. Then in Arabic the
 * page is mirrored, the earlier run is listed with who started it, and a second run finds nothing to do.
 * axe-core on every new state.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, shot, signIn, tr, type Lang } from './support';

const DPO = 'dpo@opennrm.demo';
const DPO_NAME = 'Youssef Alaoui';

async function openRetention(page: Page, lang: Lang) {
  await signIn(page, DPO, lang);
  await page.getByTestId('nav-retention').click();
  await expect(page.locator('h1')).toHaveText(tr(lang, 'retention.title'));
  await expect(page.getByTestId('retention-schedule')).toBeVisible();
}

const caseRule = (page: Page) => page.locator('[data-testid="retention-rule"][data-kind="case"]');

async function runNow(page: Page, lang: Lang) {
  await page.getByTestId('retention-run-now').click();
  const dialog = page.getByTestId('retention-run-confirm');
  await expect(dialog).toContainText(tr(lang, 'retention.run.confirmTitle'));
  await expectAccessible(page, `confirm the run (${lang})`);
  await dialog.getByTestId('confirm-button').click();
  const result = page.getByTestId('retention-run-result');
  await expect(result).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  return result;
}

test('the data protection officer reviews what is due and runs the schedule (fr)', async ({ page }) => {
  await openRetention(page, 'fr');
  // Every kind of record of the schedule, with its clock, period and action in plain words.
  await expect(page.getByTestId('retention-rule')).toHaveCount(9);
  await expect(caseRule(page)).toContainText(tr('fr', 'retention.kinds.case'));
  await expect(caseRule(page)).toContainText(tr('fr', 'retention.clocks.case_closed'));
  await expect(caseRule(page)).toContainText(tr('fr', 'retention.period.years').replace('{{n}}', '5'));
  await expect(caseRule(page)).toContainText(tr('fr', 'retention.actions.anonymise'));
  // The archive is due now.
  await expect(caseRule(page).getByTestId('retention-rule-due')).toHaveText('3');
  await expect(page.getByTestId('retention-due-now')).not.toHaveText('0');
  await expect(page.getByTestId('retention-runs-empty')).toBeVisible();
  await expectAccessible(page, 'retention schedule (fr)');
  await shot(page, 'retention-fr');

  const result = await runNow(page, 'fr');
  await expect(result.locator('[data-kind="case"]')).toContainText(tr('fr', 'retention.report.anonymise').replace('{{n}}', '3'));
  await expectAccessible(page, 'run finished (fr)');

  // The figures are counted again: nothing is due for cases any more, and the run is listed.
  await expect(caseRule(page).getByTestId('retention-rule-due')).toHaveText('0');
  const run = page.getByTestId('retention-run').first();
  await expect(run).toHaveAttribute('data-status', 'done');
  await expect(run).toContainText(DPO_NAME);
  await expect(run).toContainText(tr('fr', 'retention.runs.statuses.done'));
  await expect(run.locator('[data-kind="case"]')).toContainText(tr('fr', 'retention.report.anonymise').replace('{{n}}', '3'));
  await shot(page, 'retention-run-fr');
});

test('in Arabic the retention page is mirrored, lists the earlier run, and a new run finds nothing due', async ({ page }) => {
  await openRetention(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(caseRule(page)).toContainText(tr('ar', 'retention.kinds.case'));
  await expect(caseRule(page).getByTestId('retention-rule-due')).toHaveText('0');
  await expect(page.getByTestId('retention-run').first()).toContainText(DPO_NAME);
  await expectAccessible(page, 'retention schedule (ar)');

  const result = await runNow(page, 'ar');
  await expect(result).toContainText(tr('ar', 'retention.run.finished.done'));
  await expect(page.getByTestId('retention-run')).toHaveCount(2);
  await expectAccessible(page, 'run finished (ar)');
  await shot(page, 'retention-ar');
});
