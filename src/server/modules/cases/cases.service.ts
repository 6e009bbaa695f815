/**
 * Cases: one trafficking situation of one person (a person may have several). Registration creates the
 * person (or links an existing one), the case with its human reference, its forms of exploitation and
 * places, the history and the audit entries, in one transaction.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { TRole } from '../../../contract/common';
import {
  ZCaseCreate, ZCaseDetail, ZCaseListItem, ZCaseListQuery, ZCaseUpdate,
  type TCaseDetail, type TCaseList, type TCaseListItem, type TDebt, type TJourneyLeg, type TPlace, type TRecruitment,
} from '../../../contract/cases';
import type { Actor, Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import type { CasesTable, PersonsTable } from '../../platform/db/schema';
import { accessFromGrants, disclose, FULL_ACCESS, mayDisclose, type Access } from '../../platform/access';
import { AppError, type FieldError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { auditRead, recordAudit } from '../../platform/audit';
import { readHistory, recordHistory, type Changes } from '../../platform/history';
import { newId, nowIso } from '../../platform/ids';
import { nameTokens, normalizeDocumentNumber } from '../../platform/crypto/normalize';
import { COUNTRY_CODES, PROVINCE_REGION, REGION_CODES, taxonomyLabel } from '../reference/reference.service';
import { translate, type Language } from '../../platform/i18n';
import { toCsv } from '../../platform/csv';
import { ageGroupOf, displayNameOf, personsService, presentPerson, protectionFlags } from '../persons/persons.service';
import { refreshFacts } from '../statistics/statistics.facts';
import { personsRepository, type SearchToken } from '../persons/persons.repository';
import { CASE_ROLES } from '../users/users.policy';
import { casesPolicy } from './cases.policy';
import { timelinesService } from '../timelines/timelines.service';
import { localDate } from '../timelines/calendar';
import { casesRepository as repo, type ListFilters } from './cases.repository';

type CaseCreate = z.output<typeof ZCaseCreate>;
type CaseUpdate = z.output<typeof ZCaseUpdate>;

const aad = (column: string, id: string) => `cases.${column}:${id}`;
/** A case in one of these statuses is closed: its retention clock runs from `closed_at`. */
export const CLOSED_STATUSES: ReadonlySet<string> = new Set(['closed', 'closed_referred']);

export function formatReference(year: number, n: number): string {
  return `NRM-${year}-${String(n).padStart(6, '0')}`;
}

function checkPlaces(places: TPlace[] | undefined, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  places?.forEach((pl, i) => {
    const at = `${prefix}places.${i}`;
    if (!COUNTRY_CODES.has(pl.country)) errors.push({ path: `${at}.country`, code: 'unknown_country' });
    if ((pl.regionCode || pl.provinceCode) && pl.country !== 'MA') errors.push({ path: `${at}.regionCode`, code: 'region_only_for_morocco' });
    if (pl.regionCode && !REGION_CODES.has(pl.regionCode)) errors.push({ path: `${at}.regionCode`, code: 'unknown_region' });
    if (pl.provinceCode) {
      const region = PROVINCE_REGION.get(pl.provinceCode);
      if (!region) errors.push({ path: `${at}.provinceCode`, code: 'unknown_province' });
      else if (pl.regionCode && pl.regionCode !== region) errors.push({ path: `${at}.provinceCode`, code: 'province_not_in_region' });
    }
  });
  return errors;
}

