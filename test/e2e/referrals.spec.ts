/**
 * Referrals in the browser, in French and in Arabic: an NGO case worker registers a case, records the
 * person's consent to share identity and health with the Tangier shelter, and refers her to the shelter
 * (searching the directory); the shelter's user finds the referral in her inbox, accepts it and records a
 * stay of 3 nights; the NGO worker sees the status and the stay, then withdraws the consent; the shelter
 * can no longer open the case and the referral is closed. The directory page (list, map, filters) is
 * visited too. axe-core on every page.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, registerCase, shot, signIn, tr, type Lang } from './support';

const NGO = 'association@opennrm.demo';
const SHELTER = 'foyer.tanger@opennrm.demo';
const SHELTER_ORG = "Foyer spécialisé d'accueil des victimes de la traite (Tanger)";
const SHELTER_SERVICE = 'Foyer spécialisé — hébergement des victimes de la traite';

const TEXT = {
  fr: {
    person: { given: 'Salma', family: 'Essai-Orientation', age: 29 },
    reason: "Besoin d'un hébergement sûr à Tanger, loin de l'employeur.",
    message: 'Arrivée prévue demain matin, accompagnée par notre assistante sociale.',
    withdrawReason: 'La personne préfère ne plus partager ces informations.',
  },
  ar: {
    person: { given: 'سلمى', family: 'تجربة-الإحالة', age: 29 },
    reason: 'تحتاج إلى إيواء آمن في طنجة بعيدًا عن المشغل.',
    message: 'الوصول مرتقب صباح الغد برفقة مساعدتنا الاجتماعية.',
    withdrawReason: 'لم يعد الشخص يرغب في مشاركة هذه المعلومات.',
  },
} as const;

/** A calendar day in Casablanca, `days` from today. */
function dayInCasablanca(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

async function signOut(page: Page) {
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('login-email')).toBeVisible();
}

async function openCase(page: Page, reference: string) {
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('case-search').fill(reference);
  await page.getByTestId('case-search-submit').click();
  await page.getByTestId('case-row').filter({ hasText: reference }).getByTestId('case-row-link').click();
  await expect(page.getByTestId('case-reference')).toHaveText(reference);
}

