/**
 * The prevention and partnership registers: awareness campaigns, trainings of professionals (participants
 * by organisation type × sex, totals computed), partnership agreements (expiry derived from the end date)
 * and international cooperation requests (status history, response time). Each write: policy → validation
 * of everything → writes + audit in the same transaction; optimistic concurrency on every update. Free text
 * (descriptions, the subject of a request) is encrypted. `summary` aggregates a year for the annual report.
 */
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  COOPERATION_RESPONSE_STATUSES, type TActivitiesSummary, type TAgreement, type TCampaign, type TCooperationRequest, type TCooperationStatus, type TTraining,
  ZAgreementCreate, ZAgreementUpdate, ZCampaignCreate, ZCampaignUpdate, ZCooperationCreate, ZCooperationUpdate, ZTrainingCreate, ZTrainingUpdate,
} from '../../../contract/activities';
import { ORGANISATION_TYPES, type TOrganisationType } from '../../../contract/common';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { AgreementPartiesTable, AgreementsTable, CampaignsTable, CooperationRequestsTable, TrainingsTable } from '../../platform/db/schema';
import { AppError, type FieldError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { auditRead, recordAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { daysBetween, localDate } from '../timelines/calendar';
import { COUNTRY_CODES, LANGUAGE_CODES, REGION_CODES } from '../reference/reference.service';
import { activitiesPolicy as policy } from './activities.policy';
import { activitiesRepository as repo, type Filters } from './activities.repository';

const aad = (table: string, column: string, id: string) => `${table}.${column}:${id}`;
const seal = (p: Platform, text: string | null, table: string, column: string, id: string) => (text ? p.keyring.encryptText(text, aad(table, column, id)) : null);
const open = (p: Platform, token: string | null, table: string, column: string, id: string) => (token ? p.keyring.decryptText(token, aad(table, column, id)) : null);
const today = (p: Platform) => localDate(new Date(), p.config.timezone);
const json = <T>(s: string) => JSON.parse(s) as T;
const FINAL_STATUSES: readonly TCooperationStatus[] = ['executed', 'refused', 'withdrawn'];

type CampaignInput = z.output<typeof ZCampaignCreate>;
type TrainingInput = z.output<typeof ZTrainingCreate>;
type AgreementInput = z.output<typeof ZAgreementCreate>;

/** Every field error at once, so nothing is written unless the whole input is right. */
async function checkOrganisation(trx: Tx, ids: { id: string; path: string }[], errors: FieldError[]): Promise<Map<string, string>> {
  const found = new Map((await repo.organisations(trx, [...new Set(ids.map((i) => i.id))])).map((o) => [o.id, o]));
  for (const { id, path } of ids) if (found.get(id)?.active !== 1) errors.push({ path, code: 'unknown_organisation' });
  return new Map([...found.values()].map((o) => [o.id, o.name]));
}

function checkDates(errors: FieldError[], start: string | null, end: string | null, endPath: string) {
  if (start && end && end < start) errors.push({ path: endPath, code: 'end_before_start' });
}

function fail(errors: FieldError[]): void {
  if (errors.length) throw AppError.validation(errors);
}

// ---------------------------------------------------------------- presenters
async function presentCampaigns(p: Platform, trx: Tx, actor: Actor, rows: CampaignsTable[]): Promise<TCampaign[]> {
  const ids = rows.map((r) => r.id);
  const [regions, partners] = await Promise.all([repo.campaignRegions(trx, ids), repo.campaignPartners(trx, ids)]);
  const names = new Map((await repo.organisations(trx, [...new Set([...rows.map((r) => r.organiser_id), ...partners.map((x) => x.organisation_id)])])).map((o) => [o.id, o.name]));
  const ref = (id: string) => ({ id, name: names.get(id) ?? '' });
  return rows.map((r) => ({
    id: r.id,
    titleFr: r.title_fr,
    titleAr: r.title_ar,
    theme: r.theme,
    audiences: json(r.audiences),
    channels: json(r.channels),
    regions: regions.filter((x) => x.campaign_id === r.id).map((x) => x.region_code),
    languages: json(r.languages),
    startOn: r.start_on,
    endOn: r.end_on,
    organiser: ref(r.organiser_id),
    partners: partners.filter((x) => x.campaign_id === r.id).map((x) => ref(x.organisation_id)).sort((a, b) => a.name.localeCompare(b.name)),
    peopleReached: r.people_reached === null ? null : Number(r.people_reached),
    actionId: r.action_id,
    status: r.status as TCampaign['status'],
    description: open(p, r.description_enc, 'campaigns', 'description_enc', r.id),
    version: r.version,
    canEdit: policy.recordProgramme(actor, r.organiser_id),
    updatedAt: r.updated_at,
  }));
}

/** Participants in the fixed order of organisation types, with row and overall totals (never typed). */
function participantTable(rows: { organisation_type: string; women: number; men: number }[]) {
  const participants = ORGANISATION_TYPES.flatMap((type) => {
    const r = rows.filter((x) => x.organisation_type === type);
    if (r.length === 0) return [];
    const women = r.reduce((s, x) => s + Number(x.women), 0);
    const men = r.reduce((s, x) => s + Number(x.men), 0);
    return [{ organisationType: type as TOrganisationType, women, men, total: women + men }];
  });
  const women = participants.reduce((s, x) => s + x.women, 0);
  const men = participants.reduce((s, x) => s + x.men, 0);
  return { participants, totals: { women, men, total: women + men } };
}

async function presentTrainings(p: Platform, trx: Tx, actor: Actor, rows: TrainingsTable[]): Promise<TTraining[]> {
  const parts = await repo.participants(trx, rows.map((r) => r.id));
  const names = new Map((await repo.organisations(trx, [...new Set(rows.map((r) => r.organiser_id))])).map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    topics: json(r.topics),
    startOn: r.start_on,
    endOn: r.end_on,
    regionCode: r.region_code,
    organiser: { id: r.organiser_id, name: names.get(r.organiser_id) ?? '' },
    hours: Number(r.hours),
    ...participantTable(parts.filter((x) => x.training_id === r.id)),
    description: open(p, r.description_enc, 'trainings', 'description_enc', r.id),
    version: r.version,
    canEdit: policy.recordProgramme(actor, r.organiser_id),
    updatedAt: r.updated_at,
  }));
}