/** ISO 4217 currencies known to the ICU data built into Node. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** The journey, the debt and the recruitment: reference codes and dates (zod checked the shapes). */
export function checkStoryDetails(
  v: { journey?: TJourneyLeg[]; debt?: TDebt | null; recruitment?: TRecruitment | null },
  today: string,
  prefix = '',
): FieldError[] {
  const errors: FieldError[] = [];
  const country = (path: string, code: string | undefined) => code && !COUNTRY_CODES.has(code) && errors.push({ path: prefix + path, code: 'unknown_country' });
  const notFuture = (path: string, date: string | undefined) => date && date > today && errors.push({ path: prefix + path, code: 'date_in_future' });
  let previous: string | undefined;
  v.journey?.forEach((leg, i) => {
    const at = `journey.${i}`;
    country(`${at}.fromCountry`, leg.fromCountry);
    country(`${at}.toCountry`, leg.toCountry);
    notFuture(`${at}.departedOn`, leg.departedOn);
    notFuture(`${at}.arrivedOn`, leg.arrivedOn);
    if (leg.departedOn && leg.arrivedOn && leg.arrivedOn < leg.departedOn) errors.push({ path: `${prefix}${at}.arrivedOn`, code: 'end_before_start' });
    // Legs are in travel order: a leg cannot start before the previous one's last known date.
    const start = leg.departedOn ?? leg.arrivedOn;
    if (start && previous && start < previous) errors.push({ path: `${prefix}${at}.${leg.departedOn ? 'departedOn' : 'arrivedOn'}`, code: 'leg_out_of_order' });
    previous = leg.arrivedOn ?? leg.departedOn ?? previous;
  });
  if (v.debt?.currency && !CURRENCIES.has(v.debt.currency)) errors.push({ path: `${prefix}debt.currency`, code: 'unknown_currency' });
  if (v.debt && v.debt.amount !== undefined && !v.debt.currency) errors.push({ path: `${prefix}debt.currency`, code: 'required' });
  if (v.recruitment) {
    country('recruitment.country', v.recruitment.country);
    notFuture('recruitment.recruitedOn', v.recruitment.recruitedOn);
  }
  return errors;
}

const sealJson = (p: Platform, value: unknown, column: string, id: string) => p.keyring.encryptJson(value, aad(column, id));

/** The encrypted columns of the journey, debt and recruitment (null when there is nothing to keep). */
function sealStoryDetails(p: Platform, id: string, v: { journey?: TJourneyLeg[]; debt?: TDebt | null; recruitment?: TRecruitment | null }) {
  const out: Partial<Pick<CasesTable, 'journey_enc' | 'debt_enc' | 'recruitment_enc'>> = {};
  if (v.journey !== undefined) out.journey_enc = v.journey.length ? sealJson(p, v.journey, 'journey_enc', id) : null;
  if (v.debt !== undefined) out.debt_enc = v.debt ? sealJson(p, v.debt, 'debt_enc', id) : null;
  if (v.recruitment !== undefined) out.recruitment_enc = v.recruitment ? sealJson(p, v.recruitment, 'recruitment_enc', id) : null;
  return out;
}

async function checkCaseFields(
  trx: Tx,
  actor: Actor,
  /** Today's date where the users are (Africa/Casablanca by default), not in UTC. */
  today: string,
  v: {
    places?: TPlace[];
    identifiedOn?: string;
    exploitationStartedOn?: string | null;
    exploitationEndedOn?: string | null;
    identifyingOrganisationId?: string | null;
    assignedUserId?: string | null;
  },
): Promise<FieldError[]> {
  const errors = checkPlaces(v.places, '');
  if (v.identifiedOn && v.identifiedOn > today) errors.push({ path: 'identifiedOn', code: 'date_in_future' });
  if (v.exploitationStartedOn && v.exploitationStartedOn > today) errors.push({ path: 'exploitationStartedOn', code: 'date_in_future' });
  if (v.exploitationStartedOn && v.exploitationEndedOn && v.exploitationEndedOn < v.exploitationStartedOn) {
    errors.push({ path: 'exploitationEndedOn', code: 'end_before_start' });
  }
  if (v.identifyingOrganisationId) {
    const org = await trx.selectFrom('organisations').select('id').where('id', '=', v.identifyingOrganisationId).executeTakeFirst();
    if (!org) errors.push({ path: 'identifyingOrganisationId', code: 'unknown_organisation' });
  }
  if (v.assignedUserId) {
    const u = await trx
      .selectFrom('users')
      .select(['roles'])
      .where('id', '=', v.assignedUserId)
      .where('organisation_id', '=', actor.organisationId)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!u || !(JSON.parse(u.roles) as TRole[]).some((r) => CASE_ROLES.includes(r))) errors.push({ path: 'assignedUserId', code: 'not_assignable' });
  }
  return errors;
}

function placeRows(places: TPlace[]) {
  return places.map((pl, position) => ({
    id: newId(),
    position,
    kind: pl.kind,
    country: pl.country,
    region_code: pl.regionCode ?? (pl.provinceCode ? (PROVINCE_REGION.get(pl.provinceCode) ?? null) : null),
    province_code: pl.provinceCode ?? null,
  }));
}

function encodeCursor(row: { created_at: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
}
function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // reported below
  }
  throw AppError.validation([{ path: 'cursor', code: 'invalid_cursor' }]);
}

async function accessTo(trx: Db | Tx, actor: Actor, c: CasesTable, now: string): Promise<Access> {
  if (c.managing_org_id === actor.organisationId) return FULL_ACCESS;
  return accessFromGrants(await repo.liveGrants(trx, actor.organisationId, now, [c.id]));
}