async function pick(page: Page, testId: string, typed: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByTestId(testId).fill(typed);
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function directory(page: Page, lang: Lang) {
  await page.getByTestId('nav-services').click();
  await expect(page.locator('h1')).toHaveText(tr(lang, 'referrals.services.title'));
  await expect(page.getByTestId('service-card').first()).toBeVisible();
  // The map counts the services per region; choosing Tanger-Tétouan-Al Hoceïma filters the list.
  const map = page.getByTestId('region-map');
  await expect(map.locator('path[data-region="MA-01"]')).toHaveAttribute('data-value', /[1-9]/);
  await map.locator('path[data-region="MA-01"]').click();
  await expect(page.getByTestId('service-filter-region')).toHaveValue('MA-01');
  await expect(page).toHaveURL(/region=MA-01/);
  const shelter = page.getByTestId('service-card').filter({ hasText: SHELTER_SERVICE });
  await expect(shelter).toBeVisible();
  await expect(shelter.getByTestId('service-capacity')).toContainText(tr(lang, 'referrals.services.capacity.free').split('{{')[0]!.trim());
  // Specialised shelters in the region, then only those with a free place.
  await page.getByTestId('service-filter-type').selectOption('specialised_shelter');
  await expect(page.getByTestId('service-card')).toHaveCount(1);
  await page.getByTestId('service-filter-available').check();
  await expect(shelter).toBeVisible();
  // The same numbers as a table (keyboard and screen readers).
  await map.locator('summary').click();
  await expect(page.getByTestId('region-map-table').locator('tr[data-region="MA-01"]')).toBeVisible();
  await expectAccessible(page, `services directory (${lang})`);
  await shot(page, `services-directory-${lang}`);
}

async function recordConsent(page: Page, lang: Lang) {
  const section = page.getByTestId('consent-section');
  await expect(section.getByTestId('consent-none')).toBeVisible();
  await section.getByTestId('consent-add').click();
  const form = section.getByTestId('consent-form');
  await form.getByRole('radio', { name: tr(lang, 'referrals.consent.purposes.sharing'), exact: true }).check();
  await pick(page, 'consent-recipient-organisation', 'Foyer', SHELTER_ORG);
  await form.getByRole('checkbox', { name: tr(lang, 'referrals.categories.identity'), exact: true }).check();
  await form.getByRole('checkbox', { name: tr(lang, 'referrals.categories.health'), exact: true }).check();
  await form.getByRole('radio', { name: tr(lang, 'referrals.consent.methods.oral'), exact: true }).check();
  await form.getByRole('checkbox', { name: tr(lang, 'referrals.consent.interpreterUsed') }).check();
  const reference = (await (await page.request.get(`/api/v1/reference?lang=${lang}`)).json()) as { languages: { code: string; label: string }[] };
  const arabic = reference.languages.find((l) => l.code === 'ar')!.label;
  await pick(page, 'consent-language', arabic.slice(0, 3), arabic);
  await expectAccessible(page, `consent form (${lang})`);
  await shot(page, `consent-form-${lang}`);
  await form.getByTestId('consent-save').click();
  const item = section.getByTestId('consent-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-state', 'active');
  await expect(item.getByTestId('consent-recipient')).toHaveText(SHELTER_ORG);
  await expect(item.getByTestId('consent-categories-value')).toContainText(tr(lang, 'referrals.categories.identity'));
  await expect(item.getByTestId('consent-categories-value')).toContainText(tr(lang, 'referrals.categories.health'));
}

async function refer(page: Page, lang: Lang) {
  const section = page.getByTestId('referrals-section');
  await expect(section.getByTestId('referrals-none')).toBeVisible();
  await section.getByTestId('refer-start').click();
  const flow = section.getByTestId('refer-flow');
  // The search starts in the case's region (Casablanca-Settat): the shelter is in Tangier.
  await expect(flow.getByTestId('service-filter-region')).toHaveValue('MA-06');
  await flow.getByTestId('service-filter-type').selectOption('specialised_shelter');
  await flow.getByTestId('service-filter-region').selectOption('MA-01');
  await expectAccessible(page, `referral: choose a service (${lang})`);
  await flow.getByTestId('service-card').filter({ hasText: SHELTER_SERVICE }).getByTestId('service-choose').click();
  const form = flow.getByTestId('referral-form');
  await expect(form.getByTestId('referral-form-service')).toContainText(SHELTER_SERVICE);
  // The minimum for a shelter (identity, health) is ticked; what the consent does not cover cannot be.
  const categories = form.getByTestId('referral-categories');
  await expect(categories.locator('input[value="identity"]')).toBeChecked();
  await expect(categories.locator('input[value="health"]')).toBeChecked();
  for (const c of ['contact', 'exploitation_story', 'documents']) {
    await expect(categories.locator(`input[value="${c}"]`)).toBeDisabled();
  }
  await expect(categories).toContainText(tr(lang, 'referrals.refer.notCovered'));
  await form.getByRole('radio', { name: tr(lang, 'referrals.urgencies.urgent'), exact: true }).check();
  await form.getByTestId('referral-reason').fill(TEXT[lang as 'fr' | 'ar'].reason);
  await form.getByTestId('referral-message').fill(TEXT[lang as 'fr' | 'ar'].message);
  await expectAccessible(page, `referral form (${lang})`);
  await shot(page, `referral-form-${lang}`);
  await form.getByTestId('referral-submit').click();
  await expect(flow).toHaveCount(0);
  const row = section.getByTestId('referral-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('referral-status')).toHaveText(tr(lang, 'referrals.statuses.sent'));
  await expect(row.getByTestId('referral-urgency')).toHaveText(tr(lang, 'referrals.urgencies.urgent'));
}

async function shelterAccepts(page: Page, lang: Lang, reference: string) {
  await page.getByTestId('nav-referrals').click();
  await expect(page.locator('h1')).toHaveText(tr(lang, 'referrals.inbox.title'));
  const row = page.locator(`[data-testid="referral-row"][data-case-reference="${reference}"]`);
  await expect(row).toHaveAttribute('data-status', 'sent');
  await expect(row.getByTestId('referral-respond-by')).toBeVisible();
  await expectAccessible(page, `referrals inbox (${lang})`);
  await shot(page, `referrals-inbox-${lang}`);
  await row.getByTestId('referral-link').click();
  // Before accepting: what will be shared, why, and a profile that does not identify the person.
  await expect(page.getByTestId('referral-shared')).toContainText(tr(lang, 'referrals.categories.health'));
  await expect(page.getByTestId('referral-reason-text')).toHaveText(TEXT[lang as 'fr' | 'ar'].reason);
  await expect(page.getByTestId('referral-profile')).toBeVisible();
  await expect(page.getByTestId('referral-action-decline')).toBeVisible();
  await expect(page.getByTestId('referral-action-revoke')).toHaveCount(0);
  await expectAccessible(page, `referral detail, to answer (${lang})`);
  await page.getByTestId('referral-action-accept').click();
  await expect(page.getByTestId('referral-action-dialog')).toContainText(tr(lang, 'referrals.categories.identity'));
  await expectAccessible(page, `accept dialog (${lang})`);
  await page.getByTestId('referral-action-confirm').click();
  await expect(page.getByTestId('referral-detail-status')).toHaveText(tr(lang, 'referrals.statuses.accepted'));

  // A stay of 3 nights, counted from the dates.
  await page.getByTestId('delivery-add').click();
  const form = page.getByTestId('delivery-form');
  await form.getByTestId('delivery-date').fill(dayInCasablanca(-3));
  await form.getByTestId('delivery-end-date').fill(dayInCasablanca(0));
  await expect(form.getByTestId('delivery-unit')).toHaveValue('nights');
  await form.getByTestId('delivery-use-nights').click();
  await expect(form.getByTestId('delivery-units')).toHaveValue('3');
  await expectAccessible(page, `delivery form (${lang})`);
  await shot(page, `delivery-form-${lang}`);
  await form.getByTestId('delivery-save').click();
  await expect(page.getByTestId('delivery-item')).toHaveAttribute('data-units', '3');
  await expect(page.getByTestId('referral-detail-status')).toHaveText(tr(lang, 'referrals.statuses.in_progress'));
  await expectAccessible(page, `referral with a stay (${lang})`);

  // The shelter now sees the case, through the referral's grant.
  await page.getByTestId('referral-case-link').click();
  await expect(page.getByTestId('case-reference')).toHaveText(reference);
  await expect(page.getByTestId('access-grant')).toBeVisible();
  await expect(page.getByTestId('received-referrals-section').getByTestId('referral-row')).toHaveCount(1);
  await expectAccessible(page, `shared case page (${lang})`);
}

async function ngoSeesAndWithdraws(page: Page, lang: Lang, reference: string) {
  await openCase(page, reference);
  const section = page.getByTestId('referrals-section');
  const row = section.getByTestId('referral-row');
  await expect(row.getByTestId('referral-status')).toHaveText(tr(lang, 'referrals.statuses.in_progress'));
  // The pathway shows the consent, the referral and the stay.
  const pathway = page.getByTestId('pathway-section');
  await expect(pathway.locator('[data-testid="pathway-event"][data-kind="service"]')).toContainText('3');
  await expect(pathway.locator('[data-testid="pathway-event"][data-kind="consent"]')).toHaveCount(1);
  await expectAccessible(page, `case page with a referral (${lang})`);
  await shot(page, `case-referrals-${lang}`);
  await row.getByTestId('referral-link').click();
  await expect(page.getByTestId('delivery-item')).toHaveAttribute('data-unit', 'nights');
  await expect(page.getByTestId('delivery-summary')).toContainText(tr(lang, 'referrals.units.nights'));
  await expect(page.getByTestId('delivery-add')).toHaveCount(0);
  await expect(page.getByTestId('referral-action-revoke')).toBeVisible();
  await expectAccessible(page, `referral detail, sender (${lang})`);
  await page.getByTestId('referral-case-link').click();

  // Withdrawing the consent: the dialog says that access ends at once.
  const consent = page.getByTestId('consent-section');
  await consent.getByTestId('consent-withdraw').click();
  const dialog = page.getByTestId('consent-withdraw-dialog');
  await expect(dialog).toContainText(SHELTER_ORG);
  await dialog.getByTestId('consent-withdraw-reason').fill(TEXT[lang as 'fr' | 'ar'].withdrawReason);
  await expectAccessible(page, `withdraw consent dialog (${lang})`);
  await shot(page, `consent-withdraw-${lang}`);
  await dialog.getByTestId('confirm-button').click();
  await expect(consent.getByTestId('consent-item')).toHaveAttribute('data-state', 'withdrawn');
  await expect(section.getByTestId('referral-row').getByTestId('referral-status')).toHaveText(tr(lang, 'referrals.statuses.closed'));
  await expectAccessible(page, `case page after withdrawal (${lang})`);
}

async function shelterLosesAccess(page: Page, lang: Lang, caseId: string, reference: string) {
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expectAccessible(page, `case not available (${lang})`);
  // The referral has ended for the shelter too.
  await page.getByTestId('nav-referrals').click();
  await page.getByTestId('referral-views-incoming').getByText(tr(lang, 'referrals.inbox.views.incoming.ended')).click();
  const row = page.locator(`[data-testid="referral-row"][data-case-reference="${reference}"]`);
  await expect(row).toHaveAttribute('data-status', 'closed');
  await expectAccessible(page, `inbox, ended (${lang})`);
  await row.getByTestId('referral-link').click();
  await expect(page.getByTestId('referral-detail-status')).toHaveText(tr(lang, 'referrals.statuses.closed'));
  await expect(page.getByTestId('delivery-add')).toHaveCount(0);
  await expect(page.getByTestId('referral-action-accept')).toHaveCount(0);
}

for (const lang of ['fr', 'ar'] as const) {
  test(`consent, referral to a shelter, a stay, withdrawal (${lang})`, async ({ page }) => {
    test.setTimeout(240_000);
    await signIn(page, NGO, lang);
    if (lang === 'fr') await directory(page, lang);
    const reference = await registerCase(page, lang, TEXT[lang].person, false);
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await recordConsent(page, lang);
    await refer(page, lang);
    await signOut(page);

    await signIn(page, SHELTER, lang);
    await shelterAccepts(page, lang, reference);
    await signOut(page);

    await signIn(page, NGO, lang);
    await ngoSeesAndWithdraws(page, lang, reference);
    await signOut(page);

    await signIn(page, SHELTER, lang);
    await shelterLosesAccess(page, lang, caseId, reference);
    if (lang === 'ar') await directory(page, lang);
  });
}
