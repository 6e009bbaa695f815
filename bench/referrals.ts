/**
 * Referral benchmarks, run by bench/run.ts on the large database:
 *  - service search by need / region / language over 10,000 services, against the case list's first page in the
 *    same run (both authenticated routes on the same database: the ratio says what a directory search costs);
 *  - referral creation-to-acceptance under 50 concurrent users over real HTTP (25 senders, 25 receivers, each
 *    with their own session), against the same 50 users reading a case (the plain case-read route).
 */
import { sql } from 'kysely';
import type { Booted } from '../src/server/platform/bootstrap';
import { buildApp } from '../src/server/app';
import { DEMO_PASSWORD } from '../src/server/seed/seed';
import { SERVICE_TYPES } from '../src/contract/referrals';
import { usersService } from '../src/server/modules/users/users.service';
import { referralsService } from '../src/server/modules/referrals/referrals.service';
import { newId, nowIso } from '../src/server/platform/ids';
import type { Actor } from '../src/server/platform/context';
import type { TRole } from '../src/contract/common';

type Timing = { p50: number; p95: number };
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const system = (orgId: string, roles: TRole[] = []): Actor => ({ userId: 'system', organisationId: orgId, displayName: 'bench', roles: new Set(roles), language: 'fr', ip: null, system: true });
const REGIONS = Array.from({ length: 12 }, (_, i) => `MA-${String(i + 1).padStart(2, '0')}`);
const LANGS = ['ara', 'fra', 'eng', 'spa', 'wol', 'ful', 'bam'];

async function orgId(p: Booted, name: string) {
  return (await p.db.selectFrom('organisations').select('id').where('name', 'like', `${name}%`).executeTakeFirstOrThrow()).id;
}

/** 10,000 services spread over the organisations, types, regions and languages (bulk rows, like the case seeder). */
export async function seedServices(p: Booted, count = 10_000) {
  const orgs = (await p.db.selectFrom('organisations').select('id').execute()).map((o) => o.id);
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const now = nowIso();
  for (let start = 0; start < count; start += 1000) {
    await p.db.transaction().execute(async (trx) => {
      const services = [];
      const regions = [];
      const languages = [];
      for (let i = start; i < Math.min(count, start + 1000); i++) {
        const id = newId();
        const counted = rand() < 0.3;
        services.push({
          id, organisation_id: orgs[i % orgs.length]!, type: SERVICE_TYPES[i % SERVICE_TYPES.length]!, name: `Service ${i}`, description: null,
          audience: ['adults', 'children', 'all'][i % 3]!, sexes: '[]', min_age: null, max_age: null, nationalities: '[]', staff_sexes: '[]', accessibility: '[]',
          opening_hours: null, contact_phone: null, contact_email: null, capacity_total: counted ? 20 : null, capacity_available: counted ? Math.floor(rand() * 3) : null,
          capacity_updated_at: counted ? now : null, capacity_updated_by: null, active: 1, version: 1, created_at: now, updated_at: now,
        });
        const r = new Set([REGIONS[Math.floor(rand() * 12)]!, REGIONS[Math.floor(rand() * 12)]!]);
        for (const region_code of r) regions.push({ service_id: id, region_code });
        const l = new Set(['ara', LANGS[Math.floor(rand() * LANGS.length)]!]);
        for (const language of l) languages.push({ service_id: id, language });
      }
      await trx.insertInto('services').values(services).execute();
      for (let i = 0; i < regions.length; i += 2000) await trx.insertInto('service_regions').values(regions.slice(i, i + 2000)).execute();
      for (let i = 0; i < languages.length; i += 2000) await trx.insertInto('service_languages').values(languages.slice(i, i + 2000)).execute();
    });
  }
  return count;
}

export async function serviceSearch(p: Booted): Promise<{ services: number; queries: Record<string, Timing & { ratio: number }>; baseline: Timing }> {
  const services = await seedServices(p);
  const app = await buildApp(p, { logger: false, serveWeb: false });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'association@opennrm.demo', password: DEMO_PASSWORD } });
  const cookie = `opennrm_session=${login.cookies.find((c) => c.name === 'opennrm_session')!.value}`;
  const time = async (url: string) => {
    for (let i = 0; i < 5; i++) await app.inject({ method: 'GET', url, headers: { cookie } });
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      const r = await app.inject({ method: 'GET', url, headers: { cookie } });
      times.push(performance.now() - t);
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    }
    return { p50: pct(times, 50), p95: pct(times, 95) };
  };
  const baseline = await time('/api/v1/cases?limit=25');
  const queries: Record<string, string> = {
    'need + region + language': '/api/v1/services?type=specialised_shelter&regionCode=MA-01&language=fra',
    'need + region, free places only': '/api/v1/services?type=emergency_shelter&regionCode=MA-06&available=true',
    'language only (broad)': '/api/v1/services?language=ara',
    'name contains': '/api/v1/services?q=service%2012',
  };
  const out: Record<string, Timing & { ratio: number }> = {};
  for (const [name, url] of Object.entries(queries)) {
    const t = await time(url);
    out[name] = { ...t, ratio: t.p50 / baseline.p50 };
  }
  await app.close();
  return { services, queries: out, baseline };
}

/** `users` concurrent loops over real HTTP for `seconds`; returns operations per second. */
async function loops(users: number, seconds: number, op: (i: number) => Promise<boolean>) {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, i) => {
      while (performance.now() < end) {
        if (await op(i)) done += 1;
        else failed += 1;
      }
    }),
  );
  return { perSecond: done / ((performance.now() - t0) / 1000), done, failed };
}

