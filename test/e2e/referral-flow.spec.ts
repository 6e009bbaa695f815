/**
 * The referral flow without dead ends (issue 18), in French and in Arabic: an NGO case worker starts a
 * referral on a new case that has NO consent. The flow says so up front; the search for a specialised
 * shelter in the case's region (Casablanca-Settat, none there) proposes the nearest regions' shelters,
 * nearest first; the service cards are compact (four fit on a 1280×800 screen). Choosing the Tangier
 * shelter asks for the person's consent inside the flow (pre-filled for that organisation), and once it is
 * recorded the referral form follows, limited to what the consent covers, and the referral is sent. In
 * French the first consent leaves health out: the form says so, and a wider consent is recorded in the flow.
 * axe-core on every step.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, registerCase, shot, signIn, tr, type Lang } from './support';

const NGO = 'association@opennrm.demo';
const SHELTER_ORG = "Foyer spécialisé d'accueil des victimes de la traite (Tanger)";
const SHELTER_SERVICE = 'Foyer spécialisé — hébergement des victimes de la traite';

const TEXT = {
  fr: { person: { given: 'Hind', family: 'Essai-Sans-Consentement', age: 27 }, reason: "Besoin d'un hébergement sûr, loin de l'employeur." },
  ar: { person: { given: 'هند', family: 'تجربة-دون-موافقة', age: 27 }, reason: 'تحتاج إلى إيواء آمن بعيدًا عن المشغل.' },
} as const;

async function reference(page: Page, lang: Lang) {
  return (await (await page.request.get(`/api/v1/reference?lang=${lang}`)).json()) as { languages: { code: string; label: string }[]; regions: { code: string; label: string }[] };
}

async function pick(page: Page, testId: string, typed: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByTestId(testId).fill(typed);
  await page.getByRole('listbox').getByRole('option', { name: option, exact: true }).click();
}

for (const lang of ['fr', 'ar'] as const) {
  test(`a referral on a case without consent reaches "sent" in one flow; an empty region proposes the nearest (${lang})`, async ({ page }) => {
    test.setTimeout(180_000);
    const ref = await reference(page, lang);
    const regionName = (code: string) => ref.regions.find((r) => r.code === code)!.label;
    await signIn(page, NGO, lang);
    await registerCase(page, lang, TEXT[lang].person, false);
    const section = page.getByTestId('referrals-section');
    await expect(page.getByTestId('consent-section').getByTestId('consent-none')).toBeVisible();
    await section.getByTestId('refer-start').click();
    const flow = section.getByTestId('refer-flow');

    // Up front: no consent yet, and it will be recorded in this flow.
    await expect(flow.getByTestId('refer-consent-first')).toContainText(tr(lang, 'referrals.refer.consentFirst.title'));
    await expect(flow.getByTestId('service-filter-region')).toHaveValue('MA-06');

    // Compact cards: every need in the region, at least four cards fit in the 800-pixel-high window.
    await expect(flow.getByTestId('service-card').nth(3)).toBeVisible();
    const heights = await flow.getByTestId('service-card').evaluateAll((cards) => cards.slice(0, 4).map((c) => c.getBoundingClientRect().height));
    expect(heights).toHaveLength(4);
    expect(heights.reduce((a, b) => a + b, 0) + 3 * 8, `heights ${heights.join(', ')}`).toBeLessThan(800 * 0.8);
    await expect(flow.getByTestId('service-card').first().getByTestId('service-consent')).toHaveAttribute('data-consent', 'needed');

    // No specialised shelter in Casablanca-Settat: the nearest regions' shelters, said plainly, nearest first.
    await flow.getByTestId('service-filter-type').selectOption('specialised_shelter');
    const widened = flow.getByTestId('service-widened');
    await expect(widened).toBeVisible();
    await expect(widened).toHaveAttribute('data-from-region', 'MA-06');
    await expect(widened).toContainText(regionName('MA-06'));
    await expect(widened).toContainText(tr(lang, 'referrals.serviceTypes.specialised_shelter'));
    await expect(widened.getByTestId('service-widened-regions')).toContainText(regionName('MA-01'));
    await expect(flow.getByTestId('service-list')).toHaveAttribute('data-widened', 'true');
    const distances = (await flow.getByTestId('service-card').evaluateAll((cards) => cards.map((c) => Number(c.getAttribute('data-distance'))))) as number[];
    expect(distances.length).toBeGreaterThanOrEqual(2);
    expect(distances.every((d) => d > 0)).toBe(true);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    const shelter = flow.getByTestId('service-card').filter({ hasText: SHELTER_SERVICE });
    await expect(shelter.getByTestId('service-card-region')).toHaveText(regionName('MA-01'));
    await expect(shelter.getByTestId('service-card-distance')).toContainText(`${await shelter.getAttribute('data-distance')} `);
    await expectAccessible(page, `referral: nearest regions proposed (${lang})`);
    await shot(page, `referral-widened-${lang}`);

    // Choosing the Tangier shelter: the consent comes first, in the flow, pre-filled for the shelter's organisation.
    await shelter.getByTestId('service-choose').click();
    const step = flow.getByTestId('referral-consent-step');
    await expect(step.getByTestId('referral-no-consent')).toContainText(tr(lang, 'referrals.refer.consentStep.title'));
    const consent = step.getByTestId('referral-consent-form');
    await expect(consent.getByRole('radio', { name: tr(lang, 'referrals.consent.purposes.sharing'), exact: true })).toBeChecked();
    await expect(consent.getByTestId('consent-recipient-organisation')).toHaveValue(SHELTER_ORG);
    await expect(consent.getByRole('checkbox', { name: tr(lang, 'referrals.categories.identity'), exact: true })).toBeChecked();
    await expect(consent.getByRole('checkbox', { name: tr(lang, 'referrals.categories.health'), exact: true })).toBeChecked();
    await expect(consent.getByRole('checkbox', { name: tr(lang, 'referrals.categories.contact'), exact: true })).not.toBeChecked();
    const arabic = ref.languages.find((l) => l.code === 'ara')!.label;
    const fillConsent = async (form: typeof consent) => {
      await form.getByRole('radio', { name: tr(lang, 'referrals.consent.methods.oral'), exact: true }).check();
      await form.getByRole('checkbox', { name: tr(lang, 'referrals.consent.interpreterUsed') }).check();
      await pick(page, 'consent-language', arabic.slice(0, 3), arabic);
    };
    await fillConsent(consent);
    await expectAccessible(page, `referral: consent in the flow (${lang})`);
    await shot(page, `referral-consent-step-${lang}`);
    const form = flow.getByTestId('referral-form');
    const categories = form.getByTestId('referral-categories');
    if (lang === 'fr') {
      // The person first agrees to share her identity only: the referral form says what the shelter will not
      // get and keeps health unticked and locked; a wider consent is recorded without leaving the flow.
      await consent.getByRole('checkbox', { name: tr(lang, 'referrals.categories.health'), exact: true }).uncheck();
      await consent.getByTestId('consent-save').click();
      await expect(form.getByTestId('referral-consent-recorded')).toBeVisible();
      await expect(form.getByTestId('referral-consent-gap')).toContainText(tr(lang, 'referrals.categories.health'));
      await expect(categories.locator('input[type="checkbox"][value="identity"]')).toBeChecked();
      await expect(categories.locator('input[type="checkbox"][value="health"]')).toBeDisabled();
      await expect(categories.locator('input[type="checkbox"][value="health"]')).not.toBeChecked();
      await expectAccessible(page, `referral form, consent narrower than the minimum (${lang})`);
      await form.getByTestId('referral-consent-new').click();
      const wider = flow.getByTestId('referral-consent-form');
      await expect(wider.getByRole('checkbox', { name: tr(lang, 'referrals.categories.health'), exact: true })).toBeChecked();
      await fillConsent(wider);
      await wider.getByTestId('consent-save').click();
      await expect(form.getByTestId('referral-consent').getByRole('radio')).toHaveCount(2);
    } else {
      await consent.getByTestId('consent-save').click();
      await expect(form.getByTestId('referral-consent').getByRole('radio')).toHaveCount(1);
    }

    // The referral form follows, on the consent just recorded; what it does not cover cannot be ticked.
    await expect(form.getByTestId('referral-consent-recorded')).toBeVisible();
    await expect(form.getByTestId('referral-form-service')).toContainText(SHELTER_SERVICE);
    const latest = form.getByTestId('referral-consent').getByRole('radio', { checked: true });
    await expect(latest).toHaveCount(1);
    await expect(categories.locator('input[type="checkbox"][value="identity"]')).toBeChecked();
    await expect(categories.locator('input[type="checkbox"][value="health"]')).toBeChecked();
    for (const c of ['contact', 'exploitation_story', 'documents']) await expect(categories.locator(`input[type="checkbox"][value="${c}"]`)).toBeDisabled();
    await expect(form.getByTestId('referral-consent-gap')).toHaveCount(0);
    await form.getByRole('radio', { name: tr(lang, 'referrals.urgencies.high'), exact: true }).check();
    await form.getByTestId('referral-reason').fill(TEXT[lang].reason);
    await expectAccessible(page, `referral form after the consent (${lang})`);
    await form.getByTestId('referral-submit').click();

    // Sent, and the consent is on the case.
    await expect(flow).toHaveCount(0);
    const row = section.getByTestId('referral-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('referral-status')).toHaveText(tr(lang, 'referrals.statuses.sent'));
    const item = page.getByTestId('consent-section').getByTestId('consent-item');
    await expect(item).toHaveCount(lang === 'fr' ? 2 : 1);
    for (const k of await item.all()) await expect(k.getByTestId('consent-recipient')).toHaveText(SHELTER_ORG);
    await expectAccessible(page, `case page after the referral (${lang})`);
  });
}
