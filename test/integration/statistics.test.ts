/**
 * The commission's figures against a small world built through the API, counted by hand:
 *
 * trafficking, identified in 2025 (worker of Association A, an NGO):
 *   6 women, Moroccan, 1990, prostitution of others, exploited in MA-06, police operation, March — 5 identified;
 *   5 men, Senegalese, 1985, forced labour, MA-01, labour inspection, June — presumed;
 *   2 girls, Moroccan, 2012, begging + prostitution, MA-06, NGO outreach, June — presumed;
 *   6 anonymous notifications: adult women, Nigerian, forced labour, MA-06, hotline, September.
 * left out: 3 smuggling cases (men, Guinean, August), 1 woman whose case was withdrawn, 1 woman identified in 2024.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';
import { rawBreakdown } from '../../src/server/modules/statistics/statistics.service';
import { CTDC_COLUMNS, GLOTIP_COLUMNS, GLOTIP_PERSON_COLUMNS, SDG_COLUMNS, resumeExportJobs } from '../../src/server/modules/statistics/statistics.exports';
import ExcelJS from 'exceljs';

/** Our CSV files: UTF-8 with a BOM, CRLF, no quoted fields in these exports. */
function parseCsv(body: string): string[][] {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  return body.slice(1).split('\r\n').filter(Boolean).map((l) => l.split(','));
}
/** A released count is 0 or at least 5; 'c' marks a suppressed one. */
const safeCount = (v: string) => v === 'c' || v === '' || (/^\d+$/.test(v) && (Number(v) === 0 || Number(v) >= 5));

const women = (identifiedOn = '2025-03-10') => caseBody({
  person: { sex: 'female', dateOfBirth: '1990-01-20', nationalities: ['MA'] }, exploitationForms: ['sexual_prostitution'],
  places: [{ kind: 'exploitation', country: 'MA', regionCode: 'MA-06' }], identificationChannel: 'police_operation', identifiedOn,
});

