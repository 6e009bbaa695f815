import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';
import { localDate } from '../../src/server/modules/timelines/calendar';
import fr from '../../src/web/i18n/fr.json' with { type: 'json' };
import ar from '../../src/web/i18n/ar.json' with { type: 'json' };
import en from '../../src/web/i18n/en.json' with { type: 'json' };

export const PASSWORD = 'Demo-OpenNRM-2026';
export const CATALOGUES = { fr, ar, en } as const;
export type Lang = keyof typeof CATALOGUES;

/** The catalogue text for a dotted key, so tests find controls by their visible, translated names. */
export function tr(lang: Lang, key: string): string {
  let node: unknown = CATALOGUES[lang];
  for (const part of key.split('.')) node = (node as Record<string, unknown>)?.[part];
  if (typeof node !== 'string') throw new Error(`missing ${lang} key ${key}`);
  return node;
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the current page and fails on any serious or critical violation. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // Colours are only final once transitions (modals opening, sliding indicators) have ended; endless ones
  // (spinners) are not waited for.
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, { timeout: 5000 })
    .catch(() => undefined);
  // Evaluated through the DevTools protocol: the page's strict CSP (no inline scripts) stays on.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  expect(violations, `axe on ${label}`).toEqual([]);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test/e2e/screenshots/${name}.png`, fullPage: true });
}

export async function signIn(page: Page, email: string, lang: Lang = 'fr'): Promise<void> {
  await page.goto('/login');
  await page.evaluate((l) => localStorage.setItem('opennrm.language', l), lang);
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name').first()).toBeVisible();
}

export async function setLanguage(page: Page, lang: Lang): Promise<void> {
  await page.getByTestId('language-switch').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
}

/**
 * Registers a case through the stepper (axe-core on every step) and returns its reference, on the case page.
 * The person's age is estimated (16 by default: the child pathway applies under 18).
 */
export async function registerCase(page: Page, lang: Lang, person: { given: string; family: string; age?: number }, screenshots = true, beforeSave?: (page: Page) => Promise<void>): Promise<string> {
  await page.getByTestId('nav-register').click();
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.person'));
  await expectAccessible(page, `register step 1 (${lang})`);
  // Step 1: the person.
  await page.getByTestId('person-given-names').fill(person.given);
  await page.getByTestId('person-family-name').fill(person.family);
  await page.getByRole('radio', { name: tr(lang, 'sex.female'), exact: true }).check();
  await page.getByRole('radio', { name: tr(lang, 'persons.form.ageModes.estimate') }).check();
  await page.getByTestId('person-estimated-age').fill(String(person.age ?? 16));
  if (screenshots) await shot(page, `register-person-${lang}`);
  await page.getByTestId('stepper-next').click();
  // Step 2: contacts and documents (optional).
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.contacts'));
  await expectAccessible(page, `register step 2 (${lang})`);
  await page.getByTestId('stepper-next').click();
  // Step 3: the situation. Trying to go on without the required answers shows what is missing.
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.situation'));
  await page.getByTestId('stepper-next').click();
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.situation'));
  // The first situation type is trafficking (order of data/reference/taxonomy.json).
  await page.getByTestId('case-situation-type').getByRole('radio').first().check();
  await page.getByTestId('case-exploitation-forms').getByRole('checkbox').nth(3).check();
  await page.getByTestId('case-identified-on').fill('2026-11-20');
  await page.getByTestId('case-identification-channel').selectOption('ngo_outreach');
  await expectAccessible(page, `register step 3 (${lang})`);
  await page.getByTestId('stepper-next').click();
  // Step 4: the story; step 5: review and save.
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'cases.register.steps.story'));
  await page.getByTestId('case-story').fill(lang === 'ar' ? 'وعدت بعمل في مقهى.' : "Promesse d'un emploi dans un café.");
  await page.getByTestId('stepper-next').click();
  await expect(page.getByTestId('review-step')).toBeVisible();
  await expectAccessible(page, `register review (${lang})`);
  if (beforeSave) await beforeSave(page);
  await page.getByTestId('stepper-save').click();
  const reference = page.getByTestId('case-reference');
  await expect(reference).toHaveText(/^NRM-\d{4}-\d{6}$/);
  await expectAccessible(page, `case page (${lang})`);
  if (screenshots) await shot(page, `case-page-${lang}`);
  return (await reference.textContent())!.trim();
}

/** A calendar day in the server's time zone, `offset` days from now (a UTC date is a day behind after local midnight). */
export function localDay(offset = 0): string {
  return localDate(new Date(Date.now() + offset * 86_400_000), process.env.OPENNRM_TIMEZONE ?? 'Africa/Casablanca');
}
