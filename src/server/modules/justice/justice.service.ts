/**
 * The justice track. Justice users (configuration: justice roles in prosecution offices and courts) record
 * proceedings, defendants, the victims taking part with their protection measures, hearings and outcomes.
 * Everyone else gets 404 on proceedings. The victim's managing organisation sees, on its own case, the
 * hearings and measures (never defendants) and gets a reminder task before each hearing. A victim's contact
 * details reach a justice user only through an explicit, reasoned and audited "need to know" request.
 */
import { z } from 'zod';
import {
  ZCompensationClaimCreate,
  ZCompensationClaimUpdate,
  ZDefendantCreate,
  ZDefendantUpdate,
  ZHearingCreate,
  ZHearingUpdate,
  ZMeasureCreate,
  ZMeasureUpdate,
  ZNonPunishmentCreate,
  ZNonPunishmentUpdate,
  ZProceedingCreate,
  ZProceedingUpdate,
  ZRevealContact,
  ZVictimLink,
  STAGE_DATE_FIELDS,
  type TCaseJustice,
  type TCompensationClaim,
  type TProceeding,
  type TJusticeStatistics,
} from '../../../contract/justice';
import type { Actor, Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import type { CompensationClaimsTable, HearingsTable, NonPunishmentRecordsTable, ProceedingDefendantsTable, ProceedingsTable, ProtectionMeasuresTable } from '../../platform/db/schema';
import { AppError, type FieldError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { auditRead, recordAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { caseAccess } from '../cases/cases.service';
import { ageGroupOf, presentPerson } from '../persons/persons.service';
import { COUNTRY_CODES } from '../reference/reference.service';
import { timelineConfig } from '../timelines/timelines.config';
import { timelinesService } from '../timelines/timelines.service';
import { notify } from '../timelines/notifications';
import { localDate, startOfLocalDayBefore, zonedToUtc } from '../timelines/calendar';
import { justiceConfig } from './justice.config';
import { justicePolicy as policy } from './justice.policy';
import { checkCompensation, checkOutcome, checkStages, type StageDates } from './justice.rules';
import { justiceStatistics } from './justice.stats';
import { justiceRepository as repo } from './justice.repository';

type Identity = { givenNames: string | null; familyName: string | null; aliases: string[]; idNumbers: string[] };
const aad = (table: string, column: string, id: string) => `${table}.${column}:${id}`;
const today = (p: Platform) => localDate(new Date(), p.config.timezone);
const json = <T>(s: string) => JSON.parse(s) as T;

/** The actor must be a justice user; anyone else learns nothing (404). */
async function requireJustice(db: Db | Tx, actor: Actor): Promise<void> {
  const org = await repo.organisation(db, actor.organisationId);
  if (!org || !policy.isJustice(actor, org.type)) throw AppError.notFound();
}

async function visibleProceeding(db: Db | Tx, actor: Actor, id: string): Promise<ProceedingsTable> {
  await requireJustice(db, actor);
  const row = await repo.visibleProceeding(db, actor.organisationId, id);
  if (!row) throw AppError.notFound();
  return row;
}

const DATE_COLUMNS = {
  complaintOn: 'complaint_on',
  investigationOn: 'investigation_on',
  prosecutionOn: 'prosecution_on',
  trialOn: 'trial_on',
  judgmentOn: 'judgment_on',
  appealOn: 'appeal_on',
  finalOn: 'final_on',
} as const;

const datesOf = (r: ProceedingsTable): StageDates => Object.fromEntries(Object.entries(DATE_COLUMNS).map(([f, c]) => [f, r[c]])) as StageDates;

async function checkCourt(db: Db | Tx, id: string | null | undefined): Promise<FieldError[]> {
  if (!id) return [];
  const org = await repo.organisation(db, id);
  return org && org.active === 1 && (justiceConfig().organisationTypes as string[]).includes(org.type) ? [] : [{ path: 'courtOrganisationId', code: 'not_a_court' }];
}

function presentHearing(h: HearingsTable) {
  return { id: h.id, kind: h.kind as 'trial', scheduledAt: h.scheduled_at, place: h.place, status: h.status as 'scheduled', version: h.version };
}
function presentMeasure(m: ProtectionMeasuresTable) {
  return {
    id: m.id,
    measure: m.measure as 'anonymity',
    requestedBy: m.requested_by as 'victim',
    requestedOn: m.requested_on,
    status: m.status as 'requested',
    decidedBy: m.decided_by as 'prosecutor' | null,
    decidedOn: m.decided_on,
    version: m.version,
  };
}
function presentNonPunishment(n: NonPunishmentRecordsTable & { org_name: string }) {
  return {
    id: n.id,
    caseId: n.case_id,
    offence: n.offence,
    accusedOn: n.accused_on,
    proceedingRef: n.proceeding_ref,
    status: n.status as 'open',
    recordedBy: n.org_name,
    createdAt: n.created_at,
    version: n.version,
  };
}

function presentClaim(p: Platform, k: CompensationClaimsTable): TCompensationClaim {
  return {
    id: k.id,
    filedOn: k.filed_on,
    amountClaimed: Number(k.amount_claimed),
    currency: k.currency,
    representedBy: k.represented_by as TCompensationClaim['representedBy'],
    representativeName: k.representative_enc ? p.keyring.decryptText(k.representative_enc, aad('compensation_claims', 'representative_enc', k.id)) : null,
    orderedOn: k.ordered_on,
    orderInstance: k.order_instance as TCompensationClaim['orderInstance'],
    amountOrdered: k.amount_ordered === null ? null : Number(k.amount_ordered),
    paymentStatus: k.payment_status as TCompensationClaim['paymentStatus'],
    amountPaid: k.amount_paid === null ? null : Number(k.amount_paid),
    paidOn: k.paid_on,
    updatedAt: k.updated_at,
    version: k.version,
  };
}

async function present(p: Platform, db: Db | Tx, row: ProceedingsTable): Promise<TProceeding> {
  const [orgs, defendants, victims, hearings] = await Promise.all([
    repo.orgNames(db, [row.owner_org_id, row.court_org_id]),
    repo.defendants(db, row.id),
    repo.victims(db, row.id),
    repo.hearings(db, [row.id]),
  ]);
  const [measures, nonPunishment, claims] = await Promise.all([
    repo.measures(db, victims.map((v) => v.id)),
    repo.nonPunishment(db, victims.map((v) => v.case_id)),
    repo.claims(db, victims.map((v) => v.id)),
  ]);
  return {
    id: row.id,
    reference: row.reference,
    version: row.version,
    policeReportRef: row.police_report_ref,
    prosecutionFileRef: row.prosecution_file_ref,
    courtFileRef: row.court_file_ref,
    courtOfAppeal: row.court_of_appeal,
    jurisdiction: row.jurisdiction,
    courtOrganisation: row.court_org_id ? { id: row.court_org_id, name: orgs.get(row.court_org_id) ?? '' } : null,
    ownerOrganisation: { id: row.owner_org_id, name: orgs.get(row.owner_org_id) ?? '' },
    offences: json<string[]>(row.offences),
    stage: row.stage as TProceeding['stage'],
    complaintOn: row.complaint_on,
    investigationOn: row.investigation_on,
    prosecutionOn: row.prosecution_on,
    trialOn: row.trial_on,
    judgmentOn: row.judgment_on,
    appealOn: row.appeal_on,
    finalOn: row.final_on,
    notes: row.notes_enc ? p.keyring.decryptText(row.notes_enc, aad('proceedings', 'notes_enc', row.id)) : null,
    defendants: defendants.map((d) => {
      const id = p.keyring.decryptJson<Identity>(d.identity_enc, aad('proceeding_defendants', 'identity_enc', d.id));
      return {
        id: d.id,
        givenNames: id.givenNames,
        familyName: id.familyName,
        aliases: id.aliases,
        idNumbers: id.idNumbers,
        sex: d.sex as 'male',
        ageGroup: d.age_group as 'unknown',
        nationality: d.nationality,
        roles: json<TProceeding['defendants'][number]['roles']>(d.roles),
        relationshipToVictim: d.relationship as 'unknown',
        prosecuted: d.prosecuted === 1,
        outcome: d.outcome as 'convicted' | null,
        outcomeOn: d.outcome_on,
        sentenceMonths: d.sentence_months,
        suspendedSentence: d.suspended_sentence === 1,
        fineMad: d.fine_mad,
        confiscatedAssetsMad: d.confiscated_assets_mad,
        compensationOrderedMad: d.compensation_ordered_mad,
        compensationPaidMad: d.compensation_paid_mad,
        version: d.version,
      };
    }),
    victims: victims.map((v) => ({
      id: v.id,
      caseId: v.case_id,
      caseReference: v.reference,
      pseudonym: v.pseudonym,
      sex: v.sex as 'female',
      ageGroup: ageGroupOf(v, null).ageGroup,
      managingOrganisation: v.org_name,
      roles: json<('witness' | 'civil_party')[]>(v.roles),
      measures: measures.filter((m) => m.proceeding_victim_id === v.id).map(presentMeasure),
      nonPunishment: nonPunishment.filter((n) => n.case_id === v.case_id).map(presentNonPunishment),
      compensation: ((k) => (k ? presentClaim(p, k) : null))(claims.find((k) => k.proceeding_victim_id === v.id)),
    })),
    hearings: hearings.map(presentHearing),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One hearing-preparation task for the victim's managing organisation, and a notification. */
async function scheduleHearingTask(trx: Tx, h: HearingsTable, victim: { case_id: string; managing_org_id: string; assigned_user_id: string | null }) {
  const cfg = justiceConfig();
  const tz = timelineConfig().timezone;
  const remindAt = startOfLocalDayBefore(localDate(h.scheduled_at, tz), cfg.hearingReminderDaysBefore, tz).toISOString();
  const taskId = await timelinesService.schedule(trx, {
    caseId: victim.case_id,
    rule: cfg.hearingTaskRule,
    assigneeOrgId: victim.managing_org_id,
    assigneeUserId: victim.assigned_user_id,
    dueAt: h.scheduled_at,
    remindAt,
    subject: { type: 'hearing', id: h.id },
  });
  await notify(trx, [{ organisationId: victim.managing_org_id, userId: null, kind: 'hearing_scheduled', caseId: victim.case_id, taskId }]);
}

async function detail(p: Platform, trx: Tx, id: string, actor: Actor) {
  const row = await repo.visibleProceeding(trx, actor.organisationId, id);
  if (!row) throw AppError.notFound();
  return present(p, trx, row);
}

export const justiceService = {
  async list(p: Platform, trx: Tx, actor: Actor) {
    await requireJustice(trx, actor);
    const rows = await repo.listProceedings(trx, actor.organisationId, nowIso());
    await auditRead(p, trx, actor, { action: 'justice.proceeding_list', entityType: 'proceeding', details: { count: rows.length } });
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      stage: r.stage as TProceeding['stage'],
      offences: json<string[]>(r.offences),
      courtOfAppeal: r.court_of_appeal,
      jurisdiction: r.jurisdiction,
      ownerOrganisation: r.owner_name,
      victims: Number(r.victims ?? 0),
      defendants: Number(r.defendants ?? 0),
      nextHearingAt: (r.next_hearing as string | null) ?? null,
      updatedAt: r.updated_at,
    }));
  },

  async get(p: Platform, trx: Tx, actor: Actor, id: string): Promise<TProceeding> {
    const row = await visibleProceeding(trx, actor, id);
    await auditRead(p, trx, actor, { action: 'justice.proceeding_read', entityType: 'proceeding', entityId: id });
    return present(p, trx, row);
  },

  async create(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZProceedingCreate>): Promise<TProceeding> {
    await requireJustice(trx, actor);
    const errors = [...checkStages(input.stage, input, today(p)), ...(await checkCourt(trx, input.courtOrganisationId))];
    if (errors.length) throw AppError.validation(errors);
    const now = nowIso();
    const id = newId();
    const year = Number(now.slice(0, 4));
    const row: ProceedingsTable = {
      id,
      reference: `JUS-${year}-${String(await repo.nextReferenceNumber(trx, year)).padStart(6, '0')}`,
      owner_org_id: actor.organisationId,
      court_org_id: input.courtOrganisationId ?? null,
      police_report_ref: input.policeReportRef || null,
      prosecution_file_ref: input.prosecutionFileRef || null,
      court_file_ref: input.courtFileRef || null,
      court_of_appeal: input.courtOfAppeal || null,
      jurisdiction: input.jurisdiction || null,
      offences: JSON.stringify([...new Set(input.offences)]),
      stage: input.stage,
      complaint_on: input.complaintOn,
      investigation_on: input.investigationOn ?? null,
      prosecution_on: input.prosecutionOn ?? null,
      trial_on: input.trialOn ?? null,
      judgment_on: input.judgmentOn ?? null,
      appeal_on: input.appealOn ?? null,
      final_on: input.finalOn ?? null,
      notes_enc: input.notes ? p.keyring.encryptText(input.notes, aad('proceedings', 'notes_enc', id)) : null,
      created_by: actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await repo.insertProceeding(trx, row);
    await recordAudit(p, trx, actor, { action: 'justice.proceeding_create', entityType: 'proceeding', entityId: id, details: { reference: row.reference, stage: row.stage } });
    return present(p, trx, row);
  },

  async update(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZProceedingUpdate>): Promise<TProceeding> {
    const row = await visibleProceeding(trx, actor, id);
    const dates = { ...datesOf(row) };
    for (const f of Object.values(STAGE_DATE_FIELDS)) if (input[f] !== undefined) dates[f] = input[f];
    const stage = input.stage ?? (row.stage as TProceeding['stage']);
    const errors = [...checkStages(stage, dates, today(p), row.stage), ...(input.courtOrganisationId !== undefined ? await checkCourt(trx, input.courtOrganisationId) : [])];
    if (errors.length) throw AppError.validation(errors);
    const now = nowIso();
    const patch: Partial<ProceedingsTable> = { updated_at: now, stage };
    for (const [f, c] of Object.entries(DATE_COLUMNS)) if (input[f as keyof typeof DATE_COLUMNS] !== undefined) (patch as Record<string, unknown>)[c] = input[f as keyof typeof DATE_COLUMNS] ?? null;
    const plain = [['policeReportRef', 'police_report_ref'], ['prosecutionFileRef', 'prosecution_file_ref'], ['courtFileRef', 'court_file_ref'], ['courtOfAppeal', 'court_of_appeal'], ['jurisdiction', 'jurisdiction'], ['courtOrganisationId', 'court_org_id']] as const;
    for (const [f, c] of plain) if (input[f] !== undefined) (patch as Record<string, unknown>)[c] = input[f] || null;
    if (input.offences) patch.offences = JSON.stringify([...new Set(input.offences)]);
    if (input.notes !== undefined) patch.notes_enc = input.notes ? p.keyring.encryptText(input.notes, aad('proceedings', 'notes_enc', id)) : null;
    if (!(await repo.updateProceeding(trx, id, input.version, patch))) throw await versionConflict(trx, 'proceedings', id);
    await recordAudit(p, trx, actor, { action: 'justice.proceeding_update', entityType: 'proceeding', entityId: id, details: { changed: Object.keys(input).filter((k) => k !== 'version' && k !== 'notes'), stage } });
    return detail(p, trx, id, actor);
  },

  async addDefendant(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZDefendantCreate>): Promise<TProceeding> {
    await visibleProceeding(trx, actor, id);
    if (input.nationality && !COUNTRY_CODES.has(input.nationality)) throw AppError.validation([{ path: 'nationality', code: 'unknown_country' }]);
    const now = nowIso();
    const defendantId = newId();
    const identity: Identity = { givenNames: input.givenNames || null, familyName: input.familyName || null, aliases: input.aliases, idNumbers: input.idNumbers };
    const row: ProceedingDefendantsTable = {
      id: defendantId,
      proceeding_id: id,
      identity_enc: p.keyring.encryptJson(identity, aad('proceeding_defendants', 'identity_enc', defendantId)),
      sex: input.sex,
      age_group: input.ageGroup,
      nationality: input.nationality ?? null,
      roles: JSON.stringify([...new Set(input.roles)]),
      relationship: input.relationshipToVictim,
      prosecuted: input.prosecuted ? 1 : 0,
      outcome: null,
      outcome_on: null,
      sentence_months: null,
      suspended_sentence: 0,
      fine_mad: null,
      confiscated_assets_mad: null,
      compensation_ordered_mad: null,
      compensation_paid_mad: null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await repo.insertDefendant(trx, row);
    await repo.touch(trx, id, now);
    await recordAudit(p, trx, actor, { action: 'justice.defendant_create', entityType: 'defendant', entityId: defendantId, details: { proceedingId: id } });
    return detail(p, trx, id, actor);
  },

  async updateDefendant(p: Platform, trx: Tx, actor: Actor, id: string, defendantId: string, input: z.output<typeof ZDefendantUpdate>): Promise<TProceeding> {
    const proceeding = await visibleProceeding(trx, actor, id);
    const d = await repo.defendant(trx, id, defendantId);
    if (!d) throw AppError.notFound();
    const pick = <K extends keyof typeof input, V>(k: K, current: V) => (input[k] !== undefined ? (input[k] as V) : current);
    const merged = {
      outcome: pick('outcome', d.outcome),
      outcomeOn: pick('outcomeOn', d.outcome_on),
      sentenceMonths: pick('sentenceMonths', d.sentence_months),
      compensationOrderedMad: pick('compensationOrderedMad', d.compensation_ordered_mad),
      compensationPaidMad: pick('compensationPaidMad', d.compensation_paid_mad),
    };
    const errors = checkOutcome(proceeding.stage, merged, { complaintOn: proceeding.complaint_on }, today(p));
    if (errors.length) throw AppError.validation(errors);
    const now = nowIso();
    const patch: Partial<ProceedingDefendantsTable> = {
      updated_at: now,
      outcome: merged.outcome,
      outcome_on: merged.outcomeOn,
      sentence_months: merged.sentenceMonths,
      compensation_ordered_mad: merged.compensationOrderedMad,
      compensation_paid_mad: merged.compensationPaidMad,
    };
    if (input.prosecuted !== undefined) patch.prosecuted = input.prosecuted ? 1 : 0;
    if (input.suspendedSentence !== undefined) patch.suspended_sentence = input.suspendedSentence ? 1 : 0;
    if (input.fineMad !== undefined) patch.fine_mad = input.fineMad;
    if (input.confiscatedAssetsMad !== undefined) patch.confiscated_assets_mad = input.confiscatedAssetsMad;
    if (!(await repo.updateDefendant(trx, defendantId, input.version, patch))) throw await versionConflict(trx, 'proceeding_defendants', defendantId);
    await repo.touch(trx, id, now);
    await recordAudit(p, trx, actor, {
      action: 'justice.defendant_update',
      entityType: 'defendant',
      entityId: defendantId,
      details: { proceedingId: id, changed: Object.keys(input).filter((k) => k !== 'version'), outcome: merged.outcome },
    });
    return detail(p, trx, id, actor);
  },

  async linkVictim(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZVictimLink>): Promise<TProceeding> {
    await visibleProceeding(trx, actor, id);
    const now = nowIso();
    // Only a case the justice organisation may see (need-to-know): others are indistinguishable from absent.
    const c = await repo.visibleCase(trx, actor.organisationId, now, input.caseId);
    if (!c) throw AppError.validation([{ path: 'caseId', code: 'unknown_case' }]);
    if (await repo.linked(trx, id, c.id)) throw AppError.validation([{ path: 'caseId', code: 'already_linked' }]);
    const victimId = newId();
    await repo.insertVictim(trx, { id: victimId, proceeding_id: id, case_id: c.id, roles: JSON.stringify([...new Set(input.roles)]), created_by: actor.userId, created_at: now });
    // Hearings already scheduled concern this victim too.
    for (const h of await repo.hearings(trx, [id])) if (h.status === 'scheduled' && h.scheduled_at > now) await scheduleHearingTask(trx, h, { case_id: c.id, managing_org_id: c.managing_org_id, assigned_user_id: c.assigned_user_id });
    await repo.touch(trx, id, now);
    await recordAudit(p, trx, actor, { action: 'justice.victim_link', entityType: 'proceeding', entityId: id, details: { caseId: c.id, roles: input.roles } });
    return detail(p, trx, id, actor);
  },

  async addMeasure(p: Platform, trx: Tx, actor: Actor, id: string, victimId: string, input: z.output<typeof ZMeasureCreate>): Promise<TProceeding> {
    await visibleProceeding(trx, actor, id);
    const v = await repo.victim(trx, id, victimId);
    if (!v) throw AppError.notFound();
    const errors = checkMeasure(input.status, input.requestedOn, input.decidedBy ?? null, input.decidedOn ?? null, today(p));
    if (errors.length) throw AppError.validation(errors);
    const now = nowIso();
    const measureId = newId();
    await repo.insertMeasure(trx, {
      id: measureId,
      proceeding_victim_id: victimId,
      measure: input.measure,
      requested_by: input.requestedBy,
      requested_on: input.requestedOn,
      status: input.status,
      decided_by: input.status === 'requested' ? null : (input.decidedBy ?? null),
      decided_on: input.status === 'requested' ? null : (input.decidedOn ?? null),
      recorded_by: actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await repo.touch(trx, id, now);
    await recordAudit(p, trx, actor, { action: 'justice.measure_create', entityType: 'protection_measure', entityId: measureId, details: { proceedingId: id, caseId: v.case_id, measure: input.measure, status: input.status } });
    return detail(p, trx, id, actor);
  },

  async updateMeasure(p: Platform, trx: Tx, actor: Actor, id: string, measureId: string, input: z.output<typeof ZMeasureUpdate>): Promise<TProceeding> {
    await visibleProceeding(trx, actor, id);
    const m = await repo.measure(trx, id, measureId);
    if (!m) throw AppError.notFound();
    const errors = checkMeasure(input.status, m.requested_on, input.decidedBy ?? null, input.decidedOn ?? null, today(p));
    if (errors.length) throw AppError.validation(errors);
    const now = nowIso();
    const decided = input.status !== 'requested';
    if (!(await repo.updateMeasure(trx, measureId, input.version, { status: input.status, decided_by: decided ? (input.decidedBy ?? null) : null, decided_on: decided ? (input.decidedOn ?? null) : null, updated_at: now }))) {
      throw await versionConflict(trx, 'protection_measures', measureId);
    }
    await repo.touch(trx, id, now);
    await recordAudit(p, trx, actor, { action: 'justice.measure_update', entityType: 'protection_measure', entityId: measureId, details: { proceedingId: id, status: input.status } });
    return detail(p, trx, id, actor);
  },

  /** The victim's claim as a civil party (partie civile): once per victim; the victim becomes a civil party. */
  async addClaim(p: Platform, trx: Tx, actor: Actor, id: string, victimId: string, input: z.output<typeof ZCompensationClaimCreate>): Promise<TProceeding> {
    const proceeding = await visibleProceeding(trx, actor, id);
    const v = await repo.victim(trx, id, victimId);
    if (!v) throw AppError.notFound();
    const empty = { orderedOn: null, orderInstance: null, amountOrdered: null, paymentStatus: null, amountPaid: null, paidOn: null };
    const errors = checkCompensation(proceeding.stage, { complaintOn: proceeding.complaint_on, judgmentOn: proceeding.judgment_on, appealOn: proceeding.appeal_on }, { filedOn: input.filedOn, ...empty }, today(p));
    if (errors.length) throw AppError.validation(errors);
    const now = nowIso();
    const claimId = newId();
    const inserted = await repo.insertClaim(trx, {
      id: claimId,
      proceeding_id: id,
      proceeding_victim_id: victimId,
      case_id: v.case_id,
      filed_on: input.filedOn,
      amount_claimed: input.amountClaimed,
      currency: input.currency,
      represented_by: input.representedBy,
      representative_enc: input.representativeName ? p.keyring.encryptText(input.representativeName, aad('compensation_claims', 'representative_enc', claimId)) : null,
      ordered_on: null,
      order_instance: null,
      amount_ordered: null,
      payment_status: null,
      amount_paid: null,
      paid_on: null,
      recorded_by: actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    if (!inserted) throw AppError.validation([{ path: 'victimId', code: 'claim_already_recorded' }]);
    const roles = json<string[]>(v.roles);
    if (!roles.includes('civil_party')) await repo.setVictimRoles(trx, victimId, [...roles, 'civil_party']);
    await repo.touch(trx, id, now);
    await recordAudit(p, trx, actor, {
      action: 'justice.compensation_create',
      entityType: 'compensation_claim',
      entityId: claimId,
      details: { proceedingId: id, caseId: v.case_id, amountClaimed: input.amountClaimed, currency: input.currency, representedBy: input.representedBy },
    });
    return detail(p, trx, id, actor);
  },

  /** The claim, its order (after a judgment) and its payment; versioned (a stale version gets 409). */
  async updateClaim(p: Platform, trx: Tx, actor: Actor, id: string, claimId: string, input: z.output<typeof ZCompensationClaimUpdate>): Promise<TProceeding> {
    const proceeding = await visibleProceeding(trx, actor, id);
    const k = await repo.claim(trx, id, claimId);
    if (!k) throw AppError.notFound();
    const pick = <V>(value: V | undefined, current: V): V => (value !== undefined ? value : current);
    const merged = {
      filedOn: pick(input.filedOn, k.filed_on),
      orderedOn: pick(input.orderedOn, k.ordered_on),
      orderInstance: pick(input.orderInstance, k.order_instance),
      amountOrdered: pick(input.amountOrdered, k.amount_ordered === null ? null : Number(k.amount_ordered)),
      paymentStatus: pick(input.paymentStatus, k.payment_status),
      amountPaid: pick(input.amountPaid, k.amount_paid === null ? null : Number(k.amount_paid)),
      paidOn: pick(input.paidOn, k.paid_on),
    };
    const errors = checkCompensation(proceeding.stage, { complaintOn: proceeding.complaint_on, judgmentOn: proceeding.judgment_on, appealOn: proceeding.appeal_on }, merged, today(p));
    if (errors.length) throw AppError.validation(errors);
    const now = nowIso();
    const patch: Partial<CompensationClaimsTable> = {
      updated_at: now,
      filed_on: merged.filedOn,
      ordered_on: merged.orderedOn,
      order_instance: merged.orderInstance,
      amount_ordered: merged.amountOrdered,
      payment_status: merged.paymentStatus,
      amount_paid: merged.amountPaid,
      paid_on: merged.paidOn,
    };
    if (input.amountClaimed !== undefined) patch.amount_claimed = input.amountClaimed;
    if (input.currency !== undefined) patch.currency = input.currency;
    if (input.representedBy !== undefined) patch.represented_by = input.representedBy;
    if (input.representativeName !== undefined) {
      patch.representative_enc = input.representativeName ? p.keyring.encryptText(input.representativeName, aad('compensation_claims', 'representative_enc', claimId)) : null;
    }
    if (!(await repo.updateClaim(trx, claimId, input.version, patch))) throw await versionConflict(trx, 'compensation_claims', claimId);
    await repo.touch(trx, id, now);
    await recordAudit(p, trx, actor, {
      action: 'justice.compensation_update',
      entityType: 'compensation_claim',
      entityId: claimId,
      details: { proceedingId: id, caseId: k.case_id, changed: Object.keys(input).filter((x) => x !== 'version' && x !== 'representativeName'), paymentStatus: merged.paymentStatus },
    });
    return detail(p, trx, id, actor);
  },

  async addHearing(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZHearingCreate>): Promise<TProceeding> {
    await visibleProceeding(trx, actor, id);
    const [h, m] = input.time.split(':').map(Number) as [number, number];
    const at = zonedToUtc(input.date, { h, m, s: 0, ms: 0 }, timelineConfig().timezone).toISOString();
    const now = nowIso();
    if (at <= now) throw AppError.validation([{ path: 'date', code: 'date_in_past' }]);
    const row: HearingsTable = { id: newId(), proceeding_id: id, kind: input.kind, scheduled_at: at, place: input.place || null, status: 'scheduled', created_by: actor.userId, version: 1, created_at: now, updated_at: now };
    await repo.insertHearing(trx, row);
    // Support, interpretation and legal aid are arranged by the organisation that accompanies each victim.
    for (const v of await repo.victims(trx, id)) await scheduleHearingTask(trx, row, v);
    await repo.touch(trx, id, now);
    await recordAudit(p, trx, actor, { action: 'justice.hearing_create', entityType: 'hearing', entityId: row.id, details: { proceedingId: id, kind: input.kind, scheduledAt: at } });
    return detail(p, trx, id, actor);
  },

  async updateHearing(p: Platform, trx: Tx, actor: Actor, id: string, hearingId: string, input: z.output<typeof ZHearingUpdate>): Promise<TProceeding> {
    await visibleProceeding(trx, actor, id);
    const h = await repo.hearing(trx, id, hearingId);
    if (!h) throw AppError.notFound();
    const now = nowIso();
    if (!(await repo.updateHearing(trx, hearingId, input.version, { status: input.status, updated_at: now }))) throw await versionConflict(trx, 'hearings', hearingId);
    // A held hearing closes its preparation tasks; a cancelled or postponed one cancels them (a new date is a new hearing).
    if (input.status !== 'scheduled') await timelinesService.completeSubject(trx, { type: 'hearing', id: hearingId }, actor, input.status === 'held' ? 'done' : 'cancelled');
    await repo.touch(trx, id, now);
    await recordAudit(p, trx, actor, { action: 'justice.hearing_update', entityType: 'hearing', entityId: hearingId, details: { proceedingId: id, status: input.status } });
    return detail(p, trx, id, actor);
  },

  /** "Need to know": a victim's contact details, once, for a stated reason, audited; the managing organisation is told. */
  async revealContact(p: Platform, trx: Tx, actor: Actor, id: string, victimId: string, input: z.output<typeof ZRevealContact>) {
    await visibleProceeding(trx, actor, id);
    const v = await repo.victim(trx, id, victimId);
    if (!v) throw AppError.notFound();
    const person = await trx.selectFrom('persons').selectAll().where('id', '=', v.person_id).executeTakeFirstOrThrow();
    const contacts = presentPerson(p, person, { level: 'grant', categories: new Set(['contact']) }).contacts ?? [];
    const now = nowIso();
    await notify(trx, [{ organisationId: v.managing_org_id, userId: null, kind: 'victim_contact_revealed', caseId: v.case_id }]);
    // The reason may name people: kept encrypted beside the audit entry, which points at it.
    const revealId = newId();
    await trx.insertInto('contact_reveals').values({ id: revealId, proceeding_id: id, case_id: v.case_id, revealed_by: actor.userId, organisation_id: actor.organisationId, reason_enc: p.keyring.encryptText(input.reason, `contact_reveals.reason_enc:${revealId}`), at: now }).execute();
    await recordAudit(p, trx, actor, { action: 'justice.victim_contact_reveal', entityType: 'case', entityId: v.case_id, details: { proceedingId: id, revealId, kinds: contacts.map((c) => c.kind) } });
    return { caseReference: v.reference, contacts, revealedAt: now };
  },

  async candidates(p: Platform, trx: Tx, actor: Actor, q: string | undefined) {
    await requireJustice(trx, actor);
    const rows = await repo.candidates(trx, actor.organisationId, nowIso(), q);
    await auditRead(p, trx, actor, { action: 'justice.candidates_list', entityType: 'case', details: { count: rows.length, searched: !!q } });
    return rows.map((r) => ({ caseId: r.id, caseReference: r.reference, pseudonym: r.pseudonym, sex: r.sex as 'female', managingOrganisation: r.org_name }));
  },

  /** The victim's own case, for its managing organisation: hearings and measures, never defendants. */
  async caseView(p: Platform, trx: Tx, actor: Actor, caseId: string): Promise<TCaseJustice> {
    const { access } = await caseAccess(trx, actor, caseId);
    if (!policy.caseView(actor, access)) throw AppError.notFound();
    const links = await repo.proceedingsOfCase(trx, caseId);
    const [measures, hearings, nonPunishment, claims] = await Promise.all([
      repo.measures(trx, links.map((l) => l.victim_id)),
      repo.hearings(trx, links.map((l) => l.id)),
      repo.nonPunishment(trx, [caseId]),
      // Need to know: the claims of this case's own victim links only, never another victim's of the same proceeding.
      repo.claims(trx, links.map((l) => l.victim_id)),
    ]);
    await auditRead(p, trx, actor, { action: 'justice.case_read', entityType: 'case', entityId: caseId, details: { proceedings: links.length } });
    return {
      proceedings: links.map((l) => ({
        id: l.id,
        reference: l.reference,
        stage: l.stage as TProceeding['stage'],
        courtOfAppeal: l.court_of_appeal,
        jurisdiction: l.jurisdiction,
        roles: json<('witness' | 'civil_party')[]>(l.roles),
        measures: measures.filter((m) => m.proceeding_victim_id === l.victim_id).map(presentMeasure),
        hearings: hearings.filter((h) => h.proceeding_id === l.id).map(presentHearing),
        compensation: ((k) => (k ? presentClaim(p, k) : null))(claims.find((k) => k.proceeding_victim_id === l.victim_id)),
      })),
      nonPunishment: nonPunishment.map(presentNonPunishment),
      abilities: { recordNonPunishment: true },
    };
  },

  /** Who may record that a victim is prosecuted: the managing organisation, or a justice user who sees the case. */
  async nonPunishmentAccess(trx: Tx, actor: Actor, caseId: string) {
    const found = await caseAccess(trx, actor, caseId);
    const org = await repo.organisation(trx, actor.organisationId);
    const justice = !!org && policy.isJustice(actor, org.type);
    if (!justice && !policy.caseView(actor, found.access)) throw AppError.forbidden();
    return found;
  },

  async recordNonPunishment(p: Platform, trx: Tx, actor: Actor, caseId: string, input: z.output<typeof ZNonPunishmentCreate>): Promise<TCaseJustice['nonPunishment']> {
    const { c } = await justiceService.nonPunishmentAccess(trx, actor, caseId);
    if (input.accusedOn > today(p)) throw AppError.validation([{ path: 'accusedOn', code: 'date_in_future' }]);
    const now = nowIso();
    const id = newId();
    await repo.insertNonPunishment(trx, {
      id,
      case_id: caseId,
      offence: input.offence,
      accused_on: input.accusedOn,
      proceeding_ref: input.proceedingRef || null,
      status: 'open',
      recorded_by: actor.userId,
      recorded_by_org_id: actor.organisationId,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    // A presumed or identified victim prosecuted: alert the justice organisations involved and the managing organisation's justice liaisons.
    if (c.identification_status === 'presumed' || c.identification_status === 'identified') {
      const cfg = justiceConfig();
      const justiceOrgs = (await repo.justiceOrgsOfCase(trx, caseId, cfg.organisationTypes, now)).filter((o) => o !== actor.organisationId);
      const targets: { organisationId: string; userId: string | null }[] = justiceOrgs.map((o) => ({ organisationId: o, userId: null }));
      const liaisons = (await repo.usersWithRole(trx, c.managing_org_id, 'justice_liaison')).filter((u) => u.id !== actor.userId);
      if (liaisons.length) targets.push(...liaisons.map((u) => ({ organisationId: c.managing_org_id, userId: u.id })));
      else if (c.managing_org_id !== actor.organisationId) targets.push({ organisationId: c.managing_org_id, userId: null });
      await notify(trx, targets.map((t) => ({ ...t, kind: 'victim_prosecuted' as const, caseId })));
    }
    await recordAudit(p, trx, actor, { action: 'justice.non_punishment_create', entityType: 'case', entityId: caseId, details: { recordId: id, offence: input.offence } });
    return (await repo.nonPunishment(trx, [caseId])).map(presentNonPunishment);
  },

  async updateNonPunishment(p: Platform, trx: Tx, actor: Actor, caseId: string, recordId: string, input: z.output<typeof ZNonPunishmentUpdate>): Promise<TCaseJustice['nonPunishment']> {
    await justiceService.nonPunishmentAccess(trx, actor, caseId);
    const r = await repo.nonPunishmentRecord(trx, caseId, recordId);
    if (!r) throw AppError.notFound();
    if (!(await repo.updateNonPunishment(trx, recordId, input.version, { status: input.status, updated_at: nowIso() }))) throw await versionConflict(trx, 'non_punishment_records', recordId);
    await recordAudit(p, trx, actor, { action: 'justice.non_punishment_update', entityType: 'case', entityId: caseId, details: { recordId, status: input.status } });
    return (await repo.nonPunishment(trx, [caseId])).map(presentNonPunishment);
  },

  async statistics(p: Platform, trx: Tx, actor: Actor, year: number | undefined): Promise<TJusticeStatistics> {
    if (!policy.readStatistics(actor)) throw AppError.forbidden();
    const result = await justiceFigures(trx, year);
    await auditRead(p, trx, actor, { action: 'justice.statistics_read', entityType: 'statistics', details: { year: year ?? null } });
    return result;
  },
};

/**
 * The justice statistics of a year (complaints of that year), after disclosure control: counts only. Also
 * read by the commission's GLOTIP export (statistics.exports), so both show the same suppression pattern;
 * the caller checks its own permission and audits.
 */
export async function justiceFigures(trx: Tx, year: number | undefined): Promise<TJusticeStatistics> {
  const [proceedings, defendants, nonPunishment] = await Promise.all([repo.statsProceedings(trx, year), repo.statsDefendants(trx, year), repo.statsNonPunishment(trx, year)]);
  return justiceStatistics(
    {
      proceedings: proceedings.map((r) => ({ stage: r.stage, complaintOn: r.complaint_on, judgmentOn: r.judgment_on })),
      defendants: defendants.map((d) => ({
        sex: d.sex,
        nationality: d.nationality,
        prosecuted: Number(d.prosecuted) === 1,
        outcome: d.outcome,
        compensationOrderedMad: d.compensation_ordered_mad === null ? null : Number(d.compensation_ordered_mad),
        compensationPaidMad: d.compensation_paid_mad === null ? null : Number(d.compensation_paid_mad),
      })),
      nonPunishment,
    },
    justiceConfig().disclosureThreshold,
    year ?? null,
  );
}

function checkMeasure(status: string, requestedOn: string, decidedBy: string | null, decidedOn: string | null, todayDate: string): FieldError[] {
  const errors: FieldError[] = [];
  if (requestedOn > todayDate) errors.push({ path: 'requestedOn', code: 'date_in_future' });
  if (status !== 'requested') {
    if (!decidedBy) errors.push({ path: 'decidedBy', code: 'required' });
    if (!decidedOn) errors.push({ path: 'decidedOn', code: 'required' });
    else if (decidedOn > todayDate) errors.push({ path: 'decidedOn', code: 'date_in_future' });
    else if (decidedOn < requestedOn) errors.push({ path: 'decidedOn', code: 'before_previous_stage' });
  }
  return errors;
}