/** A signed or in-force agreement whose end date has passed is expired (on `onDate`). */
export function agreementStatus(recorded: string, effectiveTo: string | null, onDate: string): TAgreement['status'] {
  if ((recorded === 'signed' || recorded === 'in_force') && effectiveTo !== null && effectiveTo < onDate) return 'expired';
  return recorded as TAgreement['status'];
}

/** In force on `onDate`: signed or in force, started (effective date, else signature), not ended. */
export function agreementInForce(a: Pick<AgreementsTable, 'status' | 'signed_on' | 'effective_from' | 'effective_to'>, onDate: string): boolean {
  const start = a.effective_from ?? a.signed_on;
  return (a.status === 'signed' || a.status === 'in_force') && start !== null && start <= onDate && (a.effective_to === null || a.effective_to >= onDate);
}

async function presentAgreements(p: Platform, trx: Tx, rows: AgreementsTable[], actor: Actor): Promise<TAgreement[]> {
  const parties = await repo.parties(trx, rows.map((r) => r.id));
  const documents = new Map((await repo.documents(trx, rows.map((r) => r.id))).map((d) => [d.agreement_id, d]));
  const names = new Map((await repo.organisations(trx, [...new Set(parties.flatMap((x) => (x.organisation_id ? [x.organisation_id] : [])))])).map((o) => [o.id, o.name]));
  const on = today(p);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    parties: parties
      .filter((x) => x.agreement_id === r.id)
      .map((x) => ({ organisation: x.organisation_id ? { id: x.organisation_id, name: names.get(x.organisation_id) ?? '' } : null, externalName: x.external_name, countryCode: x.country_code })),
    signedOn: r.signed_on,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    pillars: json(r.pillars),
    status: agreementStatus(r.status, r.effective_to, on),
    recordedStatus: r.status as TAgreement['recordedStatus'],
    description: open(p, r.description_enc, 'agreements', 'description_enc', r.id),
    document: (() => {
      const d = documents.get(r.id);
      return d ? { fileName: open(p, d.file_name_enc, 'agreement_documents', 'file_name_enc', d.id) ?? '', mimeType: d.mime_type, sizeBytes: Number(d.size_bytes), uploadedAt: d.created_at } : null;
    })(),
    version: r.version,
    canEdit: policy.recordAgreement(actor),
    updatedAt: r.updated_at,
  }));
}

/** Days from sending/receiving to the first answer. */
function responseDays(openedOn: string, history: { toStatus: TCooperationStatus; on: string }[]): number | null {
  const first = history.find((h) => COOPERATION_RESPONSE_STATUSES.includes(h.toStatus));
  return first ? daysBetween(openedOn, first.on) : null;
}

