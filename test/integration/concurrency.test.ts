/**
 * Optimistic concurrency, endpoint by endpoint: two conflicting edits of the same record sent at once with the
 * same version → exactly one 2xx and one 409 VERSION_CONFLICT whose `details.currentVersion` is the version now
 * stored, and the record holds the winner's change only (its version moved once). The table is checked against
 * the OpenAPI document: every state-changing route is either a row or an explicit exemption.
 *
 * And free places: 50 acceptances at once of referrals to a service with 5 free places → exactly 5 accepted,
 * 45 × 409 CONFLICT `no_capacity`, 0 free places left, never below.
 *
 * On PostgreSQL the requests really run at once (one connection each from the pool); on SQLite the
 * transactions serialise, so the loser reads the winner's version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DIALECTS, PASSWORD, caseBody, createTestEnv, createUser, grant, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';

type Who = 'worker' | 'worker2' | 'adminA' | 'adminA2' | 'sysadmin' | 'sysadmin2' | 'analyst' | 'analyst2' | 'pr1' | 'pr2' | 'pr3' | 'shelter' | 'shelter2' | 'workerB';
type World = { env: TestEnv; c: Record<Who, Client>; prosecution: string; prosecution2: string; shelterOrg: string };

/** The record under test: where to send the edits, and how to read back its version and the field both edits change. */
type Target = { url: string; read: () => Promise<{ version: number; mark: unknown }> };
type Edit = { by: Who; body: (version: number, w: World) => unknown; mark: unknown };
type Row = {
  /** The route as the OpenAPI document names it. */
  route: string;
  /** Told apart when one route has several rows. */
  label?: string;
  setup: (w: World) => Promise<Target>;
  edits: [Edit, Edit];
};

const ok = (res: LightMyRequestResponse, what: string) => {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json();
};
type Item = { id: string; version: number } & Record<string, unknown>;
const find = (items: Item[], id: string): Item => {
  const item = items.find((i) => i.id === id);
  if (!item) throw new Error(`${id} not in the list`);
  return item;
};

// ---- Record factories: each row edits a record of its own. ----

