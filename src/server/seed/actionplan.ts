/**
 * A demo national action plan (clearly labelled as a demonstration): three objectives per pillar, twelve
 * actions led by demo organisations, indicators with yearly targets, and progress reports in each state
 * (validated, submitted, returned, draft), written through the same services as the app.
 */
import type { TRole } from '../../contract/common';
import type { Actor, Platform } from '../platform/context';
import { recordAudit } from '../platform/audit';
import { plansService } from '../modules/actionplan/actionplan.plans';

type Ind = { code: string; fr: string; ar: string; unit: 'count' | 'percent' | 'yes_no' | 'amount_mad'; frequency?: 'annual' | 'semester' | 'quarterly'; baseline?: number; targets: [number, number][] };
type Act = { code: string; fr: string; ar: string; lead: string; partners: string[]; budget: number; indicators: Ind[] };
type Obj = { pillar: 'prevention' | 'protection' | 'prosecution' | 'partnerships'; code: string; fr: string; ar: string; actions: Act[] };

const series = (from: number, to: number, start: number, step: number): [number, number][] => Array.from({ length: to - from + 1 }, (_, i) => [from + i, Math.min(start + i * step, 100_000)]);
const pct = (from: number, to: number, start: number, step: number): [number, number][] => series(from, to, start, step).map(([y, v]) => [y, Math.min(v, 100)]);

