/**
 * The web app on a bad network (issue 18): a page opened while offline shows the app's own message (not the
 * router's developer page), in the interface language, with the navigation still there, and loads by itself
 * once the connection is back; an offline banner says what works. The built files are served compressed,
 * hashed assets cached for a year, index.html revalidated.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, setLanguage, signIn, tr, type Lang } from './support';

for (const lang of ['fr', 'ar'] as Lang[]) {
  test(`going offline mid-navigation shows the app's message and recovers when back online (${lang})`, async ({ page, context }) => {
    await signIn(page, 'association@opennrm.demo', 'fr');
    if (lang !== 'fr') await setLanguage(page, lang);
    await expect(page.getByTestId('nav-tasks')).toBeVisible();
    await context.setOffline(true);
    await expect(page.getByTestId('offline-banner')).toContainText(tr(lang, 'resilience.offlineTitle'));
    // The tasks page's code has not been loaded yet: it cannot be fetched now.
    await page.getByTestId('nav-tasks').click();
    const error = page.getByTestId('route-error');
    await expect(error).toHaveAttribute('data-kind', 'offline');
    await expect(error).toContainText(tr(lang, 'resilience.offlineBody'));
    await expect(page.getByText('Unexpected Application Error')).toHaveCount(0);
    // The navigation is still there, and the page passes axe.
    await expect(page.getByTestId('nav-cases')).toBeVisible();
    await expectAccessible(page, `offline route error (${lang})`);
    await context.setOffline(false);
    await expect(page.getByTestId('route-error')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByTestId('nav-tasks')).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  });
}

test('the built app is served compressed; hashed assets are immutable, index.html is revalidated', async ({ request }) => {
  const index = await request.get('/', { headers: { 'accept-encoding': 'br, gzip' } });
  expect(index.status()).toBe(200);
  expect(index.headers()['cache-control']).toBe('no-cache');
  const html = await index.text();
  const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  for (const [encoding, expected] of [['br', 'br'], ['gzip', 'gzip'], ['identity', undefined]] as const) {
    const r = await request.get(script!, { headers: { 'accept-encoding': encoding } });
    expect(r.status()).toBe(200);
    expect(r.headers()['content-encoding']).toBe(expected);
    expect(r.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    // Decoded, it is the same script whatever the encoding.
    expect((await r.body()).length).toBeGreaterThan(10_000);
  }
});