async function visibleCaseWithPerson(trx: Db | Tx, actor: Actor, id: string, now: string): Promise<{ c: CasesTable; person: PersonsTable; access: Access }> {
  if (!casesPolicy.read(actor)) throw AppError.forbidden();
  const found = await repo.visibleWithPerson(trx, actor.organisationId, now, id);
  if (!found) throw AppError.notFound();
  return { ...found, access: await accessTo(trx, actor, found.c, now) };
}

async function visibleCase(trx: Db | Tx, actor: Actor, id: string, now: string): Promise<{ c: CasesTable; access: Access }> {
  if (!casesPolicy.read(actor)) throw AppError.forbidden();
  const c = await repo.visibleById(trx, actor.organisationId, now, id);
  if (!c) throw AppError.notFound();
  return { c, access: await accessTo(trx, actor, c, now) };
}

async function present(p: Platform, trx: Db | Tx, actor: Actor, c: CasesTable, person: PersonsTable, access: Access): Promise<TCaseDetail> {
  const [forms, places, orgs, users] = await Promise.all([
    repo.formsOf(trx, [c.id]),
    repo.placesOf(trx, c.id),
    repo.refNames(trx, 'organisations', [c.managing_org_id, c.identifying_org_id]),
    repo.refNames(trx, 'users', [c.assigned_user_id]),
  ]);
  const ref = (map: Map<string, string>, id: string | null) => (id ? { id, name: map.get(id) ?? '' } : null);
  // Every field is built; the contract's category marks decide what leaves (disclose).
  return disclose(ZCaseDetail, access, {
    id: c.id,
    reference: c.reference,
    version: c.version,
    status: c.status as TCaseDetail['status'],
    stage: c.stage as TCaseDetail['stage'],
    situationType: c.situation_type as TCaseDetail['situationType'],
    exploitationForms: forms.map((f) => f.form) as TCaseDetail['exploitationForms'],
    places: places.map((pl) => ({
      kind: pl.kind as TPlace['kind'],
      country: pl.country,
      ...(pl.region_code ? { regionCode: pl.region_code } : {}),
      ...(pl.province_code ? { provinceCode: pl.province_code } : {}),
    })),
    identifiedOn: c.identified_on,
    exploitationStartedOn: c.exploitation_started_on,
    exploitationEndedOn: c.exploitation_ended_on,
    identificationChannel: c.identification_channel as TCaseDetail['identificationChannel'],
    identifyingOrganisation: ref(orgs, c.identifying_org_id),
    managingOrganisation: ref(orgs, c.managing_org_id)!,
    assignedUser: ref(users, c.assigned_user_id),
    story: mayDisclose(access, 'exploitation_story') && c.story_enc ? p.keyring.decryptText(c.story_enc, aad('story_enc', c.id)) : null,
    journey: mayDisclose(access, 'exploitation_story') && c.journey_enc ? p.keyring.decryptJson<TJourneyLeg[]>(c.journey_enc, aad('journey_enc', c.id)) : [],
    debt: mayDisclose(access, 'exploitation_story') && c.debt_enc ? p.keyring.decryptJson<TDebt>(c.debt_enc, aad('debt_enc', c.id)) : null,
    recruitment: mayDisclose(access, 'exploitation_story') && c.recruitment_enc ? p.keyring.decryptJson<TRecruitment>(c.recruitment_enc, aad('recruitment_enc', c.id)) : null,
    notes: mayDisclose(access, 'manager') && c.notes_enc ? p.keyring.decryptText(c.notes_enc, aad('notes_enc', c.id)) : null,
    person: presentPerson(p, person, access),
    identificationStatus: c.identification_status as TCaseDetail['identificationStatus'],
    access: access.level,
    abilities: {
      update: casesPolicy.update(actor, access),
      assign: casesPolicy.assign(actor, access),
      addAttachment: casesPolicy.addAttachment(actor, access),
      readAttachments: casesPolicy.readAttachments(actor, access),
    },
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  });
}

async function personOf(trx: Db | Tx, actor: Actor, now: string, personId: string): Promise<PersonsTable> {
  const person = await personsRepository.visibleById(trx, actor.organisationId, now, personId);
  if (!person) throw AppError.notFound();
  return person;
}

