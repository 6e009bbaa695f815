/**
 * Intake (issue 13) in the browser, in French and in Arabic: a language only ISO 639-3 has (Nigerian Pidgin)
 * found among ~7,900 by typing, an age range with how it was assessed (the person is treated as a child), the
 * journey as legs, the recruitment and the debt, in the registration form, its review and on the case page,
 * and the edit form; axe-core on every page.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, setLanguage, signIn, tr, type Lang } from './support';

async function pick(page: Page, testId: string, typed: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByTestId(testId).fill(typed);
  await page.getByRole('listbox').getByRole('option', { name: option, exact: true }).click();
}

const label = (list: { code: string; label: string }[], code: string) => list.find((i) => i.code === code)!.label;

for (const lang of ['fr', 'ar'] as Lang[]) {
  test(`intake in ${lang}: ISO 639-3 language, age range and assessment, journey, recruitment and debt`, async ({ page }) => {
    await signIn(page, 'association@opennrm.demo', 'fr');
    if (lang !== 'fr') await setLanguage(page, lang);
    const ref = (await (await page.request.get(`/api/v1/reference?lang=${lang}`)).json()) as {
      languages: { code: string; label: string }[]; countries: { code: string; label: string }[];
    };
    const pidgin = label(ref.languages, 'pcm');
    const nigeria = label(ref.countries, 'NG');
    const morocco = label(ref.countries, 'MA');

    await page.getByTestId('nav-register').click();
    await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.person'));
    await page.getByTestId('person-given-names').fill('Blessing');
    await page.getByTestId('person-family-name').fill(`Intake-${lang}`);
    await page.getByRole('radio', { name: tr(lang, 'sex.female'), exact: true }).check();
    await page.getByRole('radio', { name: tr(lang, 'persons.form.ageModes.estimate') }).check();
    await expect(page.getByTestId('person-age-range')).toBeVisible();
    await page.getByTestId('person-age-min').fill('16');
    await page.getByTestId('person-age-max').fill('19');
    await page.getByTestId('person-age-assessment').selectOption('self_declared');
    // The common languages come first: the dropdown opens on them, and typing finds any of the ~7,900.
    await page.getByTestId('person-languages').click();
    const options = page.getByRole('listbox').getByRole('option');
    await expect(options.first()).toHaveText(label(ref.languages, 'ara'));
    expect(await options.count()).toBeLessThanOrEqual(60);
    await page.getByTestId('person-languages').fill(pidgin.slice(0, 6));
    await page.getByRole('listbox').getByRole('option', { name: pidgin, exact: true }).click();
    await page.keyboard.press('Escape');
    await expectAccessible(page, `intake person step (${lang})`);
    await page.getByTestId('stepper-next').click();

    await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.contacts'));
    await page.getByTestId('stepper-next').click();
    await page.getByTestId('case-situation-type').getByRole('radio').first().check();
    await page.getByTestId('case-exploitation-forms').getByRole('checkbox').first().check();
    await page.getByTestId('case-identification-channel').selectOption('ngo_outreach');
    await page.getByTestId('stepper-next').click();

    // The story step: two legs of the journey, the recruitment, the debt.
    await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.story'));
    await page.getByTestId('journey-add').click();
    await pick(page, 'journey-0-from-country', nigeria.slice(0, 4), nigeria);
    await pick(page, 'journey-0-to-country', morocco.slice(0, 4), morocco);
    await page.getByTestId('journey-0-to-city').fill(lang === 'ar' ? 'وجدة' : 'Oujda');
    await page.getByTestId('journey-0-transport').selectOption('truck');
    await page.getByTestId('journey-0-controlled-by').selectOption('smuggler');
    await page.getByTestId('recruitment-by').selectOption('acquaintance');
    await page.getByTestId('recruitment-method').selectOption('job_offer');
    const promise = lang === 'ar' ? 'عمل في صالون حلاقة بإسبانيا' : 'Un travail de coiffeuse en Espagne';
    await page.getByTestId('recruitment-promise').fill(promise);
    await page.getByTestId('debt-owed-to').selectOption('exploiter');
    await page.getByTestId('debt-amount').fill('30000');
    await page.getByTestId('debt-currency').selectOption('EUR');
    await expectAccessible(page, `intake story step (${lang})`);
    await page.getByTestId('stepper-next').click();

    await expect(page.getByTestId('review-step')).toBeVisible();
    await expect(page.getByTestId('review-step')).toContainText(tr(lang, 'persons.view.ageRangeValue').replace('{{min}}', '16').replace('{{max}}', '19'));
    await expect(page.getByTestId('review-step')).toContainText(lang === 'ar' ? 'وجدة' : 'Oujda');
    await expectAccessible(page, `intake review (${lang})`);
    await page.getByTestId('stepper-save').click();
    await expect(page.getByTestId('case-reference')).toHaveText(/^NRM-\d{4}-\d{6}$/);
    // The case header never says the same thing twice (stage "presumed victim" and the identification badge).
    await expect(page.getByTestId('identification-status')).toBeVisible();
    const badges = await page.locator('[data-testid="case-status"], [data-testid="case-stage"], [data-testid="identification-status"]').allTextContents();
    expect(new Set(badges).size).toBe(badges.length);

    // The case page: treated as a child (the range reaches under 18), the language by its name, the journey in order.
    await expect(page.getByTestId('treated-as-child')).toBeVisible();
    await expect(page.getByTestId('case-person')).toContainText(pidgin);
    await expect(page.getByTestId('person-age-assessment-value')).toHaveText(label((await (await page.request.get(`/api/v1/reference?lang=${lang}`)).json()).lists.ageAssessmentMethods, 'self_declared'));
    const legs = page.getByTestId('journey-legs').getByRole('listitem');
    await expect(legs).toHaveCount(1);
    await expect(legs.first()).toContainText(nigeria);
    await expect(legs.first()).toContainText(morocco);
    await expect(page.getByTestId('recruitment-promise-value')).toContainText(promise);
    await expect(page.getByTestId('debt-amount-value')).toContainText('30');
    await expectAccessible(page, `intake case page (${lang})`);

    // The edit form shows the same journey and lets a leg be added.
    await page.getByTestId('case-edit-button').click();
    await expect(page.getByTestId('case-edit-form').getByTestId('journey-leg')).toHaveCount(1);
    await page.getByTestId('journey-add').click();
    await pick(page, 'journey-1-to-country', morocco.slice(0, 4), morocco);
    await page.getByTestId('journey-1-to-city').fill(lang === 'ar' ? 'الدار البيضاء' : 'Casablanca');
    await expectAccessible(page, `intake edit form (${lang})`);
    await page.getByTestId('edit-save').click();
    await expect(page.getByTestId('case-edit-form')).toHaveCount(0);
    await expect(legs).toHaveCount(2);
    await expect(legs.nth(1)).toContainText(lang === 'ar' ? 'الدار البيضاء' : 'Casablanca');
  });
}
