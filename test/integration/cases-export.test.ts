/**
 * The case list's total and its CSV export: the same visible cases and fields as the list (need-to-know), in the
 * reader's language, text that a spreadsheet would run as a formula kept as text, and one audit entry per
 * export that says which cases' names it holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, grant, userClient, type Client, type TestEnv } from '../support/harness';
import { EXPORT_CAP, LIST_TOTAL_CAP } from '../../src/server/modules/cases/cases.service';

/** A CSV file's rows (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && body[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

for (const dialect of DIALECTS) {
  describe(`case list: total and CSV export [${dialect}]`, () => {
    let env: TestEnv;
    let workerA: Client;
    let workerB: Client;
    const refs: Record<string, string> = {};

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      workerA = await userClient(env, env.orgs.a, ['case_worker']);
      workerB = await userClient(env, env.orgs.b, ['case_worker']);
      const register = async (w: Client, key: string, body: Parameters<typeof caseBody>[0]) => {
        const r = await w.post('/api/v1/cases', caseBody(body));
        expect(r.statusCode, r.body).toBe(201);
        refs[key] = r.json().reference;
        return r.json().id as string;
      };
      await register(workerA, 'a1', { person: { givenNames: 'Amina', familyName: 'Own One', sex: 'female' } });
      await register(workerA, 'a2', { person: { givenNames: '=HYPERLINK("http://x.example","click")', familyName: 'Formula', sex: 'male' } });
      await register(workerA, 'a3', { person: { givenNames: 'Salma', familyName: 'Own Three', sex: 'female' }, exploitationForms: ['forced_begging'] });
      const shared = await register(workerB, 'b1', { person: { givenNames: 'Hidden', familyName: 'Behind Pseudonym', sex: 'female' } });
      await register(workerB, 'b2', { person: { givenNames: 'Never', familyName: 'Seen By A', sex: 'female' } });
      // B shares one case with A, without the identity category: A sees a pseudonym and no story.
      await grant(env, shared, env.orgs.a, ['needs']);
    });
    afterAll(() => env.close());

    it('shows the total of matching cases on the first page', async () => {
      const all = (await workerA.get('/api/v1/cases?limit=2')).json();
      expect(all.items).toHaveLength(2);
      expect(all.total).toEqual({ count: 4, more: false });
      const next = (await workerA.get(`/api/v1/cases?limit=2&cursor=${encodeURIComponent(all.nextCursor)}`)).json();
      expect(next.items).toHaveLength(2);
      expect(next.total).toBeNull();
      expect((await workerA.get('/api/v1/cases?sex=male')).json().total).toEqual({ count: 1, more: false });
      expect(LIST_TOTAL_CAP).toBe(1000);
    });

    it('exports exactly the visible cases, with the fields the reader may see, in the reader language', async () => {
      // The interface language is the person's preference (the web app saves it when they switch).
      expect((await workerA.put('/api/v1/auth/preferences', { language: 'en' })).statusCode).toBe(200);
      const res = await workerA.get('/api/v1/cases/export.csv');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"/);
      expect(res.headers['cache-control']).toMatch(/no-store/);
      const [header, ...rows] = parseCsv(res.body);
      expect(header).toEqual(['Reference', 'Name or pseudonym', 'Sex', 'Age group', 'Stage', 'Status', 'Identification', 'Forms of exploitation', 'Managing organisation', 'Person in charge', 'Identified on']);
      const byRef = new Map(rows.map((r) => [r[0], r]));
      expect([...byRef.keys()].sort()).toEqual([refs.a1, refs.a2, refs.a3, refs.b1].sort());
      expect(byRef.has(refs.b2)).toBe(false);
      expect(byRef.get(refs.a1)![1]).toContain('Amina');
      // Shared without identity: the pseudonym, never the name; without the story: "not shared".
      expect(byRef.get(refs.b1)![1]).not.toContain('Hidden');
      expect(res.body).not.toContain('Behind Pseudonym');
      expect(byRef.get(refs.b1)![7]).toMatch(/^Not shared/);
      expect(byRef.get(refs.a3)![7]).toBe('Forced begging');
      // A name that a spreadsheet would run as a formula stays text.
      expect(byRef.get(refs.a2)![1]!.startsWith("'=HYPERLINK")).toBe(true);
      expect(res.headers['x-export-count']).toBe('4');
      expect(res.headers['x-export-truncated']).toBe('false');
      expect(EXPORT_CAP).toBe(5000);
    });

    it('applies the filters and answers in French', async () => {
      expect((await workerA.put('/api/v1/auth/preferences', { language: 'fr' })).statusCode).toBe(200);
      const res = await workerA.get('/api/v1/cases/export.csv?sex=female');
      const [header, ...rows] = parseCsv(res.body);
      expect(header![0]).toBe('Référence');
      expect(rows.map((r) => r[0]).sort()).toEqual([refs.a1, refs.a3, refs.b1].sort());
    });

    it('audits each export with the cases whose names it holds', async () => {
      const before = await env.p.db.selectFrom('audit_log').select('seq').where('action', '=', 'case.export').execute();
      await workerA.get('/api/v1/cases/export.csv');
      const entries = await env.p.db.selectFrom('audit_log').selectAll().where('action', '=', 'case.export').orderBy('seq', 'desc').execute();
      expect(entries.length).toBe(before.length + 1);
      const details = JSON.parse(entries[0]!.details ?? '{}');
      expect(entries[0]!.actor_user_id).toBe(workerA.userId);
      expect(details.count).toBe(4);
      expect(details.truncated).toBe(false);
      // Three of A's own cases carry names; the shared one carries a pseudonym.
      expect(details.namesShownFor).toHaveLength(3);
    });

    it('is for case workers and supervisors only; bad filters are refused', async () => {
      const provider = await userClient(env, env.orgs.a, ['service_provider']);
      expect((await provider.get('/api/v1/cases/export.csv')).statusCode).toBe(403);
      const police = await userClient(env, env.orgs.b, ['first_responder']);
      expect((await police.get('/api/v1/cases/export.csv')).statusCode).toBe(403);
      expect((await workerB.get('/api/v1/cases/export.csv?sex=dragon')).statusCode).toBe(400);
      const b = parseCsv((await workerB.get('/api/v1/cases/export.csv')).body);
      expect(b.slice(1).map((r) => r[0]).sort()).toEqual([refs.b1, refs.b2].sort());
    });
  });
}
