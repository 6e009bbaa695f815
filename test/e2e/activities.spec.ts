/**
 * Prevention and partnership activities in the browser, in French and in Arabic: an organisation records a
 * training with its participants by organisation type × sex, sees the totals computed as it types, then the
 * saved training with its chart of participants by sex and the chart's table. axe-core on each step.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, setLanguage, shot, signIn, tr, type Lang } from './support';

const n = (lang: Lang, v: number) => new Intl.NumberFormat(lang === 'ar' ? 'ar-MA' : 'fr-MA').format(v);

async function recordTraining(page: Page, lang: Lang, title: string, rows: { type: string; women: number; men: number }[]) {
  await page.getByTestId('nav-activities').click();
  await expect(page.getByTestId('activities-title')).toHaveText(tr(lang, 'activities.title'));
  await page.getByTestId('activities-tab-trainings').click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(tr(lang, 'activities.trainings.listTitle').replace(' ({{n}})', '')) })).toBeVisible();
  await page.getByTestId('training-new').click();
  await expect(page.getByTestId('training-form')).toBeVisible();
  await expectAccessible(page, `training form (${lang})`);
  await page.getByTestId('training-title').fill(title);
  await page.getByTestId('training-topics').click();
  await page.getByRole('option', { name: tr(lang, 'activities.topics.identification_indicators') }).click();
  await page.getByRole('option', { name: tr(lang, 'activities.topics.referral_mechanism') }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('training-start').fill('2026-11-02');
  await page.getByTestId('training-end').fill('2026-11-03');
  await page.getByTestId('training-hours').fill('12');
  await page.getByTestId('training-region').selectOption('MA-06');
  for (const r of rows) {
    await page.getByTestId(`grid-${r.type}-women`).fill(String(r.women));
    await page.getByTestId(`grid-${r.type}-men`).fill(String(r.men));
    await expect(page.getByTestId(`grid-${r.type}-total`)).toHaveText(n(lang, r.women + r.men));
  }
  const women = rows.reduce((s, r) => s + r.women, 0);
  const men = rows.reduce((s, r) => s + r.men, 0);
  // Totals are computed while typing, never typed.
  await expect(page.getByTestId('grid-total-women')).toHaveText(n(lang, women));
  await expect(page.getByTestId('grid-total-men')).toHaveText(n(lang, men));
  await expect(page.getByTestId('grid-total')).toHaveText(n(lang, women + men));
  const cellName = tr(lang, 'activities.trainings.cellLabel').replace('{{sex}}', tr(lang, 'activities.women')).replace('{{type}}', tr(lang, `organisationTypes.${rows[0]!.type}`));
  await expect(page.getByRole('textbox', { name: cellName, exact: true })).toHaveValue(String(rows[0]!.women));
  await shot(page, `training-form-${lang}`);
  await page.getByTestId('training-form-save').click();
  await expect(page.getByTestId('training-form')).toHaveCount(0);

  const card = page.getByTestId('training').filter({ hasText: title });
  await expect(card.getByRole('heading', { level: 3 })).toHaveText(title);
  await expect(card.getByTestId('training-status')).toHaveText(tr(lang, 'activities.trainings.participantsBadge').replace('{{n}}', n(lang, women + men)));
  await expect(card.getByTestId('chart-women')).toHaveText(n(lang, women));
  await expect(card.getByTestId('chart-men')).toHaveText(n(lang, men));
  // The chart's table alternative.
  const toggle = card.getByTestId('participants-table-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const table = card.getByTestId('participants-table');
  await expect(table.locator('caption')).toHaveText(tr(lang, 'activities.trainings.tableCaption').replace('{{title}}', title));
  for (const r of rows) {
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: tr(lang, `organisationTypes.${r.type}`), exact: true }) });
    await expect(row.getByRole('cell')).toHaveText([n(lang, r.women), n(lang, r.men), n(lang, r.women + r.men)]);
  }
  await expect(table.locator('tfoot')).toContainText(n(lang, women + men));
  await expectAccessible(page, `trainings with the chart table (${lang})`);
  await shot(page, `trainings-${lang}`);
}

test('an organisation records a training in French and sees the totals and the chart by sex', async ({ page }) => {
  await signIn(page, 'coordinatrice@opennrm.demo', 'fr');
  await recordTraining(page, 'fr', 'Accueillir une victime présumée : premiers gestes', [
    { type: 'police', women: 4, men: 11 },
    { type: 'ngo', women: 6, men: 2 },
  ]);
  // The seeded registers are there too, and the campaigns tab lists them.
  await page.getByTestId('activities-tab-campaigns').click();
  await expect(page.getByTestId('campaign').first()).toBeVisible();
  await expectAccessible(page, 'campaigns (fr)');
});

test('in Arabic the page is mirrored, a training is recorded and its chart stays accessible', async ({ page }) => {
  await signIn(page, 'admin.association@opennrm.demo', 'fr');
  await setLanguage(page, 'ar');
  await recordTraining(page, 'ar', 'التكفل الأولي بالضحايا المفترضين', [
    { type: 'social_services', women: 12, men: 3 },
    { type: 'health', women: 5, men: 1 },
    { type: 'ngo', women: 7, men: 0 },
  ]);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await setLanguage(page, 'fr');
});

test('the secretariat sees every register; an expired agreement is marked so; a signed document is added', async ({ page }) => {
  await signIn(page, 'analyste@opennrm.demo', 'fr');
  await page.getByTestId('nav-activities').click();
  await page.getByTestId('activities-tab-agreements').click();
  const expired = page.getByTestId('agreement').filter({ hasText: 'retour assisté' });
  await expect(expired.getByTestId('agreement-status')).toHaveText(tr('fr', 'activities.agreementStatuses.expired'));
  await page.getByTestId('agreement-filters-status').selectOption('expired');
  await expect(page.getByTestId('agreement')).toHaveCount(1);
  await page.getByTestId('agreement-filters-status').selectOption('');
  const draft = page.getByTestId('agreement').filter({ hasText: 'sensibilisation dans les écoles' });
  await expect(draft).toContainText(tr('fr', 'activities.agreements.noDocument'));
  await draft.getByTestId('agreement-document-input').click();
  await draft.locator('input[type="file"]').setInputFiles({ name: 'programme-conjoint.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await draft.getByTestId('agreement-document-upload').click();
  await expect(draft.getByTestId('agreement-document-download')).toHaveText(tr('fr', 'activities.agreements.download').replace('{{name}}', 'programme-conjoint.pdf'));
  await expectAccessible(page, 'agreements (fr)');
  // A campaign through its form: multi-selects with translated labels, an optional estimate left empty.
  await page.getByTestId('activities-tab-campaigns').click();
  await page.getByTestId('campaign-new').click();
  await page.getByTestId('campaign-title-fr').fill('Ne pas confondre migration et exploitation');
  await page.getByTestId('campaign-title-ar').fill('لا للخلط بين الهجرة والاستغلال');
  await page.getByTestId('campaign-theme').fill('Recrutement frauduleux');
  for (const [field, option] of [['campaign-audiences', 'activities.audiences.migrant_workers'], ['campaign-channels', 'activities.channels.radio']] as const) {
    await page.getByTestId(field).click();
    await page.locator('[data-combobox-option]').filter({ hasText: tr('fr', option) }).first().click();
    await page.keyboard.press('Escape');
  }
  await page.getByTestId('campaign-regions').click();
  await page.getByRole('listbox', { name: tr('fr', 'activities.campaigns.regions') }).getByRole('option', { name: "L'Oriental", exact: true }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('campaign-languages').click();
  await page.getByTestId('campaign-languages').fill('arabe');
  await page.locator('[data-combobox-option]').filter({ hasText: /^arabe$/i }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('campaign-start').fill('2026-11-20');
  await page.getByTestId('campaign-status-field').selectOption('ongoing');
  await page.getByTestId('campaign-organiser').selectOption({ label: 'Association Al Wafae d\'aide aux migrants (Oujda)' });
  await expectAccessible(page, 'campaign form (fr)');
  await page.getByTestId('campaign-form-save').click();
  const campaign = page.getByTestId('campaign').filter({ hasText: 'Ne pas confondre migration et exploitation' });
  await expect(campaign.getByTestId('campaign-status')).toHaveText(tr('fr', 'activities.campaignStatuses.ongoing'));
  await expect(campaign).toContainText(tr('fr', 'activities.notEstimated'));
  await expect(campaign).toContainText(tr('fr', 'activities.audiences.migrant_workers'));
  await page.getByTestId('activities-tab-cooperation').click();
  await expect(page.getByTestId('cooperation').first()).toBeVisible();
  await expectAccessible(page, 'cooperation requests (fr)');
  await shot(page, 'cooperation-fr');
});

test('a justice liaison follows a cooperation request of its office in Arabic: the response time appears', async ({ page }) => {
  await signIn(page, 'parquet.rabat@opennrm.demo', 'fr');
  await setLanguage(page, 'ar');
  await page.getByTestId('nav-activities').click();
  // Only the register of its role.
  await expect(page.getByTestId('activities-tab-cooperation')).toBeVisible();
  await expect(page.getByTestId('activities-tab-campaigns')).toHaveCount(0);
  const request = page.getByTestId('cooperation').filter({ hasText: 'Proposition d’équipe commune d’enquête' });
  await expect(request).toContainText(tr('ar', 'activities.cooperation.noResponse'));
  await request.getByTestId('cooperation-edit').click();
  await page.getByTestId('cooperation-status-field').selectOption('acknowledged');
  await page.getByTestId('cooperation-status-on').fill('2026-10-20');
  await expectAccessible(page, 'cooperation follow-up (ar)');
  await page.getByTestId('cooperation-follow-save').click();
  await expect(request.getByTestId('cooperation-status')).toHaveText(tr('ar', 'activities.cooperationStatuses.acknowledged'));
  await expect(request).toContainText(tr('ar', 'activities.cooperation.days').replace('{{n}}', n('ar', 15)));
  await expectAccessible(page, 'cooperation requests (ar)');
  await shot(page, 'cooperation-ar');
  await setLanguage(page, 'fr');
});
