/**
 * Forms in the browser, in French and in Arabic: dates are typed and shown day first (dd/mm/yyyy) whatever
 * the browser's locale, and sent as YYYY-MM-DD; every control shows a clearly visible focus ring (at least
 * 2px, not transparent, 3:1 on white) when reached with the keyboard. axe-core on the pages.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, shot, signIn, tr, type Lang } from './support';

const FIRST_RESPONDER = 'police.casablanca@opennrm.demo';
const COORDINATOR = 'coordinatrice@opennrm.demo';
const INTL: Record<Lang, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

/** How the app shows a calendar date (src/web/ui/dates.ts). */
const shown = (lang: Lang, iso: string) => new Intl.DateTimeFormat(INTL[lang], { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(`${iso}T00:00:00Z`));

/** Registration up to the situation step, with the least the person step needs. */
async function toSituationStep(page: Page, lang: Lang, given: string) {
  await page.getByTestId('nav-register').click();
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.person'));
  await page.getByTestId('person-given-names').fill(given);
  await page.getByTestId('person-family-name').fill('Datefirst');
  await page.getByRole('radio', { name: tr(lang, 'sex.female'), exact: true }).check();
  await page.getByRole('radio', { name: tr(lang, 'persons.form.ageModes.estimate') }).check();
  await page.getByTestId('person-estimated-age').fill('24');
  await page.getByTestId('stepper-next').click();
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.contacts'));
  await page.getByTestId('stepper-next').click();
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.situation'));
}

for (const lang of ['fr', 'ar'] as const) {
  test(`a date typed day first is read day first and saved as such (${lang})`, async ({ page }) => {
    await signIn(page, FIRST_RESPONDER, lang);
    await toSituationStep(page, lang, lang === 'ar' ? 'سلمى' : 'Salma');
    await page.getByTestId('case-situation-type').getByRole('radio').first().check();
    await page.getByTestId('case-exploitation-forms').getByRole('checkbox').nth(3).check();
    await page.getByTestId('case-identification-channel').selectOption('ngo_outreach');
    const date = page.getByTestId('case-identified-on');
    await expect(date).toHaveAttribute('placeholder', tr(lang, 'dates.placeholder'));

    // Not a date (there is no 31 February): the step does not go on, and says how to write the date.
    await date.fill('');
    await date.pressSequentially('31/02/2025');
    await page.getByTestId('case-identification-channel').focus();
    await expect(date).toHaveValue('31/02/2025');
    await page.getByTestId('stepper-next').click();
    await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.situation'));
    await expect(page.getByText(tr(lang, 'validation.date'))).toBeVisible();
    await expectAccessible(page, `invalid date (${lang})`);

    // 5 March 2025, typed day first; the calendar opened by the field is accessible too.
    await date.fill('');
    await date.pressSequentially('5/3/2025');
    await expect(page.locator('[data-dates-dropdown]')).toBeVisible();
    await expectAccessible(page, `date field with its calendar (${lang})`);
    await shot(page, `date-calendar-${lang}`);
    await page.getByTestId('case-identification-channel').focus();
    await expect(date).toHaveValue('05/03/2025');
    await page.getByTestId('stepper-next').click();
    await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.story'));
    await page.getByTestId('stepper-next').click();
    await expect(page.getByTestId('review-step')).toBeVisible();
    await expect(page.getByTestId('review-step')).toContainText(shown(lang, '2025-03-05'));

    const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/cases');
    await page.getByTestId('stepper-save').click();
    const body = (await sent).postDataJSON() as { case?: { identifiedOn?: string }; identifiedOn?: string };
    expect(body.case?.identifiedOn ?? body.identifiedOn).toBe('2025-03-05');
    await expect(page.getByTestId('case-reference')).toHaveText(/^NRM-\d{4}-\d{6}$/);
    await expect(page.getByTestId('case-identified-on-value')).toContainText(shown(lang, '2025-03-05'));
  });
}

test('the audit filter reads its dates day first and refuses what is not a date, in French and in Arabic', async ({ page }) => {
  for (const lang of ['fr', 'ar'] as const) {
    await signIn(page, 'admin@opennrm.demo', lang);
    await page.getByTestId('nav-audit').click();
    await expect(page.locator('h1')).toHaveText(tr(lang, 'audit.title'));
    const from = page.getByTestId('audit-filter-from');
    const to = page.getByTestId('audit-filter-to');
    const queries: URLSearchParams[] = [];
    const listen = (r: { url(): string; method(): string }) => {
      const url = new URL(r.url());
      if (r.method() === 'GET' && url.pathname === '/api/v1/audit') queries.push(url.searchParams);
    };
    page.on('request', listen);
    await from.pressSequentially('31/02/2026');
    await to.pressSequentially('12/1/2027');
    await page.getByTestId('audit-apply').click();
    await expect(page.getByText(tr(lang, 'validation.date'))).toHaveCount(1);
    await expectAccessible(page, `audit filter, a date that is not one (${lang})`);
    expect(queries.filter((q) => q.has('from') || q.has('to'))).toEqual([]);
    await from.fill('');
    await from.pressSequentially('01/12/2026');
    await page.getByTestId('audit-apply').click();
    await expect(page.getByText(tr(lang, 'validation.date'))).toHaveCount(0);
    await expect.poll(() => queries.map((q) => `${q.get('from')}..${q.get('to')}`)).toContain('2026-12-01..2027-01-12');
    await expect(from).toHaveValue('01/12/2026');
    await expect(to).toHaveValue('12/01/2027');
    page.off('request', listen);
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('login-email')).toBeVisible();
  }
});

