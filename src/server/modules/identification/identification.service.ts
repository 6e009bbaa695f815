/**
 * Identification status, decided by the competent authority (configurable organisation types; in Morocco
 * the public prosecution) — separate from screening. The managing organisation asks for a decision, which
 * gives the authority access to the case and starts the decision deadline. A negative decision takes
 * effect only after a second reviewer of the deciding organisation confirms it. The referring organisation
 * always sees the status and may ask for reconsideration. Anonymous notifications count adults who do not
 * consent to a referral, without identifying data.
 */
import { z } from 'zod';
import type { TIdentificationState } from '../../../contract/identification';
import { ZAnonymousNotificationCreate, ZDecision, ZDecisionCreate, ZDecisionReview, ZIdentificationRequest, ZReconsiderationRequest } from '../../../contract/identification';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { CasesTable } from '../../platform/db/schema';
import type { Access } from '../../platform/access';
import { AppError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { auditRead, recordAudit } from '../../platform/audit';
import { recordHistory } from '../../platform/history';
import { newId, nowIso } from '../../platform/ids';
import { caseAccess } from '../cases/cases.service';
import { presentPerson, protectionFlags } from '../persons/persons.service';
import { disclose, FULL_ACCESS, mayDisclose } from '../../platform/access';
import { COUNTRY_CODES, REGION_CODES } from '../reference/reference.service';
import { identificationConfig } from '../timelines/timelines.config';
import { timelinesService } from '../timelines/timelines.service';
import { notify } from '../timelines/notifications';
import { identificationPolicy as policy } from './identification.policy';
import { localDate } from '../timelines/calendar';
import { identificationRepository as repo } from './identification.repository';
import { refreshFacts } from '../statistics/statistics.facts';

const aad = (column: string, id: string) => `identification_decisions.${column}:${id}`;

async function actorOrgType(trx: Tx, actor: Actor): Promise<string> {
  return (await repo.organisation(trx, actor.organisationId))?.type ?? '';
}

/** A stale identification version gets 409 before anything else is checked: the state it was read in is gone. */
function checkVersion(c: CasesTable, version: number) {
  if (version !== c.identification_version) throw AppError.conflict(c.identification_version);
}

async function bumpOrConflict(trx: Tx, c: CasesTable, version: number, patch: Record<string, unknown>) {
  checkVersion(c, version);
  if (!(await repo.bump(trx, c.id, version, patch))) throw await versionConflict(trx, 'cases', c.id, 'identification_version');
}

/**
 * Claims the case's identification version before reading the decisions it depends on: on PostgreSQL a concurrent
 * edit committed between reading the case and reading its decisions would otherwise answer 400 on a state this
 * request never saw, where the honest answer is 409 (the loser waits on the row lock, then matches no row).
 */
async function claim(trx: Tx, c: CasesTable, version: number, now: string) {
  await bumpOrConflict(trx, c, version, { updated_at: now });
}

async function finalise(p: Platform, trx: Tx, actor: Actor, c: CasesTable, decisionId: string, status: string) {
  await trx
    .updateTable('identification_decisions')
    .set({ state: 'superseded' })
    .where('case_id', '=', c.id)
    .where('state', '=', 'final')
    .where('id', '!=', decisionId)
    .execute();
  await timelinesService.completeRule(trx, c.id, 'identification_decision', actor);
  await notify(trx, [{ organisationId: c.managing_org_id, userId: c.assigned_user_id, kind: 'identification_decided', caseId: c.id }]);
  await recordHistory(p, trx, actor, {
    entityType: 'case',
    entityId: c.id,
    caseId: c.id,
    version: c.version,
    action: 'identification',
    changes: { identificationStatus: { from: c.identification_status, to: status } },
  });
}

export const identificationService = {
  async state(p: Platform, trx: Tx, actor: Actor, caseId: string): Promise<TIdentificationState> {
    const { c, access } = await caseAccess(trx, actor, caseId);
    const result = await identificationService.present(p, trx, actor, c, access);
    await auditRead(p, trx, actor, { action: 'identification.read', entityType: 'case', entityId: caseId });
    return result;
  },

  async present(p: Platform, trx: Tx, actor: Actor, c: CasesTable, access: Access): Promise<TIdentificationState> {
    const cfg = identificationConfig();
    const decisions = await repo.decisions(trx, c.id);
    const orgType = await actorOrgType(trx, actor);
    const canDecide =
      policy.decide(actor, orgType, cfg.decidingOrganisationTypes) && (!c.identification_requested_from || c.identification_requested_from === actor.organisationId);
    const pending = decisions.find((d) => d.state === 'pending_review');
    const lastFinal = decisions.find((d) => d.state === 'final');
    const requestedFrom = c.identification_requested_from ? await repo.organisation(trx, c.identification_requested_from) : undefined;
    return {
      caseId: c.id,
      status: c.identification_status as TIdentificationState['status'],
      identificationVersion: c.identification_version,
      requestedFrom: requestedFrom ? { id: requestedFrom.id, name: requestedFrom.name } : null,
      requestedAt: c.identification_requested_at,
      reconsiderationRequested: c.reconsideration_requested === 1,
      decisions: decisions.map((d) => {
        // Reasons and who decided are for the managing organisation and the authority that decided (contract marks).
        const own = d.deciding_org_id === actor.organisationId ? FULL_ACCESS : access;
        const full = mayDisclose(own, 'manager');
        return disclose(ZDecision, own, {
          id: d.id,
          status: d.status as 'identified' | 'not_victim' | 'withdrawn',
          state: d.state as 'pending_review' | 'final' | 'rejected_by_reviewer' | 'superseded',
          ...(full ? { reasons: p.keyring.decryptText(d.reasons_enc, aad('reasons_enc', d.id)) } : {}),
          evidence: JSON.parse(d.evidence) as string[],
          decidingOrganisation: d.org_name,
          decidedBy: d.decided_by_name ?? '',
          reviewedBy: d.reviewed_by_name ?? null,
          ...(full ? { reviewComment: d.review_comment_enc ? p.keyring.decryptText(d.review_comment_enc, aad('review_comment_enc', d.id)) : null } : {}),
          ...(full ? { reconsiderationGrounds: d.reconsideration_enc ? p.keyring.decryptText(d.reconsideration_enc, aad('reconsideration_enc', d.id)) : null } : {}),
          createdAt: d.created_at,
          reviewedAt: d.reviewed_at,
        });
      }),
      abilities: {
        request: policy.request(actor, access) && c.identification_status === 'presumed' && !c.identification_requested_from,
        decide: canDecide && !pending && (c.identification_status === 'presumed' || c.reconsideration_requested === 1),
        review: canDecide && !!pending && pending.deciding_org_id === actor.organisationId && pending.decided_by !== actor.userId,
        requestReconsideration:
          policy.requestReconsideration(actor, access) && !!lastFinal && lastFinal.status !== 'identified' && c.reconsideration_requested === 0,
      },
    };
  },

  async request(p: Platform, trx: Tx, actor: Actor, caseId: string, input: z.output<typeof ZIdentificationRequest>): Promise<TIdentificationState> {
    const { c, person, access } = await caseAccess(trx, actor, caseId);
    if (!policy.request(actor, access)) throw AppError.forbidden();
    checkVersion(c, input.identificationVersion);
    const cfg = identificationConfig();
    const org = await repo.organisation(trx, input.decidingOrganisationId);
    if (!org || org.active !== 1 || !cfg.decidingOrganisationTypes.includes(org.type)) {
      throw AppError.validation([{ path: 'decidingOrganisationId', code: 'not_a_deciding_organisation' }]);
    }
    const now = nowIso();
    await bumpOrConflict(trx, c, input.identificationVersion, {
      identification_requested_from: org.id,
      identification_requested_at: now,
      stage: 'identification_decision',
      updated_at: now,
    });
    await trx
      .insertInto('case_grants')
      .values({
        id: newId(),
        case_id: c.id,
        organisation_id: org.id,
        categories: JSON.stringify(cfg.grantCategoriesForDecision),
        source: 'identification_request',
        source_id: null,
        reason: input.message ?? null,
        granted_by: actor.userId,
        valid_until: null,
        revoked_at: null,
        created_at: now,
      })
      .execute();
    await timelinesService.startTrigger(trx, 'identification_requested', c, { ...protectionFlags(presentPerson(p, person, FULL_ACCESS)), decidingOrgId: org.id, at: now });
    await notify(trx, [{ organisationId: org.id, kind: 'identification_requested', caseId: c.id }]);
    await recordAudit(p, trx, actor, [
      { action: 'identification.request', entityType: 'case', entityId: c.id, details: { decidingOrganisationId: org.id } },
      { action: 'grant.create', entityType: 'case', entityId: c.id, details: { organisationId: org.id, categories: cfg.grantCategoriesForDecision, source: 'identification_request' } },
    ]);
    return identificationService.state(p, trx, actor, caseId);
  },

  async decide(p: Platform, trx: Tx, actor: Actor, caseId: string, input: z.output<typeof ZDecisionCreate>): Promise<TIdentificationState> {
    const { c } = await caseAccess(trx, actor, caseId);
    const cfg = identificationConfig();
    if (!policy.decide(actor, await actorOrgType(trx, actor), cfg.decidingOrganisationTypes)) throw AppError.forbidden();
    // Only the authority the case was sent to decides (another office may see the case for other reasons).
    if (c.identification_requested_from && c.identification_requested_from !== actor.organisationId) throw AppError.forbidden();
    const now = nowIso();
    await claim(trx, c, input.identificationVersion, now);
    if (await repo.pending(trx, c.id)) throw AppError.validation([{ path: 'status', code: 'decision_pending_review' }]);
    // A decision stands until the referring organisation asks for reconsideration.
    if (c.identification_status !== 'presumed' && c.reconsideration_requested !== 1) throw new AppError('CONFLICT', { reason: 'already_decided' });
    const needsReview = input.status === 'not_victim' && cfg.negativeDecisionNeedsSecondReviewer;
    if (!needsReview) {
      await repo.patchCase(trx, c.id, { identification_status: input.status, reconsideration_requested: 0 });
      await refreshFacts(p, trx, { cases: [c.id] });
    }
    const id = newId();
    await repo.insertDecision(trx, {
      id,
      case_id: c.id,
      status: input.status,
      state: needsReview ? 'pending_review' : 'final',
      reasons_enc: p.keyring.encryptText(input.reasons, aad('reasons_enc', id)),
      evidence: JSON.stringify(input.evidence),
      deciding_org_id: actor.organisationId,
      decided_by: actor.userId,
      reviewed_by: null,
      review_comment_enc: null,
      reviewed_at: null,
      reconsideration_enc: null,
      created_at: now,
    });
    if (needsReview) await notify(trx, [{ organisationId: actor.organisationId, kind: 'decision_review_requested', caseId: c.id }]);
    else await finalise(p, trx, actor, c, id, input.status);
    await recordAudit(p, trx, actor, { action: 'identification.decide', entityType: 'case', entityId: c.id, details: { status: input.status, state: needsReview ? 'pending_review' : 'final' } });
    return identificationService.state(p, trx, actor, caseId);
  },

  async review(p: Platform, trx: Tx, actor: Actor, caseId: string, input: z.output<typeof ZDecisionReview>): Promise<TIdentificationState> {
    const { c } = await caseAccess(trx, actor, caseId);
    const cfg = identificationConfig();
    if (!policy.decide(actor, await actorOrgType(trx, actor), cfg.decidingOrganisationTypes)) throw AppError.forbidden();
    const now = nowIso();
    await claim(trx, c, input.identificationVersion, now);
    const pending = await repo.pending(trx, c.id);
    if (!pending || pending.deciding_org_id !== actor.organisationId) throw AppError.validation([{ path: 'confirm', code: 'decision_not_pending' }]);
    if (pending.decided_by === actor.userId) throw AppError.validation([{ path: 'confirm', code: 'same_reviewer' }]);
    if (input.confirm) {
      await repo.patchCase(trx, c.id, { identification_status: pending.status, reconsideration_requested: 0 });
      await refreshFacts(p, trx, { cases: [c.id] });
    }
    await trx
      .updateTable('identification_decisions')
      .set({
        state: input.confirm ? 'final' : 'rejected_by_reviewer',
        reviewed_by: actor.userId,
        reviewed_at: now,
        review_comment_enc: input.comment ? p.keyring.encryptText(input.comment, aad('review_comment_enc', pending.id)) : null,
      })
      .where('id', '=', pending.id)
      .execute();
    if (input.confirm) await finalise(p, trx, actor, c, pending.id, pending.status);
    await recordAudit(p, trx, actor, { action: 'identification.review', entityType: 'case', entityId: c.id, details: { confirmed: input.confirm } });
    return identificationService.state(p, trx, actor, caseId);
  },

  async requestReconsideration(p: Platform, trx: Tx, actor: Actor, caseId: string, input: z.output<typeof ZReconsiderationRequest>): Promise<TIdentificationState> {
    const { c, person, access } = await caseAccess(trx, actor, caseId);
    if (!policy.requestReconsideration(actor, access)) throw AppError.forbidden();
    checkVersion(c, input.identificationVersion);
    const last = await repo.lastFinal(trx, c.id);
    if (!last || last.status === 'identified' || c.reconsideration_requested === 1) throw AppError.validation([{ path: 'grounds', code: 'no_final_decision' }]);
    const now = nowIso();
    await bumpOrConflict(trx, c, input.identificationVersion, { reconsideration_requested: 1, updated_at: now });
    await trx.updateTable('identification_decisions').set({ reconsideration_enc: p.keyring.encryptText(input.grounds, aad('reconsideration_enc', last.id)) }).where('id', '=', last.id).execute();
    await timelinesService.startTrigger(trx, 'identification_requested', c, { ...protectionFlags(presentPerson(p, person, FULL_ACCESS)), decidingOrgId: last.deciding_org_id, at: now });
    await notify(trx, [{ organisationId: last.deciding_org_id, kind: 'reconsideration_requested', caseId: c.id }]);
    await recordAudit(p, trx, actor, { action: 'identification.reconsideration_request', entityType: 'case', entityId: c.id });
    return identificationService.state(p, trx, actor, caseId);
  },

  async notifyAnonymously(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZAnonymousNotificationCreate>) {
    if (!policy.notifyAnonymously(actor)) throw AppError.forbidden();
    const errors = [];
    if (input.nationality && !COUNTRY_CODES.has(input.nationality)) errors.push({ path: 'nationality', code: 'unknown_country' as const });
    if (input.regionCode && !REGION_CODES.has(input.regionCode)) errors.push({ path: 'regionCode', code: 'unknown_region' as const });
    if (input.identifiedOn > localDate(new Date(), p.config.timezone)) errors.push({ path: 'identifiedOn', code: 'date_in_future' as const });
    if (errors.length) throw AppError.validation(errors);
    const row = {
      id: newId(),
      organisation_id: actor.organisationId,
      created_by: actor.userId,
      sex: input.sex,
      age_group: input.ageGroup,
      nationality: input.nationality ?? null,
      exploitation_forms: JSON.stringify(input.exploitationForms),
      region_code: input.regionCode ?? null,
      identified_on: input.identifiedOn,
      identification_channel: input.identificationChannel,
      created_at: nowIso(),
    };
    await trx.insertInto('anonymous_notifications').values(row).execute();
    await refreshFacts(p, trx, { anonymous: [row.id] });
    await recordAudit(p, trx, actor, { action: 'anonymous_notification.create', entityType: 'anonymous_notification', entityId: row.id });
    const org = await repo.organisation(trx, actor.organisationId);
    return { ...input, id: row.id, organisation: org?.name ?? '', createdAt: row.created_at };
  },

  async listAnonymous(trx: Tx, actor: Actor) {
    if (!policy.notifyAnonymously(actor)) throw AppError.forbidden();
    const rows = await trx
      .selectFrom('anonymous_notifications as a')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .selectAll('a')
      .select('o.name as org_name')
      .where('a.organisation_id', '=', actor.organisationId)
      .orderBy('a.created_at', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      sex: r.sex as 'female',
      ageGroup: r.age_group as 'adult',
      ...(r.nationality ? { nationality: r.nationality } : {}),
      exploitationForms: JSON.parse(r.exploitation_forms) as string[],
      ...(r.region_code ? { regionCode: r.region_code } : {}),
      identifiedOn: r.identified_on,
      identificationChannel: r.identification_channel,
      organisation: r.org_name,
      createdAt: r.created_at,
    }));
  },
};
