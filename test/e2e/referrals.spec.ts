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
  await page.getByRole('listbox').getByRole('option', { name: option, exact: true }).click();
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
  const arabic = reference.languages.find((l) => l.code === 'ara')!.label;
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
  await expect(categories.locator('input[type="checkbox"][value="identity"]')).toBeChecked();
  await expect(categories.locator('input[type="checkbox"][value="health"]')).toBeChecked();
  for (const c of ['contact', 'exploitation_story', 'documents']) {
    await expect(categories.locator(`input[type="checkbox"][value="${c}"]`)).toBeDisabled();
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

  // A stay of 3 nights from today (a stay cannot start before the referral was sent), counted from the dates.
  await page.getByTestId('delivery-add').click();
  const form = page.getByTestId('delivery-form');
  await form.getByTestId('delivery-date').fill(dayInCasablanca(0));
  await form.getByTestId('delivery-end-date').fill(dayInCasablanca(3));
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

const SUPERVISOR = 'coordinatrice@opennrm.demo';
const RABAT = 'social.rabat@opennrm.demo';
const RABAT_ORG = 'Entraide nationale — Délégation de Rabat';
const RABAT_SHELTER = "Hébergement d'urgence — Entraide nationale Rabat";

test('a provider updates its free places, a case is transferred to another organisation, a supervisor reads the flows (fr)', async ({ page }) => {
  test.setTimeout(180_000);
  const lang = 'fr' as const;
  // The shelter says how many places are free now; the badge shows it with "updated …".
  await signIn(page, SHELTER, lang);
  await page.getByTestId('nav-services').click();
  const own = page.locator('[data-testid="service-card"][data-own="true"]').filter({ hasText: SHELTER_SERVICE });
  await own.getByTestId('capacity-input').fill('5');
  await own.getByTestId('capacity-save').click();
  await expect(own.getByTestId('service-capacity')).toHaveAttribute('data-available', '5');
  await own.getByTestId('service-edit').click();
  const dialog = page.getByTestId('service-form-dialog');
  await expect(dialog.getByTestId('service-name')).toHaveValue(SHELTER_SERVICE);
  await expectAccessible(page, 'service edit form (fr)');
  await dialog.getByTestId('service-opening-hours').fill('Tous les jours, 24 h/24');
  await dialog.getByTestId('service-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(own).toContainText('Tous les jours, 24 h/24');
  // A new service of the shelter, published in the directory (no places counted).
  await page.getByTestId('service-create').click();
  const create = page.getByTestId('service-form-dialog');
  await create.getByTestId('service-save').click();
  await expect(create.getByText(tr(lang, 'validation.required')).first()).toBeVisible();
  await create.getByTestId('service-name').fill('Accompagnement aux démarches de santé');
  await create.getByTestId('service-type').selectOption('medical');
  const lists = (await (await page.request.get(`/api/v1/reference?lang=${lang}`)).json()) as { languages: { code: string; label: string }[]; regions: { code: string; label: string }[] };
  const tangier = lists.regions.find((r) => r.code === 'MA-01')!.label;
  const french = lists.languages.find((l) => l.code === 'fra')!.label;
  await pick(page, 'service-regions', tangier.slice(0, 5), tangier);
  await page.keyboard.press('Escape');
  await pick(page, 'service-languages', french.slice(0, 4), french);
  await page.keyboard.press('Escape');
  await create.getByTestId('service-staff-sexes').getByRole('checkbox', { name: tr(lang, 'sex.female'), exact: true }).check();
  await expectAccessible(page, 'service creation form (fr)');
  await create.getByTestId('service-save').click();
  await expect(create).toHaveCount(0);
  const created = page.locator('[data-testid="service-card"][data-own="true"]').filter({ hasText: 'Accompagnement aux démarches de santé' });
  await expect(created.getByTestId('service-capacity')).toHaveText(tr(lang, 'referrals.services.capacity.notCounted'));
  await signOut(page);

  // The NGO asks the Rabat social services to take a case over; nothing changes until they accept.
  await signIn(page, NGO, lang);
  const reference = await registerCase(page, lang, { given: 'Nadia', family: 'Essai-Transfert', age: 31 }, false);
  // A consent for any emergency shelter (identity only), and a referral to the Rabat one.
  const consent = page.getByTestId('consent-section');
  await consent.getByTestId('consent-add').click();
  await consent.getByRole('radio', { name: tr(lang, 'referrals.consent.purposes.sharing'), exact: true }).check();
  await consent.getByRole('radio', { name: tr(lang, 'referrals.consent.recipientKinds.serviceType'), exact: true }).check();
  await consent.getByTestId('consent-recipient-service-type').selectOption('emergency_shelter');
  await consent.getByRole('checkbox', { name: tr(lang, 'referrals.categories.identity'), exact: true }).check();
  await consent.getByRole('radio', { name: tr(lang, 'referrals.consent.methods.written'), exact: true }).check();
  await pick(page, 'consent-language', 'fran', french);
  await consent.getByTestId('consent-save').click();
  await expect(consent.getByTestId('consent-recipient')).toContainText(tr(lang, 'referrals.serviceTypes.emergency_shelter'));
  const referrals = page.getByTestId('referrals-section');
  await referrals.getByTestId('refer-start').click();
  await referrals.getByTestId('service-filter-type').selectOption('emergency_shelter');
  await referrals.getByTestId('service-filter-region').selectOption('MA-04');
  await referrals.getByTestId('service-card').filter({ hasText: RABAT_SHELTER }).getByTestId('service-choose').click();
  await expect(referrals.locator('[data-testid="referral-categories"] input[type="checkbox"][value="identity"]')).toBeChecked();
  await expect(referrals.locator('[data-testid="referral-categories"] input[type="checkbox"][value="health"]')).toBeDisabled();
  await referrals.getByTestId('referral-reason').fill("Besoin d'un hébergement à Rabat dès cette semaine.");
  await referrals.getByTestId('referral-submit').click();
  await expect(referrals.getByTestId('referral-row').getByTestId('referral-status')).toHaveText(tr(lang, 'referrals.statuses.sent'));

  const section = page.getByTestId('transfer-section');
  await section.getByTestId('transfer-start').click();
  await pick(page, 'transfer-organisation', 'Entraide nationale — Délégation de R', RABAT_ORG);
  await section.getByTestId('transfer-reason').fill('La personne s\'installe à Rabat auprès de sa sœur.');
  await expectAccessible(page, 'transfer request (fr)');
  await section.getByTestId('transfer-submit').click();
  await expect(section.getByTestId('transfer-item')).toHaveAttribute('data-status', 'pending');
  await expect(section.getByTestId('transfer-start')).toHaveCount(0);
  await expect(section.getByTestId('transfer-cancel')).toBeVisible();
  await signOut(page);

  // Rabat has no place this week: it declines the referral, with a reason.
  await signIn(page, RABAT, lang);
  await page.getByTestId('nav-referrals').click();
  await page.locator(`[data-testid="referral-row"][data-case-reference="${reference}"]`).getByTestId('referral-link').click();
  await page.getByTestId('referral-action-decline').click();
  const decline = page.getByTestId('referral-action-dialog');
  await decline.getByTestId('referral-action-confirm').click();
  await expect(decline.getByText(tr(lang, 'validation.required'))).toBeVisible();
  await decline.getByTestId('referral-action-reason').selectOption('no_capacity');
  await decline.getByTestId('referral-action-note').fill('Complet jusqu\'à lundi.');
  await expectAccessible(page, 'decline dialog (fr)');
  await decline.getByTestId('referral-action-confirm').click();
  await expect(page.getByTestId('referral-detail-status')).toHaveText(tr(lang, 'referrals.statuses.declined'));
  await expect(page.locator('[data-testid="referral-event"][data-action="decline"]')).toContainText(tr(lang, 'referrals.reasons.no_capacity'));
  await page.getByTestId('nav-referrals').click();
  await page.getByTestId('inbox-tab-transfers').click();
  const incoming = page.getByTestId('transfers-incoming').getByTestId('transfer-item').filter({ hasText: reference });
  await expect(incoming).toHaveAttribute('data-status', 'pending');
  await expectAccessible(page, 'transfers tab (fr)');
  await incoming.getByTestId('transfer-accept').click();
  await expect(page.getByTestId('transfer-respond-dialog')).toContainText(RABAT_ORG);
  await page.getByTestId('transfer-confirm').click();
  await expect(page.getByTestId('transfers-incoming').getByTestId('transfer-item').filter({ hasText: reference })).toHaveAttribute('data-status', 'accepted');
  await page.getByTestId('transfers-incoming').getByTestId('transfer-item').filter({ hasText: reference }).getByTestId('transfer-case-link').click();
  await expect(page.getByTestId('case-reference')).toHaveText(reference);
  await expect(page.getByTestId('transfer-section').getByTestId('transfer-item')).toHaveAttribute('data-status', 'accepted');
  await expect(page.getByTestId('pathway-section').locator('[data-testid="pathway-event"][data-kind="transfer"][data-code="accepted"]')).toHaveCount(1);
  await expectAccessible(page, 'transferred case (fr)');
  await signOut(page);

  // The declined referral waits in the NGO's queue until someone follows it up.
  await signIn(page, NGO, lang);
  await page.getByTestId('nav-referrals').click();
  await page.getByTestId('inbox-tab-outgoing').click();
  await page.getByTestId('referral-views-outgoing').getByText(tr(lang, 'referrals.inbox.views.outgoing.followUp')).click();
  const declined = page.locator(`[data-testid="referral-row"][data-case-reference="${reference}"]`);
  await expect(declined).toHaveAttribute('data-status', 'declined');
  await expect(declined.getByTestId('referral-follow-up')).toBeVisible();
  await expectAccessible(page, 'outgoing, follow-up needed (fr)');
  await declined.getByTestId('referral-link').click();
  await expect(page.getByTestId('referral-needs-follow-up')).toBeVisible();
  await page.getByTestId('referral-action-acknowledge').click();
  await page.getByTestId('referral-action-confirm').click();
  await expect(page.getByTestId('referral-needs-follow-up')).toHaveCount(0);
  await expect(page.getByTestId('referral-action-acknowledge')).toHaveCount(0);
  await signOut(page);

  // A supervisor of the NGO reads who refers to whom (the referrals of the first test and the demo data).
  await signIn(page, SUPERVISOR, lang);
  await page.getByTestId('nav-referral-stats').click();
  await expect(page.locator('h1')).toHaveText(tr(lang, 'referrals.stats.title'));
  await expect(page.getByTestId('stats-referrals-value')).toHaveText(/\d+/);
  // The demo data has referrals between organisation types: the matrix, its table and the CSV file.
  await expect(page.getByTestId('stats-row').first()).toBeVisible();
  await expect(page.getByTestId('stats-matrix').locator('[data-from][data-to]').first()).toHaveAttribute('data-value', /[1-9]/);
  const download = page.waitForEvent('download');
  await page.getByTestId('stats-csv').click();
  expect((await download).suggestedFilename()).toMatch(/^referral-flows.*\.csv$/);
  await expectAccessible(page, 'referral statistics (fr)');
  await shot(page, 'referral-stats-fr');
});

test('a child is referred to child protection without consent, recorded as such (fr)', async ({ page }) => {
  test.setTimeout(120_000);
  const lang = 'fr' as const;
  await signIn(page, NGO, lang);
  // registerCase estimates the person's age at 16: a child.
  await registerCase(page, lang, { given: 'Yasmine', family: 'Essai-Protection' }, false);
  const section = page.getByTestId('referrals-section');
  await section.getByTestId('refer-start').click();
  await expect(section.getByTestId('service-filter-audience').getByRole('radio', { name: tr(lang, 'referrals.audiences.children') })).toBeChecked();
  await section.getByTestId('service-filter-type').selectOption('child_protection');
  await section.getByTestId('service-card').first().getByTestId('service-choose').click();
  const form = section.getByTestId('referral-form');
  await expect(form.getByTestId('referral-child-protection')).toBeVisible();
  await expect(form.getByRole('radio', { name: tr(lang, 'referrals.refer.childProtectionOption') })).toBeChecked();
  for (const c of ['identity', 'contact', 'health', 'exploitation_story', 'documents']) await expect(form.locator(`input[type="checkbox"][value="${c}"]`)).toBeEnabled();
  await expect(form.locator('input[type="checkbox"][value="contact"]')).toBeChecked();
  await form.getByTestId('referral-reason').fill("Enfant seule, sans représentant légal : évaluation et placement nécessaires.");
  await expectAccessible(page, 'child-protection referral form (fr)');
  await form.getByTestId('referral-submit').click();
  const row = section.getByTestId('referral-row');
  await expect(row.getByTestId('referral-status')).toHaveText(tr(lang, 'referrals.statuses.sent'));
  await row.getByTestId('referral-link').click();
  await expect(page.getByTestId('referral-basis-child-protection')).toBeVisible();
  await expectAccessible(page, 'child-protection referral (fr)');
});
