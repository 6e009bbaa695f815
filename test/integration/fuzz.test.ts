/**
 * Fuzzing from the contract: property-based requests over every operation of the OpenAPI document the app
 * publishes, valid and invalid, as every role and anonymously, on a small world of real records.
 *
 * Properties, for every answer: no 5xx (the only exception is the information sheet's 503
 * DOCUMENT_UNAVAILABLE when no Chromium is installed); every 4xx carries `{ error: { code, message } }` with a
 * known code whose status matches; no body shows a stack frame, a file path or SQL; a signed-in caller never
 * loses its session outside the auth and user endpoints; a request without its CSRF token or cookie never
 * changes anything. After the run: /healthz and /readyz answer and the audit chain verifies.
 *
 * Requests come in rounds: each round visits every operation once, in an order fast-check shuffles, so every
 * operation is covered at any count. `FUZZ_RUNS` sets the number of requests per database (default 1,500;
 * `npm run test:soak` runs 10,000), `FUZZ_SEED` replays a run: the `SOAK fuzz` line prints the seed.
 *
 * Nothing is skipped: sign-out and password changes are fuzzed too, and the caller signs in again after them
 * (with the new password when a change succeeded). Path ids of users and organisations are only ever the
 * world's bystanders, so deactivating one cannot end the fuzzing sessions.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { retentionService } from '../../src/server/modules/retention/retention.service';
import { accountabilityService } from '../../src/server/modules/accountability/accountability.service';
import type { Actor } from '../../src/server/platform/context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ERROR_CODES, type TRole } from '../../src/contract/common';
import { STATUS_BY_CODE } from '../../src/server/platform/errors';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { newId, nowIso } from '../../src/server/platform/ids';
import { DIALECTS, PASSWORD, caseBody, createTestEnv, createUser, grant, login, type TestEnv } from '../support/harness';
import {
  multipartArb,
  mutationArb,
  operationsOf,
  pathParamArb,
  queryArb,
  rawBodyArb,
  validArb,
  type IdPools,
  type OpenApiDocument,
  type Operation,
} from '../support/fuzz-arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (process.pid << 8)) >>> 0;

/** Upload endpoints (multipart, no JSON body in the document). */
const MULTIPART = new Set([
  'POST /api/v1/cases/{id}/attachments',
  'POST /api/v1/action-plans/import',
  'POST /api/v1/plan-reports/{id}/evidence',
  'POST /api/v1/activities/agreements/{id}/document',
]);
/** Unsafe methods that take no body at all. */
const BODYLESS = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/notifications/read']);
/** Operations that may end or change the caller's session: afterwards the session is checked and renewed. */
const SESSION_OPS = (key: string) => key.includes(' /api/v1/auth/') || key.includes(' /api/v1/users');
/** Operations that may answer 401 to a signed-in caller (wrong credentials, wrong second factor). */
const MAY_401 = (key: string) => key.includes(' /api/v1/auth/');
/** Operations that need no session. */
const PUBLIC = new Set(['GET /api/v1/reference', 'POST /api/v1/auth/login']);
/** Synchronous PDF rendering: 503 DOCUMENT_UNAVAILABLE is the documented answer when there is no browser. */
const PDF_OPS = new Set(['GET /api/v1/cases/{id}/information-sheet']);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BROWSER_MISSING = !fs.existsSync(CHROMIUM);

const ROLES = [
  'case_worker', 'case_supervisor', 'service_provider', 'justice_liaison', 'first_responder',
  'commission_analyst', 'dpo', 'org_admin', 'system_admin', 'anonymous',
] as const;
type RoleName = (typeof ROLES)[number];

type Caller = { role: RoleName; email: string; password: string; cookie: string; csrf: string };

