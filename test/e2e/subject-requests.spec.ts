/**
 * Requests from the person (law 09-08) in the browser, in French and in Arabic: a case worker of an NGO records a
 * request to see what is held (with the identity check), sees its deadline, grants it, downloads the answer (PDF in
 * the person's language and JSON) and notes the day it was sent. axe-core on every new state of the section.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, registerCase, shot, signIn, tr, type Lang } from './support';

const NGO_WORKER = 'association@opennrm.demo';

const IDENTITY = {
  fr: 'Vue en personne au bureau, avec sa carte de séjour.',
  ar: 'حضرت شخصياً إلى المكتب ومعها بطاقة الإقامة.',
} as const;

for (const lang of ['fr', 'ar'] as const satisfies readonly Lang[]) {
  test(`a case worker records and answers an access request (${lang})`, async ({ page }) => {
    await signIn(page, NGO_WORKER, lang);
    await registerCase(page, lang, { given: lang === 'ar' ? 'نادية' : 'Nadia', family: lang === 'ar' ? 'العلوي' : 'Alaoui', age: 27 }, false);

    // The section navigator has a link to the part.
    await page.getByTestId('case-nav-rights').click();
    const section = page.getByTestId('subject-requests-section');
    await expect(section).toBeVisible();
    await expect(section).toContainText(tr(lang, 'subjectRights.empty'));
    await expectAccessible(page, `subject requests, empty (${lang})`);

    // Record the request, with the identity check.
    await section.getByTestId('subject-request-new').click();
    const form = page.getByTestId('subject-request-form');
    await form.getByRole('radio', { name: tr(lang, 'subjectRights.kinds.access') }).check();
    await form.getByTestId('subject-request-identity').fill(IDENTITY[lang]);
    await expectAccessible(page, `record a request (${lang})`);
    await form.getByTestId('subject-request-save').click();
    await expect(page.getByTestId('subject-request-form')).toHaveCount(0);
    const item = section.getByTestId('subject-request');
    await expect(item).toHaveCount(1);
    await expect(item).toHaveAttribute('data-status', 'in_progress');
    await expect(item.getByTestId('subject-request-status')).toHaveText(tr(lang, 'subjectRights.statuses.in_progress'));
    await expect(item.getByTestId('subject-request-days')).toHaveText(tr(lang, 'subjectRights.daysLeft').replace('{{n}}', '30'));
    await expect(item.getByTestId('subject-request-identity-value')).toHaveText(IDENTITY[lang]);
    await expectAccessible(page, `request recorded (${lang})`);

    // Decide: granted.
    await item.getByTestId('subject-request-decide-open').click();
    const decision = page.getByTestId('subject-decision-form');
    await decision.getByRole('radio', { name: tr(lang, 'subjectRights.statuses.granted'), exact: true }).check();
    await expectAccessible(page, `decision form (${lang})`);
    await decision.getByTestId('subject-decision-save').click();
    await expect(item).toHaveAttribute('data-status', 'granted');

    // The answer: everything held, as a PDF in the person's language and as JSON.
    const exportBlock = item.getByTestId('subject-export');
    await expect(exportBlock).toBeVisible();
    await exportBlock.getByTestId('subject-export-language').selectOption(lang);
    const pdfHref = await exportBlock.getByTestId('subject-export-pdf').getAttribute('href');
    expect(pdfHref).toContain(`lang=${lang}`);
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const json = await page.request.get((await exportBlock.getByTestId('subject-export-json').getAttribute('href'))!);
    expect(json.status()).toBe(200);
    const data = (await json.json()) as { person: { identity: { givenNames: string } }; accesses: { action: string }[] };
    expect(data.person.identity.givenNames).toBe(lang === 'ar' ? 'نادية' : 'Nadia');
    expect(data.accesses.some((a) => a.action === 'case.create')).toBe(true);
    await expectAccessible(page, `request granted (${lang})`);

    // The answer was sent today.
    await item.getByTestId('subject-request-respond-open').click();
    await page.getByTestId('subject-response-save').click();
    await expect(item.getByTestId('subject-request-sent')).not.toHaveText(tr(lang, 'common.notRecorded'));
    await expect(item.getByTestId('subject-request-days')).toHaveCount(0);
    await expectAccessible(page, `answer sent (${lang})`);
    await shot(page, `subject-requests-${lang}`);
    if (lang === 'ar') await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  });
}