async function newCase(w: World, by: Who = 'worker') {
  return ok(await w.c[by].post('/api/v1/cases', caseBody()), 'case') as { id: string; version: number; person: { id: string } };
}
async function newService(w: World, capacityTotal?: number) {
  const body = { name: `Shelter ${newId().slice(-6)}`, type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'], ...(capacityTotal ? { capacityTotal } : {}) };
  return ok(await w.c.shelter.post('/api/v1/services', body), 'service') as { id: string; version: number };
}
async function sharingConsent(w: World, caseId: string) {
  const body = { purpose: 'sharing', recipientOrganisationId: w.shelterOrg, categories: ['identity'], method: 'oral', interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: '2026-01-01' };
  return ok(await w.c.worker.post(`/api/v1/cases/${caseId}/consents`, body), 'consent') as { id: string; version: number };
}
async function newReferral(w: World, serviceId: string) {
  const c = await newCase(w);
  const k = await sharingConsent(w, c.id);
  const body = { serviceId, urgency: 'normal', reason: 'Needs a safe place.', categories: ['identity'], consentId: k.id };
  return ok(await w.c.worker.post(`/api/v1/cases/${c.id}/referrals`, body), 'referral') as { id: string; version: number };
}
async function newProceeding(w: World) {
  const c = await newCase(w);
  await grant(w.env, c.id, w.prosecution, ['identity']);
  const p = ok(await w.c.pr1.post('/api/v1/justice/proceedings', { offences: ['448-2-labour'], stage: 'complaint', complaintOn: '2026-01-05' }), 'proceeding');
  return { caseId: c.id, id: p.id as string, base: `/api/v1/justice/proceedings/${p.id}` };
}
const proceeding = (w: World, id: string) => w.c.pr1.get(`/api/v1/justice/proceedings/${id}`).then((r) => ok(r, 'proceeding'));
async function requestedCase(w: World) {
  const c = await newCase(w);
  ok(await w.c.worker.post(`/api/v1/cases/${c.id}/identification/request`, { identificationVersion: 1, decidingOrganisationId: w.prosecution }), 'identification request');
  return c.id;
}
const identification = (w: World, caseId: string, by: Who = 'pr1') => w.c[by].get(`/api/v1/cases/${caseId}/identification`).then((r) => ok(r, 'identification'));
const idVersion = async (w: World, caseId: string) => (await identification(w, caseId)).identificationVersion as number;
const carePlan = (w: World, caseId: string) => w.c.worker.get(`/api/v1/cases/${caseId}/care-plan`).then((r) => ok(r, 'care plan'));
async function planWithAction(w: World) {
  const plan = ok(await w.c.analyst.post('/api/v1/action-plans', { code: `PN-${newId().slice(-4)}`, titleFr: 'Plan', titleAr: 'خطة', titleEn: 'Plan', startYear: 2025, endYear: 2030 }), 'plan');
  const objectiveId = ok(await w.c.analyst.post(`/api/v1/action-plans/${plan.id}/objectives`, { pillar: 'prevention', code: 'O1', titleFr: 'Prévenir', titleAr: 'الوقاية' }), 'objective').objectives[0].id as string;
  const action = ok(
    await w.c.analyst.post(`/api/v1/plan-objectives/${objectiveId}/actions`, { code: 'A1', titleFr: 'Action', titleAr: 'إجراء', leadOrganisationId: w.env.orgs.a, startDate: '2025-01-01', endDate: '2026-12-31' }),
    'plan action',
  );
  return { planId: plan.id as string, objectiveId, actionId: action.id as string };
}
async function draftReport(w: World) {
  const { actionId } = await planWithAction(w);
  return ok(await w.c.adminA.post(`/api/v1/plan-actions/${actionId}/reports`, { period: '2025', actionStatus: 'on_track', values: [] }), 'report') as { id: string; version: number };
}
const campaignBody = (org: string) => ({
  titleFr: 'Campagne', titleAr: 'حملة', theme: 'Traite', audiences: ['general_public'], channels: ['tv'], regions: ['MA-04'], languages: ['ar'],
  startOn: '2025-01-01', endOn: null, organiserId: org, partnerIds: [], peopleReached: null, actionId: null, status: 'ongoing', description: null,
});
const trainingBody = (org: string) => ({
  title: 'Formation', topics: ['investigation'], startOn: '2025-01-01', endOn: '2025-01-02', regionCode: 'MA-04', organiserId: org, hours: 6,
  participants: [{ organisationType: 'police', women: 2, men: 3 }], description: null,
});
const agreementBody = (org: string) => ({
  title: 'Convention', parties: [{ organisationId: org }, { externalName: 'Ambassade', countryCode: 'FR' }], signedOn: '2025-01-01', effectiveFrom: null, effectiveTo: null,
  pillars: ['protection'], status: 'signed', description: null,
});
const cooperationBody = (org: string) => ({
  direction: 'incoming', type: 'information_exchange', countryCode: 'ES', authority: 'Fiscalía', handlingOrganisationId: org, openedOn: '2025-01-01', subject: 'Échange',
});
const sectionOf = async (w: World, section: string) => {
  const draft = ok(await w.c.analyst.get('/api/v1/statistics/reports/2025/fr'), 'report draft');
  const s = draft.sections.find((x: { section: string }) => x.section === section);
  return { version: (s?.version ?? 0) as number, mark: (s?.text ?? '') as string };
};
/** Which of two passwords opens the account now. */
async function passwordThatWorks(w: World, email: string, passwords: string[]) {
  for (const password of passwords) {
    const res = await w.env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (res.statusCode === 200) return password;
  }
  return null;
}

const same = (mark: unknown): Edit['body'] => (version) => ({ version, ...(mark as object) });

const ROWS: Row[] = [
  {
    route: 'PATCH /api/v1/breaches/{id}',
    setup: async (w) => {
      const b = ok(await w.c.sysadmin.post('/api/v1/breaches', { detectedAt: new Date(Date.now() - 3600_000).toISOString(), natures: ['availability'], description: 'Database unreachable for an hour.' }), 'breach');
      return {
        url: `/api/v1/breaches/${b.id}`,
        read: async () => {
          const x = find(ok(await w.c.sysadmin.get('/api/v1/breaches'), 'breaches').items, b.id);
          return { version: x.version, mark: x.measures };
        },
      };
    },
    edits: [
      { by: 'sysadmin', body: (version) => ({ version, measures: 'Restarted by one.' }), mark: 'Restarted by one.' },
      { by: 'sysadmin2', body: (version) => ({ version, measures: 'Restored by two.' }), mark: 'Restored by two.' },
    ],
  },
  {
    route: 'PATCH /api/v1/organisations/{id}',
    setup: async (w) => {
      const o = ok(await w.c.sysadmin.post('/api/v1/organisations', { name: 'Org to rename', type: 'ngo' }), 'organisation');
      return {
        url: `/api/v1/organisations/${o.id}`,
        read: async () => {
          const org = find(ok(await w.c.sysadmin.get('/api/v1/organisations'), 'organisations').items, o.id);
          return { version: org.version, mark: org.name };
        },
      };
    },
    edits: [
      { by: 'sysadmin', body: (version) => ({ version, name: 'Renamed by one' }), mark: 'Renamed by one' },
      { by: 'sysadmin2', body: (version) => ({ version, name: 'Renamed by two' }), mark: 'Renamed by two' },
    ],
  },
  {
    route: 'PATCH /api/v1/users/{id}',
    setup: async (w) => {
      const u = await createUser(w.env, w.env.orgs.a, ['case_worker']);
      return {
        url: `/api/v1/users/${u.id}`,
        read: async () => {
          const user = find(ok(await w.c.adminA.get('/api/v1/users'), 'users').items, u.id);
          return { version: user.version, mark: user.displayName };
        },
      };
    },
    edits: [
      { by: 'adminA', body: (version) => ({ version, displayName: 'Name one' }), mark: 'Name one' },
      { by: 'adminA2', body: (version) => ({ version, displayName: 'Name two' }), mark: 'Name two' },
    ],
  },
  {
    route: 'POST /api/v1/users/{id}/password-reset',
    setup: async (w) => {
      const u = await createUser(w.env, w.env.orgs.a, ['case_worker']);
      return {
        url: `/api/v1/users/${u.id}/password-reset`,
        read: async () => {
          const user = find(ok(await w.c.adminA.get('/api/v1/users'), 'users').items, u.id);
          return { version: user.version, mark: await passwordThatWorks(w, u.email, ['Reset-password-one-1', 'Reset-password-two-2', PASSWORD]) };
        },
      };
    },
    edits: [
      { by: 'adminA', body: (version) => ({ version, password: 'Reset-password-one-1' }), mark: 'Reset-password-one-1' },
      { by: 'adminA2', body: (version) => ({ version, password: 'Reset-password-two-2' }), mark: 'Reset-password-two-2' },
    ],
  },
  {
    route: 'PATCH /api/v1/cases/{id}',
    setup: async (w) => {
      const c = await newCase(w);
      return {
        url: `/api/v1/cases/${c.id}`,
        read: async () => {
          const d = ok(await w.c.worker.get(`/api/v1/cases/${c.id}`), 'case');
          return { version: d.version, mark: d.notes };
        },
      };
    },
    edits: [
      { by: 'worker', body: (version) => ({ version, notes: 'Notes of one' }), mark: 'Notes of one' },
      { by: 'worker2', body: (version) => ({ version, notes: 'Notes of two' }), mark: 'Notes of two' },
    ],
  },
  {
    route: 'PATCH /api/v1/persons/{id}',
    setup: async (w) => {
      const c = await newCase(w);
      return {
        url: `/api/v1/persons/${c.person.id}`,
        read: async () => {
          const d = ok(await w.c.worker.get(`/api/v1/persons/${c.person.id}`), 'person').person;
          return { version: d.version, mark: d.identity.familyName };
        },
      };
    },
    edits: [
      { by: 'worker', body: (version) => ({ version, familyName: 'Onename' }), mark: 'Onename' },
      { by: 'worker2', body: (version) => ({ version, familyName: 'Twoname' }), mark: 'Twoname' },
    ],
  },
  {
    route: 'PATCH /api/v1/tasks/{id}',
    setup: async (w) => {
      const c = await newCase(w);
      const task = ok(await w.c.worker.get(`/api/v1/tasks?scope=organisation&caseId=${c.id}`), 'tasks').items[0];
      return {
        url: `/api/v1/tasks/${task.id}`,
        read: async () => {
          for (const status of ['open', 'done', 'cancelled']) {
            const items = ok(await w.c.worker.get(`/api/v1/tasks?scope=organisation&caseId=${c.id}&status=${status}`), 'tasks').items as { id: string; version: number; status: string }[];
            const t = items.find((i) => i.id === task.id);
            if (t) return { version: t.version, mark: t.status };
          }
          throw new Error('task gone');
        },
      };
    },
    edits: [
      { by: 'worker', body: same({ status: 'done' }), mark: 'done' },
      { by: 'worker2', body: same({ status: 'cancelled' }), mark: 'cancelled' },
    ],
  },
  {
    route: 'PATCH /api/v1/services/{id}',
    setup: async (w) => {
      const s = await newService(w);
      return {
        url: `/api/v1/services/${s.id}`,
        read: async () => {
          const d = ok(await w.c.shelter.get(`/api/v1/services/${s.id}`), 'service');
          return { version: d.version, mark: d.name };
        },
      };
    },
    edits: [
      { by: 'shelter', body: (version) => ({ version, name: 'Service one' }), mark: 'Service one' },
      { by: 'shelter2', body: (version) => ({ version, name: 'Service two' }), mark: 'Service two' },
    ],
  },
  {
    route: 'PUT /api/v1/services/{id}/capacity',
    setup: async (w) => {
      const s = await newService(w, 5);
      return {
        url: `/api/v1/services/${s.id}/capacity`,
        read: async () => {
          const d = ok(await w.c.shelter.get(`/api/v1/services/${s.id}`), 'service');
          return { version: d.version, mark: d.capacityAvailable };
        },
      };
    },
    edits: [
      { by: 'shelter', body: same({ available: 1 }), mark: 1 },
      { by: 'shelter2', body: same({ available: 3 }), mark: 3 },
    ],
  },
  {
    route: 'POST /api/v1/cases/{id}/subject-requests/{requestId}/identity-check',
    setup: async (w) => {
      const c = await newCase(w);
      const r = ok(await w.c.worker.post(`/api/v1/cases/${c.id}/subject-requests`, { kind: 'access', receivedOn: '2026-11-02' }), 'subject request');
      return {
        url: `/api/v1/cases/${c.id}/subject-requests/${r.id}/identity-check`,
        read: async () => {
          const req = find(ok(await w.c.worker.get(`/api/v1/cases/${c.id}/subject-requests`), 'subject requests').items, r.id);
          return { version: req.version, mark: req.identityCheck };
        },
      };
    },
    edits: [
      { by: 'worker', body: (version) => ({ version, identityCheck: 'Checked by one with her passport.' }), mark: 'Checked by one with her passport.' },
      { by: 'worker2', body: (version) => ({ version, identityCheck: 'Checked by two with her card.' }), mark: 'Checked by two with her card.' },
    ],
  },
  {
    route: 'PUT /api/v1/cases/{id}/care-plan/durable-solution',
    setup: async (w) => {
      const c = await newCase(w);
      return {
        url: `/api/v1/cases/${c.id}/care-plan/durable-solution`,
        read: async () => {
          const plan = await carePlan(w, c.id);
          return { version: plan.version, mark: plan.durableSolution.track };
        },
      };
    },
    edits: [
      { by: 'worker', body: same({ track: 'local_integration', status: 'exploring' }), mark: 'local_integration' },
      { by: 'worker2', body: same({ track: 'third_country', status: 'exploring' }), mark: 'third_country' },
    ],
  },
  {
    route: 'PATCH /api/v1/cases/{id}/care-plan/goals/{goalId}',
    setup: async (w) => {
      const c = await newCase(w);
      const goal = ok(await w.c.worker.post(`/api/v1/cases/${c.id}/care-plan/goals`, { domain: 'shelter', text: 'A safe place' }), 'goal');
      return {
        url: `/api/v1/cases/${c.id}/care-plan/goals/${goal.id}`,
        read: async () => {
          const g = find((await carePlan(w, c.id)).goals, goal.id);
          return { version: g.version, mark: g.text };
        },
      };
    },
    edits: [
      { by: 'worker', body: same({ text: 'Goal of one' }), mark: 'Goal of one' },
      { by: 'worker2', body: same({ text: 'Goal of two' }), mark: 'Goal of two' },
    ],
  },
  {
    route: 'PATCH /api/v1/cases/{id}/care-plan/actions/{actionId}',
    setup: async (w) => {
      const c = await newCase(w);
      const action = ok(await w.c.worker.post(`/api/v1/cases/${c.id}/care-plan/actions`, { title: 'Find a bed', responsibleOrganisationId: w.env.orgs.a }), 'care action');
      return {
        url: `/api/v1/cases/${c.id}/care-plan/actions/${action.id}`,
        read: async () => {
          const a = find((await carePlan(w, c.id)).actions, action.id);
          return { version: a.version, mark: a.title };
        },
      };
    },
    edits: [
      { by: 'worker', body: same({ title: 'Action of one' }), mark: 'Action of one' },
      { by: 'worker2', body: same({ title: 'Action of two' }), mark: 'Action of two' },
    ],
  },
  {
    route: 'PATCH /api/v1/justice/proceedings/{id}',
    setup: async (w) => {
      const pr = await newProceeding(w);
      return {
        url: pr.base,
        read: async () => {
          const d = await proceeding(w, pr.id);
          return { version: d.version, mark: d.jurisdiction };
        },
      };
    },
    edits: [
      { by: 'pr1', body: same({ jurisdiction: 'Tribunal one' }), mark: 'Tribunal one' },
      { by: 'pr2', body: same({ jurisdiction: 'Tribunal two' }), mark: 'Tribunal two' },
    ],
  },
  {
    route: 'PATCH /api/v1/justice/proceedings/{id}/defendants/{defendantId}',
    setup: async (w) => {
      const pr = await newProceeding(w);
      const d = ok(await w.c.pr1.post(`${pr.base}/defendants`, { sex: 'male', ageGroup: '25_34', roles: ['exploiter'], relationshipToVictim: 'employer' }), 'defendant').defendants[0];
      return {
        url: `${pr.base}/defendants/${d.id}`,
        read: async () => {
          const x = find((await proceeding(w, pr.id)).defendants, d.id);
          return { version: x.version, mark: x.fineMad };
        },
      };
    },
    edits: [
      { by: 'pr1', body: same({ fineMad: 1000 }), mark: 1000 },
      { by: 'pr2', body: same({ fineMad: 2000 }), mark: 2000 },
    ],
  },
  {
    route: 'PATCH /api/v1/justice/proceedings/{id}/measures/{measureId}',
    setup: async (w) => {
      const pr = await newProceeding(w);
      const v = ok(await w.c.pr1.post(`${pr.base}/victims`, { caseId: pr.caseId, roles: ['witness'] }), 'victim').victims[0];
      const m = ok(await w.c.pr1.post(`${pr.base}/victims/${v.id}/measures`, { measure: 'anonymity', requestedBy: 'victim', requestedOn: '2026-01-06' }), 'measure').victims[0].measures[0];
      return {
        url: `${pr.base}/measures/${m.id}`,
        read: async () => {
          const x = find((await proceeding(w, pr.id)).victims[0].measures, m.id);
          return { version: x.version, mark: x.status };
        },
      };
    },
    edits: [
      { by: 'pr1', body: same({ status: 'granted', decidedBy: 'prosecutor', decidedOn: '2026-01-07' }), mark: 'granted' },
      { by: 'pr2', body: same({ status: 'refused', decidedBy: 'prosecutor', decidedOn: '2026-01-07' }), mark: 'refused' },
    ],
  },
  {
    route: 'PATCH /api/v1/justice/proceedings/{id}/hearings/{hearingId}',
    setup: async (w) => {
      const pr = await newProceeding(w);
      const h = ok(await w.c.pr1.post(`${pr.base}/hearings`, { kind: 'trial', date: '2099-01-01', time: '10:00' }), 'hearing').hearings[0];
      return {
        url: `${pr.base}/hearings/${h.id}`,
        read: async () => {
          const x = find((await proceeding(w, pr.id)).hearings, h.id);
          return { version: x.version, mark: x.status };
        },
      };
    },
    edits: [
      { by: 'pr1', body: same({ status: 'postponed' }), mark: 'postponed' },
      { by: 'pr2', body: same({ status: 'cancelled' }), mark: 'cancelled' },
    ],
  },
  {
    route: 'PATCH /api/v1/cases/{id}/care-plan/durable-solution/steps/{stepId}',
    setup: async (w) => {
      const c = await newCase(w);
      const plan = ok(await w.c.worker.post(`/api/v1/cases/${c.id}/care-plan/durable-solution/steps`, { title: 'Travel documents', responsibleOrganisationId: w.env.orgs.a }), 'durable step');
      const id = plan.durableSolution.steps[0].id as string;
      return {
        url: `/api/v1/cases/${c.id}/care-plan/durable-solution/steps/${id}`,
        read: async () => {
          const x = find((await carePlan(w, c.id)).durableSolution.steps, id);
          return { version: x.version, mark: x.title };
        },
      };
    },
    edits: [
      { by: 'worker', body: same({ title: 'Step of one' }), mark: 'Step of one' },
      { by: 'worker2', body: same({ title: 'Step of two' }), mark: 'Step of two' },
    ],
  },
  {
    route: 'PATCH /api/v1/justice/proceedings/{id}/compensation/{claimId}',
    setup: async (w) => {
      const pr = await newProceeding(w);
      const v = ok(await w.c.pr1.post(`${pr.base}/victims`, { caseId: pr.caseId, roles: ['witness'] }), 'victim').victims[0];
      const k = ok(await w.c.pr1.post(`${pr.base}/victims/${v.id}/compensation`, { filedOn: '2026-01-06', amountClaimed: 1000, representedBy: 'lawyer' }), 'claim').victims[0].compensation;
      return {
        url: `${pr.base}/compensation/${k.id}`,
        read: async () => {
          const x = (await proceeding(w, pr.id)).victims[0].compensation;
          return { version: x.version, mark: x.amountClaimed };
        },
      };
    },
    edits: [
      { by: 'pr1', body: same({ amountClaimed: 5000 }), mark: 5000 },
      { by: 'pr2', body: same({ amountClaimed: 9000 }), mark: 9000 },
    ],
  },
  {
    route: 'PATCH /api/v1/cases/{id}/non-punishment/{recordId}',
    setup: async (w) => {
      const c = await newCase(w);
      const rec = ok(await w.c.worker.post(`/api/v1/cases/${c.id}/non-punishment`, { offence: 'begging', accusedOn: '2026-01-05' }), 'non-punishment').items[0];
      return {
        url: `/api/v1/cases/${c.id}/non-punishment/${rec.id}`,
        read: async () => {
          // The PATCH answers the case's list; an edit with the current version and no change reads it back.
          const items = ok(await w.c.worker.get(`/api/v1/cases/${c.id}/justice`), 'case justice').nonPunishment as { id: string; version: number; status: string }[];
          const x = find(items, rec.id);
          return { version: x.version, mark: x.status };
        },
      };
    },
    edits: [
      { by: 'worker', body: same({ status: 'not_prosecuted' }), mark: 'not_prosecuted' },
      { by: 'worker2', body: same({ status: 'convicted' }), mark: 'convicted' },
    ],
  },
  {
    route: 'PUT /api/v1/statistics/reports/{year}/{lang}/sections/{section}',
    label: 'first save of a section (version 0)',
    setup: async (w) => ({ url: '/api/v1/statistics/reports/2025/fr/sections/context', read: () => sectionOf(w, 'context') }),
    edits: [
      { by: 'analyst', body: same({ text: 'Context by one.' }), mark: 'Context by one.' },
      { by: 'analyst2', body: same({ text: 'Context by two.' }), mark: 'Context by two.' },
    ],
  },
  {
    route: 'PUT /api/v1/statistics/reports/{year}/{lang}/sections/{section}',
    label: 'a later save',
    setup: async (w) => {
      ok(await w.c.analyst.put('/api/v1/statistics/reports/2025/fr/sections/victims', { version: 0, text: 'First draft.' }), 'section');
      return { url: '/api/v1/statistics/reports/2025/fr/sections/victims', read: () => sectionOf(w, 'victims') };
    },
    edits: [
      { by: 'analyst', body: same({ text: 'Victims by one.' }), mark: 'Victims by one.' },
      { by: 'analyst2', body: same({ text: 'Victims by two.' }), mark: 'Victims by two.' },
    ],
  },
  {
    route: 'PATCH /api/v1/recommendations/{id}',
    setup: async (w) => {
      const rec = ok(
        await w.c.analyst.post('/api/v1/recommendations', { sourceType: 'commission_meeting', sourceEvent: 'Réunion', adoptedOn: '2025-03-17', textFr: 'Adopter le mécanisme national.', textAr: 'اعتماد الآلية الوطنية للإحالة.', addressedTo: [w.env.orgs.a] }),
        'recommendation',
      );
      return {
        url: `/api/v1/recommendations/${rec.id}`,
        read: async () => {
          const d = ok(await w.c.analyst.get(`/api/v1/recommendations/${rec.id}`), 'recommendation');
          return { version: d.version, mark: d.textFr };
        },
      };
    },
    edits: [
      { by: 'analyst', body: same({ textFr: 'Texte de la recommandation un.' }), mark: 'Texte de la recommandation un.' },
      { by: 'analyst2', body: same({ textFr: 'Texte de la recommandation deux.' }), mark: 'Texte de la recommandation deux.' },
    ],
  },
  {
    route: 'PATCH /api/v1/action-plans/{id}',
    setup: async (w) => {
      const { planId } = await planWithAction(w);
      return {
        url: `/api/v1/action-plans/${planId}`,
        read: async () => {
          const d = ok(await w.c.analyst.get(`/api/v1/action-plans/${planId}`), 'plan');
          return { version: d.version, mark: d.titleFr };
        },
      };
    },
    edits: [
      { by: 'analyst', body: same({ titleFr: 'Plan un' }), mark: 'Plan un' },
      { by: 'analyst2', body: same({ titleFr: 'Plan deux' }), mark: 'Plan deux' },
    ],
  },
  {
    route: 'PATCH /api/v1/plan-objectives/{id}',
    setup: async (w) => {
      const { planId, objectiveId } = await planWithAction(w);
      return {
        url: `/api/v1/plan-objectives/${objectiveId}`,
        read: async () => {
          const o = find(ok(await w.c.analyst.get(`/api/v1/action-plans/${planId}`), 'plan').objectives, objectiveId);
          return { version: o.version, mark: o.titleFr };
        },
      };
    },
    edits: [
      { by: 'analyst', body: same({ titleFr: 'Objectif un' }), mark: 'Objectif un' },
      { by: 'analyst2', body: same({ titleFr: 'Objectif deux' }), mark: 'Objectif deux' },
    ],
  },
  {
    route: 'PATCH /api/v1/plan-actions/{id}',
    setup: async (w) => {
      const { actionId } = await planWithAction(w);
      return {
        url: `/api/v1/plan-actions/${actionId}`,
        read: async () => {
          const d = ok(await w.c.analyst.get(`/api/v1/plan-actions/${actionId}`), 'plan action');
          return { version: d.version, mark: d.titleFr };
        },
      };
    },
    edits: [
      { by: 'analyst', body: same({ titleFr: 'Action un' }), mark: 'Action un' },
      { by: 'analyst2', body: same({ titleFr: 'Action deux' }), mark: 'Action deux' },
    ],
  },
  {
    route: 'PATCH /api/v1/plan-indicators/{id}',
    setup: async (w) => {
      const { actionId } = await planWithAction(w);
      const ind = ok(await w.c.analyst.post(`/api/v1/plan-actions/${actionId}/indicators`, { code: 'I1', titleFr: 'Indicateur', titleAr: 'مؤشر', unit: 'count', frequency: 'annual' }), 'indicator').indicators[0];
      return {
        url: `/api/v1/plan-indicators/${ind.id}`,
        read: async () => {
          const x = find(ok(await w.c.analyst.get(`/api/v1/plan-actions/${actionId}`), 'plan action').indicators, ind.id);
          return { version: x.version, mark: x.titleFr };
        },
      };
    },
    edits: [
      { by: 'analyst', body: same({ titleFr: 'Indicateur un' }), mark: 'Indicateur un' },
      { by: 'analyst2', body: same({ titleFr: 'Indicateur deux' }), mark: 'Indicateur deux' },
    ],
  },
  {
    route: 'PATCH /api/v1/plan-reports/{id}',
    setup: async (w) => {
      const r = await draftReport(w);
      return {
        url: `/api/v1/plan-reports/${r.id}`,
        read: async () => {
          const d = ok(await w.c.adminA.get(`/api/v1/plan-reports/${r.id}`), 'report');
          return { version: d.version, mark: d.narrative };
        },
      };
    },
    edits: [
      { by: 'adminA', body: same({ narrative: 'Narrative one.' }), mark: 'Narrative one.' },
      { by: 'adminA2', body: same({ narrative: 'Narrative two.' }), mark: 'Narrative two.' },
    ],
  },
  {
    route: 'POST /api/v1/plan-reports/{id}/transitions',
    setup: async (w) => {
      const r = await draftReport(w);
      ok(await w.c.adminA.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: r.version, action: 'submit' }), 'submit');
      return {
        url: `/api/v1/plan-reports/${r.id}/transitions`,
        read: async () => {
          const d = ok(await w.c.analyst.get(`/api/v1/plan-reports/${r.id}`), 'report');
          return { version: d.version, mark: d.status };
        },
      };
    },
    edits: [
      { by: 'analyst', body: same({ action: 'validate' }), mark: 'validated' },
      { by: 'analyst2', body: same({ action: 'return', note: 'Please add the figures.' }), mark: 'returned' },
    ],
  },
  ...(
    [
      ['campaigns', (w: World) => w.c.adminA.post('/api/v1/activities/campaigns', campaignBody(w.env.orgs.a)), 'titleFr', ['Campagne un', 'Campagne deux'], 'adminA', 'adminA2'],
      ['trainings', (w: World) => w.c.adminA.post('/api/v1/activities/trainings', trainingBody(w.env.orgs.a)), 'hours', [7, 8], 'adminA', 'adminA2'],
      ['agreements', (w: World) => w.c.analyst.post('/api/v1/activities/agreements', agreementBody(w.env.orgs.a)), 'title', ['Convention un', 'Convention deux'], 'analyst', 'analyst2'],
      ['cooperation-requests', (w: World) => w.c.analyst.post('/api/v1/activities/cooperation-requests', cooperationBody(w.env.orgs.a)), 'authority', ['Autorité un', 'Autorité deux'], 'analyst', 'analyst2'],
    ] as const
  ).map(
    ([kind, create, field, marks, one, two]): Row => ({
      route: `PATCH /api/v1/activities/${kind}/{id}`,
      setup: async (w) => {
        const rec = ok(await create(w), kind);
        return {
          url: `/api/v1/activities/${kind}/${rec.id}`,
          read: async () => {
            const d = ok(await w.c[one].get(`/api/v1/activities/${kind}/${rec.id}`), kind);
            return { version: d.version, mark: d[field] };
          },
        };
      },
      edits: [
        { by: one, body: same({ [field]: marks[0] }), mark: marks[0] },
        { by: two, body: same({ [field]: marks[1] }), mark: marks[1] },
      ],
    }),
  ),
  {
    route: 'POST /api/v1/consents/{id}/withdraw',
    setup: async (w) => {
      const c = await newCase(w);
      const k = await sharingConsent(w, c.id);
      return {
        url: `/api/v1/consents/${k.id}/withdraw`,
        read: async () => {
          const x = find(ok(await w.c.worker.get(`/api/v1/cases/${c.id}/consents`), 'consents').items, k.id);
          return { version: x.version, mark: x.withdrawalReason };
        },
      };
    },
    edits: [
      { by: 'worker', body: same({ reason: 'Told to worker one.' }), mark: 'Told to worker one.' },
      { by: 'worker2', body: same({ reason: 'Told to worker two.' }), mark: 'Told to worker two.' },
    ],
  },
  {
    route: 'POST /api/v1/referrals/{id}/transitions',
    setup: async (w) => {
      const s = await newService(w, 3);
      const r = await newReferral(w, s.id);
      return {
        url: `/api/v1/referrals/${r.id}/transitions`,
        read: async () => {
          const d = ok(await w.c.worker.get(`/api/v1/referrals/${r.id}`), 'referral');
          return { version: d.version, mark: d.status };
        },
      };
    },
    edits: [
      // The provider accepts while the sender revokes.
      { by: 'shelter', body: same({ action: 'accept' }), mark: 'accepted' },
      { by: 'worker', body: same({ action: 'revoke' }), mark: 'revoked' },
    ],
  },
  {
    route: 'POST /api/v1/transfers/{id}/respond',
    setup: async (w) => {
      const c = await newCase(w);
      const t = ok(await w.c.worker.post(`/api/v1/cases/${c.id}/transfers`, { toOrganisationId: w.env.orgs.b, reason: 'She moved to Tanger.' }), 'transfer');
      return {
        url: `/api/v1/transfers/${t.id}/respond`,
        read: async () => {
          const x = find(ok(await w.c.workerB.get(`/api/v1/transfers?box=incoming`), 'transfers').items, t.id);
          return { version: x.version, mark: x.status };
        },
      };
    },
    edits: [
      // The receiving organisation accepts while the sender cancels.
      { by: 'workerB', body: same({ action: 'accept' }), mark: 'accepted' },
      { by: 'worker', body: same({ action: 'cancel' }), mark: 'cancelled' },
    ],
  },
  {
    route: 'POST /api/v1/cases/{id}/identification/request',
    setup: async (w) => {
      const c = await newCase(w);
      return {
        url: `/api/v1/cases/${c.id}/identification/request`,
        read: async () => {
          const s = await identification(w, c.id, 'worker');
          return { version: s.identificationVersion, mark: s.requestedFrom?.name ?? null };
        },
      };
    },
    edits: [
      // Two colleagues send the case to two different authorities.
      { by: 'worker', body: (v, w) => ({ identificationVersion: v, decidingOrganisationId: w.prosecution }), mark: 'Parquet (test)' },
      { by: 'worker2', body: (v, w) => ({ identificationVersion: v, decidingOrganisationId: w.prosecution2 }), mark: 'Parquet 2 (test)' },
    ],
  },
  {
    route: 'POST /api/v1/cases/{id}/identification/decisions',
    setup: async (w) => {
      const caseId = await requestedCase(w);
      return {
        url: `/api/v1/cases/${caseId}/identification/decisions`,
        read: async () => {
          const s = await identification(w, caseId);
          return { version: s.identificationVersion, mark: s.decisions.map((d: { status: string }) => d.status).join(',') };
        },
      };
    },
    edits: [
      { by: 'pr1', body: (v) => ({ identificationVersion: v, status: 'identified', reasons: 'Enough indicators found.', evidence: ['interview'] }), mark: 'identified' },
      { by: 'pr2', body: (v) => ({ identificationVersion: v, status: 'not_victim', reasons: 'No indicator was found.', evidence: ['interview'] }), mark: 'not_victim' },
    ],
  },
  {
    route: 'POST /api/v1/cases/{id}/identification/review',
    setup: async (w) => {
      const caseId = await requestedCase(w);
      ok(await w.c.pr1.post(`/api/v1/cases/${caseId}/identification/decisions`, { identificationVersion: await idVersion(w, caseId), status: 'not_victim', reasons: 'No indicator was found.', evidence: ['interview'] }), 'decision');
      return {
        url: `/api/v1/cases/${caseId}/identification/review`,
        read: async () => {
          const s = await identification(w, caseId);
          return { version: s.identificationVersion, mark: s.decisions.map((d: { state: string }) => d.state).join(',') };
        },
      };
    },
    edits: [
      { by: 'pr2', body: (v) => ({ identificationVersion: v, confirm: true }), mark: 'final' },
      { by: 'pr3', body: (v) => ({ identificationVersion: v, confirm: false, comment: 'Interview again.' }), mark: 'rejected_by_reviewer' },
    ],
  },
  {
    route: 'POST /api/v1/cases/{id}/identification/reconsideration',
    setup: async (w) => {
      const caseId = await requestedCase(w);
      ok(await w.c.pr1.post(`/api/v1/cases/${caseId}/identification/decisions`, { identificationVersion: await idVersion(w, caseId), status: 'not_victim', reasons: 'No indicator was found.', evidence: ['interview'] }), 'decision');
      ok(await w.c.pr2.post(`/api/v1/cases/${caseId}/identification/review`, { identificationVersion: await idVersion(w, caseId), confirm: true }), 'review');
      return {
        url: `/api/v1/cases/${caseId}/identification/reconsideration`,
        read: async () => {
          const s = await identification(w, caseId);
          return { version: s.identificationVersion, mark: s.decisions[0].reconsiderationGrounds ?? null };
        },
      };
    },
    edits: [
      { by: 'worker', body: (v) => ({ identificationVersion: v, grounds: 'New evidence from worker one.' }), mark: 'New evidence from worker one.' },
      { by: 'worker2', body: (v) => ({ identificationVersion: v, grounds: 'New evidence from worker two.' }), mark: 'New evidence from worker two.' },
    ],
  },
];

