/**
 * The access matrix: every operation of the OpenAPI document × every role (+ anonymous) × every scope of
 * test/support/matrix-world.ts (own organisation, another organisation, one granted organisation per consent
 * category, a revoked/expired grant, the referral recipient, the identification authority), with the answer the
 * rules ask for (ARCHITECTURE.md, security model; the *.policy.ts files):
 *
 * - anonymous → 401 everywhere but the public routes (sign-in, reference data, the OpenAPI docs, health);
 * - a role that may not use an endpoint at all → 403;
 * - case data the organisation neither manages nor holds a live grant on → 404; a grantee sees the minimal record
 *   plus its categories, gets 403 on manager-only endpoints, on category-gated ones without the category and on
 *   writes (except what a grantee is meant to do);
 * - every 2xx JSON answer is walked alongside its OpenAPI response schema: a property marked `x-category` (the
 *   contract's `inCategory`) that the caller's organisation was not granted is a leak; for the managing
 *   organisation every marked property must be present.
 *
 * The table is keyed by "METHOD /path" as in `app.swagger().paths`: an operation without a row, or a row without an
 * operation, fails the test. Writes: denied combinations are sent with a valid body and must write nothing (row
 * counts and versions of every table are compared before and after); allowed combinations run once each, in table
 * order, and may answer anything but 401/403/404 (a 409 or 400 from a business rule still proves access).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { DATA_CATEGORIES, ROLES, type TDataCategory, type TRole } from '../../src/contract/common';
import { CATEGORY_KEY } from '../../src/contract/disclosure';
import { DIALECTS, caseBody, localDay, type Client } from '../support/harness';
import {
  GRANT_SCOPES, PDF, SCOPES, agreementBody, buildMatrixWorld, campaignBody, cooperationBody, multipart, trainingBody, type Scope, type World,
} from '../support/matrix-world';
import { identificationConfig } from '../../src/server/modules/timelines/timelines.config';

// ---------------------------------------------------------------------------------------------------------------
// Callers and expected answers

type Caller = { scope: Scope; role: TRole } | { scope: null; role: null };
type SignedIn = { scope: Scope; role: TRole };
/** 'ok': 2xx for reads, anything but 401/403/404 (and 5xx) for writes. */
type Expected = 'ok' | 403 | 404 | { status: number; code: string };

const CASE_ROLES: TRole[] = ['first_responder', 'case_worker', 'case_supervisor', 'service_provider', 'justice_liaison'];
const HANDLERS: TRole[] = ['first_responder', 'case_worker', 'case_supervisor'];
const RECEIVERS: TRole[] = ['service_provider', 'case_worker', 'case_supervisor'];
const ANY: TRole[] = [...ROLES];

/** The live categories of each scope's organisation on the world's case (`own` manages it: everything). */
const GRANTS: Record<Scope, ReadonlySet<TDataCategory>> = Object.fromEntries(
  SCOPES.map((s) => [
    s,
    new Set<TDataCategory>(
      s === 'own' ? DATA_CATEGORIES
        : s.startsWith('g_') ? [s.slice(2) as TDataCategory]
          : s === 'recipient' ? ['identity']
            : s === 'authority' ? (identificationConfig().grantCategoriesForDecision as TDataCategory[])
              : [],
    ),
  ]),
) as unknown as Record<Scope, ReadonlySet<TDataCategory>>;
const visible = (s: Scope) => s === 'own' || GRANTS[s].size > 0;

const roleOnly = (roles: TRole[]) => (c: SignedIn): Expected => (roles.includes(c.role) ? 'ok' : 403);
const anyone = roleOnly(ANY);

/**
 * Case data. `roles`: who may open the case registry for this (checked before the record is looked up: 403);
 * then 404 when the case is not visible; the managing organisation's `ownRoles` may; a grantee per `grantee`.
 */
function caseRead(grantee: 'minimal' | 'manager' | TDataCategory, opts: { roles?: TRole[]; ownRoles?: TRole[] } = {}) {
  const roles = opts.roles ?? CASE_ROLES;
  return (c: SignedIn): Expected => {
    if (!roles.includes(c.role)) return 403;
    if (!visible(c.scope)) return 404;
    if (c.scope === 'own') return (opts.ownRoles ?? roles).includes(c.role) ? 'ok' : 403;
    if (grantee === 'minimal') return 'ok';
    if (grantee === 'manager') return 403;
    return GRANTS[c.scope].has(grantee) ? 'ok' : 403;
  };
}

/**
 * A write to a case. The registry role (`gate`) is checked first (403); an invisible case is 404 — also for a
 * registry role that may not do this particular write: the service looks the case up before asking what the
 * role may do there, and 404 tells an outsider less than 403 would (encoded as the code answers). The managing
 * organisation's `roles` may; a grantee gets 403 unless `grantee` says otherwise.
 */
function caseWrite(opts: { roles?: TRole[]; gate?: TRole[]; grantee?: (c: SignedIn) => Expected } = {}) {
  const roles = opts.roles ?? HANDLERS;
  const gate = opts.gate ?? CASE_ROLES;
  return (c: SignedIn): Expected => {
    if (!gate.includes(c.role)) return 403;
    if (!visible(c.scope)) return 404;
    if (c.scope === 'own') return roles.includes(c.role) ? 'ok' : 403;
    return opts.grantee ? opts.grantee(c) : 403;
  };
}

/** A justice user: a justice liaison of the prosecution (`authority`). Everyone else learns nothing: 404. */
const justiceOnly = (c: SignedIn): Expected => (c.scope === 'authority' && c.role === 'justice_liaison' ? 'ok' : 404);

/**
 * A record owned by one organisation (`owner` scope): `readers` (role gate, 403) see it when it is theirs or
 * `everywhere` allows it, else 404; `writers` of the owner, or any organisation's `nationalWriters`, may write.
 */