/** The encrypted case row with its forms and places (shared by registration and the bulk seeder). */
export function buildCaseRows(
  p: Platform,
  input: CaseCreate,
  ctx: { orgId: string; userId: string; personId: string; reference: string; now: string; status?: string },
) {
  const id = newId();
  const row: CasesTable = {
    id,
    reference: ctx.reference,
    person_id: ctx.personId,
    managing_org_id: ctx.orgId,
    assigned_user_id: input.assignedUserId ?? null,
    status: ctx.status ?? 'active',
    stage: input.stage,
    situation_type: input.situationType,
    identified_on: input.identifiedOn,
    exploitation_started_on: input.exploitationStartedOn ?? null,
    exploitation_ended_on: input.exploitationEndedOn ?? null,
    identification_channel: input.identificationChannel,
    identifying_org_id: input.identifyingOrganisationId ?? ctx.orgId,
    story_enc: input.story ? p.keyring.encryptText(input.story, aad('story_enc', id)) : null,
    notes_enc: input.notes ? p.keyring.encryptText(input.notes, aad('notes_enc', id)) : null,
    journey_enc: null,
    debt_enc: null,
    recruitment_enc: null,
    ...sealStoryDetails(p, id, { journey: input.journey ?? [], debt: input.debt ?? null, recruitment: input.recruitment ?? null }),
    created_by: ctx.userId,
    version: 1,
    created_at: ctx.now,
    updated_at: ctx.now,
    // Every registered case starts as a presumed victim; the competent authority decides the rest.
    identification_status: 'presumed',
    identification_version: 1,
    identification_requested_from: null,
    identification_requested_at: null,
    reconsideration_requested: 0,
    closed_at: CLOSED_STATUSES.has(ctx.status ?? 'active') ? ctx.now : null,
    anonymised_at: null,
  };
  return { row, forms: [...new Set(input.exploitationForms)], places: placeRows(input.places) };
}

/** For other modules: the case if the actor may see it (404 otherwise, 403 without a case role), and how. */
export async function caseAccess(trx: Db | Tx, actor: Actor, id: string, now = nowIso()) {
  return visibleCaseWithPerson(trx, actor, id, now);
}

/** The list's filters from its query (a search becomes blind-index tokens, reference forms or a document token). */
async function listFilters(p: Platform, trx: Tx, actor: Actor, query: z.output<typeof ZCaseListQuery>, now: string): Promise<ListFilters> {
    const q = query.q?.trim();
    const filters: ListFilters = {
      status: query.status,
      stage: query.stage,
      situationType: query.situationType,
      form: query.form,
      regionCode: query.regionCode,
      sex: query.sex,
      child: query.child === undefined ? undefined : query.child === 'true',
      assignedUserId: query.assignedToMe === 'true' ? actor.userId : undefined,
      currentYear: Number(now.slice(0, 4)),
    };
    if (q) {
      if (/^NRM-\d{4}-\d{1,6}$/i.test(q)) {
        const [, y, n] = q.toUpperCase().split('-');
        filters.reference = formatReference(Number(y), Number(n));
      } else {
        const tokens = nameTokens(q);
        filters.nameTokens = tokens.map((t) => p.keyring.blindIndex('name', t));
        const doc = normalizeDocumentNumber(q);
        if (doc.length >= 4 && /\d/.test(doc)) filters.docToken = p.keyring.blindIndex('doc', doc);
        // Part of a reference, as people quote it: "2025-88" (year and number), or the number alone ("000088",
        // "88") in any year that has cases. Exact lookups of the full references it can stand for.
        const partial = /^(?:NRM-?)?(?:(\d{4})-)?(\d{1,6})$/i.exec(q);
        if (partial) {
          const n = Number(partial[2]);
          const years = partial[1] ? [Number(partial[1])] : await repo.referenceYears(trx);
          if (n > 0) filters.references = years.map((y) => formatReference(y, n));
        }
        if (!tokens.length && !filters.docToken && !filters.references?.length) throw AppError.validation([{ path: 'q', code: 'search_too_short' }]);
      }
    }
  return filters;
}

