/**
 * Demo data of the justice track: four cases of the Casablanca association sent to the Rabat prosecution
 * (so a prosecutor can link them as victims), and a dozen synthetic proceedings of the three prosecution
 * offices with defendants, outcomes and compensation, so the statistics feed is not empty. Written through
 * the justice service (same validation, encryption and audit as the API). Deterministic.
 */
import type { TProceedingCreate, TProceedingStage } from '../../contract/justice';
import { PROCEEDING_STAGES, STAGE_DATE_FIELDS } from '../../contract/justice';
import type { Actor, Platform } from '../platform/context';
import { recordAudit } from '../platform/audit';
import { newId, nowIso } from '../platform/ids';
import { justiceService } from '../modules/justice/justice.service';
import { timelinesService } from '../modules/timelines/timelines.service';
import { notify } from '../modules/timelines/notifications';
import { pick, rng, weighted } from './generator';

const justiceActor = (orgId: string): Actor => ({ userId: 'system', organisationId: orgId, displayName: 'OpenNRM', roles: new Set(['justice_liaison']), language: 'fr', ip: null, system: true });

const OFFENCE_MIX = [['448-2-sexual', 45], ['448-2-labour', 25], ['448-2-other', 10], ['448-3', 10], ['448-4', 10]] as const;
const NATIONALITY_MIX = [['MA', 70], ['NG', 8], ['CI', 6], ['SN', 5], ['CM', 4], [null, 7]] as const;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function seedDemoJustice(p: Platform, ids: Map<string, string>): Promise<void> {
  const r = rng(2714);
  const rabat = ids.get('parquet-rabat')!;
  const asso = ids.get('asso-casa')!;
  const worker = await p.db.selectFrom('users').select('id').where('email', '=', 'association@opennrm.demo').executeTakeFirst();
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

  await p.db.transaction().execute(async (trx) => {
    // 1. The association's cases the Rabat prosecution is asked to decide on (and may link to proceedings).
    const cases = await trx
      .selectFrom('cases')
      .selectAll()
      .where('managing_org_id', '=', asso)
      .orderBy('created_at', 'desc')
      .limit(4)
      .execute();
    const at = nowIso();
    for (const c of cases) {
      const assigned = worker?.id ?? c.assigned_user_id;
      if (c.identification_requested_from) {
        await trx.updateTable('cases').set({ assigned_user_id: assigned }).where('id', '=', c.id).execute();
        continue;
      }
      await trx.updateTable('cases').set({ identification_requested_from: rabat, identification_requested_at: at, stage: 'identification_decision', assigned_user_id: assigned }).where('id', '=', c.id).execute();
      await trx
        .insertInto('case_grants')
        .values({ id: newId(), case_id: c.id, organisation_id: rabat, categories: JSON.stringify(['identity', 'exploitation_story', 'documents']), source: 'identification_request', source_id: null, reason: 'demo', granted_by: 'system', valid_until: null, revoked_at: null, created_at: at })
        .execute();
      await timelinesService.startTrigger(trx, 'identification_requested', { ...c, assigned_user_id: assigned }, { child: false, foreign: false, decidingOrgId: rabat, at });
      await notify(trx, [{ organisationId: rabat, kind: 'identification_requested', caseId: c.id }]);
    }

    // 2. Synthetic proceedings, spread over the three prosecution offices and the stages.
    const offices = ['parquet-rabat', 'parquet-casa', 'parquet-tanger'].map((k) => ids.get(k)!);
    const stages: TProceedingStage[] = ['investigation', 'prosecution', 'trial', 'judgment', 'judgment', 'final', 'final', 'appeal', 'final', 'judgment', 'final', 'complaint'];
    let defendants = 0;
    for (const [i, stage] of stages.entries()) {
      const office = offices[i % offices.length]!;
      const actor = justiceActor(office);
      const complaintOn = addDays('2024-01-08', i * 45 + Math.floor(r() * 20));
      const dates: Record<string, string> = {};
      let d = complaintOn;
      for (const s of PROCEEDING_STAGES.slice(0, PROCEEDING_STAGES.indexOf(stage) + 1)) {
        if (s !== 'complaint') d = addDays(d, 20 + Math.floor(r() * 90));
        // Appeals are optional: a final decision may follow the judgment directly.
        if (s === 'appeal' && stage === 'final') continue;
        dates[STAGE_DATE_FIELDS[s]] = d > yesterday ? yesterday : d;
      }
      const input = {
        policeReportRef: `PV ${1000 + i * 37}/${complaintOn.slice(0, 4)}`,
        prosecutionFileRef: `TEH-${complaintOn.slice(0, 4)}-${String(i + 1).padStart(3, '0')}`,
        courtOfAppeal: ["Cour d'appel de Rabat", "Cour d'appel de Casablanca", "Cour d'appel de Tanger"][i % 3],
        jurisdiction: stage === 'appeal' ? "Chambre criminelle d'appel" : 'Chambre criminelle de premier degré',
        offences: [weighted(r, OFFENCE_MIX)],
        stage,
        ...dates,
      } as TProceedingCreate;
      let proceeding = await justiceService.create(p, trx, actor, input);
      const judged = PROCEEDING_STAGES.indexOf(stage) >= PROCEEDING_STAGES.indexOf('judgment');
      const prosecuted = PROCEEDING_STAGES.indexOf(stage) >= PROCEEDING_STAGES.indexOf('prosecution');
      const n = 1 + Math.floor(r() * 3);
      for (let k = 0; k < n; k++) {
        proceeding = await justiceService.addDefendant(p, trx, actor, proceeding.id, {
          givenNames: pick(r, ['Driss', 'Said', 'Aziz', 'Hassan', 'Nabil', 'Samira', 'Latifa', 'John', 'Mamadou']),
          familyName: `Démo-${i}-${k}`,
          aliases: [],
          idNumbers: [],
          sex: r() < 0.72 ? 'male' : 'female',
          ageGroup: pick(r, ['18_24', '25_34', '35_49', '35_49', '50_plus'] as const),
          nationality: weighted(r, NATIONALITY_MIX),
          roles: [pick(r, ['recruiter_intermediary', 'transporter', 'exploiter', 'controller', 'harbourer'] as const)],
          relationshipToVictim: pick(r, ['acquainted', 'employer', 'unacquainted', 'familial'] as const),
          prosecuted,
        });
        defendants += 1;
        if (judged) {
          const dft = proceeding.defendants[proceeding.defendants.length - 1]!;
          const convicted = r() < 0.78;
          const ordered = convicted && r() < 0.7 ? 20_000 + Math.floor(r() * 18) * 10_000 : null;
          proceeding = await justiceService.updateDefendant(p, trx, actor, proceeding.id, dft.id, {
            version: dft.version,
            outcome: convicted ? 'convicted' : 'acquitted',
            outcomeOn: proceeding.judgmentOn,
            sentenceMonths: convicted ? 60 + Math.floor(r() * 15) * 12 : null,
            compensationOrderedMad: ordered,
            compensationPaidMad: ordered ? (r() < 0.4 ? ordered : Math.floor((ordered * r()) / 1000) * 1000) : null,
          });
        }
      }
      // The Rabat office's first proceedings have the association's victims, with protection measures and a hearing.
      if (office === rabat && i < 6) {
        for (const c of [cases[i === 0 ? 2 : 3]].filter((x) => !!x)) {
          proceeding = await justiceService.linkVictim(p, trx, actor, proceeding.id, { caseId: c.id, roles: ['witness', 'civil_party'] });
          const v = proceeding.victims.find((x) => x.caseId === c.id)!;
          proceeding = await justiceService.addMeasure(p, trx, actor, proceeding.id, v.id, { measure: 'anonymity', requestedBy: 'ngo', requestedOn: complaintOn, status: 'granted', decidedBy: 'prosecutor', decidedOn: complaintOn });
          proceeding = await justiceService.addMeasure(p, trx, actor, proceeding.id, v.id, { measure: 'psychological_support', requestedBy: 'victim', requestedOn: complaintOn, status: 'requested' });
          // The victim's claim as a civil party; once judged, the order and a first payment (seen by the association).
          const filedOn = proceeding.trialOn ?? proceeding.prosecutionOn ?? complaintOn;
          proceeding = await justiceService.addClaim(p, trx, actor, proceeding.id, v.id, { filedOn, amountClaimed: 200_000, currency: 'MAD', representedBy: 'association', representativeName: 'Association Nour' });
          const claim = proceeding.victims.find((x) => x.id === v.id)!.compensation!;
          if (judged && proceeding.judgmentOn) {
            proceeding = await justiceService.updateClaim(p, trx, actor, proceeding.id, claim.id, {
              version: claim.version, orderedOn: proceeding.judgmentOn, orderInstance: 'first_instance', amountOrdered: 60_000, paymentStatus: 'partially_paid', amountPaid: 20_000, paidOn: proceeding.judgmentOn,
            });
          }
        }
        if (!judged) await justiceService.addHearing(p, trx, actor, proceeding.id, { kind: 'trial', date: addDays(yesterday, 20), time: '09:30', place: 'Salle 3' });
      }
    }
    // A victim accused of irregular stay, for whom non-punishment was applied.
    if (cases[2]) {
      const [rec] = await justiceService.recordNonPunishment(p, trx, justiceActor(rabat), cases[2].id, { offence: 'irregular_entry_stay', accusedOn: addDays(yesterday, -60) });
      if (rec) await justiceService.updateNonPunishment(p, trx, justiceActor(rabat), cases[2].id, rec.id, { version: rec.version, status: 'non_punishment_applied' });
    }
    await recordAudit(p, trx, justiceActor(rabat), { action: 'seed.justice', details: { identificationRequests: cases.length, proceedings: stages.length, defendants } });
  });
}
