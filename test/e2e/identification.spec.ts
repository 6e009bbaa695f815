/**
 * Identification in the browser, in French and in Arabic: a first responder registers an adult, runs the
 * screening interview to an explained "presumed victim" suggestion and asks the public prosecution for a
 * decision; the prosecution finds the case (notification or shared list) and decides "identified"; the
 * first responder then sees the status. axe-core on every new page.
 */
import { expect, test, type Page } from '@playwright/test';
import type { TCatalogueView } from '../../src/contract/screening';
import { expectAccessible, registerCase, shot, signIn, tr, type Lang } from './support';

const FIRST_RESPONDER = 'police.casablanca@opennrm.demo';
const PROSECUTION = 'parquet.rabat@opennrm.demo';
const PROSECUTION_NAME = "Parquet général près la Cour d'appel de Rabat";

/**
 * Adult labour, enough for "presumed victim": deceptive recruitment 1 strong + 1 medium, exploitative
 * conditions 3 medium, coercion at destination 2 strong.
 */
const YES = ['AL-DR-01', 'AL-DR-02', 'AL-EC-02', 'AL-EC-03', 'AL-EC-04', 'AL-CD-01', 'AL-CD-02'];
/** A few "no" and "don't know" answers, as in a real interview. */
const NO = ['AL-DR-03', 'AL-CR-01', 'AL-EC-01'];
const UNKNOWN = ['AL-RV-01', 'AL-VD-01'];

async function answer(page: Page, lang: Lang, id: string, value: 'yes' | 'no' | 'unknown') {
  const control = page.getByTestId(`answer-${id}`);
  await control.getByText(tr(lang, `screening.answers.${value}`), { exact: true }).click();
  await expect(control.getByRole('radio', { name: tr(lang, `screening.answers.${value}`), exact: true })).toBeChecked();
}

async function signOut(page: Page) {
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('login-email')).toBeVisible();
}