const OBJECTIVES: Obj[] = [
  { pillar: 'prevention', code: 'P1', fr: 'Sensibiliser le public aux risques de la traite', ar: 'توعية العموم بمخاطر الاتجار بالبشر', actions: [
    { code: 'P1.1', fr: 'Campagne nationale annuelle de sensibilisation', ar: 'حملة وطنية سنوية للتوعية', lead: 'solidarite', partners: ['oim', 'asso-casa'], budget: 1_200_000_00, indicators: [
      { code: 'P1.1-a', fr: 'Personnes touchées par la campagne', ar: 'الأشخاص الذين وصلتهم الحملة', unit: 'count', baseline: 20_000, targets: series(2023, 2030, 50_000, 10_000) }] }] },
  { pillar: 'prevention', code: 'P2', fr: 'Prévenir le recrutement frauduleux de travailleurs', ar: 'الوقاية من التوظيف الاحتيالي للعمال', actions: [
    { code: 'P2.1', fr: 'Contrôler les agences de recrutement', ar: 'مراقبة وكالات التشغيل', lead: 'inspection-casa', partners: ['emploi'], budget: 400_000_00, indicators: [
      { code: 'P2.1-a', fr: 'Agences contrôlées', ar: 'الوكالات المراقبة', unit: 'count', baseline: 15, targets: series(2023, 2030, 30, 10) }] }] },
  { pillar: 'prevention', code: 'P3', fr: 'Protéger les enfants contre l\'exploitation', ar: 'حماية الأطفال من الاستغلال', actions: [
    { code: 'P3.1', fr: 'Former les acteurs de la protection de l\'enfance', ar: 'تكوين الفاعلين في حماية الطفولة', lead: 'dtipe-casa', partners: ['unicef-pe'], budget: 300_000_00, indicators: [
      { code: 'P3.1-a', fr: 'Professionnels formés', ar: 'المهنيون المكونون', unit: 'count', baseline: 0, targets: series(2023, 2030, 40, 20) }] }] },
  { pillar: 'protection', code: 'R1', fr: 'Identifier plus tôt les victimes', ar: 'تحديد هوية الضحايا في وقت مبكر', actions: [
    { code: 'R1.1', fr: 'Déployer le mécanisme national d\'orientation dans les régions', ar: 'تعميم الآلية الوطنية للإحالة على الجهات', lead: 'dgsn-casa', partners: ['asso-casa', 'entraide-rabat'], budget: 800_000_00, indicators: [
      { code: 'R1.1-a', fr: 'Régions où le mécanisme fonctionne', ar: 'الجهات التي تعمل فيها الآلية', unit: 'percent', frequency: 'quarterly', baseline: 8, targets: pct(2023, 2030, 17, 12) }] }] },
  { pillar: 'protection', code: 'R2', fr: 'Offrir un accueil et un accompagnement adaptés', ar: 'توفير إيواء ومواكبة ملائمين', actions: [
    { code: 'R2.1', fr: 'Ouvrir des places d\'accueil spécialisées', ar: 'فتح أماكن إيواء متخصصة', lead: 'asso-casa', partners: ['solidarite', 'foyer-tanger'], budget: 2_500_000_00, indicators: [
      { code: 'R2.1-a', fr: 'Places d\'accueil spécialisées ouvertes', ar: 'أماكن الإيواء المتخصصة المفتوحة', unit: 'count', baseline: 20, targets: series(2023, 2030, 30, 10) },
      { code: 'R2.1-b', fr: 'Victimes accompagnées ayant un plan d\'accompagnement', ar: 'الضحايا المواكبون الذين لهم مخطط مواكبة', unit: 'percent', baseline: 40, targets: pct(2023, 2030, 50, 6) }] }] },
  { pillar: 'protection', code: 'R3', fr: 'Garantir la prise en charge médicale et psychologique', ar: 'ضمان التكفل الطبي والنفسي', actions: [
    { code: 'R3.1', fr: 'Unités hospitalières d\'accueil des victimes', ar: 'وحدات استشفائية لاستقبال الضحايا', lead: 'chu-rabat', partners: ['hopital-fes'], budget: 900_000_00, indicators: [
      { code: 'R3.1-a', fr: 'Unité de référence opérationnelle', ar: 'وحدة مرجعية عاملة', unit: 'yes_no', targets: [[2024, 1]] }] }] },
  { pillar: 'prosecution', code: 'S1', fr: 'Renforcer les enquêtes et les poursuites', ar: 'تعزيز الأبحاث والمتابعات', actions: [
    { code: 'S1.1', fr: 'Former les magistrats et enquêteurs à la loi 27-14', ar: 'تكوين القضاة والمحققين في القانون 27-14', lead: 'parquet-rabat', partners: ['dgsn-rabat', 'grc-tanger'], budget: 600_000_00, indicators: [
      { code: 'S1.1-a', fr: 'Magistrats et enquêteurs formés', ar: 'القضاة والمحققون المكونون', unit: 'count', baseline: 60, targets: series(2023, 2030, 100, 40) }] }] },
  { pillar: 'prosecution', code: 'S2', fr: 'Protéger les victimes pendant la procédure', ar: 'حماية الضحايا أثناء المسطرة', actions: [
    { code: 'S2.1', fr: 'Mesures de protection des victimes témoins', ar: 'تدابير حماية الضحايا الشهود', lead: 'parquet-casa', partners: ['asso-casa'], budget: 200_000_00, indicators: [
      { code: 'S2.1-a', fr: 'Victimes témoins ayant bénéficié d\'une mesure', ar: 'الضحايا الشهود المستفيدون من تدبير', unit: 'percent', baseline: 20, targets: pct(2023, 2030, 30, 8) }] }] },
  { pillar: 'prosecution', code: 'S3', fr: 'Saisir et confisquer les avoirs des trafiquants', ar: 'حجز ومصادرة أموال المتاجرين', actions: [
    { code: 'S3.1', fr: 'Suivi des avoirs saisis', ar: 'تتبع الأموال المحجوزة', lead: 'parquet-tanger', partners: [], budget: 100_000_00, indicators: [
      { code: 'S3.1-a', fr: 'Montant des avoirs saisis', ar: 'مبلغ الأموال المحجوزة', unit: 'amount_mad', baseline: 0, targets: series(2023, 2030, 500_000, 250_000) }] }] },
  { pillar: 'partnerships', code: 'T1', fr: 'Coordonner l\'action nationale', ar: 'تنسيق العمل الوطني', actions: [
    { code: 'T1.1', fr: 'Réunions de coordination régionales', ar: 'اجتماعات التنسيق الجهوية', lead: 'moj', partners: ['solidarite', 'dgsn-casa'], budget: 150_000_00, indicators: [
      { code: 'T1.1-a', fr: 'Réunions régionales tenues', ar: 'الاجتماعات الجهوية المنعقدة', unit: 'count', frequency: 'semester', baseline: 2, targets: series(2023, 2030, 6, 2) }] }] },
  { pillar: 'partnerships', code: 'T2', fr: 'Travailler avec la société civile', ar: 'العمل مع المجتمع المدني', actions: [
    { code: 'T2.1', fr: 'Conventions avec les associations d\'accueil', ar: 'اتفاقيات مع جمعيات الإيواء', lead: 'entraide-rabat', partners: ['asso-casa', 'asso-fes', 'asso-oujda'], budget: 700_000_00, indicators: [
      { code: 'T2.1-a', fr: 'Conventions signées', ar: 'الاتفاقيات الموقعة', unit: 'count', baseline: 3, targets: series(2023, 2030, 5, 2) }] }] },
  { pillar: 'partnerships', code: 'T3', fr: 'Coopérer au niveau international', ar: 'التعاون على المستوى الدولي', actions: [
    { code: 'T3.1', fr: 'Retours volontaires assistés et coopération consulaire', ar: 'العودة الطوعية المساعدة والتعاون القنصلي', lead: 'oim', partners: ['consulat-ng'], budget: 1_000_000_00, indicators: [
      { code: 'T3.1-a', fr: 'Retours volontaires assistés de victimes', ar: 'عمليات العودة الطوعية المساعدة للضحايا', unit: 'count', baseline: 10, targets: series(2023, 2030, 15, 5) }] }] },
];

export const DEMO_PLAN_CODE = 'PN-2023-2030-DEMO';