/**
 * State-changing routes that are not edits of a versioned record, and why. Anything else the API offers
 * (POST, PUT, PATCH, DELETE) must have a row above.
 */
const EXEMPT: Record<string, string> = {
  // The signed-in user's own session and settings (no shared record; the last choice wins).
  'POST /api/v1/auth/login': 'signs in',
  'POST /api/v1/auth/mfa/verify': 'second factor of the own session',
  'POST /api/v1/auth/mfa/enable': 'own second factor, proven by a code',
  'POST /api/v1/auth/password': 'own password, proven by the current one',
  'PUT /api/v1/auth/preferences': 'own interface language',
  'POST /api/v1/auth/logout': 'ends the own session',
  'POST /api/v1/notifications/read': "marks the caller's own notifications read (idempotent)",
  // Creations: a new record, nothing to conflict with.
  'POST /api/v1/organisations': 'creates',
  'POST /api/v1/users': 'creates',
  'POST /api/v1/cases': 'creates',
  'POST /api/v1/services': 'creates',
  'POST /api/v1/anonymous-notifications': 'creates',
  'POST /api/v1/justice/proceedings': 'creates',
  'POST /api/v1/statistics/export-jobs': 'queues a job',
  'POST /api/v1/statistics/report-jobs': 'queues a job',
  'POST /api/v1/retention/runs': 'starts a run (one at a time: a second start while one runs is refused, 409)',
  'POST /api/v1/cases/{id}/subject-requests': 'creates',
  'POST /api/v1/breaches': 'creates',
  'POST /api/v1/persons/match-candidates': 'a lookup: changes nothing but the audit log',
  'POST /api/v1/person-links': 'creates (one live link per pair: a unique index refuses the second, person-links.test.ts)',
  'POST /api/v1/person-links/{id}/accept': 'version-checked (409 when stale) and state-checked (a second answer is refused); person-links.test.ts',
  'POST /api/v1/person-links/{id}/decline': 'version-checked and state-checked like accept; person-links.test.ts',
  'POST /api/v1/person-links/{id}/unlink': 'version-checked and state-checked like accept; person-links.test.ts',
  'POST /api/v1/cases/{id}/subject-requests/{requestId}/decision': 'version-checked like the identity check (409 when stale; subject-requests.test.ts)',
  'POST /api/v1/cases/{id}/subject-requests/{requestId}/response': 'version-checked like the identity check (409 when stale; subject-requests.test.ts)',
  'POST /api/v1/cases/{id}/subject-requests/{requestId}/lift': 'version-checked like the identity check (409 when stale; subject-requests.test.ts)',
  'POST /api/v1/recommendations': 'creates',
  'POST /api/v1/action-plans': 'creates',
  'POST /api/v1/action-plans/import': 'creates a plan from a file (a code already used is refused)',
  'POST /api/v1/activities/campaigns': 'creates',
  'POST /api/v1/activities/trainings': 'creates',
  'POST /api/v1/activities/agreements': 'creates',
  'POST /api/v1/activities/cooperation-requests': 'creates',
  // Appends to a record: a new row beside the others, which two people may add at once.
  'POST /api/v1/cases/{id}/attachments': 'appends a file',
  'POST /api/v1/cases/{id}/screenings': 'appends an interview',
  'POST /api/v1/cases/{id}/risk-assessments': 'appends an assessment',
  'POST /api/v1/cases/{id}/consents': 'appends a consent',
  'POST /api/v1/cases/{id}/referrals': 'appends a referral',
  'POST /api/v1/cases/{id}/transfers': 'appends a transfer request (one pending at a time, checked by the service)',
  'POST /api/v1/referrals/{id}/deliveries': 'appends a delivery (the referral row is moved with a conditional update inside)',
  'POST /api/v1/cases/{id}/care-plan/assessments': 'appends an assessment (kept, never overwritten)',
  'POST /api/v1/cases/{id}/care-plan/goals': 'appends a goal',
  'POST /api/v1/cases/{id}/care-plan/actions': 'appends an action',
  'POST /api/v1/cases/{id}/conferences': 'appends a conference',
  'POST /api/v1/cases/{id}/conferences/{conferenceId}/decisions/{decisionId}/action': 'claims a decision once (conditional update → 400 decision_already_used)',
  'POST /api/v1/cases/{id}/conferences/{conferenceId}/decisions/{decisionId}/task': 'claims a decision once (conditional update → 400 decision_already_used)',
  'POST /api/v1/justice/proceedings/{id}/defendants': 'appends a defendant',
  'POST /api/v1/justice/proceedings/{id}/victims': 'links a victim (once per case)',
  'POST /api/v1/justice/proceedings/{id}/victims/{victimId}/measures': 'appends a measure',
  'POST /api/v1/justice/proceedings/{id}/victims/{victimId}/reveal-contact': 'an audited read',
  'POST /api/v1/justice/proceedings/{id}/hearings': 'appends a hearing',
  'POST /api/v1/justice/proceedings/{id}/victims/{victimId}/compensation': 'records the claim once per victim (unique index → 400 claim_already_recorded)',
  'POST /api/v1/cases/{id}/care-plan/durable-solution/steps': 'appends a step (positions renumbered under the plan row lock)',
  'POST /api/v1/cases/{id}/non-punishment': 'appends a record',
  'POST /api/v1/action-plans/{id}/objectives': 'appends an objective',
  'POST /api/v1/plan-objectives/{id}/actions': 'appends an action',
  'POST /api/v1/plan-actions/{id}/indicators': 'appends an indicator',
  'POST /api/v1/plan-actions/{id}/reports': 'appends a report (one per period)',
  'POST /api/v1/plan-reports/{id}/evidence': 'appends a file',
  // A multipart upload that replaces the agreement's signed document; the last upload wins (no version field).
  'POST /api/v1/activities/agreements/{id}/document': 'replaces a file (multipart, no version)',
};