async function presentCooperation(p: Platform, trx: Tx, actor: Actor, rows: CooperationRequestsTable[]): Promise<TCooperationRequest[]> {
  const events = await repo.events(trx, rows.map((r) => r.id));
  const names = new Map((await repo.organisations(trx, [...new Set(rows.map((r) => r.handling_org_id))])).map((o) => [o.id, o.name]));
  return rows.map((r) => {
    const history = events
      .filter((e) => e.request_id === r.id)
      .map((e) => ({ fromStatus: e.from_status as TCooperationStatus | null, toStatus: e.to_status as TCooperationStatus, on: e.on_date, by: e.display_name ?? '' }));
    return {
      id: r.id,
      direction: r.direction as TCooperationRequest['direction'],
      type: r.type as TCooperationRequest['type'],
      countryCode: r.country_code,
      authority: r.authority,
      handlingOrganisation: { id: r.handling_org_id, name: names.get(r.handling_org_id) ?? '' },
      openedOn: r.opened_on,
      status: r.status as TCooperationStatus,
      subject: open(p, r.subject_enc, 'cooperation_requests', 'subject_enc', r.id) ?? '',
      history,
      responseDays: responseDays(r.opened_on, history),
      version: r.version,
      canEdit: policy.recordCooperation(actor, r.handling_org_id),
      updatedAt: r.updated_at,
    };
  });
}

// ---------------------------------------------------------------- validation
async function validateCampaign(p: Platform, trx: Tx, actor: Actor, c: CampaignInput): Promise<void> {
  const errors: FieldError[] = [];
  if (!policy.secretariat(actor) && c.organiserId !== actor.organisationId) errors.push({ path: 'organiserId', code: 'other_organisation' });
  await checkOrganisation(trx, [{ id: c.organiserId, path: 'organiserId' }, ...c.partnerIds.map((id, i) => ({ id, path: `partnerIds.${i}` }))], errors);
  c.partnerIds.forEach((id, i) => id === c.organiserId && errors.push({ path: `partnerIds.${i}`, code: 'same_organisation' }));
  c.regions.forEach((r, i) => REGION_CODES.has(r) || errors.push({ path: `regions.${i}`, code: 'unknown_region' }));
  c.languages.forEach((l, i) => (LANGUAGE_CODES as Set<string>).has(l) || errors.push({ path: `languages.${i}`, code: 'unknown_language' }));
  checkDates(errors, c.startOn, c.endOn, 'endOn');
  const now = today(p);
  if (c.status === 'completed' && (c.endOn ?? c.startOn) > now) errors.push({ path: 'status', code: 'date_in_future' });
  if (c.status === 'planned' && c.peopleReached !== null && c.peopleReached > 0) errors.push({ path: 'peopleReached', code: 'not_yet_held' });
  fail(errors);
}

async function validateTraining(p: Platform, trx: Tx, actor: Actor, t: TrainingInput): Promise<void> {
  const errors: FieldError[] = [];
  if (!policy.secretariat(actor) && t.organiserId !== actor.organisationId) errors.push({ path: 'organiserId', code: 'other_organisation' });
  await checkOrganisation(trx, [{ id: t.organiserId, path: 'organiserId' }], errors);
  if (!REGION_CODES.has(t.regionCode)) errors.push({ path: 'regionCode', code: 'unknown_region' });
  checkDates(errors, t.startOn, t.endOn, 'endOn');
  if (t.startOn > today(p)) errors.push({ path: 'startOn', code: 'date_in_future' });
  const seen = new Set<string>();
  t.participants.forEach((r, i) => {
    if (seen.has(r.organisationType)) errors.push({ path: `participants.${i}.organisationType`, code: 'duplicate_organisation_type' });
    seen.add(r.organisationType);
  });
  if (t.participants.every((r) => r.women + r.men === 0)) errors.push({ path: 'participants', code: 'no_participants' });
  fail(errors);
}

