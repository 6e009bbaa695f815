/**
 * Demo recommendations of the Commission (clearly demo texts): adopted at a meeting, a study day and a
 * workshop over the last two years (dates relative to today), addressed to demo organisations, some already followed up. Written through
 * the actionplan service (same validation and audit as the API). Runs once, with the rest of the demo.
 */
import type { Actor, Platform } from '../platform/context';
import { actionplanService } from '../modules/actionplan/actionplan.service';
import { ZRecommendationCreate } from '../../contract/actionplan';

const secretariat = (orgId: string): Actor => ({ userId: 'system', organisationId: orgId, displayName: 'OpenNRM', roles: new Set(['commission_analyst']), language: 'fr', ip: null, system: true });

const DEMO = [
  {
    sourceType: 'commission_meeting', sourceEvent: 'Réunion plénière de la Commission (démo)', daysAgo: 630, to: ['dgsn-casa', 'grc-tanger', 'inspection-casa'],
    textFr: "Former l'ensemble des primo-intervenants au repérage des victimes avec la grille d'indicateurs commune, dans chaque région.",
    textAr: 'تكوين جميع المتدخلين الأوائل على رصد الضحايا باستعمال شبكة المؤشرات المشتركة في كل جهة.',
    follow: [['in_progress', 'Sessions régionales programmées.']],
  },
  {
    sourceType: 'study_day', sourceEvent: "Journée d'étude sur la protection des enfants victimes (démo)", daysAgo: 530, to: ['unicef-pe', 'entraide-rabat', 'dtipe-casa'],
    textFr: "Désigner dans chaque province un point focal de protection de l'enfance joignable en moins de 24 heures.",
    textAr: 'تعيين نقطة اتصال لحماية الطفولة في كل إقليم يمكن التواصل معها في أقل من 24 ساعة.',
    follow: [['in_progress', 'Liste des points focaux en cours.'], ['partially_implemented', 'Huit provinces sur douze couvertes.']],
  },
  {
    sourceType: 'workshop', sourceEvent: 'Atelier sur le retour volontaire et la réintégration (démo)', daysAgo: 420, to: ['oim', 'consulat-ng'],
    textFr: 'Établir une procédure écrite de retour volontaire assisté, avec évaluation des risques avant tout départ.',
    textAr: 'وضع مسطرة مكتوبة للعودة الطوعية المساعَدة، مع تقييم المخاطر قبل أي مغادرة.',
    follow: [['implemented', 'Procédure adoptée et diffusée.']],
  },
  {
    sourceType: 'commission_meeting', sourceEvent: 'Réunion plénière de la Commission (démo)', daysAgo: 290, to: ['parquet-rabat', 'parquet-casa', 'parquet-tanger'],
    textFr: "Informer systématiquement les victimes parties à une procédure de leurs droits à l'indemnisation, dans leur langue.",
    textAr: 'إخبار الضحايا الأطراف في المسطرة بحقوقهم في التعويض بشكل منهجي وبلغتهم.',
    follow: [],
  },
] as const;

export async function seedDemoRecommendations(p: Platform, ids: Map<string, string>): Promise<void> {
  const actor = secretariat(ids.get('moj')!);
  await p.db.transaction().execute(async (trx) => {
    for (const r of DEMO) {
      const created = await actionplanService.create(p, trx, actor, ZRecommendationCreate.parse({
        sourceType: r.sourceType, sourceEvent: r.sourceEvent, adoptedOn: new Date(Date.now() - r.daysAgo * 86_400_000).toISOString().slice(0, 10), textFr: r.textFr, textAr: r.textAr, addressedTo: r.to.map((k) => ids.get(k)!),
      }));
      let version = created.version;
      for (const [status, note] of r.follow) version = (await actionplanService.update(p, trx, actor, created.id, { version, status, note })).version;
    }
  });
}
