/**
 * Accountability in the browser: the data protection officer reads the register of processing activities (and
 * switches the document to Arabic), records a breach discovered yesterday, sees its notification deadline, marks
 * the CNDP notified; then in Arabic the page is mirrored and the breach is listed as notified. axe-core on each state.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, localDay, shot, signIn, tr } from './support';
import processing from '../../data/config/processing.json' with { type: 'json' };

const DPO = 'dpo@opennrm.demo';
const dayFirst = (iso: string) => iso.split('-').reverse().join('/');

test('the data protection officer reads the register and records a breach (fr)', async ({ page }) => {
  await signIn(page, DPO, 'fr');
  await page.getByTestId('nav-accountability').click();
  await expect(page.locator('h1')).toHaveText(tr('fr', 'accountability.title'));
  await expect(page.getByTestId('processing-activity')).toHaveCount(processing.activities.length);
  const identification = page.locator('[data-activity="identification"]');
  await expect(identification).toContainText(processing.activities[0]!.purpose.fr);
  await expect(identification).toContainText(tr('fr', 'retention.kinds.case'));
  await expect(page.getByTestId('security-measures').locator('li')).toHaveCount(9);
  await expect(page.getByTestId('breaches-empty')).toBeVisible();
  await expectAccessible(page, 'register and breaches (fr)');

  // The document in Arabic, for an Arabic-speaking reader at the CNDP.
  await page.getByTestId('register-language').selectOption('ar');
  await expect(identification).toContainText(processing.activities[0]!.name.ar);
  await expect(page.getByTestId('register-download')).toHaveAttribute('href', /lang=ar&format=download/);

  // A breach discovered yesterday morning.
  await page.getByTestId('breach-new').click();
  const form = page.getByTestId('breach-form');
  await form.getByTestId('breach-save').click();
  await expect(form.getByText(tr('fr', 'validation.required')).first()).toBeVisible();
  await form.getByTestId('breach-date').pressSequentially(dayFirst(localDay(-1)));
  await form.getByTestId('breach-time').fill('08:30');
  await form.getByTestId('breach-nature-confidentiality').check();
  await form.getByTestId('breach-category-identity').check();
  await form.getByTestId('breach-persons').fill('4');
  await form.getByTestId('breach-description').fill("Un export de cas a été envoyé par erreur à une adresse externe.");
  await expectAccessible(page, 'breach form (fr)');
  await form.getByTestId('breach-save').click();
  await expect(page.getByTestId('breach-form')).toHaveCount(0);
  const breach = page.getByTestId('breach');
  await expect(breach).toHaveCount(1);
  await expect(breach).toHaveAttribute('data-status', 'open');
  await expect(breach.getByTestId('breach-deadline')).toContainText(tr('fr', 'accountability.breaches.notifyBy').split('{{at}}')[0]!.trim());
  await expect(breach).toContainText(tr('fr', 'accountability.natures.confidentiality'));

  await breach.getByTestId('breach-notified').click();
  await expect(breach.getByTestId('breach-deadline')).toContainText(tr('fr', 'accountability.breaches.notified').split('{{at}}')[0]!.trim());
  await expect(breach.getByTestId('breach-notified')).toHaveCount(0);
  await expectAccessible(page, 'breach notified (fr)');
  await shot(page, 'accountability-fr');
});

test('in Arabic the register and the breach log are mirrored and accessible', async ({ page }) => {
  await signIn(page, DPO, 'ar');
  await page.getByTestId('nav-accountability').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('h1')).toHaveText(tr('ar', 'accountability.title'));
  await expect(page.locator('[data-activity="referral"]')).toContainText(processing.activities[1]!.name.ar);
  const breach = page.getByTestId('breach');
  await expect(breach).toHaveCount(1);
  await expect(breach.getByTestId('breach-deadline')).toContainText(tr('ar', 'accountability.breaches.notified').split('{{at}}')[0]!.trim());
  await breach.getByTestId('breach-close').click();
  await expect(breach).toHaveAttribute('data-status', 'closed');
  await expectAccessible(page, 'register and breaches (ar)');
  await shot(page, 'accountability-ar');
});
