/**
 * The red-flags quick screen in the browser, in French and in Arabic: a first responder opens it, sees
 * the "no sign" advice, ticks two signs and sees the advice with the count and the ILO/EC indicators to
 * explore, opens the guidance (trafficking, smuggling or labour-law violation). axe-core on the page.
 */
import { expect, test, type Page } from '@playwright/test';
import type { TQuickScreenView } from '../../src/contract/screening';
import { expectAccessible, setLanguage, shot, signIn, tr, type Lang } from './support';

const FIRST_RESPONDER = 'police.casablanca@opennrm.demo';
/** Documents kept by someone else, and little or no pay. */
const TICKED = ['RF-01', 'RF-06'];

async function quickScreen(page: Page, lang: Lang): Promise<TQuickScreenView> {
  return (await (await page.request.get(`/api/v1/screening/quick?lang=${lang}`)).json()) as TQuickScreenView;
}

async function checkQuickScreen(page: Page, lang: Lang) {
  const view = await quickScreen(page, lang);
  const flags = view.groups.flatMap((g) => g.flags);
  await expect(page.getByTestId('quick-title')).toHaveText(tr(lang, 'quickScreen.title'));
  await expect(page.getByTestId('quick-intro')).toContainText(tr(lang, 'quickScreen.intro.notProof'));
  // Every sign, under its group, as a checkbox; nothing ticked yet.
  for (const g of view.groups) await expect(page.getByRole('group', { name: g.label })).toBeVisible();
  await expect(page.getByRole('checkbox')).toHaveCount(flags.length);
  const live = page.getByTestId('quick-result-live');
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await expect(page.getByTestId('quick-advice')).toHaveAttribute('data-advice', 'none');
  await expect(live).toContainText(view.advice.none);
  await expect(page.getByTestId('quick-indicators')).toHaveCount(0);

  // Two signs ticked: the advice, the count and the indicators they corroborate.
  for (const id of TICKED) {
    const flag = flags.find((f) => f.id === id)!;
    const box = page.getByRole('checkbox', { name: flag.text });
    await box.check();
    await expect(box).toBeChecked();
  }
  await expect(page.getByTestId('quick-advice')).toHaveAttribute('data-advice', 'flags');
  await expect(live).toContainText(view.advice.flags);
  await expect(page.getByTestId('quick-count')).toHaveText(tr(lang, 'quickScreen.result.count').replace('{{n}}', '2'));
  const labels = [...new Set(flags.filter((f) => TICKED.includes(f.id)).flatMap((f) => f.corroborates.map((c) => c.label)))];
  expect(labels.length).toBeGreaterThan(1);
  await expect(page.getByTestId('quick-indicator')).toHaveText(labels);
  await expect(page.getByTestId('quick-register')).toHaveAttribute('href', '/cases/new');

  // The guidance: three headings that unfold.
  const guidance = page.getByTestId('quick-guidance');
  await expect(guidance.getByRole('heading', { level: 2 })).toHaveText(tr(lang, 'quickScreen.guidance.title'));
  expect(view.guidance.map((g) => g.id)).toEqual(['trafficking', 'smuggling', 'labour_violation']);
  for (const g of view.guidance) {
    const control = guidance.getByRole('button', { name: g.title });
    await expect(control).toHaveAttribute('aria-expanded', 'false');
    await control.click();
    await expect(control).toHaveAttribute('aria-expanded', 'true');
    await expect(guidance.getByText(g.text)).toBeVisible();
  }
  await expectAccessible(page, `quick screen (${lang})`);
  await shot(page, `quick-screen-${lang}`);
  return view;
}

test('a first responder runs the red-flags quick screen in French, from the case list', async ({ page }) => {
  await signIn(page, FIRST_RESPONDER, 'fr');
  await expect(page.getByTestId('nav-quick-screen')).toHaveText(tr('fr', 'nav.quickScreen'));
  await page.getByTestId('quick-screen-link').click();
  await expect(page).toHaveURL(/\/quick-screen$/);
  await expect(page.getByTestId('nav-quick-screen')).toHaveAttribute('aria-current', 'page');
  const view = await checkQuickScreen(page, 'fr');
  // Not opened from a case: no full screening to start.
  await expect(page.getByTestId('quick-start-screening')).toHaveCount(0);
  // Everything can be unticked at once; the advice goes back to "no sign".
  await page.getByTestId('quick-clear').click();
  await expect(page.getByRole('checkbox', { checked: true })).toHaveCount(0);
  await expect(page.getByTestId('quick-result-live')).toContainText(view.advice.none);
  await expect(page.getByRole('heading', { name: tr('fr', 'quickScreen.flagsTitle') })).toBeFocused();
});

test('in Arabic, the quick screen opened from a case leads to the full screening', async ({ page }) => {
  await signIn(page, FIRST_RESPONDER, 'fr');
  await setLanguage(page, 'ar');
  // A case the first responder's organisation manages.
  const caseLink = page.getByTestId('case-row-link').first();
  await caseLink.click();
  await expect(page.getByTestId('case-reference')).toBeVisible();
  const caseId = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByTestId('quick-screen-link').click();
  await expect(page).toHaveURL(new RegExp(`/quick-screen\\?caseId=${caseId}$`));
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await checkQuickScreen(page, 'ar');
  await expect(page.getByTestId('quick-back-to-case')).toHaveAttribute('href', `/cases/${caseId}`);
  await page.getByTestId('quick-start-screening').click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/screening$`));
  await expect(page.getByTestId('step-title')).toHaveText(tr('ar', 'screening.steps.conditions'));
  await setLanguage(page, 'fr');
});
