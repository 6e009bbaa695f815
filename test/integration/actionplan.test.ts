/**
 * The recommendations register: the secretariat records a recommendation addressed to organisations and
 * follows its status (history kept, 409 on a stale version, audited); an addressed organisation sees it,
 * another does not (404); bad input names the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';

for (const dialect of DIALECTS) {
  describe(`recommendations register [${dialect}]`, () => {
    let env: TestEnv;
    let secretariat: Client;
    let ngo: Client;
    let police: Client;
    const body = () => ({
      sourceType: 'study_day', sourceEvent: "Journée d'étude sur l'identification des enfants", adoptedOn: '2025-11-18',
      textFr: "Désigner un point focal chargé de l'identification des enfants dans chaque région.",
      textAr: 'تعيين نقطة اتصال مكلفة بتحديد هوية الأطفال في كل جهة.',
      addressedTo: [env.orgs.a],
    });

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      secretariat = await userClient(env, env.orgs.c, ['commission_analyst']);
      ngo = await userClient(env, env.orgs.a, ['case_worker']);
      police = await userClient(env, env.orgs.b, ['first_responder']);
    });
    afterAll(() => env.close());

    it('records a recommendation with a reference, and follows its status over time', async () => {
      const res = await secretariat.post('/api/v1/recommendations', body());
      expect(res.statusCode).toBe(201);
      const r = res.json();
      expect(r).toMatchObject({ reference: 'REC-2025-001', status: 'adopted', version: 1, canEdit: true, addressedTo: [{ id: env.orgs.a, name: 'Association A (Casablanca)' }] });
      const second = (await secretariat.post('/api/v1/recommendations', { ...body(), adoptedOn: '2025-12-01' })).json();
      expect(second.reference).toBe('REC-2025-002');
      const started = await secretariat.patch(`/api/v1/recommendations/${r.id}`, { version: 1, status: 'in_progress', note: 'Points focaux désignés dans 4 régions sur 12.' });
      expect(started.statusCode).toBe(200);
      expect(started.json().version).toBe(2);
      const stale = await secretariat.patch(`/api/v1/recommendations/${r.id}`, { version: 1, status: 'implemented' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details.currentVersion).toBe(2);
      const done = (await secretariat.patch(`/api/v1/recommendations/${r.id}`, { version: 2, status: 'implemented', note: 'Les 12 régions ont un point focal.' })).json();
      expect(done.followUps.map((f: { fromStatus: string | null; toStatus: string }) => [f.fromStatus, f.toStatus])).toEqual([['in_progress', 'implemented'], ['adopted', 'in_progress'], [null, 'adopted']]);
      const audit = await env.p.db.selectFrom('audit_log').select('action').where('entity_id', '=', r.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['recommendation.create', 'recommendation.update', 'recommendation.update']);
    });

    it('an addressed organisation sees its recommendations and cannot change them; another sees nothing', async () => {
      const r = (await secretariat.post('/api/v1/recommendations', body())).json();
      const seen = (await ngo.get('/api/v1/recommendations')).json().items;
      expect(seen.map((x: { id: string }) => x.id)).toContain(r.id);
      expect(seen.every((x: { canEdit: boolean }) => !x.canEdit)).toBe(true);
      expect((await ngo.patch(`/api/v1/recommendations/${r.id}`, { version: 1, status: 'withdrawn' })).statusCode).toBe(403);
      expect((await police.get('/api/v1/recommendations')).json().items).toEqual([]);
      expect((await police.get(`/api/v1/recommendations/${r.id}`)).statusCode).toBe(404);
      expect((await police.patch(`/api/v1/recommendations/${r.id}`, { version: 1, status: 'withdrawn' })).statusCode).toBe(404);
      expect((await ngo.post('/api/v1/recommendations', body())).statusCode).toBe(403);
      const filtered = (await secretariat.get('/api/v1/recommendations?status=implemented')).json().items;
      expect(filtered.every((x: { status: string }) => x.status === 'implemented')).toBe(true);
    });

    it('refuses unknown organisations and a future adoption date, naming the field', async () => {
      const unknown = await secretariat.post('/api/v1/recommendations', { ...body(), addressedTo: [env.orgs.a, '0190a0b0-0000-7000-8000-000000000000'] });
      expect(unknown.json().error.details.fields[0]).toMatchObject({ path: 'addressedTo.1', code: 'unknown_organisation' });
      const future = await secretariat.post('/api/v1/recommendations', { ...body(), adoptedOn: '2099-01-01' });
      expect(future.json().error.details.fields[0]).toMatchObject({ path: 'adoptedOn', code: 'date_in_future' });
      const short = await secretariat.post('/api/v1/recommendations', { ...body(), textAr: 'قصير' });
      expect(short.json().error.details.fields.map((f: { path: string }) => f.path)).toContain('textAr');
    });
  });
}