/** The list's items of a page of rows, each disclosed as the reader's access allows. */
async function listItems(p: Platform, trx: Tx, actor: Actor, now: string, page: Awaited<ReturnType<typeof repo.list>>): Promise<TCaseListItem[]> {
    const ids = page.map((r) => r.id);
    const [forms, grants, orgs, users] = await Promise.all([
      repo.formsOf(trx, ids),
      repo.liveGrants(trx, actor.organisationId, now, ids.filter((_, i) => page[i]!.managing_org_id !== actor.organisationId)),
      repo.refNames(trx, 'organisations', page.map((r) => r.managing_org_id)),
      repo.refNames(trx, 'users', page.map((r) => r.assigned_user_id)),
    ]);
    const accessOf = (r: (typeof page)[number]) =>
      r.managing_org_id === actor.organisationId ? FULL_ACCESS : accessFromGrants(grants.filter((g) => g.case_id === r.id));
    return page.map((r) => {
      const access = accessOf(r);
      const nameVisible = mayDisclose(access, 'identity');
      return disclose(ZCaseListItem, access, {
        id: r.id,
        reference: r.reference,
        personId: r.person_id,
        displayName: displayNameOf(p, { id: r.person_id, identity_enc: r.identity_enc, data_key_enc: r.data_key_enc, pseudonym: r.pseudonym }, nameVisible),
        nameVisible,
        sex: r.sex as TCaseListItem['sex'],
        ageGroup: ageGroupOf(r, null).ageGroup,
        status: r.status as TCaseListItem['status'],
        stage: r.stage as TCaseListItem['stage'],
        situationType: r.situation_type as TCaseListItem['situationType'],
        exploitationForms: forms.filter((f) => f.case_id === r.id).map((f) => f.form) as TCaseListItem['exploitationForms'],
        identificationStatus: r.identification_status as TCaseListItem['identificationStatus'],
        managingOrganisation: { id: r.managing_org_id, name: orgs.get(r.managing_org_id) ?? '' },
        assignedUser: r.assigned_user_id ? { id: r.assigned_user_id, name: users.get(r.assigned_user_id) ?? '' } : null,
        identifiedOn: r.identified_on,
        updatedAt: r.updated_at,
      });
    });
}

/** The list shows the total up to this many cases, then "more than" (the count's cost stays bounded). */
export const LIST_TOTAL_CAP = 1000;
/** An export holds at most this many cases (a larger selection is refined with the filters first). */
export const EXPORT_CAP = 5000;

