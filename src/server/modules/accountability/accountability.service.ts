/**
 * Accountability (law 09-08):
 * - The register of processing activities, produced on request from the installation's own configuration: the
 *   purposes and legal bases of data/config/processing.json, the retention rules of data/config/retention.json,
 *   the recipients' organisation types with how many the directory holds, and the security measures with the
 *   values the platform runs with (keyring, session limits, sign-in throttle, disclosure control, audit chain).
 *   So the register cannot drift from what the system does. Read as JSON, or downloaded for the CNDP.
 * - The breach log: each breach with its timeline (detected, occurred, CNDP notified, persons informed, closed),
 *   the notification deadline (detected + `notifyWithinHours`) and whether it was missed. Free text encrypted.
 * Every read and change is audited; neither holds anything about a victim.
 */
import type { z } from 'zod';
import type { TLanguage } from '../../../contract/auth';
import { MFA_REQUIRED_ROLES } from '../../../contract/common';
import type { TBreach, TBreachList, TProcessingRegister, ZBreachCreate, ZBreachUpdate } from '../../../contract/accountability';
import statisticsConfig from '../../../../data/config/statistics.json';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { BreachesTable } from '../../platform/db/schema';
import { auditRead, recordAudit } from '../../platform/audit';
import { versionConflict } from '../../platform/concurrency';
import { AppError, type FieldError } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { retentionConfig } from '../retention/retention.config';
import { processingConfig } from './accountability.config';
import { accountabilityPolicy as policy } from './accountability.policy';
import { accountabilityRepository as repo, type BreachRow } from './accountability.repository';

type Input<T extends z.ZodType> = z.output<T>;

const aad = (column: string, id: string) => `breaches.${column}:${id}`;
const utc = (instant: string) => new Date(instant).toISOString();
const HOUR = 3_600_000;

