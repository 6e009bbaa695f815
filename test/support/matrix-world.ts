/**
 * The world the access matrix runs in (test/integration/access-matrix.test.ts): one of every record, and for
 * every scope of the matrix an organisation with one user of each of the 9 roles, signed in with a real
 * server-side session (created directly: signing 90 users in through argon2 would take most of the budget).
 *
 * Scopes (what the caller's organisation is to the world's records):
 * - `own`       manages the case (M); organises the campaign and training, is party to the agreement, handles the
 *               cooperation request, leads the action-plan action, is addressed by the recommendation, is
 *               assigned the case's task.
 * - `other`     no relation to anything (no grant).
 * - `g_<cat>`   a live grant of exactly one category on the case (inserted in case_grants as harness `grant()`).
 * - `revoked`   held a grant of every category on the case, now revoked, and one that expired: no live grant.
 * - `recipient` owns the service the case was referred to, accepted the referral (live grant: the consented
 *               `identity`), is the target of the pending transfer and responsible for the care-plan action.
 * - `authority` a prosecution office: asked for the identification decision (grant of the configured categories),
 *               records the criminal proceeding in which the case is a victim.
 */
import crypto from 'node:crypto';
import { ROLES, DATA_CATEGORIES, type TRole } from '../../src/contract/common';
import { createSession, SESSION_COOKIE } from '../../src/server/platform/auth/sessions';
import { newId, nowIso } from '../../src/server/platform/ids';
import { anonymous, caseBody, clientFor, createTestEnv, createUser, grant, localDay, type Client, type Dialect, type TestEnv } from './harness';

export const GRANT_SCOPES = DATA_CATEGORIES.map((c) => `g_${c}` as const);
export const SCOPES = ['own', 'other', ...GRANT_SCOPES, 'revoked', 'recipient', 'authority'] as const;
export type Scope = (typeof SCOPES)[number];

export type World = {
  env: TestEnv;
  org: Record<Scope, string>;
  /** users[scope][role]: a signed-in client of that role in that scope's organisation. */
  users: Record<Scope, Record<TRole, Client>>;
  anon: Client;
  /** A user of organisation M managed by the matrix (edited, password reset), and a user who signs in. */
  targetUser: { id: string; version: number };
  loginUser: { email: string; password: string };
  ids: {
    caseId: string;
    caseVersion: number;
    identificationVersion: number;
    personId: string;
    personVersion: number;
    attachmentId: string;
    taskId: string;
    taskVersion: number;
    goalId: string;
    actionId: string;
    durableStepId: string;
    compensationId: string;
    conferenceId: string;
    decisionIds: string[];
    proceedingId: string;
    defendantId: string;
    victimId: string;
    measureId: string;
    hearingId: string;
    nonPunishmentId: string;
    serviceId: string;
    sharingConsentId: string;
    /** A consent of its own, not behind any referral: withdrawing it changes no one's access. */
    spareConsentId: string;
    referralId: string;
    referralVersion: number;
    transferId: string;
    recommendationId: string;
    campaignId: string;
    trainingId: string;
    agreementId: string;
    cooperationId: string;
    planId: string;
    objectiveId: string;
    planActionId: string;
    indicatorId: string;
    reportId: string;
    exportJobId: string;
    /** An access request (identity checked) on the world's case. */
    subjectRequestId: string;
    /** A candidate handle given to M for the record of the same person kept by a twin organisation (no scope). */
    matchHandle: string;
    /** A link request from the twin organisation's record to M's (M is asked). */
    personLinkId: string;
  };
};

