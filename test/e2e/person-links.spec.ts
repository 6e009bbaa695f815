/**
 * One person, counted once, in the browser: two organisations register the same woman, one in Latin letters and
 * one in Arabic script. The second sees that a record that may be the same person is held by the first — only
 * the organisation, the strength and which kinds of facts agree, never a name — and asks to link; the first sees
 * the request on its own record and accepts (in French), or accepts then undoes the link (in Arabic).
 * axe-core on every new state of the section.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, registerCase, signIn, tr, type Lang } from './support';

const POLICE = 'superviseur.casablanca@opennrm.demo';
const POLICE_ORG = 'DGSN — Préfecture de police de Casablanca';
const NGO = 'association@opennrm.demo';
const NGO_ORG = 'Association Nour';

const PEOPLE = {
  fr: { latin: ['Hanane', 'Bouazzaoui'], arabic: ['حنان', 'البوعزاوي'] },
  ar: { latin: ['Samira', 'Touzani'], arabic: ['سميرة', 'التوزاني'] },
} as const;

async function register(page: Page, email: string, lang: Lang, name: readonly [string, string], beforeSave?: (page: Page) => Promise<void>): Promise<string> {
  await signIn(page, email, lang);
  await registerCase(page, lang, { given: name[0], family: name[1], age: 31 }, false, beforeSave);
  return new URL(page.url()).pathname;
}

async function signOut(page: Page) {
  await page.context().clearCookies();
}

for (const lang of ['fr', 'ar'] as const) {
  test(`two organisations find and link their records of the same person (${lang})`, async ({ page }) => {
    const names = PEOPLE[lang];
    // fr: the police registers first in Latin letters, the association second in Arabic; ar: the other way round.
    const [first, second] = lang === 'fr' ? ([[POLICE, names.latin], [NGO, names.arabic]] as const) : ([[NGO, names.arabic], [POLICE, names.latin]] as const);
    const firstOrg = lang === 'fr' ? POLICE_ORG : NGO_ORG;
    const secondOrg = lang === 'fr' ? NGO_ORG : POLICE_ORG;
    const firstCase = await register(page, first[0], lang, first[1]);
    await signOut(page);
    // Before saving, the review step already says that the first organisation may hold a record of her.
    await register(page, second[0], lang, second[1], async (p) => {
      const notice = p.getByTestId('register-duplicates');
      await expect(notice.getByTestId('register-duplicate').filter({ hasText: firstOrg })).toHaveCount(1);
      for (const part of [...first[1]]) await expect(notice).not.toContainText(part);
      await expectAccessible(p, `duplicate check before saving (${lang})`);
    });

    // The second organisation's case page: a candidate held by the first, strong, name and year of birth agreeing.
    const section = page.getByTestId('person-links-section');
    await page.getByTestId('case-nav-sameperson').click();
    const candidate = section.getByTestId('match-candidate').filter({ hasText: firstOrg });
    await expect(candidate).toHaveCount(1);
    await expect(candidate.getByTestId('match-strength')).toHaveAttribute('data-strength', 'strong');
    await expect(candidate.getByTestId('match-agreed')).toContainText(tr(lang, 'matching.facts.birthYear'));
    // Nothing of the other record: not its name in either script.
    for (const part of [...first[1]]) await expect(section).not.toContainText(part);
    await expectAccessible(page, `candidate notice (${lang})`);

    await candidate.getByTestId('match-request-link').click();
    const outgoing = section.getByTestId('person-link').filter({ hasText: firstOrg });
    await expect(outgoing).toHaveAttribute('data-direction', 'outgoing');
    await expect(outgoing).toHaveAttribute('data-status', 'requested');
    await expect(section.getByTestId('match-candidate').filter({ hasText: firstOrg })).toHaveCount(0);
    await expectAccessible(page, `link requested (${lang})`);

    // The first organisation answers on its own record.
    await signOut(page);
    await signIn(page, first[0], lang);
    await page.goto(`${firstCase}#sameperson`);
    const incoming = page.getByTestId('person-links-section').getByTestId('person-link').filter({ hasText: secondOrg });
    await expect(incoming).toHaveAttribute('data-direction', 'incoming');
    await expect(incoming.getByTestId('person-link-status')).toContainText(tr(lang, 'matching.links.statuses.requested'));
    for (const part of [...second[1]]) await expect(page.getByTestId('person-links-section')).not.toContainText(part);
    await expectAccessible(page, `incoming request (${lang})`);
    await incoming.getByTestId('person-link-accept').click();
    await expect(incoming).toHaveAttribute('data-status', 'accepted');
    await expect(incoming.getByTestId('person-link-status')).toContainText(tr(lang, 'matching.links.statuses.accepted'));
    await expectAccessible(page, `linked (${lang})`);
    if (lang === 'ar') {
      await incoming.getByTestId('person-link-unlink').click();
      await expect(incoming).toHaveAttribute('data-status', 'unlinked');
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      await expectAccessible(page, 'link undone (ar)');
    }
  });
}