/** Signs in like the browser: the session cookie and the CSRF token. */
async function signInRaw(env: TestEnv, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((k) => k.name === 'opennrm_session')!;
  return { cookie: `opennrm_session=${cookie.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

/** What leaks look like: a stack frame, a source path, SQL or a driver's message. */
const LEAK_IN_ERROR = /\n\s+at |\bat [\w$.<>]+ \(|node_modules|\/work\/|\/src\/server|file:\/\/|\.ts:\d+|\.js:\d+|SQLITE_|sqlite3?\b|\bselect\b[^"]{0,80}\bfrom\b|\binsert into\b|\bupdate\b[^"]{0,80}\bset\b|syntax error|violates|relation "|duplicate key|pg_|TypeError|ReferenceError|RangeError|Cannot read propert|undefined is not/i;
const LEAK_IN_SUCCESS = /\n\s{2,}at [^\n]*:\d+:\d+|node_modules\/|\/work\/main\/src|SQLITE_[A-Z]+|TypeError: |ReferenceError: /;

type Violation = { kind: string; op: string; role: string; url: string; status: number; request: string; response: string; serverError?: string };

type World = { ids: IdPools; xlsx: Buffer };

async function buildWorld(env: TestEnv): Promise<{ world: World; callers: Record<RoleName, Caller>; loginTarget: string }> {
  const { a, b, c } = env.orgs;
  const now = nowIso();
  const prosecution = newId();
  const shelterOrg = newId();
  const bystanderOrg = newId();
  await env.p.db
    .insertInto('organisations')
    .values([
      { id: prosecution, name: 'Parquet (fuzz)', type: 'prosecution', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now },
      { id: shelterOrg, name: 'Shelter D (fuzz)', type: 'ngo', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now },
      { id: bystanderOrg, name: 'Bystander E (fuzz)', type: 'ngo', region_code: 'MA-05', active: 1, version: 1, created_at: now, updated_at: now },
    ])
    .execute();
  // Set-up users build the world; the fuzzing callers are other users, one per role.
  const su = async (org: string, roles: TRole[]) => login(env.app, (await createUser(env, org, roles)).email);
  const worker = await su(a, ['case_worker']);
  const police = await su(b, ['first_responder']);
  const shelter = await su(shelterOrg, ['service_provider', 'org_admin']);
  const prosecutor = await su(prosecution, ['justice_liaison']);
  const analyst = await su(c, ['commission_analyst']);
  const adminA = await su(a, ['org_admin']);
  const ok = (res: LightMyRequestResponse, what: string) => {
    if (res.statusCode >= 300) throw new Error(`world: ${what} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  };

  const cases = [];
  for (let i = 0; i < 3; i++) cases.push(ok(await worker.post('/api/v1/cases', caseBody()), 'case'));
  const policeCase = ok(await police.post('/api/v1/cases', caseBody()), 'police case');
  const caseA = cases[0];
  const base = `/api/v1/cases/${caseA.id}`;
  const boundary = 'xx';
  const up = ok(
    await worker.request('POST', `${base}/attachments`, Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`), {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    }),
    'attachment',
  );
  const tasks = ok(await worker.get(`/api/v1/tasks?caseId=${caseA.id}`), 'tasks').items as { id: string }[];
  const goal = ok(await worker.post(`${base}/care-plan/goals`, { domain: 'shelter', text: 'A safe place' }), 'goal');
  const action = ok(await worker.post(`${base}/care-plan/actions`, { goalId: goal.id, title: 'Find a bed', responsibleOrganisationId: b }), 'care action');
  const conference = ok(await worker.post(`${base}/conferences`, { heldOn: '2026-01-01', participantOrganisationIds: [a, b], minutes: 'Met to plan.', decisions: ['Find a course', 'Call the family'] }), 'conference');
  const stepPlan = ok(await worker.post(`${base}/care-plan/durable-solution/steps`, { title: 'Travel documents', responsibleOrganisationId: b }), 'durable step');
  await grant(env, caseA.id, prosecution, ['identity']);
  const proceeding = ok(await prosecutor.post('/api/v1/justice/proceedings', { offences: ['448-2-labour'], stage: 'complaint', complaintOn: '2026-01-05' }), 'proceeding');
  const pbase = `/api/v1/justice/proceedings/${proceeding.id}`;
  const withVictim = ok(await prosecutor.post(`${pbase}/victims`, { caseId: caseA.id, roles: ['witness'] }), 'victim');
  const victimId = withVictim.victims[0].id;
  const withClaim = ok(await prosecutor.post(`${pbase}/victims/${victimId}/compensation`, { filedOn: '2026-01-06', amountClaimed: 100000, representedBy: 'lawyer' }), 'compensation claim');
  ok(await prosecutor.post(`${pbase}/victims/${victimId}/measures`, { measure: 'anonymity', requestedBy: 'victim', requestedOn: '2026-01-06' }), 'measure');
  ok(await prosecutor.post(`${pbase}/defendants`, { sex: 'male', ageGroup: '25_34', roles: ['exploiter'], relationshipToVictim: 'employer' }), 'defendant');
  const full = ok(await prosecutor.post(`${pbase}/hearings`, { kind: 'trial', date: '2099-01-01', time: '10:00' }), 'hearing');
  const subjectRequest = ok(await worker.post(`${base}/subject-requests`, { kind: 'access', receivedOn: '2026-11-02' }), 'subject request');
  const np = ok(await worker.post(`${base}/non-punishment`, { offence: 'begging', accusedOn: '2026-01-05' }), 'non-punishment');
  const svc = ok(await shelter.post('/api/v1/services', { name: 'Fuzz shelter', type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'], capacityTotal: 5 }), 'service');
  const consent = ok(
    await worker.post(`${base}/consents`, { purpose: 'sharing', recipientOrganisationId: shelterOrg, categories: ['identity', 'health'], method: 'oral', interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: '2026-01-01' }),
    'consent',
  );
  const referral = ok(await worker.post(`${base}/referrals`, { serviceId: svc.id, urgency: 'normal', reason: 'Fuzz referral.', categories: ['identity'], consentId: consent.id }), 'referral');
  ok(await shelter.post(`/api/v1/referrals/${referral.id}/transitions`, { version: referral.version, action: 'accept' }), 'accept');
  const transfer = ok(await worker.post(`/api/v1/cases/${cases[1].id}/transfers`, { toOrganisationId: shelterOrg, reason: 'Fuzz transfer.' }), 'transfer');
  const rec = ok(
    await analyst.post('/api/v1/recommendations', { sourceType: 'commission_meeting', sourceEvent: 'Réunion plénière', adoptedOn: '2025-03-17', textFr: 'Adopter le mécanisme national.', textAr: 'اعتماد الآلية الوطنية للإحالة.', addressedTo: [a] }),
    'recommendation',
  );
  const campaign = ok(
    await adminA.post('/api/v1/activities/campaigns', {
      titleFr: 'Campagne nationale', titleAr: 'حملة وطنية', theme: 'Traite', audiences: ['general_public'], channels: ['tv'], regions: ['MA-04'], languages: ['ar'],
      startOn: '2025-01-01', endOn: null, organiserId: a, partnerIds: [], peopleReached: null, actionId: null, status: 'ongoing', description: null,
    }),
    'campaign',
  );
  const training = ok(
    await adminA.post('/api/v1/activities/trainings', {
      title: 'Formation des formateurs', topics: ['investigation'], startOn: '2025-01-01', endOn: '2025-01-02', regionCode: 'MA-04', organiserId: a, hours: 6,
      participants: [{ organisationType: 'police', women: 2, men: 3 }], description: null,
    }),
    'training',
  );
  const agreement = ok(
    await analyst.post('/api/v1/activities/agreements', {
      title: 'Convention', parties: [{ organisationId: a }, { externalName: 'Ambassade', countryCode: 'FR' }], signedOn: '2025-01-01', effectiveFrom: null, effectiveTo: null, pillars: ['protection'], status: 'signed', description: null,
    }),
    'agreement',
  );
  const cooperation = ok(
    await analyst.post('/api/v1/activities/cooperation-requests', { direction: 'incoming', type: 'information_exchange', countryCode: 'ES', authority: 'Fiscalía', handlingOrganisationId: a, openedOn: '2025-01-01', subject: 'Échange' }),
    'cooperation',
  );
  const plan = ok(await analyst.post('/api/v1/action-plans', { code: 'PN-F', titleFr: 'Plan fuzz', titleAr: 'خطة', titleEn: 'Fuzz plan', startYear: 2025, endYear: 2030 }), 'plan');
  const objectiveId = ok(await analyst.post(`/api/v1/action-plans/${plan.id}/objectives`, { pillar: 'prevention', code: 'OF1', titleFr: 'Prévenir', titleAr: 'الوقاية' }), 'objective').objectives[0].id;
  const pa = ok(
    await analyst.post(`/api/v1/plan-objectives/${objectiveId}/actions`, { code: 'AF1', titleFr: 'Action fuzz', titleAr: 'إجراء', leadOrganisationId: a, startDate: '2025-01-01', endDate: '2026-12-31' }),
    'plan action',
  );
  const withIndicator = ok(await analyst.post(`/api/v1/plan-actions/${pa.id}/indicators`, { code: 'IF1', titleFr: 'Indicateur fuzz', titleAr: 'مؤشر', unit: 'count', frequency: 'annual' }), 'indicator');
  const report = ok(await adminA.post(`/api/v1/plan-actions/${pa.id}/reports`, { period: '2025', actionStatus: 'on_track', values: [] }), 'plan report');
  const exportJob = ok(await analyst.post('/api/v1/statistics/export-jobs', { kind: 'glotip', year: 2025 }), 'export job');
  const reportJob = ok(await analyst.post('/api/v1/statistics/report-jobs', { year: 2025, lang: 'fr' }), 'report job');
  const xlsx = await analyst.get(`/api/v1/action-plans/${plan.id}/export`);
  if (xlsx.statusCode !== 200) throw new Error(`world: plan export → ${xlsx.statusCode}`);

  // Bystanders: the only users and organisation the fuzzer may edit, deactivate or reset by id.
  const bystanders = [await createUser(env, a, ['case_worker']), await createUser(env, a, ['case_supervisor']), await createUser(env, b, ['first_responder'])];
  const target = await createUser(env, bystanderOrg, ['case_worker']);

  const callers = {} as Record<RoleName, Caller>;
  const home: Record<RoleName, string> = {
    case_worker: a, case_supervisor: a, service_provider: shelterOrg, justice_liaison: prosecution, first_responder: b,
    commission_analyst: c, dpo: c, org_admin: a, system_admin: c, anonymous: '',
  };
  for (const role of ROLES) {
    if (role === 'anonymous') {
      callers[role] = { role, email: '', password: '', cookie: '', csrf: '' };
      continue;
    }
    const u = await createUser(env, home[role], [role]);
    callers[role] = { role, email: u.email, password: PASSWORD, ...(await signInRaw(env, u.email, PASSWORD)) };
  }
  const allUsers = (await env.p.db.selectFrom('users').select('id').execute()).map((r) => r.id);
  const allOrgs = (await env.p.db.selectFrom('organisations').select('id').execute()).map((r) => r.id);

  // A link request from A's first case to the police's record of the same person (the registration body's phone).
  const candidates = ok(await worker.get(`/api/v1/persons/${caseA.person.id}/match-candidates`), 'match candidates') as { items: { kind: string; handle?: string }[] };
  const personLink = ok(await worker.post('/api/v1/person-links', { fromPersonId: caseA.person.id, candidate: candidates.items.find((i) => i.kind === 'other')!.handle }), 'person link');

  // A retention run (nothing is due in this world: it changes nothing).
  const retentionRun = await retentionService.runNow(env.p, 'manual', null);
  const dpoActor: Actor = { userId: 'system', organisationId: home.dpo, displayName: 'fuzz', roles: new Set(['dpo']), language: 'fr', ip: null, system: true };
  const breach = await env.p.db.transaction().execute((trx) =>
    accountabilityService.createBreach(env.p, trx, dpoActor, { detectedAt: new Date(Date.now() - 3600_000).toISOString(), natures: ['availability'], categories: [], description: 'Fuzz world breach.' }),
  );
  const byKind: Record<string, string[]> = {
    runs: [retentionRun],
    breaches: [breach.id],
    'subject-requests': [subjectRequest.id],
    'person-links': [personLink.id],
    cases: [...cases.map((x) => x.id), policeCase.id],
    persons: [...cases.map((x) => x.person.id), policeCase.person.id],
    attachments: [up.id],
    users: bystanders.map((u) => u.id),
    'users-any': allUsers,
    organisations: [bystanderOrg],
    'organisations-any': allOrgs,
    tasks: tasks.map((t) => t.id),
    services: [svc.id],
    consents: [consent.id],
    referrals: [referral.id],
    transfers: [transfer.id],
    goals: [goal.id],
    actions: [action.id],
    conferences: [conference.id],
    steps: stepPlan.durableSolution.steps.map((x: { id: string }) => x.id),
    compensation: [withClaim.victims[0].compensation.id],
    decisions: conference.decisions.map((d: { id: string }) => d.id),
    proceedings: [proceeding.id],
    defendants: [full.defendants[0].id],
    victims: [victimId],
    measures: [full.victims[0].measures[0].id],
    hearings: [full.hearings[0].id],
    'non-punishment': [np.items[0].id],
    'export-jobs': [exportJob.id],
    'report-jobs': [reportJob.id],
    recommendations: [rec.id],
    'action-plans': [plan.id],
    'plan-objectives': [objectiveId],
    'plan-actions': [pa.id],
    'plan-indicators': [withIndicator.indicators[0].id],
    'plan-reports': [report.id],
    campaigns: [campaign.id],
    trainings: [training.id],
    agreements: [agreement.id],
    'cooperation-requests': [cooperation.id],
    emails: [target.email, 'nobody@fuzz.opennrm'],
    passwords: [PASSWORD],
  };
  // Any-kind ids (for path parameters of the wrong kind) leave out the fuzzing callers and their organisations:
  // a system administrator deactivating them would end the run, not find a bug.
  const all = [...new Set(Object.entries(byKind).filter(([k]) => !['emails', 'passwords', 'users-any', 'organisations-any'].includes(k)).flatMap(([, v]) => v))];
  return { world: { ids: { byKind, all }, xlsx: xlsx.rawPayload }, callers, loginTarget: target.email };
}

/** Who is likely allowed to call an operation (a hint, not a rule: the fuzzer also tries everyone else). */
function likelyRoles(key: string): RoleName[] {
  if (/\/justice|non-punishment/.test(key)) return ['justice_liaison', 'case_worker'];
  if (/statistics|recommendations|action-plans|plan-|activities/.test(key)) return ['commission_analyst', 'org_admin'];
  if (/services|referrals|transfers/.test(key)) return ['service_provider', 'case_worker'];
  if (/\/users|\/organisations/.test(key)) return ['org_admin', 'system_admin'];
  if (/\/audit/.test(key)) return ['dpo'];
  return ['case_worker', 'case_supervisor'];
}

type Generated = {
  role: RoleName;
  /** random: `role`; hint: one of likelyRoles; known: a role that already got a 2xx or 409 here (else a hint). */
  roleMode: 'random' | 'hint' | 'known';
  pick: number;
  params: string[];
  query: { qs: string; mutated: boolean };
  body: { payload?: string | Buffer; contentType?: string; note: string; json?: unknown };
  auth: 'ok' | 'no_csrf' | 'bad_csrf' | 'no_cookie' | 'bad_cookie';
  lang: string | undefined;
};

function requestArb(op: Operation, world: World, tooLarge: Buffer): fc.Arbitrary<Generated> {
  const ids = world.ids;
  const json = (v: unknown, note: string) => (v === undefined ? { note } : { payload: JSON.stringify(v), contentType: 'application/json', note, json: v });
  let body: fc.Arbitrary<Generated['body']>;
  if (op.multipart) body = multipartArb([world.xlsx], tooLarge);
  else if (op.body) {
    const valid = validArb(op.body, ids);
    body = fc.oneof(
      { weight: 5, arbitrary: valid.map((v) => json(v, 'valid')) },
      { weight: 4, arbitrary: fc.tuple(valid, mutationArb).map(([v, m]) => json(m.apply(v), m.kind)) },
      { weight: 1, arbitrary: rawBodyArb },
    );
  } else if (op.method === 'GET') {
    body = fc.oneof({ weight: 12, arbitrary: fc.constant({ note: 'none' }) }, { weight: 1, arbitrary: rawBodyArb });
  } else {
    body = fc.oneof({ weight: 4, arbitrary: fc.constant({ note: 'none' }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => json(v, 'unexpected_body')) }, { weight: 1, arbitrary: rawBodyArb });
  }
  return fc.record({
    role: fc.constantFrom(...ROLES),
    roleMode: fc.constantFrom('random', 'random', 'hint', 'known', 'known'),
    pick: fc.nat(),
    params: op.pathParams.length > 0 ? fc.tuple(...op.pathParams.map((p) => pathParamArb(p, ids))) : fc.constant([] as string[]),
    query: op.query.length > 0 ? queryArb(op, ids) : fc.oneof({ weight: 9, arbitrary: fc.constant({ qs: '', mutated: false }) }, { weight: 1, arbitrary: fc.constant({ qs: '?unexpected=1', mutated: true }) }),
    body,
    auth: fc.oneof({ weight: 14, arbitrary: fc.constant('ok' as const) }, { weight: 1, arbitrary: fc.constantFrom('no_csrf' as const, 'bad_csrf' as const, 'no_cookie' as const, 'bad_cookie' as const) }),
    lang: fc.constantFrom(undefined, 'fr', 'ar', 'en', 'en-US,en;q=0.9', 'xx;q=abc', '*', 'ar-MA'.repeat(200)),
  });
}

const clip = (s: string, n = 400) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

for (const dialect of DIALECTS) {
  describe(`contract fuzzing [${dialect}]`, () => {
    let env: TestEnv;
    let ops: Operation[];
    let world: World;
    let callers: Record<RoleName, Caller>;
    let lastServerError: string | undefined;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      // The server's own view of an error, to explain a 5xx in the report (the client sees only the code).
      env.app.addHook('onError', async (_req, _reply, err) => {
        lastServerError = `${err.name}: ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
      });
      await env.app.ready();
      ops = operationsOf(env.app.swagger() as unknown as OpenApiDocument, MULTIPART);
      ({ world, callers } = await buildWorld(env));
    });
    afterAll(() => env?.close());

    // What the fuzzer found, pinned: each failed before its fix.
    it('a URL the router cannot decode, or an over-long path parameter, gets the single error shape', async () => {
      const c = callers.case_worker;
      for (const url of ['/api/v1/cases/%E0%A4%A', '/api/v1/cases/%zz/history', `/api/v1/referrals/${'x'.repeat(101)}`, `/api/v1/cases/${'x'.repeat(3000)}/justice`]) {
        const res = await env.app.inject({ method: 'GET', url, headers: { cookie: c.cookie } });
        expect(res.statusCode, url).toBe(400);
        expect(res.json(), url).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.any(String) } });
        expect(res.body).not.toContain('FST_ERR');
      }
    });

    it('a service with the same region or language twice is refused (400), not a unique-constraint 500', async () => {
      const c = callers.service_provider;
      const headers = { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' };
      const body = { name: 'Doubled service', type: 'legal_aid', regions: ['MA-06', 'MA-06'], audience: 'all', languages: ['fr'] };
      const twiceRegion = await env.app.inject({ method: 'POST', url: '/api/v1/services', headers, payload: JSON.stringify(body) });
      expect(twiceRegion.statusCode).toBe(400);
      expect(twiceRegion.json().error.details.fields).toContainEqual(expect.objectContaining({ path: 'regions', code: 'duplicate_value' }));
      const twiceLanguage = await env.app.inject({ method: 'POST', url: '/api/v1/services', headers, payload: JSON.stringify({ ...body, regions: ['MA-06'], languages: ['fr', 'fr'] }) });
      expect(twiceLanguage.statusCode).toBe(400);
      expect(twiceLanguage.json().error.details.fields).toContainEqual(expect.objectContaining({ path: 'languages', code: 'duplicate_value' }));
      const svc = world.ids.byKind.services![0]!;
      const update = await env.app.inject({ method: 'PATCH', url: `/api/v1/services/${svc}`, headers, payload: JSON.stringify({ version: 1, regions: ['MA-01', 'MA-01'] }) });
      expect(update.statusCode).toBe(400);
    });

    it('a NUL character in a JSON body or a query string is refused (400), not a PostgreSQL encoding 500', async () => {
      const send = (caller: Caller, method: string, url: string, body?: unknown) =>
        env.app.inject({ method: method as 'GET', url, headers: { cookie: caller.cookie, 'x-csrf-token': caller.csrf, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
      const agreement = world.ids.byKind.agreements![0]!;
      const title = await send(callers.commission_analyst, 'PATCH', `/api/v1/activities/agreements/${agreement}`, { version: 1, title: 'aid \u0000' });
      expect(title.statusCode).toBe(400);
      expect(title.json().error.details.fields).toContainEqual(expect.objectContaining({ path: 'title', code: 'invalid_value' }));
      for (const [caller, url, field] of [
        [callers.dpo, '/api/v1/audit?action=%00', 'querystring.action'],
        [callers.service_provider, '/api/v1/services?q=a%00b', 'querystring.q'],
      ] as const) {
        const res = await send(caller, 'GET', url);
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error.details.fields, url).toContainEqual(expect.objectContaining({ path: field, code: 'invalid_value' }));
      }
      const nested = await send(callers.case_worker, 'POST', '/api/v1/cases', { ...caseBody(), places: [{ kind: 'origin', country: 'MA\u0000' }] });
      expect(nested.json().error.details.fields).toContainEqual(expect.objectContaining({ path: 'places.0.country', code: 'invalid_value' }));
    });

    it(`${RUNS} generated requests: no 5xx, one error shape, no leak, the process and the audit chain intact`, { timeout: Math.max(120_000, RUNS * 150) }, async () => {
      expect(ops.length).toBeGreaterThan(150);
      // The fuzzer knows how to call every operation: a body it can generate, ids for every id parameter.
      for (const op of ops) {
        if (['POST', 'PUT', 'PATCH'].includes(op.method) && !op.body) expect(MULTIPART.has(op.key) || BODYLESS.has(op.key), `${op.key}: no JSON body and not a known upload`).toBe(true);
        for (const p of op.pathParams) if (p.schema.format === 'uuid') expect(world.ids.byKind[p.kind]?.length ?? 0, `${op.key}: no ids of kind "${p.kind}" in the world`).toBeGreaterThan(0);
      }
      for (const key of MULTIPART) expect(ops.some((o) => o.key === key), `${key} is in the document`).toBe(true);

      const tooLarge = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
      const arbs = new Map(ops.map((op) => [op.key, requestArb(op, world, tooLarge)]));
      const violations: Violation[] = [];
      const byClass: Record<string, number> = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, '503pdf': 0 };
      const perOp = new Map<string, { n: number; ok: number }>(ops.map((o) => [o.key, { n: 0, ok: 0 }]));
      let requests = 0;
      let relogins = 0;
      let round: Operation[] = [];
      const passedPolicy = new Map<string, Set<RoleName>>();
      const started = Date.now();

      const signIn = async (c: Caller) => {
        Object.assign(c, await signInRaw(env, c.email, c.password));
        relogins += 1;
      };

      await fc.assert(
        fc.asyncProperty(fc.gen(), async (g) => {
          if (round.length === 0) round = [...g(fc.shuffledSubarray, ops, { minLength: ops.length, maxLength: ops.length })];
          const op = round.pop()!;
          const r = g(() => arbs.get(op.key)!);
          const known = [...(passedPolicy.get(op.key) ?? [])];
          const hints = likelyRoles(op.key);
          const role = r.roleMode === 'random' ? r.role : r.roleMode === 'known' && known.length > 0 ? known[r.pick % known.length]! : hints[r.pick % hints.length]!;
          const caller = callers[role];
          let i = 0;
          const url = op.template.replace(/\{[^}]+\}/g, () => r.params[i++]!) + r.query.qs;
          const headers: Record<string, string> = {};
          const signedIn = caller.role !== 'anonymous';
          if (signedIn && r.auth !== 'no_cookie') headers.cookie = r.auth === 'bad_cookie' ? 'opennrm_session=forged-token' : caller.cookie;
          if (signedIn && r.auth !== 'no_csrf') headers['x-csrf-token'] = r.auth === 'bad_csrf' ? 'x'.repeat(caller.csrf.length) : caller.csrf;
          if (r.body.contentType) headers['content-type'] = r.body.contentType;
          if (r.lang) headers['accept-language'] = r.lang;
          lastServerError = undefined;
          requests += 1;
          let res: LightMyRequestResponse;
          try {
            res = await Promise.race([
              env.app.inject({ method: op.method as 'GET', url, headers, ...(r.body.payload !== undefined ? { payload: r.body.payload } : {}) }),
              new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 30 s')), 30_000).unref()),
            ]);
          } catch (err) {
            violations.push({ kind: 'no_answer', op: op.key, role, url: clip(url, 200), status: 0, request: r.body.note, response: String(err) });
            return true;
          }
          const status = res.statusCode;
          const allowed503 = status === 503 && PDF_OPS.has(op.key) && BROWSER_MISSING && safeJson(res.body)?.error?.code === 'DOCUMENT_UNAVAILABLE';
          const cls = allowed503 ? '503pdf' : `${Math.floor(status / 100)}xx`;
          byClass[cls] = (byClass[cls] ?? 0) + 1;
          const stats = perOp.get(op.key)!;
          stats.n += 1;
          if (status < 300) stats.ok += 1;
          if ((status < 300 || status === 409) && r.auth === 'ok') passedPolicy.set(op.key, (passedPolicy.get(op.key) ?? new Set()).add(role));
          const body = res.body;
          if (process.env.FUZZ_DEBUG_OP === op.key) console.log(`${role} ${op.method} ${clip(url, 120)} ${r.body.note} ${clip(String(r.body.payload ?? ''), 600)}\n  → ${status} ${clip(body, 600)}`);
          const found = (kind: string) =>
            violations.push({
              kind, op: op.key, role, url: clip(url, 200), status,
              request: `${r.body.note}${r.auth !== 'ok' ? ` auth=${r.auth}` : ''} ${clip(typeof r.body.payload === 'string' ? r.body.payload : r.body.payload ? `<${r.body.payload.length} bytes>` : '', 300)}`,
              response: clip(body),
              serverError: lastServerError,
            });

          if (status >= 500 && !allowed503) found('5xx');
          if (status >= 400) {
            const e = safeJson(body)?.error;
            if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || e.message.length === 0) found('error_shape');
            else if (!(ERROR_CODES as readonly string[]).includes(e.code)) found('unknown_error_code');
            else if (STATUS_BY_CODE[e.code as keyof typeof STATUS_BY_CODE] !== status) found('status_mismatch');
            if (LEAK_IN_ERROR.test(body)) found('leak');
          } else if (LEAK_IN_SUCCESS.test(body)) found('leak');
          if (signedIn && r.auth === 'ok' && status === 401 && !MAY_401(op.key)) found('session_lost');
          // Without a (valid) cookie nothing but the public routes answers; without the CSRF token no unsafe method does.
          const forged = r.auth === 'no_cookie' || r.auth === 'bad_cookie' || (signedIn && r.auth !== 'ok' && op.method !== 'GET');
          if ((forged || !signedIn) && !PUBLIC.has(op.key) && status < 300) found('auth_bypass');

          // Sign in again after anything that may have ended the session (sign-out, password change, lockout).
          if (signedIn && SESSION_OPS(op.key)) {
            if (op.key === 'POST /api/v1/auth/password' && status === 200) caller.password = (r.body.json as { newPassword: string }).newPassword;
            const alive = await env.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: caller.cookie } });
            requests += 1;
            if (alive.statusCode !== 200) await signIn(caller);
          }
          return true;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );

      // The process is up and the audit chain verifies after everything the fuzzer did.
      const health = await env.app.inject({ method: 'GET', url: '/healthz' });
      const ready = await env.app.inject({ method: 'GET', url: '/readyz' });
      const audit = await verifyAuditChain(env.p.db);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const covered = [...perOp.values()].filter((s) => s.n > 0).length;
      const reached = [...perOp.values()].filter((s) => s.ok > 0).length;
      console.log(
        `SOAK fuzz [${dialect}] requests=${requests} runs=${RUNS} 2xx=${byClass['2xx']} 3xx=${byClass['3xx']} 4xx=${byClass['4xx']} 5xx=${byClass['5xx']} 503-document-unavailable=${byClass['503pdf']} ` +
          `violations=${violations.length} operations=${covered}/${ops.length} (2xx on ${reached}) relogins=${relogins} audit=${audit.ok ? 'ok' : `BROKEN at ${audit.firstBadSeq} (${audit.reason})`} ` +
          `entries=${audit.checked} seconds=${seconds} seed=${SEED}${BROWSER_MISSING ? ' (no Chromium: information sheet 503 allowed)' : ''}`,
      );
      if (process.env.FUZZ_VERBOSE) for (const [k, s] of perOp) if (s.ok === 0) console.log(`  never 2xx: ${k} (${s.n})`);
      const grouped = new Map<string, Violation[]>();
      for (const v of violations) grouped.set(`${v.kind} ${v.op} ${v.status}`, [...(grouped.get(`${v.kind} ${v.op} ${v.status}`) ?? []), v]);
      const report = [...grouped.entries()].map(([k, vs]) => `${k} ×${vs.length}\n  e.g. ${JSON.stringify(vs[0], null, 1).replace(/\n/g, '\n  ')}`).join('\n');
      expect(report, `violations (seed ${SEED})`).toBe('');
      expect(covered).toBe(ops.length);
      expect(health.statusCode).toBe(200);
      expect(ready.statusCode).toBe(200);
      expect(audit).toMatchObject({ ok: true });
      expect(audit.checked).toBeGreaterThan(0);
    });
  });
}

function safeJson(s: string): { error?: { code?: unknown; message?: unknown } } | null {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
