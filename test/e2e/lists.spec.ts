/**
 * The case list as case workers live in it: the total of matching cases, cards on a phone (no sideways
 * scrolling, filters behind a button), and the list downloaded as CSV — only the cases the reader can see,
 * recorded in the audit log.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn, tr, type Lang } from './support';

/** The references a signed-in user can see, from the API with their own session (every page). */
async function visibleReferences(page: Page, query = ''): Promise<string[]> {
  const refs: string[] = [];
  let cursor: string | null = null;
  do {
    const url = `/api/v1/cases?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const body = (await (await page.request.get(url)).json()) as { items: { reference: string }[]; nextCursor: string | null };
    refs.push(...body.items.map((i) => i.reference));
    cursor = body.nextCursor;
  } while (cursor);
  return refs;
}

for (const lang of ['fr', 'ar'] as Lang[]) {
  test(`the case list on a phone shows cards without sideways scrolling (${lang})`, async ({ page }) => {
    await signIn(page, 'association@opennrm.demo', lang);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/cases');
    await expect(page.getByTestId('case-cards')).toBeVisible();
    await expect(page.getByTestId('case-list-table')).toHaveCount(0);
    await expect(page.getByTestId('case-row').first()).toBeVisible();
    // The filters wait behind a button, so the first case is near the top.
    await expect(page.getByTestId('filter-status')).toBeHidden();
    await page.getByTestId('filters-toggle').click();
    await expect(page.getByTestId('filter-status')).toBeVisible();
    await page.getByTestId('filters-toggle').click();
    await expect(page.getByTestId('filter-status')).toBeHidden();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, `case list on a phone (${lang})`);
    // A card opens its case.
    const reference = (await page.getByTestId('case-row-link').first().textContent())!.trim();
    await page.getByTestId('case-row-link').first().click();
    await expect(page.getByText(reference).first()).toBeVisible();
  });
}

test('the case list shows its total and downloads only the visible cases, audited', async ({ page }) => {
  await signIn(page, 'association@opennrm.demo', 'fr');
  await page.goto('/cases');
  const visible = await visibleReferences(page);
  expect(visible.length).toBeGreaterThan(1);
  await expect(page.getByTestId('case-list-total')).toHaveText(tr('fr', 'cases.list.total').replace('{{n}}', String(visible.length)));
  await expect(page.getByTestId('case-list-shown')).toHaveText(tr('fr', 'cases.list.shownOf').replace('{{shown}}', String(Math.min(25, visible.length))));

  const download = page.waitForEvent('download');
  await page.getByTestId('case-list-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^cases-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = fs.readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  expect(lines[0]!.startsWith(tr('fr', 'cases.fields.reference'))).toBe(true);
  const exported = lines.slice(1).map((l) => l.split(',')[0]!);
  expect([...exported].sort()).toEqual([...visible].sort());
  await expect(page.getByText(tr('fr', 'cases.list.exported').replace('{{n}}', String(visible.length)))).toBeVisible();

  // Filters apply to the file too: women only.
  await page.getByTestId('filter-sex').selectOption('female');
  const women = await visibleReferences(page, '&sex=female');
  await expect(page.getByTestId('case-list-total')).toHaveText(tr('fr', 'cases.list.total').replace('{{n}}', String(women.length)));
  const second = page.waitForEvent('download');
  await page.getByTestId('case-list-export').click();
  const womenFile = fs.readFileSync((await (await second).path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((l) => l.split(',')[0]!);
  expect([...womenFile].sort()).toEqual([...women].sort());

  // The data protection officer sees both exports in the audit log, by this person.
  const me = (await (await page.request.get('/api/v1/auth/session')).json()) as { user: { id: string } };
  await page.context().clearCookies();
  await signIn(page, 'dpo@opennrm.demo', 'fr');
  const audit = (await (await page.request.get(`/api/v1/audit?action=case.export&actorUserId=${me.user.id}`)).json()) as { items: { action: string }[] };
  expect(audit.items.filter((e) => e.action === 'case.export')).toHaveLength(2);
});

for (const lang of ['fr', 'ar'] as Lang[]) {
  test(`the case page's parts have their own URLs (${lang})`, async ({ page }) => {
    await signIn(page, 'association@opennrm.demo', lang);
    await page.getByTestId('case-row-link').first().click();
    await expect(page.getByTestId('case-nav')).toBeVisible();
    const caseUrl = page.url().split('#')[0]!;
    // A part chosen in the navigator: its URL, its section on screen, the link marked as the current place.
    await page.getByTestId('case-nav-referrals').click();
    await expect(page).toHaveURL(/#referrals$/);
    await expect(page.locator('#consent')).toBeInViewport();
    await expect(page.getByTestId('case-nav-referrals')).toHaveAttribute('aria-current', 'location');
    // The same URL opened afresh (a link sent to a colleague) opens that part.
    await page.goto(`${caseUrl}#history`);
    await expect(page.locator('#history')).toBeInViewport();
    await expect(page.getByTestId('case-nav-history')).toHaveAttribute('aria-current', 'location');
    await expect(page.getByTestId('case-nav-history')).toHaveText(tr(lang, 'cases.nav.history'));
    await expectAccessible(page, `case page with its navigator (${lang})`);
  });
}