function present(p: Platform, r: BreachRow): TBreach {
  const dec = (column: keyof BreachesTable, value: string | null) => (value ? p.keyring.decryptText(value, aad(column, r.id)) : null);
  const due = new Date(new Date(r.detected_at).getTime() + processingConfig().breachNotification.notifyWithinHours * HOUR).toISOString();
  return {
    id: r.id,
    reference: r.reference,
    detectedAt: r.detected_at,
    occurredFrom: r.occurred_from,
    occurredTo: r.occurred_to,
    natures: JSON.parse(r.natures) as TBreach['natures'],
    categories: JSON.parse(r.categories) as TBreach['categories'],
    personsAffected: r.persons_affected === null ? null : Number(r.persons_affected),
    description: dec('description_enc', r.description_enc)!,
    consequences: dec('consequences_enc', r.consequences_enc),
    measures: dec('measures_enc', r.measures_enc),
    notificationDueAt: due,
    notificationOverdue: !r.cndp_notified_at && !r.closed_at && nowIso() > due,
    notifiedLate: !!r.cndp_notified_at && r.cndp_notified_at > due,
    cndpNotifiedAt: r.cndp_notified_at,
    personsInformedAt: r.persons_informed_at,
    personsNotInformedReason: dec('persons_not_informed_reason_enc', r.persons_not_informed_reason_enc),
    status: r.closed_at ? 'closed' : 'open',
    closedAt: r.closed_at,
    recordedBy: r.recorded_by_name ?? '',
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

/** The timeline must read forwards and never reach past now. */
function checkTimeline(t: { detectedAt: string; occurredFrom: string | null; occurredTo: string | null; cndpNotifiedAt: string | null; personsInformedAt: string | null }): FieldError[] {
  const now = nowIso();
  const errors: FieldError[] = [];
  if (t.detectedAt > now) errors.push({ path: 'detectedAt', code: 'date_in_future' });
  if (t.occurredFrom && t.occurredTo && t.occurredTo < t.occurredFrom) errors.push({ path: 'occurredTo', code: 'end_before_start' });
  if (t.occurredFrom && t.occurredFrom > t.detectedAt.slice(0, 10)) errors.push({ path: 'occurredFrom', code: 'date_out_of_range' });
  for (const [path, v] of [['cndpNotifiedAt', t.cndpNotifiedAt], ['personsInformedAt', t.personsInformedAt]] as const) {
    if (v && v > now) errors.push({ path, code: 'date_in_future' });
    else if (v && v < t.detectedAt) errors.push({ path, code: 'date_out_of_range' });
  }
  return errors;
}

async function breachOf(trx: Tx, id: string): Promise<BreachRow> {
  const [r] = await repo.breaches(trx, id);
  if (!r) throw AppError.notFound();
  return r;
}

export const accountabilityService = {
  async register(p: Platform, trx: Tx, actor: Actor, lang: TLanguage = actor.language as TLanguage): Promise<TProcessingRegister> {
    if (!policy.read(actor)) throw AppError.forbidden();
    const cfg = processingConfig();
    const rules = new Map(retentionConfig().rules.map((r) => [r.kind, r]));
    const orgs = await repo.organisationsByType(trx);
    const register: TProcessingRegister = {
      generatedAt: nowIso(),
      language: lang,
      notes: cfg.notes,
      controller: { name: cfg.controller.name[lang], dpoContact: cfg.controller.dpoContact },
      activities: cfg.activities.map((a) => ({
        id: a.id,
        name: a.name[lang],
        purpose: a.purpose[lang],
        legalBasis: a.legalBasis[lang],
        subjects: a.subjects,
        categories: a.categories,
        sensitive: a.sensitive,
        recipients: a.recipients.map((type) => ({ type, organisations: orgs.get(type) ?? 0 })),
        retention: a.retention.flatMap((kind) => {
          const r = rules.get(kind);
          return r ? [{ kind, clock: r.clock, months: r.months ?? null, days: r.days ?? null, action: r.action }] : [];
        }),
      })),
      security: [
        { measure: 'field_encryption', values: { algorithm: 'AES-256-GCM', keys: p.keyring.keyIds.length } },
        { measure: 'per_person_keys', values: {} },
        { measure: 'need_to_know', values: {} },
        { measure: 'audit_chain', values: { entries: await repo.auditEntries(trx) } },
        { measure: 'second_factor', values: { roles: MFA_REQUIRED_ROLES.join(', ') } },
        { measure: 'sessions', values: { idleMinutes: p.config.session.idleMinutes, maxHours: p.config.session.maxHours } },
        { measure: 'sign_in_throttle', values: { maxFailures: p.config.login.maxFailures, lockoutMinutes: p.config.login.lockoutMinutes } },
        { measure: 'disclosure_control', values: { threshold: statisticsConfig.disclosureThreshold, k: statisticsConfig.kAnonymity.k } },
        { measure: 'erasure_ledger', values: { erased: p.erasures.size } },
      ],
    };
    await auditRead(p, trx, actor, { action: 'processing_register.read', details: { language: lang, activities: register.activities.length } });
    return register;
  },

  async listBreaches(p: Platform, trx: Tx, actor: Actor): Promise<TBreachList> {
    if (!policy.read(actor)) throw AppError.forbidden();
    const rows = await repo.breaches(trx);
    await auditRead(p, trx, actor, { action: 'breach.list', details: { count: rows.length } });
    return { items: rows.map((r) => present(p, r)), notifyWithinHours: processingConfig().breachNotification.notifyWithinHours };
  },

  async createBreach(p: Platform, trx: Tx, actor: Actor, input: Input<typeof ZBreachCreate>): Promise<TBreach> {
    if (!policy.write(actor)) throw AppError.forbidden();
    const detectedAt = utc(input.detectedAt);
    const errors = checkTimeline({ detectedAt, occurredFrom: input.occurredFrom ?? null, occurredTo: input.occurredTo ?? null, cndpNotifiedAt: null, personsInformedAt: null });
    if (errors.length) throw AppError.validation(errors);
    const id = newId();
    const now = nowIso();
    const enc = (column: keyof BreachesTable, v: string | undefined) => (v ? p.keyring.encryptText(v, aad(column, id)) : null);
    await repo.insert(trx, {
      id,
      reference: await repo.nextReference(trx, Number(detectedAt.slice(0, 4))),
      detected_at: detectedAt,
      occurred_from: input.occurredFrom ?? null,
      occurred_to: input.occurredTo ?? null,
      natures: JSON.stringify([...new Set(input.natures)]),
      categories: JSON.stringify([...new Set(input.categories)]),
      persons_affected: input.personsAffected ?? null,
      description_enc: enc('description_enc', input.description)!,
      consequences_enc: enc('consequences_enc', input.consequences),
      measures_enc: enc('measures_enc', input.measures),
      cndp_notified_at: null,
      persons_informed_at: null,
      persons_not_informed_reason_enc: null,
      closed_at: null,
      created_by: actor.userId,
      updated_by: actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(p, trx, actor, { action: 'breach.create', entityType: 'breach', entityId: id, details: { natures: input.natures, categories: input.categories, personsAffected: input.personsAffected ?? null } });
    return present(p, await breachOf(trx, id));
  },

  async updateBreach(p: Platform, trx: Tx, actor: Actor, id: string, input: Input<typeof ZBreachUpdate>): Promise<TBreach> {
    if (!policy.write(actor)) throw AppError.forbidden();
    const r = await breachOf(trx, id);
    if (r.version !== input.version) throw AppError.conflict(Number(r.version));
    const at = (v: string | null | undefined, old: string | null) => (v === undefined ? old : v === null ? null : utc(v));
    const next = {
      detectedAt: r.detected_at,
      occurredFrom: input.occurredFrom === undefined ? r.occurred_from : input.occurredFrom,
      occurredTo: input.occurredTo === undefined ? r.occurred_to : input.occurredTo,
      cndpNotifiedAt: at(input.cndpNotifiedAt, r.cndp_notified_at),
      personsInformedAt: at(input.personsInformedAt, r.persons_informed_at),
    };
    const errors = checkTimeline(next);
    if (errors.length) throw AppError.validation(errors);
    const enc = (column: keyof BreachesTable, v: string | null | undefined, old: string | null) => (v === undefined ? old : v === null ? null : p.keyring.encryptText(v, aad(column, id)));
    const patch: Partial<BreachesTable> = {
      occurred_from: next.occurredFrom,
      occurred_to: next.occurredTo,
      cndp_notified_at: next.cndpNotifiedAt,
      persons_informed_at: next.personsInformedAt,
      persons_affected: input.personsAffected === undefined ? r.persons_affected : input.personsAffected,
      description_enc: enc('description_enc', input.description, r.description_enc)!,
      consequences_enc: enc('consequences_enc', input.consequences, r.consequences_enc),
      measures_enc: enc('measures_enc', input.measures, r.measures_enc),
      persons_not_informed_reason_enc: enc('persons_not_informed_reason_enc', input.personsNotInformedReason, r.persons_not_informed_reason_enc),
      closed_at: input.closed === undefined ? r.closed_at : input.closed ? (r.closed_at ?? nowIso()) : null,
      updated_by: actor.userId,
      updated_at: nowIso(),
    };
    if (input.natures) patch.natures = JSON.stringify([...new Set(input.natures)]);
    if (input.categories) patch.categories = JSON.stringify([...new Set(input.categories)]);
    if (!(await repo.update(trx, id, Number(r.version), patch))) throw await versionConflict(trx, 'breaches', id);
    const changed = Object.keys(input).filter((k) => k !== 'version');
    await recordAudit(p, trx, actor, { action: 'breach.update', entityType: 'breach', entityId: id, details: { changed } });
    return present(p, await breachOf(trx, id));
  },
};
