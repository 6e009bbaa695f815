/**
 * The same five questions for every endpoint: anonymous → 401, wrong role → 403, another organisation's
 * record → 404, bad input → 400 with field errors, stale version → 409. Table-driven so a new endpoint
 * is one row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, anonymous, caseBody, createTestEnv, createUser, grant, login, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';

type Ctx = {
  env: TestEnv;
  c: Record<'worker' | 'provider' | 'adminA' | 'adminB' | 'sysadmin' | 'dpo' | 'analyst' | 'police' | 'prosecutor' | 'shelter' | 'outsider', Client>;
  ref: { serviceId: string; consentId: string; referralId: string; transferId: string };
  caseA: { id: string; version: number; personId: string; attachmentId: string };
  taskA: { id: string; version: number };
  userA: { id: string; version: number };
  orgB: { id: string; version: number };
  care: { goalId: string; actionId: string; conferenceId: string; decisionId: string };
  justice: { id: string; defendantId: string; victimId: string; measureId: string; hearingId: string; nonPunishmentId: string };
  rec: { id: string; version: number };
  act: { campaign: { id: string; version: number }; training: { id: string; version: number }; agreement: { id: string; version: number }; cooperation: { id: string; version: number } };
  plan: { id: string; objectiveId: string; actionId: string; indicatorId: string; reportId: string };
  subject: { id: string; version: number };
};

type Row = {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: (x: Ctx) => string;
  body?: (x: Ctx) => unknown;
  wrongRole?: (x: Ctx) => Client;
  /** A caller with the right role in another organisation, and the path to that organisation's record. */
  otherOrg?: (x: Ctx) => Client;
  badInput?: { by: (x: Ctx) => Client; path?: (x: Ctx) => string; body?: unknown; field: string; multipart?: boolean };
  stale?: { by: (x: Ctx) => Client; body: (x: Ctx) => unknown };
};

const campaignBody = (org: string) => ({
  titleFr: 'Campagne nationale', titleAr: 'حملة وطنية', theme: 'Traite', audiences: ['general_public'], channels: ['tv'], regions: ['MA-04'], languages: ['ar'],
  startOn: '2025-01-01', endOn: null, organiserId: org, partnerIds: [], peopleReached: null, actionId: null, status: 'ongoing', description: null,
});
const trainingBody = (org: string) => ({
  title: 'Formation des formateurs', topics: ['investigation'], startOn: '2025-01-01', endOn: '2025-01-02', regionCode: 'MA-04', organiserId: org, hours: 6,
  participants: [{ organisationType: 'police', women: 2, men: 3 }], description: null,
});
const agreementBody = (org: string) => ({
  title: 'Convention', parties: [{ organisationId: org }, { externalName: 'Ambassade', countryCode: 'FR' }], signedOn: '2025-01-01', effectiveFrom: null, effectiveTo: null,
  pillars: ['protection'], status: 'signed', description: null,
});
const cooperationBody = (org: string) => ({
  direction: 'incoming', type: 'information_exchange', countryCode: 'ES', authority: 'Fiscalía', handlingOrganisationId: org, openedOn: '2025-01-01', subject: 'Échange d’informations',
});