export const multipart = (fileName: string, mime: string, content: string | Buffer) => {
  const boundary = `matrix${crypto.randomBytes(6).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
};

/** A small valid PDF (its first bytes decide the type). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

function must<T>(res: { statusCode: number; body: string; json: () => unknown }, what: string): T {
  if (res.statusCode >= 300) throw new Error(`matrix world: ${what} failed: ${res.statusCode} ${res.body.slice(0, 400)}`);
  return res.json() as T;
}

type J = Record<string, unknown> & { id: string; version: number };

export const campaignBody = (org: string) => ({
  titleFr: 'Campagne matrice', titleAr: 'حملة المصفوفة', theme: 'Traite', audiences: ['general_public'], channels: ['tv'], regions: ['MA-04'], languages: ['ar'],
  startOn: '2025-01-01', endOn: null, organiserId: org, partnerIds: [], peopleReached: null, actionId: null, status: 'ongoing', description: null,
});
export const trainingBody = (org: string) => ({
  title: 'Formation matrice', topics: ['investigation'], startOn: '2025-01-01', endOn: '2025-01-02', regionCode: 'MA-04', organiserId: org, hours: 6,
  participants: [{ organisationType: 'police', women: 2, men: 3 }], description: null,
});
export const agreementBody = (org: string) => ({
  title: 'Convention matrice', parties: [{ organisationId: org }, { externalName: 'Ambassade', countryCode: 'FR' }], signedOn: '2025-01-01', effectiveFrom: null, effectiveTo: null,
  pillars: ['protection'], status: 'signed', description: null,
});
export const cooperationBody = (org: string) => ({
  direction: 'incoming', type: 'information_exchange', countryCode: 'ES', authority: 'Fiscalía', handlingOrganisationId: org, openedOn: '2025-01-01', subject: 'Échange matrice',
});

export async function buildMatrixWorld(dialect: Dialect): Promise<World> {
  const env = await createTestEnv(dialect);
  const now = nowIso();
  const org = {} as Record<Scope, string>;
  const type: Partial<Record<Scope, string>> = { authority: 'prosecution' };
  const rows = SCOPES.map((s) => {
    org[s] = newId();
    return { id: org[s], name: `Matrix ${s}`, type: type[s] ?? 'ngo', region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now };
  });
  await env.p.db.insertInto('organisations').values(rows).execute();

  // 90 users (argon2 hashing, a few at a time), each with a real session as the sign-in would create it.
  const users = {} as Record<Scope, Record<TRole, Client>>;
  const pairs = SCOPES.flatMap((s) => ROLES.map((r) => [s, r] as const));
  for (let i = 0; i < pairs.length; i += 6) {
    await Promise.all(
      pairs.slice(i, i + 6).map(async ([s, r]) => {
        const u = await createUser(env, org[s], [r]);
        const session = await env.p.db.transaction().execute((trx) => createSession(trx, env.config, u.id, 'authenticated', { ip: null, userAgent: 'access-matrix' }));
        (users[s] ??= {} as Record<TRole, Client>)[r] = clientFor(env.app, `${SESSION_COOKIE}=${session.token}`, session.csrfToken, u.email, u.id);
      }),
    );
  }
  const target = await createUser(env, org.own, ['case_worker']);
  const login = await createUser(env, org.other, ['case_worker']);

  const M = users.own;
  const worker = M.case_worker;
  const created = must<J & { person: J }>(await worker.post('/api/v1/cases', caseBody({ exploitationStartedOn: '2025-06-01', exploitationEndedOn: '2026-09-01' })), 'case');
  const caseId = created.id;
  const base = `/api/v1/cases/${caseId}`;
  const up = multipart('passport.txt', 'text/plain', 'scanned passport');
  const attachment = must<J>(await worker.request('POST', `${base}/attachments`, up.body, up.headers), 'attachment');
  must(await worker.post(`${base}/screenings`, { catalogueVersion: '2026.1', set: 'adult_labour', answers: {}, conditions: { consentToInterview: true, interpreterUsed: false, place: 'ngo_office' } }), 'screening');
  must(await worker.post(`${base}/risk-assessments`, { safetyRiskPerson: 'high', safetyRiskFamily: 'low', urgentMedicalNeeds: true, notes: 'The exploiter threatens the family.' }), 'risk assessment');
  must(await worker.post(`${base}/care-plan/assessments`, { assessedOn: '2026-01-01', needs: [{ domain: 'health', level: 'high', note: 'Injury to follow.' }, { domain: 'shelter', level: 'low' }] }), 'needs assessment');
  const goal = must<J>(await worker.post(`${base}/care-plan/goals`, { domain: 'shelter', text: 'A safe place' }), 'goal');
  const action = must<J>(await worker.post(`${base}/care-plan/actions`, { goalId: goal.id, title: 'Find a bed', responsibleOrganisationId: org.recipient, dueOn: localDay(30) }), 'care action');
  const stepPlan = must<{ durableSolution: { steps: J[] } }>(await worker.post(`${base}/care-plan/durable-solution/steps`, { title: 'Travel documents', responsibleOrganisationId: org.recipient }), 'durable step');
  const conference = must<J & { decisions: { id: string }[] }>(
    await worker.post(`${base}/conferences`, { heldOn: '2026-01-01', participantOrganisationIds: [org.own, org.recipient], minutes: 'Met to plan.', decisions: ['Find a course', 'Call the family'] }),
    'conference',
  );
  const tasks = must<{ items: J[] }>(await worker.get(`/api/v1/tasks?caseId=${caseId}`), 'tasks').items;

  // Grants of exactly one category each; a revoked grant of everything and an expired one.
  for (const c of DATA_CATEGORIES) await grant(env, caseId, org[`g_${c}`], [c]);
  await grant(env, caseId, org.revoked, [...DATA_CATEGORIES], { revoked: true });
  await grant(env, caseId, org.revoked, [...DATA_CATEGORIES], { validUntil: '2020-01-01T00:00:00.000Z' });

  // The identification request to the prosecution (it receives a grant), a proceeding it records with the case as victim.
  must(await worker.post(`${base}/identification/request`, { decidingOrganisationId: org.authority, identificationVersion: 1 }), 'identification request');
  const pr = users.authority.justice_liaison;
  const proceeding = must<J>(await pr.post('/api/v1/justice/proceedings', { offences: ['448-2-labour'], stage: 'complaint', complaintOn: '2026-01-05' }), 'proceeding');
  const withVictim = must<J & { victims: { id: string }[] }>(await pr.post(`/api/v1/justice/proceedings/${proceeding.id}/victims`, { caseId, roles: ['witness'] }), 'victim');
  const victimId = withVictim.victims[0]!.id;
  must(await pr.post(`/api/v1/justice/proceedings/${proceeding.id}/victims/${victimId}/measures`, { measure: 'anonymity', requestedBy: 'victim', requestedOn: '2026-01-06' }), 'measure');
  must(await pr.post(`/api/v1/justice/proceedings/${proceeding.id}/defendants`, { sex: 'male', ageGroup: '25_34', roles: ['exploiter'], relationshipToVictim: 'employer' }), 'defendant');
  const full = must<J & { defendants: J[]; victims: { measures: J[] }[]; hearings: J[] }>(
    await pr.post(`/api/v1/justice/proceedings/${proceeding.id}/hearings`, { kind: 'trial', date: '2099-01-01', time: '10:00' }),
    'hearing',
  );
  const withClaim = must<J & { victims: { compensation: J }[] }>(
    await pr.post(`/api/v1/justice/proceedings/${proceeding.id}/victims/${victimId}/compensation`, { filedOn: '2026-01-06', amountClaimed: 100000, representedBy: 'lawyer' }),
    'compensation claim',
  );
  const np = must<{ items: J[] }>(await worker.post(`${base}/non-punishment`, { offence: 'begging', accusedOn: '2026-01-05' }), 'non-punishment');
  const subjectRequest = must<J>(await worker.post(`${base}/subject-requests`, { kind: 'access', receivedOn: '2026-01-05', identityCheck: 'Seen in person.' }), 'subject request');

  // The recipient's service, a sharing consent for it, a referral it accepted; a spare consent; a pending transfer to it.
  const svc = must<J>(await users.recipient.service_provider.post('/api/v1/services', { name: 'Matrix shelter', type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'], capacityTotal: 50 }), 'service');
  const consent = { method: 'oral', interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: localDay() };
  const k = must<J>(await worker.post(`${base}/consents`, { purpose: 'sharing', recipientOrganisationId: org.recipient, categories: ['identity'], ...consent }), 'consent');
  const spare = must<J>(await worker.post(`${base}/consents`, { purpose: 'assistance', categories: ['identity'], ...consent }), 'spare consent');
  const r = must<J>(await worker.post(`${base}/referrals`, { serviceId: svc.id, urgency: 'normal', reason: 'Matrix referral.', categories: ['identity'], consentId: k.id }), 'referral');
  const accepted = must<J>(await users.recipient.service_provider.post(`/api/v1/referrals/${r.id}/transitions`, { version: r.version, action: 'accept' }), 'accept');
  const t = must<J>(await worker.post(`${base}/transfers`, { toOrganisationId: org.recipient, reason: 'Matrix transfer.' }), 'transfer');

  // The commission's and the organisations' registers.
  const analyst = users.own.commission_analyst;
  const rec = must<J>(await analyst.post('/api/v1/recommendations', { sourceType: 'commission_meeting', sourceEvent: 'Réunion plénière', adoptedOn: '2025-03-17', textFr: 'Adopter le mécanisme national.', textAr: 'اعتماد الآلية الوطنية للإحالة.', addressedTo: [org.own] }), 'recommendation');
  const campaign = must<J>(await M.org_admin.post('/api/v1/activities/campaigns', campaignBody(org.own)), 'campaign');
  const training = must<J>(await M.org_admin.post('/api/v1/activities/trainings', trainingBody(org.own)), 'training');
  const agreement = must<J>(await analyst.post('/api/v1/activities/agreements', agreementBody(org.own)), 'agreement');
  const doc = multipart('convention.pdf', 'application/pdf', PDF);
  must(await analyst.request('POST', `/api/v1/activities/agreements/${agreement.id}/document`, doc.body, doc.headers), 'agreement document');
  const cooperation = must<J>(await analyst.post('/api/v1/activities/cooperation-requests', cooperationBody(org.own)), 'cooperation request');
  const plan = must<J>(await analyst.post('/api/v1/action-plans', { code: 'PN-MX', titleFr: 'Plan matrice', titleAr: 'خطة المصفوفة', titleEn: 'Matrix plan', startYear: 2025, endYear: 2030 }), 'plan');
  const objectiveId = must<{ objectives: J[] }>(await analyst.post(`/api/v1/action-plans/${plan.id}/objectives`, { pillar: 'prevention', code: 'OM1', titleFr: 'Prévenir', titleAr: 'الوقاية' }), 'objective').objectives[0]!.id;
  const pa = must<J>(await analyst.post(`/api/v1/plan-objectives/${objectiveId}/actions`, { code: 'AM1', titleFr: 'Action matrice', titleAr: 'إجراء المصفوفة', leadOrganisationId: org.own, startDate: '2025-01-01', endDate: '2026-12-31' }), 'plan action');
  const withIndicator = must<{ indicators: J[] }>(await analyst.post(`/api/v1/plan-actions/${pa.id}/indicators`, { code: 'IM1', titleFr: 'Indicateur matrice', titleAr: 'مؤشر المصفوفة', unit: 'count', frequency: 'annual' }), 'indicator');
  const report = must<J>(await M.org_admin.post(`/api/v1/plan-actions/${pa.id}/reports`, { period: '2025', actionStatus: 'on_track', values: [] }), 'report');
  const evidence = multipart('evidence.pdf', 'application/pdf', PDF);
  must(await M.org_admin.request('POST', `/api/v1/plan-reports/${report.id}/evidence`, evidence.body, evidence.headers), 'report evidence');
  const exportJob = must<J>(await analyst.post('/api/v1/statistics/export-jobs', { kind: 'glotip', year: 2025 }), 'export job');

  // The same person recorded by a "twin" organisation outside the scopes (its case would be the `other` scope's
  // own otherwise); the registration body has the same phone. Each side gets a candidate handle; the twin asks M
  // to link the records.
  const twinOrg = newId();
  await env.p.db.insertInto('organisations').values({ id: twinOrg, name: 'Matrix twin', type: 'police', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now }).execute();
  const twinUser = await createUser(env, twinOrg, ['case_worker']);
  const twinSession = await env.p.db.transaction().execute((trx) => createSession(trx, env.config, twinUser.id, 'authenticated', { ip: null, userAgent: 'access-matrix' }));
  const twin = clientFor(env.app, `${SESSION_COOKIE}=${twinSession.token}`, twinSession.csrfToken, twinUser.email, twinUser.id);
  const twinCase = must<J & { person: J }>(await twin.post('/api/v1/cases', caseBody()), 'twin organisation\'s case');
  const handleOf = async (c: Client, personId: string) =>
    must<{ items: { kind: string; handle?: string }[] }>(await c.get(`/api/v1/persons/${personId}/match-candidates`), 'match candidates').items.find((i) => i.kind === 'other')!.handle!;
  const matchHandle = await handleOf(worker, created.person.id);
  const personLink = must<J>(await twin.post('/api/v1/person-links', { fromPersonId: twinCase.person.id, candidate: await handleOf(twin, twinCase.person.id) }), 'person link');

  const current = must<J>(await worker.get(base), 'case read');
  const ident = must<{ identificationVersion: number }>(await worker.get(`${base}/identification`), 'identification');
  const person = must<{ version?: number; person?: { version: number } }>(await worker.get(`/api/v1/persons/${created.person.id}`), 'person');

  return {
    env,
    org,
    users,
    anon: anonymous(env.app),
    targetUser: { id: target.id, version: target.version },
    loginUser: { email: login.email, password: 'Test-password-2026!' },
    ids: {
      caseId,
      caseVersion: current.version,
      identificationVersion: ident.identificationVersion,
      personId: created.person.id,
      personVersion: person.person?.version ?? person.version ?? 1,
      attachmentId: attachment.id,
      taskId: tasks[0]!.id,
      taskVersion: tasks[0]!.version,
      goalId: goal.id,
      actionId: action.id,
      durableStepId: stepPlan.durableSolution.steps[0]!.id,
      compensationId: withClaim.victims[0]!.compensation.id,
      conferenceId: conference.id,
      decisionIds: conference.decisions.map((d) => d.id),
      proceedingId: proceeding.id,
      defendantId: full.defendants[0]!.id,
      victimId,
      measureId: full.victims[0]!.measures[0]!.id,
      hearingId: full.hearings[0]!.id,
      nonPunishmentId: np.items[0]!.id,
      serviceId: svc.id,
      sharingConsentId: k.id,
      spareConsentId: spare.id,
      referralId: r.id,
      referralVersion: accepted.version,
      transferId: t.id,
      recommendationId: rec.id,
      campaignId: campaign.id,
      trainingId: training.id,
      agreementId: agreement.id,
      cooperationId: cooperation.id,
      planId: plan.id,
      objectiveId,
      planActionId: pa.id,
      indicatorId: withIndicator.indicators[0]!.id,
      reportId: report.id,
      exportJobId: exportJob.id,
      subjectRequestId: subjectRequest.id,
      matchHandle,
      personLinkId: personLink.id,
    },
  };
}
