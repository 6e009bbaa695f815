/**
 * Care plan and case conference in the browser, in French and in Arabic: a case worker of an NGO records
 * a needs assessment, a goal with an action for another organisation (which becomes that organisation's
 * deadline), the durable-solution track and its plan's steps, and a case conference whose decision becomes a plan action.
 * axe-core on every new state of the page.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, localDay, registerCase, shot, signIn, tr, type Lang } from './support';

const NGO_WORKER = 'association@opennrm.demo';
const SHELTER = "Foyer spécialisé d'accueil des victimes de la traite (Tanger)";
const IOM = 'Organisation internationale pour les migrations (OIM) — Mission au Maroc';

const inDays = (n: number) => localDay(n);

const TEXT = {
  fr: {
    note: 'Douleurs dentaires, rendez-vous à prévoir.',
    goal: 'Trouver un hébergement sûr et stable',
    action: 'Réserver une place au foyer',
    durable: "Souhaite rentrer auprès de sa famille lorsque ce sera sûr.",
    minutes: "La personne souhaite rester à Casablanca pour l'instant ; le foyer confirme une place.",
    decision: 'Inscrire la personne à une formation en couture',
    name: 'Amina (assistante sociale)',
  },
  ar: {
    note: 'آلام في الأسنان، يجب تحديد موعد.',
    goal: 'إيجاد مأوى آمن ومستقر',
    action: 'حجز مكان في مركز الإيواء',
    durable: 'ترغب في العودة إلى أسرتها عندما يكون ذلك آمنًا.',
    minutes: 'يرغب الشخص في البقاء في الدار البيضاء حاليًا؛ ويؤكد المركز توفر مكان.',
    decision: 'تسجيل الشخص في تكوين في الخياطة',
    name: 'أمينة (مساعدة اجتماعية)',
  },
} as const;

async function recordAssessment(page: Page, lang: Lang) {
  const section = page.getByTestId('careplan-section');
  await expect(section.getByTestId('assessments-empty')).toBeVisible();
  await section.getByTestId('assessment-new').click();
  const form = page.getByTestId('assessment-form');
  await expect(form).toBeVisible();
  await form.getByTestId('assessment-level-shelter').selectOption('high');
  await form.getByTestId('assessment-level-health').selectOption('medium');
  await form.getByTestId('assessment-note-health').fill(TEXT[lang as 'fr' | 'ar'].note);
  await form.getByTestId('assessment-level-legal').selectOption('low');
  await expectAccessible(page, `assessment form (${lang})`);
  await form.getByTestId('assessment-save').click();
  await expect(page.getByTestId('assessment-form')).toHaveCount(0);
  const item = section.getByTestId('assessment-item');
  await expect(item).toHaveCount(1);
  await expect(item.locator('[data-testid="need-level"][data-domain="shelter"]')).toHaveAttribute('data-level', 'high');
  await expect(item.locator('[data-testid="need-level"][data-domain="shelter"]')).toContainText(tr(lang, 'careplans.levels.high'));
  await expect(item).toContainText(TEXT[lang as 'fr' | 'ar'].note);
}

async function recordGoalAndAction(page: Page, lang: Lang) {
  const t = TEXT[lang as 'fr' | 'ar'];
  const section = page.getByTestId('careplan-section');
  await section.getByTestId('goal-new').click();
  const goalForm = page.getByTestId('goal-form');
  // Saving without the required answers says what is missing.
  await goalForm.getByTestId('goal-save').click();
  await expect(goalForm.getByText(tr(lang, 'validation.choose'))).toBeVisible();
  await goalForm.getByTestId('goal-domain').selectOption('shelter');
  await goalForm.getByTestId('goal-text-input').fill(t.goal);
  await goalForm.getByTestId('goal-save').click();
  const goal = section.getByTestId('goal-item');
  await expect(goal.getByTestId('goal-text')).toHaveText(t.goal);

  await goal.getByTestId('action-new').click();
  const actionForm = goal.getByTestId('action-form');
  await actionForm.getByTestId('action-title').fill(t.action);
  await actionForm.getByTestId('action-responsible').selectOption({ label: SHELTER });
  await actionForm.getByTestId('action-due').fill(inDays(10));
  await expectAccessible(page, `action form (${lang})`);
  await actionForm.getByTestId('action-save').click();
  const action = goal.getByTestId('action-item');
  await expect(action.getByTestId('action-item-title')).toHaveText(t.action);
  await expect(action.getByTestId('action-item-responsible')).toContainText(SHELTER);
  await expect(action.getByTestId('action-status')).toHaveText(tr(lang, 'careplans.actionStatuses.open'));
  // The action's due date is the shelter's deadline, shown with the case's deadlines.
  await expect(page.locator('[data-testid="task-row"][data-rule="care_action"]')).toContainText(SHELTER);

  await action.getByTestId('action-status-select').selectOption('in_progress');
  await expect(action.getByTestId('action-status')).toHaveText(tr(lang, 'careplans.actionStatuses.in_progress'));
  await expect(action).toHaveAttribute('data-status', 'in_progress');
}

async function recordDurableSolution(page: Page, lang: Lang) {
  const panel = page.getByTestId('careplan-durable');
  await expect(panel.getByTestId('durable-track-value')).toHaveText(tr(lang, 'careplans.tracks.undecided'));
  await panel.getByTestId('durable-edit').click();
  await panel.getByRole('radio', { name: tr(lang, 'careplans.tracks.avrr_return') }).check();
  await panel.getByTestId('durable-status').selectOption('exploring');
  await panel.getByTestId('durable-note').fill(TEXT[lang as 'fr' | 'ar'].durable);
  await expectAccessible(page, `durable solution form (${lang})`);
  await panel.getByTestId('durable-save').click();
  await expect(panel.getByTestId('durable-track-value')).toHaveText(tr(lang, 'careplans.tracks.avrr_return'));
  await expect(panel).toContainText(TEXT[lang as 'fr' | 'ar'].durable);
}

const numbered = (lang: Lang, n: number, title: string) => tr(lang, 'careplans.steps.numbered').replace('{{n}}', String(n)).replace('{{title}}', title);

/** The durable-solution plan's steps: two steps, the second moved first, one marked in progress. */
async function recordDurableSteps(page: Page, lang: Lang) {
  const panel = page.getByTestId('careplan-steps');
  await expect(panel.getByTestId('steps-empty')).toHaveText(tr(lang, 'careplans.steps.empty'));
  const steps = lang === 'ar' ? ['تقييم الوضع الأسري في بلد الأصل', 'الحصول على وثائق السفر من القنصلية'] : ["Évaluation familiale dans le pays d'origine", 'Documents de voyage auprès du consulat'];
  const note = lang === 'ar' ? 'الأم على اتصال بمكتب المنظمة في لاغوس.' : "La mère est en contact avec le bureau de l'OIM à Lagos.";
  for (const [i, title] of steps.entries()) {
    await panel.getByTestId('step-new').click();
    const form = panel.getByTestId('step-form');
    await form.getByTestId('step-title').fill(title);
    await form.getByTestId('step-responsible').selectOption({ label: IOM });
    if (i === 0) {
      await form.getByTestId('step-due').fill(inDays(20));
      await form.getByTestId('step-note').fill(note);
      await expectAccessible(page, `durable step form (${lang})`);
    }
    await form.getByTestId('step-save').click();
    await expect(panel.getByTestId('step-form')).toHaveCount(0);
  }
  const items = panel.getByTestId('step-item');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0).getByTestId('step-item-title')).toHaveText(numbered(lang, 1, steps[0]!));
  await expect(items.nth(0).getByTestId('step-item-responsible')).toContainText(IOM);
  await expect(items.nth(0).getByTestId('step-item-note')).toHaveText(note);
  // The consulate's papers come first: moved up, the numbers follow.
  await items.nth(1).getByTestId('step-up').click();
  await expect(items.nth(0).getByTestId('step-item-title')).toHaveText(numbered(lang, 1, steps[1]!));
  await expect(items.nth(1).getByTestId('step-item-title')).toHaveText(numbered(lang, 2, steps[0]!));
  await items.nth(0).getByTestId('step-status-select').selectOption('in_progress');
  await expect(items.nth(0).getByTestId('step-status')).toHaveText(tr(lang, 'careplans.actionStatuses.in_progress'));
  await expect(items.nth(0)).toHaveAttribute('data-status', 'in_progress');
}

