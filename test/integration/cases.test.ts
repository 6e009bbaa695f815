import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, anonymous, caseBody, createTestEnv, grant, userClient, type Client, type TestEnv } from '../support/harness';

for (const dialect of DIALECTS) {
  describe(`cases and persons [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client; // case worker, organisation A
    let supervisor: Client; // case supervisor, organisation A
    let police: Client; // first responder, organisation B
    let analyst: Client; // commission analyst, organisation C

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      supervisor = await userClient(env, env.orgs.a, ['case_supervisor']);
      police = await userClient(env, env.orgs.b, ['first_responder']);
      analyst = await userClient(env, env.orgs.c, ['commission_analyst']);
    });
    afterAll(() => env.close());

    it('registers a presumed victim with a human reference, and reads it back', async () => {
      const res = await worker.post('/api/v1/cases', caseBody({ person: { givenNames: 'فاطمة الزهراء', familyName: 'العلوي' } }));
      expect(res.statusCode).toBe(201);
      const c = res.json();
      expect(c.reference).toMatch(/^NRM-\d{4}-\d{6}$/);
      expect(c.status).toBe('active');
      expect(c.stage).toBe('presumed_victim');
      expect(c.exploitationForms.sort()).toEqual(['forced_labour', 'servitude']);
      expect(c.places[1]).toEqual({ kind: 'exploitation', country: 'MA', regionCode: 'MA-06', provinceCode: 'MA-CAS' });
      expect(c.person.identity.givenNames).toBe('فاطمة الزهراء');
      expect(c.person.ageGroup).toBe('adult');
      expect(c.managingOrganisation.id).toBe(env.orgs.a);
      expect(c.abilities.update).toBe(true);

      const read = await worker.get(`/api/v1/cases/${c.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json().story).toBe('Recruited with a false promise of work.');
      expect(read.json().person.contacts).toEqual([{ kind: 'phone', value: '+212600000001' }]);
    });

    it('numbers references sequentially per year', async () => {
      const a = (await worker.post('/api/v1/cases', caseBody())).json().reference as string;
      const b = (await worker.post('/api/v1/cases', caseBody())).json().reference as string;
      expect(Number(b.slice(-6))).toBe(Number(a.slice(-6)) + 1);
    });

    it('treats a person of uncertain age as a child until assessed', async () => {
      const res = await worker.post('/api/v1/cases', caseBody({ person: { dateOfBirth: undefined, estimatedAge: 19, ageUncertain: true } }));
      expect(res.statusCode).toBe(201);
      expect(res.json().person.treatedAsChild).toBe(true);
      expect(res.json().person.ageGroup).toBe('child');
      const list = await worker.get(`/api/v1/cases?child=true&limit=100`);
      expect(list.json().items.map((i: { id: string }) => i.id)).toContain(res.json().id);
    });

    it('finds a case by name in either script and spelling variant, by document number and by reference', async () => {
      const created = (await worker.post('/api/v1/cases', caseBody({ person: { givenNames: 'فاطمة', familyName: 'بنعلي', aliases: ['Fatima Benali'], identityDocuments: [{ type: 'passport', number: 'ZX-998877', issuingCountry: 'MA' }] } }))).json();
      const ids = async (q: string) => (await worker.get(`/api/v1/cases?q=${encodeURIComponent(q)}`)).json().items.map((i: { id: string }) => i.id);
      expect(await ids('فاطمه')).toContain(created.id); // taa marbuta folded
      expect(await ids('FATIMA benali')).toContain(created.id);
      expect(await ids('zx998877')).toContain(created.id);
      expect(await ids(created.reference.toLowerCase())).toEqual([created.id]);
      expect(await ids('Nobody Unknown')).toEqual([]);
    });

    it('finds a case by part of its reference, as people quote it, and only a case the reader may see', async () => {
      const created = (await worker.post('/api/v1/cases', caseBody())).json();
      const [, year, number] = created.reference.split('-') as [string, string, string];
      const ids = async (c: Client, q: string) => (await c.get(`/api/v1/cases?q=${encodeURIComponent(q)}`)).json().items.map((i: { id: string }) => i.id);
      expect(await ids(worker, number)).toContain(created.id); // "000123"
      expect(await ids(worker, String(Number(number)))).toContain(created.id); // "123"
      expect(await ids(worker, `${year}-${Number(number)}`)).toEqual([created.id]);
      expect(await ids(worker, `${Number(year) - 1}-${Number(number)}`)).not.toContain(created.id);
      // Another organisation's worker, without a grant, does not find it by its reference.
      const other = await userClient(env, env.orgs.b, ['case_worker']);
      expect(await ids(other, number)).not.toContain(created.id);
      expect(await ids(other, created.reference)).toEqual([]);
    });

    it('filters and pages with a cursor without repeating or skipping', async () => {
      for (let i = 0; i < 4; i++) await worker.post('/api/v1/cases', caseBody({ exploitationForms: ['forced_begging'] }));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await worker.get(`/api/v1/cases?form=forced_begging&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        seen.push(...body.items.map((i: { id: string }) => i.id));
        for (const i of body.items) expect(i.exploitationForms).toContain('forced_begging');
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen.length).toBe(4);
      expect(new Set(seen).size).toBe(4);
    });

    it('updates with optimistic concurrency: a stale write gets 409 and changes nothing', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const first = await worker.patch(`/api/v1/cases/${c.id}`, { version: c.version, stage: 'recovery_reflection', notes: 'First edit' });
      expect(first.statusCode).toBe(200);
      expect(first.json().version).toBe(c.version + 1);
      const stale = await supervisor.patch(`/api/v1/cases/${c.id}`, { version: c.version, notes: 'Stale edit' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('VERSION_CONFLICT');
      expect(stale.json().error.details.currentVersion).toBe(c.version + 1);
      const after = (await worker.get(`/api/v1/cases/${c.id}`)).json();
      expect(after.notes).toBe('First edit');
      expect(after.stage).toBe('recovery_reflection');
    });

    it('keeps every change in the history, with values for the managing organisation', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      await worker.patch(`/api/v1/cases/${c.id}`, { version: 1, situationType: 'smuggling', exploitationForms: ['forced_labour'] });
      const person = (await worker.get(`/api/v1/persons/${c.person.id}`)).json();
      const pu = await worker.patch(`/api/v1/persons/${c.person.id}`, { version: person.person.version, familyName: 'Renamed' });
      expect(pu.statusCode).toBe(200);
      const h = (await worker.get(`/api/v1/cases/${c.id}/history`)).json().items;
      const caseUpdate = h.find((e: { entityType: string; action: string }) => e.entityType === 'case' && e.action === 'update');
      expect(caseUpdate.changedFields.sort()).toEqual(['exploitationForms', 'situationType']);
      expect(caseUpdate.changes.situationType).toEqual({ from: 'trafficking', to: 'smuggling' });
      const personUpdate = h.find((e: { entityType: string; action: string }) => e.entityType === 'person' && e.action === 'update');
      expect(personUpdate.changes.familyName.to).toBe('Renamed');
      expect(h.some((e: { action: string; entityType: string }) => e.action === 'create' && e.entityType === 'case')).toBe(true);
    });

    it('updates only the person fields sent, and clears optional ones with null', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const res = await worker.patch(`/api/v1/persons/${c.person.id}`, { version: 1, sex: 'other' });
      expect(res.statusCode).toBe(200);
      const p = res.json().person;
      expect(p.sex).toBe('other');
      expect(p.contacts).toEqual(c.person.contacts);
      expect(p.identityDocuments).toEqual(c.person.identityDocuments);
      expect(p.nationalities).toEqual(['MA']);
      expect(p.languages).toEqual(['ara', 'fra']); // sent as ISO 639-1, kept as ISO 639-3
      expect(p.identity.aliases).toEqual(['Zizi']);
      const cleared = await worker.patch(`/api/v1/persons/${c.person.id}`, { version: 2, familyName: null, healthNotes: null });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json().person.identity.familyName).toBeNull();
      expect(cleared.json().person.healthNotes).toBeNull();
      expect(cleared.json().person.identity.givenNames).toBe('Fatima Zahra');
    });

    it('links a new case to an existing person (re-trafficking)', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const { person: _p, ...rest } = caseBody();
      const again = await worker.post('/api/v1/cases', { ...rest, personId: c.person.id });
      expect(again.statusCode).toBe(201);
      const detail = (await worker.get(`/api/v1/persons/${c.person.id}`)).json();
      expect(detail.cases.length).toBe(2);
      const foreign = await police.post('/api/v1/cases', { ...rest, personId: c.person.id });
      expect(foreign.statusCode).toBe(404);
    });

    it('hides another organisation’s case (404, not in lists), and shows a granted one only within its categories', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody({ person: { givenNames: 'Hidden', familyName: 'Person' } }))).json();
      expect((await police.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
      expect((await police.get(`/api/v1/persons/${c.person.id}`)).statusCode).toBe(404);
      expect((await police.get(`/api/v1/cases/${c.id}/history`)).statusCode).toBe(404);
      const list = (await police.get('/api/v1/cases?limit=100')).json();
      expect(list.items.find((i: { id: string }) => i.id === c.id)).toBeUndefined();

      await grant(env, c.id, env.orgs.b, ['contact']);
      const seen = await police.get(`/api/v1/cases/${c.id}`);
      expect(seen.statusCode).toBe(200);
      const body = seen.json();
      expect(body.access).toBe('grant');
      expect(body.person.identity).toBeUndefined();
      expect(body.person.contacts).toBeDefined();
      expect(body.person.identityDocuments).toBeUndefined();
      expect(body.story).toBeUndefined();
      expect(body.notes).toBeUndefined();
      expect(body.abilities.update).toBe(false);
      expect(JSON.stringify(body)).not.toContain('Hidden');
      const row = (await police.get('/api/v1/cases?limit=100')).json().items.find((i: { id: string }) => i.id === c.id);
      expect(row.nameVisible).toBe(false);
      expect(row.displayName).toBe(body.person.pseudonym);
      // Searching by name must not reveal who is behind the pseudonym.
      expect((await police.get('/api/v1/cases?q=Hidden%20Person')).json().items).toEqual([]);
      // A grant holder cannot edit.
      expect((await police.patch(`/api/v1/cases/${c.id}`, { version: c.version, notes: 'x' })).statusCode).toBe(403);
      expect((await police.get(`/api/v1/cases/${c.id}/attachments`)).statusCode).toBe(403);
      // The history (which names every changed field) is the managing organisation's only.
      expect((await police.get(`/api/v1/cases/${c.id}/history`)).statusCode).toBe(403);
    });

    it('ends access when a grant is revoked or expired', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      await grant(env, c.id, env.orgs.b, ['identity'], { revoked: true });
      expect((await police.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
      await grant(env, c.id, env.orgs.b, ['identity'], { validUntil: '2020-01-01T00:00:00.000Z' });
      expect((await police.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
    });

    it('never shows names to a commission analyst', async () => {
      expect((await analyst.get('/api/v1/cases')).statusCode).toBe(403);
      expect((await analyst.post('/api/v1/cases', caseBody())).statusCode).toBe(403);
    });

    it('refuses bad input with field errors and writes nothing', async () => {
      const before = (await worker.get('/api/v1/cases?limit=100')).json().items.length;
      const res = await worker.post('/api/v1/cases', {
        ...caseBody(),
        person: { ...caseBody().person, givenNames: '', nationalities: ['XX'], dateOfBirth: '2999-01-01' },
        places: [{ kind: 'exploitation', country: 'FR', regionCode: 'MA-06' }],
      });
      expect(res.statusCode).toBe(400);
      const fields = res.json().error.details.fields.map((f: { path: string }) => f.path);
      expect(fields).toContain('person.givenNames');
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      const res2 = await worker.post('/api/v1/cases', {
        ...caseBody(),
        person: { ...caseBody().person, nationalities: ['XX'], dateOfBirth: '2999-01-01' },
        places: [{ kind: 'exploitation', country: 'FR', regionCode: 'MA-06' }, { kind: 'exploitation', country: 'MA', regionCode: 'MA-01', provinceCode: 'MA-CAS' }],
        exploitationStartedOn: '2026-05-01',
        exploitationEndedOn: '2026-01-01',
      });
      expect(res2.statusCode).toBe(400);
      const paths = res2.json().error.details.fields.map((f: { path: string }) => f.path).sort();
      expect(paths).toEqual(['exploitationEndedOn', 'person.dateOfBirth', 'person.nationalities.0', 'places.0.regionCode', 'places.1.provinceCode'].sort());
      const messages = Object.fromEntries(res2.json().error.details.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
      expect(messages['person.nationalities.0']).toBe('Pays inconnu.');
      expect(messages['places.1.provinceCode']).toBe("Cette province n'appartient pas à la région choisie.");
      expect((await worker.get('/api/v1/cases?limit=100')).json().items.length).toBe(before);
    });

    it('answers in the caller’s language: their chosen language, else the browser’s', async () => {
      const anon = await anonymous(env.app).request('POST', '/api/v1/auth/login', { email: 'x' }, { 'accept-language': 'ar-MA,ar;q=0.9,fr;q=0.8' });
      expect(anon.statusCode).toBe(400);
      expect(anon.json().error.message).toMatch(/[\u0600-\u06FF]/);
      expect(anon.json().error.details.fields[0].message).toMatch(/[\u0600-\u06FF]/);
      const fr = await worker.request('POST', '/api/v1/cases', { nope: 1 }, { 'accept-language': 'ar' });
      expect(fr.json().error.message).not.toMatch(/[\u0600-\u06FF]/);
      expect((await worker.put('/api/v1/auth/preferences', { language: 'ar' })).statusCode).toBe(200);
      const ar = await worker.request('POST', '/api/v1/cases', { nope: 1 });
      expect(ar.statusCode).toBe(400);
      expect(ar.json().error.message).toMatch(/[\u0600-\u06FF]/);
      await worker.put('/api/v1/auth/preferences', { language: 'fr' });
    });

    it('stores attachments encrypted, checks their real type and size, and returns them intact', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 65)]);
      const upload = (content: Buffer, name: string, type: string) => {
        const boundary = '----opennrm';
        const payload = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
          content,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        return worker.request('POST', `/api/v1/cases/${c.id}/attachments`, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
      };
      const ok = await upload(pdf, 'déclaration سرية.pdf', 'application/pdf');
      expect(ok.statusCode).toBe(201);
      const exe = await upload(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'x.pdf', 'application/pdf');
      expect(exe.statusCode).toBe(415);
      const big = await upload(Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(10 * 1024 * 1024 + 10)]), 'big.pdf', 'application/pdf');
      expect(big.statusCode).toBe(413);
      const list = (await worker.get(`/api/v1/cases/${c.id}/attachments`)).json().items;
      expect(list.length).toBe(1);
      expect(list[0].fileName).toBe('déclaration سرية.pdf');
      const file = await worker.get(`/api/v1/cases/${c.id}/attachments/${list[0].id}`);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(pdf)).toBe(true);
      const stored = await env.p.db.selectFrom('attachments').select('content_enc').where('id', '=', list[0].id).executeTakeFirstOrThrow();
      expect(Buffer.from(stored.content_enc).includes(pdf.subarray(0, 200))).toBe(false);
      expect((await police.get(`/api/v1/cases/${c.id}/attachments/${list[0].id}`)).statusCode).toBe(404);
    });
  });
}
