/**
 * Demo prevention and partnership activities over 2024–2026: awareness campaigns, trainings with their
 * participants, partnership agreements (one of them expired), international cooperation requests with a
 * status history. Written through the activities service (same validation, encryption and audit as the API),
 * as the commission secretariat.
 */
import { ZAgreementCreate, ZCampaignCreate, ZCooperationCreate, ZTrainingCreate } from '../../contract/activities';
import type { Actor, Platform } from '../platform/context';
import { recordAudit } from '../platform/audit';
import { activitiesService as service } from '../modules/activities/activities.service';

const secretariat = (orgId: string): Actor => ({ userId: 'system', organisationId: orgId, displayName: 'OpenNRM', roles: new Set(['commission_analyst']), language: 'fr', ip: null, system: true });

export async function seedDemoActivities(p: Platform, ids: Map<string, string>): Promise<void> {
  const org = (key: string) => ids.get(key)!;
  const actor = secretariat(org('moj'));
  await p.db.transaction().execute(async (trx) => {
    const campaigns = [
      { titleFr: 'Le travail forcé n’est pas un emploi', titleAr: 'العمل القسري ليس شغلا', theme: 'Exploitation par le travail dans l’agriculture', audiences: ['migrant_workers', 'employers'],
        channels: ['radio', 'community_sessions'], regions: ['MA-09', 'MA-06'], languages: ['ar', 'fr'], startOn: '2024-03-04', endOn: '2024-06-28', organiserId: org('emploi'),
        partnerIds: [org('inspection-casa'), org('oim')], peopleReached: 18500, actionId: 'PAN-2023-2030/A1.2', status: 'completed', description: null },
      { titleFr: 'Les petites bonnes ne sont pas des employées', titleAr: 'الطفلات لسن خادمات', theme: 'Travail domestique des enfants', audiences: ['children_families', 'general_public'],
        channels: ['tv', 'social_media'], regions: ['MA-03', 'MA-06', 'MA-07'], languages: ['ar'], startOn: '2025-06-12', endOn: '2025-07-31', organiserId: org('solidarite'),
        partnerIds: [org('unicef-pe')], peopleReached: 240000, actionId: null, status: 'completed', description: 'Spots télévisés et relais sur les réseaux sociaux.' },
      { titleFr: 'Connaître ses droits avant de partir', titleAr: 'اعرف حقوقك قبل السفر', theme: 'Recrutement frauduleux à l’étranger', audiences: ['students', 'migrant_workers'],
        channels: ['schools', 'print', 'hotlines'], regions: ['MA-01', 'MA-02'], languages: ['ar', 'fr', 'es'], startOn: '2026-02-02', endOn: null, organiserId: org('asso-casa'),
        partnerIds: [org('oim')], peopleReached: 3200, actionId: null, status: 'ongoing', description: null },
      { titleFr: 'Tourisme responsable', titleAr: 'سياحة مسؤولة', theme: 'Exploitation sexuelle dans le tourisme', audiences: ['tourism_sector'], channels: ['events'],
        regions: ['MA-07'], languages: ['fr', 'en'], startOn: '2027-01-15', endOn: null, organiserId: org('moj'), partnerIds: [], peopleReached: null, actionId: null, status: 'planned', description: null },
    ];
    for (const c of campaigns) await service.createCampaign(p, trx, actor, ZCampaignCreate.parse(c));

    const trainings = [
      { title: 'Identifier les victimes de la traite : indicateurs et premiers gestes', topics: ['identification_indicators', 'victim_centred_approach'], startOn: '2024-04-15', endOn: '2024-04-17',
        regionCode: 'MA-01', organiserId: org('moj'), hours: 18, participants: [{ organisationType: 'police', women: 6, men: 19 }, { organisationType: 'gendarmerie', women: 2, men: 11 }, { organisationType: 'ngo', women: 7, men: 2 }] },
      { title: 'Enquêter et poursuivre la traite des personnes', topics: ['investigation', 'prosecution'], startOn: '2025-02-10', endOn: '2025-02-12', regionCode: 'MA-04', organiserId: org('moj'),
        hours: 21, participants: [{ organisationType: 'prosecution', women: 9, men: 14 }, { organisationType: 'court', women: 5, men: 8 }, { organisationType: 'police', women: 3, men: 10 }] },
      { title: 'Repérer le travail forcé lors des contrôles', topics: ['labour_inspection', 'identification_indicators'], startOn: '2025-10-20', endOn: '2025-10-21', regionCode: 'MA-06', organiserId: org('emploi'),
        hours: 12, participants: [{ organisationType: 'labour_inspection', women: 8, men: 12 }] },
      { title: 'Orienter un enfant victime', topics: ['child_protection', 'referral_mechanism'], startOn: '2026-05-05', endOn: '2026-05-06', regionCode: 'MA-03', organiserId: org('asso-casa'),
        hours: 10, participants: [{ organisationType: 'social_services', women: 11, men: 3 }, { organisationType: 'health', women: 6, men: 2 }, { organisationType: 'ngo', women: 9, men: 1 }] },
    ];
    for (const t of trainings) await service.createTraining(p, trx, actor, ZTrainingCreate.parse({ description: null, ...t }));

    const agreements = [
      { title: 'Convention-cadre pour l’accueil et l’accompagnement des victimes', parties: [{ organisationId: org('moj') }, { organisationId: org('solidarite') }, { organisationId: org('asso-casa') }],
        signedOn: '2023-07-30', effectiveFrom: '2023-09-01', effectiveTo: null, pillars: ['protection', 'partnerships'], status: 'in_force' },
      { title: 'Mémorandum d’entente sur le retour assisté des victimes', parties: [{ organisationId: org('moj') }, { organisationId: org('oim') }, { externalName: 'Ministère des Affaires étrangères', countryCode: 'NG' }],
        signedOn: '2024-05-14', effectiveFrom: '2024-05-14', effectiveTo: '2026-05-13', pillars: ['protection', 'partnerships'], status: 'in_force' },
      { title: 'Protocole d’échange d’informations entre parquets', parties: [{ organisationId: org('parquet-rabat') }, { externalName: 'Fiscalía General del Estado', countryCode: 'ES' }],
        signedOn: '2025-11-03', effectiveFrom: '2026-01-01', effectiveTo: '2028-12-31', pillars: ['prosecution', 'partnerships'], status: 'signed' },
      { title: 'Programme conjoint de sensibilisation dans les écoles', parties: [{ organisationId: org('solidarite') }, { organisationId: org('unicef-pe') }],
        signedOn: null, effectiveFrom: null, effectiveTo: null, pillars: ['prevention'], status: 'draft' },
    ];
    for (const a of agreements) await service.createAgreement(p, trx, actor, ZAgreementCreate.parse({ description: null, ...a }));

    const requests: { input: Record<string, unknown>; steps: [string, string][] }[] = [
      { input: { direction: 'outgoing', type: 'mutual_legal_assistance', countryCode: 'ES', authority: 'Ministerio de Justicia', handlingOrganisationId: org('parquet-rabat'), openedOn: '2024-02-12',
        subject: 'Entraide dans une enquête sur un réseau de recrutement pour la cueillette' }, steps: [['acknowledged', '2024-03-01'], ['executed', '2024-06-20']] },
      { input: { direction: 'incoming', type: 'information_exchange', countryCode: 'FR', authority: 'Office central pour la répression de la traite des êtres humains', handlingOrganisationId: org('parquet-casa'),
        openedOn: '2025-01-20', subject: 'Demande d’informations sur une société de placement' }, steps: [['in_progress', '2025-02-04'], ['executed', '2025-03-18']] },
      { input: { direction: 'outgoing', type: 'victim_return_assistance', countryCode: 'NG', authority: 'National Agency for the Prohibition of Trafficking in Persons', handlingOrganisationId: org('moj'),
        openedOn: '2025-09-08', subject: 'Retour assisté et accueil à l’arrivée d’une personne adulte' }, steps: [['acknowledged', '2025-09-30']] },
      { input: { direction: 'outgoing', type: 'extradition', countryCode: 'BE', authority: 'SPF Justice', handlingOrganisationId: org('parquet-tanger'), openedOn: '2026-03-16',
        subject: 'Demande d’extradition dans une affaire d’exploitation sexuelle' }, steps: [['refused', '2026-07-02']] },
      { input: { direction: 'incoming', type: 'joint_investigation', countryCode: 'IT', authority: 'Procura della Repubblica', handlingOrganisationId: org('parquet-rabat'), openedOn: '2026-10-05',
        subject: 'Proposition d’équipe commune d’enquête' }, steps: [] },
    ];
    for (const r of requests) {
      let current = await service.createCooperation(p, trx, actor, ZCooperationCreate.parse(r.input));
      for (const [status, statusOn] of r.steps) {
        current = await service.updateCooperation(p, trx, actor, current.id, { version: current.version, status: status as typeof current.status, statusOn });
      }
    }
    await recordAudit(p, trx, actor, { action: 'seed.activities', details: { campaigns: campaigns.length, trainings: trainings.length, agreements: agreements.length, cooperationRequests: requests.length } });
  });
}
