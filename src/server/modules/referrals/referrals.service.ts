/**
 * Consent, referrals to services, service deliveries and transfers of case management.
 *
 * - Consent is data: per purpose and data category, how and by whom it was given, with an expiry; withdrawing
 *   it ends the referrals that relied on it and revokes their grants in the same transaction.
 * - A referral goes to a service (its organisation answers), shares only the categories a live consent
 *   covers (or, for a child referred to child protection, none is needed and that basis is recorded), and
 *   moves through the state machine in `referrals.machine.ts`. Acceptance gives the receiving organisation a
 *   grant limited to the shared categories (and takes a counted place, atomically); any end revokes it.
 * - A transfer moves case management to another organisation only when that organisation accepts.
 */
import { z } from 'zod';
import type { TDataCategory } from '../../../contract/common';
import type { TConsent, TReferral, TReferralAction, TReferralStatus, TTransfer } from '../../../contract/referrals';
import { ZConsentCreate, ZConsentWithdraw, ZDeliveryCreate, ZReferralCreate, ZReferralQuery, ZReferralTransition, ZTransferCreate, ZTransferResponse } from '../../../contract/referrals';
import type { Actor, Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import type { ConsentsTable, PersonsTable, ReferralsTable } from '../../platform/db/schema';
import { FULL_ACCESS } from '../../platform/access';
import { AppError, type FieldError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { auditRead, recordAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { caseAccess } from '../cases/cases.service';
import { presentPerson } from '../persons/persons.service';
import { LANGUAGE_CODES } from '../reference/reference.service';
import { endOfLocalDay, localDate } from '../timelines/calendar';
import { timelinesService } from '../timelines/timelines.service';
import { notify } from '../timelines/notifications';
import { directoryService } from '../directory/directory.service';
import type { ServiceRow } from '../directory/directory.repository';
import { directoryRepository } from '../directory/directory.repository';
import { referralConfig, responseWindow } from './referrals.config';
import { ACTIVE, OPEN, allowedActions, check } from './referrals.machine';
import { referralsPolicy as policy } from './referrals.policy';
import { referralsRepository as repo, type ConsentRow, type ReferralRow } from './referrals.repository';
import { refreshFacts } from '../statistics/statistics.facts';
import { assertSharingAllowed } from '../subjectrights/subjectrights.service';

const aad = (table: string, column: string, id: string) => `${table}.${column}:${id}`;
const RESPONSE_RULE = 'referral_response';
const subjectOf = (id: string) => ({ type: 'referral', id });

type ConsentDetails = { guardianName: string | null; childView: string | null; notes: string | null };

function consentState(k: Pick<ConsentsTable, 'withdrawn_at' | 'expires_at'>, now: string): TConsent['state'] {
  if (k.withdrawn_at) return 'withdrawn';
  if (k.expires_at && k.expires_at <= now) return 'expired';
  return 'active';
}

/** Does this consent allow sharing with that service? */
function coversRecipient(k: ConsentsTable, service: Pick<ServiceRow, 'organisation_id' | 'type'>): boolean {
  return k.purpose === 'sharing' && (k.recipient_org_id === service.organisation_id || k.recipient_service_type === service.type);
}

function eligibility(service: ServiceRow, person: PersonsTable, personView: ReturnType<typeof presentPerson>, c: { regions: string[] }, serviceRegions: string[], serviceLanguages: string[]) {
  const out: ('sex' | 'age' | 'audience' | 'nationality' | 'region' | 'language' | 'no_capacity' | 'inactive')[] = [];
  const sexes = JSON.parse(service.sexes) as string[];
  if (sexes.length && !sexes.includes(person.sex)) out.push('sex');
  const age = personView.age ?? null;
  if (age !== null && ((service.min_age !== null && age < service.min_age) || (service.max_age !== null && age > service.max_age))) out.push('age');
  if ((service.audience === 'adults' && personView.treatedAsChild) || (service.audience === 'children' && !personView.treatedAsChild)) out.push('audience');
  const nationalities = JSON.parse(service.nationalities) as string[];
  if (nationalities.length && !personView.nationalities.some((n) => nationalities.includes(n))) out.push('nationality');
  if (c.regions.length && !c.regions.some((r) => serviceRegions.includes(r))) out.push('region');
  if (personView.languages.length && !personView.languages.some((l) => serviceLanguages.includes(l))) out.push('language');
  if (service.capacity_available !== null && service.capacity_available <= 0) out.push('no_capacity');
  if (service.active !== 1) out.push('inactive');
  return out;
}

async function caseRegions(db: Db | Tx, caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('case_places').select('region_code').where('case_id', '=', caseId).where('region_code', 'is not', null).execute();
  return [...new Set(rows.map((r) => r.region_code!))];
}

export const referralsService = {
  // ——— consent ———

  async listConsents(p: Platform, trx: Tx, actor: Actor, caseId: string): Promise<{ items: TConsent[]; canRecord: boolean }> {
    const { access } = await caseAccess(trx, actor, caseId);
    if (!policy.consent(actor, access)) throw AppError.forbidden();
    const rows = await repo.consents(trx, caseId);
    await auditRead(p, trx, actor, { action: 'consent.read', entityType: 'case', entityId: caseId, details: { count: rows.length } });
    return { canRecord: true, items: rows.map((k) => presentConsent(p, k, nowIso())) };
  },

  async recordConsent(p: Platform, trx: Tx, actor: Actor, caseId: string, input: z.output<typeof ZConsentCreate>): Promise<TConsent> {
    const { c, access } = await caseAccess(trx, actor, caseId);
    if (!policy.consent(actor, access)) throw AppError.forbidden();
    const today = localDate(new Date(), p.config.timezone);
    const errors: FieldError[] = [];
    if (input.purpose === 'sharing' && !input.recipientOrganisationId && !input.recipientServiceType) errors.push({ path: 'recipientOrganisationId', code: 'recipient_required' });
    if (input.recipientOrganisationId) {
      const org = await repo.organisation(trx, input.recipientOrganisationId);
      if (!org || org.active !== 1) errors.push({ path: 'recipientOrganisationId', code: 'unknown_organisation' });
    }
    if (input.givenBy === 'guardian' && !input.guardianName) errors.push({ path: 'guardianName', code: 'guardian_required' });
    if (!(LANGUAGE_CODES as Set<string>).has(input.language)) errors.push({ path: 'language', code: 'unknown_language' });
    if (input.givenOn > today) errors.push({ path: 'givenOn', code: 'date_in_future' });
    if (input.expiresOn && input.expiresOn < input.givenOn) errors.push({ path: 'expiresOn', code: 'end_before_start' });
    if (input.expiresOn && input.expiresOn < today) errors.push({ path: 'expiresOn', code: 'date_in_past' });
    if (errors.length) throw AppError.validation(errors);
    const id = newId();
    const now = nowIso();
    const details: ConsentDetails = { guardianName: input.guardianName ?? null, childView: input.childView ?? null, notes: input.notes ?? null };
    await repo.insertConsent(trx, {
      id,
      case_id: c.id,
      organisation_id: actor.organisationId,
      purpose: input.purpose,
      recipient_org_id: input.purpose === 'sharing' ? (input.recipientOrganisationId ?? null) : null,
      recipient_service_type: input.purpose === 'sharing' ? (input.recipientServiceType ?? null) : null,
      categories: JSON.stringify([...new Set(input.categories)]),
      method: input.method,
      interpreter_used: input.interpreterUsed ? 1 : 0,
      language: input.language,
      given_by: input.givenBy,
      details_enc: p.keyring.encryptJson(details, aad('consents', 'details_enc', id)),
      given_on: input.givenOn,
      expires_on: input.expiresOn ?? null,
      expires_at: input.expiresOn ? endOfLocalDay(input.expiresOn, p.config.timezone).toISOString() : null,
      withdrawn_at: null,
      withdrawn_by: null,
      withdrawal_enc: null,
      recorded_by: actor.userId,
      version: 1,
      created_at: now,
    });
    await recordAudit(p, trx, actor, { action: 'consent.create', entityType: 'consent', entityId: id, details: { caseId: c.id, purpose: input.purpose, categories: input.categories, givenBy: input.givenBy } });
    return presentConsent(p, (await repo.consents(trx, c.id)).find((k) => k.id === id)!, now);
  },

  /** Withdrawal takes effect at once: the referrals relying on the consent end and their grants are revoked. */
  async withdrawConsent(p: Platform, trx: Tx, actor: Actor, consentId: string, input: z.output<typeof ZConsentWithdraw>): Promise<TConsent> {
    const k = await repo.consent(trx, consentId);
    if (!k) throw AppError.notFound();
    const { access } = await caseAccess(trx, actor, k.case_id);
    if (!policy.consent(actor, access)) throw AppError.forbidden();
    if (k.version !== input.version) throw AppError.conflict(k.version);
    if (k.withdrawn_at) throw new AppError('CONFLICT', { reason: 'already_withdrawn' });
    const now = nowIso();
    const ok = await repo.withdrawConsent(trx, k.id, input.version, {
      withdrawn_at: now,
      withdrawn_by: actor.userId,
      withdrawal_enc: input.reason ? p.keyring.encryptText(input.reason, aad('consents', 'withdrawal_enc', k.id)) : null,
    });
    if (!ok) throw await versionConflict(trx, 'consents', k.id);
    const ended: string[] = [];
    // No referral may outlive the consent it rests on, even one accepted while the withdrawal runs.
    for (let attempt = 0, moved = true; moved; attempt++) {
      if (attempt === 5) throw await versionConflict(trx, 'consents', k.id);
      moved = false;
      for (const r of await repo.openReferralsOfConsent(trx, k.id)) {
        const to: TReferralStatus = r.status === 'sent' ? 'revoked' : 'closed';
        const action = r.status === 'sent' ? 'revoke' : 'close';
        // A referral a concurrent request moved meanwhile (e.g. accepted it) is read again and ended in its new state.
        if (!(await endReferral(p, trx, actor, r, to, action, 'consent_withdrawn', now))) {
          moved = true;
          continue;
        }
        await notify(trx, [{ organisationId: r.to_org_id, kind: 'referral_consent_withdrawn', caseId: r.case_id }]);
        await recordAudit(p, trx, actor, {
          action: action === 'revoke' ? 'referral.revoke' : 'referral.close',
          entityType: 'referral',
          entityId: r.id,
          details: { caseId: r.case_id, from: r.status, to, reasonCode: 'consent_withdrawn' },
        });
        ended.push(r.id);
      }
    }
    await recordAudit(p, trx, actor, { action: 'consent.withdraw', entityType: 'consent', entityId: k.id, details: { caseId: k.case_id, referralsEnded: ended.length } });
    return presentConsent(p, (await repo.consents(trx, k.case_id)).find((x) => x.id === k.id)!, now);
  },

  // ——— referrals ———

  /** What the referral form needs for one service: the minimum categories, the covering consents, warnings. */
  async options(p: Platform, trx: Tx, actor: Actor, caseId: string, serviceId: string) {
    const { c, person, access } = await caseAccess(trx, actor, caseId);
    if (!policy.refer(actor, access)) throw AppError.forbidden();
    const service = await directoryService.row(trx, serviceId);
    if (!service) throw AppError.notFound();
    const now = nowIso();
    const view = presentPerson(p, person, FULL_ACCESS);
    const [{ regions, languages }, consents, places] = await Promise.all([
      directoryRepository.regionsAndLanguages(trx, [service.id]),
      repo.consents(trx, c.id),
      caseRegions(trx, c.id),
    ]);
    const cfg = referralConfig();
    return {
      service: { id: service.id, name: service.name, type: service.type as TReferral['service']['type'], organisation: { id: service.organisation_id, name: service.org_name } },
      minimumCategories: cfg.minimumCategories[service.type as keyof typeof cfg.minimumCategories] ?? [],
      consents: consents
        .filter((k) => consentState(k, now) === 'active' && coversRecipient(k, service))
        .map((k) => ({ id: k.id, categories: JSON.parse(k.categories) as TDataCategory[], expiresOn: k.expires_on, recipient: k.recipient_name ?? k.recipient_service_type ?? '' })),
      childProtectionBasis: view.treatedAsChild && cfg.childProtectionServiceTypes.includes(service.type as never),
      eligibility: eligibility(
        service,
        person,
        view,
        { regions: places },
        regions.map((r) => r.region_code),
        languages.map((l) => l.language),
      ),
    };
  },

  async create(p: Platform, trx: Tx, actor: Actor, caseId: string, input: z.output<typeof ZReferralCreate>): Promise<TReferral> {
    const { c, person, access } = await caseAccess(trx, actor, caseId);
    if (!policy.refer(actor, access)) throw AppError.forbidden();
    const service = await directoryService.row(trx, input.serviceId);
    if (!service) throw AppError.validation([{ path: 'serviceId', code: 'unknown_service' }]);
    if (service.active !== 1) throw AppError.validation([{ path: 'serviceId', code: 'service_inactive' }]);
    if (service.organisation_id === c.managing_org_id) throw AppError.validation([{ path: 'serviceId', code: 'same_organisation' }]);
    const now = nowIso();
    const categories = [...new Set(input.categories)];
    const view = presentPerson(p, person, FULL_ACCESS);
    const cfg = referralConfig();
    let legalBasis: 'consent' | 'child_protection' = 'consent';
    let consent: ConsentsTable | undefined;
    if (input.consentId) {
      consent = await repo.consent(trx, input.consentId);
      if (!consent || consent.case_id !== c.id) throw AppError.validation([{ path: 'consentId', code: 'consent_required' }]);
      if (consent.purpose !== 'sharing') throw AppError.validation([{ path: 'consentId', code: 'not_a_sharing_consent' }]);
      if (consentState(consent, now) !== 'active') throw AppError.validation([{ path: 'consentId', code: 'consent_not_active' }]);
      if (!coversRecipient(consent, service)) throw AppError.validation([{ path: 'consentId', code: 'consent_not_for_recipient' }]);
      const allowed = new Set(JSON.parse(consent.categories) as string[]);
      const uncovered = categories.map((cat, i) => ({ cat, i })).filter(({ cat }) => !allowed.has(cat));
      if (uncovered.length) throw AppError.validation(uncovered.map(({ i }) => ({ path: `categories.${i}`, code: 'category_not_consented' as const })));
    } else if (view.treatedAsChild && cfg.childProtectionServiceTypes.includes(service.type as never)) {
      // A child is referred to child protection without consent; the basis is recorded as such.
      legalBasis = 'child_protection';
    } else throw AppError.validation([{ path: 'consentId', code: 'consent_required' }]);
    // A restriction or objection of the person (law 09-08) stops new sharing, except the child-protection referral the law requires.
    await assertSharingAllowed(trx, c.person_id, 'referral', legalBasis);

    const id = newId();
    const w = responseWindow(input.urgency, now);
    await repo.insertReferral(trx, {
      id,
      case_id: c.id,
      from_org_id: actor.organisationId,
      from_user_id: actor.userId,
      service_id: service.id,
      to_org_id: service.organisation_id,
      urgency: input.urgency,
      reason_enc: p.keyring.encryptText(input.reason, aad('referrals', 'reason_enc', id)),
      message_enc: input.message ? p.keyring.encryptText(input.message, aad('referrals', 'message_enc', id)) : null,
      categories: JSON.stringify(categories),
      legal_basis: legalBasis,
      consent_id: consent?.id ?? null,
      status: 'sent',
      grant_id: null,
      holds_place: 0,
      respond_by: w.respondBy,
      expires_at: w.expiresAt,
      sent_at: now,
      responded_at: null,
      first_service_at: null,
      ended_at: null,
      followed_up_at: null,
      version: 1,
      updated_at: now,
    });
    // The case's first referral is in the commission's figures (time to referral).
    await refreshFacts(p, trx, { cases: [c.id] });
    await event(p, trx, actor, id, null, 'sent', 'send', null, null, now);
    await timelinesService.schedule(trx, { caseId: c.id, rule: RESPONSE_RULE, assigneeOrgId: service.organisation_id, dueAt: w.respondBy, remindAt: w.remindAt, subject: subjectOf(id) });
    await notify(trx, [{ organisationId: service.organisation_id, kind: 'referral_received', caseId: c.id }]);
    await recordAudit(p, trx, actor, {
      action: 'referral.create',
      entityType: 'referral',
      entityId: id,
      details: { caseId: c.id, serviceId: service.id, toOrganisationId: service.organisation_id, categories, legalBasis, urgency: input.urgency },
    });
    return referralsService.get(p, trx, actor, id, { audit: false });
  },

  async get(p: Platform, trx: Tx, actor: Actor, id: string, options: { audit?: boolean } = {}): Promise<TReferral> {
    if (!policy.readReferrals(actor)) throw AppError.forbidden();
    const r = await repo.visible(trx, actor.organisationId, id);
    if (!r) throw AppError.notFound();
    const [events, deliveries] = await Promise.all([repo.events(trx, [r.id]), repo.deliveries(trx, [r.id])]);
    const person = await trx.selectFrom('persons').selectAll().where('id', '=', r.person_id).executeTakeFirstOrThrow();
    // The profile a service needs to decide, with no category of personal data.
    const view = presentPerson(p, person, { level: 'grant', categories: new Set() });
    if (options.audit !== false) await auditRead(p, trx, actor, { action: 'referral.read', entityType: 'referral', entityId: r.id, details: { caseId: r.case_id } });
    return {
      ...summary(actor, r),
      reason: p.keyring.decryptText(r.reason_enc, aad('referrals', 'reason_enc', r.id)),
      message: r.message_enc ? p.keyring.decryptText(r.message_enc, aad('referrals', 'message_enc', r.id)) : null,
      profile: { sex: view.sex, ageGroup: view.ageGroup, treatedAsChild: view.treatedAsChild, languages: view.languages, interpreterNeeded: view.interpreterNeeded, nationalities: view.nationalities },
      deliveries: deliveries.map((d) => ({
        id: d.id,
        deliveredOn: d.delivered_on,
        endedOn: d.ended_on,
        units: d.units,
        unit: d.unit as TReferral['deliveries'][number]['unit'],
        outcome: d.outcome as TReferral['deliveries'][number]['outcome'],
        note: d.note_enc ? p.keyring.decryptText(d.note_enc, aad('service_deliveries', 'note_enc', d.id)) : null,
        recordedBy: d.display_name ?? '',
        organisation: d.org_name,
        createdAt: d.created_at,
      })),
      events: events.map((e) => ({
        fromStatus: e.from_status as TReferralStatus | null,
        toStatus: e.to_status as TReferralStatus,
        action: e.action,
        reasonCode: e.reason_code,
        note: e.note_enc ? p.keyring.decryptText(e.note_enc, aad('referral_events', 'note_enc', e.id)) : null,
        by: e.display_name ?? '',
        organisation: e.org_name ?? '',
        at: e.at,
      })),
    };
  },

  async list(p: Platform, trx: Tx, actor: Actor, query: z.output<typeof ZReferralQuery>) {
    if (!policy.readReferrals(actor)) throw AppError.forbidden();
    if (query.caseId) await caseAccess(trx, actor, query.caseId); // 404 when the case is not visible
    const statuses = query.status === 'open' ? OPEN : query.status === 'follow_up' ? ['declined', 'expired'] : query.status ? [query.status] : undefined;
    const rows = await repo.list(trx, actor.organisationId, { box: query.box, statuses, followUp: query.status === 'follow_up', caseId: query.caseId, limit: query.limit });
    if (rows.length) await auditRead(p, trx, actor, { action: 'referral.list', entityType: 'referral', details: { box: query.box, caseId: query.caseId ?? null, ids: rows.map((r) => r.id) } });
    return { items: rows.map((r) => summary(actor, r)) };
  },

  async transition(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZReferralTransition>): Promise<TReferral> {
    if (!policy.readReferrals(actor)) throw AppError.forbidden();
    const r = await repo.visible(trx, actor.organisationId, id);
    if (!r) throw AppError.notFound();
    const parties = policy.parties(actor, r);
    const status = r.status as TReferralStatus;
    const c = check(input.action, status, parties, { followedUp: !!r.followed_up_at, reasonCode: input.reasonCode });
    if (!c.ok && c.why === 'party') throw AppError.forbidden();
    if (r.version !== input.version) throw AppError.conflict(r.version);
    if (!c.ok && c.why === 'state') throw new AppError('CONFLICT', { reason: 'invalid_transition', status });
    if (!c.ok) throw AppError.validation([{ path: 'reasonCode', code: 'reason_code_required' }]);
    const now = nowIso();
    const action = input.action;
    if (action === 'acknowledge') {
      if (!(await repo.transition(trx, r.id, r.version, status, { followed_up_at: now, updated_at: now }))) throw await versionConflict(trx, 'referrals', r.id);
      await event(p, trx, actor, r.id, status, status, action, null, input.note, now);
    } else if (action === 'accept') {
      const place = await directoryRepository.takePlace(trx, r.service_id, now);
      if (place === 'full') throw new AppError('CONFLICT', { reason: 'no_capacity' });
      const holdsPlace = place === 'taken' ? 1 : 0;
      const consent = r.consent_id ? await repo.consent(trx, r.consent_id) : undefined;
      const grantId = newId();
      if (!(await repo.transition(trx, r.id, r.version, status, { status: 'accepted', responded_at: now, grant_id: grantId, holds_place: holdsPlace, updated_at: now }))) {
        throw await versionConflict(trx, 'referrals', r.id);
      }
      await repo.insertGrant(trx, {
        id: grantId,
        case_id: r.case_id,
        organisation_id: r.to_org_id,
        categories: r.categories,
        source: 'referral',
        source_id: r.id,
        reason: null,
        granted_by: actor.userId,
        // Access never outlives the consent it rests on.
        valid_until: consent?.expires_at ?? null,
        revoked_at: null,
        created_at: now,
      });
      await event(p, trx, actor, r.id, status, 'accepted', action, null, input.note, now);
      await timelinesService.completeSubject(trx, subjectOf(r.id), actor, 'done', RESPONSE_RULE);
      await recordAudit(p, trx, actor, {
        action: 'grant.create',
        entityType: 'case',
        entityId: r.case_id,
        details: { organisationId: r.to_org_id, categories: JSON.parse(r.categories) as string[], source: 'referral', referralId: r.id },
      });
    } else if (action === 'start') {
      if (!(await repo.transition(trx, r.id, r.version, status, { status: 'in_progress', updated_at: now }))) throw await versionConflict(trx, 'referrals', r.id);
      await event(p, trx, actor, r.id, status, 'in_progress', action, null, input.note, now);
    } else {
      // decline, complete, close, revoke: the referral ends.
      const ok = await endReferral(p, trx, actor, r, c.to, action, input.reasonCode ?? null, now, input.note, r.version);
      if (!ok) throw await versionConflict(trx, 'referrals', r.id);
    }
    const toNotify = parties.has('receiver') && !parties.has('sender') ? r.from_org_id : r.to_org_id;
    if (action !== 'acknowledge') await notify(trx, [{ organisationId: toNotify, kind: `referral_${c.to}` as 'referral_accepted', caseId: r.case_id }]);
    await recordAudit(p, trx, actor, { action: `referral.${action}`, entityType: 'referral', entityId: r.id, details: { caseId: r.case_id, from: status, to: c.to, reasonCode: input.reasonCode ?? null } });
    return referralsService.get(p, trx, actor, r.id, { audit: false });
  },

  async recordDelivery(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZDeliveryCreate>): Promise<TReferral> {
    if (!policy.readReferrals(actor)) throw AppError.forbidden();
    const r = await repo.visible(trx, actor.organisationId, id);
    if (!r) throw AppError.notFound();
    if (!policy.parties(actor, r).has('receiver')) throw AppError.forbidden();
    if (!(ACTIVE as readonly string[]).includes(r.status)) throw new AppError('CONFLICT', { reason: 'invalid_transition', status: r.status });
    const today = localDate(new Date(), p.config.timezone);
    const errors: FieldError[] = [];
    if (input.deliveredOn > today) errors.push({ path: 'deliveredOn', code: 'date_in_future' });
    if (input.deliveredOn < localDate(r.sent_at, p.config.timezone)) errors.push({ path: 'deliveredOn', code: 'date_out_of_range' });
    if (input.endedOn && input.endedOn < input.deliveredOn) errors.push({ path: 'endedOn', code: 'end_before_start' });
    if (errors.length) throw AppError.validation(errors);
    const now = nowIso();
    const deliveryId = newId();
    // The first delivery starts the service; the earliest delivery date is the "first service" date.
    const patch: Partial<ReferralsTable> = { updated_at: now };
    if (r.status === 'accepted') patch.status = 'in_progress';
    if (!r.first_service_at || input.deliveredOn < r.first_service_at) patch.first_service_at = input.deliveredOn;
    if (!(await repo.transition(trx, r.id, r.version, r.status as TReferralStatus, patch))) throw await versionConflict(trx, 'referrals', r.id);
    if (r.status === 'accepted') await event(p, trx, actor, r.id, 'accepted', 'in_progress', 'start', null, null, now);
    await repo.insertDelivery(trx, {
      id: deliveryId,
      referral_id: r.id,
      case_id: r.case_id,
      organisation_id: actor.organisationId,
      delivered_on: input.deliveredOn,
      ended_on: input.endedOn ?? null,
      units: input.units,
      unit: input.unit,
      outcome: input.outcome,
      note_enc: input.note ? p.keyring.encryptText(input.note, aad('service_deliveries', 'note_enc', deliveryId)) : null,
      recorded_by: actor.userId,
      created_at: now,
    });
    await refreshFacts(p, trx, { cases: [r.case_id] });
    await notify(trx, [{ organisationId: r.from_org_id, kind: 'referral_service_delivered', caseId: r.case_id }]);
    await recordAudit(p, trx, actor, { action: 'referral.delivery', entityType: 'referral', entityId: r.id, details: { caseId: r.case_id, unit: input.unit, units: input.units, outcome: input.outcome } });
    return referralsService.get(p, trx, actor, r.id, { audit: false });
  },

  /**
   * Referrals nobody answered in time expire and go back to the sender. Safe to run concurrently and
   * repeatedly: each referral is claimed by a conditional update; bounded batches, one transaction each.
   */
  async expireDue(p: Platform, now = nowIso(), batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await p.db.transaction().execute(async (trx) => {
        const due = await repo.dueForExpiry(trx, now, batch);
        const expired: typeof due = [];
        for (const r of due) {
          // Another run (or an answer) may have moved it meanwhile: only what this update claims is expired here.
          if (!(await repo.transition(trx, r.id, r.version, 'sent', { status: 'expired', ended_at: now, updated_at: now }))) continue;
          await event(p, trx, null, r.id, 'sent', 'expired', 'expire', null, null, now);
          await timelinesService.completeSubject(trx, subjectOf(r.id), null, 'cancelled', RESPONSE_RULE);
          expired.push(r);
        }
        const claimed = expired.length;
        await notify(trx, expired.map((r) => ({ organisationId: r.from_org_id, userId: r.from_user_id, kind: 'referral_expired' as const, caseId: r.case_id })));
        // One entry per referral, so each one's audit trail shows its expiry.
        if (claimed) await recordAudit(p, trx, null, expired.map((r) => ({ action: 'referral.expire', entityType: 'referral', entityId: r.id, details: { caseId: r.case_id } })));
        return due.length;
      });
      total += n;
      if (n < batch) break;
    }
    return total;
  },

  // ——— transfers ———

  async requestTransfer(p: Platform, trx: Tx, actor: Actor, caseId: string, input: z.output<typeof ZTransferCreate>): Promise<TTransfer> {
    const { c, access } = await caseAccess(trx, actor, caseId);
    if (!policy.transferRequest(actor, access)) throw AppError.forbidden();
    const org = await repo.organisation(trx, input.toOrganisationId);
    if (!org || org.active !== 1) throw AppError.validation([{ path: 'toOrganisationId', code: 'unknown_organisation' }]);
    if (org.id === c.managing_org_id) throw AppError.validation([{ path: 'toOrganisationId', code: 'same_organisation' }]);
    if (await repo.pendingTransfer(trx, c.id)) throw new AppError('CONFLICT', { reason: 'transfer_pending' });
    await assertSharingAllowed(trx, c.person_id, 'transfer');
    const id = newId();
    const now = nowIso();
    await repo.insertTransfer(trx, {
      id,
      case_id: c.id,
      from_org_id: c.managing_org_id,
      to_org_id: org.id,
      reason_enc: p.keyring.encryptText(input.reason, aad('case_transfers', 'reason_enc', id)),
      status: 'pending',
      requested_by: actor.userId,
      responded_by: null,
      responded_at: null,
      note_enc: null,
      version: 1,
      created_at: now,
    });
    await notify(trx, [{ organisationId: org.id, kind: 'transfer_requested', caseId: c.id }]);
    await recordAudit(p, trx, actor, { action: 'transfer.create', entityType: 'case', entityId: c.id, details: { transferId: id, toOrganisationId: org.id } });
    return (await referralsService.transfers(p, trx, actor, { id }))[0]!;
  },

  /** The transfers the caller's organisation sent or received (their reasons are read: audited). */
  async listTransfers(p: Platform, trx: Tx, actor: Actor, f: { box?: 'incoming' | 'outgoing'; caseId?: string }): Promise<TTransfer[]> {
    const items = await referralsService.transfers(p, trx, actor, f);
    if (items.length) await auditRead(p, trx, actor, { action: 'transfer.list', entityType: 'case', details: { ids: items.map((t) => t.id) } });
    return items;
  },

  async transfers(p: Platform, db: Db | Tx, actor: Actor, f: { box?: 'incoming' | 'outgoing'; caseId?: string; id?: string }): Promise<TTransfer[]> {
    if (!policy.readReferrals(actor)) throw AppError.forbidden();
    const rows = await repo.transfers(db, actor.organisationId, f);
    return rows.map((t) => {
      const actions: TTransfer['actions'] = [];
      if (t.status === 'pending' && policy.transferRespond(actor, t.to_org_id)) actions.push('accept', 'decline');
      if (t.status === 'pending' && policy.transferCancel(actor, t.from_org_id)) actions.push('cancel');
      return {
        id: t.id,
        caseId: t.case_id,
        caseReference: t.reference,
        fromOrganisation: { id: t.from_org_id, name: t.from_name },
        toOrganisation: { id: t.to_org_id, name: t.to_name },
        reason: p.keyring.decryptText(t.reason_enc, aad('case_transfers', 'reason_enc', t.id)),
        status: t.status as TTransfer['status'],
        requestedBy: t.requested_by_name ?? '',
        respondedBy: t.responded_by_name,
        respondedAt: t.responded_at,
        note: t.note_enc ? p.keyring.decryptText(t.note_enc, aad('case_transfers', 'note_enc', t.id)) : null,
        createdAt: t.created_at,
        version: t.version,
        actions,
      };
    });
  },

  async respondTransfer(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZTransferResponse>): Promise<TTransfer> {
    if (!policy.readReferrals(actor)) throw AppError.forbidden();
    const [t] = await repo.transfers(trx, actor.organisationId, { id });
    if (!t) throw AppError.notFound();
    const allowed = input.action === 'cancel' ? policy.transferCancel(actor, t.from_org_id) : policy.transferRespond(actor, t.to_org_id);
    if (!allowed) throw AppError.forbidden();
    if (t.version !== input.version) throw AppError.conflict(t.version);
    if (t.status !== 'pending') throw new AppError('CONFLICT', { reason: 'invalid_transition', status: t.status });
    const now = nowIso();
    const status = input.action === 'accept' ? 'accepted' : input.action === 'decline' ? 'declined' : 'cancelled';
    const ok = await repo.updateTransfer(trx, t.id, t.version, {
      status,
      responded_by: actor.userId,
      responded_at: now,
      note_enc: input.note ? p.keyring.encryptText(input.note, aad('case_transfers', 'note_enc', t.id)) : null,
    });
    if (!ok) throw await versionConflict(trx, 'case_transfers', t.id);
    if (input.action === 'accept' && !(await repo.moveCase(trx, t.case_id, t.from_org_id, t.to_org_id, now, actor.userId))) {
      // The case changed hands in the meantime: nothing is written.
      throw new AppError('CONFLICT', { reason: 'invalid_transition', status: 'moved' });
    }
    // The managing organisation counts the case when no identifying one is recorded.
    if (input.action === 'accept') await refreshFacts(p, trx, { cases: [t.case_id] });
    if (input.action !== 'cancel') await notify(trx, [{ organisationId: t.from_org_id, kind: `transfer_${status}` as 'transfer_accepted', caseId: t.case_id }]);
    await recordAudit(p, trx, actor, { action: `transfer.${input.action}`, entityType: 'case', entityId: t.case_id, details: { transferId: t.id, from: t.from_org_id, to: t.to_org_id } });
    return (await referralsService.transfers(p, trx, actor, { id }))[0]!;
  },
};

function presentConsent(p: Platform, k: ConsentRow, now: string): TConsent {
  const d = p.keyring.decryptJson<ConsentDetails>(k.details_enc, aad('consents', 'details_enc', k.id));
  return {
    id: k.id,
    caseId: k.case_id,
    purpose: k.purpose as TConsent['purpose'],
    recipientOrganisation: k.recipient_org_id ? { id: k.recipient_org_id, name: k.recipient_name ?? '' } : null,
    recipientServiceType: k.recipient_service_type as TConsent['recipientServiceType'],
    categories: JSON.parse(k.categories) as TDataCategory[],
    method: k.method as TConsent['method'],
    interpreterUsed: k.interpreter_used === 1,
    language: k.language,
    givenBy: k.given_by as TConsent['givenBy'],
    guardianName: d.guardianName,
    childView: d.childView,
    givenOn: k.given_on,
    expiresOn: k.expires_on,
    notes: d.notes,
    state: consentState(k, now),
    withdrawnAt: k.withdrawn_at,
    withdrawalReason: k.withdrawal_enc ? p.keyring.decryptText(k.withdrawal_enc, aad('consents', 'withdrawal_enc', k.id)) : null,
    recordedBy: k.recorded_by_name ?? '',
    organisation: { id: k.organisation_id, name: k.org_name },
    createdAt: k.created_at,
    version: k.version,
  };
}

function summary(actor: Actor, r: ReferralRow): Omit<TReferral, 'deliveries' | 'events' | 'reason' | 'message' | 'profile'> {
  const parties = policy.parties(actor, r);
  const status = r.status as TReferralStatus;
  return {
    id: r.id,
    caseId: r.case_id,
    caseReference: r.reference,
    pseudonym: r.pseudonym,
    fromOrganisation: { id: r.from_org_id, name: r.from_name },
    fromUser: r.from_user_name ?? '',
    toOrganisation: { id: r.to_org_id, name: r.to_name },
    service: { id: r.service_id, name: r.service_name, type: r.service_type as TReferral['service']['type'] },
    urgency: r.urgency as TReferral['urgency'],
    categories: JSON.parse(r.categories) as TDataCategory[],
    legalBasis: r.legal_basis as TReferral['legalBasis'],
    consentId: r.consent_id,
    status,
    respondBy: r.respond_by,
    expiresAt: r.expires_at,
    sentAt: r.sent_at,
    respondedAt: r.responded_at,
    firstServiceAt: r.first_service_at,
    endedAt: r.ended_at,
    needsFollowUp: (status === 'declined' || status === 'expired') && !r.followed_up_at,
    version: r.version,
    actions: allowedActions(status, parties, !!r.followed_up_at),
    canRecordDelivery: parties.has('receiver') && (ACTIVE as readonly string[]).includes(status),
  };
}

async function event(p: Platform, trx: Tx, actor: Actor | null, referralId: string, from: TReferralStatus | null, to: TReferralStatus, action: string, reasonCode: string | null, note: string | null | undefined, at: string) {
  const id = newId();
  await repo.insertEvent(trx, {
    id,
    referral_id: referralId,
    from_status: from,
    to_status: to,
    action,
    reason_code: reasonCode,
    note_enc: note ? p.keyring.encryptText(note, aad('referral_events', 'note_enc', id)) : null,
    actor_user_id: actor && !actor.system ? actor.userId : null,
    actor_org_id: actor && !actor.system ? actor.organisationId : null,
    at,
  });
}

/**
 * Ends a referral: the state change, the receiving organisation's grant revoked, a held place given back,
 * the response deadline closed. Returns false (writing nothing) when the referral changed meanwhile.
 */
async function endReferral(
  p: Platform,
  trx: Tx,
  actor: Actor,
  r: Pick<ReferralsTable, 'id' | 'case_id' | 'status' | 'version' | 'grant_id' | 'holds_place' | 'service_id' | 'to_org_id'>,
  to: TReferralStatus,
  action: TReferralAction,
  reasonCode: string | null,
  now: string,
  note?: string,
  version = r.version,
): Promise<boolean> {
  const from = r.status as TReferralStatus;
  const ok = await repo.transition(trx, r.id, version, from, { status: to, ended_at: now, holds_place: 0, updated_at: now, ...(from === 'sent' ? { responded_at: now } : {}) });
  if (!ok) return false;
  await event(p, trx, actor, r.id, from, to, action, reasonCode, note, now);
  if (r.grant_id) {
    await repo.revokeGrant(trx, r.grant_id, now);
    await recordAudit(p, trx, actor, { action: 'grant.revoke', entityType: 'case', entityId: r.case_id, details: { organisationId: r.to_org_id, source: 'referral', referralId: r.id, reason: reasonCode ?? action } });
  }
  if (r.holds_place === 1) await directoryRepository.releasePlace(trx, r.service_id, now);
  if (from === 'sent') await timelinesService.completeSubject(trx, subjectOf(r.id), actor, 'cancelled', RESPONSE_RULE);
  return true;
}

