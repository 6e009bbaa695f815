/**
 * Screening interviews (answers to the indicator questions, interview conditions, the engine's explained
 * suggestion) and immediate-needs and risk assessments. Both are sensitive and stored encrypted; the
 * outcome and risk level stay in clear for statistics and urgency.
 */
import { z } from 'zod';
import { RISK_LEVELS, ZRiskAssessment, ZRiskAssessmentCreate } from '../../../contract/identification';
import { ZScreeningCreate, type TScreeningResult } from '../../../contract/screening';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { auditRead, recordAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { caseAccess } from '../cases/cases.service';
import { presentPerson } from '../persons/persons.service';
import { disclose, FULL_ACCESS } from '../../platform/access';
import { catalogueAccepting, catalogueOf } from './catalogue';
import { evaluateScreening, type Answers } from './rules';
import { screeningPolicy as policy } from './screening.policy';

const sAad = (column: string, id: string) => `screenings.${column}:${id}`;
const rAad = (id: string) => `risk_assessments.assessment_enc:${id}`;

type RiskInput = z.output<typeof ZRiskAssessmentCreate>;

/** The highest of the risks; urgent medical needs or a child at risk count as high. */
export function riskLevelOf(a: RiskInput): (typeof RISK_LEVELS)[number] {
  const rank = (l: string) => RISK_LEVELS.indexOf(l as (typeof RISK_LEVELS)[number]);
  let level = Math.max(rank(a.safetyRiskPerson), rank(a.safetyRiskFamily));
  if (a.urgentMedicalNeeds || a.childRisks.length > 0) level = Math.max(level, rank('high'));
  return RISK_LEVELS[level]!;
}

/**
 * A stored result; one recorded before results carried an explanation is explained again from its answers
 * with the catalogue version it was recorded with (the same pure rules, so the rest of the result is unchanged).
 */
function withExplanation(p: Platform, r: { id: string; result_enc: string; answers_enc: string; catalogue_version: string; set_code: string }): TScreeningResult {
  const result = p.keyring.decryptJson<TScreeningResult>(r.result_enc, sAad('result_enc', r.id));
  if (result.explanation) return result;
  const catalogue = catalogueOf(r.catalogue_version);
  if (!catalogue?.sets.some((s) => s.code === r.set_code)) return result;
  try {
    const again = evaluateScreening(catalogue, result.set, p.keyring.decryptJson<Answers>(r.answers_enc, sAad('answers_enc', r.id)));
    return { ...result, explanation: again.explanation };
  } catch {
    return result;
  }
}

export const screeningService = {
  async create(p: Platform, trx: Tx, actor: Actor, caseId: string, input: z.output<typeof ZScreeningCreate>) {
    const { c, person, access } = await caseAccess(trx, actor, caseId);
    if (!policy.record(actor, access)) throw AppError.forbidden();
    // The current catalogue, or an archived one whose set is unchanged (answers to questions that changed are refused).
    const catalogue = catalogueAccepting(input.catalogueVersion, input.set);
    if (!catalogue) throw AppError.validation([{ path: 'catalogueVersion', code: 'catalogue_version_mismatch' }]);
    if (!input.conditions.consentToInterview) throw AppError.validation([{ path: 'conditions.consentToInterview', code: 'interview_consent_required' }]);
    const set = catalogue.sets.find((s) => s.code === input.set)!;
    // Presumption of minority: under 18 or age uncertain → the child pathway.
    if (set.population === 'adult' && presentPerson(p, person, FULL_ACCESS).treatedAsChild) {
      throw AppError.validation([{ path: 'set', code: 'child_pathway_required' }]);
    }
    const known = new Set(set.indicators.map((i) => i.id));
    const unknown = Object.keys(input.answers).filter((id) => !known.has(id));
    if (unknown.length) throw AppError.validation(unknown.map((id) => ({ path: `answers.${id}`, code: 'unknown_indicator' as const })));
    const result = evaluateScreening(catalogue, input.set, input.answers);
    const id = newId();
    const now = nowIso();
    await trx
      .insertInto('screenings')
      .values({
        id,
        case_id: c.id,
        organisation_id: actor.organisationId,
        screened_by: actor.userId,
        set_code: input.set,
        catalogue_version: catalogue.version,
        outcome: result.outcome,
        result_enc: p.keyring.encryptJson(result, sAad('result_enc', id)),
        answers_enc: p.keyring.encryptJson(input.answers, sAad('answers_enc', id)),
        conditions_enc: p.keyring.encryptJson(input.conditions, sAad('conditions_enc', id)),
        notes_enc: input.notes ? p.keyring.encryptText(input.notes, sAad('notes_enc', id)) : null,
        created_at: now,
      })
      .execute();
    await recordAudit(p, trx, actor, { action: 'screening.create', entityType: 'screening', entityId: id, details: { caseId: c.id, set: input.set, outcome: result.outcome } });
    const org = await trx.selectFrom('organisations').select('name').where('id', '=', actor.organisationId).executeTakeFirst();
    return { id, caseId: c.id, result, conditions: input.conditions, notes: input.notes ?? null, screenedBy: actor.displayName, organisation: org?.name ?? '', createdAt: now };
  },

  async list(p: Platform, trx: Tx, actor: Actor, caseId: string) {
    const { c, access } = await caseAccess(trx, actor, caseId);
    if (!policy.readScreenings(actor, access)) throw AppError.forbidden();
    const rows = await trx
      .selectFrom('screenings as s')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .leftJoin('users as u', 'u.id', 's.screened_by')
      .selectAll('s')
      .select(['o.name as org_name', 'u.display_name'])
      .where('s.case_id', '=', c.id)
      .orderBy('s.created_at', 'desc')
      .execute();
    await auditRead(p, trx, actor, { action: 'screening.read', entityType: 'case', entityId: c.id });
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      result: withExplanation(p, r),
      conditions: p.keyring.decryptJson<z.output<typeof ZScreeningCreate>['conditions']>(r.conditions_enc, sAad('conditions_enc', r.id)),
      notes: r.notes_enc ? p.keyring.decryptText(r.notes_enc, sAad('notes_enc', r.id)) : null,
      screenedBy: r.display_name ?? '',
      organisation: r.org_name,
      createdAt: r.created_at,
    }));
  },

  async assessRisk(p: Platform, trx: Tx, actor: Actor, caseId: string, input: RiskInput) {
    const { c, access } = await caseAccess(trx, actor, caseId);
    if (!policy.record(actor, access)) throw AppError.forbidden();
    const id = newId();
    const now = nowIso();
    const riskLevel = riskLevelOf(input);
    await trx
      .insertInto('risk_assessments')
      .values({ id, case_id: c.id, organisation_id: actor.organisationId, assessed_by: actor.userId, risk_level: riskLevel, assessment_enc: p.keyring.encryptJson(input, rAad(id)), created_at: now })
      .execute();
    await recordAudit(p, trx, actor, { action: 'risk.create', entityType: 'risk_assessment', entityId: id, details: { caseId: c.id, riskLevel } });
    return { id, ...input, notes: input.notes ?? null, riskLevel, assessedBy: actor.displayName, createdAt: now };
  },

  async listRisk(p: Platform, trx: Tx, actor: Actor, caseId: string) {
    const { c, access } = await caseAccess(trx, actor, caseId);
    if (!policy.readRisk(actor, access)) throw AppError.forbidden();
    const rows = await trx
      .selectFrom('risk_assessments as r')
      .leftJoin('users as u', 'u.id', 'r.assessed_by')
      .selectAll('r')
      .select('u.display_name')
      .where('r.case_id', '=', c.id)
      .orderBy('r.created_at', 'desc')
      .execute();
    await auditRead(p, trx, actor, { action: 'risk.read', entityType: 'case', entityId: c.id });
    return rows.map((r) => {
      const a = p.keyring.decryptJson<RiskInput>(r.assessment_enc, rAad(r.id));
      const item = { id: r.id, ...a, notes: a.notes ?? null, riskLevel: r.risk_level as (typeof RISK_LEVELS)[number], assessedBy: r.display_name ?? '', createdAt: r.created_at };
      return disclose(ZRiskAssessment, access, item);
    });
  },
};