export async function referralThroughput(p: Booted, seconds = 10): Promise<Record<string, unknown>> {
  const asso = await orgId(p, 'Association Nour');
  const foyer = await orgId(p, 'Foyer spécialisé');
  const service = newId();
  const now = nowIso();
  await p.db.insertInto('services').values({
    id: service, organisation_id: foyer, type: 'psychological', name: 'Bench service', description: null, audience: 'all', sexes: '[]', min_age: null, max_age: null,
    nationalities: '[]', staff_sexes: '[]', accessibility: '[]', opening_hours: null, contact_phone: null, contact_email: null, capacity_total: null, capacity_available: null,
    capacity_updated_at: null, capacity_updated_by: null, active: 1, version: 1, created_at: now, updated_at: now,
  }).execute();
  await p.db.insertInto('service_regions').values({ service_id: service, region_code: 'MA-06' }).execute();
  await p.db.insertInto('service_languages').values({ service_id: service, language: 'ara' }).execute();
  // 25 senders and 25 receivers, each with a session; a consent ready for each case to refer.
  const make = async (org: string, role: TRole, n: number) =>
    p.db.transaction().execute(async (trx) => {
      const out = [];
      for (let i = 0; i < n; i++) {
        out.push(await usersService.create(p, trx, system(org), { email: `bench-${role}-${i}-${newId()}@bench.opennrm`, displayName: `Bench ${i}`, organisationId: org, roles: [role], language: 'fr', password: DEMO_PASSWORD }, { isDemo: true, mustChangePassword: false }));
      }
      return out;
    });
  const senders = await make(asso, 'case_worker', 25);
  const receivers = await make(foyer, 'service_provider', 25);
  const cases = await p.db.selectFrom('cases').select('id').where('managing_org_id', '=', asso).orderBy('created_at', 'desc').limit(6000).execute();
  const consents: { caseId: string; consentId: string }[] = [];
  await p.db.transaction().execute(async (trx) => {
    for (const c of cases) {
      const k = await referralsService.recordConsent(p, trx, system(asso, ['case_worker']), c.id, {
        purpose: 'sharing', recipientOrganisationId: foyer, categories: ['identity'], method: 'oral', interpreterUsed: false, language: 'ara', givenBy: 'person', givenOn: now.slice(0, 10),
      });
      consents.push({ caseId: c.id, consentId: k.id });
    }
  });

  const app = await buildApp(p, { logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
  const session = async (email: string) => {
    const r = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('opennrm_session='))!.split(';')[0]!;
    return { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
  };
  const s = await Promise.all(senders.map((u) => session(u.email)));
  const rcv = await Promise.all(receivers.map((u) => session(u.email)));
  const post = (who: { cookie: string; csrf: string }, url: string, body: unknown) =>
    fetch(`${base}${url}`, { method: 'POST', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  // Baseline: the same 50 users each reading a case of their organisation's reach.
  const readIds = cases.slice(0, 50).map((c) => c.id);
  const reads = await loops(50, seconds, async (i) => {
    const who = i < 25 ? s[i]! : s[i - 25]!;
    const r = await fetch(`${base}/cases/${readIds[i]!}`, { headers: { cookie: who.cookie } });
    await r.arrayBuffer();
    return r.ok;
  });

  // Flows: 25 senders refer cases while 25 receivers accept what arrives (50 users at once); a flow ends at acceptance.
  let next = 0;
  const pending: { id: string; version: number; sentAt: number }[] = [];
  const toAccept: number[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const end = performance.now() + seconds * 1000;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all([
    ...s.map(async (who) => {
      while (performance.now() < end) {
        if (pending.length >= 25) {
          await sleep(2);
          continue;
        }
        const k = consents[next++];
        if (!k) break;
        const sentAt = performance.now();
        const created = await post(who, `/cases/${k.caseId}/referrals`, { serviceId: service, urgency: 'urgent', reason: 'Benchmark referral.', categories: ['identity'], consentId: k.consentId });
        if (created.status !== 201) failed += 1;
        else pending.push({ ...((await created.json()) as { id: string; version: number }), sentAt });
      }
    }),
    ...rcv.map(async (who) => {
      while (performance.now() < end) {
        const r = pending.shift();
        if (!r) {
          await sleep(2);
          continue;
        }
        const accepted = await post(who, `/referrals/${r.id}/transitions`, { version: r.version, action: 'accept' });
        await accepted.arrayBuffer();
        if (accepted.ok) toAccept.push(performance.now() - r.sentAt);
        else failed += 1;
      }
    }),
  ]);
  const flows = { perSecond: toAccept.length / ((performance.now() - t0) / 1000), done: toAccept.length, failed };
  await app.close();
  const accepted = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM referrals WHERE status = 'accepted'`.execute(p.db)).rows[0]!.n);
  return {
    users: 50,
    seconds,
    caseReadsPerSecond: reads.perSecond,
    flowsPerSecond: flows.perSecond,
    flows: flows.done,
    failed: flows.failed + reads.failed,
    creationToAcceptanceMs: { p50: pct(toAccept, 50), p95: pct(toAccept, 95) },
    acceptedInDatabase: accepted,
    // A flow is two writes (referral + acceptance, each with grant, deadline, notification and audit) against one read.
    ratio: flows.perSecond / reads.perSecond,
  };
}
