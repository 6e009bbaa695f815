import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';
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