export async function seedDemoActionPlan(p: Platform, ids: Map<string, string>): Promise<void> {
  if (await p.db.selectFrom('action_plans').select('id').where('code', '=', DEMO_PLAN_CODE).executeTakeFirst()) return;
  const users = await p.db.selectFrom('users').select(['id', 'email', 'display_name', 'organisation_id', 'roles']).execute();
  const actorOf = (email: string): Actor => {
    const u = users.find((x) => x.email === email)!;
    return { userId: u.id, organisationId: u.organisation_id, displayName: u.display_name, roles: new Set(JSON.parse(u.roles) as TRole[]), language: 'fr', ip: null };
  };
  const sec = actorOf('analyste@opennrm.demo');
  const assoAdmin = actorOf('admin.association@opennrm.demo');
  const policeSupervisor = actorOf('superviseur.casablanca@opennrm.demo');
  const Y = new Date().getFullYear();
  const start = Math.min(2023, Y - 1);
  const end = Math.max(2030, Y + 1);
  await p.db.transaction().execute(async (trx) => {
    const plan = await plansService.create(p, trx, sec, {
      code: DEMO_PLAN_CODE, titleFr: `Plan national de lutte contre la traite ${start}–${end} (démonstration)`, titleAr: `الخطة الوطنية لمكافحة الاتجار بالبشر ${start}–${end} (نسخة تجريبية)`,
      titleEn: `National plan against human trafficking ${start}–${end} (demonstration)`, startYear: start, endYear: end,
    });
    const actions = new Map<string, { id: string; indicators: Map<string, string> }>();
    for (const o of OBJECTIVES) {
      const withObj = await plansService.createObjective(p, trx, sec, plan.id, { pillar: o.pillar, code: o.code, titleFr: o.fr, titleAr: o.ar });
      const objectiveId = withObj.objectives.find((x) => x.code === o.code)!.id;
      for (const a of o.actions) {
        const created = await plansService.createAction(p, trx, sec, objectiveId, {
          code: a.code, titleFr: a.fr, titleAr: a.ar, leadOrganisationId: ids.get(a.lead)!, partnerOrganisationIds: a.partners.map((k) => ids.get(k)!),
          budgetMinor: a.budget, currency: 'MAD', startDate: `${start}-01-01`, endDate: `${end}-12-31`, status: 'on_track',
        });
        let last = created;
        for (const i of a.indicators) {
          last = await plansService.createIndicator(p, trx, sec, created.id, {
            code: i.code, titleFr: i.fr, titleAr: i.ar, unit: i.unit, frequency: i.frequency ?? 'annual', baselineValue: i.baseline ?? null, baselineYear: i.baseline === undefined ? null : start - 1,
            targets: i.targets.filter(([y]) => y >= start && y <= end).map(([year, value]) => ({ year, value })),
          });
        }
        actions.set(a.code, { id: created.id, indicators: new Map(last.indicators.map((x) => [x.code, x.id])) });
      }
    }
    await plansService.update(p, trx, sec, plan.id, { version: 1, status: 'adopted' });

    const report = async (who: Actor, code: string, period: string, actionStatus: 'on_track' | 'delayed' | 'completed', values: Record<string, number>, narrative: string, end: 'draft' | 'submitted' | 'validated' | 'returned') => {
      const a = actions.get(code)!;
      const r = await plansService.createReport(p, trx, who, a.id, { period, actionStatus, narrative, values: Object.entries(values).map(([c, value]) => ({ indicatorId: a.indicators.get(c)!, value })) });
      if (end === 'draft') return;
      const s = await plansService.transition(p, trx, who, r.id, { version: r.version, action: 'submit' });
      if (end === 'validated') await plansService.transition(p, trx, sec, s.id, { version: s.version, action: 'validate' });
      if (end === 'returned') await plansService.transition(p, trx, sec, s.id, { version: s.version, action: 'return', note: 'Merci de préciser combien de places sont ouvertes à Tanger et à Fès. (Démonstration)' });
    };
    // The association leads R2.1: two validated years, one returned for correction.
    await report(assoAdmin, 'R2.1', `${Y - 2}`, 'on_track', { 'R2.1-a': 34, 'R2.1-b': 55 }, 'Ouverture de places à Casablanca et Tanger. (Démonstration)', 'validated');
    await report(assoAdmin, 'R2.1', `${Y - 1}`, 'delayed', { 'R2.1-a': 41, 'R2.1-b': 58 }, 'Retard des travaux du foyer de Fès. (Démonstration)', 'returned');
    // The police leads R1.1 (quarterly): validated, submitted (waiting for the secretariat), a draft.
    await report(policeSupervisor, 'R1.1', `${Y - 1}-Q4`, 'on_track', { 'R1.1-a': 42 }, 'Le mécanisme fonctionne dans cinq régions. (Démonstration)', 'validated');
    await report(policeSupervisor, 'R1.1', `${Y}-Q1`, 'on_track', { 'R1.1-a': 50 }, 'Une sixième région a rejoint le mécanisme. (Démonstration)', 'submitted');
    await report(policeSupervisor, 'R1.1', `${Y}-Q2`, 'delayed', { 'R1.1-a': 50 }, 'Formation des équipes de Béni Mellal reportée. (Démonstration)', 'draft');
    await recordAudit(p, trx, null, { action: 'seed.actionplan', entityType: 'action_plan', entityId: plan.id, details: { code: DEMO_PLAN_CODE } });
  });
  await plansService.ensureDeadlines(p);
}