async function validateAgreement(p: Platform, trx: Tx, a: AgreementInput): Promise<void> {
  const errors: FieldError[] = [];
  const orgParties = a.parties.flatMap((x, i) => ('organisationId' in x ? [{ id: x.organisationId, path: `parties.${i}.organisationId` }] : []));
  await checkOrganisation(trx, orgParties, errors);
  const seen = new Set<string>();
  a.parties.forEach((x, i) => {
    const key = 'organisationId' in x ? x.organisationId : `${x.countryCode}:${x.externalName.toLocaleLowerCase()}`;
    if (seen.has(key)) errors.push({ path: `parties.${i}`, code: 'duplicate_party' });
    seen.add(key);
    if (!('organisationId' in x) && !COUNTRY_CODES.has(x.countryCode)) errors.push({ path: `parties.${i}.countryCode`, code: 'unknown_country' });
  });
  if (orgParties.length === 0) errors.push({ path: 'parties', code: 'platform_party_required' });
  if (a.status !== 'draft' && !a.signedOn) errors.push({ path: 'signedOn', code: 'required' });
  if (a.signedOn && a.signedOn > today(p)) errors.push({ path: 'signedOn', code: 'date_in_future' });
  checkDates(errors, a.effectiveFrom ?? a.signedOn, a.effectiveTo, 'effectiveTo');
  fail(errors);
}

const partyRows = (agreementId: string, parties: AgreementInput['parties']): AgreementPartiesTable[] =>
  parties.map((x, position) => ({
    id: newId(),
    agreement_id: agreementId,
    position,
    organisation_id: 'organisationId' in x ? x.organisationId : null,
    external_name: 'organisationId' in x ? null : x.externalName,
    country_code: 'organisationId' in x ? null : x.countryCode,
  }));