const ROWS: Row[] = [
  { name: 'GET /reference', method: 'GET', path: () => '/api/v1/reference', badInput: { by: (x) => x.c.worker, path: () => '/api/v1/reference?lang=xx', field: 'querystring.lang' } },
  { name: 'GET /organisations', method: 'GET', path: () => '/api/v1/organisations' },
  {
    name: 'POST /organisations', method: 'POST', path: () => '/api/v1/organisations', body: () => ({ name: 'New org', type: 'ngo' }),
    wrongRole: (x) => x.c.adminA, badInput: { by: (x) => x.c.sysadmin, body: { name: 'x', type: 'bakery' }, field: 'type' },
  },
  {
    name: 'PATCH /organisations/:id', method: 'PATCH', path: (x) => `/api/v1/organisations/${x.orgB.id}`, body: (x) => ({ version: x.orgB.version, name: 'Renamed B' }),
    wrongRole: (x) => x.c.adminB, badInput: { by: (x) => x.c.sysadmin, body: { version: 1, regionCode: 'Casablanca' }, field: 'regionCode' },
    stale: { by: (x) => x.c.sysadmin, body: () => ({ version: 999, name: 'Stale' }) },
  },
  { name: 'GET /users', method: 'GET', path: () => '/api/v1/users', wrongRole: (x) => x.c.worker },
  { name: 'GET /users/assignable', method: 'GET', path: () => '/api/v1/users/assignable', wrongRole: (x) => x.c.analyst },
  {
    name: 'POST /users', method: 'POST', path: () => '/api/v1/users',
    body: (x) => ({ email: `new-${Math.random()}@test.opennrm`, displayName: 'New', organisationId: x.env.orgs.a, roles: ['case_worker'], password: 'Long-enough-pass-1' }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.adminA, body: { email: 'not-an-email', displayName: 'x', roles: [], password: 'short' }, field: 'email' },
  },
  {
    name: 'PATCH /users/:id', method: 'PATCH', path: (x) => `/api/v1/users/${x.userA.id}`, body: (x) => ({ version: x.userA.version, displayName: 'Renamed' }),
    wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.adminA, body: { version: 1, roles: ['king'] }, field: 'roles.0' },
    stale: { by: (x) => x.c.adminA, body: () => ({ version: 999, displayName: 'Stale' }) },
  },
  {
    name: 'POST /users/:id/password-reset', method: 'POST', path: (x) => `/api/v1/users/${x.userA.id}/password-reset`, body: (x) => ({ version: x.userA.version, password: 'Another-long-pass-2' }),
    wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.adminA, body: { version: 1, password: 'short' }, field: 'password' },
    stale: { by: (x) => x.c.adminA, body: () => ({ version: 999, password: 'Another-long-pass-3' }) },
  },
  { name: 'GET /cases', method: 'GET', path: () => '/api/v1/cases', wrongRole: (x) => x.c.analyst, badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases?limit=0', field: 'querystring.limit' } },
  { name: 'GET /cases/export.csv', method: 'GET', path: () => '/api/v1/cases/export.csv', wrongRole: (x) => x.c.police, badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/export.csv?sex=dragon', field: 'querystring.sex' } },
  {
    name: 'POST /cases', method: 'POST', path: () => '/api/v1/cases', body: () => caseBody(), wrongRole: (x) => x.c.provider,
    badInput: { by: (x) => x.c.worker, body: { ...caseBody(), identifiedOn: '2026-02-30' }, field: 'identifiedOn' },
  },
  { name: 'GET /cases/:id', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/not-a-uuid', field: 'params.id' } },
  {
    name: 'PATCH /cases/:id', method: 'PATCH', path: (x) => `/api/v1/cases/${x.caseA.id}`, body: () => ({ version: 1, notes: 'x' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { version: 1, stage: 'flying' }, field: 'stage' },
    stale: { by: (x) => x.c.worker, body: () => ({ version: 999, notes: 'stale' }) },
  },
  { name: 'GET /cases/:id/history', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/history`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/123/history', field: 'params.id' } },
  { name: 'GET /cases/:id/attachments', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/attachments`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/123/attachments', field: 'params.id' } },
  { name: 'GET /cases/:id/attachments/:aid', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/attachments/${x.caseA.attachmentId}`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: (x) => `/api/v1/cases/${x.caseA.id}/attachments/zzz`, field: 'params.attachmentId' } },
  {
    name: 'POST /cases/:id/attachments', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/attachments`, body: () => ({}),
    wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, multipart: true, field: 'file' },
  },
  { name: 'GET /persons/:id', method: 'GET', path: (x) => `/api/v1/persons/${x.caseA.personId}`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/persons/0', field: 'params.id' } },
  {
    name: 'PATCH /persons/:id', method: 'PATCH', path: (x) => `/api/v1/persons/${x.caseA.personId}`, body: () => ({ version: 1, familyName: 'X' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { version: 1, sex: 'robot' }, field: 'sex' },
    stale: { by: (x) => x.c.worker, body: () => ({ version: 999, familyName: 'stale' }) },
  },
  { name: 'GET /screening/quick', method: 'GET', path: () => '/api/v1/screening/quick', badInput: { by: (x) => x.c.worker, path: () => '/api/v1/screening/quick?lang=de', field: 'querystring.lang' } },
  { name: 'GET /screening/catalogue', method: 'GET', path: () => '/api/v1/screening/catalogue', badInput: { by: (x) => x.c.worker, path: () => '/api/v1/screening/catalogue?lang=xx', field: 'querystring.lang' } },
  {
    name: 'POST /cases/:id/screenings', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/screenings`,
    body: () => ({ catalogueVersion: '2026.1', set: 'adult_labour', answers: {}, conditions: { consentToInterview: true, interpreterUsed: false, place: 'ngo_office' } }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { catalogueVersion: '2026.1', set: 'everything', answers: {}, conditions: { consentToInterview: true, interpreterUsed: false, place: 'ngo_office' } }, field: 'set' },
  },
  { name: 'GET /cases/:id/screenings', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/screenings`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/x/screenings', field: 'params.id' } },
  {
    name: 'POST /cases/:id/risk-assessments', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/risk-assessments`,
    body: () => ({ safetyRiskPerson: 'low', safetyRiskFamily: 'low', urgentMedicalNeeds: false }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { safetyRiskPerson: 'extreme', safetyRiskFamily: 'low', urgentMedicalNeeds: false }, field: 'safetyRiskPerson' },
  },
  { name: 'GET /cases/:id/risk-assessments', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/risk-assessments`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police },
  { name: 'GET /cases/:id/identification', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/identification`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/x/identification', field: 'params.id' } },
  {
    name: 'POST /cases/:id/identification/request', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/identification/request`, body: (x) => ({ identificationVersion: 1, decidingOrganisationId: x.env.orgs.c }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { identificationVersion: 1, decidingOrganisationId: 'parquet' }, field: 'decidingOrganisationId' },
  },
  {
    name: 'POST /cases/:id/identification/decisions', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/identification/decisions`,
    body: () => ({ identificationVersion: 1, status: 'identified', reasons: 'Enough indicators found.', evidence: ['interview'] }),
    wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { identificationVersion: 1, status: 'identified', reasons: 'short', evidence: [] }, field: 'reasons' },
  },
  {
    name: 'POST /cases/:id/identification/review', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/identification/review`, body: () => ({ identificationVersion: 1, confirm: true }),
    wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { identificationVersion: 0, confirm: 'yes' }, field: 'confirm' },
  },
  {
    name: 'POST /cases/:id/identification/reconsideration', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/identification/reconsideration`,
    body: () => ({ identificationVersion: 1, grounds: 'New evidence came to light.' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { identificationVersion: 1, grounds: 'x' }, field: 'grounds' },
  },
  { name: 'GET /tasks', method: 'GET', path: () => '/api/v1/tasks', wrongRole: (x) => x.c.analyst, badInput: { by: (x) => x.c.worker, path: () => '/api/v1/tasks?scope=everyone', field: 'querystring.scope' } },
  {
    name: 'PATCH /tasks/:id', method: 'PATCH', path: (x) => `/api/v1/tasks/${x.taskA.id}`, body: (x) => ({ version: x.taskA.version, status: 'done' }),
    wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { version: 1, dueOn: '2099-01-01' }, field: 'reason' },
    stale: { by: (x) => x.c.worker, body: () => ({ version: 999, status: 'done' }) },
  },
  { name: 'GET /cases/:id/care-plan', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/care-plan`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/x/care-plan', field: 'params.id' } },
  {
    name: 'PUT /cases/:id/care-plan/durable-solution', method: 'PUT', path: (x) => `/api/v1/cases/${x.caseA.id}/care-plan/durable-solution`, body: () => ({ version: 1, track: 'local_integration', status: 'exploring' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { version: 1, track: 'moon', status: 'agreed' }, field: 'track' },
    stale: { by: (x) => x.c.worker, body: () => ({ version: 999, track: 'local_integration', status: 'agreed' }) },
  },
  {
    name: 'POST /cases/:id/care-plan/assessments', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/care-plan/assessments`, body: () => ({ assessedOn: '2026-01-01', needs: [{ domain: 'health', level: 'low' }] }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { assessedOn: '2026-02-30', needs: [{ domain: 'health', level: 'low' }] }, field: 'assessedOn' },
  },
  {
    name: 'POST /cases/:id/care-plan/goals', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/care-plan/goals`, body: () => ({ domain: 'legal', text: 'Legal aid' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { domain: 'luck', text: 'Something' }, field: 'domain' },
  },
  {
    name: 'PATCH /cases/:id/care-plan/goals/:goalId', method: 'PATCH', path: (x) => `/api/v1/cases/${x.caseA.id}/care-plan/goals/${x.care.goalId}`, body: () => ({ version: 1, status: 'in_progress' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { version: 1, status: 'won' }, field: 'status' },
    stale: { by: (x) => x.c.worker, body: () => ({ version: 999, status: 'achieved' }) },
  },
  {
    name: 'POST /cases/:id/care-plan/actions', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/care-plan/actions`, body: (x) => ({ title: 'Call the shelter', responsibleOrganisationId: x.env.orgs.a }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { title: 'x', responsibleOrganisationId: 'shelter' }, field: 'responsibleOrganisationId' },
  },
  {
    name: 'PATCH /cases/:id/care-plan/actions/:actionId', method: 'PATCH', path: (x) => `/api/v1/cases/${x.caseA.id}/care-plan/actions/${x.care.actionId}`, body: () => ({ version: 1, status: 'in_progress' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { version: 1, status: 'finished' }, field: 'status' },
    stale: { by: (x) => x.c.worker, body: () => ({ version: 999, status: 'done' }) },
  },
  { name: 'GET /cases/:id/conferences', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/conferences`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/x/conferences', field: 'params.id' } },
  {
    name: 'POST /cases/:id/conferences', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/conferences`, body: (x) => ({ heldOn: '2026-01-01', participantOrganisationIds: [x.env.orgs.a], minutes: 'Met to plan.' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { heldOn: '2026-01-01', participantOrganisationIds: [], minutes: 'Met to plan.' }, field: 'participantOrganisationIds' },
  },
  {
    name: 'POST /cases/:id/conferences/:cid/decisions/:did/action', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/conferences/${x.care.conferenceId}/decisions/${x.care.decisionId}/action`,
    body: (x) => ({ responsibleOrganisationId: x.env.orgs.a }), wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { responsibleOrganisationId: 'nobody' }, field: 'responsibleOrganisationId' },
  },
  {
    name: 'POST /cases/:id/conferences/:cid/decisions/:did/task', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/conferences/${x.care.conferenceId}/decisions/${x.care.decisionId}/task`,
    body: (x) => ({ assigneeOrganisationId: x.env.orgs.a, dueOn: '2099-01-01' }), wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { assigneeOrganisationId: 'x', dueOn: 'tomorrow' }, field: 'dueOn' },
  },
  // Services, consent, referrals, transfers, pathway (the shelter is organisation D; the outsider a case worker of C).
  { name: 'GET /services', method: 'GET', path: () => '/api/v1/services', wrongRole: (x) => x.c.dpo, badInput: { by: (x) => x.c.worker, path: () => '/api/v1/services?type=bakery', field: 'querystring.type' } },
  {
    name: 'POST /services', method: 'POST', path: () => '/api/v1/services', body: () => ({ name: 'New service', type: 'legal_aid', regions: ['MA-06'], audience: 'all', languages: ['fr'] }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.shelter, body: { name: 'New service', type: 'legal_aid', regions: ['Casablanca'], audience: 'all', languages: ['fr'] }, field: 'regions.0' },
  },
  { name: 'GET /services/:id', method: 'GET', path: (x) => `/api/v1/services/${x.ref.serviceId}`, wrongRole: (x) => x.c.dpo, badInput: { by: (x) => x.c.worker, path: () => '/api/v1/services/x', field: 'params.id' } },
  {
    name: 'PATCH /services/:id', method: 'PATCH', path: (x) => `/api/v1/services/${x.ref.serviceId}`, body: () => ({ version: 1, name: 'Renamed service' }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.shelter, body: { version: 1, audience: 'everyone' }, field: 'audience' },
    stale: { by: (x) => x.c.shelter, body: () => ({ version: 999, name: 'Stale' }) },
  },
  {
    name: 'PUT /services/:id/capacity', method: 'PUT', path: (x) => `/api/v1/services/${x.ref.serviceId}/capacity`, body: () => ({ version: 1, available: 2 }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.shelter, body: { version: 1, available: -1 }, field: 'available' },
    stale: { by: (x) => x.c.shelter, body: () => ({ version: 999, available: 1 }) },
  },
  { name: 'GET /cases/:id/consents', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/consents`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/x/consents', field: 'params.id' } },
  {
    name: 'POST /cases/:id/consents', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/consents`,
    body: () => ({ purpose: 'assistance', categories: ['identity'], method: 'oral', interpreterUsed: false, language: 'fr', givenBy: 'person', givenOn: '2026-01-01' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { purpose: 'gossip', categories: [], method: 'oral', interpreterUsed: false, language: 'fr', givenBy: 'person', givenOn: '2026-01-01' }, field: 'purpose' },
  },
  {
    name: 'POST /consents/:id/withdraw', method: 'POST', path: (x) => `/api/v1/consents/${x.ref.consentId}/withdraw`, body: () => ({ version: 1 }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.worker, body: { version: 'one' }, field: 'version' },
    stale: { by: (x) => x.c.worker, body: () => ({ version: 999 }) },
  },
  { name: 'GET /cases/:id/referral-options', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/referral-options?serviceId=${x.ref.serviceId}`, wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: (x) => `/api/v1/cases/${x.caseA.id}/referral-options?serviceId=shelter`, field: 'querystring.serviceId' } },
  {
    name: 'POST /cases/:id/referrals', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/referrals`,
    body: (x) => ({ serviceId: x.ref.serviceId, urgency: 'normal', reason: 'Needs a safe place.', categories: ['identity'], consentId: x.ref.consentId }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, body: { serviceId: '00000000-0000-7000-8000-000000000000', urgency: 'now', reason: 'Needs a safe place.', categories: ['identity'] }, field: 'urgency' },
  },
  { name: 'GET /referrals', method: 'GET', path: () => '/api/v1/referrals', wrongRole: (x) => x.c.analyst, badInput: { by: (x) => x.c.worker, path: () => '/api/v1/referrals?box=sideways', field: 'querystring.box' } },
  { name: 'GET /referrals/:id', method: 'GET', path: (x) => `/api/v1/referrals/${x.ref.referralId}`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/referrals/x', field: 'params.id' } },
  {
    name: 'POST /referrals/:id/transitions', method: 'POST', path: (x) => `/api/v1/referrals/${x.ref.referralId}/transitions`, body: () => ({ version: 2, action: 'start' }),
    wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider, badInput: { by: (x) => x.c.shelter, body: { version: 2, action: 'dance' }, field: 'action' },
    stale: { by: (x) => x.c.shelter, body: () => ({ version: 999, action: 'start' }) },
  },
  {
    name: 'POST /referrals/:id/deliveries', method: 'POST', path: (x) => `/api/v1/referrals/${x.ref.referralId}/deliveries`, body: () => ({ deliveredOn: '2026-01-02', units: 1, unit: 'nights', outcome: 'delivered' }),
    wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider, badInput: { by: (x) => x.c.shelter, body: { deliveredOn: '2026-01-02', units: 1, unit: 'bottles', outcome: 'delivered' }, field: 'unit' },
  },
  { name: 'GET /referrals/stats', method: 'GET', path: () => '/api/v1/referrals/stats', wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.worker, path: () => '/api/v1/referrals/stats?from=2026-13-01', field: 'querystring.from' } },
  {
    name: 'POST /cases/:id/transfers', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/transfers`, body: (x) => ({ toOrganisationId: x.env.orgs.b, reason: 'She moved.' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.worker, body: { toOrganisationId: 'police', reason: 'She moved.' }, field: 'toOrganisationId' },
  },
  { name: 'GET /transfers', method: 'GET', path: () => '/api/v1/transfers', wrongRole: (x) => x.c.analyst, badInput: { by: (x) => x.c.worker, path: () => '/api/v1/transfers?box=x', field: 'querystring.box' } },
  {
    name: 'POST /transfers/:id/respond', method: 'POST', path: (x) => `/api/v1/transfers/${x.ref.transferId}/respond`, body: () => ({ version: 1, action: 'cancel' }),
    wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider, badInput: { by: (x) => x.c.worker, body: { version: 1, action: 'maybe' }, field: 'action' },
    stale: { by: (x) => x.c.worker, body: () => ({ version: 999, action: 'cancel' }) },
  },
  { name: 'GET /cases/:id/pathway', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/pathway`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/x/pathway', field: 'params.id' } },
  { name: 'GET /inbox', method: 'GET', path: () => '/api/v1/inbox' },
  { name: 'GET /notifications', method: 'GET', path: () => '/api/v1/notifications' },
  { name: 'POST /notifications/read', method: 'POST', path: () => '/api/v1/notifications/read' },
  {
    name: 'POST /anonymous-notifications', method: 'POST', path: () => '/api/v1/anonymous-notifications',
    body: () => ({ sex: 'female', ageGroup: 'adult', identifiedOn: '2026-01-01', identificationChannel: 'hotline' }),
    wrongRole: (x) => x.c.analyst, badInput: { by: (x) => x.c.worker, body: { sex: 'female', ageGroup: 'adult', identifiedOn: '2026-01-01', identificationChannel: 'hotline', givenNames: 'X' }, field: '' },
  },
  { name: 'GET /anonymous-notifications', method: 'GET', path: () => '/api/v1/anonymous-notifications', wrongRole: (x) => x.c.analyst },
  { name: 'GET /cases/:id/subject-requests', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/subject-requests`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/x/subject-requests', field: 'params.id' } },
  { name: 'POST /cases/:id/subject-requests', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/subject-requests`, body: () => ({ kind: 'access', receivedOn: '2026-01-05' }),
    wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider, badInput: { by: (x) => x.c.worker, body: { kind: 'everything', receivedOn: '2026-01-05' }, field: 'kind' } },
  { name: 'POST /cases/:id/subject-requests/:rid/identity-check', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/subject-requests/${x.subject.id}/identity-check`,
    body: (x) => ({ version: x.subject.version, identityCheck: 'Seen in person.' }), wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider,
    badInput: { by: (x) => x.c.worker, body: { version: 1, identityCheck: '' }, field: 'identityCheck' }, stale: { by: (x) => x.c.worker, body: () => ({ version: 99, identityCheck: 'Seen in person.' }) } },
  { name: 'POST /cases/:id/subject-requests/:rid/decision', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/subject-requests/${x.subject.id}/decision`,
    body: (x) => ({ version: x.subject.version, status: 'withdrawn' }), wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider,
    badInput: { by: (x) => x.c.worker, body: { version: 1, status: 'maybe' }, field: 'status' }, stale: { by: (x) => x.c.worker, body: () => ({ version: 99, status: 'withdrawn' }) } },
  { name: 'POST /cases/:id/subject-requests/:rid/response', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/subject-requests/${x.subject.id}/response`,
    body: (x) => ({ version: x.subject.version, sentOn: '2026-01-06' }), wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider,
    badInput: { by: (x) => x.c.worker, body: { version: 1, sentOn: '06/01/2026' }, field: 'sentOn' }, stale: { by: (x) => x.c.worker, body: () => ({ version: 99, sentOn: '2026-01-06' }) } },
  { name: 'POST /cases/:id/subject-requests/:rid/lift', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/subject-requests/${x.subject.id}/lift`,
    body: (x) => ({ version: x.subject.version }), wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider,
    badInput: { by: (x) => x.c.worker, body: { version: 'one' }, field: 'version' }, stale: { by: (x) => x.c.worker, body: () => ({ version: 99 }) } },
  { name: 'GET /cases/:id/subject-requests/:rid/export', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/subject-requests/${x.subject.id}/export?format=json`,
    wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.outsider,
    badInput: { by: (x) => x.c.worker, path: (x) => `/api/v1/cases/${x.caseA.id}/subject-requests/${x.subject.id}/export?format=xml`, field: 'querystring.format' } },
  { name: 'GET /information-sheet/languages', method: 'GET', path: () => '/api/v1/information-sheet/languages' },
  { name: 'GET /cases/:id/information-sheet', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/information-sheet?lang=fr`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: (x) => `/api/v1/cases/${x.caseA.id}/information-sheet?lang=xx`, field: 'querystring.lang' } },
  { name: 'GET /justice/proceedings', method: 'GET', path: () => '/api/v1/justice/proceedings', otherOrg: (x) => x.c.police },
  {
    name: 'POST /justice/proceedings', method: 'POST', path: () => '/api/v1/justice/proceedings', body: () => ({ offences: ['448-2-labour'], stage: 'complaint', complaintOn: '2026-01-05' }),
    otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.prosecutor, body: { offences: [], stage: 'complaint', complaintOn: '2026-01-05' }, field: 'offences' },
  },
  { name: 'GET /justice/proceedings/:id', method: 'GET', path: (x) => `/api/v1/justice/proceedings/${x.justice.id}`, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.prosecutor, path: () => '/api/v1/justice/proceedings/x', field: 'params.id' } },
  {
    name: 'PATCH /justice/proceedings/:id', method: 'PATCH', path: (x) => `/api/v1/justice/proceedings/${x.justice.id}`, body: () => ({ version: 1, jurisdiction: 'Chambre criminelle' }),
    otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.prosecutor, body: { version: 1, stage: 'flying' }, field: 'stage' },
    stale: { by: (x) => x.c.prosecutor, body: () => ({ version: 999, jurisdiction: 'Stale' }) },
  },
  {
    name: 'POST /justice/proceedings/:id/defendants', method: 'POST', path: (x) => `/api/v1/justice/proceedings/${x.justice.id}/defendants`,
    body: () => ({ sex: 'male', ageGroup: '25_34', roles: ['exploiter'], relationshipToVictim: 'employer' }),
    otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.prosecutor, body: { sex: 'male', ageGroup: 'old', roles: ['exploiter'], relationshipToVictim: 'employer' }, field: 'ageGroup' },
  },
  {
    name: 'PATCH /justice/proceedings/:id/defendants/:did', method: 'PATCH', path: (x) => `/api/v1/justice/proceedings/${x.justice.id}/defendants/${x.justice.defendantId}`, body: () => ({ version: 1, prosecuted: true }),
    otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.prosecutor, body: { version: 1, outcome: 'guilty' }, field: 'outcome' },
    stale: { by: (x) => x.c.prosecutor, body: () => ({ version: 999, prosecuted: true }) },
  },
  {
    name: 'POST /justice/proceedings/:id/victims', method: 'POST', path: (x) => `/api/v1/justice/proceedings/${x.justice.id}/victims`, body: (x) => ({ caseId: x.caseA.id }),
    otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.prosecutor, body: { caseId: 'NRM-1' }, field: 'caseId' },
  },
  {
    name: 'POST /justice/proceedings/:id/victims/:vid/measures', method: 'POST', path: (x) => `/api/v1/justice/proceedings/${x.justice.id}/victims/${x.justice.victimId}/measures`,
    body: () => ({ measure: 'anonymity', requestedBy: 'victim', requestedOn: '2026-01-06' }),
    otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.prosecutor, body: { measure: 'cape', requestedBy: 'victim', requestedOn: '2026-01-06' }, field: 'measure' },
  },
  {
    name: 'PATCH /justice/proceedings/:id/measures/:mid', method: 'PATCH', path: (x) => `/api/v1/justice/proceedings/${x.justice.id}/measures/${x.justice.measureId}`, body: () => ({ version: 1, status: 'requested' }),
    otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.prosecutor, body: { version: 1, status: 'maybe' }, field: 'status' },
    stale: { by: (x) => x.c.prosecutor, body: () => ({ version: 999, status: 'requested' }) },
  },
  {
    name: 'POST /justice/proceedings/:id/victims/:vid/reveal-contact', method: 'POST', path: (x) => `/api/v1/justice/proceedings/${x.justice.id}/victims/${x.justice.victimId}/reveal-contact`,
    body: () => ({ reason: 'Summons to the trial hearing.' }), otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.prosecutor, body: { reason: 'x' }, field: 'reason' },
  },
  {
    name: 'POST /justice/proceedings/:id/hearings', method: 'POST', path: (x) => `/api/v1/justice/proceedings/${x.justice.id}/hearings`, body: () => ({ kind: 'trial', date: '2099-01-01', time: '10:00' }),
    otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.prosecutor, body: { kind: 'trial', date: '2099-01-01', time: '25:00' }, field: 'time' },
  },
  {
    name: 'PATCH /justice/proceedings/:id/hearings/:hid', method: 'PATCH', path: (x) => `/api/v1/justice/proceedings/${x.justice.id}/hearings/${x.justice.hearingId}`, body: () => ({ version: 1, status: 'postponed' }),
    otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.prosecutor, body: { version: 1, status: 'gone' }, field: 'status' },
    stale: { by: (x) => x.c.prosecutor, body: () => ({ version: 999, status: 'held' }) },
  },
  { name: 'GET /justice/victim-candidates', method: 'GET', path: () => '/api/v1/justice/victim-candidates', otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.prosecutor, path: () => `/api/v1/justice/victim-candidates?q=${'x'.repeat(51)}`, field: 'querystring.q' } },
  { name: 'GET /justice/statistics', method: 'GET', path: () => '/api/v1/justice/statistics', wrongRole: (x) => x.c.prosecutor,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/justice/statistics?year=1800', field: 'querystring.year' } },
  { name: 'GET /cases/:id/justice', method: 'GET', path: (x) => `/api/v1/cases/${x.caseA.id}/justice`, wrongRole: (x) => x.c.analyst, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.worker, path: () => '/api/v1/cases/x/justice', field: 'params.id' } },
  {
    name: 'POST /cases/:id/non-punishment', method: 'POST', path: (x) => `/api/v1/cases/${x.caseA.id}/non-punishment`, body: () => ({ offence: 'begging', accusedOn: '2026-01-05' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.worker, body: { offence: 'jaywalking', accusedOn: '2026-01-05' }, field: 'offence' },
  },
  {
    name: 'PATCH /cases/:id/non-punishment/:rid', method: 'PATCH', path: (x) => `/api/v1/cases/${x.caseA.id}/non-punishment/${x.justice.nonPunishmentId}`, body: () => ({ version: 1, status: 'open' }),
    wrongRole: (x) => x.c.provider, otherOrg: (x) => x.c.police, badInput: { by: (x) => x.c.worker, body: { version: 1, status: 'forgotten' }, field: 'status' },
    stale: { by: (x) => x.c.worker, body: () => ({ version: 999, status: 'open' }) },
  },
  { name: 'GET /statistics', method: 'GET', path: () => '/api/v1/statistics', wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics?year=abc', field: 'querystring.year' } },
  { name: 'GET /statistics/exports/glotip', method: 'GET', path: () => '/api/v1/statistics/exports/glotip', wrongRole: (x) => x.c.dpo, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/exports/glotip?format=pdf', field: 'querystring.format' } },
  { name: 'GET /statistics/exports/glotip-persons', method: 'GET', path: () => '/api/v1/statistics/exports/glotip-persons', wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/exports/glotip-persons?format=pdf', field: 'querystring.format' } },
  { name: 'GET /statistics/exports/ctdc', method: 'GET', path: () => '/api/v1/statistics/exports/ctdc', wrongRole: (x) => x.c.sysadmin, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/exports/ctdc?year=1999', field: 'querystring.year' } },
  { name: 'GET /statistics/exports/ctdc/report', method: 'GET', path: () => '/api/v1/statistics/exports/ctdc/report', wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/exports/ctdc/report?year=3000', field: 'querystring.year' } },
  { name: 'GET /statistics/exports/sdg-16-2-2', method: 'GET', path: () => '/api/v1/statistics/exports/sdg-16-2-2', wrongRole: (x) => x.c.police, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/exports/sdg-16-2-2?year=2100', field: 'year' } },
  { name: 'GET /statistics/exports/sdg-16-2-2.csv', method: 'GET', path: () => '/api/v1/statistics/exports/sdg-16-2-2.csv', wrongRole: (x) => x.c.adminA, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/exports/sdg-16-2-2.csv?format=doc', field: 'querystring.format' } },
  { name: 'POST /statistics/export-jobs', method: 'POST', path: () => '/api/v1/statistics/export-jobs', body: () => ({ kind: 'glotip', year: 2025 }), wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, body: { kind: 'glotip', year: 2025, format: 'pdf' }, field: 'format' } },
  { name: 'GET /statistics/export-jobs', method: 'GET', path: () => '/api/v1/statistics/export-jobs', wrongRole: (x) => x.c.dpo },
  { name: 'GET /statistics/export-jobs/:id', method: 'GET', path: () => '/api/v1/statistics/export-jobs/0190a0b0-0000-7000-8000-000000000000', wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/export-jobs/latest', field: 'params.id' } },
  { name: 'GET /statistics/export-jobs/:id/file', method: 'GET', path: () => '/api/v1/statistics/export-jobs/0190a0b0-0000-7000-8000-000000000000/file', wrongRole: (x) => x.c.police,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/export-jobs/1/file', field: 'params.id' } },
  { name: 'GET /statistics/reports/:year/:lang', method: 'GET', path: () => '/api/v1/statistics/reports/2025/fr', wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/reports/2025/de', field: 'params.lang' } },
  {
    name: 'PUT /statistics/reports/:year/:lang/sections/:section', method: 'PUT', path: () => '/api/v1/statistics/reports/2025/fr/sections/context', body: () => ({ version: 0, text: 'Contexte.' }),
    wrongRole: (x) => x.c.dpo, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/reports/2025/fr/sections/poetry', body: { version: 0, text: 'x' }, field: 'params.section' },
    stale: { by: (x) => x.c.analyst, body: () => ({ version: 999, text: 'Stale.' }) },
  },
  { name: 'GET /statistics/reports/:year/:lang/sections/:section/history', method: 'GET', path: () => '/api/v1/statistics/reports/2025/fr/sections/context/history', wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/reports/year/fr/sections/context/history', field: 'params.year' } },
  { name: 'POST /statistics/report-jobs', method: 'POST', path: () => '/api/v1/statistics/report-jobs', body: () => ({ year: 2025, lang: 'fr' }), wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, body: { year: 2025, lang: 'es' }, field: 'lang' } },
  { name: 'GET /statistics/report-jobs/:id', method: 'GET', path: () => '/api/v1/statistics/report-jobs/0190a0b0-0000-7000-8000-000000000000', wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/report-jobs/latest', field: 'params.id' } },
  { name: 'GET /statistics/report-jobs/:id/pdf', method: 'GET', path: () => '/api/v1/statistics/report-jobs/0190a0b0-0000-7000-8000-000000000000/pdf', wrongRole: (x) => x.c.police,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/report-jobs/1/pdf', field: 'params.id' } },
  { name: 'GET /statistics/report-jobs/:id/docx', method: 'GET', path: () => '/api/v1/statistics/report-jobs/0190a0b0-0000-7000-8000-000000000000/docx', wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/statistics/report-jobs/1/docx', field: 'params.id' } },
  { name: 'GET /recommendations', method: 'GET', path: () => '/api/v1/recommendations', badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/recommendations?status=done', field: 'querystring.status' } },
  { name: 'GET /recommendations/:id', method: 'GET', path: (x) => `/api/v1/recommendations/${x.rec.id}`, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/recommendations/REC-2025-001', field: 'params.id' } },
  {
    name: 'POST /recommendations', method: 'POST', path: () => '/api/v1/recommendations',
    body: (x) => ({ sourceType: 'workshop', sourceEvent: 'Atelier régional', adoptedOn: '2025-05-05', textFr: 'Former les inspecteurs du travail.', textAr: 'تكوين مفتشي الشغل في الجهات.', addressedTo: [x.env.orgs.a] }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, body: { sourceType: 'party', sourceEvent: 'x', adoptedOn: '2025-05-05', textFr: 'x', textAr: 'x', addressedTo: [] }, field: 'sourceType' },
  },
  {
    name: 'PATCH /recommendations/:id', method: 'PATCH', path: (x) => `/api/v1/recommendations/${x.rec.id}`, body: (x) => ({ version: x.rec.version, status: 'in_progress' }),
    wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.police,
    badInput: { by: (x) => x.c.analyst, body: { version: 1, status: 'done' }, field: 'status' },
    stale: { by: (x) => x.c.analyst, body: () => ({ version: 999, status: 'in_progress' }) },
  },
  // Prevention and partnership activities: records of organisation A (campaign, training), an agreement A is party to,
  // a cooperation request handled by A (the prosecutor's justice liaison handles another organisation's).
  { name: 'GET /activities/campaigns', method: 'GET', path: () => '/api/v1/activities/campaigns', wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/activities/campaigns?region=Rabat', field: 'querystring.region' } },
  { name: 'GET /activities/campaigns/:id', method: 'GET', path: (x) => `/api/v1/activities/campaigns/${x.act.campaign.id}`, wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/activities/campaigns/1', field: 'params.id' } },
  {
    name: 'POST /activities/campaigns', method: 'POST', path: () => '/api/v1/activities/campaigns', body: (x) => campaignBody(x.env.orgs.a),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.adminA, body: { titleFr: 'x' }, field: 'titleAr' },
  },
  {
    name: 'PATCH /activities/campaigns/:id', method: 'PATCH', path: (x) => `/api/v1/activities/campaigns/${x.act.campaign.id}`, body: (x) => ({ version: x.act.campaign.version, status: 'ongoing' }),
    wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.adminA, body: { version: 1, status: 'finished' }, field: 'status' },
    stale: { by: (x) => x.c.adminA, body: () => ({ version: 999, status: 'ongoing' }) },
  },
  { name: 'GET /activities/trainings', method: 'GET', path: () => '/api/v1/activities/trainings', wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/activities/trainings?year=19', field: 'querystring.year' } },
  { name: 'GET /activities/trainings/:id', method: 'GET', path: (x) => `/api/v1/activities/trainings/${x.act.training.id}`, wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/activities/trainings/1', field: 'params.id' } },
  {
    name: 'POST /activities/trainings', method: 'POST', path: () => '/api/v1/activities/trainings', body: (x) => trainingBody(x.env.orgs.a),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.adminA, body: { title: 'Formation', participants: [{ organisationType: 'police', women: -1, men: 0 }] }, field: 'participants.0.women' },
  },
  {
    name: 'PATCH /activities/trainings/:id', method: 'PATCH', path: (x) => `/api/v1/activities/trainings/${x.act.training.id}`, body: (x) => ({ version: x.act.training.version, hours: 7 }),
    wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.adminA, body: { version: 1, hours: 0 }, field: 'hours' },
    stale: { by: (x) => x.c.adminA, body: () => ({ version: 999, hours: 7 }) },
  },
  { name: 'GET /activities/agreements', method: 'GET', path: () => '/api/v1/activities/agreements', wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/activities/agreements?status=lapsed', field: 'querystring.status' } },
  { name: 'GET /activities/agreements/:id', method: 'GET', path: (x) => `/api/v1/activities/agreements/${x.act.agreement.id}`, wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/activities/agreements/1', field: 'params.id' } },
  {
    name: 'POST /activities/agreements', method: 'POST', path: () => '/api/v1/activities/agreements', body: (x) => agreementBody(x.env.orgs.a),
    wrongRole: (x) => x.c.adminA, badInput: { by: (x) => x.c.analyst, body: { title: 'Convention', parties: [], pillars: ['peace'], status: 'signed' }, field: 'pillars.0' },
  },
  {
    name: 'PATCH /activities/agreements/:id', method: 'PATCH', path: (x) => `/api/v1/activities/agreements/${x.act.agreement.id}`, body: (x) => ({ version: x.act.agreement.version, status: 'terminated' }),
    wrongRole: (x) => x.c.adminA, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.analyst, body: { version: 1, status: 'expired' }, field: 'status' },
    stale: { by: (x) => x.c.analyst, body: () => ({ version: 999, status: 'terminated' }) },
  },
  {
    name: 'POST /activities/agreements/:id/document', method: 'POST', path: (x) => `/api/v1/activities/agreements/${x.act.agreement.id}/document`, body: () => ({}),
    wrongRole: (x) => x.c.adminA, otherOrg: (x) => x.c.adminB, badInput: { by: (x) => x.c.analyst, multipart: true, field: 'file' },
  },
  { name: 'GET /activities/agreements/:id/document', method: 'GET', path: (x) => `/api/v1/activities/agreements/${x.act.agreement.id}/document`, wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/activities/agreements/1/document', field: 'params.id' } },
  { name: 'GET /activities/cooperation-requests', method: 'GET', path: () => '/api/v1/activities/cooperation-requests', wrongRole: (x) => x.c.adminA,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/activities/cooperation-requests?status=lost', field: 'querystring.status' } },
  { name: 'GET /activities/cooperation-requests/:id', method: 'GET', path: (x) => `/api/v1/activities/cooperation-requests/${x.act.cooperation.id}`, wrongRole: (x) => x.c.adminA, otherOrg: (x) => x.c.prosecutor,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/activities/cooperation-requests/1', field: 'params.id' } },
  {
    name: 'POST /activities/cooperation-requests', method: 'POST', path: () => '/api/v1/activities/cooperation-requests', body: (x) => cooperationBody(x.env.orgs.a),
    wrongRole: (x) => x.c.adminA, badInput: { by: (x) => x.c.analyst, body: { direction: 'sideways' }, field: 'direction' },
  },
  {
    name: 'PATCH /activities/cooperation-requests/:id', method: 'PATCH', path: (x) => `/api/v1/activities/cooperation-requests/${x.act.cooperation.id}`,
    body: (x) => ({ version: x.act.cooperation.version, authority: 'Autre autorité' }), wrongRole: (x) => x.c.adminA, otherOrg: (x) => x.c.prosecutor,
    badInput: { by: (x) => x.c.analyst, body: { version: 1, status: 'lost' }, field: 'status' },
    stale: { by: (x) => x.c.analyst, body: () => ({ version: 999, authority: 'Autre autorité' }) },
  },
  { name: 'GET /activities/summary', method: 'GET', path: () => '/api/v1/activities/summary?year=2026', wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/activities/summary?year=last', field: 'querystring.year' } },
  { name: 'GET /action-plans', method: 'GET', path: () => '/api/v1/action-plans' },
  {
    name: 'POST /action-plans', method: 'POST', path: () => '/api/v1/action-plans', body: () => ({ code: 'PN-M2', titleFr: 'Plan matrice', titleAr: 'خطة المصفوفة', titleEn: 'Matrix plan', startYear: 2025, endYear: 2030 }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, body: { code: 'PN-M3', titleFr: 'Plan matrice', titleAr: 'خطة المصفوفة', titleEn: 'Matrix plan', startYear: 'soon', endYear: 2030 }, field: 'startYear' },
  },
  { name: 'GET /action-plans/summary', method: 'GET', path: () => '/api/v1/action-plans/summary?year=2026', wrongRole: (x) => x.c.worker,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/action-plans/summary?year=last', field: 'querystring.year' } },
  { name: 'POST /action-plans/import', method: 'POST', path: () => '/api/v1/action-plans/import', wrongRole: (x) => x.c.adminA, badInput: { by: (x) => x.c.analyst, field: 'file', multipart: true } },
  { name: 'GET /action-plans/:id/export', method: 'GET', path: (x) => `/api/v1/action-plans/${x.plan.id}/export`, wrongRole: (x) => x.c.adminA,
    badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/action-plans/PN-M/export', field: 'params.id' } },
  { name: 'GET /action-plans/:id', method: 'GET', path: (x) => `/api/v1/action-plans/${x.plan.id}`, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/action-plans/PN-M', field: 'params.id' } },
  {
    name: 'PATCH /action-plans/:id', method: 'PATCH', path: (x) => `/api/v1/action-plans/${x.plan.id}`, body: () => ({ version: 1, titleEn: 'Renamed matrix plan' }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, body: { version: 1, status: 'gone' }, field: 'status' },
    stale: { by: (x) => x.c.analyst, body: () => ({ version: 999, titleEn: 'Stale matrix plan' }) },
  },
  {
    name: 'POST /action-plans/:id/objectives', method: 'POST', path: (x) => `/api/v1/action-plans/${x.plan.id}/objectives`, body: () => ({ pillar: 'protection', code: 'OM2', titleFr: 'Protéger', titleAr: 'الحماية' }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, body: { pillar: 'luck', code: 'OM3', titleFr: 'Protéger', titleAr: 'الحماية' }, field: 'pillar' },
  },
  {
    name: 'PATCH /plan-objectives/:id', method: 'PATCH', path: (x) => `/api/v1/plan-objectives/${x.plan.objectiveId}`, body: () => ({ version: 1, titleFr: 'Mieux protéger' }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, body: { version: 1, titleFr: 'x' }, field: 'titleFr' },
    stale: { by: (x) => x.c.analyst, body: () => ({ version: 999, titleFr: 'Mieux protéger' }) },
  },
  {
    name: 'POST /plan-objectives/:id/actions', method: 'POST', path: (x) => `/api/v1/plan-objectives/${x.plan.objectiveId}/actions`,
    body: (x) => ({ code: 'AM2', titleFr: 'Action matrice', titleAr: 'إجراء المصفوفة', leadOrganisationId: x.env.orgs.a, startDate: '2025-01-01', endDate: '2026-12-31' }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, body: { code: 'AM3', titleFr: 'Action matrice', titleAr: 'إجراء المصفوفة', leadOrganisationId: '0190a0b0-0000-7000-8000-000000000000', startDate: 'tomorrow', endDate: '2026-12-31' }, field: 'startDate' },
  },
  { name: 'GET /plan-actions/:id', method: 'GET', path: (x) => `/api/v1/plan-actions/${x.plan.actionId}`, badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/plan-actions/AM1', field: 'params.id' } },
  {
    name: 'PATCH /plan-actions/:id', method: 'PATCH', path: (x) => `/api/v1/plan-actions/${x.plan.actionId}`, body: () => ({ version: 1, status: 'on_track' }),
    wrongRole: (x) => x.c.adminA, badInput: { by: (x) => x.c.analyst, body: { version: 1, budgetMinor: -5 }, field: 'budgetMinor' },
    stale: { by: (x) => x.c.analyst, body: () => ({ version: 999, status: 'on_track' }) },
  },
  {
    name: 'POST /plan-actions/:id/indicators', method: 'POST', path: (x) => `/api/v1/plan-actions/${x.plan.actionId}/indicators`,
    body: () => ({ code: 'IM2', titleFr: 'Indicateur matrice', titleAr: 'مؤشر المصفوفة', unit: 'count', frequency: 'annual' }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, body: { code: 'IM3', titleFr: 'Indicateur matrice', titleAr: 'مؤشر المصفوفة', unit: 'kg', frequency: 'annual' }, field: 'unit' },
  },
  {
    name: 'PATCH /plan-indicators/:id', method: 'PATCH', path: (x) => `/api/v1/plan-indicators/${x.plan.indicatorId}`, body: () => ({ version: 1, baselineValue: 3 }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.analyst, body: { version: 1, targets: [{ year: 'next', value: 1 }] }, field: 'targets.0.year' },
    stale: { by: (x) => x.c.analyst, body: () => ({ version: 999, baselineValue: 3 }) },
  },
  {
    name: 'POST /plan-actions/:id/reports', method: 'POST', path: (x) => `/api/v1/plan-actions/${x.plan.actionId}/reports`, body: () => ({ period: '2025', actionStatus: 'on_track', values: [] }),
    wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.adminA, body: { period: 'soon', actionStatus: 'on_track', values: [] }, field: 'period' },
  },
  { name: 'GET /plan-reports', method: 'GET', path: () => '/api/v1/plan-reports', badInput: { by: (x) => x.c.analyst, path: () => '/api/v1/plan-reports?status=lost', field: 'querystring.status' } },
  { name: 'GET /plan-reports/due', method: 'GET', path: () => '/api/v1/plan-reports/due' },
  { name: 'GET /plan-reports/:id', method: 'GET', path: (x) => `/api/v1/plan-reports/${x.plan.reportId}`, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.adminA, path: () => '/api/v1/plan-reports/R-1', field: 'params.id' } },
  {
    name: 'PATCH /plan-reports/:id', method: 'PATCH', path: (x) => `/api/v1/plan-reports/${x.plan.reportId}`, body: () => ({ version: 1, actionStatus: 'delayed' }),
    wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB, badInput: { by: (x) => x.c.adminA, body: { version: 1, actionStatus: 'lost' }, field: 'actionStatus' },
    stale: { by: (x) => x.c.adminA, body: () => ({ version: 999, actionStatus: 'delayed' }) },
  },
  {
    name: 'POST /plan-reports/:id/transitions', method: 'POST', path: (x) => `/api/v1/plan-reports/${x.plan.reportId}/transitions`, body: () => ({ version: 1, action: 'submit' }),
    wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB, badInput: { by: (x) => x.c.adminA, body: { version: 1, action: 'explode' }, field: 'action' },
    stale: { by: (x) => x.c.adminA, body: () => ({ version: 999, action: 'submit' }) },
  },
  { name: 'POST /plan-reports/:id/evidence', method: 'POST', path: (x) => `/api/v1/plan-reports/${x.plan.reportId}/evidence`, wrongRole: (x) => x.c.worker, otherOrg: (x) => x.c.adminB,
    badInput: { by: (x) => x.c.adminA, field: 'file', multipart: true } },
  { name: 'GET /plan-reports/:id/evidence', method: 'GET', path: (x) => `/api/v1/plan-reports/${x.plan.reportId}/evidence`, otherOrg: (x) => x.c.adminB },
  { name: 'GET /audit', method: 'GET', path: () => '/api/v1/audit', wrongRole: (x) => x.c.worker, badInput: { by: (x) => x.c.dpo, path: () => '/api/v1/audit?limit=100000', field: 'querystring.limit' } },
  { name: 'GET /audit/verify', method: 'GET', path: () => '/api/v1/audit/verify', wrongRole: (x) => x.c.adminA },
  { name: 'PUT /auth/preferences', method: 'PUT', path: () => '/api/v1/auth/preferences', body: () => ({ language: 'ar' }), badInput: { by: (x) => x.c.worker, body: { language: 'xx' }, field: 'language' } },
  { name: 'GET /auth/session', method: 'GET', path: () => '/api/v1/auth/session' },
  { name: 'POST /auth/password', method: 'POST', path: () => '/api/v1/auth/password', body: () => ({ currentPassword: 'x', newPassword: 'Long-enough-pass-9' }),
    badInput: { by: (x) => x.c.worker, body: { currentPassword: 'x', newPassword: 'short' }, field: 'newPassword' } },
  { name: 'POST /auth/mfa/verify', method: 'POST', path: () => '/api/v1/auth/mfa/verify', body: () => ({ code: '123456' }),
    badInput: { by: (x) => x.c.worker, body: { code: 'abc' }, field: 'code' } },
  { name: 'POST /auth/mfa/enable', method: 'POST', path: () => '/api/v1/auth/mfa/enable', body: () => ({ code: '123456' }),
    badInput: { by: (x) => x.c.worker, body: { code: '12' }, field: 'code' } },
  { name: 'POST /auth/logout', method: 'POST', path: () => '/api/v1/auth/logout' },
];

const PUBLIC = new Set(['GET /reference']);
// Login is public by nature; its failures are tested in auth.test.ts.

for (const dialect of DIALECTS) {
  describe(`every endpoint [${dialect}]`, () => {
    const x = {} as Ctx;
    beforeAll(async () => {
      x.env = await createTestEnv(dialect);
      const { a, b, c } = x.env.orgs;
      const prosecution = newId();
      const now = nowIso();
      await x.env.p.db.insertInto('organisations').values({ id: prosecution, name: 'Parquet (test)', type: 'prosecution', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      const shelterOrg = newId();
      const at = nowIso();
      await x.env.p.db.insertInto('organisations').values({ id: shelterOrg, name: 'Shelter D', type: 'ngo', region_code: 'MA-01', active: 1, version: 1, created_at: at, updated_at: at }).execute();
      x.c = {
        worker: await userClient(x.env, a, ['case_worker']),
        provider: await userClient(x.env, a, ['service_provider']),
        adminA: await userClient(x.env, a, ['org_admin']),
        adminB: await userClient(x.env, b, ['org_admin']),
        sysadmin: await userClient(x.env, c, ['system_admin']),
        dpo: await userClient(x.env, c, ['dpo']),
        analyst: await userClient(x.env, c, ['commission_analyst']),
        police: await userClient(x.env, b, ['first_responder']),
        prosecutor: await userClient(x.env, prosecution, ['justice_liaison']),
        shelter: await userClient(x.env, shelterOrg, ['service_provider', 'org_admin']),
        outsider: await userClient(x.env, c, ['case_worker']),
      };
      const created = (await x.c.worker.post('/api/v1/cases', caseBody())).json();
      const boundary = 'xx';
      const up = await x.c.worker.request('POST', `/api/v1/cases/${created.id}/attachments`, Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`), { 'content-type': `multipart/form-data; boundary=${boundary}` });
      x.caseA = { id: created.id, version: created.version, personId: created.person.id, attachmentId: up.json().id };
      const task = (await x.c.worker.get(`/api/v1/tasks?caseId=${created.id}`)).json().items[0];
      x.taskA = { id: task.id, version: task.version };
      const u = await createUser(x.env, a, ['case_worker']);
      x.userA = { id: u.id, version: u.version };
      const orgs = (await x.c.sysadmin.get('/api/v1/organisations')).json().items;
      const ob = orgs.find((o: { id: string }) => o.id === b);
      x.orgB = { id: ob.id, version: ob.version };
      const base = `/api/v1/cases/${created.id}`;
      const goal = (await x.c.worker.post(`${base}/care-plan/goals`, { domain: 'shelter', text: 'A safe place' })).json();
      const action = (await x.c.worker.post(`${base}/care-plan/actions`, { goalId: goal.id, title: 'Find a bed', responsibleOrganisationId: b })).json();
      const conference = (await x.c.worker.post(`${base}/conferences`, { heldOn: '2026-01-01', participantOrganisationIds: [a, b], minutes: 'Met to plan.', decisions: ['Find a course'] })).json();
      x.care = { goalId: goal.id, actionId: action.id, conferenceId: conference.id, decisionId: conference.decisions[0].id };
      // A proceeding of the prosecution with the case as a victim, a defendant, a measure, a hearing; a non-punishment record.
      await grant(x.env, created.id, prosecution, ['identity']);
      const pr = x.c.prosecutor;
      const proceeding = (await pr.post('/api/v1/justice/proceedings', { offences: ['448-2-labour'], stage: 'complaint', complaintOn: '2026-01-05' })).json();
      const withVictim = (await pr.post(`/api/v1/justice/proceedings/${proceeding.id}/victims`, { caseId: created.id, roles: ['witness'] })).json();
      const victimId = withVictim.victims[0].id;
      await pr.post(`/api/v1/justice/proceedings/${proceeding.id}/victims/${victimId}/measures`, { measure: 'anonymity', requestedBy: 'victim', requestedOn: '2026-01-06' });
      await pr.post(`/api/v1/justice/proceedings/${proceeding.id}/defendants`, { sex: 'male', ageGroup: '25_34', roles: ['exploiter'], relationshipToVictim: 'employer' });
      const full = (await pr.post(`/api/v1/justice/proceedings/${proceeding.id}/hearings`, { kind: 'trial', date: '2099-01-01', time: '10:00' })).json();
      const np = (await x.c.worker.post(`/api/v1/cases/${created.id}/non-punishment`, { offence: 'begging', accusedOn: '2026-01-05' })).json();
      x.justice = { id: proceeding.id, defendantId: full.defendants[0].id, victimId, measureId: full.victims[0].measures[0].id, hearingId: full.hearings[0].id, nonPunishmentId: np.items[0].id };
      // A service of organisation D, a sharing consent, a referral it accepted, a pending transfer to it.
      const svc = (await x.c.shelter.post('/api/v1/services', { name: 'Matrix shelter', type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'], capacityTotal: 5 })).json();
      const k = (await x.c.worker.post(`${base}/consents`, { purpose: 'sharing', recipientOrganisationId: shelterOrg, categories: ['identity'], method: 'oral', interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: '2026-01-01' })).json();
      const r = (await x.c.worker.post(`${base}/referrals`, { serviceId: svc.id, urgency: 'normal', reason: 'Matrix referral.', categories: ['identity'], consentId: k.id })).json();
      await x.c.shelter.post(`/api/v1/referrals/${r.id}/transitions`, { version: r.version, action: 'accept' });
      const t = (await x.c.worker.post(`${base}/transfers`, { toOrganisationId: shelterOrg, reason: 'Matrix transfer.' })).json();
      x.ref = { serviceId: svc.id, consentId: k.id, referralId: r.id, transferId: t.id };
      const rec = (await x.c.analyst.post('/api/v1/recommendations', { sourceType: 'commission_meeting', sourceEvent: 'Réunion plénière', adoptedOn: '2025-03-17', textFr: 'Adopter le mécanisme national.', textAr: 'اعتماد الآلية الوطنية للإحالة.', addressedTo: [a] })).json();
      x.rec = { id: rec.id, version: rec.version };
      const v = (r: { json: () => { id: string; version: number } }) => ({ id: r.json().id, version: r.json().version });
      x.act = {
        campaign: v(await x.c.adminA.post('/api/v1/activities/campaigns', campaignBody(a))),
        training: v(await x.c.adminA.post('/api/v1/activities/trainings', trainingBody(a))),
        agreement: v(await x.c.analyst.post('/api/v1/activities/agreements', agreementBody(a))),
        cooperation: v(await x.c.analyst.post('/api/v1/activities/cooperation-requests', cooperationBody(a))),
      };
      // An action plan with an objective, an action led by organisation A, an indicator and a draft report.
      const plan = (await x.c.analyst.post('/api/v1/action-plans', { code: 'PN-M', titleFr: 'Plan matrice', titleAr: 'خطة المصفوفة', titleEn: 'Matrix plan', startYear: 2025, endYear: 2030 })).json();
      const objectiveId = (await x.c.analyst.post(`/api/v1/action-plans/${plan.id}/objectives`, { pillar: 'prevention', code: 'OM1', titleFr: 'Prévenir', titleAr: 'الوقاية' })).json().objectives[0].id;
      const pa = (await x.c.analyst.post(`/api/v1/plan-objectives/${objectiveId}/actions`, { code: 'AM1', titleFr: 'Action matrice', titleAr: 'إجراء المصفوفة', leadOrganisationId: a, startDate: '2025-01-01', endDate: '2026-12-31' })).json();
      const withIndicator = (await x.c.analyst.post(`/api/v1/plan-actions/${pa.id}/indicators`, { code: 'IM1', titleFr: 'Indicateur matrice', titleAr: 'مؤشر المصفوفة', unit: 'count', frequency: 'annual' })).json();
      const report = (await x.c.adminA.post(`/api/v1/plan-actions/${pa.id}/reports`, { period: '2025', actionStatus: 'on_track', values: [] })).json();
      x.plan = { id: plan.id, objectiveId, actionId: pa.id, indicatorId: withIndicator.indicators[0].id, reportId: report.id };
      const subject = (await x.c.worker.post(`${base}/subject-requests`, { kind: 'access', receivedOn: '2026-01-05' })).json();
      x.subject = { id: subject.id, version: subject.version };
    });
    afterAll(() => x.env.close());

    for (const row of ROWS) {
      describe(row.name, () => {
        if (!PUBLIC.has(row.name)) {
          it('anonymous → 401', async () => {
            const res = await anonymous(x.env.app).request(row.method, row.path(x), row.body ? row.body(x) : undefined);
            expect(res.statusCode).toBe(401);
            expect(res.json().error.code).toBe('UNAUTHENTICATED');
          });
        }
        if (row.wrongRole) {
          it('wrong role → 403', async () => {
            const res = await row.wrongRole!(x).request(row.method, row.path(x), row.body ? row.body(x) : undefined);
            expect(res.statusCode).toBe(403);
            expect(res.json().error.code).toBe('FORBIDDEN');
          });
        }
        if (row.otherOrg) {
          it("another organisation's record → 404", async () => {
            const res = await row.otherOrg!(x).request(row.method, row.path(x), row.body ? row.body(x) : undefined);
            expect(res.statusCode).toBe(404);
            expect(res.json().error.code).toBe('NOT_FOUND');
          });
        }
        if (row.badInput) {
          it('bad input → 400 naming the field', async () => {
            const b = row.badInput!;
            // A multipart body without the file part.
            const res = b.multipart
              ? await b.by(x).request(row.method, row.path(x), Buffer.from('--zz\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--zz--\r\n'), { 'content-type': 'multipart/form-data; boundary=zz' })
              : await b.by(x).request(row.method, (b.path ?? row.path)(x), b.body);
            expect(res.statusCode).toBe(400);
            expect(res.json().error.code).toBe('VALIDATION_FAILED');
            expect(res.json().error.details.fields.map((f: { path: string }) => f.path)).toContain(b.field);
          });
        }
        if (row.stale) {
          it('stale version → 409', async () => {
            const res = await row.stale!.by(x).request(row.method, row.path(x), row.stale!.body(x));
            expect(res.statusCode).toBe(409);
            expect(res.json().error.code).toBe('VERSION_CONFLICT');
          });
        }
      });
    }

    it('organisation administrators manage only their own users', async () => {
      const res = await x.c.adminB.post('/api/v1/users', { email: 'intruder@test.opennrm', displayName: 'X', organisationId: x.env.orgs.a, roles: ['case_worker'], password: 'Long-enough-pass-1' });
      expect(res.statusCode).toBe(400);
      const list = (await x.c.adminB.get('/api/v1/users')).json().items;
      expect(list.every((u: { organisationId: string }) => u.organisationId === x.env.orgs.b)).toBe(true);
      const target = await createUser(x.env, x.env.orgs.a, ['case_worker']);
      const escalate = await x.c.adminA.patch(`/api/v1/users/${target.id}`, { version: target.version, roles: ['system_admin'] });
      expect(escalate.statusCode).toBe(403);
      expect((await login(x.env.app, target.email)).csrf).toBeTruthy();
    });

    it('role changes are audited as permission changes', async () => {
      const u = await createUser(x.env, x.env.orgs.a, ['case_worker']);
      const res = await x.c.adminA.patch(`/api/v1/users/${u.id}`, { version: u.version, roles: ['case_worker', 'case_supervisor'] });
      expect(res.statusCode).toBe(200);
      const audit = await x.env.p.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', u.id).where('action', '=', 'user.roles_changed').execute();
      expect(JSON.parse(audit[0]!.details)).toEqual({ from: ['case_worker'], to: ['case_worker', 'case_supervisor'] });
    });
  });
}