interface TRing {
  control: string;
  kind: string;
  width: number;
  colour: string;
  contrast: number;
}

/**
 * Tabs through the whole page, from where the focus is, round to the first control reached again, and
 * returns, for every control reached, the focus ring that shows it: the control's outline or box-shadow; for
 * a field inside an input box (a multi-select's search), the box's; for a native checkbox or radio hidden
 * under its drawn box, the drawn box's.
 */
async function tabThrough(page: Page, max = 150): Promise<TRing[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const rings: TRing[] = [];
  let first: string | null = null;
  let outside = 0;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const id = `${el.tagName.toLowerCase()}#${el.id}|${el.getAttribute('data-testid') ?? ''}|${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''}`;
      const type = el.getAttribute('type');
      const role = el.getAttribute('role');
      const kind =
        role === 'tab' ? 'tab' : el.tagName === 'A' ? 'link' : el.tagName === 'BUTTON' || role === 'button' ? 'button' : el.tagName === 'SELECT' ? 'select' : el.tagName === 'TEXTAREA' ? 'textarea' : type === 'checkbox' || type === 'radio' ? type : el.tagName === 'INPUT' ? (role === 'combobox' || el.closest('[data-combobox]') ? 'combobox' : 'text') : (role ?? el.tagName.toLowerCase());
      const box = el.closest('.mantine-Input-input');
      const style = getComputedStyle(el);
      const hidden = parseFloat(style.opacity) === 0 || el.getBoundingClientRect().width < 2;
      const target = (hidden ? el.nextElementSibling : box && box !== el ? box : el) as HTMLElement | null;
      if (!target) return { id, kind, width: 0, colour: 'none', contrast: 0 };
      const s = getComputedStyle(target);
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
      };
      const contrastOnWhite = (c: number[]) => (c.length > 3 && c[3] === 0 ? 0 : 1.05 / (luminance(c) + 0.05));
      const outline = s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0;
      if (outline > 0) return { id, kind, width: outline, colour: s.outlineColor, contrast: contrastOnWhite(rgb(s.outlineColor)) };
      // "rgb(25, 113, 194) 0px 0px 0px 2px": the spread is the ring's width
      const shadow = /(rgba?\([^)]*\))\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+([\d.]+)px\s+([\d.]+)px/.exec(s.boxShadow);
      if (shadow) return { id, kind, width: parseFloat(shadow[5]!), colour: shadow[1]!, contrast: contrastOnWhite(rgb(shadow[1]!)) };
      return { id, kind, width: 0, colour: 'none', contrast: 0 };
    });
    // Tab from the last control leaves the page; the next one comes back to its start.
    if (!ring) {
      if (++outside > 2) break;
      continue;
    }
    if (ring.id === first) break;
    first ??= ring.id;
    rings.push({ control: ring.id, kind: ring.kind, width: ring.width, colour: ring.colour, contrast: Math.round(ring.contrast * 100) / 100 });
  }
  return rings;
}