/** Fields of an update that differ from the record (names of the contract, for the audit entry). */
function changedKeys(before: Record<string, unknown>, input: Record<string, unknown>): string[] {
  return Object.keys(input).filter((k) => k !== 'version' && JSON.stringify(input[k]) !== JSON.stringify(before[k]));
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const activitiesService = {
  // ---------------------------------------------------------------- campaigns
  async listCampaigns(p: Platform, trx: Tx, actor: Actor, f: Filters): Promise<TCampaign[]> {
    if (!policy.readProgrammes(actor)) throw AppError.forbidden();
    return presentCampaigns(p, trx, actor, await repo.campaigns(trx, policy.scope(actor), f));
  },
  async getCampaign(p: Platform, trx: Tx, actor: Actor, id: string): Promise<TCampaign> {
    if (!policy.readProgrammes(actor)) throw AppError.forbidden();
    const [row] = await repo.campaigns(trx, policy.scope(actor), {}, id);
    if (!row) throw AppError.notFound();
    return (await presentCampaigns(p, trx, actor, [row]))[0]!;
  },
  async createCampaign(p: Platform, trx: Tx, actor: Actor, input: CampaignInput): Promise<TCampaign> {
    if (!policy.readProgrammes(actor)) throw AppError.forbidden();
    await validateCampaign(p, trx, actor, input);
    const now = nowIso();
    const id = newId();
    await repo.insertCampaign(trx, {
      id, title_fr: input.titleFr, title_ar: input.titleAr, theme: input.theme, audiences: JSON.stringify(input.audiences), channels: JSON.stringify(input.channels),
      languages: JSON.stringify(input.languages), start_on: input.startOn, end_on: input.endOn, organiser_id: input.organiserId, people_reached: input.peopleReached,
      action_id: input.actionId, status: input.status, description_enc: seal(p, input.description, 'campaigns', 'description_enc', id), version: 1,
      created_by: actor.userId, created_at: now, updated_at: now,
    });
    await repo.replaceCampaignChildren(trx, id, input.regions, input.partnerIds);
    await recordAudit(p, trx, actor, { action: 'campaign.create', entityType: 'campaign', entityId: id, details: { organiserId: input.organiserId, status: input.status } });
    return activitiesService.getCampaign(p, trx, actor, id);
  },
  async updateCampaign(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZCampaignUpdate>): Promise<TCampaign> {
    const current = await activitiesService.getCampaign(p, trx, actor, id);
    if (!current.canEdit) throw AppError.forbidden();
    if (input.version !== current.version) throw AppError.conflict(current.version);
    const before: CampaignInput = {
      titleFr: current.titleFr, titleAr: current.titleAr, theme: current.theme, audiences: current.audiences, channels: current.channels, regions: current.regions,
      languages: current.languages, startOn: current.startOn, endOn: current.endOn, organiserId: current.organiser.id, partnerIds: current.partners.map((x) => x.id),
      peopleReached: current.peopleReached, actionId: current.actionId, status: current.status, description: current.description,
    };
    const { version, ...rest } = input;
    const next: CampaignInput = { ...before, ...rest };
    await validateCampaign(p, trx, actor, next);
    const changed = changedKeys(before, rest);
    if (changed.length === 0) return current;
    const ok = await repo.update(trx, 'campaigns', id, version, {
      title_fr: next.titleFr, title_ar: next.titleAr, theme: next.theme, audiences: JSON.stringify(next.audiences), channels: JSON.stringify(next.channels),
      languages: JSON.stringify(next.languages), start_on: next.startOn, end_on: next.endOn, organiser_id: next.organiserId, people_reached: next.peopleReached,
      action_id: next.actionId, status: next.status, description_enc: seal(p, next.description, 'campaigns', 'description_enc', id), updated_at: nowIso(),
    });
    if (!ok) throw await versionConflict(trx, 'campaigns', id);
    await repo.replaceCampaignChildren(trx, id, rest.regions, rest.partnerIds);
    await recordAudit(p, trx, actor, { action: 'campaign.update', entityType: 'campaign', entityId: id, details: { changed, ...(changed.includes('status') ? { from: before.status, to: next.status } : {}) } });
    return activitiesService.getCampaign(p, trx, actor, id);
  },

  // ---------------------------------------------------------------- trainings
  async listTrainings(p: Platform, trx: Tx, actor: Actor, f: Filters): Promise<TTraining[]> {
    if (!policy.readProgrammes(actor)) throw AppError.forbidden();
    return presentTrainings(p, trx, actor, await repo.trainings(trx, policy.scope(actor), f));
  },
  async getTraining(p: Platform, trx: Tx, actor: Actor, id: string): Promise<TTraining> {
    if (!policy.readProgrammes(actor)) throw AppError.forbidden();
    const [row] = await repo.trainings(trx, policy.scope(actor), {}, id);
    if (!row) throw AppError.notFound();
    return (await presentTrainings(p, trx, actor, [row]))[0]!;
  },
  async createTraining(p: Platform, trx: Tx, actor: Actor, input: TrainingInput): Promise<TTraining> {
    if (!policy.readProgrammes(actor)) throw AppError.forbidden();
    await validateTraining(p, trx, actor, input);
    const now = nowIso();
    const id = newId();
    await repo.insertTraining(trx, {
      id, title: input.title, topics: JSON.stringify(input.topics), start_on: input.startOn, end_on: input.endOn, region_code: input.regionCode, organiser_id: input.organiserId,
      hours: input.hours, description_enc: seal(p, input.description, 'trainings', 'description_enc', id), version: 1, created_by: actor.userId, created_at: now, updated_at: now,
    });
    await repo.replaceParticipants(trx, id, input.participants.map((r) => ({ organisation_type: r.organisationType, women: r.women, men: r.men })));
    const totals = participantTable(input.participants.map((r) => ({ organisation_type: r.organisationType, women: r.women, men: r.men }))).totals;
    await recordAudit(p, trx, actor, { action: 'training.create', entityType: 'training', entityId: id, details: { organiserId: input.organiserId, participants: totals.total } });
    return activitiesService.getTraining(p, trx, actor, id);
  },
  async updateTraining(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZTrainingUpdate>): Promise<TTraining> {
    const current = await activitiesService.getTraining(p, trx, actor, id);
    if (!current.canEdit) throw AppError.forbidden();
    if (input.version !== current.version) throw AppError.conflict(current.version);
    const before: TrainingInput = {
      title: current.title, topics: current.topics, startOn: current.startOn, endOn: current.endOn, regionCode: current.regionCode, organiserId: current.organiser.id,
      hours: current.hours, participants: current.participants.map(({ organisationType, women, men }) => ({ organisationType, women, men })), description: current.description,
    };
    const { version, ...rest } = input;
    const next: TrainingInput = { ...before, ...rest };
    await validateTraining(p, trx, actor, next);
    const changed = changedKeys(before, rest);
    if (changed.length === 0) return current;
    const ok = await repo.update(trx, 'trainings', id, version, {
      title: next.title, topics: JSON.stringify(next.topics), start_on: next.startOn, end_on: next.endOn, region_code: next.regionCode, organiser_id: next.organiserId,
      hours: next.hours, description_enc: seal(p, next.description, 'trainings', 'description_enc', id), updated_at: nowIso(),
    });
    if (!ok) throw await versionConflict(trx, 'trainings', id);
    if (rest.participants) await repo.replaceParticipants(trx, id, rest.participants.map((r) => ({ organisation_type: r.organisationType, women: r.women, men: r.men })));
    await recordAudit(p, trx, actor, { action: 'training.update', entityType: 'training', entityId: id, details: { changed } });
    return activitiesService.getTraining(p, trx, actor, id);
  },

  // ---------------------------------------------------------------- agreements
  async listAgreements(p: Platform, trx: Tx, actor: Actor, f: Filters): Promise<TAgreement[]> {
    if (!policy.readProgrammes(actor)) throw AppError.forbidden();
    const { status, ...rest } = f;
    const items = await presentAgreements(p, trx, await repo.agreements(trx, policy.scope(actor), rest), actor);
    return status ? items.filter((a) => a.status === status) : items;
  },
  async getAgreement(p: Platform, trx: Tx, actor: Actor, id: string): Promise<TAgreement> {
    if (!policy.readProgrammes(actor)) throw AppError.forbidden();
    const [row] = await repo.agreements(trx, policy.scope(actor), {}, id);
    if (!row) throw AppError.notFound();
    return (await presentAgreements(p, trx, [row], actor))[0]!;
  },
  async createAgreement(p: Platform, trx: Tx, actor: Actor, input: AgreementInput): Promise<TAgreement> {
    if (!policy.recordAgreement(actor)) throw AppError.forbidden();
    await validateAgreement(p, trx, input);
    const now = nowIso();
    const id = newId();
    await repo.insertAgreement(trx, {
      id, title: input.title, signed_on: input.signedOn, effective_from: input.effectiveFrom, effective_to: input.effectiveTo, pillars: JSON.stringify(input.pillars),
      status: input.status, description_enc: seal(p, input.description, 'agreements', 'description_enc', id), version: 1, created_by: actor.userId, created_at: now, updated_at: now,
    });
    await repo.replaceParties(trx, partyRows(id, input.parties), id);
    await recordAudit(p, trx, actor, { action: 'agreement.create', entityType: 'agreement', entityId: id, details: { status: input.status, parties: input.parties.length } });
    return activitiesService.getAgreement(p, trx, actor, id);
  },
  async updateAgreement(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZAgreementUpdate>): Promise<TAgreement> {
    const current = await activitiesService.getAgreement(p, trx, actor, id);
    if (!current.canEdit) throw AppError.forbidden();
    if (input.version !== current.version) throw AppError.conflict(current.version);
    const before: AgreementInput = {
      title: current.title,
      parties: current.parties.map((x) => (x.organisation ? { organisationId: x.organisation.id } : { externalName: x.externalName ?? '', countryCode: x.countryCode ?? '' })),
      signedOn: current.signedOn, effectiveFrom: current.effectiveFrom, effectiveTo: current.effectiveTo, pillars: current.pillars, status: current.recordedStatus, description: current.description,
    };
    const { version, ...rest } = input;
    const next: AgreementInput = { ...before, ...rest };
    await validateAgreement(p, trx, next);
    const changed = changedKeys(before, rest);
    if (changed.length === 0) return current;
    const ok = await repo.update(trx, 'agreements', id, version, {
      title: next.title, signed_on: next.signedOn, effective_from: next.effectiveFrom, effective_to: next.effectiveTo, pillars: JSON.stringify(next.pillars), status: next.status,
      description_enc: seal(p, next.description, 'agreements', 'description_enc', id), updated_at: nowIso(),
    });
    if (!ok) throw await versionConflict(trx, 'agreements', id);
    if (rest.parties) await repo.replaceParties(trx, partyRows(id, rest.parties), id);
    await recordAudit(p, trx, actor, { action: 'agreement.update', entityType: 'agreement', entityId: id, details: { changed, ...(changed.includes('status') ? { from: before.status, to: next.status } : {}) } });
    return activitiesService.getAgreement(p, trx, actor, id);
  },

  /** Settled before the upload's body is read: the agreement is visible and the caller may record agreements. */
  async authorizeDocumentUpload(p: Platform, trx: Tx, actor: Actor, id: string): Promise<void> {
    const current = await activitiesService.getAgreement(p, trx, actor, id);
    if (!current.canEdit) throw AppError.forbidden();
  },
  async uploadDocument(p: Platform, trx: Tx, actor: Actor, id: string, file: { fileName: string; mimeType: string; content: Buffer }): Promise<TAgreement> {
    await activitiesService.authorizeDocumentUpload(p, trx, actor, id);
    const docId = newId();
    // Cleaned (bidi and control characters, path separators), capped and given its type's extension by readUpload (safeFileName).
    const fileName = file.fileName;
    await repo.replaceDocument(trx, {
      id: docId, agreement_id: id, file_name_enc: seal(p, fileName, 'agreement_documents', 'file_name_enc', docId)!, mime_type: file.mimeType, size_bytes: file.content.length,
      sha256: crypto.createHash('sha256').update(file.content).digest('hex'), content_enc: p.keyring.encryptBytes(file.content, aad('agreement_documents', 'content_enc', docId)),
      uploaded_by: actor.userId, created_at: nowIso(),
    });
    await recordAudit(p, trx, actor, { action: 'agreement.document_upload', entityType: 'agreement', entityId: id, details: { mimeType: file.mimeType, sizeBytes: file.content.length } });
    return activitiesService.getAgreement(p, trx, actor, id);
  },
  async readDocument(p: Platform, trx: Tx, actor: Actor, id: string): Promise<{ fileName: string; mimeType: string; content: Buffer }> {
    await activitiesService.getAgreement(p, trx, actor, id);
    const d = await repo.document(trx, id);
    if (!d) throw AppError.notFound();
    await auditRead(p, trx, actor, { action: 'agreement.document_read', entityType: 'agreement', entityId: id, details: {} });
    return {
      fileName: open(p, d.file_name_enc, 'agreement_documents', 'file_name_enc', d.id) ?? 'document',
      mimeType: d.mime_type,
      content: p.keyring.decryptBytes(Buffer.from(d.content_enc), aad('agreement_documents', 'content_enc', d.id)),
    };
  },

  // ---------------------------------------------------------------- cooperation requests
  async listCooperation(p: Platform, trx: Tx, actor: Actor, f: Filters): Promise<TCooperationRequest[]> {
    if (!policy.readCooperation(actor)) throw AppError.forbidden();
    return presentCooperation(p, trx, actor, await repo.cooperation(trx, policy.scope(actor), f));
  },
  async getCooperation(p: Platform, trx: Tx, actor: Actor, id: string): Promise<TCooperationRequest> {
    if (!policy.readCooperation(actor)) throw AppError.forbidden();
    const [row] = await repo.cooperation(trx, policy.scope(actor), {}, id);
    if (!row) throw AppError.notFound();
    return (await presentCooperation(p, trx, actor, [row]))[0]!;
  },
  async createCooperation(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZCooperationCreate>): Promise<TCooperationRequest> {
    if (!policy.readCooperation(actor)) throw AppError.forbidden();
    const errors: FieldError[] = [];
    if (!policy.recordCooperation(actor, input.handlingOrganisationId)) errors.push({ path: 'handlingOrganisationId', code: 'other_organisation' });
    await checkOrganisation(trx, [{ id: input.handlingOrganisationId, path: 'handlingOrganisationId' }], errors);
    if (!COUNTRY_CODES.has(input.countryCode)) errors.push({ path: 'countryCode', code: 'unknown_country' });
    else if (input.countryCode === 'MA') errors.push({ path: 'countryCode', code: 'foreign_country_required' });
    if (input.openedOn > today(p)) errors.push({ path: 'openedOn', code: 'date_in_future' });
    fail(errors);
    const now = nowIso();
    const id = newId();
    await repo.insertCooperation(trx, {
      id, direction: input.direction, type: input.type, country_code: input.countryCode, authority: input.authority, handling_org_id: input.handlingOrganisationId,
      opened_on: input.openedOn, status: 'sent', subject_enc: seal(p, input.subject, 'cooperation_requests', 'subject_enc', id)!, version: 1, created_by: actor.userId,
      created_at: now, updated_at: now,
    });
    await repo.addEvent(trx, { id: newId(), request_id: id, from_status: null, to_status: 'sent', on_date: input.openedOn, changed_by: actor.userId, at: now });
    await recordAudit(p, trx, actor, { action: 'cooperation.create', entityType: 'cooperation_request', entityId: id, details: { direction: input.direction, type: input.type, countryCode: input.countryCode } });
    return activitiesService.getCooperation(p, trx, actor, id);
  },
  async updateCooperation(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZCooperationUpdate>): Promise<TCooperationRequest> {
    const current = await activitiesService.getCooperation(p, trx, actor, id);
    if (!current.canEdit) throw AppError.forbidden();
    if (input.version !== current.version) throw AppError.conflict(current.version);
    const errors: FieldError[] = [];
    const statusChanged = input.status !== undefined && input.status !== current.status;
    const on = input.statusOn ?? today(p);
    if (statusChanged) {
      if (FINAL_STATUSES.includes(current.status)) errors.push({ path: 'status', code: 'status_final' });
      if (on > today(p)) errors.push({ path: 'statusOn', code: 'date_in_future' });
      const last = current.history.at(-1)?.on ?? current.openedOn;
      if (on < last) errors.push({ path: 'statusOn', code: 'before_previous_stage' });
    }
    fail(errors);
    const changed = [...(statusChanged ? ['status'] : []), ...(input.authority !== undefined && input.authority !== current.authority ? ['authority'] : []), ...(input.subject !== undefined && input.subject !== current.subject ? ['subject'] : [])];
    if (changed.length === 0) return current;
    const now = nowIso();
    const ok = await repo.update(trx, 'cooperation_requests', id, input.version, {
      ...(statusChanged ? { status: input.status } : {}),
      ...(changed.includes('authority') ? { authority: input.authority } : {}),
      ...(changed.includes('subject') ? { subject_enc: seal(p, input.subject!, 'cooperation_requests', 'subject_enc', id)! } : {}),
      updated_at: now,
    });
    if (!ok) throw await versionConflict(trx, 'cooperation_requests', id);
    if (statusChanged) await repo.addEvent(trx, { id: newId(), request_id: id, from_status: current.status, to_status: input.status!, on_date: on, changed_by: actor.userId, at: now });
    await recordAudit(p, trx, actor, { action: 'cooperation.update', entityType: 'cooperation_request', entityId: id, details: { changed, ...(statusChanged ? { from: current.status, to: input.status, on } : {}) } });
    return activitiesService.getCooperation(p, trx, actor, id);
  },

  // ---------------------------------------------------------------- summary
  /**
   * The year's figures for the annual report and the dashboard (no policy check: the caller — the report job
   * or a commission route — decides who may see them). A campaign, training or cooperation request belongs to
   * the year it started / was sent or received; agreements count if in force on 31 December.
   */
  /** The year's summary for the commission's dashboard (the secretariat only). */
  async summaryFor(trx: Tx, actor: Actor, year: number): Promise<TActivitiesSummary> {
    if (!policy.secretariat(actor)) throw AppError.forbidden();
    return activitiesService.summary(trx, year);
  },
  async summary(trx: Tx, year: number): Promise<TActivitiesSummary> {
    const f = { year, limit: null };
    const campaigns = (await repo.campaigns(trx, null, f)).filter((c) => c.status !== 'cancelled');
    const byAudience: Record<string, number> = {};
    const byChannel: Record<string, number> = {};
    for (const c of campaigns) {
      for (const a of json<string[]>(c.audiences)) byAudience[a] = (byAudience[a] ?? 0) + 1;
      for (const ch of json<string[]>(c.channels)) byChannel[ch] = (byChannel[ch] ?? 0) + 1;
    }
    const trainings = await repo.trainings(trx, null, f);
    const parts = participantTable(await repo.participants(trx, trainings.map((t) => t.id)));
    const yearEnd = `${year}-12-31`;
    const inForce = (await repo.agreements(trx, null, f)).filter((a) => agreementInForce(a, yearEnd));
    const byPillar: Record<string, number> = {};
    for (const a of inForce) for (const pl of json<string[]>(a.pillars)) byPillar[pl] = (byPillar[pl] ?? 0) + 1;
    const requests = await repo.cooperation(trx, null, f);
    const events = await repo.events(trx, requests.map((r) => r.id));
    const cells = new Map<string, number>();
    const days: number[] = [];
    for (const r of requests) {
      cells.set(`${r.type}|${r.status}`, (cells.get(`${r.type}|${r.status}`) ?? 0) + 1);
      const d = responseDays(r.opened_on, events.filter((e) => e.request_id === r.id).map((e) => ({ toStatus: e.to_status as TCooperationStatus, on: e.on_date })));
      if (d !== null) days.push(d);
    }
    return {
      year,
      campaigns: {
        count: campaigns.length,
        byAudience,
        byChannel,
        peopleReached: campaigns.reduce((s, c) => s + Number(c.people_reached ?? 0), 0),
        withoutEstimate: campaigns.filter((c) => c.people_reached === null).length,
      },
      trainings: { count: trainings.length, hours: trainings.reduce((s, t) => s + Number(t.hours), 0), ...parts },
      agreements: { inForceAtYearEnd: inForce.length, byPillar },
      cooperation: {
        count: requests.length,
        byTypeStatus: [...cells].map(([k, count]) => {
          const [type, status] = k.split('|') as [TCooperationRequest['type'], TCooperationStatus];
          return { type, status, count };
        }).sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status)),
        medianResponseDays: median(days),
      },
    };
  },
};