async function recordConference(page: Page, lang: Lang) {
  const t = TEXT[lang as 'fr' | 'ar'];
  const section = page.getByTestId('conferences-section');
  await expect(section.getByTestId('conferences-empty')).toBeVisible();
  await section.getByTestId('conference-new').click();
  const form = section.getByTestId('conference-form');
  for (const name of [SHELTER, IOM]) {
    await form.getByTestId('conference-organisations').click();
    await form.getByTestId('conference-organisations').fill(name.slice(0, 12));
    await page.getByRole('option', { name }).click();
  }
  await form.getByTestId('conference-names').fill(t.name);
  await form.getByTestId('conference-names').press('Enter');
  await form.getByTestId('conference-minutes').fill(t.minutes);
  await form.getByTestId('conference-decision-0').fill(t.decision);
  await form.getByTestId('conference-decision-add').click();
  await form.getByTestId('conference-decision-1').fill(lang === 'ar' ? 'اجتماع جديد بعد شهر' : 'Nouvelle réunion dans un mois');
  await expectAccessible(page, `conference form (${lang})`);
  await shot(page, `conference-form-${lang}`);
  await form.getByTestId('conference-save').click();
  const item = section.getByTestId('conference-item');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('conference-organisations-value')).toContainText(SHELTER);
  await expect(item).toContainText(t.name);
  await expect(item.getByTestId('conference-decision')).toHaveCount(2);

  // The first decision becomes a care-plan action for the shelter.
  const decision = item.getByTestId('conference-decision').first();
  await decision.getByTestId('decision-to-action').click();
  const toAction = decision.getByTestId('decision-action-form');
  await expect(toAction.getByTestId('decision-action-title')).toHaveValue(t.decision);
  await toAction.getByTestId('decision-action-responsible').selectOption({ label: SHELTER });
  await toAction.getByTestId('decision-action-due').fill(inDays(30));
  await expectAccessible(page, `decision to action (${lang})`);
  await toAction.getByTestId('decision-action-save').click();
  await expect(decision.getByTestId('decision-outcome')).toHaveText(tr(lang, 'careplans.decision.became.action'));
  await expect(decision).toHaveAttribute('data-outcome', 'action');
  const planAction = page.getByTestId('other-actions').getByTestId('action-item');
  await expect(planAction.getByTestId('action-item-title')).toHaveText(t.decision);
  await expect(planAction.getByTestId('action-from-conference')).toBeVisible();
  await expect(page.locator('[data-testid="task-row"][data-rule="care_action"]')).toHaveCount(2);
}

for (const lang of ['fr', 'ar'] as const) {
  test(`care plan and case conference (${lang})`, async ({ page }) => {
    await signIn(page, NGO_WORKER, lang);
    await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await registerCase(page, lang, { given: lang === 'ar' ? 'سلمى' : 'Salma', family: lang === 'ar' ? 'البناني' : 'Bennani', age: 24 }, false);
    await expect(page.getByTestId('careplan-section')).toBeVisible();
    await expect(page.getByTestId('conferences-section')).toBeVisible();
    await recordAssessment(page, lang);
    await recordGoalAndAction(page, lang);
    await recordDurableSolution(page, lang);
    await recordDurableSteps(page, lang);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `care plan (${lang})`);
    await shot(page, `careplan-${lang}`);
    await recordConference(page, lang);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `case conferences (${lang})`);
    await shot(page, `conferences-${lang}`);
  });
}
