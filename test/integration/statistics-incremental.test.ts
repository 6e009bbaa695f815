/**
 * The commission's counts are kept up to date as records change (statistics.facts): after a random sequence
 * of changes made through the API — registrations (new persons and known ones), case edits (forms, places,
 * channel, date and situation), person edits (sex, age, nationalities), identification decisions (identified,
 * not a victim with its second review, reconsideration), anonymous notifications, referrals sent and
 * services delivered, transfers of management — the counts equal a full recount from the records
 * (`rebuildFacts`), figure by figure, and so does every figure the dashboard shows. Several sequences on
 * each database; a failing one names its seed.
 *
 * The platform has no merge or deletion of cases yet (issue 16 brings erasure): the removal of a record is
 * exercised on an anonymous notification deleted in the database, then refreshed as an erasure would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, localDay, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';
import { rebuildFacts, refreshFacts } from '../../src/server/modules/statistics/statistics.facts';
import { computeRelease } from '../../src/server/modules/statistics/statistics.service';

/** mulberry32: a small seeded generator, so that a failing sequence can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FORMS = ['forced_labour', 'servitude', 'sexual_prostitution', 'sexual_pornography', 'forced_begging', 'slavery_practices', 'forced_criminality'];
const REGIONS = ['MA-01', 'MA-04', 'MA-06', 'MA-08'];
const NATIONALITIES = [['MA'], ['SN'], ['NG'], ['CI', 'MA'], []];
const CHANNELS = ['police_operation', 'labour_inspection', 'ngo_outreach', 'hotline', 'border_control'];

type Snapshot = Record<string, number>;

async function counts(env: TestEnv): Promise<Snapshot> {
  const rows = await env.p.db.selectFrom('statistics_counts').selectAll().where('n', '<>', 0).execute();
  return Object.fromEntries(rows.map((r) => [`${r.year}|${r.situation}|${r.status}|${r.dim}|${r.key}`, Number(r.n)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

async function facts(env: TestEnv): Promise<Record<string, string>> {
  const rows = await env.p.db.selectFrom('statistics_facts').selectAll().orderBy('id').execute();
  return Object.fromEntries(rows.map((r) => [r.id, `${r.year}|${r.situation}|${r.status}|${r.cells}`]));
}

const figures = (env: TestEnv, year: number) => env.p.db.transaction().execute(async (trx) => {
  const r = await computeRelease(env.p, trx, year);
  return { trafficking: r.trafficking, smuggling: r.smuggling };
});

for (const dialect of DIALECTS) {
  describe(`statistics counts kept incrementally [${dialect}]`, () => {
    let env: TestEnv;
    let workers: Record<'a' | 'b', Client>;
    let prosecutors: Client[];
    let receiver: Client;
    let prosecution: string;
    let shelterOrg: string;
    let shelter: string;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      prosecution = newId();
      shelterOrg = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values([
        { id: prosecution, name: 'Parquet (incremental statistics)', type: 'prosecution', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now },
        { id: shelterOrg, name: 'Foyer (incremental statistics)', type: 'ngo', region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now },
      ]).execute();
      workers = { a: await userClient(env, env.orgs.a, ['case_worker']), b: await userClient(env, env.orgs.b, ['case_worker']) };
      prosecutors = [await userClient(env, prosecution, ['justice_liaison']), await userClient(env, prosecution, ['justice_liaison'])];
      receiver = await userClient(env, shelterOrg, ['service_provider']);
      const admin = await userClient(env, shelterOrg, ['org_admin']);
      const s = await admin.post('/api/v1/services', { name: 'Shelter', type: 'specialised_shelter', regions: ['MA-06'], audience: 'all', sexes: ['female', 'male'], languages: ['ar', 'fr'], capacityTotal: 500 });
      expect(s.statusCode, s.body).toBe(201);
      shelter = s.json().id;
    });
    afterAll(() => env.close());

    for (const seed of [11, 23, 37]) {
      it(`equal a full recount after a random sequence of changes (seed ${seed})`, async () => {
        const r = rng(seed * 7919 + (dialect === 'postgres' ? 1 : 0));
        const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
        const some = <T,>(xs: readonly T[], max: number): T[] => [...new Set(Array.from({ length: Math.floor(r() * (max + 1)) }, () => pick(xs)))];
        const date = () => `${pick(['2024', '2025'])}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
        const places = () => (r() < 0.15 ? [] : [r() < 0.15 ? { kind: 'exploitation' as const, country: 'ES' } : { kind: 'exploitation' as const, country: 'MA', regionCode: pick(REGIONS) }]);
        const cases: { id: string; org: 'a' | 'b'; personId: string }[] = [];
        const anonymous: string[] = [];
        const version = async (table: 'cases' | 'persons', id: string) => Number((await env.p.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
        const identificationVersion = async (id: string) => Number((await env.p.db.selectFrom('cases').select('identification_version').where('id', '=', id).executeTakeFirstOrThrow()).identification_version);
        const ok = (res: { statusCode: number; body: string }, code: number, what: string) => expect(res.statusCode, `${what} (seed ${seed}): ${res.body}`).toBe(code);

        const ops: Record<string, () => Promise<void>> = {
          async register() {
            const org = pick(['a', 'b'] as const);
            const identifiedOn = date();
            const person = r() < 0.3
              ? { sex: pick(['female', 'male'] as const), dateOfBirth: undefined, estimatedAge: 10 + Math.floor(r() * 30), nationalities: pick(NATIONALITIES) }
              : { sex: pick(['female', 'male'] as const), dateOfBirth: `${1980 + Math.floor(r() * 30)}-05-05`, nationalities: pick(NATIONALITIES) };
            if (person.dateOfBirth && person.dateOfBirth > identifiedOn) person.dateOfBirth = '1990-01-01';
            const res = await workers[org].post('/api/v1/cases', caseBody({
              person, situationType: r() < 0.15 ? 'smuggling' : 'trafficking', exploitationForms: some(FORMS, 3), places: places(),
              identificationChannel: pick(CHANNELS), identifiedOn,
              ...(r() < 0.2 ? { identifyingOrganisationId: env.orgs[org === 'a' ? 'b' : 'a'] } : {}),
            }));
            ok(res, 201, 'register');
            cases.push({ id: res.json().id, org, personId: res.json().person.id });
          },
          async registerKnownPerson() {
            if (cases.length === 0) return;
            const c = pick(cases);
            const res = await workers[c.org].post('/api/v1/cases', { ...caseBody({ exploitationForms: some(FORMS, 2), identifiedOn: date(), places: places() }), person: undefined, personId: c.personId });
            ok(res, 201, 'register a known person');
            cases.push({ id: res.json().id, org: c.org, personId: c.personId });
          },
          async editCase() {
            if (cases.length === 0) return;
            const c = pick(cases);
            const patch: Record<string, unknown> = { version: await version('cases', c.id) };
            if (r() < 0.5) patch.exploitationForms = some(FORMS, 3);
            if (r() < 0.4) patch.places = places();
            if (r() < 0.3) patch.identificationChannel = pick(CHANNELS);
            if (r() < 0.3) patch.identifiedOn = date();
            if (r() < 0.15) patch.situationType = pick(['trafficking', 'smuggling']);
            // Without an identifying organisation the managing one is counted (and a transfer moves the case).
            if (r() < 0.3) patch.identifyingOrganisationId = r() < 0.6 ? null : env.orgs[pick(['a', 'b'] as const)];
            const res = await workers[c.org].patch(`/api/v1/cases/${c.id}`, patch);
            // A date of birth after the new identification date is refused: nothing written, nothing counted.
            if (res.statusCode === 400 && patch.identifiedOn) return;
            ok(res, 200, 'edit a case');
          },
          async editPerson() {
            if (cases.length === 0) return;
            const c = pick(cases);
            const patch: Record<string, unknown> = { version: await version('persons', c.personId) };
            if (r() < 0.5) patch.sex = pick(['female', 'male', 'unknown']);
            if (r() < 0.5) patch.nationalities = pick(NATIONALITIES);
            if (r() < 0.3) Object.assign(patch, { dateOfBirth: null, estimatedAge: 12 + Math.floor(r() * 20) });
            const res = await workers[c.org].patch(`/api/v1/persons/${c.personId}`, patch);
            ok(res, 200, 'edit a person');
          },
          async decide() {
            if (cases.length === 0) return;
            const c = pick(cases);
            const row = await env.p.db.selectFrom('cases').select(['identification_status', 'identification_requested_from', 'reconsideration_requested']).where('id', '=', c.id).executeTakeFirstOrThrow();
            const pending = await env.p.db.selectFrom('identification_decisions').select('id').where('case_id', '=', c.id).where('state', '=', 'pending_review').executeTakeFirst();
            if (pending) {
              const res = await prosecutors[1]!.post(`/api/v1/cases/${c.id}/identification/review`, { identificationVersion: await identificationVersion(c.id), confirm: r() < 0.7, comment: 'Reviewed for the test.' });
              ok(res, 200, 'review');
              return;
            }
            // An identification stands; a negative decision can be reconsidered (then decided again).
            if (row.identification_status === 'identified' && row.reconsideration_requested !== 1) return;
            if (row.identification_status !== 'presumed' && row.reconsideration_requested !== 1) {
              const res = await workers[c.org].post(`/api/v1/cases/${c.id}/identification/reconsideration`, { identificationVersion: await identificationVersion(c.id), grounds: 'New facts came to light since the decision.' });
              if (res.statusCode === 403 || res.statusCode === 404) return; // the managing organisation changed hands
              ok(res, 200, 'reconsideration');
              return;
            }
            if (!row.identification_requested_from) {
              const res = await workers[c.org].post(`/api/v1/cases/${c.id}/identification/request`, { identificationVersion: await identificationVersion(c.id), decidingOrganisationId: prosecution });
              ok(res, 200, 'request a decision');
            }
            const res = await prosecutors[0]!.post(`/api/v1/cases/${c.id}/identification/decisions`, {
              identificationVersion: await identificationVersion(c.id), status: pick(['identified', 'identified', 'not_victim']), reasons: 'Decision taken for the test.', evidence: ['interview'],
            });
            ok(res, 200, 'decide');
          },
          async notifyAnonymously() {
            const res = await workers.a.post('/api/v1/anonymous-notifications', {
              sex: pick(['female', 'male']), ageGroup: pick(['adult', 'child', 'unknown']), nationality: pick(['NG', 'MA', undefined]), exploitationForms: some(FORMS, 2),
              regionCode: pick([...REGIONS, undefined]), identifiedOn: date(), identificationChannel: pick(CHANNELS),
            });
            ok(res, 201, 'anonymous notification');
            anonymous.push(res.json().id);
          },
          async refer() {
            if (cases.length === 0) return;
            const c = pick(cases);
            const worker = workers[c.org];
            const k = await worker.post(`/api/v1/cases/${c.id}/consents`, {
              purpose: 'sharing', recipientOrganisationId: shelterOrg, categories: ['identity'], method: 'written', interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: localDay(),
            });
            if (k.statusCode === 403 || k.statusCode === 404) return; // no longer managed by this organisation
            ok(k, 201, 'consent');
            const sent = await worker.post(`/api/v1/cases/${c.id}/referrals`, { serviceId: shelter, urgency: 'urgent', reason: 'Needs a safe place.', categories: ['identity'], consentId: k.json().id });
            ok(sent, 201, 'refer');
            if (r() < 0.3) return;
            const accepted = await receiver.post(`/api/v1/referrals/${sent.json().id}/transitions`, { version: sent.json().version, action: 'accept' });
            ok(accepted, 200, 'accept');
            if (r() < 0.3) return;
            const d = await receiver.post(`/api/v1/referrals/${sent.json().id}/deliveries`, { deliveredOn: localDay(), units: 1, unit: 'nights', outcome: 'delivered' });
            ok(d, 201, 'deliver');
          },
          async transfer() {
            if (cases.length === 0) return;
            const c = pick(cases);
            const to = c.org === 'a' ? 'b' : 'a';
            const t = await workers[c.org].post(`/api/v1/cases/${c.id}/transfers`, { toOrganisationId: env.orgs[to], reason: 'Closer to where the person lives.' });
            if (t.statusCode === 409) return; // a transfer is already pending
            ok(t, 201, 'transfer');
            const res = await workers[to].post(`/api/v1/transfers/${t.json().id}/respond`, { version: t.json().version, action: 'accept' });
            ok(res, 200, 'accept the transfer');
            for (const x of cases) if (x.id === c.id) x.org = to;
          },
        };
        const weights: [keyof typeof ops, number][] = [
          ['register', 30], ['registerKnownPerson', 5], ['editCase', 20], ['editPerson', 10], ['decide', 15], ['notifyAnonymously', 6], ['refer', 8], ['transfer', 10],
        ];
        const total = weights.reduce((n, [, w]) => n + w, 0);
        for (let i = 0; i < 100; i++) {
          let x = r() * total;
          const [op] = weights.find(([, w]) => (x -= w) < 0) ?? weights[0]!;
          await ops[op]!();
        }
        // A record removed (as an erasure would remove it) leaves the counts with its refresh.
        if (anonymous.length) {
          const gone = anonymous[0]!;
          await env.p.db.transaction().execute(async (trx) => {
            await trx.deleteFrom('anonymous_notifications').where('id', '=', gone).execute();
            await refreshFacts(env.p, trx, { anonymous: [gone] });
          });
        }

        const incremental = { counts: await counts(env), facts: await facts(env), y2024: await figures(env, 2024), y2025: await figures(env, 2025) };
        expect(Object.keys(incremental.facts).length, `seed ${seed}`).toBeGreaterThan(0);
        await rebuildFacts(env.p);
        expect(await counts(env), `counts, seed ${seed}`).toEqual(incremental.counts);
        expect(await facts(env), `facts, seed ${seed}`).toEqual(incremental.facts);
        expect(await figures(env, 2024), `figures 2024, seed ${seed}`).toEqual(incremental.y2024);
        expect(await figures(env, 2025), `figures 2025, seed ${seed}`).toEqual(incremental.y2025);
      });
    }

    it('recounts at start when the definitions changed, and audits a recount', async () => {
      const before = await counts(env);
      await env.p.db.updateTable('meta').set({ value: 'an older version' }).where('key', '=', 'statistics_facts_version').execute();
      await env.p.db.deleteFrom('statistics_counts').execute();
      await env.restart();
      expect(await counts(env)).toEqual(before);
      const entry = await env.p.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'statistics.rebuild').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(JSON.parse(entry.details ?? '{}').records).toBeGreaterThan(0);
    });
  });
}