function expectVisibleRings(rings: TRing[], kinds: string[], label: string) {
  expect(rings.length, `${label}: controls reached`).toBeGreaterThan(5);
  const weak = rings.filter((r) => r.width < 2 || r.contrast < 3);
  expect(weak, `${label}: controls without a clear focus ring`).toEqual([]);
  const reached = new Set(rings.map((r) => r.kind));
  for (const k of kinds) expect(reached.has(k), `${label}: a ${k} was reached (${[...reached].join(', ')})`).toBe(true);
}

for (const lang of ['fr', 'ar'] as const) {
  test(`every control shows a clear focus ring when reached with the keyboard (${lang})`, async ({ page }) => {
    await signIn(page, FIRST_RESPONDER, lang);
    // The person step: links of the menu, text and number fields, radios, selects, a multi-select, buttons.
    await page.getByTestId('nav-register').click();
    await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.person'));
    expectVisibleRings(await tabThrough(page), ['link', 'button', 'text', 'radio', 'select', 'combobox'], `person step (${lang})`);
    await page.getByTestId('person-given-names').fill('Focus');
    await page.getByTestId('person-family-name').fill('Visible');
    await page.getByRole('radio', { name: tr(lang, 'sex.female'), exact: true }).check();
    await page.getByRole('radio', { name: tr(lang, 'persons.form.ageModes.estimate') }).check();
    await page.getByTestId('person-estimated-age').fill('30');
    await page.getByTestId('stepper-next').click();
    await page.getByTestId('stepper-next').click();
    // The situation step: radios, checkboxes, the date field, a select; then the story's textareas.
    await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.situation'));
    expectVisibleRings(await tabThrough(page), ['radio', 'checkbox', 'text', 'select'], `situation step (${lang})`);
    await page.getByTestId('case-situation-type').getByRole('radio').first().check();
    await page.getByTestId('case-exploitation-forms').getByRole('checkbox').nth(3).check();
    await page.getByTestId('case-identification-channel').selectOption('ngo_outreach');
    await page.getByTestId('stepper-next').click();
    await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.story'));
    expectVisibleRings(await tabThrough(page), ['textarea'], `story step (${lang})`);
    await expectAccessible(page, `story step (${lang})`);
  });
}

test('tabs and the fields of an activity form show a clear focus ring, in French and in Arabic', async ({ page }) => {
  for (const lang of ['fr', 'ar'] as const) {
    await signIn(page, COORDINATOR, lang);
    await page.getByTestId('nav-activities').click();
    await page.getByTestId('activities-tab-trainings').click();
    await page.getByTestId('training-new').click();
    await expect(page.getByTestId('training-form')).toBeVisible();
    expectVisibleRings(await tabThrough(page), ['tab', 'text', 'combobox', 'button'], `training form (${lang})`);
    await page.getByTestId('training-start').pressSequentially('02/11/2026');
    await page.getByTestId('training-end').pressSequentially('3/11/2026');
    await page.getByTestId('training-title').focus();
    await expect(page.getByTestId('training-start')).toHaveValue('02/11/2026');
    await expect(page.getByTestId('training-end')).toHaveValue('03/11/2026');
    await expectAccessible(page, `training form with dates (${lang})`);
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('login-email')).toBeVisible();
  }
});
