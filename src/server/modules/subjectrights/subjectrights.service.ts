/**
 * The register of the requests of the persons recorded (law 09-08): access, rectification, objection,
 * restriction, erasure. Each has its legal deadline (data/config/subjectrights.json), the identity check done,
 * the decision and its reason (required for a refusal or a partial grant) and the day the answer was sent. Every
 * step is a conditional update on (id, version) and one audit entry.
 *
 * - Access: `exportAccess` answers with everything held (subjectrights.export.ts), as JSON or PDF.
 * - Rectification: recorded here; the correction itself is made with the person's edit form (history kept there).
 * - Objection / restriction: while one is in force, `assertSharingAllowed` refuses new referrals and transfers
 *   (PROCESSING_RESTRICTED), except what the law requires (a child referred to child protection).
 * - Erasure: deciding records it (status granted) and does nothing else; the lifecycle code executes it
 *   (`subjectRightsRepository.grantedErasures`).
 */
import type { z } from 'zod';
import { REASON_REQUIRED_FOR, type TAccessExportLanguage, type TSubjectRequest, type TSubjectRequestKind, type TSubjectRequestList, type TSubjectRequestStatus, ZIdentityCheck, ZSubjectLift, ZSubjectRequestCreate, ZSubjectRequestDecide, ZSubjectResponse } from '../../../contract/subjectrights';
import type { Actor, Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import { auditRead, recordAudit } from '../../platform/audit';
import { versionConflict } from '../../platform/concurrency';
import { AppError } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { daysBetween, localDate } from '../timelines/calendar';
import { pdfRenderer, type PdfRenderer } from '../information/information.pdf';
import { dueDate } from './subjectrights.config';
import { buildAccessExport } from './subjectrights.export';
import { renderAccessExportHtml } from './subjectrights.pdf';
import { subjectRightsPolicy as policy } from './subjectrights.policy';
import { subjectRightsRepository as repo, type RequestRow } from './subjectrights.repository';

type Input<T extends z.ZodType> = z.output<T>;

const aad = (column: string, id: string) => `subject_requests.${column}:${id}`;
const OPEN = new Set<string>(['received', 'in_progress']);
const GRANTED = new Set<string>(['granted', 'partly_granted']);
const RESTRICTING = new Set<string>(['restriction', 'objection']);

const today = (p: Platform) => localDate(new Date(), p.config.timezone);

/** In force: a restriction or objection being examined, or granted and not lifted. */
const restricts = (r: RequestRow) => RESTRICTING.has(r.kind) && !r.lifted_at && (OPEN.has(r.status) || GRANTED.has(r.status));

function present(p: Platform, r: RequestRow): TSubjectRequest {
  const waiting = !r.response_sent_on && r.status !== 'withdrawn';
  const daysLeft = waiting ? daysBetween(today(p), r.due_on) : null;
  const actions: TSubjectRequest['actions'] = [];
  if (OPEN.has(r.status)) actions.push('identity_check', 'decide');
  if (!OPEN.has(r.status) && !r.response_sent_on) actions.push('respond');
  if (RESTRICTING.has(r.kind) && GRANTED.has(r.status) && !r.lifted_at) actions.push('lift');
  if (r.kind === 'access' && r.identity_check_enc && r.status !== 'refused' && r.status !== 'withdrawn') actions.push('export');
  return {
    id: r.id,
    personId: r.person_id,
    caseId: r.case_id,
    organisation: { id: r.org_id, name: r.org_name },
    kind: r.kind as TSubjectRequestKind,
    status: r.status as TSubjectRequestStatus,
    receivedOn: r.received_on,
    dueOn: r.due_on,
    daysLeft,
    overdue: daysLeft !== null && daysLeft < 0,
    identityCheck: r.identity_check_enc ? p.keyring.decryptText(r.identity_check_enc, aad('identity_check_enc', r.id)) : null,
    decisionReason: r.decision_reason_enc ? p.keyring.decryptText(r.decision_reason_enc, aad('decision_reason_enc', r.id)) : null,
    decidedOn: r.decided_at,
    responseSentOn: r.response_sent_on,
    restricts: restricts(r),
    liftedAt: r.lifted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    actions,
  };
}

/** The case, if the caller's organisation manages it: 403 for a role that does not handle requests, else 404. */
async function managedCase(db: Db | Tx, actor: Actor, caseId: string) {
  if (!policy.handle(actor)) throw AppError.forbidden();
  const c = await repo.managedCase(db, actor.organisationId, caseId);
  if (!c) throw AppError.notFound();
  return c;
}

async function requestOf(db: Db | Tx, actor: Actor, caseId: string, requestId: string): Promise<RequestRow> {
  await managedCase(db, actor, caseId);
  const [r] = await repo.requests(db, actor.organisationId, caseId, requestId);
  if (!r) throw AppError.notFound();
  return r;
}

function checkVersion(r: RequestRow, version: number) {
  if (r.version !== version) throw AppError.conflict(r.version);
}

export type ExportContext = { timeZone: string; renderer?: PdfRenderer; onRenderError?: (err: unknown) => void };

export const subjectRightsService = {
  async list(p: Platform, trx: Tx, actor: Actor, caseId: string): Promise<TSubjectRequestList> {
    const c = await managedCase(trx, actor, caseId);
    const rows = await repo.requests(trx, actor.organisationId, caseId);
    const inForce = await repo.restrictionsInForce(trx, c.person_id);
    await auditRead(p, trx, actor, { action: 'subject_request.list', entityType: 'case', entityId: caseId, details: { personId: c.person_id, count: rows.length } });
    return { items: rows.map((r) => present(p, r)), canRecord: true, restricted: inForce.length > 0 };
  },

  async create(p: Platform, trx: Tx, actor: Actor, caseId: string, input: Input<typeof ZSubjectRequestCreate>): Promise<TSubjectRequest> {
    const c = await managedCase(trx, actor, caseId);
    if (input.receivedOn > today(p)) throw AppError.validation([{ path: 'receivedOn', code: 'date_in_future' }]);
    const id = newId();
    const now = nowIso();
    await repo.insert(trx, {
      id,
      person_id: c.person_id,
      case_id: c.id,
      org_id: actor.organisationId,
      kind: input.kind,
      received_on: input.receivedOn,
      due_on: dueDate(input.kind, input.receivedOn),
      identity_check_enc: input.identityCheck ? p.keyring.encryptText(input.identityCheck, aad('identity_check_enc', id)) : null,
      status: input.identityCheck ? 'in_progress' : 'received',
      decision_reason_enc: null,
      decided_at: null,
      decided_by: null,
      response_sent_on: null,
      lifted_at: null,
      lifted_by: null,
      created_by: actor.userId,
      updated_by: actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(p, trx, actor, { action: 'subject_request.create', entityType: 'subject_request', entityId: id, details: { caseId: c.id, personId: c.person_id, kind: input.kind, identityChecked: !!input.identityCheck } });
    return present(p, (await repo.requests(trx, actor.organisationId, caseId, id))[0]!);
  },

  /** Records how the requester's identity was checked; an open request is then being handled (in progress). */
  async recordIdentityCheck(p: Platform, trx: Tx, actor: Actor, caseId: string, requestId: string, input: Input<typeof ZIdentityCheck>): Promise<TSubjectRequest> {
    const r = await requestOf(trx, actor, caseId, requestId);
    checkVersion(r, input.version);
    if (!OPEN.has(r.status)) throw AppError.validation([{ path: 'identityCheck', code: 'request_not_open' }]);
    return update(p, trx, actor, r, input.version, 'subject_request.identity_check', {
      identity_check_enc: p.keyring.encryptText(input.identityCheck, aad('identity_check_enc', r.id)),
      status: 'in_progress',
    });
  },

  async decide(p: Platform, trx: Tx, actor: Actor, caseId: string, requestId: string, input: Input<typeof ZSubjectRequestDecide>): Promise<TSubjectRequest> {
    const r = await requestOf(trx, actor, caseId, requestId);
    checkVersion(r, input.version);
    if (!OPEN.has(r.status)) throw AppError.validation([{ path: 'status', code: 'request_not_open' }]);
    if (REASON_REQUIRED_FOR.includes(input.status) && !input.reason) throw AppError.validation([{ path: 'reason', code: 'reason_required' }]);
    // Nothing is given to, or done for, someone whose identity was not checked (a refusal may be for that reason).
    if (GRANTED.has(input.status) && !r.identity_check_enc) throw AppError.validation([{ path: 'status', code: 'identity_check_required' }]);
    return update(p, trx, actor, r, input.version, 'subject_request.decide', {
      status: input.status,
      decision_reason_enc: input.reason ? p.keyring.encryptText(input.reason, aad('decision_reason_enc', r.id)) : null,
      decided_at: nowIso(),
      decided_by: actor.userId,
    }, { status: input.status });
  },

  async recordResponse(p: Platform, trx: Tx, actor: Actor, caseId: string, requestId: string, input: Input<typeof ZSubjectResponse>): Promise<TSubjectRequest> {
    const r = await requestOf(trx, actor, caseId, requestId);
    checkVersion(r, input.version);
    if (OPEN.has(r.status) || r.response_sent_on) throw AppError.validation([{ path: 'sentOn', code: 'request_not_decided' }]);
    if (input.sentOn > today(p)) throw AppError.validation([{ path: 'sentOn', code: 'date_in_future' }]);
    if (input.sentOn < r.received_on) throw AppError.validation([{ path: 'sentOn', code: 'response_before_receipt' }]);
    return update(p, trx, actor, r, input.version, 'subject_request.respond', { response_sent_on: input.sentOn }, { sentOn: input.sentOn, late: input.sentOn > r.due_on });
  },

  /** Ends a granted restriction or an upheld objection: sharing is possible again. */
  async lift(p: Platform, trx: Tx, actor: Actor, caseId: string, requestId: string, input: Input<typeof ZSubjectLift>): Promise<TSubjectRequest> {
    const r = await requestOf(trx, actor, caseId, requestId);
    checkVersion(r, input.version);
    if (!RESTRICTING.has(r.kind) || !GRANTED.has(r.status) || r.lifted_at) throw AppError.validation([{ path: 'version', code: 'not_liftable' }]);
    return update(p, trx, actor, r, input.version, 'subject_request.lift', { lifted_at: nowIso(), lifted_by: actor.userId });
  },

  /**
   * The answer to an access request, as JSON or PDF. Like the information sheet, the database is not held while
   * Chromium works: read (need-to-know checked), render, then check again and record `subject_request.access_export`
   * in one transaction; nothing is sent unless that committed.
   */
  async exportAccess(
    p: Platform,
    actor: Actor,
    caseId: string,
    requestId: string,
    format: 'json' | 'pdf',
    lang: TAccessExportLanguage,
    ctx: ExportContext,
  ): Promise<{ content: Buffer | string; fileName: string; mimeType: string }> {
    const read = async (db: Db | Tx) => {
      const r = await requestOf(db, actor, caseId, requestId);
      if (r.kind !== 'access') throw AppError.validation([{ path: 'requestId', code: 'not_an_access_request' }]);
      if (!r.identity_check_enc) throw AppError.validation([{ path: 'requestId', code: 'identity_check_required' }]);
      return r;
    };
    const { r, data } = await p.db.transaction().execute(async (trx) => {
      const row = await read(trx);
      return { r: row, data: await buildAccessExport(p, trx, { orgId: actor.organisationId, personId: row.person_id, request: { id: row.id, receivedOn: row.received_on }, lang }) };
    });
    const stamp = data.generatedAt.slice(0, 10);
    const out =
      format === 'json'
        ? { content: JSON.stringify(data, null, 2), fileName: `access-${stamp}.json`, mimeType: 'application/json; charset=utf-8' }
        : { content: await (ctx.renderer ?? pdfRenderer).pdf(renderAccessExportHtml(data, ctx.timeZone), { onError: ctx.onRenderError }), fileName: `access-${lang}-${stamp}.pdf`, mimeType: 'application/pdf' };
    await p.db.transaction().execute(async (trx) => {
      await read(trx);
      await recordAudit(p, trx, actor, {
        action: 'subject_request.access_export',
        entityType: 'subject_request',
        entityId: r.id,
        details: { caseId, personId: r.person_id, format, lang, cases: data.cases.length, accesses: data.accesses.length },
      });
    });
    return out;
  },

};

async function update(p: Platform, trx: Tx, actor: Actor, r: RequestRow, version: number, action: string, patch: Parameters<typeof repo.update>[3], details: Record<string, unknown> = {}): Promise<TSubjectRequest> {
  const ok = await repo.update(trx, r.id, version, { ...patch, updated_by: actor.userId, updated_at: nowIso() });
  if (!ok) throw await versionConflict(trx, 'subject_requests', r.id);
  await recordAudit(p, trx, actor, { action, entityType: 'subject_request', entityId: r.id, details: { caseId: r.case_id, personId: r.person_id, kind: r.kind, ...details } });
  return present(p, (await repo.requests(trx, actor.organisationId, r.case_id, r.id))[0]!);
}

/**
 * Refuses new sharing of a person while a restriction or an objection is in force on them (any organisation's
 * register: the person is one, whoever recorded the request). `legalBasis` names sharing the law requires, which
 * stays possible: a child referred to child protection (law 27-14 and the child-protection duty; referrals.json
 * `childProtectionServiceTypes`).
 */
export async function assertSharingAllowed(db: Db | Tx, personId: string, what: 'referral' | 'transfer', legalBasis?: 'consent' | 'child_protection'): Promise<void> {
  if (legalBasis === 'child_protection') return;
  const inForce = await repo.restrictionsInForce(db, personId);
  if (inForce.length) throw new AppError('PROCESSING_RESTRICTED', { what, kinds: [...new Set(inForce.map((r) => r.kind))] });
}