export const casesService = {
  async create(p: Platform, trx: Tx, actor: Actor, input: CaseCreate, options: { createdAt?: string } = {}): Promise<TCaseDetail> {
    if (!casesPolicy.create(actor)) throw AppError.forbidden();
    const now = options.createdAt ?? nowIso();
    const today = localDate(new Date(), p.config.timezone);
    const errors = [
      ...(input.person ? personsService.checkPersonInput(input.person, 'person', today) : []),
      ...(await checkCaseFields(trx, actor, today, input)),
      ...checkStoryDetails(input, today),
    ];
    if (input.assignedUserId && input.assignedUserId !== actor.userId && !actor.roles.has('case_supervisor')) {
      errors.push({ path: 'assignedUserId', code: 'not_allowed_to_assign' });
    }
    if (errors.length) throw AppError.validation(errors);

    let person: PersonsTable;
    let tokens: SearchToken[];
    if (input.person) ({ row: person, tokens } = await personsService.create(p, trx, actor, input.person, input.identifiedOn));
    else {
      // Re-trafficking: only a person this organisation manages a case for can be linked.
      person = await personOf(trx, actor, now, input.personId!);
      const cases = await personsRepository.visibleCases(trx, actor.organisationId, now, person.id);
      if (!cases.some((c) => c.managing_org_id === actor.organisationId)) throw AppError.notFound();
      tokens = personsService.searchTokensOf(p, person);
    }

    const year = Number(now.slice(0, 4));
    const reference = formatReference(year, await repo.nextReferenceNumber(trx, year));
    const { row, forms, places } = buildCaseRows(p, input, { orgId: actor.organisationId, userId: actor.userId, personId: person.id, reference, now });
    const id = row.id;
    await repo.insert(trx, row);
    await repo.replaceFormsAndPlaces(trx, id, forms, places);
    await repo.insertSearchTokens(trx, id, row.managing_org_id, tokens);
    if (!input.person) {
      // A new case of a known person may be their first identification: their estimated age is anchored there.
      await personsService.reanchorAge(p, trx, person.id);
      person = await personOf(trx, actor, now, person.id);
    }
    await refreshFacts(p, trx, { cases: [id] });
    // Protection timelines start now: reflection period, and the child or foreign-victim deadlines.
    await timelinesService.startTrigger(trx, 'case_registered', row, { ...protectionFlags(presentPerson(p, person, FULL_ACCESS)), at: now });
    await recordHistory(p, trx, actor, { entityType: 'case', entityId: id, caseId: id, version: 1, action: 'create', changes: {} });
    await recordAudit(p, trx, actor, {
      action: 'case.create',
      entityType: 'case',
      entityId: id,
      details: { reference: row.reference, personId: person.id, newPerson: !!input.person },
    });
    return present(p, trx, actor, row, person, FULL_ACCESS);
  },

  async get(p: Platform, trx: Tx, actor: Actor, id: string): Promise<TCaseDetail> {
    const now = nowIso();
    const { c, person, access } = await visibleCaseWithPerson(trx, actor, id, now);
    await auditRead(p, trx, actor, { action: 'case.read', entityType: 'case', entityId: id, details: { categories: [...access.categories] } });
    return present(p, trx, actor, c, person, access);
  },

  async list(p: Platform, trx: Tx, actor: Actor, query: z.output<typeof ZCaseListQuery>): Promise<TCaseList> {
    if (!casesPolicy.read(actor)) throw AppError.forbidden();
    const now = nowIso();
    const filters = await listFilters(p, trx, actor, query, now);
    const rows = await repo.list(trx, actor.organisationId, now, filters, query.limit, query.cursor ? decodeCursor(query.cursor) : undefined);
    const page = rows.slice(0, query.limit);
    const items = await listItems(p, trx, actor, now, page);
    // The total on the first page only (later pages keep the one already shown).
    const counted = query.cursor ? null : rows.length <= query.limit ? rows.length : await repo.countUpTo(trx, actor.organisationId, now, filters, LIST_TOTAL_CAP);
    const namesShown = items.filter((i) => i.nameVisible).map((i) => i.id);
    await auditRead(p, trx, actor, {
      action: 'case.list',
      entityType: 'case',
      details: { count: items.length, namesShownFor: namesShown, searched: !!query.q?.trim(), filters: { ...query, q: undefined, cursor: undefined } },
    });
    return {
      items,
      nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!) : null,
      total: counted === null ? null : { count: Math.min(counted, LIST_TOTAL_CAP), more: counted > LIST_TOTAL_CAP },
    };
  },

  /**
   * The list as a CSV file in the reader's language: the same visible cases, filters and disclosure as the
   * list (a pseudonym where the name is not shared, "not shared" where the forms are not), at most EXPORT_CAP
   * cases, audited as one export with the cases whose names it holds.
   */
  async exportCsv(p: Platform, trx: Tx, actor: Actor, query: z.output<typeof ZCaseListQuery>, lang: Language): Promise<{ body: string; fileName: string; count: number; truncated: boolean }> {
    if (!casesPolicy.export(actor)) throw AppError.forbidden();
    const now = nowIso();
    const filters = await listFilters(p, trx, actor, query, now);
    const items: TCaseListItem[] = [];
    let after: { createdAt: string; id: string } | undefined;
    let truncated = false;
    for (;;) {
      const rows = await repo.list(trx, actor.organisationId, now, filters, 500, after);
      const page = rows.slice(0, Math.min(500, EXPORT_CAP - items.length));
      items.push(...(await listItems(p, trx, actor, now, page)));
      if (rows.length <= 500 && page.length === rows.length) break;
      if (items.length >= EXPORT_CAP) { truncated = true; break; }
      const last = page[page.length - 1]!;
      after = { createdAt: last.created_at, id: last.id };
    }
    const tr = (key: string) => translate(lang, key);
    const columns = [
      tr('cases.fields.reference'), tr('cases.list.colName'), tr('fields.sex'), tr('cases.export.ageGroup'), tr('fields.stage'), tr('fields.status'),
      tr('identification.column'), tr('fields.exploitationForms'), tr('cases.fields.managingOrganisation'), tr('fields.assignedUserId'), tr('fields.identifiedOn'),
    ];
    const rows = items.map((i) => [
      i.reference, i.displayName, tr(`sex.${i.sex}`), tr(`ageGroup.${i.ageGroup}`), taxonomyLabel('caseStages', i.stage, lang), taxonomyLabel('caseStatuses', i.status, lang),
      tr(`identification.statuses.${i.identificationStatus}`),
      i.exploitationForms ? i.exploitationForms.map((f) => taxonomyLabel('exploitationForms', f, lang)).join(' ; ') : tr('common.notShared'),
      i.managingOrganisation.name, i.assignedUser?.name ?? tr('cases.list.unassigned'), i.identifiedOn,
    ]);
    await recordAudit(p, trx, actor, {
      action: 'case.export',
      entityType: 'case',
      details: { count: items.length, truncated, namesShownFor: items.filter((i) => i.nameVisible).map((i) => i.id), filters: { ...query, q: undefined, cursor: undefined, limit: undefined }, searched: !!query.q?.trim() },
    });
    return { body: toCsv(columns, rows), fileName: `cases-${now.slice(0, 10)}.csv`, count: items.length, truncated };
  },

  async update(p: Platform, trx: Tx, actor: Actor, id: string, input: CaseUpdate): Promise<TCaseDetail> {
    const now = nowIso();
    const { c, access } = await visibleCase(trx, actor, id, now);
    if (!casesPolicy.update(actor, access)) throw AppError.forbidden();
    if (input.assignedUserId !== undefined && input.assignedUserId !== c.assigned_user_id) {
      const selfAssignFree = input.assignedUserId === actor.userId && !c.assigned_user_id;
      if (!casesPolicy.assign(actor, access) && !selfAssignFree) throw AppError.forbidden();
    }
    const merged = {
      places: input.places,
      identifiedOn: input.identifiedOn,
      exploitationStartedOn: input.exploitationStartedOn !== undefined ? input.exploitationStartedOn : c.exploitation_started_on,
      exploitationEndedOn: input.exploitationEndedOn !== undefined ? input.exploitationEndedOn : c.exploitation_ended_on,
      identifyingOrganisationId: input.identifyingOrganisationId,
      assignedUserId: input.assignedUserId,
    };
    const today = localDate(new Date(), p.config.timezone);
    const errors = [...(await checkCaseFields(trx, actor, today, merged)), ...checkStoryDetails(input, today)];
    if (errors.length) throw AppError.validation(errors);

    const before = await present(p, trx, actor, c, await personOf(trx, actor, now, c.person_id), access);
    const patch: Partial<CasesTable> = { updated_at: now };
    const map: [keyof CaseUpdate, keyof CasesTable][] = [
      ['status', 'status'], ['stage', 'stage'], ['assignedUserId', 'assigned_user_id'], ['situationType', 'situation_type'],
      ['identifiedOn', 'identified_on'], ['exploitationStartedOn', 'exploitation_started_on'], ['exploitationEndedOn', 'exploitation_ended_on'],
      ['identificationChannel', 'identification_channel'], ['identifyingOrganisationId', 'identifying_org_id'],
    ];
    for (const [from, to] of map) if (input[from] !== undefined) (patch as Record<string, unknown>)[to] = input[from];
    // The retention clock (modules/retention) starts when a case is closed, and stops if it is reopened.
    if (input.status !== undefined && CLOSED_STATUSES.has(input.status) !== CLOSED_STATUSES.has(c.status)) patch.closed_at = CLOSED_STATUSES.has(input.status) ? now : null;
    if (input.story !== undefined) patch.story_enc = input.story ? p.keyring.encryptText(input.story, aad('story_enc', id)) : null;
    if (input.notes !== undefined) patch.notes_enc = input.notes ? p.keyring.encryptText(input.notes, aad('notes_enc', id)) : null;
    Object.assign(patch, sealStoryDetails(p, id, input));
    if (!(await repo.update(trx, id, input.version, patch))) throw await versionConflict(trx, 'cases', id);
    // The trafficking deadlines follow the situation type (timelines: opened or cancelled, audited).
    if (input.situationType !== undefined && input.situationType !== c.situation_type) {
      const flags = protectionFlags(presentPerson(p, await personOf(trx, actor, now, c.person_id), FULL_ACCESS));
      await timelinesService.situationChanged(p, trx, actor, c, { from: c.situation_type, to: input.situationType, ...flags });
    }
    if (input.identifiedOn !== undefined && input.identifiedOn !== c.identified_on) await personsService.reanchorAge(p, trx, c.person_id);
    if (input.exploitationForms !== undefined || input.places !== undefined) {
      await repo.replaceFormsAndPlaces(
        trx,
        id,
        // The managing organisation (the only one that edits) sees every field of `before`.
        [...new Set(input.exploitationForms ?? before.exploitationForms ?? [])],
        placeRows(input.places ?? before.places ?? []),
      );
    }
    await refreshFacts(p, trx, { cases: [id] });
    const changes: Changes = {};
    const beforeFlat: Record<string, unknown> = { ...before, assignedUserId: before.assignedUser?.id ?? null, identifyingOrganisationId: before.identifyingOrganisation?.id ?? null };
    for (const [k, v] of Object.entries(input)) {
      if (k === 'version' || v === undefined) continue;
      if (JSON.stringify(beforeFlat[k] ?? null) !== JSON.stringify(v ?? null)) changes[k] = { from: beforeFlat[k] ?? null, to: v };
    }
    await recordHistory(p, trx, actor, { entityType: 'case', entityId: id, caseId: id, version: input.version + 1, action: 'update', changes });
    await recordAudit(p, trx, actor, { action: 'case.update', entityType: 'case', entityId: id, details: { changed: Object.keys(changes) } });
    const after = await repo.visibleById(trx, actor.organisationId, now, id);
    return present(p, trx, actor, after!, await personOf(trx, actor, now, c.person_id), access);
  },

  async history(p: Platform, trx: Tx, actor: Actor, id: string) {
    const now = nowIso();
    const { c, access } = await visibleCase(trx, actor, id, now);
    // The history names every changed field, whatever its category: for the managing organisation only.
    if (access.level !== 'manager') throw AppError.forbidden();
    const items = await readHistory(p, trx, [c.id, c.person_id], true);
    await auditRead(p, trx, actor, { action: 'case.history_read', entityType: 'case', entityId: id });
    return { items };
  },

  async listAttachments(p: Platform, trx: Tx, actor: Actor, id: string) {
    const now = nowIso();
    const { access } = await visibleCase(trx, actor, id, now);
    if (!casesPolicy.readAttachments(actor, access)) throw AppError.forbidden();
    const rows = await repo.attachments(trx, actor.organisationId, now, id);
    return {
      items: rows.map((a) => ({
        id: a.id,
        fileName: p.keyring.decryptText(a.file_name_enc, `attachments.file_name_enc:${a.id}`),
        mimeType: a.mime_type,
        sizeBytes: Number(a.size_bytes),
        uploadedBy: a.display_name ?? '',
        createdAt: a.created_at,
      })),
    };
  },

  async authorizeAttachmentUpload(p: Platform, actor: Actor, id: string): Promise<void> {
    const { access } = await visibleCase(p.db, actor, id, nowIso());
    if (!casesPolicy.addAttachment(actor, access)) throw AppError.forbidden();
  },

  async addAttachment(p: Platform, trx: Tx, actor: Actor, id: string, file: { fileName: string; mimeType: string; content: Buffer }) {
    const now = nowIso();
    const { access } = await visibleCase(trx, actor, id, now);
    if (!casesPolicy.addAttachment(actor, access)) throw AppError.forbidden();
    const attachmentId = newId();
    // Cleaned (bidi and control characters, path separators), capped and given its type's extension by readUpload (safeFileName).
    const fileName = file.fileName;
    await trx
      .insertInto('attachments')
      .values({
        id: attachmentId,
        case_id: id,
        file_name_enc: p.keyring.encryptText(fileName, `attachments.file_name_enc:${attachmentId}`),
        mime_type: file.mimeType,
        size_bytes: file.content.length,
        sha256: crypto.createHash('sha256').update(file.content).digest('hex'),
        content_enc: p.keyring.encryptBytes(file.content, `attachments.content_enc:${attachmentId}`),
        uploaded_by: actor.userId,
        created_at: now,
      })
      .execute();
    await recordAudit(p, trx, actor, { action: 'attachment.create', entityType: 'attachment', entityId: attachmentId, details: { caseId: id, mimeType: file.mimeType, sizeBytes: file.content.length } });
    return { id: attachmentId, fileName, mimeType: file.mimeType, sizeBytes: file.content.length, uploadedBy: actor.displayName, createdAt: now };
  },

  async readAttachment(p: Platform, trx: Tx, actor: Actor, id: string, attachmentId: string) {
    const now = nowIso();
    const { access } = await visibleCase(trx, actor, id, now);
    if (!casesPolicy.readAttachments(actor, access)) throw AppError.forbidden();
    const a = await repo.attachment(trx, actor.organisationId, now, id, attachmentId);
    if (!a) throw AppError.notFound();
    await auditRead(p, trx, actor, { action: 'attachment.read', entityType: 'attachment', entityId: attachmentId, details: { caseId: id } });
    return {
      fileName: p.keyring.decryptText(a.file_name_enc, `attachments.file_name_enc:${a.id}`),
      mimeType: a.mime_type,
      content: p.keyring.decryptBytes(Buffer.from(a.content_enc), `attachments.content_enc:${a.id}`),
    };
  },
};