function orgRecord(opts: { owner?: Scope; gate: TRole[]; writers?: TRole[]; national?: TRole[]; seenEverywhere?: boolean }) {
  const owner = opts.owner ?? 'own';
  return (c: SignedIn): Expected => {
    if (!opts.gate.includes(c.role)) return 403;
    if (opts.national?.includes(c.role)) return 'ok';
    const sees = opts.seenEverywhere || c.scope === owner;
    if (!sees) return 404;
    if (!opts.writers) return 'ok';
    return c.scope === owner && opts.writers.includes(c.role) ? 'ok' : 403;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The table

type Kind = 'case' | 'org' | 'global';
const SCOPES_OF: Record<Kind, readonly Scope[]> = {
  case: SCOPES,
  // Records of one organisation: the grants on the case mean nothing to them (they are "another organisation").
  org: ['own', 'other', 'revoked', 'recipient', 'authority'],
  global: ['own', 'other'],
};

type Row = {
  op: string;
  kind: Kind;
  path: (w: World, c: Caller) => string;
  body?: (w: World, c: Caller) => unknown;
  upload?: () => { body: Buffer; headers: Record<string, string> };
  expect: (c: SignedIn, w: World) => Expected;
  /** Public route: anonymous callers get an answer too. */
  anonymous?: Expected;
  /** 'write' runs after every read; 'last' after every write (destructive, or ends sessions). */
  phase?: 'read' | 'write' | 'last';
  /** Whose access the field walk uses: the caller's to the world's case (default) or the manager's (own records). */
  fields?: 'caller' | 'manager' | 'none';
  /** More to check in an allowed answer (a problem, or null). */
  check?: (w: World, c: SignedIn, body: unknown) => string | null;
  /** A document rendered by an external program (Chromium): 503 DOCUMENT_UNAVAILABLE still passed the access checks. */
  unavailableOk?: boolean;
};

const A = '/api/v1';
const CASE = (w: World) => `${A}/cases/${w.ids.caseId}`;
const orgOf = (w: World, c: Caller) => w.org[c.scope ?? 'other'];
const NO_JOB = '0190a0b0-0000-7000-8000-000000000000';

const analystOnly = roleOnly(['commission_analyst']);
/** Requests from the person: the roles that handle them (403 otherwise); only the managing organisation finds them (404 otherwise, grantees too). */
const subjectRights = (c: SignedIn): Expected => (!(['case_worker', 'case_supervisor'] as TRole[]).includes(c.role) ? 403 : c.scope === 'own' ? 'ok' : 404);
const upload = (name: string, mime: string, content: string | Buffer) => () => multipart(name, mime, content);
/**
 * Link requests between records: case workers and supervisors (403 otherwise) of the two sides; anyone else 404.
 * The world's link is a twin organisation's request to M (no scope is the requester: person-links.test checks it
 * gets 403 when answering its own request).
 */
const LINKERS: TRole[] = ['case_worker', 'case_supervisor'];
const linkSide = (c: SignedIn): Expected => (!LINKERS.includes(c.role) ? 403 : c.scope === 'own' ? 'ok' : 404);

const ROWS: Row[] = [
  // --- Public and session
  { op: 'GET /api/v1/reference', kind: 'global', path: () => `${A}/reference`, expect: anyone, anonymous: 'ok' },
  {
    op: 'POST /api/v1/auth/login', kind: 'global', path: () => `${A}/auth/login`, body: (w) => ({ email: w.loginUser.email, password: w.loginUser.password }),
    expect: anyone, anonymous: 'ok', phase: 'last', fields: 'none',
  },
  { op: 'GET /api/v1/auth/session', kind: 'global', path: () => `${A}/auth/session`, expect: anyone },
  // Every matrix session is past its second factor: verifying one is refused to any role (403, not a role decision).
  { op: 'POST /api/v1/auth/mfa/verify', kind: 'global', path: () => `${A}/auth/mfa/verify`, body: () => ({ code: '000000' }), expect: () => 403 },
  { op: 'GET /api/v1/auth/mfa/setup', kind: 'global', path: () => `${A}/auth/mfa/setup`, expect: anyone, phase: 'write' },
  { op: 'POST /api/v1/auth/mfa/enable', kind: 'global', path: () => `${A}/auth/mfa/enable`, body: () => ({ code: '000000' }), expect: () => ({ status: 401, code: 'MFA_INVALID' }), phase: 'last' },
  {
    op: 'POST /api/v1/auth/password', kind: 'global', path: () => `${A}/auth/password`, body: () => ({ currentPassword: 'not-the-password', newPassword: 'Long-enough-pass-9!' }),
    // The session is accepted; the wrong current password is a field error (nothing changes).
    expect: () => ({ status: 400, code: 'VALIDATION_FAILED' }), phase: 'last',
  },
  { op: 'PUT /api/v1/auth/preferences', kind: 'global', path: () => `${A}/auth/preferences`, body: () => ({ language: 'fr' }), expect: anyone },
  { op: 'POST /api/v1/auth/logout', kind: 'global', path: () => `${A}/auth/logout`, expect: anyone, phase: 'last' },

  // --- Organisations and users
  { op: 'GET /api/v1/organisations', kind: 'global', path: () => `${A}/organisations`, expect: anyone },
  { op: 'POST /api/v1/organisations', kind: 'global', path: () => `${A}/organisations`, body: () => ({ name: `Matrix new ${Math.random()}`, type: 'ngo' }), expect: roleOnly(['system_admin']) },
  { op: 'PATCH /api/v1/organisations/{id}', kind: 'global', path: (w) => `${A}/organisations/${w.org.other}`, body: () => ({ version: 1, name: 'Matrix other (renamed)' }), expect: roleOnly(['system_admin']) },
  {
    op: 'GET /api/v1/users', kind: 'org', path: () => `${A}/users`, expect: roleOnly(['org_admin', 'system_admin']),
    // An organisation's administrator lists its own organisation's users only.
    check: (w, c, body) => (c.role === 'org_admin' && (body as { items: { organisationId: string }[] }).items.some((u) => u.organisationId !== w.org[c.scope]) ? 'lists users of another organisation' : null),
  },
  {
    // A user of the own organisation: its administrator or a system administrator; another organisation's administrator may not.
    op: 'POST /api/v1/users', kind: 'org', path: () => `${A}/users`,
    body: (w) => ({ email: `matrix-${Math.random().toString(36).slice(2)}@test.opennrm`, displayName: 'Matrix new', organisationId: w.org.own, roles: ['case_worker'], password: 'Long-enough-pass-1!' }),
    // Another organisation's administrator names an organisation that is not theirs: the field is wrong for them
    // (400 `other_organisation`, nothing written), which tells them nothing they did not send.
    expect: (c) =>
      c.role === 'system_admin' || (c.role === 'org_admin' && c.scope === 'own')
        ? 'ok'
        : c.role === 'org_admin'
          ? { status: 400, code: 'VALIDATION_FAILED' }
          : 403,
  },
  { op: 'GET /api/v1/users/assignable', kind: 'org', path: () => `${A}/users/assignable`, expect: roleOnly(CASE_ROLES) },
  {
    op: 'PATCH /api/v1/users/{id}', kind: 'org', path: (w) => `${A}/users/${w.targetUser.id}`, body: (w) => ({ version: w.targetUser.version, displayName: 'Matrix renamed' }),
    expect: orgRecord({ gate: ['org_admin', 'system_admin'], national: ['system_admin'], writers: ['org_admin'] }),
  },
  {
    op: 'POST /api/v1/users/{id}/password-reset', kind: 'org', path: (w) => `${A}/users/${w.targetUser.id}/password-reset`, body: () => ({ version: 1, password: 'Another-long-pass-2!' }),
    expect: orgRecord({ gate: ['org_admin', 'system_admin'], national: ['system_admin'], writers: ['org_admin'] }),
  },

  // --- Cases and persons
  { op: 'GET /api/v1/cases', kind: 'case', path: () => `${A}/cases`, expect: roleOnly(CASE_ROLES) },
  // The list as a file: case workers and supervisors; its rows are the list's (cases-export.test checks them).
  { op: 'GET /api/v1/cases/export.csv', kind: 'case', path: () => `${A}/cases/export.csv`, expect: roleOnly(['case_worker', 'case_supervisor']) },
  { op: 'POST /api/v1/cases', kind: 'global', path: () => `${A}/cases`, body: () => caseBody(), expect: roleOnly(HANDLERS), fields: 'manager' },
  { op: 'GET /api/v1/cases/{id}', kind: 'case', path: CASE, expect: caseRead('minimal') },
  { op: 'PATCH /api/v1/cases/{id}', kind: 'case', path: CASE, body: (w) => ({ version: w.ids.caseVersion, notes: 'Matrix note.' }), expect: caseWrite() },
  { op: 'GET /api/v1/cases/{id}/history', kind: 'case', path: (w) => `${CASE(w)}/history`, expect: caseRead('manager') },
  { op: 'GET /api/v1/cases/{id}/attachments', kind: 'case', path: (w) => `${CASE(w)}/attachments`, expect: caseRead('documents') },
  { op: 'POST /api/v1/cases/{id}/attachments', kind: 'case', path: (w) => `${CASE(w)}/attachments`, upload: upload('matrix.txt', 'text/plain', 'matrix'), expect: caseWrite() },
  { op: 'GET /api/v1/cases/{id}/attachments/{attachmentId}', kind: 'case', path: (w) => `${CASE(w)}/attachments/${w.ids.attachmentId}`, expect: caseRead('documents') },
  { op: 'GET /api/v1/information-sheet/languages', kind: 'global', path: () => `${A}/information-sheet/languages`, expect: anyone },
  { op: 'GET /api/v1/cases/{id}/information-sheet', kind: 'case', path: (w) => `${CASE(w)}/information-sheet?lang=fr`, expect: caseRead('manager'), unavailableOk: true },
  { op: 'GET /api/v1/persons/{id}', kind: 'case', path: (w) => `${A}/persons/${w.ids.personId}`, expect: caseRead('minimal') },
  { op: 'PATCH /api/v1/persons/{id}', kind: 'case', path: (w) => `${A}/persons/${w.ids.personId}`, body: (w) => ({ version: w.ids.personVersion, interpreterNeeded: true }), expect: caseWrite() },

  // --- Audit
  { op: 'GET /api/v1/audit', kind: 'org', path: () => `${A}/audit?limit=5`, expect: roleOnly(['system_admin', 'dpo', 'org_admin']) },
  { op: 'GET /api/v1/audit/verify', kind: 'global', path: () => `${A}/audit/verify`, expect: roleOnly(['system_admin', 'dpo']) },

  // --- Retention schedule (data protection officer, system administrator)
  { op: 'GET /api/v1/retention', kind: 'global', path: () => `${A}/retention`, expect: roleOnly(['system_admin', 'dpo']) },
  { op: 'POST /api/v1/retention/runs', kind: 'global', path: () => `${A}/retention/runs`, body: () => ({}), expect: roleOnly(['system_admin', 'dpo']), phase: 'last' },
  { op: 'GET /api/v1/retention/runs/{id}', kind: 'global', path: () => `${A}/retention/runs/${NO_JOB}`, expect: (c) => (['system_admin', 'dpo'].includes(c.role) ? 404 : 403) },

  // --- Accountability: the register of processing activities and the breach log (same two roles)
  { op: 'GET /api/v1/processing-register', kind: 'global', path: () => `${A}/processing-register?lang=fr`, expect: roleOnly(['system_admin', 'dpo']) },
  { op: 'GET /api/v1/breaches', kind: 'global', path: () => `${A}/breaches`, expect: roleOnly(['system_admin', 'dpo']) },
  {
    op: 'POST /api/v1/breaches', kind: 'global', path: () => `${A}/breaches`,
    body: () => ({ detectedAt: new Date(Date.now() - 3600_000).toISOString(), natures: ['availability'], description: 'Server unavailable for two hours.' }),
    expect: roleOnly(['system_admin', 'dpo']),
  },
  { op: 'PATCH /api/v1/breaches/{id}', kind: 'global', path: () => `${A}/breaches/${NO_JOB}`, body: () => ({ version: 1, closed: true }), expect: (c) => (['system_admin', 'dpo'].includes(c.role) ? 404 : 403) },

  // --- Screening and identification
  { op: 'GET /api/v1/screening/catalogue', kind: 'global', path: () => `${A}/screening/catalogue`, expect: anyone },
  { op: 'GET /api/v1/screening/quick', kind: 'global', path: () => `${A}/screening/quick`, expect: anyone },
  {
    op: 'POST /api/v1/cases/{id}/screenings', kind: 'case', path: (w) => `${CASE(w)}/screenings`,
    body: () => ({ catalogueVersion: '2026.1', set: 'adult_labour', answers: {}, conditions: { consentToInterview: true, interpreterUsed: false, place: 'ngo_office' } }), expect: caseWrite(),
  },
  { op: 'GET /api/v1/cases/{id}/screenings', kind: 'case', path: (w) => `${CASE(w)}/screenings`, expect: caseRead('exploitation_story') },
  {
    op: 'POST /api/v1/cases/{id}/risk-assessments', kind: 'case', path: (w) => `${CASE(w)}/risk-assessments`,
    body: () => ({ safetyRiskPerson: 'low', safetyRiskFamily: 'low', urgentMedicalNeeds: false }), expect: caseWrite(),
  },
  { op: 'GET /api/v1/cases/{id}/risk-assessments', kind: 'case', path: (w) => `${CASE(w)}/risk-assessments`, expect: caseRead('health') },
  { op: 'GET /api/v1/cases/{id}/identification', kind: 'case', path: (w) => `${CASE(w)}/identification`, expect: caseRead('minimal') },
  {
    op: 'POST /api/v1/cases/{id}/identification/request', kind: 'case', path: (w) => `${CASE(w)}/identification/request`,
    body: (w) => ({ decidingOrganisationId: w.org.authority, identificationVersion: w.ids.identificationVersion }), expect: caseWrite(),
  },
  {
    // Only the authority asked decides (its justice liaison or supervisor); the managing organisation may not.
    op: 'POST /api/v1/cases/{id}/identification/decisions', kind: 'case', path: (w) => `${CASE(w)}/identification/decisions`, phase: 'last',
    body: (w) => ({ identificationVersion: w.ids.identificationVersion, status: 'identified', reasons: 'Enough indicators found.', evidence: ['interview'] }),
    expect: caseWrite({ roles: [], grantee: (c) => (c.scope === 'authority' && ['justice_liaison', 'case_supervisor'].includes(c.role) ? 'ok' : 403) }),
  },
  {
    op: 'POST /api/v1/cases/{id}/identification/review', kind: 'case', path: (w) => `${CASE(w)}/identification/review`, body: (w) => ({ identificationVersion: w.ids.identificationVersion, confirm: true }),
    expect: caseWrite({ roles: [], grantee: (c) => (c.scope === 'authority' && ['justice_liaison', 'case_supervisor'].includes(c.role) ? 'ok' : 403) }),
  },
  {
    op: 'POST /api/v1/cases/{id}/identification/reconsideration', kind: 'case', path: (w) => `${CASE(w)}/identification/reconsideration`,
    body: (w) => ({ identificationVersion: w.ids.identificationVersion, grounds: 'New evidence came to light.' }), expect: caseWrite(),
  },
  {
    op: 'POST /api/v1/anonymous-notifications', kind: 'global', path: () => `${A}/anonymous-notifications`,
    body: () => ({ sex: 'female', ageGroup: 'adult', identifiedOn: '2026-01-01', identificationChannel: 'hotline' }), expect: roleOnly(HANDLERS),
  },
  { op: 'GET /api/v1/anonymous-notifications', kind: 'global', path: () => `${A}/anonymous-notifications`, expect: roleOnly(HANDLERS) },

  // --- Tasks and notifications
  { op: 'GET /api/v1/tasks', kind: 'case', path: () => `${A}/tasks`, expect: roleOnly([...CASE_ROLES, 'org_admin']) },
  {
    // The case's task is assigned to the managing organisation. An organisation administrator has no case role: a
    // case's task does not exist for it (404, stricter than 403, encoded as the code answers).
    op: 'PATCH /api/v1/tasks/{id}', kind: 'case', path: (w) => `${A}/tasks/${w.ids.taskId}`, body: (w) => ({ version: w.ids.taskVersion, status: 'done' }), phase: 'last',
    expect: (c) => (c.role === 'org_admin' ? 404 : caseWrite({ roles: CASE_ROLES })(c)),
  },
  { op: 'GET /api/v1/notifications', kind: 'org', path: () => `${A}/notifications`, expect: anyone },
  { op: 'POST /api/v1/notifications/read', kind: 'org', path: () => `${A}/notifications/read`, expect: anyone },

  // --- Service directory (owned by the referral's recipient)
  { op: 'GET /api/v1/services', kind: 'global', path: () => `${A}/services`, expect: roleOnly([...CASE_ROLES, 'org_admin', 'commission_analyst']) },
  {
    op: 'POST /api/v1/services', kind: 'global', path: () => `${A}/services`, body: () => ({ name: 'Matrix new service', type: 'legal_aid', regions: ['MA-06'], audience: 'all', languages: ['fr'] }),
    expect: roleOnly(['service_provider', 'case_supervisor', 'org_admin']),
  },
  { op: 'GET /api/v1/services/{id}', kind: 'org', path: (w) => `${A}/services/${w.ids.serviceId}`, expect: roleOnly([...CASE_ROLES, 'org_admin', 'commission_analyst']) },
  {
    // Roles that may not read the directory get 404 for a service (they cannot know it exists; encoded as the code answers).
    op: 'PATCH /api/v1/services/{id}', kind: 'org', path: (w) => `${A}/services/${w.ids.serviceId}`, body: () => ({ version: 1, name: 'Matrix shelter (renamed)' }),
    expect: (c) => (['dpo', 'system_admin'].includes(c.role) ? 404 : c.scope === 'recipient' && ['service_provider', 'case_supervisor', 'org_admin'].includes(c.role) ? 'ok' : 403),
  },
  {
    op: 'PUT /api/v1/services/{id}/capacity', kind: 'org', path: (w) => `${A}/services/${w.ids.serviceId}/capacity`, body: () => ({ version: 1, available: 40 }),
    expect: (c) => (['dpo', 'system_admin'].includes(c.role) ? 404 : c.scope === 'recipient' && ['service_provider', 'case_worker', 'case_supervisor', 'org_admin'].includes(c.role) ? 'ok' : 403),
  },

  // --- Consent, referrals, transfers (manager-only unless the recipient acts on its referral)
  { op: 'GET /api/v1/cases/{id}/consents', kind: 'case', path: (w) => `${CASE(w)}/consents`, expect: caseRead('manager', { ownRoles: HANDLERS }) },
  {
    op: 'POST /api/v1/cases/{id}/consents', kind: 'case', path: (w) => `${CASE(w)}/consents`,
    body: () => ({ purpose: 'assistance', categories: ['identity'], method: 'oral', interpreterUsed: false, language: 'fr', givenBy: 'person', givenOn: localDay() }), expect: caseWrite(),
  },
  { op: 'POST /api/v1/consents/{id}/withdraw', kind: 'case', path: (w) => `${A}/consents/${w.ids.spareConsentId}/withdraw`, body: () => ({ version: 1 }), expect: caseWrite(), phase: 'last' },
  { op: 'GET /api/v1/cases/{id}/referral-options', kind: 'case', path: (w) => `${CASE(w)}/referral-options?serviceId=${w.ids.serviceId}`, expect: caseRead('manager', { ownRoles: HANDLERS }) },
  {
    op: 'POST /api/v1/cases/{id}/referrals', kind: 'case', path: (w) => `${CASE(w)}/referrals`,
    body: (w) => ({ serviceId: w.ids.serviceId, urgency: 'normal', reason: 'Needs a safe place.', categories: ['identity'], consentId: w.ids.sharingConsentId }), expect: caseWrite(),
  },
  { op: 'GET /api/v1/referrals', kind: 'case', path: () => `${A}/referrals`, expect: roleOnly([...HANDLERS, 'service_provider']) },
  { op: 'GET /api/v1/referrals/stats', kind: 'global', path: () => `${A}/referrals/stats`, expect: roleOnly(['case_supervisor']) },
  {
    // The referral's two parties' organisations see it; anyone else: 404.
    op: 'GET /api/v1/referrals/{id}', kind: 'case', path: (w) => `${A}/referrals/${w.ids.referralId}`,
    expect: (c) => (![...HANDLERS, 'service_provider'].includes(c.role) ? 403 : c.scope === 'own' || c.scope === 'recipient' ? 'ok' : 404),
  },
  {
    // `start` is the receiver's action: the recipient's receiving roles may; the sender is the wrong party (403).
    op: 'POST /api/v1/referrals/{id}/transitions', kind: 'case', path: (w) => `${A}/referrals/${w.ids.referralId}/transitions`, body: (w) => ({ version: w.ids.referralVersion, action: 'start' }),
    expect: (c) => (![...HANDLERS, 'service_provider'].includes(c.role) ? 403 : c.scope === 'recipient' ? (RECEIVERS.includes(c.role) ? 'ok' : 403) : c.scope === 'own' ? 403 : 404),
  },
  {
    op: 'POST /api/v1/referrals/{id}/deliveries', kind: 'case', path: (w) => `${A}/referrals/${w.ids.referralId}/deliveries`,
    body: () => ({ deliveredOn: localDay(), units: 1, unit: 'nights', outcome: 'delivered' }),
    expect: (c) => (![...HANDLERS, 'service_provider'].includes(c.role) ? 403 : c.scope === 'recipient' ? (RECEIVERS.includes(c.role) ? 'ok' : 403) : c.scope === 'own' ? 403 : 404),
  },
  {
    op: 'POST /api/v1/cases/{id}/transfers', kind: 'case', path: (w) => `${CASE(w)}/transfers`, body: (w) => ({ toOrganisationId: w.org.other, reason: 'She moved.' }),
    expect: caseWrite({ roles: ['case_worker', 'case_supervisor'] }),
  },
  { op: 'GET /api/v1/transfers', kind: 'case', path: () => `${A}/transfers`, expect: roleOnly([...HANDLERS, 'service_provider']) },
  {
    // Cancelling is the sender's: the recipient's case workers may accept or decline, not cancel (403).
    op: 'POST /api/v1/transfers/{id}/respond', kind: 'case', path: (w) => `${A}/transfers/${w.ids.transferId}/respond`, body: () => ({ version: 1, action: 'cancel' }), phase: 'last',
    expect: (c) => (![...HANDLERS, 'service_provider'].includes(c.role) ? 403 : c.scope === 'own' ? (['case_worker', 'case_supervisor'].includes(c.role) ? 'ok' : 403) : c.scope === 'recipient' ? 403 : 404),
  },
  { op: 'GET /api/v1/cases/{id}/pathway', kind: 'case', path: (w) => `${CASE(w)}/pathway`, expect: caseRead('manager') },
  { op: 'GET /api/v1/inbox', kind: 'org', path: () => `${A}/inbox`, expect: anyone },

  // --- Requests from the person (law 09-08): the managing organisation's case workers and supervisors; anyone else 404
  { op: 'GET /api/v1/cases/{id}/subject-requests', kind: 'case', path: (w) => `${CASE(w)}/subject-requests`, expect: subjectRights },
  { op: 'POST /api/v1/cases/{id}/subject-requests', kind: 'case', path: (w) => `${CASE(w)}/subject-requests`, body: () => ({ kind: 'access', receivedOn: '2026-01-06' }), expect: subjectRights },
  {
    op: 'POST /api/v1/cases/{id}/subject-requests/{requestId}/identity-check', kind: 'case', path: (w) => `${CASE(w)}/subject-requests/${w.ids.subjectRequestId}/identity-check`,
    body: () => ({ version: 1, identityCheck: 'Seen in person again.' }), expect: subjectRights,
  },
  {
    op: 'GET /api/v1/cases/{id}/subject-requests/{requestId}/export', kind: 'case', path: (w) => `${CASE(w)}/subject-requests/${w.ids.subjectRequestId}/export?format=json`,
    expect: subjectRights, fields: 'none',
  },
  {
    op: 'POST /api/v1/cases/{id}/subject-requests/{requestId}/decision', kind: 'case', path: (w) => `${CASE(w)}/subject-requests/${w.ids.subjectRequestId}/decision`,
    body: () => ({ version: 2, status: 'withdrawn' }), expect: subjectRights, phase: 'last',
  },
  {
    op: 'POST /api/v1/cases/{id}/subject-requests/{requestId}/response', kind: 'case', path: (w) => `${CASE(w)}/subject-requests/${w.ids.subjectRequestId}/response`,
    body: () => ({ version: 3, sentOn: '2026-01-07' }), expect: subjectRights, phase: 'last',
  },
  {
    op: 'POST /api/v1/cases/{id}/subject-requests/{requestId}/lift', kind: 'case', path: (w) => `${CASE(w)}/subject-requests/${w.ids.subjectRequestId}/lift`,
    body: () => ({ version: 1 }), expect: subjectRights, phase: 'last',
  },

  // --- One person, counted once: candidate notice (roles that register; for a record, its managing organisation)
  // and link requests (case workers and supervisors of either side; the link is a twin organisation's request to M)
  { op: 'POST /api/v1/persons/match-candidates', kind: 'global', path: () => `${A}/persons/match-candidates`, body: () => ({ givenNames: 'Fatima Zahra', sex: 'female' }), expect: roleOnly(HANDLERS) },
  { op: 'GET /api/v1/persons/{id}/match-candidates', kind: 'case', path: (w) => `${A}/persons/${w.ids.personId}/match-candidates`, expect: caseRead('manager', { roles: HANDLERS }) },
  { op: 'GET /api/v1/person-links', kind: 'org', path: () => `${A}/person-links`, expect: roleOnly(LINKERS) },
  {
    // M's record to the twin's (already asked the other way round: a 400 that still proves access).
    op: 'POST /api/v1/person-links', kind: 'case', path: () => `${A}/person-links`, body: (w) => ({ fromPersonId: w.ids.personId, candidate: w.ids.matchHandle }),
    expect: caseWrite({ roles: LINKERS, gate: LINKERS }),
  },
  { op: 'POST /api/v1/person-links/{id}/accept', kind: 'org', path: (w) => `${A}/person-links/${w.ids.personLinkId}/accept`, body: () => ({ version: 1 }), expect: linkSide },
  { op: 'POST /api/v1/person-links/{id}/decline', kind: 'org', path: (w) => `${A}/person-links/${w.ids.personLinkId}/decline`, body: () => ({ version: 1, reason: 'Not the same person.' }), expect: linkSide },
  { op: 'POST /api/v1/person-links/{id}/unlink', kind: 'org', path: (w) => `${A}/person-links/${w.ids.personLinkId}/unlink`, body: () => ({ version: 2 }), expect: linkSide, phase: 'last' },

  // --- Care plan and conferences
  { op: 'GET /api/v1/cases/{id}/care-plan', kind: 'case', path: (w) => `${CASE(w)}/care-plan`, expect: caseRead('minimal') },
  { op: 'PUT /api/v1/cases/{id}/care-plan/durable-solution', kind: 'case', path: (w) => `${CASE(w)}/care-plan/durable-solution`, body: () => ({ version: 1, track: 'local_integration', status: 'exploring' }), expect: caseWrite() },
  // Steps of the durable-solution plan: written by the managing organisation; the responsible organisation (the
  // referral recipient here, which sees the case) may only move its own step's status along.
  { op: 'POST /api/v1/cases/{id}/care-plan/durable-solution/steps', kind: 'case', path: (w) => `${CASE(w)}/care-plan/durable-solution/steps`, body: (w) => ({ title: 'Family assessment', responsibleOrganisationId: w.org.own }), expect: caseWrite() },
  {
    op: 'PATCH /api/v1/cases/{id}/care-plan/durable-solution/steps/{stepId}', kind: 'case', path: (w) => `${CASE(w)}/care-plan/durable-solution/steps/${w.ids.durableStepId}`, body: () => ({ version: 1, status: 'in_progress' }),
    expect: caseWrite({ grantee: (c) => (c.scope === 'recipient' ? 'ok' : 403) }),
  },
  { op: 'POST /api/v1/cases/{id}/care-plan/assessments', kind: 'case', path: (w) => `${CASE(w)}/care-plan/assessments`, body: () => ({ assessedOn: '2026-01-02', needs: [{ domain: 'health', level: 'low' }] }), expect: caseWrite() },
  { op: 'POST /api/v1/cases/{id}/care-plan/goals', kind: 'case', path: (w) => `${CASE(w)}/care-plan/goals`, body: () => ({ domain: 'legal', text: 'Legal aid' }), expect: caseWrite() },
  { op: 'PATCH /api/v1/cases/{id}/care-plan/goals/{goalId}', kind: 'case', path: (w) => `${CASE(w)}/care-plan/goals/${w.ids.goalId}`, body: () => ({ version: 1, status: 'in_progress' }), expect: caseWrite() },
  { op: 'POST /api/v1/cases/{id}/care-plan/actions', kind: 'case', path: (w) => `${CASE(w)}/care-plan/actions`, body: (w) => ({ title: 'Call the shelter', responsibleOrganisationId: w.org.own }), expect: caseWrite() },
  {
    // The organisation responsible for the action (the recipient) moves its status along.
    op: 'PATCH /api/v1/cases/{id}/care-plan/actions/{actionId}', kind: 'case', path: (w) => `${CASE(w)}/care-plan/actions/${w.ids.actionId}`, body: () => ({ version: 1, status: 'in_progress' }),
    expect: caseWrite({ grantee: (c) => (c.scope === 'recipient' ? 'ok' : 403) }),
  },
  { op: 'GET /api/v1/cases/{id}/conferences', kind: 'case', path: (w) => `${CASE(w)}/conferences`, expect: caseRead('manager') },
  { op: 'POST /api/v1/cases/{id}/conferences', kind: 'case', path: (w) => `${CASE(w)}/conferences`, body: (w) => ({ heldOn: '2026-01-03', participantOrganisationIds: [w.org.own], minutes: 'Met again.' }), expect: caseWrite() },
  {
    op: 'POST /api/v1/cases/{id}/conferences/{conferenceId}/decisions/{decisionId}/action', kind: 'case',
    path: (w) => `${CASE(w)}/conferences/${w.ids.conferenceId}/decisions/${w.ids.decisionIds[0]}/action`, body: (w) => ({ responsibleOrganisationId: w.org.own }), expect: caseWrite(),
  },
  {
    op: 'POST /api/v1/cases/{id}/conferences/{conferenceId}/decisions/{decisionId}/task', kind: 'case',
    path: (w) => `${CASE(w)}/conferences/${w.ids.conferenceId}/decisions/${w.ids.decisionIds[1]}/task`, body: (w) => ({ assigneeOrganisationId: w.org.own, dueOn: '2099-01-01' }), expect: caseWrite(),
  },

  // --- Justice: proceedings exist only for justice users (the authority's justice liaison); everyone else gets 404.
  { op: 'GET /api/v1/justice/proceedings', kind: 'org', path: () => `${A}/justice/proceedings`, expect: justiceOnly },
  { op: 'POST /api/v1/justice/proceedings', kind: 'org', path: () => `${A}/justice/proceedings`, body: () => ({ offences: ['448-2-labour'], stage: 'complaint', complaintOn: '2026-01-05' }), expect: justiceOnly },
  { op: 'GET /api/v1/justice/proceedings/{id}', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}`, expect: justiceOnly },
  { op: 'PATCH /api/v1/justice/proceedings/{id}', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}`, body: () => ({ version: 1, jurisdiction: 'Chambre criminelle' }), expect: justiceOnly },
  {
    op: 'POST /api/v1/justice/proceedings/{id}/defendants', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}/defendants`,
    body: () => ({ sex: 'male', ageGroup: '25_34', roles: ['exploiter'], relationshipToVictim: 'employer' }), expect: justiceOnly,
  },
  {
    op: 'PATCH /api/v1/justice/proceedings/{id}/defendants/{defendantId}', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}/defendants/${w.ids.defendantId}`,
    body: () => ({ version: 1, prosecuted: true }), expect: justiceOnly,
  },
  { op: 'POST /api/v1/justice/proceedings/{id}/victims', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}/victims`, body: (w) => ({ caseId: w.ids.caseId }), expect: justiceOnly },
  {
    op: 'POST /api/v1/justice/proceedings/{id}/victims/{victimId}/measures', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}/victims/${w.ids.victimId}/measures`,
    body: () => ({ measure: 'anonymity', requestedBy: 'victim', requestedOn: '2026-01-06' }), expect: justiceOnly,
  },
  {
    op: 'PATCH /api/v1/justice/proceedings/{id}/measures/{measureId}', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}/measures/${w.ids.measureId}`,
    body: () => ({ version: 1, status: 'requested' }), expect: justiceOnly,
  },
  {
    op: 'POST /api/v1/justice/proceedings/{id}/victims/{victimId}/reveal-contact', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}/victims/${w.ids.victimId}/reveal-contact`,
    body: () => ({ reason: 'Summons to the trial hearing.' }), expect: justiceOnly,
  },
  // The victim's compensation claim, its order and payment: recorded by justice users only (404 for everyone else).
  {
    op: 'POST /api/v1/justice/proceedings/{id}/victims/{victimId}/compensation', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}/victims/${w.ids.victimId}/compensation`,
    body: () => ({ filedOn: '2026-01-06', amountClaimed: 5000, representedBy: 'self' }), expect: justiceOnly,
  },
  {
    op: 'PATCH /api/v1/justice/proceedings/{id}/compensation/{claimId}', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}/compensation/${w.ids.compensationId}`,
    body: () => ({ version: 1, amountClaimed: 120000 }), expect: justiceOnly,
  },
  { op: 'POST /api/v1/justice/proceedings/{id}/hearings', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}/hearings`, body: () => ({ kind: 'trial', date: '2099-02-01', time: '10:00' }), expect: justiceOnly },
  {
    op: 'PATCH /api/v1/justice/proceedings/{id}/hearings/{hearingId}', kind: 'org', path: (w) => `${A}/justice/proceedings/${w.ids.proceedingId}/hearings/${w.ids.hearingId}`,
    body: () => ({ version: 1, status: 'postponed' }), expect: justiceOnly,
  },
  { op: 'GET /api/v1/justice/victim-candidates', kind: 'org', path: () => `${A}/justice/victim-candidates`, expect: justiceOnly },
  { op: 'GET /api/v1/justice/statistics', kind: 'global', path: () => `${A}/justice/statistics`, expect: analystOnly },
  {
    // The victim's justice track is the managing organisation's (its case handlers and justice liaison). For
    // everyone else with a case role it does not exist (404, not 403: like proceedings for non-justice users).
    op: 'GET /api/v1/cases/{id}/justice', kind: 'case', path: (w) => `${CASE(w)}/justice`,
    expect: (c) => (!CASE_ROLES.includes(c.role) ? 403 : c.scope === 'own' && [...HANDLERS, 'justice_liaison'].includes(c.role) ? 'ok' : 404),
  },
  {
    // The managing organisation, or a justice user who sees the case (the authority's justice liaison).
    op: 'POST /api/v1/cases/{id}/non-punishment', kind: 'case', path: (w) => `${CASE(w)}/non-punishment`, body: () => ({ offence: 'begging', accusedOn: '2026-01-05' }),
    expect: caseWrite({ roles: [...HANDLERS, 'justice_liaison'], grantee: (c) => (c.scope === 'authority' && c.role === 'justice_liaison' ? 'ok' : 403) }),
  },
  {
    op: 'PATCH /api/v1/cases/{id}/non-punishment/{recordId}', kind: 'case', path: (w) => `${CASE(w)}/non-punishment/${w.ids.nonPunishmentId}`, body: () => ({ version: 1, status: 'open' }),
    expect: caseWrite({ roles: [...HANDLERS, 'justice_liaison'], grantee: (c) => (c.scope === 'authority' && c.role === 'justice_liaison' ? 'ok' : 403) }),
  },

  // --- National statistics: commission analysts only
  { op: 'GET /api/v1/statistics', kind: 'global', path: () => `${A}/statistics`, expect: analystOnly },
  { op: 'GET /api/v1/statistics/exports/glotip', kind: 'global', path: () => `${A}/statistics/exports/glotip`, expect: analystOnly },
  { op: 'GET /api/v1/statistics/exports/glotip-persons', kind: 'global', path: () => `${A}/statistics/exports/glotip-persons`, expect: analystOnly },
  { op: 'GET /api/v1/statistics/exports/ctdc', kind: 'global', path: () => `${A}/statistics/exports/ctdc`, expect: analystOnly },
  { op: 'GET /api/v1/statistics/exports/ctdc/report', kind: 'global', path: () => `${A}/statistics/exports/ctdc/report`, expect: analystOnly },
  { op: 'GET /api/v1/statistics/exports/sdg-16-2-2', kind: 'global', path: () => `${A}/statistics/exports/sdg-16-2-2`, expect: analystOnly },
  { op: 'GET /api/v1/statistics/exports/sdg-16-2-2.csv', kind: 'global', path: () => `${A}/statistics/exports/sdg-16-2-2.csv`, expect: analystOnly },
  { op: 'POST /api/v1/statistics/export-jobs', kind: 'global', path: () => `${A}/statistics/export-jobs`, body: () => ({ kind: 'glotip', year: 2025 }), expect: analystOnly },
  { op: 'GET /api/v1/statistics/export-jobs', kind: 'global', path: () => `${A}/statistics/export-jobs`, expect: analystOnly },
  // An export job (and its file) is personal to the analyst who asked for it (the own organisation's): another
  // analyst gets 404. The file may not be ready yet: it runs with the writes (a 409 still passed the checks).
  { op: 'GET /api/v1/statistics/export-jobs/{id}', kind: 'global', path: (w) => `${A}/statistics/export-jobs/${w.ids.exportJobId}`, expect: (c) => (c.role !== 'commission_analyst' ? 403 : c.scope === 'own' ? 'ok' : 404) },
  {
    op: 'GET /api/v1/statistics/export-jobs/{id}/file', kind: 'global', path: (w) => `${A}/statistics/export-jobs/${w.ids.exportJobId}/file`, phase: 'write',
    expect: (c) => (c.role !== 'commission_analyst' ? 403 : c.scope === 'own' ? 'ok' : 404),
  },
  { op: 'GET /api/v1/statistics/reports/{year}/{lang}', kind: 'global', path: () => `${A}/statistics/reports/2025/fr`, expect: analystOnly },
  {
    op: 'PUT /api/v1/statistics/reports/{year}/{lang}/sections/{section}', kind: 'global', path: () => `${A}/statistics/reports/2025/fr/sections/context`,
    body: () => ({ version: 0, text: 'Contexte matrice.' }), expect: analystOnly,
  },
  { op: 'GET /api/v1/statistics/reports/{year}/{lang}/sections/{section}/history', kind: 'global', path: () => `${A}/statistics/reports/2025/fr/sections/context/history`, expect: analystOnly },
  { op: 'POST /api/v1/statistics/report-jobs', kind: 'global', path: () => `${A}/statistics/report-jobs`, body: () => ({ year: 2025, lang: 'fr' }), expect: analystOnly, phase: 'last' },
  // No report job is generated in the matrix (it needs Chromium): for analysts the unknown job is 404, past the role check.
  { op: 'GET /api/v1/statistics/report-jobs/{id}', kind: 'global', path: () => `${A}/statistics/report-jobs/${NO_JOB}`, expect: (c) => (c.role === 'commission_analyst' ? 404 : 403) },
  { op: 'GET /api/v1/statistics/report-jobs/{id}/pdf', kind: 'global', path: () => `${A}/statistics/report-jobs/${NO_JOB}/pdf`, expect: (c) => (c.role === 'commission_analyst' ? 404 : 403) },
  { op: 'GET /api/v1/statistics/report-jobs/{id}/docx', kind: 'global', path: () => `${A}/statistics/report-jobs/${NO_JOB}/docx`, expect: (c) => (c.role === 'commission_analyst' ? 404 : 403) },

  // --- Recommendations (addressed to the own organisation) and the national action plan (led by it)
  { op: 'GET /api/v1/recommendations', kind: 'org', path: () => `${A}/recommendations`, expect: anyone },
  { op: 'POST /api/v1/recommendations', kind: 'global', path: () => `${A}/recommendations`,
    body: (w) => ({ sourceType: 'workshop', sourceEvent: 'Atelier', adoptedOn: '2025-05-05', textFr: 'Former les inspecteurs du travail.', textAr: 'تكوين مفتشي الشغل في الجهات.', addressedTo: [w.org.own] }), expect: analystOnly },
  { op: 'GET /api/v1/recommendations/{id}', kind: 'org', path: (w) => `${A}/recommendations/${w.ids.recommendationId}`, expect: orgRecord({ gate: ANY, national: ['commission_analyst'] }) },
  {
    op: 'PATCH /api/v1/recommendations/{id}', kind: 'org', path: (w) => `${A}/recommendations/${w.ids.recommendationId}`, body: () => ({ version: 1, status: 'in_progress' }),
    expect: orgRecord({ gate: ANY, national: ['commission_analyst'], writers: [] }),
  },
  { op: 'GET /api/v1/action-plans', kind: 'global', path: () => `${A}/action-plans`, expect: anyone },
  { op: 'POST /api/v1/action-plans', kind: 'global', path: () => `${A}/action-plans`, body: () => ({ code: `PN-${Math.random().toString(36).slice(2, 6)}`, titleFr: 'Plan matrice', titleAr: 'خطة المصفوفة', titleEn: 'Matrix plan', startYear: 2025, endYear: 2030 }), expect: analystOnly },
  { op: 'GET /api/v1/action-plans/summary', kind: 'global', path: () => `${A}/action-plans/summary?year=2026`, expect: analystOnly },
  { op: 'POST /api/v1/action-plans/import', kind: 'global', path: () => `${A}/action-plans/import`, upload: upload('plan.txt', 'text/plain', 'not a workbook'), expect: analystOnly },
  { op: 'GET /api/v1/action-plans/{id}/export', kind: 'global', path: (w) => `${A}/action-plans/${w.ids.planId}/export`, expect: analystOnly },
  { op: 'GET /api/v1/action-plans/{id}', kind: 'global', path: (w) => `${A}/action-plans/${w.ids.planId}`, expect: anyone },
  { op: 'PATCH /api/v1/action-plans/{id}', kind: 'global', path: (w) => `${A}/action-plans/${w.ids.planId}`, body: () => ({ version: 1, titleEn: 'Matrix plan (renamed)' }), expect: analystOnly },
  { op: 'POST /api/v1/action-plans/{id}/objectives', kind: 'global', path: (w) => `${A}/action-plans/${w.ids.planId}/objectives`, body: () => ({ pillar: 'protection', code: `O${Math.random().toString(36).slice(2, 6)}`, titleFr: 'Protéger', titleAr: 'الحماية' }), expect: analystOnly },
  { op: 'PATCH /api/v1/plan-objectives/{id}', kind: 'global', path: (w) => `${A}/plan-objectives/${w.ids.objectiveId}`, body: () => ({ version: 1, titleFr: 'Mieux protéger' }), expect: analystOnly },
  {
    op: 'POST /api/v1/plan-objectives/{id}/actions', kind: 'global', path: (w) => `${A}/plan-objectives/${w.ids.objectiveId}/actions`,
    body: (w) => ({ code: `A${Math.random().toString(36).slice(2, 6)}`, titleFr: 'Action matrice', titleAr: 'إجراء المصفوفة', leadOrganisationId: w.org.own, startDate: '2025-01-01', endDate: '2026-12-31' }), expect: analystOnly,
  },
  { op: 'GET /api/v1/plan-actions/{id}', kind: 'org', path: (w) => `${A}/plan-actions/${w.ids.planActionId}`, expect: anyone },
  { op: 'PATCH /api/v1/plan-actions/{id}', kind: 'global', path: (w) => `${A}/plan-actions/${w.ids.planActionId}`, body: () => ({ version: 1, status: 'on_track' }), expect: analystOnly },
  {
    op: 'POST /api/v1/plan-actions/{id}/indicators', kind: 'global', path: (w) => `${A}/plan-actions/${w.ids.planActionId}/indicators`,
    body: () => ({ code: `I${Math.random().toString(36).slice(2, 6)}`, titleFr: 'Indicateur matrice', titleAr: 'مؤشر المصفوفة', unit: 'count', frequency: 'annual' }), expect: analystOnly,
  },
  { op: 'PATCH /api/v1/plan-indicators/{id}', kind: 'global', path: (w) => `${A}/plan-indicators/${w.ids.indicatorId}`, body: () => ({ version: 1, baselineValue: 3 }), expect: analystOnly },
  {
    // The focal points of the lead organisation (its administrator and supervisors) report; the action is public.
    op: 'POST /api/v1/plan-actions/{id}/reports', kind: 'org', path: (w) => `${A}/plan-actions/${w.ids.planActionId}/reports`, body: () => ({ period: '2026', actionStatus: 'on_track', values: [] }),
    expect: (c) => (c.scope === 'own' && ['org_admin', 'case_supervisor'].includes(c.role) ? 'ok' : 403),
  },
  { op: 'GET /api/v1/plan-reports', kind: 'org', path: () => `${A}/plan-reports`, expect: anyone },
  { op: 'GET /api/v1/plan-reports/due', kind: 'org', path: () => `${A}/plan-reports/due`, expect: anyone },
  { op: 'GET /api/v1/plan-reports/{id}', kind: 'org', path: (w) => `${A}/plan-reports/${w.ids.reportId}`, expect: orgRecord({ gate: ANY, national: ['commission_analyst'] }) },
  {
    op: 'PATCH /api/v1/plan-reports/{id}', kind: 'org', path: (w) => `${A}/plan-reports/${w.ids.reportId}`, body: () => ({ version: 1, actionStatus: 'delayed' }),
    expect: (c) => (c.scope === 'own' ? (['org_admin', 'case_supervisor'].includes(c.role) ? 'ok' : 403) : c.role === 'commission_analyst' ? 403 : 404),
  },
  {
    op: 'POST /api/v1/plan-reports/{id}/transitions', kind: 'org', path: (w) => `${A}/plan-reports/${w.ids.reportId}/transitions`, body: () => ({ version: 1, action: 'submit' }), phase: 'last',
    expect: (c) => (c.scope === 'own' ? (['org_admin', 'case_supervisor'].includes(c.role) ? 'ok' : 403) : c.role === 'commission_analyst' ? 403 : 404),
  },
  {
    op: 'POST /api/v1/plan-reports/{id}/evidence', kind: 'org', path: (w) => `${A}/plan-reports/${w.ids.reportId}/evidence`, upload: upload('evidence.pdf', 'application/pdf', PDF),
    expect: (c) => (c.scope === 'own' ? (['org_admin', 'case_supervisor'].includes(c.role) ? 'ok' : 403) : c.role === 'commission_analyst' ? 403 : 404),
  },
  { op: 'GET /api/v1/plan-reports/{id}/evidence', kind: 'org', path: (w) => `${A}/plan-reports/${w.ids.reportId}/evidence`, expect: orgRecord({ gate: ANY, national: ['commission_analyst'] }) },

  // --- Prevention and partnership registers (organised by / party / handled by the own organisation)
  { op: 'GET /api/v1/activities/summary', kind: 'global', path: () => `${A}/activities/summary?year=2026`, expect: analystOnly },
  { op: 'GET /api/v1/activities/campaigns', kind: 'org', path: () => `${A}/activities/campaigns`, expect: roleOnly(['commission_analyst', 'org_admin', 'case_supervisor']) },
  { op: 'POST /api/v1/activities/campaigns', kind: 'org', path: () => `${A}/activities/campaigns`, body: (w, c) => campaignBody(orgOf(w, c)), expect: roleOnly(['commission_analyst', 'org_admin', 'case_supervisor']) },
  { op: 'GET /api/v1/activities/campaigns/{id}', kind: 'org', path: (w) => `${A}/activities/campaigns/${w.ids.campaignId}`, expect: orgRecord({ gate: ['commission_analyst', 'org_admin', 'case_supervisor'], national: ['commission_analyst'] }) },
  {
    op: 'PATCH /api/v1/activities/campaigns/{id}', kind: 'org', path: (w) => `${A}/activities/campaigns/${w.ids.campaignId}`, body: () => ({ version: 1, status: 'ongoing' }),
    expect: orgRecord({ gate: ['commission_analyst', 'org_admin', 'case_supervisor'], national: ['commission_analyst'], writers: ['org_admin', 'case_supervisor'] }),
  },
  { op: 'GET /api/v1/activities/trainings', kind: 'org', path: () => `${A}/activities/trainings`, expect: roleOnly(['commission_analyst', 'org_admin', 'case_supervisor']) },
  { op: 'POST /api/v1/activities/trainings', kind: 'org', path: () => `${A}/activities/trainings`, body: (w, c) => trainingBody(orgOf(w, c)), expect: roleOnly(['commission_analyst', 'org_admin', 'case_supervisor']) },
  { op: 'GET /api/v1/activities/trainings/{id}', kind: 'org', path: (w) => `${A}/activities/trainings/${w.ids.trainingId}`, expect: orgRecord({ gate: ['commission_analyst', 'org_admin', 'case_supervisor'], national: ['commission_analyst'] }) },
  {
    op: 'PATCH /api/v1/activities/trainings/{id}', kind: 'org', path: (w) => `${A}/activities/trainings/${w.ids.trainingId}`, body: () => ({ version: 1, hours: 7 }),
    expect: orgRecord({ gate: ['commission_analyst', 'org_admin', 'case_supervisor'], national: ['commission_analyst'], writers: ['org_admin', 'case_supervisor'] }),
  },
  { op: 'GET /api/v1/activities/agreements', kind: 'org', path: () => `${A}/activities/agreements`, expect: roleOnly(['commission_analyst', 'org_admin', 'case_supervisor']) },
  { op: 'POST /api/v1/activities/agreements', kind: 'org', path: () => `${A}/activities/agreements`, body: (w) => agreementBody(w.org.own), expect: analystOnly },
  { op: 'GET /api/v1/activities/agreements/{id}', kind: 'org', path: (w) => `${A}/activities/agreements/${w.ids.agreementId}`, expect: orgRecord({ gate: ['commission_analyst', 'org_admin', 'case_supervisor'], national: ['commission_analyst'] }) },
  {
    op: 'PATCH /api/v1/activities/agreements/{id}', kind: 'org', path: (w) => `${A}/activities/agreements/${w.ids.agreementId}`, body: () => ({ version: 1, description: 'Matrix.' }),
    expect: orgRecord({ gate: ['commission_analyst', 'org_admin', 'case_supervisor'], national: ['commission_analyst'], writers: [] }),
  },
  {
    op: 'POST /api/v1/activities/agreements/{id}/document', kind: 'org', path: (w) => `${A}/activities/agreements/${w.ids.agreementId}/document`, upload: upload('convention.pdf', 'application/pdf', PDF),
    expect: orgRecord({ gate: ['commission_analyst', 'org_admin', 'case_supervisor'], national: ['commission_analyst'], writers: [] }),
  },
  { op: 'GET /api/v1/activities/agreements/{id}/document', kind: 'org', path: (w) => `${A}/activities/agreements/${w.ids.agreementId}/document`, expect: orgRecord({ gate: ['commission_analyst', 'org_admin', 'case_supervisor'], national: ['commission_analyst'] }) },
  { op: 'GET /api/v1/activities/cooperation-requests', kind: 'org', path: () => `${A}/activities/cooperation-requests`, expect: roleOnly(['commission_analyst', 'justice_liaison']) },
  { op: 'POST /api/v1/activities/cooperation-requests', kind: 'org', path: () => `${A}/activities/cooperation-requests`, body: (w, c) => cooperationBody(orgOf(w, c)), expect: roleOnly(['commission_analyst', 'justice_liaison']) },
  { op: 'GET /api/v1/activities/cooperation-requests/{id}', kind: 'org', path: (w) => `${A}/activities/cooperation-requests/${w.ids.cooperationId}`, expect: orgRecord({ gate: ['commission_analyst', 'justice_liaison'], national: ['commission_analyst'] }) },
  {
    op: 'PATCH /api/v1/activities/cooperation-requests/{id}', kind: 'org', path: (w) => `${A}/activities/cooperation-requests/${w.ids.cooperationId}`, body: () => ({ version: 1, authority: 'Autre autorité' }),
    expect: orgRecord({ gate: ['commission_analyst', 'justice_liaison'], national: ['commission_analyst'], writers: ['justice_liaison'] }),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The field walk: the OpenAPI response schema alongside the JSON answer

type Schema = Record<string, unknown>;
type Doc = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>; components?: { schemas?: Record<string, Schema> } };

function resolve(doc: Doc, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur && typeof cur.$ref === 'string' && i < 20; i += 1) {
    const name = (cur.$ref as string).replace(/^#\/components\/schemas\//, '');
    cur = doc.components?.schemas?.[name];
  }
  return cur;
}

/** The category a property is marked with, on itself or on a member of its anyOf/oneOf/allOf. */
function markOf(doc: Doc, s: Schema | undefined): string | undefined {
  const r = resolve(doc, s);
  if (!r) return undefined;
  if (typeof r[CATEGORY_KEY] === 'string') return r[CATEGORY_KEY] as string;
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    for (const m of (r[k] as Schema[] | undefined) ?? []) {
      const found = markOf(doc, m);
      if (found) return found;
    }
  }
  return undefined;
}

type Access = { manager: boolean; categories: ReadonlySet<string> };

function walk(doc: Doc, s: Schema | undefined, value: unknown, path: string, access: Access, out: { leaks: Set<string>; missing: Set<string> }, depth = 0): void {
  const r = resolve(doc, s);
  if (!r || value === null || value === undefined || depth > 30) return;
  for (const k of ['anyOf', 'oneOf', 'allOf']) for (const m of (r[k] as Schema[] | undefined) ?? []) walk(doc, m, value, path, access, out, depth + 1);
  if (Array.isArray(value)) {
    const items = r.items as Schema | undefined;
    if (items) value.forEach((v, i) => walk(doc, items, v, `${path}[${i}]`, access, out, depth + 1));
    return;
  }
  if (typeof value !== 'object') return;
  const props = (r.properties as Record<string, Schema> | undefined) ?? {};
  const obj = value as Record<string, unknown>;
  for (const [key, ps] of Object.entries(props)) {
    const mark = markOf(doc, ps);
    const present = key in obj && obj[key] !== undefined;
    const at = path ? `${path}.${key}` : key;
    if (mark) {
      if (access.manager && !present) out.missing.add(`${at} (${mark})`);
      if (!access.manager && present && (mark === 'manager' || !access.categories.has(mark))) out.leaks.add(`${at} (${mark})`);
    }
    if (present) walk(doc, ps, obj[key], at, access, out, depth + 1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Running

type Combo = { row: Row; caller: Caller; expected: Expected | 'unauthenticated' };

function combosOf(row: Row): Combo[] {
  const out: Combo[] = [{ row, caller: { scope: null, role: null }, expected: row.anonymous ?? 'unauthenticated' }];
  for (const scope of SCOPES_OF[row.kind]) for (const role of ROLES) out.push({ row, caller: { scope, role }, expected: row.expect({ scope, role }, undefined as unknown as World) });
  return out;
}

const isWrite = (row: Row) => (row.phase ?? (row.op.startsWith('GET ') ? 'read' : 'write')) !== 'read';
const phaseOf = (row: Row) => row.phase ?? (row.op.startsWith('GET ') ? 'read' : 'write');
const allowed = (e: Combo['expected']) => e === 'ok' || (typeof e === 'object' && e.status < 400);
const who = (c: Caller) => (c.scope ? `${c.role}@${c.scope}` : 'anonymous');

async function send(w: World, combo: Combo): Promise<LightMyRequestResponse> {
  const client: Client = combo.caller.scope ? w.users[combo.caller.scope][combo.caller.role] : w.anon;
  const { row } = combo;
  const method = row.op.split(' ')[0]!;
  const url = row.path(w, combo.caller);
  if (row.upload) {
    const u = row.upload();
    return client.request(method, url, u.body, u.headers);
  }
  const body = row.body ? row.body(w, combo.caller) : method === 'GET' ? undefined : {};
  return client.request(method, url, body);
}

function accessOf(row: Row, c: Caller): Access | null {
  if (row.fields === 'none') return null;
  if (row.fields === 'manager' || c.scope === 'own') return { manager: true, categories: new Set(DATA_CATEGORIES) };
  return { manager: false, categories: c.scope ? GRANTS[c.scope] : new Set() };
}

/** The failures of one answer (empty when it is what the matrix expects). */
function judge(w: World, doc: Doc, combo: Combo, res: LightMyRequestResponse, write: boolean): string[] {
  const { row, caller, expected } = combo;
  const got = res.statusCode;
  const label = `${row.op} as ${who(caller)}`;
  let code: string | undefined;
  try {
    code = (res.json() as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  const fails: string[] = [];
  const detail = () => (got >= 400 && got !== 401 && got !== 403 && got !== 404 ? ` ${res.body.slice(0, 200)}` : '');
  if (expected === 'unauthenticated') {
    if (got !== 401 || code !== 'UNAUTHENTICATED') fails.push(`${label}: expected 401 UNAUTHENTICATED, got ${got} ${code ?? ''}`);
    return fails;
  }
  if (typeof expected === 'number') {
    const want = expected === 403 ? 'FORBIDDEN' : 'NOT_FOUND';
    if (got !== expected || code !== want) fails.push(`${label}: expected ${expected} ${want}, got ${got} ${code ?? ''}${detail()}`);
    return fails;
  }
  if (typeof expected === 'object') {
    if (got !== expected.status || code !== expected.code) fails.push(`${label}: expected ${expected.status} ${expected.code}, got ${got} ${code ?? ''}${detail()}`);
    return fails;
  }
  // Allowed.
  const unavailable = row.unavailableOk && got === 503 && code === 'DOCUMENT_UNAVAILABLE';
  if (write ? [401, 403, 404].includes(got) || got >= 500 : !(got >= 200 && got < 300) && !unavailable) {
    fails.push(`${label}: expected ${write ? 'access (not 401/403/404/5xx)' : '2xx'}, got ${got} ${code ?? ''} ${res.body.slice(0, 160)}`);
    return fails;
  }
  const access = accessOf(row, caller);
  if (access && got >= 200 && got < 300 && String(res.headers['content-type'] ?? '').includes('application/json')) {
    const [method, path] = row.op.split(' ') as [string, string];
    const schema = doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(got)]?.content?.['application/json']?.schema;
    const out = { leaks: new Set<string>(), missing: new Set<string>() };
    walk(doc, schema, res.json(), '', access, out);
    for (const l of out.leaks) fails.push(`${label}: field leak ${l}`);
    for (const m of out.missing) fails.push(`${label}: field missing for the managing organisation ${m}`);
  }
  const problem = row.check && caller.scope && got < 300 ? row.check(w, caller, res.json()) : null;
  if (problem) fails.push(`${label}: ${problem}`);
  return fails;
}

async function inGroups<T>(items: T[], size: number, fn: (t: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Row counts, and the sum of `version` where a table has one: a denied write must change none of them. */
async function fingerprint(w: World): Promise<Map<string, string>> {
  const db = w.env.p.db;
  const postgres = w.env.config.database.kind === 'postgres';
  const tables = postgres
    ? (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db)).rows
    : (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db)).rows;
  // Sessions, the audit trail and sign-in throttling move on every request (last seen, denied accesses are audited).
  const skip = /^(sessions|audit_log|audit_head|login_throttle|kysely_.*)$/;
  const out = new Map<string, string>();
  for (const { name } of tables) {
    if (skip.test(name)) continue;
    const cols = postgres
      ? (await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${name}`.execute(db)).rows
      : (await sql<{ name: string }>`SELECT name FROM pragma_table_info(${name})`.execute(db)).rows;
    const hasVersion = cols.some((c) => c.name === 'version');
    const row = (await sql<{ n: number | string; v: number | string | null }>`SELECT COUNT(*) AS n, ${hasVersion ? sql`SUM(version)` : sql`0`} AS v FROM ${sql.table(name)}`.execute(db)).rows[0]!;
    out.set(name, `${row.n}/${row.v ?? 0}`);
  }
  return out;
}

