/**
 * One person, counted once (issue 15) over HTTP, on SQLite and PostgreSQL: the police and an NGO register the same
 * man in two scripts; each gets a candidate notice naming only the other organisation, the strength and the kinds of
 * facts that agreed (the serialised answers hold none of the other's name, date, document, case or person id); a link
 * request, its acceptance (one group), unlinking, a declined request with its reason; a third organisation gets 404;
 * every step leaves an audit entry without personal data; the candidate tokens are replaced when the person is
 * edited, deleted when they are anonymised, and written at start for persons recorded before them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildFacts } from '../../src/server/modules/statistics/statistics.facts';
import { statisticsRepository, yearPeriod } from '../../src/server/modules/statistics/statistics.repository';
import { linkedRecordsIn } from '../../src/server/modules/statistics/statistics.persons';
import { reportExtras } from '../../src/server/modules/statistics/statistics.report';
import { buildReportModel } from '../../src/server/modules/statistics/statistics.layout';
import { computeRelease } from '../../src/server/modules/statistics/statistics.service';
import { DIALECTS, caseBody, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';
import { linkedGroupOf } from '../../src/server/modules/matching/matching.repository';
import { personsService } from '../../src/server/modules/persons/persons.service';
import { anonymisePerson } from '../../src/server/modules/retention/retention.erase';

type Candidate = { kind: 'own' | 'other'; handle?: string; organisation?: { id: string; name: string }; strength: string; agreed: string[]; personId?: string; cases?: { id: string }[] };
type Link = { id: string; version: number; direction: string; status: string; strength: string; agreed: string[]; ownRecord: { personId: string; cases: { id: string; reference: string }[] }; otherOrganisation: { id: string; name: string }; reason: string | null; actions: string[] };

for (const dialect of DIALECTS) {
  describe(`person links [${dialect}]`, () => {
    let env: TestEnv;
    let police: Client;
    let policeSupervisor: Client;
    let ngo: Client;
    let third: Client;
    let analyst: Client;
    let policeCase: { id: string; reference: string; person: { id: string } };
    let ngoCase: { id: string; reference: string; person: { id: string } };

    const candidatesOf = async (c: Client, personId: string) => {
      const res = await c.get(`/api/v1/persons/${personId}/match-candidates`);
      expect(res.statusCode, res.body).toBe(200);
      return { body: res.body, items: (res.json() as { items: Candidate[] }).items };
    };
    const auditOf = (entityId: string) => env.p.db.selectFrom('audit_log').select(['action', 'details', 'actor_org_id']).where('entity_id', '=', entityId).orderBy('seq').execute();
    const tokensOf = async (personId: string) => (await env.p.db.selectFrom('person_match_tokens').select(['kind', 'token']).where('person_id', '=', personId).execute()).map((t) => `${t.kind}:${t.token}`).sort();

    /** What the police know about their man, none of which the NGO may be shown (and the other way round). */
    const policeSecrets = () => ['Mohamed', 'Amrani', 'AMRANI', '1998-03-02', 'AB123456', policeCase.id, policeCase.person.id, policeCase.reference];
    const ngoSecrets = () => ['محمد', 'العمراني', '2024-06-01', ngoCase.id, ngoCase.person.id, ngoCase.reference];
    const expectNone = (body: string, secrets: string[]) => {
      for (const s of secrets) expect(body, `leaks ${s}`).not.toContain(s);
    };

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      const { a, b, c } = env.orgs;
      ngo = await userClient(env, a, ['case_worker']);
      police = await userClient(env, b, ['case_worker']);
      policeSupervisor = await userClient(env, b, ['case_supervisor']);
      third = await userClient(env, c, ['case_worker']);
      analyst = await userClient(env, a, ['commission_analyst']);
      const created = async (client: Client, body: unknown) => {
        const res = await client.post('/api/v1/cases', body);
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as typeof policeCase;
      };
      policeCase = await created(police, caseBody({
        identifiedOn: '2026-10-01',
        person: {
          givenNames: 'Mohamed', familyName: 'El Amrani', aliases: [], sex: 'male', dateOfBirth: '1998-03-02', nationalities: ['MA'], contacts: [],
          identityDocuments: [{ type: 'passport', number: 'AB123456', issuingCountry: 'MA' }],
        },
      }));
      ngoCase = await created(ngo, caseBody({
        identifiedOn: '2024-06-01',
        person: { givenNames: 'محمد', familyName: 'العمراني', aliases: [], sex: 'male', dateOfBirth: undefined, estimatedAge: 26, nationalities: ['MA'], contacts: [], identityDocuments: [] },
      }));
      // Someone else in each organisation: never a candidate of the man.
      await created(ngo, caseBody({ person: { contacts: [], identityDocuments: [] } }));
      await created(police, caseBody({ person: { givenNames: 'Youssef', familyName: 'Bennani', sex: 'male', contacts: [], identityDocuments: [], aliases: [] } }));
    });
    afterAll(() => env?.close());

    it('writes candidate tokens with the person, as keyed hashes only', async () => {
      const rows = await env.p.db.selectFrom('person_match_tokens').selectAll().where('person_id', '=', policeCase.person.id).execute();
      expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['name', 'namePair', 'nameYear', 'namePairYear', 'document', 'sex', 'nationality']));
      expect(rows.every((r) => r.org_id === env.orgs.b)).toBe(true);
      expectNone(JSON.stringify(rows), ['Mohamed', 'Amrani', 'MHMD', '1998', 'AB123456', 'male']);
    });

    it('each organisation sees a candidate notice naming only the other organisation, the strength and the agreeing facts', async () => {
      const p = await candidatesOf(police, policeCase.person.id);
      expect(p.items).toHaveLength(1);
      expect(p.items[0]).toMatchObject({ kind: 'other', organisation: { id: env.orgs.a, name: 'Association A (Casablanca)' }, strength: 'strong', agreed: ['name', 'birthYear', 'sex', 'nationality'] });
      expect(Object.keys(p.items[0]!).sort()).toEqual(['agreed', 'handle', 'kind', 'organisation', 'strength']);
      expectNone(p.body, ngoSecrets());

      const n = await candidatesOf(ngo, ngoCase.person.id);
      expect(n.items).toHaveLength(1);
      expect(n.items[0]).toMatchObject({ kind: 'other', organisation: { id: env.orgs.b }, strength: 'strong', agreed: ['name', 'birthYear', 'sex', 'nationality'] });
      expectNone(n.body, policeSecrets());
    });

    it('the registration form is looked up before saving: a document in common is strong; a record of one\'s own organisation comes with its cases', async () => {
      const res = await ngo.post('/api/v1/persons/match-candidates', { givenNames: 'Mohammed', familyName: 'Elamrani', sex: 'male', identityDocuments: [{ type: 'passport', number: 'ab 123456' }] });
      expect(res.statusCode, res.body).toBe(200);
      const items = (res.json() as { items: Candidate[] }).items;
      expect(items.find((i) => i.kind === 'other')).toMatchObject({ organisation: { id: env.orgs.b }, strength: 'strong', agreed: ['name', 'sex', 'document'] });
      expect(items.find((i) => i.kind === 'own')).toMatchObject({ personId: ngoCase.person.id, cases: [{ id: ngoCase.id, reference: ngoCase.reference }], strength: 'partial' });
      expectNone(res.body, policeSecrets());
      // A single common given name is nobody's candidate.
      const weak = await ngo.post('/api/v1/persons/match-candidates', { givenNames: 'Mohamed', sex: 'male' });
      expect((weak.json() as { items: Candidate[] }).items).toEqual([]);
    });

    it('who may look: another organisation gets 404 on a record it cannot see, roles without case work 403', async () => {
      expect((await third.get(`/api/v1/persons/${policeCase.person.id}/match-candidates`)).statusCode).toBe(404);
      expect((await analyst.get(`/api/v1/persons/${ngoCase.person.id}/match-candidates`)).statusCode).toBe(403);
      expect((await analyst.post('/api/v1/persons/match-candidates', { givenNames: 'Mohamed' })).statusCode).toBe(403);
    });

    it('a link request, seen by each side with its own record only; accepted, the two records are one group; unlinked', async () => {
      const handle = (await candidatesOf(police, policeCase.person.id)).items[0]!.handle!;
      // A handle means nothing to another organisation, nor altered, nor from another person's lookup.
      expect((await ngo.post('/api/v1/person-links', { fromPersonId: ngoCase.person.id, candidate: handle })).statusCode).toBe(404);
      expect((await police.post('/api/v1/person-links', { fromPersonId: policeCase.person.id, candidate: `${handle.slice(0, -4)}AAAA` })).statusCode).toBe(404);
      expect((await third.post('/api/v1/person-links', { fromPersonId: policeCase.person.id, candidate: handle })).statusCode).toBe(404);

      const res = await police.post('/api/v1/person-links', { fromPersonId: policeCase.person.id, candidate: handle });
      expect(res.statusCode, res.body).toBe(201);
      const requested = res.json() as Link;
      expect(requested).toMatchObject({ direction: 'outgoing', status: 'requested', strength: 'strong', ownRecord: { personId: policeCase.person.id }, otherOrganisation: { id: env.orgs.a }, actions: [] });
      expectNone(res.body, ngoSecrets());
      // Twice: refused, the request stands.
      const again = await policeSupervisor.post('/api/v1/person-links', { fromPersonId: policeCase.person.id, candidate: handle });
      expect(again.statusCode).toBe(400);
      expect(again.json().error.details.fields).toContainEqual(expect.objectContaining({ path: 'candidate', code: 'already_linked' }));
      // An open request takes the candidate out of the notice.
      expect((await candidatesOf(police, policeCase.person.id)).items).toEqual([]);

      const incoming = await ngo.get('/api/v1/person-links?direction=incoming');
      expect(incoming.statusCode).toBe(200);
      const [seen] = (incoming.json() as { items: Link[] }).items;
      expect(seen).toMatchObject({ id: requested.id, direction: 'incoming', status: 'requested', ownRecord: { personId: ngoCase.person.id, cases: [{ id: ngoCase.id, reference: ngoCase.reference }] }, otherOrganisation: { id: env.orgs.b, name: 'Police B (Tanger)' }, actions: ['accept', 'decline'] });
      expectNone(incoming.body, policeSecrets());
      expect((await ngo.get('/api/v1/person-links?direction=outgoing')).json().items).toEqual([]);
      expect((await police.get('/api/v1/person-links?direction=outgoing')).json().items).toHaveLength(1);

      // Only the side asked answers; a third organisation finds nothing.
      expect((await police.post(`/api/v1/person-links/${requested.id}/accept`, { version: 1 })).statusCode).toBe(403);
      for (const action of ['accept', 'decline', 'unlink']) expect((await third.post(`/api/v1/person-links/${requested.id}/${action}`, { version: 1 })).statusCode).toBe(404);
      expect((await third.get('/api/v1/person-links')).json().items).toEqual([]);
      expect((await analyst.get('/api/v1/person-links')).statusCode).toBe(403);

      const stale = await ngo.post(`/api/v1/person-links/${requested.id}/accept`, { version: 7 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 1 } });
      const accepted = await ngo.post(`/api/v1/person-links/${requested.id}/accept`, { version: 1 });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json()).toMatchObject({ status: 'accepted', version: 2, actions: ['unlink'] });
      expectNone(accepted.body, policeSecrets());
      expect((await ngo.post(`/api/v1/person-links/${requested.id}/decline`, { version: 2 })).json().error.code).toBe('CONFLICT');

      const groups = await linkedGroupOf(env.p.db, [policeCase.person.id, ngoCase.person.id]);
      expect(groups.get(policeCase.person.id)).toBe(groups.get(ngoCase.person.id));
      // Linked already: no longer a candidate, either side.
      expect((await candidatesOf(police, policeCase.person.id)).items).toEqual([]);
      expect((await candidatesOf(ngo, ngoCase.person.id)).items).toEqual([]);

      const unlinked = await policeSupervisor.post(`/api/v1/person-links/${requested.id}/unlink`, { version: 2 });
      expect(unlinked.statusCode, unlinked.body).toBe(200);
      expect(unlinked.json()).toMatchObject({ status: 'unlinked', direction: 'outgoing', actions: [] });
      const apart = await linkedGroupOf(env.p.db, [policeCase.person.id, ngoCase.person.id]);
      expect(apart.get(policeCase.person.id)).not.toBe(apart.get(ngoCase.person.id));

      // Every step is in the audit log, with no personal data in the details.
      // (The refused attempts above are there too, as access.denied.)
      const trail = (await auditOf(requested.id)).filter((e) => e.action.startsWith('person_link.'));
      expect(trail.map((e) => e.action)).toEqual(['person_link.request', 'person_link.accept', 'person_link.unlink']);
      expect(trail.map((e) => e.actor_org_id)).toEqual([env.orgs.b, env.orgs.a, env.orgs.b]);
      const lookups = (await auditOf(policeCase.person.id)).filter((e) => e.action === 'match.lookup');
      expect(lookups.length).toBeGreaterThanOrEqual(3);
      const lists = await env.p.db.selectFrom('audit_log').select('details').where('action', '=', 'person_link.list').execute();
      expect(lists.length).toBeGreaterThanOrEqual(3);
      expectNone(JSON.stringify([...trail, ...lookups, ...lists]), [...policeSecrets().slice(0, 5), ...ngoSecrets().slice(0, 3)]);
    });

    it('a declined request carries its reason to the requester; the pair can be asked again', async () => {
      const handle = (await candidatesOf(ngo, ngoCase.person.id)).items[0]!.handle!;
      const requested = (await ngo.post('/api/v1/person-links', { fromPersonId: ngoCase.person.id, candidate: handle })).json() as Link;
      expect(requested.status).toBe('requested');
      const declined = await police.post(`/api/v1/person-links/${requested.id}/decline`, { version: 1, reason: 'Not the same man: we checked the passport.' });
      expect(declined.statusCode, declined.body).toBe(200);
      expect(declined.json()).toMatchObject({ status: 'declined', direction: 'incoming' });
      const seen = (await ngo.get('/api/v1/person-links?direction=outgoing')).json().items as Link[];
      expect(seen.find((l) => l.id === requested.id)).toMatchObject({ status: 'declined', reason: 'Not the same man: we checked the passport.' });
      const stored = await env.p.db.selectFrom('person_links').select('reason_enc').where('id', '=', requested.id).executeTakeFirstOrThrow();
      expect(stored.reason_enc).not.toContain('passport');
      expect((await auditOf(requested.id)).filter((e) => e.action.startsWith('person_link.')).map((e) => e.action)).toEqual(['person_link.request', 'person_link.decline']);
    });

    it('tokens are replaced when the person is edited', async () => {
      const before = await tokensOf(policeCase.person.id);
      const person = (await police.get(`/api/v1/persons/${policeCase.person.id}`)).json() as { person: { version: number } };
      const res = await police.patch(`/api/v1/persons/${policeCase.person.id}`, { version: person.person.version, familyName: 'Tazi', identityDocuments: [] });
      expect(res.statusCode, res.body).toBe(200);
      const after = await tokensOf(policeCase.person.id);
      expect(after).not.toEqual(before);
      expect(after.some((t) => t.startsWith('document:'))).toBe(false);
      // No longer the NGO's candidate (Mohamed alone is nobody's).
      expect((await candidatesOf(ngo, ngoCase.person.id)).items).toEqual([]);
      // And back: a candidate again.
      const v = ((await police.get(`/api/v1/persons/${policeCase.person.id}`)).json() as { person: { version: number } }).person.version;
      expect((await police.patch(`/api/v1/persons/${policeCase.person.id}`, { version: v, familyName: 'El Amrani' })).statusCode).toBe(200);
      expect((await candidatesOf(ngo, ngoCase.person.id)).items).toHaveLength(1);
    });

    it('persons recorded before the tokens get theirs at start, once', async () => {
      const before = await tokensOf(ngoCase.person.id);
      await env.p.db.deleteFrom('person_match_tokens').where('person_id', '=', ngoCase.person.id).execute();
      expect(await personsService.backfillMatchTokens(env.p)).toBe(0); // done already: nothing happens
      // As after an upgrade (what boot runs before serving): every person not anonymised is indexed again.
      await env.p.db.deleteFrom('meta').where('key', '=', 'person_match_tokens_version').execute();
      expect(await personsService.backfillMatchTokens(env.p)).toBe(4);
      expect(await tokensOf(ngoCase.person.id)).toEqual(before);
      expect(await personsService.backfillMatchTokens(env.p)).toBe(0);
    });

    it('an anonymised person has no tokens left and is nobody\'s candidate', async () => {
      await env.p.db.transaction().execute((trx) => anonymisePerson(env.p, trx, ngoCase.person.id, 'request'));
      expect(await tokensOf(ngoCase.person.id)).toEqual([]);
      expect((await candidatesOf(police, policeCase.person.id)).items).toEqual([]);
      // The declined link stays (accountability), without its reason.
      const links = await env.p.db.selectFrom('person_links').select(['reason_enc']).where('from_person_id', '=', ngoCase.person.id).execute();
      expect(links.length).toBeGreaterThan(0);
      expect(links.every((l) => l.reason_enc === null)).toBe(true);
    });

    it('counts a linked person once in the national figures (per year and situation), as a full recount does; unlinked, twice again', async () => {
      const total = async (year: number) =>
        (await env.p.db.selectFrom('statistics_counts').select('n').where('year', '=', year).where('dim', '=', 'total').where('key', '=', '').execute()).reduce((n, r) => n + Number(r.n), 0);
      const counts = async () => (await env.p.db.selectFrom('statistics_counts').selectAll().where('n', '!=', 0).execute()).map((r) => `${r.year}|${r.situation}|${r.status}|${r.dim}|${r.key}|${r.n}`).sort();
      const register = async (client: Client, identifiedOn: string, person: Record<string, unknown>) => {
        const res = await client.post('/api/v1/cases', caseBody({ identifiedOn, person: { aliases: [], contacts: [], identityDocuments: [], nationalities: ['MA'], ...person } }));
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as typeof policeCase;
      };
      const before = await total(2025);
      const theirs = await register(police, '2025-02-01', { givenNames: 'Fatima', familyName: 'Zahraoui', sex: 'female', dateOfBirth: '1990-05-05' });
      const ours = await register(ngo, '2025-03-01', { givenNames: 'فاطمة', familyName: 'الزهراوي', sex: 'female', dateOfBirth: undefined, estimatedAge: 35 });
      expect(await total(2025)).toBe(before + 2);
      const candidate = (await candidatesOf(ngo, ours.person.id)).items.find((c) => c.kind === 'other' && c.organisation?.id === env.orgs.b);
      expect(candidate, 'the police record is a candidate of the NGO record').toBeDefined();
      const link = (await ngo.post('/api/v1/person-links', { fromPersonId: ours.person.id, candidate: candidate!.handle })).json() as Link;
      expect(await total(2025)).toBe(before + 2);
      const accepted = await police.post(`/api/v1/person-links/${link.id}/accept`, { version: link.version });
      expect(accepted.statusCode, accepted.body).toBe(200);
      // One woman, one situation in 2025: counted once (on the record identified first).
      expect(await total(2025)).toBe(before + 1);
      const kept = await env.p.db.selectFrom('statistics_facts').select('id').where('id', 'in', [theirs.id, ours.id]).execute();
      expect(kept.map((f) => f.id)).toEqual([theirs.id]);
      // The microdata (CTDC export) leaves the repeated record out too.
      const microIds = async () => new Set((await statisticsRepository.microdata(env.p.db, yearPeriod(2025))).rows.map((r) => r.id));
      // The annual report says how many records of the year were linked (fewer than the disclosure threshold here).
      expect(await linkedRecordsIn(env.p.db, 2025)).toBe(1);
      const { extras, release } = await env.p.db.transaction().execute(async (trx) => ({ extras: await reportExtras(trx, 2025), release: await computeRelease(env.p, trx, 2025) }));
      expect(extras.linked).toEqual({ records: 1, threshold: 5 });
      const report = JSON.stringify(buildReportModel('fr', 2025, release.trafficking, release.smuggling, new Map(), 'Africa/Casablanca', extras));
      expect(report).toContain('Moins de 5 dossiers de victimes');
      const inMicrodata = await microIds();
      expect([theirs.id, ours.id].filter((id) => inMicrodata.has(id))).toEqual([theirs.id]);
      // The counts kept as links change are what a full recount gives.
      const incremental = await counts();
      await rebuildFacts(env.p);
      expect(await counts()).toEqual(incremental);
      // A new situation of the same record later that year is re-trafficking: it counts.
      const again = await police.post('/api/v1/cases', { ...caseBody({ identifiedOn: '2025-09-01' }), person: undefined, personId: theirs.person.id });
      expect(again.statusCode, again.body).toBe(201);
      expect(await total(2025)).toBe(before + 2);
      const unlinked = await ngo.post(`/api/v1/person-links/${link.id}/unlink`, { version: accepted.json().version });
      expect(unlinked.statusCode, unlinked.body).toBe(200);
      expect(await total(2025)).toBe(before + 3);
      expect([...(await microIds())].filter((id) => id === theirs.id || id === ours.id)).toHaveLength(2);
      expect(await linkedRecordsIn(env.p.db, 2025)).toBe(0);
    });
  });
}