for (const dialect of DIALECTS) {
  describe(`statistics [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    let analyst: Client;
    let prosecutor: Client;
    let prosecution: string;

    async function decide(caseId: string, status: 'identified' | 'withdrawn') {
      await worker.post(`/api/v1/cases/${caseId}/identification/request`, { identificationVersion: (await worker.get(`/api/v1/cases/${caseId}/identification`)).json().identificationVersion, decidingOrganisationId: prosecution });
      const s = (await prosecutor.get(`/api/v1/cases/${caseId}/identification`)).json();
      const r = await prosecutor.post(`/api/v1/cases/${caseId}/identification/decisions`, { identificationVersion: s.identificationVersion, status, reasons: 'Decision taken for the test world.', evidence: ['interview'] });
      expect(r.statusCode).toBe(200);
    }

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      prosecution = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: prosecution, name: 'Parquet (statistics test)', type: 'prosecution', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      analyst = await userClient(env, env.orgs.c, ['commission_analyst']);
      prosecutor = await userClient(env, prosecution, ['justice_liaison']);
      const create = async (body: object) => { const r = await worker.post('/api/v1/cases', body); expect(r.statusCode).toBe(201); return r.json().id as string; };
      for (let i = 0; i < 6; i++) { const id = await create(women()); if (i < 5) await decide(id, 'identified'); }
      for (let i = 0; i < 5; i++) await create(caseBody({ person: { sex: 'male', dateOfBirth: '1985-07-01', nationalities: ['SN'] }, exploitationForms: ['forced_labour'], places: [{ kind: 'exploitation', country: 'MA', regionCode: 'MA-01' }], identificationChannel: 'labour_inspection', identifiedOn: '2025-06-15' }));
      for (let i = 0; i < 2; i++) await create(caseBody({ person: { sex: 'female', dateOfBirth: '2012-05-01', nationalities: ['MA'] }, exploitationForms: ['forced_begging', 'sexual_prostitution'], places: [{ kind: 'exploitation', country: 'MA', regionCode: 'MA-06' }], identificationChannel: 'ngo_outreach', identifiedOn: '2025-06-20' }));
      for (let i = 0; i < 3; i++) await create(caseBody({ person: { sex: 'male', dateOfBirth: '1995-02-02', nationalities: ['GN'] }, situationType: 'smuggling', exploitationForms: [], places: [{ kind: 'transit', country: 'MA', regionCode: 'MA-02' }], identificationChannel: 'border_control', identifiedOn: '2025-08-01' }));
      await decide(await create(women()), 'withdrawn');
      await create(women('2024-12-31'));
      for (let i = 0; i < 6; i++) {
        const r = await worker.post('/api/v1/anonymous-notifications', { sex: 'female', ageGroup: 'adult', nationality: 'NG', exploitationForms: ['forced_labour'], regionCode: 'MA-06', identifiedOn: '2025-09-05', identificationChannel: 'hotline' });
        expect(r.statusCode).toBe(201);
      }
    });
    afterAll(() => env.close());

    it('counts each breakdown exactly as done by hand (before disclosure control)', async () => {
      const raw = async (table: Parameters<typeof rawBreakdown>[1], situation = 'trafficking') => {
        const m = await env.p.db.transaction().execute((trx) => rawBreakdown(trx, table, situation, 2025));
        return Object.fromEntries([...m.entries()].filter(([, v]) => v.some((n) => n > 0)));
      };
      expect(await raw('sexAge')).toEqual({ women: [1, 5, 6], men: [5, 0, 0], girls: [2, 0, 0] });
      expect(await raw('nationality')).toEqual({ moroccan: [3, 5, 0], foreign: [5, 0, 6] });
      expect(await raw('citizenship')).toEqual({ MA: [3, 5, 0], NG: [0, 0, 6], SN: [5, 0, 0] });
      // Multi-valued: the girls count under two forms, so the forms add up to more than the victims.
      expect(await raw('form')).toEqual({ sexual_prostitution: [3, 5, 0], forced_labour: [5, 0, 6], forced_begging: [2, 0, 0] });
      expect(await raw('region')).toEqual({ 'MA-06': [3, 5, 6], 'MA-01': [5, 0, 0] });
      expect(await raw('organisationType')).toEqual({ ngo: [8, 5, 6] });
      expect(await raw('channel')).toEqual({ police_operation: [1, 5, 0], labour_inspection: [5, 0, 0], ngo_outreach: [2, 0, 0], hotline: [0, 0, 6] });
      expect(await raw('month')).toEqual({ '2025-03': [1, 5, 0], '2025-06': [7, 0, 0], '2025-09': [0, 0, 6] });
      expect(await raw('sexAge', 'smuggling')).toEqual({ men: [3, 0, 0] });
    });

    it('shows the analyst protected figures: small cells and what would reveal them are suppressed', async () => {
      const res = await analyst.get('/api/v1/statistics?year=2025');
      expect(res.statusCode).toBe(200);
      const s = res.json();
      expect(s.headline).toEqual({ cells: [8, 5, 6], total: 19 });
      // 3 smuggling cases: hidden, and the overall total with it (19 is published in the trafficking headline).
      expect(s.situations).toEqual({ trafficking: 19, smuggling: null, total: null });
      const sexAge = s.tables.find((t: { id: string }) => t.id === 'sexAge');
      expect(sexAge.rows).toEqual([
        // Protected with every other table of the release: 1 presumed woman is hidden with the 5 identified of
        // her row; the 2 girls (and, in the UNODC table, their "mixed" category) with the men's 5, so that
        // neither the sex × age table nor its sums with the UNODC categories pin them down.
        { key: 'women', cells: [null, null, 6], total: 12 },
        { key: 'men', cells: [null, 0, 0], total: null },
        { key: 'girls', cells: [null, null, 0], total: null },
        { key: 'boys', cells: [0, 0, 0], total: 0 },
        { key: 'unknown', cells: [0, 0, 0], total: 0 },
      ]);
      expect(sexAge.columnTotals).toEqual([8, 5, 6]);
      expect(sexAge.total).toBe(19);
      const form = s.tables.find((t: { id: string }) => t.id === 'form');
      expect(form.additive).toBe(false);
      expect(form.columnTotals).toBeNull();
      expect(form.rows.find((r: { key: string }) => r.key === 'forced_labour')).toEqual({ key: 'forced_labour', cells: [5, 0, 6], total: 11 });
      expect(form.rows.find((r: { key: string }) => r.key === 'forced_begging')).toEqual({ key: 'forced_begging', cells: [null, 0, 0], total: null });
      // Nothing between 1 and 4 is ever released.
      const all = s.tables.flatMap((t: { rows: { cells: (number | null)[]; total: number | null }[]; columnTotals: (number | null)[] | null; total: number | null }) => [...t.rows.flatMap((r) => [...r.cells, r.total]), ...(t.columnTotals ?? []), t.total]);
      expect(all.filter((v: number | null) => v !== null && v > 0 && v < 5)).toEqual([]);
      expect(s.years).toContain(2024);
      expect(s.years).toContain(2025);
    });

    it('smuggling figures are separate', async () => {
      const s = (await analyst.get('/api/v1/statistics?year=2025&situation=smuggling')).json();
      expect(s.headline).toEqual({ cells: [null, 0, 0], total: null });
    });

    it('is for commission analysts only, audited, and refuses a future year', async () => {
      expect((await worker.get('/api/v1/statistics?year=2025')).statusCode).toBe(403);
      const future = await analyst.get(`/api/v1/statistics?year=${new Date().getUTCFullYear() + 1}`);
      expect(future.statusCode).toBe(400);
      expect(future.json().error.details.fields[0]).toMatchObject({ path: 'year', code: 'date_in_future' });
      const audit = await env.p.db.selectFrom('audit_log').select(['details']).where('action', '=', 'statistics.read').execute();
      expect(audit.some((a) => JSON.parse(a.details).year === 2025)).toBe(true);
    });

    it('exports the GLOTIP tables as CSV, matching their column definitions and the dashboard', async () => {
      const res = await analyst.get('/api/v1/statistics/exports/glotip?year=2025&format=csv');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.headers['content-disposition']).toContain('glotip-MAR-2025.csv');
      const [header, ...rows] = parseCsv(res.body);
      expect(header).toEqual([...GLOTIP_COLUMNS]);
      for (const r of rows) {
        expect(r).toHaveLength(GLOTIP_COLUMNS.length);
        expect(r.slice(0, 2)).toEqual(['MAR', '2025']);
        expect(r.slice(4).every(safeCount)).toBe(true);
      }
      const row = (table: string, category: string) => rows.find((r) => r[2] === table && r[3] === category)?.slice(4);
      expect(row('detected_victims_by_sex_age', 'all')).toEqual(['12', 'c', 'c', '0', '0', '19']);
      // By UNODC category, each victim once: the girls (forced begging and sexual exploitation) are "mixed".
      expect(row('detected_victims_by_form', 'sexual_exploitation')).toEqual(['6', '0', '0', '0', '0', '6']);
      expect(row('detected_victims_by_form', 'forced_labour')).toEqual(['6', 'c', '0', '0', '0', 'c']);
      expect(row('detected_victims_by_form', 'mixed')).toEqual(['0', '0', 'c', '0', '0', 'c']);
      expect(row('detected_victims_by_form', 'begging')).toEqual(['0', '0', '0', '0', '0', '0']);
      // No national form maps to forced marriage: not available (empty), never zero.
      expect(row('detected_victims_by_form', 'forced_marriage')).toEqual(['', '', '', '', '', '']);
      // Countries in alpha-3 like the country column.
      expect(rows.filter((r) => r[2] === 'detected_victims_by_citizenship').map((r) => r[3])).toEqual(['MAR', 'NGA', 'SEN']);
      // Citizenship: the same protected totals as the dashboard's table (never a different suppression pattern).
      const dashboard = (await analyst.get('/api/v1/statistics?year=2025')).json().tables.find((t: { id: string }) => t.id === 'citizenship');
      expect(dashboard.rows.map((r: { key: string }) => r.key)).toEqual(['MA', 'NG', 'SN']);
      for (const r of dashboard.rows as { key: string; total: number | null }[]) {
        expect(row('detected_victims_by_citizenship', ({ MA: 'MAR', NG: 'NGA', SN: 'SEN' } as Record<string, string>)[r.key]!)).toEqual(['', '', '', '', '', r.total === null ? 'c' : String(r.total)]);
      }
    });

    it('exports the same GLOTIP tables as XLSX', async () => {
      const res = await analyst.get('/api/v1/statistics/exports/glotip?year=2025&format=xlsx');
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['victims_by_sex_age', 'victims_by_form', 'victims_by_citizenship', 'notes']);
      const values = (name: string) => wb.getWorksheet(name)!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v))));
      const csv = parseCsv((await analyst.get('/api/v1/statistics/exports/glotip?year=2025&format=csv')).body);
      expect(values('victims_by_sex_age')).toEqual([csv[0], ...csv.filter((r) => r[2] === 'detected_victims_by_sex_age')]);
      expect(values('victims_by_form')).toEqual([csv[0], ...csv.filter((r) => r[2] === 'detected_victims_by_form')]);
    });

    it('exports k-anonymised CTDC microdata without names, dates of birth or free text, with its report', async () => {
      const res = await analyst.get('/api/v1/statistics/exports/ctdc?year=2025');
      expect(res.statusCode).toBe(200);
      for (const secret of ['Testname', 'Fatima', 'Zizi', '1990', '1985', '2012', 'false promise', 'Internal note', 'AB1']) expect(res.body).not.toContain(secret);
      const [header, ...rows] = parseCsv(res.body);
      expect(header).toEqual([...CTDC_COLUMNS]);
      expect(rows).toHaveLength(13);
      const col = (name: (typeof CTDC_COLUMNS)[number]) => rows.map((r) => r[CTDC_COLUMNS.indexOf(name)]);
      // 13 victims, k = 11: everything had to be generalised except the year.
      expect(new Set(col('yearOfRegistration'))).toEqual(new Set(['2025']));
      expect(new Set(col('gender'))).toEqual(new Set(['*']));
      expect(new Set(col('ageBroad'))).toEqual(new Set(['*']));
      expect(new Set(col('majorityStatus'))).toEqual(new Set(['*']));
      expect(new Set(col('citizenship'))).toEqual(new Set(['*']));
      expect(new Set(col('regionOfExploitation'))).toEqual(new Set(['MA']));
      expect(col('isSexualExploit').filter((v) => v === '1')).toHaveLength(8);
      expect(col('isForcedLabour').filter((v) => v === '1')).toHaveLength(5);
      expect(col('isOtherExploit').filter((v) => v === '1')).toHaveLength(2);
      expect(col('traffickingStatus').filter((v) => v === 'ActualVictimOfTrafficking')).toHaveLength(5);
      for (const r of rows) for (const f of ['isForcedLabour', 'isSexualExploit', 'isOtherExploit', 'isSexAndLabour', 'isForcedMarriage', 'isForcedMilitary', 'isOrganRemoval', 'isSlaveryAndPractices'] as const) expect(['0', '1']).toContain(r[CTDC_COLUMNS.indexOf(f)]);
      const report = (await analyst.get('/api/v1/statistics/exports/ctdc/report?year=2025')).json();
      expect(report).toMatchObject({ year: 2025, k: 11, records: 13, released: 13, suppressed: 0, classes: 1, smallestReleasedClass: 13 });
      expect(report.generalisation.map((g: { attribute: string; level: number }) => [g.attribute, g.level])).toEqual([
        ['gender', 1], ['ageBroad', 3], ['citizenship', 3], ['yearOfRegistration', 0], ['regionOfExploitation', 1],
      ]);
      expect((await analyst.get('/api/v1/statistics/exports/ctdc?year=2025&format=xlsx')).json().error.details.fields[0]).toMatchObject({ path: 'format', code: 'csv_only' });
    });

    it('computes the SDG 16.2.2 rate per 100,000 from the protected counts and the configured population', async () => {
      const s = (await analyst.get('/api/v1/statistics/exports/sdg-16-2-2?year=2025')).json();
      expect(s.populationSource).toContain('TO VERIFY');
      expect(s.rows).toEqual([
        { group: 'women', victims: 12, population: 13100000, ratePer100k: 0.092 },
        { group: 'men', victims: null, population: 12960000, ratePer100k: null },
        { group: 'girls', victims: null, population: 5470000, ratePer100k: null },
        { group: 'boys', victims: 0, population: 5640000, ratePer100k: 0 },
        { group: 'total', victims: 19, population: 37170000, ratePer100k: 0.051 },
      ]);
      const [header, ...rows] = parseCsv((await analyst.get('/api/v1/statistics/exports/sdg-16-2-2.csv?year=2025')).body);
      expect(header).toEqual([...SDG_COLUMNS]);
      expect(rows[0]).toEqual(['MAR', '2025', 'SDG 16.2.2', 'women', '12', '13100000', '0.092']);
      expect(rows[1]).toEqual(['MAR', '2025', 'SDG 16.2.2', 'men', 'c', '12960000', 'c']);
      expect(s.missing).toEqual([]);
      // A year without population figures: the victims are given, and the rate says what it lacks.
      const y2019 = (await analyst.get('/api/v1/statistics/exports/sdg-16-2-2?year=2019')).json();
      expect(y2019.missing).toEqual(['population']);
      expect(y2019.rows.every((r: { population: number | null; ratePer100k: number | null }) => r.population === null && r.ratePer100k === null)).toBe(true);
      expect(parseCsv((await analyst.get('/api/v1/statistics/exports/sdg-16-2-2.csv?year=2019')).body)[5]).toEqual(['MAR', '2019', 'SDG 16.2.2', 'total', '0', '', '']);
    });

    it('exports are for commission analysts only and every one is audited', async () => {
      for (const url of ['/api/v1/statistics/exports/glotip?year=2025', '/api/v1/statistics/exports/ctdc?year=2025', '/api/v1/statistics/exports/ctdc/report?year=2025', '/api/v1/statistics/exports/sdg-16-2-2?year=2025']) {
        expect((await worker.get(url)).statusCode).toBe(403);
      }
      const audit = await env.p.db.selectFrom('audit_log').select(['details']).where('action', '=', 'statistics.export').execute();
      const kinds = audit.map((a) => JSON.parse(a.details).kind as string);
      expect(new Set(kinds)).toEqual(new Set(['glotip', 'ctdc', 'ctdc_report', 'sdg_16_2_2']));
      const ctdc = audit.map((a) => JSON.parse(a.details)).find((d) => d.kind === 'ctdc');
      expect(ctdc).toMatchObject({ year: 2025, k: 11, released: 13, suppressed: 0 });
    });

    it('runs exports as jobs with progress: the same file, encrypted at rest, only for whoever asked, picked up after a stop, erased after a week', async () => {
      const waitDone = async (id: string) => {
        for (let i = 0; i < 100; i++) {
          const j = (await analyst.get(`/api/v1/statistics/export-jobs/${id}`)).json();
          if (j.status === 'done' || j.status === 'failed') return j;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('export job did not finish');
      };
      const created = await analyst.post('/api/v1/statistics/export-jobs', { kind: 'ctdc', year: 2025, format: 'csv' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ kind: 'ctdc', year: 2025, status: 'queued', progress: 0, step: 'queued' });
      const done = await waitDone(created.json().id);
      expect(done).toMatchObject({ status: 'done', progress: 100, step: 'done', rows: 13, fileName: 'ctdc-microdata-MAR-2025-k11.csv', kAnonymity: { k: 11, records: 13, released: 13, suppressed: 0 } });
      expect(Date.parse(done.expiresAt) - Date.parse(done.finishedAt)).toBe(7 * 86_400_000);
      const file = await analyst.get(`/api/v1/statistics/export-jobs/${done.id}/file`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-disposition']).toContain('ctdc-microdata-MAR-2025-k11.csv');
      expect(file.body).toBe((await analyst.get('/api/v1/statistics/exports/ctdc?year=2025')).body);
      const stored = await env.p.db.selectFrom('export_jobs').select('file_enc').where('id', '=', done.id).executeTakeFirstOrThrow();
      expect(Buffer.from(stored.file_enc!).toString('latin1')).not.toContain('PossibleVictimOfTrafficking');

      // XLSX GLOTIP as a job gives the same workbook as the direct export.
      const xlsx = await waitDone((await analyst.post('/api/v1/statistics/export-jobs', { kind: 'glotip', year: 2025, format: 'xlsx' })).json().id);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await analyst.get(`/api/v1/statistics/export-jobs/${xlsx.id}/file`)).rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['victims_by_sex_age', 'victims_by_form', 'victims_by_citizenship', 'notes']);
      expect((await analyst.get('/api/v1/statistics/export-jobs')).json().items.map((j: { id: string }) => j.id)).toEqual([xlsx.id, done.id]);

      // Bad requests are refused before anything is queued.
      const before = await env.p.db.selectFrom('export_jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect((await analyst.post('/api/v1/statistics/export-jobs', { kind: 'ctdc', year: 2025, format: 'xlsx' })).json().error.details.fields[0]).toMatchObject({ path: 'format', code: 'csv_only' });
      expect((await analyst.post('/api/v1/statistics/export-jobs', { kind: 'names', year: 2025 })).statusCode).toBe(400);
      expect((await worker.post('/api/v1/statistics/export-jobs', { kind: 'glotip', year: 2025 })).statusCode).toBe(403);
      const after = await env.p.db.selectFrom('export_jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));

      // Another analyst neither sees nor downloads it.
      const other = await userClient(env, env.orgs.c, ['commission_analyst']);
      expect((await other.get(`/api/v1/statistics/export-jobs/${done.id}`)).statusCode).toBe(404);
      expect((await other.get(`/api/v1/statistics/export-jobs/${done.id}/file`)).statusCode).toBe(404);
      expect((await other.get('/api/v1/statistics/export-jobs')).json().items).toEqual([]);

      // A job left running by a stopped server is queued again and finished by the every-minute job.
      const id = newId();
      const old = new Date(Date.now() - 3_600_000).toISOString();
      await env.p.db.insertInto('export_jobs').values({ id, kind: 'glotip_persons', year: 2025, format: 'csv', status: 'running', progress: 40, step: 'reading', requested_by: analyst.userId, requested_org_id: env.orgs.c, error: null, file_enc: null, file_name: null, content_type: null, summary: null, created_at: old, started_at: old, finished_at: null }).execute();
      expect((await analyst.get(`/api/v1/statistics/export-jobs/${id}/file`)).json().error).toMatchObject({ code: 'CONFLICT', details: { reason: 'export_not_ready', status: 'running' } });
      expect(await resumeExportJobs(env.p)).toBe(1);
      expect((await analyst.get(`/api/v1/statistics/export-jobs/${id}`)).json()).toMatchObject({ status: 'done', progress: 100 });
      expect(parseCsv((await analyst.get(`/api/v1/statistics/export-jobs/${id}/file`)).body)[0]).toEqual([...GLOTIP_PERSON_COLUMNS]);

      // After a week the files are erased; the jobs stay as a record.
      await resumeExportJobs(env.p, { now: new Date(Date.now() + 8 * 86_400_000) });
      expect((await analyst.get(`/api/v1/statistics/export-jobs/${done.id}`)).json()).toMatchObject({ status: 'expired', expiresAt: null });
      expect((await analyst.get(`/api/v1/statistics/export-jobs/${done.id}/file`)).statusCode).toBe(409);
      expect((await env.p.db.selectFrom('export_jobs').select('id').where('file_enc', 'is not', null).execute())).toEqual([]);

      const audit = await env.p.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'in', ['statistics.export', 'statistics.export_download']).execute();
      expect(audit.filter((a) => a.action === 'statistics.export' && JSON.parse(a.details).job === done.id)).toHaveLength(1);
      expect(audit.filter((a) => a.action === 'statistics.export_download').map((a) => JSON.parse(a.details).kind).sort()).toEqual(['ctdc', 'glotip', 'glotip_persons']);
    });
  });
}