const operationsOf = (doc: Doc) => Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${p}`));

for (const dialect of DIALECTS) {
  describe(`access matrix [${dialect}]`, () => {
    let w: World;
    let doc: Doc;
    let started = 0;
    beforeAll(async () => {
      const t0 = Date.now();
      started = t0;
      w = await buildMatrixWorld(dialect);
      console.log(`access matrix [${dialect}]: world built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await w.env.app.ready();
      doc = w.env.app.swagger() as unknown as Doc;
    });
    afterAll(async () => {
      await w?.env.close();
    });

    it('has a row for every operation of the OpenAPI document, and no row for an operation that is gone', () => {
      const ops = new Set(operationsOf(doc));
      const rows = new Set(ROWS.map((r) => r.op));
      expect(ROWS.length, 'duplicate rows').toBe(rows.size);
      expect([...ops].filter((o) => !rows.has(o)).sort(), 'operations without a matrix row').toEqual([]);
      expect([...rows].filter((o) => !ops.has(o)).sort(), 'matrix rows of operations that no longer exist').toEqual([]);
    });

    it('public routes outside the document stay public: health and the OpenAPI docs', async () => {
      expect((await w.anon.get('/healthz')).statusCode).toBe(200);
      const docs = await w.anon.get('/api/docs/json');
      expect(docs.statusCode).toBe(200);
      expect(Object.keys((docs.json() as Doc).paths).length).toBeGreaterThan(50);
    });

    it('the field walk sees the contract marks: a manager answer walked as an outsider leaks, an empty one misses', async () => {
      const res = await w.users.own.case_worker.get(`${A}/cases/${w.ids.caseId}`);
      expect(res.statusCode).toBe(200);
      const schema = doc.paths['/api/v1/cases/{id}']!.get!.responses!['200']!.content!['application/json']!.schema;
      const asOutsider = { leaks: new Set<string>(), missing: new Set<string>() };
      walk(doc, schema, res.json(), '', { manager: false, categories: new Set(['identity']) }, asOutsider);
      expect([...asOutsider.leaks]).toEqual(expect.arrayContaining(['story (exploitation_story)', 'notes (manager)', 'person.contacts (contact)']));
      expect([...asOutsider.leaks].some((l) => l.includes('(identity)'))).toBe(false);
      const empty = { leaks: new Set<string>(), missing: new Set<string>() };
      walk(doc, schema, { person: {} }, '', { manager: true, categories: new Set(DATA_CATEGORIES) }, empty);
      expect([...empty.missing]).toEqual(expect.arrayContaining(['story (exploitation_story)', 'person.healthNotes (health)']));
    });

    it('answers every endpoint × role × scope as the rules say, with exactly the allowed fields', async () => {
      const fails: string[] = [];
      const combos = ROWS.flatMap(combosOf);
      const reads = combos.filter((c) => !isWrite(c.row));
      const writes = combos.filter((c) => isWrite(c.row));
      // 1. Reads, a few at a time.
      await inGroups(reads, 6, async (c) => {
        fails.push(...judge(w, doc, c, await send(w, c), false));
      });
      // 2. Denied writes, with valid bodies: nothing may change.
      const before = await fingerprint(w);
      await inGroups(writes.filter((c) => !allowed(c.expected)), 6, async (c) => {
        fails.push(...judge(w, doc, c, await send(w, c), true));
      });
      const after = await fingerprint(w);
      for (const [t, v] of before) if (after.get(t) !== v) fails.push(`denied writes changed table ${t}: ${v} → ${after.get(t)}`);
      // 3. Allowed writes, once each, in table order; destructive ones ('last') at the end, sign-out last of all
      // (so this test runs after every other one of the suite).
      const allowedWrites = writes.filter((c) => allowed(c.expected));
      const order = (c: Combo) => (phaseOf(c.row) === 'last' ? (c.row.op.endsWith('/logout') ? 2 : 1) : 0);
      for (const c of [...allowedWrites].sort((a, b) => order(a) - order(b))) fails.push(...judge(w, doc, c, await send(w, c), true));

      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`access matrix [${dialect}]: ${ROWS.length} operations, ${combos.length} combinations (${reads.length} reads, ${writes.length} writes), ${fails.length} failures, ${seconds} s`);
      expect(fails).toEqual([]);
    }, 300_000);

    it('gives each scope the grants it is meant to have', () => {
      expect([...GRANTS.g_health]).toEqual(['health']);
      expect(GRANT_SCOPES.length).toBe(DATA_CATEGORIES.length);
      expect(GRANTS.other.size + GRANTS.revoked.size).toBe(0);
    });
  });
}
