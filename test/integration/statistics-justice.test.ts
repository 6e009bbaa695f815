/**
 * The GLOTIP export's persons suspected, prosecuted and convicted, by sex and citizenship, from the justice
 * module's figures (the same protected figures as its statistics feed), against a world built through the API:
 *
 * one proceeding, complaint 2025-02-01, judged 2025-11-03:
 *   6 Moroccan men, prosecuted, 5 of them convicted; 2 Nigerian women, not prosecuted; 1 man of unrecorded
 *   nationality, prosecuted.
 * left out: a proceeding of 2024 with 3 Moroccan men.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DIALECTS, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';
import { GLOTIP_PERSON_COLUMNS } from '../../src/server/modules/statistics/statistics.exports';

function parseCsv(body: string): string[][] {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  return body.slice(1).split('\r\n').filter(Boolean).map((l) => l.split(','));
}
const safeCount = (v: string) => v === 'c' || (/^\d+$/.test(v) && (Number(v) === 0 || Number(v) >= 5));

for (const dialect of DIALECTS) {
  describe(`statistics: GLOTIP persons from the justice module [${dialect}]`, () => {
    let env: TestEnv;
    let prosecutor: Client;
    let analyst: Client;
    let worker: Client;

    async function proceeding(complaintOn: string, judgmentOn: string) {
      const r = await prosecutor.post('/api/v1/justice/proceedings', { offences: ['448-2-labour'], stage: 'judgment', complaintOn, judgmentOn });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    }
    async function defendant(proceedingId: string, sex: string, nationality: string | null, prosecuted: boolean, convictedOn?: string) {
      const r = await prosecutor.post(`/api/v1/justice/proceedings/${proceedingId}/defendants`, { sex, ageGroup: '35_49', nationality, roles: ['exploiter'], relationshipToVictim: 'employer', prosecuted });
      expect(r.statusCode, r.body).toBe(200);
      if (!convictedOn) return;
      const d = r.json().defendants.at(-1);
      const u = await prosecutor.patch(`/api/v1/justice/proceedings/${proceedingId}/defendants/${d.id}`, { version: d.version, outcome: 'convicted', outcomeOn: convictedOn });
      expect(u.statusCode, u.body).toBe(200);
    }

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      const prosecution = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: prosecution, name: 'Parquet (GLOTIP test)', type: 'prosecution', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      prosecutor = await userClient(env, prosecution, ['justice_liaison']);
      analyst = await userClient(env, env.orgs.c, ['commission_analyst']);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      const p = await proceeding('2025-02-01', '2025-11-03');
      for (let i = 0; i < 6; i++) await defendant(p, 'male', 'MA', true, i < 5 ? '2025-11-03' : undefined);
      for (let i = 0; i < 2; i++) await defendant(p, 'female', 'NG', false);
      await defendant(p, 'male', null, true);
      const old = await proceeding('2024-03-01', '2024-10-01');
      for (let i = 0; i < 3; i++) await defendant(old, 'male', 'MA', true);
    });
    afterAll(() => env.close());

    it('exports the three tables as CSV, by its column definitions, protected as the justice feed is', async () => {
      const res = await analyst.get('/api/v1/statistics/exports/glotip-persons?year=2025&format=csv');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toContain('glotip-persons-MAR-2025.csv');
      const [header, ...rows] = parseCsv(res.body);
      expect(header).toEqual([...GLOTIP_PERSON_COLUMNS]);
      for (const r of rows) {
        expect(r).toHaveLength(GLOTIP_PERSON_COLUMNS.length);
        expect(r.slice(0, 2)).toEqual(['MAR', '2025']);
        expect(r.slice(4).every(safeCount)).toBe(true);
      }
      const table = (name: string) => rows.filter((r) => r[2] === name).map((r) => [r[3], ...r.slice(4)]);
      // Columns: female, male, other/unknown sex, total. Rows: citizenship, then all.
      // Suspects: the 2 women and the 1 man of unrecorded nationality are hidden (with their margins); the
      // men's row then takes the 6 Moroccans, the Moroccan column its total, the row of totals the men's 7.
      expect(table('persons_suspected')).toEqual([
        ['moroccan', '0', 'c', '0', 'c'],
        ['foreign', 'c', '0', '0', 'c'],
        ['unknown', '0', 'c', '0', 'c'],
        ['all', 'c', 'c', '0', '9'],
      ]);
      expect(table('persons_prosecuted')).toEqual([
        ['moroccan', '0', 'c', '0', 'c'],
        ['foreign', '0', '0', '0', '0'],
        ['unknown', '0', 'c', '0', 'c'],
        ['all', '0', '7', '0', '7'],
      ]);
      expect(table('persons_convicted')).toEqual([
        ['moroccan', '0', '5', '0', '5'],
        ['foreign', '0', '0', '0', '0'],
        ['unknown', '0', '0', '0', '0'],
        ['all', '0', '5', '0', '5'],
      ]);
      // The same suppression pattern as the justice module's own feed (never two different ones).
      const feed = (await analyst.get('/api/v1/justice/statistics?year=2025')).json();
      for (const [name, key] of [['persons_suspected', 'suspects'], ['persons_prosecuted', 'prosecuted'], ['persons_convicted', 'convicted']] as const) {
        const t = feed[key] as { cells: { value: number | null }[][]; colTotals: { value: number | null }[]; rowTotals: { value: number | null }[]; total: { value: number | null } };
        const v = (c: { value: number | null }) => (c.value === null ? 'c' : String(c.value));
        expect(table(name)).toEqual([
          ...['moroccan', 'foreign', 'unknown'].map((c, j) => [c, ...t.cells.map((r) => v(r[j]!)), v(t.colTotals[j]!)]),
          ['all', ...t.rowTotals.map(v), v(t.total)],
        ]);
      }
    });

    it('exports the same tables as XLSX, is for commission analysts only, and is audited', async () => {
      const res = await analyst.get('/api/v1/statistics/exports/glotip-persons?year=2025&format=xlsx');
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['persons_suspected', 'persons_prosecuted', 'persons_convicted', 'notes']);
      const csv = parseCsv((await analyst.get('/api/v1/statistics/exports/glotip-persons?year=2025&format=csv')).body);
      const values = (name: string) => wb.getWorksheet(name)!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1).map((v) => String(v)));
      for (const name of ['persons_suspected', 'persons_prosecuted', 'persons_convicted']) expect(values(name)).toEqual([csv[0], ...csv.filter((r) => r[2] === name)]);
      expect((await worker.get('/api/v1/statistics/exports/glotip-persons?year=2025')).statusCode).toBe(403);
      const audit = await env.p.db.selectFrom('audit_log').select(['details']).where('action', '=', 'statistics.export').execute();
      expect(audit.map((a) => JSON.parse(a.details)).filter((d) => d.kind === 'glotip_persons').map((d) => d.format).sort()).toEqual(['csv', 'csv', 'xlsx']);
    });
  });
}
