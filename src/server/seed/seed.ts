/**
 * Demo configuration (organisations, users for every role) and synthetic cases. Cases are written in
 * bulk through the same row builders as registration (so encryption and search tokens are identical),
 * in batches, each batch one transaction with one audit entry.
 */
import { sql } from 'kysely';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TRole } from '../../contract/common';
import type { Actor, Platform } from '../platform/context';
import type { Tx } from '../platform/db/database';
import { recordAudit } from '../platform/audit';
import { refreshFacts } from '../modules/statistics/statistics.facts';
import { newId, nowIso } from '../platform/ids';
import { buildPersonRow } from '../modules/persons/persons.service';
import { buildCaseRows, casesService, formatReference } from '../modules/cases/cases.service';
import { usersService } from '../modules/users/users.service';
import { timelinesService } from '../modules/timelines/timelines.service';
import { notify } from '../modules/timelines/notifications';
import { directoryService } from '../modules/directory/directory.service';
import { referralsService } from '../modules/referrals/referrals.service';
import type { TServiceCreate } from '../../contract/referrals';
import { ZConsentCreate, ZServiceCreate } from '../../contract/referrals';
import { ZCaseCreate } from '../../contract/cases';
import { localDate } from '../modules/timelines/calendar';
import { generateCase, pick, rng, type Spec } from './generator';
import { seedDemoJustice } from './justice';
import { seedDemoActionPlan } from './actionplan';
import { seedDemoActivities } from './activities';
import { seedDemoRecommendations } from './recommendations';
import { seedDemoArchive } from './archive';

export const DEMO_PASSWORD = 'Demo-OpenNRM-2026';

type DemoFile = {
  organisations: { key: string; name: string; type: string; region: string; manages?: boolean }[];
  users: { email: string; name: string; org: string; roles: TRole[] }[];
};
const demo = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../data/demo/organisations.json', import.meta.url)), 'utf8')) as DemoFile;
export const DEMO_USERS = demo.users;

const SYSTEM = (orgId: string): Actor => ({ userId: 'system', organisationId: orgId, displayName: 'OpenNRM', roles: new Set(), language: 'fr', ip: null, system: true });

async function chunkedInsert<T>(trx: Tx, table: string, rows: T[], columns: number): Promise<void> {
  const size = Math.max(1, Math.floor(8000 / columns));
  for (let i = 0; i < rows.length; i += size) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await trx.insertInto(table as any).values(rows.slice(i, i + size) as any).execute();
  }
}

export async function isSeeded(p: Platform): Promise<boolean> {
  const row = await p.db.selectFrom('meta').select('value').where('key', '=', 'demo_seeded').executeTakeFirst();
  return !!row;
}

/** Creates the demo organisations and users once; returns the organisation ids by key. */
export async function seedDemoConfiguration(p: Platform): Promise<Map<string, string>> {
  const existing = await p.db.selectFrom('meta').select('value').where('key', '=', 'demo_org_ids').executeTakeFirst();
  if (existing) return new Map(Object.entries(JSON.parse(existing.value) as Record<string, string>));
  const ids = new Map<string, string>();
  await p.db.transaction().execute(async (trx) => {
    const now = nowIso();
    for (const o of demo.organisations) {
      const id = newId();
      ids.set(o.key, id);
      await trx.insertInto('organisations').values({ id, name: o.name, type: o.type, region_code: o.region, active: 1, version: 1, created_at: now, updated_at: now }).execute();
    }
    const system = SYSTEM(ids.get('moj')!);
    for (const u of demo.users) {
      await usersService.create(
        p,
        trx,
        system,
        { email: u.email, displayName: u.name, organisationId: ids.get(u.org)!, roles: u.roles, language: 'fr', password: DEMO_PASSWORD },
        { isDemo: true, mustChangePassword: false },
      );
    }
    await recordAudit(p, trx, system, { action: 'seed.configuration', details: { organisations: ids.size, users: demo.users.length } });
    await trx.insertInto('meta').values({ key: 'demo_org_ids', value: JSON.stringify(Object.fromEntries(ids)) }).execute();
  });
  return ids;
}

export type SeedProgress = (done: number, total: number) => void;

/** Adds `count` synthetic cases spread over the demo's case-managing organisations. */
/** The tables `seedCases` fills. */
const SEEDED_TABLES = ['persons', 'person_match_tokens', 'cases', 'case_forms', 'case_places', 'case_search'] as const;

