/**
 * Issue 12: names and file names with bidirectional overrides (U+202E), invisible controls or thousands of
 * characters were stored as sent, and a PDF could be stored under an `.html` name. Names are now cleaned and
 * capped by the contract, uploaded files are named after their detected type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';

const RLO = '\u202E';
/** "Muhammad" with damma, fatha, and shadda typed before its fatha (NFC would swap those two). */
const MUHAMMAD = '\u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F';
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(500, 65)]);

type Field = { path: string; code: string; message: string };
const fields = (body: string) => (JSON.parse(body) as { error: { code: string; details: { fields: Field[] } } }).error;

for (const dialect of DIALECTS) {
  describe(`input hygiene: names and file names [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    let admin: Client;
    let sysadmin: Client;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      admin = await userClient(env, env.orgs.a, ['org_admin']);
      sysadmin = await userClient(env, env.orgs.c, ['system_admin']);
    });
    afterAll(() => env.close());

    /** Uploads `content` as a case attachment; the name goes in the part header as raw UTF-8, as browsers send it. */
    const upload = (caseId: string, name: string, content: Buffer = PDF, type = 'text/html') => {
      const boundary = '----opennrm-hygiene';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8'),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return worker.request('POST', `/api/v1/cases/${caseId}/attachments`, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    };

    it('stores a person’s names and aliases without bidirectional overrides or controls, and finds them by name', async () => {
      const res = await worker.post('/api/v1/cases', caseBody({ person: { givenNames: `Sa${RLO}lma\u0007`, familyName: `Ben${RLO}nani`, aliases: [`\u2066Lo${RLO}la\u2069`, '\u200F\u200E'.concat('Zizi')] } }));
      expect(res.statusCode).toBe(201);
      const identity = res.json().person.identity;
      expect(identity).toMatchObject({ givenNames: 'Salma', familyName: 'Bennani', aliases: ['Lola', 'Zizi'] });
      const person = await worker.get(`/api/v1/persons/${res.json().person.id}`);
      expect(person.statusCode).toBe(200);
      expect(person.json().person.identity).toMatchObject({ givenNames: 'Salma', familyName: 'Bennani', aliases: ['Lola', 'Zizi'] });
      // eslint-disable-next-line no-control-regex -- the control characters sent must not come back
      expect(person.body).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u0007]/);
      // The blind index was built from the clean name: "Bennani" finds it (the override used to split the word).
      const found = (await worker.get('/api/v1/cases?q=Bennani')).json().items.map((i: { id: string }) => i.id);
      expect(found).toContain(res.json().id);

      const updated = await worker.patch(`/api/v1/persons/${res.json().person.id}`, { version: person.json().person.version, familyName: `\u202BEl${RLO} Fassi` });
      expect(updated.statusCode).toBe(200);
      expect(updated.json().person.identity.familyName).toBe('El Fassi');
    });

    it('refuses a 5,000-character name with 400 VALIDATION_FAILED naming the field', async () => {
      const res = await worker.post('/api/v1/cases', caseBody({ person: { familyName: 'x'.repeat(5000) } }));
      expect(res.statusCode).toBe(400);
      const error = fields(res.body);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields.map((f) => [f.path, f.code])).toEqual([['person.familyName', 'too_big']]);
      expect(error.details.fields[0]!.message).toMatch(/200/);
      const alias = await worker.post('/api/v1/cases', caseBody({ person: { aliases: ['ok', 'y'.repeat(5000)] } }));
      expect(fields(alias.body).details.fields.map((f) => f.path)).toEqual(['person.aliases.1']);
      // Made only of invisible characters, a name is empty.
      const empty = await worker.post('/api/v1/cases', caseBody({ person: { givenNames: `${RLO}\u200F\u200B` } }));
      expect(fields(empty.body).details.fields.map((f) => [f.path, f.code])).toEqual([['person.givenNames', 'too_small']]);
      // A NUL is refused before validation, whatever the field (platform/input.ts): neither database keeps it the same way.
      const nul = await worker.post('/api/v1/cases', caseBody({ person: { givenNames: `Am\u0000ina` } }));
      expect(fields(nul.body).details.fields.map((f) => [f.path, f.code])).toEqual([['person.givenNames', 'invalid_value']]);
    });

    it('returns an Arabic name with its diacritics exactly as written', async () => {
      const familyName = 'عبد الرَّحمن';
      const res = await worker.post('/api/v1/cases', caseBody({ person: { givenNames: MUHAMMAD, familyName, aliases: ['أبو عليّ'] } }));
      expect(res.statusCode).toBe(201);
      const read = await worker.get(`/api/v1/cases/${res.json().id}`);
      expect(read.json().person.identity).toMatchObject({ givenNames: MUHAMMAD, familyName, aliases: ['أبو عليّ'] });
    });

    it('cleans and caps user display names, organisation names and service names', async () => {
      const user = await admin.post('/api/v1/users', { email: `hygiene-${dialect}@test.opennrm`, displayName: `Adm${RLO}in\u200B One`, organisationId: env.orgs.a, roles: ['case_worker'], password: 'Long-enough-pass-1' });
      expect(user.statusCode).toBe(201);
      expect(user.json().displayName).toBe('Admin One');
      const longUser = await admin.patch(`/api/v1/users/${user.json().id}`, { version: user.json().version, displayName: 'u'.repeat(5000) });
      expect(fields(longUser.body).details.fields.map((f) => [f.path, f.code])).toEqual([['displayName', 'too_big']]);

      const org = await sysadmin.post('/api/v1/organisations', { name: `\u2067Association${RLO} Nour\u2069`, type: 'ngo' });
      expect(org.statusCode).toBe(201);
      expect(org.json().name).toBe('Association Nour');
      const longOrg = await sysadmin.post('/api/v1/organisations', { name: 'o'.repeat(5000), type: 'ngo' });
      expect(fields(longOrg.body).details.fields.map((f) => [f.path, f.code])).toEqual([['name', 'too_big']]);

      const service = await admin.post('/api/v1/services', { name: `Ab${RLO}ri\u200B Nour`, type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'] });
      expect(service.statusCode).toBe(201);
      expect(service.json().name).toBe('Abri Nour');
    });

    it('names an attachment after its detected type: a PDF named "invoice<U+202E>fdp.exe" or "report.html" is listed and downloaded as .pdf', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      expect((await upload(c.id, `invoice${RLO}fdp.exe`)).statusCode).toBe(201);
      const html = await upload(c.id, 'report.html');
      expect(html.statusCode).toBe(201);
      expect(html.json()).toMatchObject({ fileName: 'report.pdf', mimeType: 'application/pdf' });

      const list = (await worker.get(`/api/v1/cases/${c.id}/attachments`)).json().items as { id: string; fileName: string; mimeType: string }[];
      expect(list.map((a) => [a.fileName, a.mimeType]).sort()).toEqual([['invoicefdp.pdf', 'application/pdf'], ['report.pdf', 'application/pdf']]);
      for (const a of list) {
        const file = await worker.get(`/api/v1/cases/${c.id}/attachments/${a.id}`);
        expect(file.statusCode).toBe(200);
        expect(file.headers['content-type']).toBe('application/pdf');
        expect(file.headers['content-disposition']).toBe(`attachment; filename="${a.fileName}"; filename*=UTF-8''${a.fileName}`);
        expect(file.rawPayload.equals(PDF)).toBe(true);
      }
    });

    it('caps a 5,000-character file name at 255 characters, keeps a non-Latin name, and names a file of only control characters document.pdf', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const long = await upload(c.id, `${'n'.repeat(5000)}.pdf`);
      expect(long.statusCode).toBe(201);
      expect(long.json().fileName).toBe(`${'n'.repeat(251)}.pdf`);

      const blank = await upload(c.id, `\u0007${RLO}\u200F\u0001\u200B`);
      expect(blank.statusCode).toBe(201);
      expect(blank.json().fileName).toBe('document.pdf');

      const arabic = await upload(c.id, `محضر <سري>; ${RLO}.pdf`);
      expect(arabic.statusCode).toBe(201);
      expect(arabic.json().fileName).toBe('محضر _سري_;.pdf');
      const file = await worker.get(`/api/v1/cases/${c.id}/attachments/${arabic.json().id}`);
      // The plain name says "document.pdf"; the UTF-8 one is percent-encoded, so no quote or semicolon reaches the header.
      expect(file.headers['content-disposition']).toBe(`attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent('محضر _سري_;.pdf')}`);

      const text = await upload(c.id, 'page.html', Buffer.from('<script>alert(1)</script>'), 'text/html');
      expect(text.json()).toMatchObject({ fileName: 'page.txt', mimeType: 'text/plain' });
    });
  });
}
