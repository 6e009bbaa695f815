/**
 * The recommendations register: the secretariat records what a commission meeting, study day or workshop
 * adopted (in French and Arabic), to whom it is addressed, and follows its status over time (every change
 * with its note is kept). Addressed organisations see their recommendations. Optimistic concurrency on
 * every update; every write audited.
 */
import type { z } from 'zod';
import { ZRecommendationCreate, ZRecommendationUpdate, type TRecommendation, type ZReportTransition } from '../../../contract/actionplan';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { RecommendationsTable } from '../../platform/db/schema';
import { AppError, type FieldError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { recordAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { localDate } from '../timelines/calendar';
import { actionplanPolicy as policy } from './actionplan.policy';
import { actionplanRepository as repo, planRepository } from './actionplan.repository';
import { plansService } from './actionplan.plans';

/** The secretariat sees every recommendation; others only those addressed to their organisation. */
const scope = (actor: Actor) => (policy.manage(actor) ? null : actor.organisationId);

async function checkOrganisations(trx: Tx, ids: string[]): Promise<void> {
  const found = new Map((await repo.organisations(trx, ids)).map((o) => [o.id, o]));
  const errors: FieldError[] = ids.flatMap((id, i) => (found.get(id)?.active === 1 ? [] : [{ path: `addressedTo.${i}`, code: 'unknown_organisation' as const }]));
  if (errors.length) throw AppError.validation(errors);
}

async function present(trx: Tx, actor: Actor, rows: RecommendationsTable[]): Promise<TRecommendation[]> {
  const orgIds = [...new Set(rows.flatMap((r) => JSON.parse(r.addressed_to) as string[]))];
  const names = new Map((await repo.organisations(trx, orgIds)).map((o) => [o.id, o.name]));
  const followUps = await repo.followUps(trx, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    sourceType: r.source_type as TRecommendation['sourceType'],
    sourceEvent: r.source_event,
    adoptedOn: r.adopted_on,
    textFr: r.text_fr,
    textAr: r.text_ar,
    addressedTo: (JSON.parse(r.addressed_to) as string[]).map((id) => ({ id, name: names.get(id) ?? '' })),
    linkedActions: JSON.parse(r.linked_actions) as string[],
    status: r.status as TRecommendation['status'],
    version: r.version,
    followUps: followUps
      .filter((f) => f.recommendation_id === r.id)
      .map((f) => ({ fromStatus: f.from_status as TRecommendation['status'] | null, toStatus: f.to_status as TRecommendation['status'], note: f.note, by: f.display_name ?? '', at: f.at })),
    canEdit: policy.manage(actor),
    updatedAt: r.updated_at,
  }));
}

export const actionplanService = {
  async list(trx: Tx, actor: Actor, status?: string): Promise<TRecommendation[]> {
    return present(trx, actor, await repo.list(trx, scope(actor), status));
  },

  async get(trx: Tx, actor: Actor, id: string): Promise<TRecommendation> {
    const row = await repo.byId(trx, scope(actor), id);
    if (!row) throw AppError.notFound();
    return (await present(trx, actor, [row]))[0]!;
  },

  async create(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZRecommendationCreate>): Promise<TRecommendation> {
    if (!policy.manage(actor)) throw AppError.forbidden();
    if (input.adoptedOn > localDate(new Date(), p.config.timezone)) throw AppError.validation([{ path: 'adoptedOn', code: 'date_in_future' }]);
    const addressed = [...new Set(input.addressedTo)];
    await checkOrganisations(trx, addressed);
    const now = nowIso();
    const row: RecommendationsTable = {
      id: newId(),
      reference: await repo.nextReference(trx, Number(input.adoptedOn.slice(0, 4))),
      source_type: input.sourceType,
      source_event: input.sourceEvent,
      adopted_on: input.adoptedOn,
      text_fr: input.textFr,
      text_ar: input.textAr,
      addressed_to: JSON.stringify(addressed),
      linked_actions: '[]',
      status: 'adopted',
      version: 1,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    await repo.addFollowUp(trx, { id: newId(), recommendation_id: row.id, from_status: null, to_status: 'adopted', note: null, changed_by: actor.userId, at: now });
    await recordAudit(p, trx, actor, { action: 'recommendation.create', entityType: 'recommendation', entityId: row.id, details: { reference: row.reference, addressedTo: addressed } });
    return (await present(trx, actor, [row]))[0]!;
  },

  async update(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZRecommendationUpdate>): Promise<TRecommendation> {
    const row = await repo.byId(trx, scope(actor), id);
    if (!row) throw AppError.notFound();
    if (!policy.manage(actor)) throw AppError.forbidden();
    if (input.version !== row.version) throw AppError.conflict(row.version);
    const patch: Partial<RecommendationsTable> = { updated_at: nowIso() };
    const changed: string[] = [];
    if (input.textFr !== undefined && input.textFr !== row.text_fr) { patch.text_fr = input.textFr; changed.push('textFr'); }
    if (input.textAr !== undefined && input.textAr !== row.text_ar) { patch.text_ar = input.textAr; changed.push('textAr'); }
    if (input.addressedTo) {
      const addressed = [...new Set(input.addressedTo)];
      await checkOrganisations(trx, addressed);
      patch.addressed_to = JSON.stringify(addressed);
      changed.push('addressedTo');
    }
    if (input.linkedActions) {
      const linked = [...new Set(input.linkedActions)];
      const found = new Set((await planRepository.actionsByIds(trx, linked)).map((a) => a.id));
      const errors: FieldError[] = linked.flatMap((x, i) => (found.has(x) ? [] : [{ path: `linkedActions.${i}`, code: 'unknown_action' as const }]));
      if (errors.length) throw AppError.validation(errors);
      patch.linked_actions = JSON.stringify(linked);
      changed.push('linkedActions');
    }
    const statusChanged = input.status !== undefined && input.status !== row.status;
    if (statusChanged) { patch.status = input.status; changed.push('status'); }
    if (!(await repo.update(trx, id, row.version, patch))) throw await versionConflict(trx, 'recommendations', id);
    if (statusChanged || input.note) {
      await repo.addFollowUp(trx, { id: newId(), recommendation_id: id, from_status: row.status, to_status: input.status ?? row.status, note: input.note ?? null, changed_by: actor.userId, at: patch.updated_at! });
    }
    await recordAudit(p, trx, actor, { action: 'recommendation.update', entityType: 'recommendation', entityId: id, details: { changed, ...(statusChanged ? { from: row.status, to: input.status } : {}) } });
    return actionplanService.get(trx, actor, id);
  },

  /** The annual report's action-plan figures (see `plansService.progressSummary`). */
  progressSummary: (trx: Tx, year: number) => plansService.progressSummary(trx, year),
  /** The same for the commission's dashboard (the secretariat only). */
  async summaryFor(trx: Tx, actor: Actor, year: number) {
    if (!policy.manage(actor)) throw AppError.forbidden();
    return plansService.progressSummary(trx, year);
  },
  /** Checked before an import's body is read (importPlan checks it again). */
  authorizeImport(actor: Actor): void {
    if (!policy.manage(actor)) throw AppError.forbidden();
  },

  /** A report's submission, validation or return; submitting completes the reporting task of that (action, period). */
  transitionReport(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZReportTransition>) {
    return plansService.transition(p, trx, actor, id, input);
  },
};
