/**
 * Browser journeys on the real server (demo data, SQLite) in Debian's Chromium: sign in, register a case
 * in French and in Arabic (layout mirrored), find it in the list, and axe-core on every page.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, registerCase, setLanguage, shot, signIn, tr } from './support';

async function findInList(page: Page, query: string, reference: string) {
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('case-search').fill(query);
  await page.getByTestId('case-search-submit').click();
  await expect(page.getByTestId('case-row').filter({ hasText: reference })).toHaveCount(1);
}

test('a case worker registers a case in French and finds it in the list', async ({ page }) => {
  await signIn(page, 'association@opennrm.demo', 'fr');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByTestId('case-row').first()).toBeVisible();
  await expectAccessible(page, 'case list (fr)');
  await shot(page, 'case-list-fr');
  const reference = await registerCase(page, 'fr', { given: 'Mariam', family: 'Essai-Navigateur' });
  await findInList(page, reference, reference);
  await findInList(page, 'mariam essai-navigateur', reference);
  // The person page of the new case.
  await page.getByTestId('case-row-link').filter({ hasText: reference }).click();
  await page.getByTestId('person-link').click();
  await expect(page.getByText('Essai-Navigateur').first()).toBeVisible();
  await expectAccessible(page, 'person page (fr)');
});

test('in Arabic the whole layout is mirrored, and a case registered with Arabic names is found', async ({ page }) => {
  await signIn(page, 'association@opennrm.demo', 'fr');
  await setLanguage(page, 'ar');
  await expect(page.getByTestId('nav-cases')).toHaveText(tr('ar', 'nav.cases'));
  // Mirrored: the navigation sits to the right of the main content.
  const nav = await page.locator('nav').first().boundingBox();
  const main = await page.locator('main').first().boundingBox();
  expect(nav && main && nav.x > main.x).toBe(true);
  await expectAccessible(page, 'case list (ar)');
  await shot(page, 'case-list-ar');
  const reference = await registerCase(page, 'ar', { given: 'فاطمة الزهراء', family: 'التجريبي' });
  await findInList(page, 'فاطمه التجريبي', reference);
  await shot(page, 'case-list-search-ar');
  await setLanguage(page, 'fr');
});

test('sign-in explains itself: wrong password, and the demo second-factor notice', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByTestId('login-page')).toBeVisible();
  await expectAccessible(page, 'login (fr)');
  await page.getByTestId('login-email').fill('admin@opennrm.demo');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByText(tr('fr', 'errors.INVALID_CREDENTIALS'))).toBeVisible();
  await page.getByTestId('login-password').fill('Demo-OpenNRM-2026');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('mfa-waived-notice')).toBeVisible();
  await shot(page, 'admin-home-fr');
});

for (const lang of ['fr', 'ar'] as const) {
  test(`administration and audit pages are accessible (${lang})`, async ({ page }) => {
    await signIn(page, 'admin@opennrm.demo', lang);
    for (const [nav, name] of [['nav-organisations', 'organisations'], ['nav-users', 'users'], ['nav-audit', 'audit']] as const) {
      await page.getByTestId(nav).click();
      await expect(page.locator('h1')).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expectAccessible(page, `${name} (${lang})`);
      await shot(page, `${name}-${lang}`);
    }
    await page.goto('/no-such-page');
    await expect(page.locator('h1')).toBeVisible();
    await expectAccessible(page, `not found (${lang})`);
  });
}

test('a shelter sees a shared case without the parts it was not given', async ({ page }) => {
  await signIn(page, 'foyer.tanger@opennrm.demo', 'fr');
  // A case managed by another organisation and shared with the shelter (demo grants).
  const row = page.getByTestId('case-row').filter({ hasNotText: 'Foyer spécialisé' }).first();
  await expect(row).toBeVisible();
  await row.getByTestId('case-row-link').click();
  await expect(page.getByTestId('access-grant')).toBeVisible();
  await expect(page.getByTestId('case-edit-button')).toHaveCount(0);
  await expectAccessible(page, 'shared case (fr)');
  await shot(page, 'shared-case-fr');
});

test('the API documentation renders under the strict content security policy', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('/api/docs');
  await expect(page.getByText('OpenNRM API').first()).toBeVisible();
  // Every module's operations are listed under its tag (collapsed); the last module's tag is there too.
  const spec = (await (await page.request.get('/api/docs/json')).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
  const tags = new Set(Object.values(spec.paths).flatMap((ops) => Object.values(ops).flatMap((o) => o.tags ?? [])));
  expect(tags.size).toBeGreaterThan(15);
  await expect(page.locator('.opblock-tag')).toHaveCount(tags.size);
  await page.locator('.opblock-tag', { hasText: /^cases/ }).first().click();
  await expect(page.getByText('/api/v1/cases').first()).toBeVisible();
  expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
});