export async function seedCases(p: Platform, options: { count: number; seed?: number; batchSize?: number; onProgress?: SeedProgress }): Promise<number> {
  const orgIds = await seedDemoConfiguration(p);
  const managing = demo.organisations.filter((o) => o.manages).map((o) => ({ ...o, id: orgIds.get(o.key)! }));
  const users = await p.db.selectFrom('users').select(['id', 'organisation_id', 'roles']).execute();
  const workersByOrg = new Map<string, string[]>();
  for (const u of users) {
    if ((JSON.parse(u.roles) as string[]).some((r) => r === 'case_worker' || r === 'case_supervisor')) {
      workersByOrg.set(u.organisation_id, [...(workersByOrg.get(u.organisation_id) ?? []), u.id]);
    }
  }
  const r = rng(options.seed ?? 2026);
  const batchSize = options.batchSize ?? 1000;
  const to = Date.now() - 86_400_000;
  const range = { from: Date.UTC(2023, 0, 1), to };
  let done = 0;
  while (done < options.count) {
    const n = Math.min(batchSize, options.count - done);
    const specs: { spec: Spec; org: (typeof managing)[number] }[] = [];
    for (let i = 0; i < n; i++) {
      // Case-heavy organisations (police in the big cities, NGOs) get more cases.
      const org = r() < 0.45 ? pick(r, managing.filter((o) => o.type === 'police' || o.type === 'ngo')) : pick(r, managing);
      specs.push({ spec: generateCase(r, org.type, range), org });
    }
    await p.db.transaction().execute(async (trx) => {
      const counters = new Map<number, number>();
      for (const row of await trx.selectFrom('counters').selectAll().execute()) counters.set(Number(row.name.slice(5)), Number(row.value));
      const persons = [];
      const matchTokens = [];
      const tokens = [];
      const cases = [];
      const forms = [];
      const places = [];
      for (const { spec, org } of specs) {
        const { row: person, tokens: t, matchTokens: m } = buildPersonRow(p, org.id, spec.input.person as never, spec.createdAt, spec.input.identifiedOn);
        persons.push(person);
        for (const tok of m) matchTokens.push({ person_id: person.id, org_id: org.id, ...tok });
        const year = Number(spec.createdAt.slice(0, 4));
        const next = (counters.get(year) ?? 0) + 1;
        counters.set(year, next);
        const workers = workersByOrg.get(org.id);
        const input = { ...spec.input, assignedUserId: workers && r() < 0.8 ? pick(r, workers) : undefined } as never;
        const built = buildCaseRows(p, input, {
          orgId: org.id,
          userId: workers?.[0] ?? 'system',
          personId: person.id,
          reference: formatReference(year, next),
          now: spec.createdAt,
          status: spec.status,
        });
        cases.push(built.row);
        for (const tok of t) tokens.push({ case_id: built.row.id, org_id: org.id, ...tok });
        for (const form of built.forms) forms.push({ case_id: built.row.id, form });
        for (const pl of built.places) places.push({ ...pl, case_id: built.row.id });
      }
      await chunkedInsert(trx, 'persons', persons, 17);
      await chunkedInsert(trx, 'person_match_tokens', matchTokens, 4);
      await chunkedInsert(trx, 'cases', cases, 24);
      await chunkedInsert(trx, 'case_search', tokens, 4);
      await chunkedInsert(trx, 'case_forms', forms, 2);
      await chunkedInsert(trx, 'case_places', places, 7);
      await refreshFacts(p, trx, { cases: cases.map((c) => c.id) });
      for (const [year, value] of counters) {
        const name = `case:${year}`;
        await trx.insertInto('counters').values({ name, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
      }
      await recordAudit(p, trx, SYSTEM(orgIds.get('moj')!), { action: 'seed.cases', details: { count: n } });
    });
    done += n;
    options.onProgress?.(done, options.count);
  }
  // After a bulk load the planner's statistics describe the tables before it: refresh those of the tables
  // written here, and only those (a bare ANALYZE on PostgreSQL reads every table of the database). SQLite
  // samples a bounded number of rows per index, so this stays quick at a million cases.
  if (p.dialect === 'sqlite') await sql`PRAGMA analysis_limit = 2000`.execute(p.db);
  for (const table of SEEDED_TABLES) await sql`ANALYZE ${sql.table(table)}`.execute(p.db);
  return done;
}

/** Demo grants, as the referral module will create them: a shelter and a prosecutor see some cases. */
export async function seedDemoGrants(p: Platform): Promise<void> {
  const ids = await seedDemoConfiguration(p);
  const from = [ids.get('asso-casa')!, ids.get('dgsn-casa')!, ids.get('grc-tanger')!];
  const cases = await p.db.selectFrom('cases').select(['id']).where('managing_org_id', 'in', from).orderBy('created_at', 'desc').limit(40).execute();
  const now = nowIso();
  await p.db.transaction().execute(async (trx) => {
    const rows = cases.map((c, i) => ({
      id: newId(),
      case_id: c.id,
      organisation_id: i % 4 === 3 ? ids.get('parquet-rabat')! : ids.get('foyer-tanger')!,
      categories: JSON.stringify(i % 4 === 3 ? ['identity'] : ['identity', 'contact', 'health']),
      source: 'demo',
      source_id: null,
      reason: 'demo',
      granted_by: 'system',
      valid_until: null,
      revoked_at: null,
      created_at: now,
    }));
    if (rows.length) await trx.insertInto('case_grants').values(rows).execute();
    await recordAudit(p, trx, SYSTEM(ids.get('moj')!), { action: 'grant.create', details: { count: rows.length, source: 'demo' } });
  });
}

/**
 * Demo deadlines: the timelines of the most recent cases (some already overdue), and a few cases sent to
 * the Rabat prosecution for an identification decision.
 */
export async function seedDemoTimelines(p: Platform): Promise<void> {
  const ids = await seedDemoConfiguration(p);
  const recent = await p.db.selectFrom('cases').selectAll().where('status', '=', 'active').orderBy('created_at', 'desc').limit(60).execute();
  const prosecution = ids.get('parquet-rabat')!;
  await p.db.transaction().execute(async (trx) => {
    for (const c of recent) await timelinesService.startTrigger(trx, 'case_registered', c, { child: false, foreign: false, at: c.created_at });
    const toDecide = recent.filter((c) => c.managing_org_id === ids.get('dgsn-casa') || c.managing_org_id === ids.get('asso-casa')).slice(0, 4);
    for (const c of toDecide) {
      const at = nowIso();
      await trx.updateTable('cases').set({ identification_requested_from: prosecution, identification_requested_at: at, stage: 'identification_decision' }).where('id', '=', c.id).execute();
      await trx
        .insertInto('case_grants')
        .values({ id: newId(), case_id: c.id, organisation_id: prosecution, categories: JSON.stringify(['identity', 'exploitation_story', 'documents']), source: 'identification_request', source_id: null, reason: 'demo', granted_by: 'system', valid_until: null, revoked_at: null, created_at: at })
        .execute();
      await timelinesService.startTrigger(trx, 'identification_requested', c, { child: false, foreign: false, decidingOrgId: prosecution, at });
      await notify(trx, [{ organisationId: prosecution, kind: 'identification_requested', caseId: c.id }]);
    }
    await recordAudit(p, trx, SYSTEM(ids.get('moj')!), { action: 'seed.timelines', details: { cases: recent.length, identificationRequests: toDecide.length } });
  });
}

const demoServices = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../data/demo/services.json', import.meta.url)), 'utf8')) as {
  services: (TServiceCreate & { org: string })[];
};

const actorOf = (orgId: string, roles: TRole[]): Actor => ({ userId: 'system', organisationId: orgId, displayName: 'OpenNRM', roles: new Set(roles), language: 'fr', ip: null, system: true });

/**
 * Demo services (the directory, with capacity), and referrals of recent cases of the Casablanca association
 * to the Tangier shelter in every state, made through the referral service itself (consent first).
 */
export async function seedDemoReferrals(p: Platform): Promise<void> {
  const ids = await seedDemoConfiguration(p);
  const services = new Map<string, string>();
  await p.db.transaction().execute(async (trx) => {
    for (const { org, ...input } of demoServices.services) {
      const s = await directoryService.create(p, trx, actorOf(ids.get(org)!, ['org_admin']), ZServiceCreate.parse(input));
      services.set(`${org}:${input.type}`, s.id);
    }
  });
  const asso = actorOf(ids.get('asso-casa')!, ['case_worker']);
  const foyer = actorOf(ids.get('foyer-tanger')!, ['service_provider']);
  const shelter = services.get('foyer-tanger:specialised_shelter')!;
  const today = localDate(new Date(), p.config.timezone);
  const plan = ['completed', 'in_progress', 'accepted', 'declined', 'sent'] as const;
  const gen = rng(4242);
  const day = 86_400_000;
  for (const [i] of plan.entries()) {
    await p.db.transaction().execute(async (trx) => {
      // A woman registered by the association in the last days (so the demo's times to referral are plausible).
      const spec = generateCase(gen, 'ngo', { from: Date.now() - 8 * day, to: Date.now() - (i + 2) * day });
      const { estimatedAge: _age, ...person } = spec.input.person;
      void _age;
      const input = ZCaseCreate.parse({ ...spec.input, person: { ...person, sex: 'female', dateOfBirth: `${1990 + i}-04-1${i}` } });
      const c = await casesService.create(p, trx, asso, input, {
        createdAt: new Date(Date.now() - (i + 1) * day).toISOString(),
      });
      // Through the contract, as over HTTP (language codes are normalised there).
      const consent = await referralsService.recordConsent(p, trx, asso, c.id, ZConsentCreate.parse({
        purpose: 'sharing', recipientOrganisationId: foyer.organisationId, categories: ['identity', 'health'], method: 'oral',
        interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: today,
      }));
      let r = await referralsService.create(p, trx, asso, c.id, {
        serviceId: shelter, urgency: i % 2 ? 'high' : 'urgent', reason: 'Hébergement sûr demandé par la personne.', categories: ['identity', 'health'], consentId: consent.id,
      });
      const step = async (action: 'accept' | 'decline' | 'complete', reasonCode?: 'no_capacity') =>
        (r = await referralsService.transition(p, trx, foyer, r.id, { version: r.version, action, reasonCode }));
      if (plan[i] === 'declined') await step('decline', 'no_capacity');
      if (plan[i] === 'accepted' || plan[i] === 'in_progress' || plan[i] === 'completed') await step('accept');
      if (plan[i] === 'in_progress' || plan[i] === 'completed') {
        r = await referralsService.recordDelivery(p, trx, foyer, r.id, { deliveredOn: today, units: 3, unit: 'nights', outcome: 'delivered' });
      }
      if (plan[i] === 'completed') await step('complete');
    });
  }
  // A girl of fifteen registered by the association, referred to the Casablanca DTIPE's child-protection
  // service without consent (legal basis: child protection), waiting for its answer: the child pathway seen
  // from its receiving end (protection.enfance@opennrm.demo).
  const dtipe = services.get('dtipe-casa:child_protection');
  if (dtipe) {
    await p.db.transaction().execute(async (trx) => {
      const spec = generateCase(gen, 'ngo', { from: Date.now() - 4 * day, to: Date.now() - 2 * day });
      const { estimatedAge: _age, ...person } = spec.input.person;
      void _age;
      const born = `${new Date().getUTCFullYear() - 15}-02-14`;
      const input = ZCaseCreate.parse({ ...spec.input, person: { ...person, sex: 'female', dateOfBirth: born } });
      const c = await casesService.create(p, trx, asso, input, { createdAt: new Date(Date.now() - day).toISOString() });
      await referralsService.create(p, trx, asso, c.id, {
        serviceId: dtipe, urgency: 'urgent', reason: 'Enfant non accompagnée : évaluation de son intérêt supérieur et placement.', categories: ['identity', 'contact'],
      });
    });
  }
}

/** First start: demo configuration, `count` cases and demo grants, once. */
export async function seedDemo(p: Platform, count: number, onProgress?: SeedProgress): Promise<boolean> {
  if (await isSeeded(p)) return false;
  await seedCases(p, { count, onProgress });
  await seedDemoGrants(p);
  await seedDemoTimelines(p);
  await seedDemoReferrals(p);
  const ids = await seedDemoConfiguration(p);
  await seedDemoJustice(p, ids);
  await seedDemoActionPlan(p, ids);
  await seedDemoActivities(p, ids);
  await seedDemoRecommendations(p, ids);
  await seedDemoArchive(p, ids);
  await p.db.insertInto('meta').values({ key: 'demo_seeded', value: nowIso() }).execute();
  return true;
}