for (const dialect of DIALECTS) {
  describe(`concurrent edits [${dialect}]`, () => {
    const w = {} as World;
    beforeAll(async () => {
      w.env = await createTestEnv(dialect);
      const { a, b, c } = w.env.orgs;
      const now = nowIso();
      w.prosecution = newId();
      w.shelterOrg = newId();
      w.prosecution2 = newId();
      await w.env.p.db
        .insertInto('organisations')
        .values([
          { id: w.prosecution, name: 'Parquet (test)', type: 'prosecution', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now },
          { id: w.prosecution2, name: 'Parquet 2 (test)', type: 'prosecution', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now },
          { id: w.shelterOrg, name: 'Shelter D', type: 'ngo', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now },
        ])
        .execute();
      const [worker, worker2, adminA, adminA2, sysadmin, sysadmin2, analyst, analyst2, pr1, pr2, pr3, shelter, shelter2, workerB] = await Promise.all([
        userClient(w.env, a, ['case_worker']),
        userClient(w.env, a, ['case_supervisor']),
        userClient(w.env, a, ['org_admin']),
        userClient(w.env, a, ['org_admin']),
        userClient(w.env, c, ['system_admin']),
        userClient(w.env, c, ['system_admin']),
        userClient(w.env, c, ['commission_analyst']),
        userClient(w.env, c, ['commission_analyst']),
        userClient(w.env, w.prosecution, ['justice_liaison']),
        userClient(w.env, w.prosecution, ['justice_liaison']),
        userClient(w.env, w.prosecution, ['justice_liaison']),
        userClient(w.env, w.shelterOrg, ['service_provider', 'org_admin']),
        userClient(w.env, w.shelterOrg, ['service_provider', 'org_admin']),
        userClient(w.env, b, ['case_worker']),
      ]);
      w.c = { worker, worker2, adminA, adminA2, sysadmin, sysadmin2, analyst, analyst2, pr1, pr2, pr3, shelter, shelter2, workerB };
    });
    afterAll(() => w.env.close());

    it('every state-changing route of the API is a row of the table or an exemption', async () => {
      await w.env.app.ready();
      const doc = w.env.app.swagger() as { paths: Record<string, Record<string, unknown>> };
      const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'get' && m !== 'head' && m !== 'options').map((m) => `${m.toUpperCase()} ${path}`));
      expect(routes.length).toBeGreaterThan(50);
      const covered = new Set([...ROWS.map((r) => r.route), ...Object.keys(EXEMPT)]);
      expect(routes.filter((r) => !covered.has(r))).toEqual([]);
      // And the table names no route that does not exist (a renamed route must be renamed here too).
      expect(ROWS.map((r) => r.route).filter((r) => !routes.includes(r))).toEqual([]);
      // Every PATCH and PUT edits a versioned record, except the caller's own preferences.
      expect(routes.filter((r) => /^(PATCH|PUT) /.test(r) && !ROWS.some((row) => row.route === r))).toEqual(['PUT /api/v1/auth/preferences']);
    });

    for (const row of ROWS) {
      it(`${row.route}${row.label ? ` (${row.label})` : ''}: one of two edits at once wins, the other gets 409 with the current version`, async () => {
        const target = await row.setup(w);
        const before = await target.read();
        const marks = row.edits.map((e) => e.mark);
        expect(marks[0]).not.toEqual(marks[1]);
        expect(marks).not.toContainEqual(before.mark);
        const method = row.route.split(' ')[0]!;
        const res = await Promise.all(row.edits.map((e) => w.c[e.by].request(method, target.url, e.body(before.version, w))));
        const codes = res.map((r) => r.statusCode);
        const won = codes.findIndex((s) => s >= 200 && s < 300);
        const lost = codes.findIndex((s) => s === 409);
        expect(won, `answers: ${res.map((r) => `${r.statusCode} ${r.body.slice(0, 300)}`).join(' | ')}`).toBeGreaterThanOrEqual(0);
        expect(lost, `answers: ${res.map((r) => `${r.statusCode} ${r.body.slice(0, 300)}`).join(' | ')}`).toBeGreaterThanOrEqual(0);
        const conflict = res[lost]!.json().error;
        expect(conflict.code).toBe('VERSION_CONFLICT');
        const after = await target.read();
        // The winner's change only; the loser is told the version now stored.
        expect(after.mark).toEqual(marks[won]);
        expect(after.version).toBeGreaterThan(before.version);
        expect(conflict.details.currentVersion).toBe(after.version);
      });
    }
  });

  describe(`free places under concurrent acceptances [${dialect}]`, () => {
    let env: TestEnv;
    let shelter: Client;
    let worker: Client;
    let shelterOrg: string;
    beforeAll(async () => {
      env = await createTestEnv(dialect);
      shelterOrg = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: shelterOrg, name: 'Shelter D', type: 'ngo', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      shelter = await userClient(env, shelterOrg, ['service_provider']);
    });
    afterAll(() => env.close());

    it('50 acceptances at once of referrals to a service with 5 free places: 5 accepted, 45 refused, 0 places left', async () => {
      const service = ok(
        await (await userClient(env, shelterOrg, ['org_admin'])).post('/api/v1/services', { name: 'Five beds', type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'], capacityTotal: 5 }),
        'service',
      );
      expect(service.capacityAvailable).toBe(5);
      const referrals: { id: string; version: number }[] = [];
      for (let i = 0; i < 50; i++) {
        const c = ok(await worker.post('/api/v1/cases', caseBody()), 'case');
        const k = ok(
          await worker.post(`/api/v1/cases/${c.id}/consents`, { purpose: 'sharing', recipientOrganisationId: shelterOrg, categories: ['identity'], method: 'oral', interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: '2026-01-01' }),
          'consent',
        );
        referrals.push(ok(await worker.post(`/api/v1/cases/${c.id}/referrals`, { serviceId: service.id, urgency: 'urgent', reason: 'Needs a bed tonight.', categories: ['identity'], consentId: k.id }), 'referral'));
      }
      const res = await Promise.all(referrals.map((r) => shelter.post(`/api/v1/referrals/${r.id}/transitions`, { version: r.version, action: 'accept' })));
      const codes = res.map((r) => r.statusCode);
      expect(codes.filter((s) => s === 200)).toHaveLength(5);
      expect(codes.filter((s) => s === 409)).toHaveLength(45);
      for (const r of res.filter((x) => x.statusCode === 409)) {
        expect(r.json().error).toMatchObject({ code: 'CONFLICT', details: { reason: 'no_capacity' } });
        expect(r.json().error.message).toBeTruthy();
      }
      const after = ok(await shelter.get(`/api/v1/services/${service.id}`), 'service');
      expect(after.capacityAvailable).toBe(0);
      // What the database holds: 5 accepted referrals holding a place, 5 grants, 45 still waiting, never below 0.
      const rows = await env.p.db.selectFrom('referrals').select(['status', 'holds_place']).where('service_id', '=', service.id).execute();
      expect(rows.filter((r) => r.status === 'accepted' && r.holds_place === 1)).toHaveLength(5);
      expect(rows.filter((r) => r.status === 'sent')).toHaveLength(45);
      const grants = await env.p.db.selectFrom('case_grants').select('id').where('organisation_id', '=', shelterOrg).where('source', '=', 'referral').execute();
      expect(grants).toHaveLength(5);
      const stored = await env.p.db.selectFrom('services').select(['capacity_available', 'capacity_total']).where('id', '=', service.id).executeTakeFirstOrThrow();
      expect(stored).toEqual({ capacity_available: 0, capacity_total: 5 });
      // A place given back (one referral ends) can be taken again by exactly one of two acceptances at once.
      const accepted = res.map((r) => r.json()).filter((r) => r.status === 'accepted');
      const end = await shelter.post(`/api/v1/referrals/${accepted[0].id}/transitions`, { version: accepted[0].version, action: 'close', reasonCode: CLOSE_REASON });
      expect(end.statusCode).toBe(200);
      expect(ok(await shelter.get(`/api/v1/services/${service.id}`), 'service').capacityAvailable).toBe(1);
      const waiting = referrals.filter((r) => !accepted.some((a: { id: string }) => a.id === r.id)).slice(0, 2);
      const again = await Promise.all(waiting.map((r) => shelter.post(`/api/v1/referrals/${r.id}/transitions`, { version: r.version, action: 'accept' })));
      expect(again.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(ok(await shelter.get(`/api/v1/services/${service.id}`), 'service').capacityAvailable).toBe(0);
    });
  });
}

const CLOSE_REASON = 'no_longer_needed';
