/**
 * The justice track in the browser, in French and in Arabic: a prosecutor of the Rabat prosecution records a
 * proceeding, links two victims managed by the Casablanca association, grants anonymity to one, records her
 * claim as a civil party (an order is refused before the judgment), schedules a hearing and records a defendant;
 * the association's case worker then sees the hearing (with its preparation deadline), the measure and the claim
 * on her case, and nothing about the defendant. A commission analyst
 * reads the statistics feed. axe-core on each page.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, localDay, shot, signIn, tr, type Lang } from './support';

const PROSECUTOR = 'parquet.rabat@opennrm.demo';
const NGO_WORKER = 'association@opennrm.demo';
const NGO_NAME = 'Association Nour';
const day = (offset: number) => localDay(offset);

async function signOut(page: Page) {
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('login-email')).toBeVisible();
}

async function linkVictim(page: Page, lang: Lang, count: number) {
  const form = page.getByTestId('victim-link');
  const select = form.getByTestId('victim-case');
  await expect(select.locator('option', { hasText: NGO_NAME }).first()).toBeAttached();
  const value = await select.locator('option', { hasText: NGO_NAME }).first().getAttribute('value');
  await select.selectOption(value!);
  await form.getByRole('checkbox', { name: tr(lang, 'justice.victimRoles.witness') }).check();
  await form.getByTestId('victim-link-submit').click();
  await expect(page.getByTestId('justice-victim')).toHaveCount(count);
}

for (const lang of ['fr', 'ar'] as const) {
  test(`a prosecutor records a proceeding with two victims; the NGO sees the hearing and the measure, not the defendant (${lang})`, async ({ page }) => {
    test.setTimeout(180_000);
    const suspect = lang === 'ar' ? { given: 'ياسين', family: 'مشتبه-اختبار' } : { given: 'Yassine', family: 'Suspect-Essai' };

    // 1. The prosecutor opens the justice track and records a proceeding.
    await signIn(page, PROSECUTOR, lang);
    await page.getByTestId('nav-justice').click();
    await expect(page.locator('h1')).toHaveText(tr(lang, 'justice.list.title'));
    await expectAccessible(page, `proceedings (${lang})`);
    await page.getByTestId('proceeding-new').click();
    await expect(page.locator('h1')).toHaveText(tr(lang, 'justice.create.title'));
    await page.getByTestId('proceeding-police-ref').fill('PV 771/2026');
    await page.getByTestId('proceeding-court-of-appeal').fill(lang === 'ar' ? 'محكمة الاستئناف بالرباط' : "Cour d'appel de Rabat");
    // Impossible dates are refused with a clear message on the field.
    await page.getByTestId('proceeding-offences').getByRole('checkbox').first().check();
    await page.getByTestId('proceeding-stage-select').selectOption('investigation');
    await page.getByTestId('proceeding-date-complaint').fill(day(-20));
    await page.getByTestId('proceeding-date-investigation').fill(day(-40));
    await page.getByTestId('proceeding-save').click();
    await expect(page.getByText(tr(lang, 'validation.before_previous_stage'))).toBeVisible();
    await expectAccessible(page, `proceeding form with an error (${lang})`);
    await page.getByTestId('proceeding-date-investigation').fill(day(-10));
    await shot(page, `justice-new-${lang}`);
    await page.getByTestId('proceeding-save').click();
    await expect(page.getByTestId('proceeding-reference')).toHaveText(/^JUS-\d{4}-\d{6}$/);
    const proceedingUrl = new URL(page.url()).pathname;
    const proceedingReference = (await page.getByTestId('proceeding-reference').textContent())!.trim();

    // 2. Two victims of the association, from the cases shared with the prosecution.
    await linkVictim(page, lang, 1);
    await linkVictim(page, lang, 2);
    const first = page.getByTestId('justice-victim').first();
    const reference = (await first.getAttribute('data-case-reference'))!;
    // Minimum data only: no name, no address.
    await expect(first).toContainText(tr(lang, 'justice.victims.sexAge'));

    // 3. Anonymity, granted by the prosecutor.
    const measure = first.getByTestId('measure-form');
    await measure.getByTestId('measure-type').selectOption('anonymity');
    await measure.getByTestId('measure-requested-by').selectOption('ngo');
    await measure.getByTestId('measure-requested-on').fill(day(-9));
    await measure.getByRole('radio', { name: tr(lang, 'justice.measureStatuses.granted'), exact: true }).check();
    await measure.getByTestId('measure-submit').click();
    await expect(measure.getByText(tr(lang, 'validation.required')).first()).toBeVisible();
    await measure.getByTestId('measure-decided-by').selectOption('prosecutor');
    await measure.getByTestId('measure-decided-on').fill(day(-8));
    await measure.getByTestId('measure-submit').click();
    await expect(first.locator('[data-testid="measure-row"][data-measure="anonymity"][data-status="granted"]')).toBeVisible();

    // 3b. The victim's claim as a civil party; an order is refused before the judgment.
    const lawyer = lang === 'ar' ? 'الأستاذة سميرة العلمي' : 'Maître Samira Alami';
    await first.getByTestId('compensation-open').click();
    const claim = page.getByTestId('compensation-dialog').getByRole('dialog');
    await expect(claim).toBeVisible();
    await claim.getByTestId('claim-filed-on').fill(day(-9));
    await claim.getByTestId('claim-amount').fill('150000');
    await claim.getByTestId('claim-represented-by').selectOption('legal_aid_lawyer');
    await claim.getByTestId('claim-representative').fill(lawyer);
    await expectAccessible(page, `civil-party claim (${lang})`);
    await claim.getByTestId('compensation-submit').click();
    await expect(page.getByTestId('compensation-dialog')).toHaveCount(0);
    await expect(first.getByTestId('victim-compensation-representative')).toContainText(lawyer);
    await expect(first.getByTestId('victim-compensation-order')).toContainText(tr(lang, 'justice.compensation.noOrder'));
    await expect(first).toContainText(tr(lang, 'justice.victimRoles.civil_party'));
    await first.getByTestId('compensation-open').click();
    const edit = page.getByTestId('compensation-dialog').getByRole('dialog');
    await edit.getByTestId('claim-order-instance').selectOption('first_instance');
    await edit.getByTestId('claim-ordered-on').fill(day(-1));
    await edit.getByTestId('claim-amount-ordered').fill('80000');
    await edit.getByTestId('compensation-submit').click();
    await expect(edit.getByText(tr(lang, 'validation.compensation_needs_judgment'))).toBeVisible();
    await expectAccessible(page, `compensation order refused before the judgment (${lang})`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('compensation-dialog')).toHaveCount(0);

    // 4. A hearing in ten days: the association gets a preparation deadline for each victim.
    const hearing = page.getByTestId('hearing-form');
    await hearing.getByTestId('hearing-kind').selectOption('trial');
    await hearing.getByTestId('hearing-date').fill(day(10));
    await hearing.getByTestId('hearing-time').fill('09:30');
    await hearing.getByTestId('hearing-place').fill(lang === 'ar' ? 'القاعة 1' : 'Salle 1');
    await hearing.getByTestId('hearing-submit').click();
    await expect(page.getByTestId('hearings-section').getByTestId('hearing-row')).toHaveCount(1);

    // 5. A defendant, whose identity only justice users see.
    const defendant = page.getByTestId('defendant-form');
    await defendant.getByTestId('defendant-given-names').fill(suspect.given);
    await defendant.getByTestId('defendant-family-name').fill(suspect.family);
    await defendant.getByTestId('defendant-sex').getByRole('radio', { name: tr(lang, 'sex.male'), exact: true }).check();
    await defendant.getByTestId('defendant-age-group').selectOption('35_49');
    await defendant.getByTestId('defendant-relationship').selectOption('employer');
    await defendant.getByRole('checkbox', { name: tr(lang, 'justice.defendantRoles.exploiter') }).check();
    await defendant.getByTestId('defendant-submit').click();
    await expect(page.getByTestId('defendant-name')).toHaveText(`${suspect.given} ${suspect.family}`);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `proceeding page (${lang})`);
    await shot(page, `justice-proceeding-${lang}`);

    // The need-to-know dialog asks for a reason first.
    await first.getByTestId('reveal-open').click();
    await expect(page.getByTestId('reveal-dialog').getByRole('dialog')).toBeVisible();
    await expectAccessible(page, `need-to-know dialog (${lang})`);
    await page.keyboard.press('Escape');
    await signOut(page);

    // 6. The association's case worker: the notification leads to the case, with the hearing and the measure.
    await signIn(page, NGO_WORKER, lang);
    await expect(page.getByTestId('nav-justice')).toHaveCount(0);
    await page.getByTestId('notification-bell').click();
    const item = page.locator('[data-testid="notification-item"][data-kind="hearing_scheduled"]').filter({ hasText: reference }).first();
    await expect(item).toContainText(tr(lang, 'notifications.kinds.hearing_scheduled'));
    await expectAccessible(page, `notifications (${lang})`);
    await item.getByTestId('notification-case-link').click();
    await expect(page.getByTestId('case-reference')).toHaveText(reference);
    const section = page.getByTestId('case-justice').getByTestId('case-proceeding').filter({ hasText: proceedingReference });
    await expect(section.getByTestId('hearing-row').filter({ hasText: lang === 'ar' ? 'القاعة 1' : 'Salle 1' })).toBeVisible();
    await expect(section.locator('[data-testid="measure-row"][data-measure="anonymity"][data-status="granted"]')).toContainText(tr(lang, 'justice.measureTypes.anonymity'));
    await expect(page.locator('[data-testid="task-row"][data-rule="hearing_preparation"]').first()).toContainText(tr(lang, 'tasks.rules.hearing_preparation'));
    // The victim's own claim, with its representative; no order yet.
    await expect(section.getByTestId('case-compensation-claim')).toBeVisible();
    await expect(section.getByTestId('case-compensation-representative')).toContainText(lawyer);
    await expect(section.getByTestId('case-compensation-representative')).toContainText(tr(lang, 'justice.claimRepresentatives.legal_aid_lawyer'));
    await expect(section.getByTestId('case-compensation-order')).toContainText(tr(lang, 'justice.compensation.noOrder'));
    // Nothing about the defendant, anywhere on the page or through the API.
    await expect(page.getByText(suspect.family)).toHaveCount(0);
    await expect(page.getByText(suspect.given)).toHaveCount(0);
    expect((await page.request.get(`/api/v1${proceedingUrl}`.replace('/justice/', '/justice/proceedings/'))).status()).toBe(404);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `case page with the justice section (${lang})`);
    await shot(page, `justice-case-${lang}`);
  });
}

for (const lang of ['fr', 'ar'] as const) {
  test(`a commission analyst reads the justice statistics, small cells hidden (${lang})`, async ({ page }) => {
    await signIn(page, 'analyste@opennrm.demo', lang);
    await page.getByTestId('nav-justice-statistics').click();
    await expect(page.locator('h1')).toHaveText(tr(lang, 'justice.statistics.title'));
    await expect(page.getByTestId('stats-suspects').getByTestId('cell-value').first()).toBeVisible();
    await expect(page.getByTestId('stats-stages')).toContainText(tr(lang, 'justice.stages.final'));
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `justice statistics (${lang})`);
    await shot(page, `justice-statistics-${lang}`);
  });
}