async function runScreening(page: Page, lang: Lang, caseId: string) {
  await page.getByTestId('screening-start').click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/screening$`));
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'screening.steps.conditions'));
  await expect(page.getByTestId('screening-intro')).toContainText(tr(lang, 'screening.intro.stop'));
  // An adult: the adult labour questionnaire is proposed, every set can be chosen, draft sets say so.
  await expect(page.getByTestId('screening-set-adult_labour')).toBeChecked();
  await expect(page.getByTestId('screening-set-adult_sexual')).toBeEnabled();
  await expect(page.getByTestId('screening-child-pathway')).toHaveCount(0);
  await expectAccessible(page, `screening conditions (${lang})`);
  await shot(page, `screening-conditions-${lang}`);

  // No interview without the person's consent.
  await page.getByTestId('screening-place').selectOption('shelter');
  await page.getByTestId('stepper-next').click();
  await expect(page.getByText(tr(lang, 'validation.interview_consent_required'))).toBeVisible();
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'screening.steps.conditions'));
  await page.getByRole('checkbox', { name: tr(lang, 'screening.conditions.consent') }).check();
  await page.getByRole('checkbox', { name: tr(lang, 'screening.conditions.interpreter') }).check();
  await page.getByTestId('screening-interviewer-sex').getByRole('radio', { name: tr(lang, 'sex.female'), exact: true }).check();
  await page.getByTestId('stepper-next').click();

  // One dimension per step, under its phase heading.
  const catalogue = (await (await page.request.get(`/api/v1/screening/catalogue?lang=${lang}`)).json()) as TCatalogueView;
  const set = catalogue.sets.find((s) => s.code === 'adult_labour')!;
  const dimensions = set.dimensions.filter((d) => d.indicators.length > 0);
  for (const [i, d] of dimensions.entries()) {
    await expect(page.getByTestId('step-title')).toHaveText(d.label);
    await expect(page.getByTestId('screening-phase')).toHaveText(tr(lang, `screening.phases.${d.phase}`));
    await expect(page.getByTestId('screening-question')).toHaveCount(d.indicators.length);
    for (const ind of d.indicators) {
      if (YES.includes(ind.id)) await answer(page, lang, ind.id, 'yes');
      else if (NO.includes(ind.id)) await answer(page, lang, ind.id, 'no');
      else if (UNKNOWN.includes(ind.id)) await answer(page, lang, ind.id, 'unknown');
    }
    if (i === 0) {
      // A wrong click can be undone: the question goes back to "no answer".
      await answer(page, lang, 'AL-DR-04', 'yes');
      await page.getByTestId('screening-question').filter({ has: page.getByTestId('answer-AL-DR-04') }).getByRole('button', { name: tr(lang, 'screening.clearAnswer') }).click();
      await expect(page.getByTestId('answer-AL-DR-04').getByRole('radio', { checked: true })).toHaveCount(0);
      await expectAccessible(page, `screening first dimension (${lang})`);
      await shot(page, `screening-question-${lang}`);
    }
    if (d.code === 'exploitative_conditions') await expectAccessible(page, `screening destination dimension (${lang})`);
    await page.getByTestId('stepper-next').click();
  }

  // Review, then save.
  await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'screening.steps.review'));
  await expect(page.getByTestId('screening-review-dimension')).toHaveCount(dimensions.length);
  await page.getByTestId('screening-notes').fill(lang === 'ar' ? 'مقابلة هادئة بحضور مترجمة.' : "Entretien calme, en présence d'une interprète.");
  await expectAccessible(page, `screening review (${lang})`);
  await shot(page, `screening-review-${lang}`);
  await page.getByTestId('screening-save').click();

  // The explained suggestion: never a legal status.
  await expect(page.getByTestId('screening-outcome')).toHaveText(tr(lang, 'screening.outcomes.presumed_victim.title'));
  await expect(page.getByTestId('screening-not-a-decision')).toContainText(tr(lang, 'screening.result.notDecisionTitle'));
  for (const code of ['deceptive_recruitment', 'exploitative_conditions', 'coercion_at_destination']) {
    await expect(page.locator(`[data-testid="screening-dimension"][data-dimension="${code}"]`)).toHaveAttribute('data-positive', 'true');
  }
  await expect(page.locator('[data-testid="screening-dimension"][data-dimension="coercive_recruitment"]')).toHaveAttribute('data-positive', 'false');
  const label = (id: string) => set.dimensions.flatMap((d) => d.indicators).find((x) => x.id === id)!.label;
  await expect(page.locator('[data-testid="screening-dimension"][data-dimension="deceptive_recruitment"]')).toContainText(label('AL-DR-01'));
  await expect(page.locator('[data-testid="screening-dimension"][data-dimension="coercion_at_destination"]')).toContainText(label('AL-CD-02'));
  await expect(page.locator('[data-testid="screening-group"][data-met="true"]')).toHaveCount(3);
  await expectAccessible(page, `screening result (${lang})`);
  await shot(page, `screening-result-${lang}`);
}

async function askForDecision(page: Page, lang: Lang) {
  await page.getByTestId('screening-request-decision').click();
  const request = page.getByTestId('identification-request');
  await expect(request).toBeVisible();
  await request.getByTestId('identification-deciding-organisation').selectOption({ label: PROSECUTION_NAME });
  await request.getByTestId('identification-request-message').fill(lang === 'ar' ? 'الشخص في مركز إيواء.' : "La personne est hébergée dans un centre d'accueil.");
  await request.getByTestId('identification-request-submit').click();
  await expect(page.getByTestId('identification-requested-from')).toContainText(PROSECUTION_NAME);
  await expect(page.getByTestId('identification-request')).toHaveCount(0);
  await expect(page.getByTestId('identification-status')).toHaveText(tr(lang, 'identification.statuses.presumed'));
  // The screening is listed with its explanation; the decision deadline runs for the prosecution.
  await expect(page.getByTestId('screening-item')).toHaveCount(1);
  await expect(page.locator('[data-testid="task-row"][data-rule="identification_decision"]')).toContainText(PROSECUTION_NAME);
  await expect(page.locator('[data-testid="task-row"][data-rule="recovery_reflection"]')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, `case page with identification (${lang})`);
  await shot(page, `identification-requested-${lang}`);
}

async function decide(page: Page, lang: Lang, reference: string) {
  await expect(page.getByTestId('case-reference')).toHaveText(reference);
  await expect(page.getByTestId('access-grant')).toBeVisible();
  // The authority reads the explained screening...
  await page.getByTestId('screening-toggle').click();
  await expect(page.getByTestId('screening-outcome')).toHaveText(tr(lang, 'screening.outcomes.presumed_victim.title'));
  // ...and decides.
  const form = page.getByTestId('identification-decide');
  await form.getByRole('radio', { name: tr(lang, 'identification.decisionStatuses.identified'), exact: true }).check();
  await form.getByTestId('identification-decision-submit').click();
  await expect(form.getByText(tr(lang, 'validation.tooFew').replace('{{min}}', '1'))).toBeVisible();
  await form.getByTestId('identification-decision-reasons').fill(
    lang === 'ar' ? 'مؤشرات قوية على العمل القسري وحجز الوثائق، يؤكدها محضر الشرطة.' : 'Indicateurs forts de travail forcé et de confiscation des documents, confirmés par le procès-verbal.',
  );
  await form.getByRole('checkbox', { name: tr(lang, 'identification.evidence.screening') }).check();
  await form.getByRole('checkbox', { name: tr(lang, 'identification.evidence.police_report') }).check();
  await expectAccessible(page, `decision form (${lang})`);
  await shot(page, `identification-decide-${lang}`);
  await form.getByTestId('identification-decision-submit').click();
  await expect(page.getByTestId('identification-section-status')).toHaveText(tr(lang, 'identification.statuses.identified'));
  await expect(page.getByTestId('identification-status')).toHaveText(tr(lang, 'identification.statuses.identified'));
  await expect(page.locator('[data-testid="identification-decision"][data-state="final"]')).toContainText(tr(lang, 'identification.decisionStatuses.identified'));
  await expect(page.getByTestId('identification-decide')).toHaveCount(0);
  await expectAccessible(page, `case page after the decision (${lang})`);
  await shot(page, `identification-decided-${lang}`);
}

for (const lang of ['fr', 'ar'] as const) {
  test(`screening, request and identification decision (${lang})`, async ({ page }) => {
    test.setTimeout(180_000);
    // 1. The first responder registers an adult and interviews them.
    await signIn(page, FIRST_RESPONDER, lang);
    const person = lang === 'ar' ? { given: 'عائشة', family: 'الاختبار', age: 34 } : { given: 'Awa', family: 'Essai-Repérage', age: 34 };
    const reference = await registerCase(page, lang, person, false);
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await expect(page.getByTestId('identification-status')).toHaveText(tr(lang, 'identification.statuses.presumed'));
    await runScreening(page, lang, caseId);

    // 2. The call to action leads to the request form on the case page.
    await askForDecision(page, lang);
    await signOut(page);

    // 3. The prosecution finds the case: through the notification (fr) or its list of shared cases (ar).
    await signIn(page, PROSECUTION, lang);
    if (lang === 'fr') {
      const bell = page.getByTestId('notification-bell');
      await expect(bell).toHaveAttribute('aria-label', /\d/);
      await bell.click();
      await expect(page.locator('h1')).toHaveText(tr(lang, 'notifications.title'));
      const item = page.getByTestId('notification-item').filter({ hasText: reference });
      await expect(item).toHaveAttribute('data-kind', 'identification_requested');
      await expect(item).toContainText(tr(lang, 'notifications.kinds.identification_requested'));
      await expectAccessible(page, `notifications (${lang})`);
      await shot(page, `notifications-${lang}`);
      await item.getByTestId('notification-case-link').click();
    } else {
      await page.getByTestId('case-search').fill(reference);
      await page.getByTestId('case-search-submit').click();
      const row = page.getByTestId('case-row').filter({ hasText: reference });
      await expect(row.getByTestId('case-row-identification')).toHaveText(tr(lang, 'identification.statuses.presumed'));
      await row.getByTestId('case-row-link').click();
    }
    await decide(page, lang, reference);
    await signOut(page);

    // 4. The first responder sees the decision.
    await signIn(page, FIRST_RESPONDER, lang);
    await page.getByTestId('case-search').fill(reference);
    await page.getByTestId('case-search-submit').click();
    const row = page.getByTestId('case-row').filter({ hasText: reference });
    await expect(row.getByTestId('case-row-identification')).toHaveText(tr(lang, 'identification.statuses.identified'));
    await row.getByTestId('case-row-link').click();
    await expect(page.getByTestId('identification-status')).toHaveText(tr(lang, 'identification.statuses.identified'));
    await expect(page.getByTestId('identification-decision-reasons')).toBeVisible();
    await shot(page, `identification-seen-${lang}`);
  });
}

for (const lang of ['fr', 'ar'] as const) {
  test(`deadlines, risk assessment and anonymous notifications (${lang})`, async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, 'superviseur.casablanca@opennrm.demo', lang);
    const reference = await registerCase(page, lang, lang === 'ar' ? { given: 'مريم', family: 'الآجال' } : { given: 'Sara', family: 'Essai-Délais' }, false);

    // A child: the screening takes the child pathway; the adult questionnaires cannot be chosen.
    await page.getByTestId('screening-start').click();
    await expect(page.getByTestId('screening-child-pathway')).toBeVisible();
    await expect(page.getByTestId('screening-set-child_labour')).toBeChecked();
    await expect(page.getByTestId('screening-set-adult_labour')).toBeDisabled();
    await page.getByTestId('screening-set-child_sexual').check();
    await expect(page.getByTestId('screening-draft-notice')).toBeVisible();
    // Stopping asks first: nothing is saved.
    await page.getByTestId('screening-stop').click();
    await expect(page.getByText(tr(lang, 'screening.leave.body'))).toBeVisible();
    await expectAccessible(page, `stop the interview (${lang})`);
    await page.getByTestId('leave-confirm').click();
    await expect(page.getByTestId('case-reference')).toHaveText(reference);

    // Immediate needs and risk, with the child-specific risks.
    await page.getByTestId('risk-new').click();
    const risk = page.getByTestId('risk-form');
    await risk.getByTestId('risk-person').getByRole('radio', { name: tr(lang, 'risk.levels.medium'), exact: true }).check();
    await risk.getByTestId('risk-family').getByRole('radio', { name: tr(lang, 'risk.levels.low'), exact: true }).check();
    await risk.getByRole('checkbox', { name: tr(lang, 'risk.needs.shelter') }).check();
    await risk.getByRole('checkbox', { name: tr(lang, 'risk.childRiskOptions.unaccompanied') }).check();
    await expectAccessible(page, `risk form (${lang})`);
    await risk.getByTestId('risk-save').click();
    // A child at risk counts as high.
    await expect(page.getByTestId('risk-level').first()).toHaveAttribute('data-level', 'high');

    // Deadlines of a child's case: extend the reflection period with a reason; the earlier date is kept.
    const deadlines = page.getByTestId('deadlines-section');
    await expect(deadlines.locator('[data-testid="task-row"][data-rule="guardian_appointment"]')).toBeVisible();
    await expect(deadlines.locator('[data-testid="task-row"][data-rule="guardian_appointment"]').getByTestId('task-extend')).toHaveCount(0);
    const reflection = deadlines.locator('[data-testid="task-row"][data-rule="recovery_reflection"]');
    await reflection.getByTestId('task-extend').click();
    await expect(page.getByTestId('task-extend-dialog').getByRole('dialog')).toBeVisible();
    const later = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('task-extend-date').fill(later);
    await page.getByTestId('task-extend-reason').fill(lang === 'ar' ? 'الشخص يحتاج إلى مزيد من الوقت.' : 'La personne a besoin de plus de temps.');
    await expectAccessible(page, `extend dialog (${lang})`);
    await page.getByTestId('task-extend-save').click();
    await expect(reflection.getByTestId('task-changes')).toBeVisible();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `case page with deadlines (${lang})`);
    await shot(page, `deadlines-case-${lang}`);
    await deadlines.locator('[data-testid="task-row"][data-rule="guardian_appointment"]').getByTestId('task-done').click();
    await expect(deadlines.locator('[data-testid="task-row"][data-rule="guardian_appointment"]')).toHaveCount(0);

    // "My deadlines": the supervisor may see the whole organisation and only what is overdue.
    await page.getByTestId('nav-tasks').click();
    await expect(page.locator('h1')).toHaveText(tr(lang, 'tasks.title'));
    await page.getByTestId('tasks-scope').getByText(tr(lang, 'tasks.filters.organisation'), { exact: true }).click();
    await expect(page.getByTestId('task-row').filter({ hasText: reference }).first()).toBeVisible();
    await expectAccessible(page, `my deadlines (${lang})`);
    await shot(page, `tasks-${lang}`);
    await page.getByRole('checkbox', { name: tr(lang, 'tasks.filters.overdue') }).check();
    await expect(page).toHaveURL(/overdue=true/);
    await expect(page.getByTestId('task-row').filter({ hasText: reference })).toHaveCount(0);

    // Notifications page (may be empty) and the anonymous notification of an adult who declines referral.
    await page.getByTestId('notification-bell').click();
    await expect(page.locator('h1')).toHaveText(tr(lang, 'notifications.title'));
    await expectAccessible(page, `notifications (${lang})`);
    await page.getByTestId('nav-anonymous').click();
    await expect(page.getByTestId('anonymous-explanation')).toBeVisible();
    await expectAccessible(page, `anonymous notifications (${lang})`);
    await page.getByTestId('anonymous-sex').getByRole('radio', { name: tr(lang, 'sex.male'), exact: true }).check();
    await page.getByTestId('anonymous-channel').selectOption('labour_inspection');
    await page.getByTestId('anonymous-forms').getByRole('checkbox').nth(3).check();
    await page.getByTestId('anonymous-region').selectOption('MA-06');
    await page.getByTestId('anonymous-save').click();
    await expect(page.getByTestId('anonymous-row').first()).toContainText(tr(lang, 'sex.male'));
    await expectAccessible(page, `anonymous notifications with a row (${lang})`);
    await shot(page, `anonymous-${lang}`);
  });
}

for (const lang of ['fr', 'ar'] as const) {
  test(`a negative decision waits for a second reviewer, then the referrer may ask for reconsideration (${lang})`, async ({ page }) => {
    test.setTimeout(150_000);
    await signIn(page, FIRST_RESPONDER, lang);
    const reference = await registerCase(page, lang, lang === 'ar' ? { given: 'خديجة', family: 'المراجعة', age: 29 } : { given: 'Nadia', family: 'Essai-Révision', age: 29 }, false);
    const caseUrl = new URL(page.url()).pathname;
    // Asked directly from the case page, without a screening.
    await page.getByTestId('identification-deciding-organisation').selectOption({ label: PROSECUTION_NAME });
    await page.getByTestId('identification-request-submit').click();
    await expect(page.getByTestId('identification-requested-from')).toContainText(PROSECUTION_NAME);
    await signOut(page);

    // The first prosecutor decides "not a victim": it waits for a colleague.
    await signIn(page, PROSECUTION, lang);
    await page.goto(caseUrl);
    const form = page.getByTestId('identification-decide');
    await form.getByRole('radio', { name: tr(lang, 'identification.decisionStatuses.not_victim'), exact: true }).check();
    await form.getByTestId('identification-decision-reasons').fill(lang === 'ar' ? 'لا توجد عناصر كافية على الإكراه في هذه المرحلة.' : "Pas d'éléments suffisants de contrainte à ce stade.");
    await form.getByRole('checkbox', { name: tr(lang, 'identification.evidence.interview') }).check();
    await form.getByTestId('identification-decision-submit').click();
    await expect(page.locator('[data-testid="identification-decision"][data-state="pending_review"]')).toBeVisible();
    await expect(page.getByTestId('identification-pending-review')).toBeVisible();
    await expect(page.getByTestId('identification-review')).toHaveCount(0);
    await expect(page.getByTestId('identification-status')).toHaveText(tr(lang, 'identification.statuses.presumed'));
    await signOut(page);

    // The second prosecutor confirms.
    await signIn(page, 'substitut.rabat@opennrm.demo', lang);
    await page.getByTestId('notification-bell').click();
    const item = page.locator('[data-testid="notification-item"][data-kind="decision_review_requested"]').filter({ hasText: reference });
    await expect(item).toBeVisible();
    await expect(item).toContainText(tr(lang, 'notifications.kinds.decision_review_requested'));
    await page.getByTestId('notifications-mark-all').click();
    await expect(page.getByTestId('notification-bell')).toHaveAttribute('data-unread', '0');
    await item.getByTestId('notification-case-link').click();
    const review = page.getByTestId('identification-review');
    await expect(review).toContainText(tr(lang, 'identification.decisionStatuses.not_victim'));
    await review.getByRole('radio', { name: tr(lang, 'identification.review.confirm'), exact: true }).check();
    await expectAccessible(page, `second review (${lang})`);
    await shot(page, `identification-review-${lang}`);
    await review.getByTestId('identification-review-submit').click();
    await expect(page.getByTestId('identification-status')).toHaveText(tr(lang, 'identification.statuses.not_victim'));
    await signOut(page);

    // The referring organisation sees the decision and asks for reconsideration.
    await signIn(page, FIRST_RESPONDER, lang);
    await page.goto(caseUrl);
    await expect(page.getByTestId('identification-status')).toHaveText(tr(lang, 'identification.statuses.not_victim'));
    const reconsider = page.getByTestId('identification-reconsideration');
    await reconsider.getByTestId('identification-reconsideration-grounds').fill(lang === 'ar' ? 'شهادة جديدة لزميلة في العمل تؤكد حجز الوثائق.' : "Nouveau témoignage d'une collègue confirmant la confiscation des papiers.");
    await expectAccessible(page, `reconsideration (${lang})`);
    await reconsider.getByTestId('identification-reconsideration-submit').click();
    await expect(page.getByTestId('identification-reconsideration')).toHaveCount(0);
    await expect(page.getByTestId('identification-section').getByText(tr(lang, 'identification.reconsideration.requested'), { exact: true })).toBeVisible();
    await shot(page, `identification-reconsideration-${lang}`);
  });
}

/**
 * A sexual-exploitation screening (questionnaire awaiting the commission's validation): a weak situation asks
 * for further assessment and the explanation names the missing part of the rule and the questions to ask next,
 * in the interface language.
 */
for (const lang of ['fr', 'ar'] as const) {
  test(`sexual-exploitation screening with its explanation (${lang})`, async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, FIRST_RESPONDER, lang);
    const reference = await registerCase(page, lang, lang === 'ar' ? { given: 'سلمى', family: 'الاستغلال', age: 27 } : { given: 'Awa', family: 'Essai-Sexuel', age: 27 }, false);
    await expect(page.getByTestId('case-reference')).toHaveText(reference);
    await page.getByTestId('screening-start').click();
    await page.getByTestId('screening-set-adult_sexual').check();
    await expect(page.getByTestId('screening-set-status-adult_sexual')).toHaveText(tr(lang, 'screening.pendingBadge'));
    await expect(page.getByTestId('screening-draft-notice')).toHaveAttribute('data-status', 'draft_pending_validation');
    await page.getByTestId('screening-place').selectOption('shelter');
    await page.getByRole('checkbox', { name: tr(lang, 'screening.conditions.consent') }).check();
    await expectAccessible(page, `sexual screening conditions (${lang})`);
    await page.getByTestId('stepper-next').click();

    const catalogue = (await (await page.request.get(`/api/v1/screening/catalogue?lang=${lang}`)).json()) as TCatalogueView;
    const set = catalogue.sets.find((s) => s.code === 'adult_sexual')!;
    const idOf = (dimension: string, level: string, n: number) => set.dimensions.find((d) => d.code === dimension)!.indicators.filter((i) => i.level === level).slice(0, n).map((i) => i.id);
    // Deceptive recruitment and the conditions of sexual exploitation are met; nothing yet at destination, one "don't know".
    const yes = [...idOf('deceptive_recruitment', 'strong', 2), ...idOf('exploitative_conditions', 'medium', 3)];
    const unknown = idOf('coercion_at_destination', 'strong', 1)[0]!;
    const dimensions = set.dimensions.filter((d) => d.indicators.length > 0);
    for (const d of dimensions) {
      await expect(page.getByTestId('step-title')).toHaveText(d.label);
      if (d.phase === 'destination') await expect(page.getByTestId('screening-phase')).toHaveText(tr(lang, 'screening.phases.destinationSexual'));
      for (const ind of d.indicators) {
        if (yes.includes(ind.id)) await answer(page, lang, ind.id, 'yes');
        else if (ind.id === unknown) await answer(page, lang, ind.id, 'unknown');
      }
      if (d.code === 'exploitative_conditions') await expectAccessible(page, `sexual screening, conditions of exploitation (${lang})`);
      await page.getByTestId('stepper-next').click();
    }
    await expect(page.getByTestId('step-title')).toHaveText(tr(lang, 'screening.steps.review'));
    await page.getByTestId('screening-save').click();

    await expect(page.getByTestId('screening-outcome')).toHaveText(tr(lang, 'screening.outcomes.further_assessment.title'));
    await expect(page.getByTestId('screening-draft-result')).toContainText(tr(lang, 'screening.pendingResult'));
    const next = page.getByTestId('screening-what-next');
    await expect(next.getByTestId('screening-satisfied')).toHaveAttribute('data-dimensions', 'deceptive_recruitment exploitative_conditions');
    const missing = next.getByTestId('screening-missing');
    await expect(missing).toHaveCount(1);
    await expect(missing).toHaveAttribute('data-closest', 'coercion_at_destination');
    const coercion = set.dimensions.find((d) => d.code === 'coercion_at_destination')!;
    await expect(missing).toContainText(coercion.label);
    // The first question to ask next is the one answered "don't know", in the interface language.
    const first = missing.getByTestId('screening-follow-up').getByRole('listitem').first();
    await expect(first).toHaveAttribute('data-indicator', unknown);
    await expect(first).toContainText(coercion.indicators.find((i) => i.id === unknown)!.question);
    await expect(first).toContainText(tr(lang, 'screening.explanation.wasUnknown'));
    await expect(page.locator('[data-testid="screening-group"][data-met="false"]')).toHaveCount(1);
    await expectAccessible(page, `sexual screening explanation (${lang})`);
    await shot(page, `screening-sexual-explanation-${lang}`);
  });
}
