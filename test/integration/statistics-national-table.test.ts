/**
 * A national table rebuilt from individual records, cell by cell. A world of victims with known marginals
 * (sex × age, national forms, nationality, region, channel, month) is recorded through the API, identified by the
 * competent authority through the API; an oracle in this file counts every table by hand from the world's
 * description, and every figure of the dashboard (the national categories of law 27-14 with their grouped
 * "sexual exploitation" row, UNODC's categories, every breakdown) and of the GLOTIP export must be that count or
 * suppressed, the suppressed ones being exactly the listed ones. Then undecided cases, smuggling cases and cases
 * recorded late are added: only the figures they belong to may move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';
import type { TStatistics } from '../../src/contract/statistics';

type Sex = 'female' | 'male';
type Group = {
  n: number; sex: Sex; birth?: string; estimatedAge?: number; nat: string; forms: string[]; region: string; channel: string; on: string;
  status: 'presumed' | 'identified'; situation?: 'trafficking' | 'smuggling';
};
type Anonymous = { n: number; sex: Sex; nat: string; forms: string[]; region: string; channel: string; on: string };

const BASE: Group[] = [
  { n: 10, sex: 'female', birth: '1990-01-20', nat: 'MA', forms: ['sexual_prostitution'], region: 'MA-06', channel: 'police_operation', on: '2025-03-10', status: 'identified' },
  { n: 6, sex: 'male', birth: '1985-07-01', nat: 'SN', forms: ['forced_labour'], region: 'MA-01', channel: 'labour_inspection', on: '2025-06-15', status: 'identified' },
  { n: 5, sex: 'female', birth: '2012-05-01', nat: 'MA', forms: ['forced_begging'], region: 'MA-06', channel: 'ngo_outreach', on: '2025-06-20', status: 'identified' },
  // Sexual exploitation and servitude: two UNODC categories, so "mixed" there; under both national forms here.
  { n: 5, sex: 'female', birth: '1995-02-02', nat: 'NG', forms: ['sexual_pornography', 'servitude'], region: 'MA-01', channel: 'police_operation', on: '2025-09-05', status: 'identified' },
  // Practices similar to slavery: a national form of its own, forced labour for UNODC.
  { n: 5, sex: 'male', birth: '2010-04-04', nat: 'MA', forms: ['slavery_practices'], region: 'MA-04', channel: 'labour_inspection', on: '2025-09-12', status: 'identified' },
  // One man forced into crime: a figure of 1, to be suppressed with what would reveal it.
  { n: 1, sex: 'male', birth: '1985-07-01', nat: 'SN', forms: ['forced_criminality'], region: 'MA-01', channel: 'labour_inspection', on: '2025-06-15', status: 'identified' },
];
const ANONYMOUS: Anonymous[] = [{ n: 5, sex: 'female', nat: 'NG', forms: ['forced_labour'], region: 'MA-06', channel: 'hotline', on: '2025-10-01' }];
const ADDED: Group[] = [
  // Undecided: the presumed column only.
  { n: 5, sex: 'female', birth: '1990-01-20', nat: 'MA', forms: ['sexual_prostitution'], region: 'MA-06', channel: 'police_operation', on: '2025-03-10', status: 'presumed' },
  // Smuggled, not exploited: counted apart, never in the trafficking tables.
  { n: 5, sex: 'male', birth: '1995-02-02', nat: 'GN', forms: [], region: 'MA-02', channel: 'border_control', on: '2025-08-01', status: 'presumed', situation: 'smuggling' },
  // Recorded late (today) with an estimated age of 19 on the day they were identified in 2025: men, not boys.
  { n: 5, sex: 'male', estimatedAge: 19, nat: 'NG', forms: ['forced_labour'], region: 'MA-06', channel: 'police_operation', on: '2025-02-01', status: 'presumed' },
  // Recorded late for the year before: 2024's figures, not 2025's.
  { n: 5, sex: 'female', birth: '1990-01-20', nat: 'MA', forms: ['sexual_prostitution'], region: 'MA-06', channel: 'police_operation', on: '2024-12-20', status: 'identified' },
];

const SEX_AGE = ['women', 'men', 'girls', 'boys', 'unknown'] as const;
const SEXUAL = ['sexual_prostitution', 'sexual_pornography', 'sexual_other'];
const UNODC: Record<string, string> = {
  sexual_prostitution: 'sexual_exploitation', sexual_pornography: 'sexual_exploitation', forced_labour: 'forced_labour', servitude: 'forced_labour',
  slavery_practices: 'forced_labour', forced_begging: 'begging', forced_criminality: 'forced_criminality',
};

function ageOn(g: Group): number {
  if (g.estimatedAge !== undefined) return g.estimatedAge;
  const [by, bm, bd] = g.birth!.split('-').map(Number) as [number, number, number];
  const [y, m, d] = g.on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
const sexAge = (sex: Sex, child: boolean) => (sex === 'female' ? (child ? 'girls' : 'women') : child ? 'boys' : 'men');

/** Every table of one year's trafficking figures, counted by hand: table → row → [presumed, identified, anonymous]. */
function tally(groups: Group[], anonymous: Anonymous[], year: number) {
  const tables = new Map<string, Map<string, number[]>>();
  const add = (table: string, key: string, col: number, n: number, width = 3) => {
    const t = tables.get(table) ?? tables.set(table, new Map()).get(table)!;
    const row = t.get(key) ?? t.set(key, Array(width).fill(0)).get(key)!;
    row[col] = row[col]! + n;
  };
  const count = (v: { n: number; nat: string; forms: string[]; region: string; channel: string; on: string }, col: number, sa: string) => {
    add('sexAge', sa, col, v.n);
    add('nationality', v.nat === 'MA' ? 'moroccan' : 'foreign', col, v.n);
    add('citizenship', v.nat, col, v.n);
    for (const f of v.forms) add('form', f, col, v.n);
    if (v.forms.some((f) => SEXUAL.includes(f))) add('form', 'sexual_exploitation', col, v.n);
    add('region', v.region, col, v.n);
    add('organisationType', 'ngo', col, v.n);
    add('channel', v.channel, col, v.n);
    add('month', v.on.slice(0, 7), col, v.n);
    const categories = [...new Set(v.forms.map((f) => UNODC[f]!))];
    // No one in this world is referred: every victim is in the referral tables' "not referred" rows.
    add('referrals.services', 'no_service', col, v.n);
    add('referrals.time_to_referral', 'not_referred', col, v.n);
    add('referrals.time_to_service', 'not_referred', col, v.n);
    add('unodcForm', categories.length === 0 ? 'not_specified' : categories.length > 1 ? 'mixed' : categories[0]!, SEX_AGE.indexOf(sa as (typeof SEX_AGE)[number]), v.n, 5);
  };
  for (const g of groups) {
    if ((g.situation ?? 'trafficking') !== 'trafficking' || !g.on.startsWith(String(year))) continue;
    count(g, g.status === 'presumed' ? 0 : 1, sexAge(g.sex, ageOn(g) < 18));
  }
  for (const a of anonymous) if (a.on.startsWith(String(year))) count(a, 2, sexAge(a.sex, false));
  return tables;
}

type Table = TStatistics['tables'][number];

/**
 * Checks each figure of each table against the hand count: a released figure must be it, a suppressed one is
 * listed as `table:row:column` ('*' for totals). Returns the suppressed ones.
 */
function compare(s: TStatistics, expected: Map<string, Map<string, number[]>>): string[] {
  const hidden: string[] = [];
  // Every table of the dashboard is counted by hand: a table added later must be added here.
  expect(s.tables.map((t) => t.id).sort()).toEqual([...expected.keys()].sort());
  const check = (where: string, released: number | null, value: number) => {
    if (released === null) hidden.push(where);
    else expect(released, where).toBe(value);
  };
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  for (const [id, rows] of expected) {
    const t = s.tables.find((x) => x.id === id) as Table;
    expect(t, id).toBeDefined();
    // Every row with a victim is in the table (fixed lists keep their zero rows).
    expect(t.rows.map((r) => r.key), id).toEqual(expect.arrayContaining([...rows.keys()]));
    for (const r of t.rows) {
      const want = rows.get(r.key) ?? Array(t.columns.length).fill(0);
      r.cells.forEach((v, i) => check(`${id}:${r.key}:${t.columns[i]}`, v, want[i]!));
      check(`${id}:${r.key}:*`, r.total, sum(want));
    }
    if (t.columnTotals) t.columnTotals.forEach((v, i) => check(`${id}:*:${t.columns[i]}`, v, sum([...rows.values()].map((r) => r[i]!))));
    if (t.additive) check(`${id}:*:*`, t.total, sum([...rows.values()].map(sum)));
  }
  return hidden;
}

function parseCsv(body: string): string[][] {
  return body.slice(1).split('\r\n').filter(Boolean).map((l) => l.split(','));
}
const ALPHA3: Record<string, string> = { MA: 'MAR', NG: 'NGA', SN: 'SEN' };

/** The GLOTIP file holds the dashboard's protected figures and nothing else ('c' where it hides one). */
function expectGlotipMatches(csv: string, s: TStatistics, year: number) {
  const [, ...rows] = parseCsv(csv);
  const shown = (v: number | null) => (v === null ? 'c' : String(v));
  const table = (id: string) => s.tables.find((t) => t.id === id)!;
  const want: string[][] = [];
  const sa = table('sexAge');
  want.push(['MAR', String(year), 'detected_victims_by_sex_age', 'all', ...SEX_AGE.map((k) => shown(sa.rows.find((r) => r.key === k)!.total)), shown(sa.total)]);
  for (const r of table('unodcForm').rows) want.push(['MAR', String(year), 'detected_victims_by_form', r.key, ...r.cells.map(shown), shown(r.total)]);
  want.push(['MAR', String(year), 'detected_victims_by_form', 'forced_marriage', '', '', '', '', '', '']);
  for (const r of table('citizenship').rows) want.push(['MAR', String(year), 'detected_victims_by_citizenship', ALPHA3[r.key] ?? r.key, '', '', '', '', '', shown(r.total)]);
  expect(rows).toEqual(want);
}

for (const dialect of DIALECTS) {
  describe(`a national table rebuilt from individual records [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    let analyst: Client;
    let prosecutor: Client;
    let prosecution: string;

    async function record(groups: Group[]) {
      for (const g of groups) {
        for (let i = 0; i < g.n; i++) {
          const r = await worker.post('/api/v1/cases', caseBody({
            person: { sex: g.sex, dateOfBirth: g.birth, estimatedAge: g.estimatedAge, nationalities: [g.nat] },
            situationType: g.situation ?? 'trafficking', exploitationForms: g.forms,
            places: [{ kind: g.situation === 'smuggling' ? 'transit' : 'exploitation', country: 'MA', regionCode: g.region }],
            identificationChannel: g.channel, identifiedOn: g.on,
          }));
          expect(r.statusCode, r.body).toBe(201);
          if (g.status !== 'identified') continue;
          const id = r.json().id as string;
          const v = (await worker.get(`/api/v1/cases/${id}/identification`)).json().identificationVersion;
          expect((await worker.post(`/api/v1/cases/${id}/identification/request`, { identificationVersion: v, decidingOrganisationId: prosecution })).statusCode).toBe(200);
          const s = (await prosecutor.get(`/api/v1/cases/${id}/identification`)).json();
          const d = await prosecutor.post(`/api/v1/cases/${id}/identification/decisions`, { identificationVersion: s.identificationVersion, status: 'identified', reasons: 'Indicators of the national table world.', evidence: ['interview'] });
          expect(d.statusCode, d.body).toBe(200);
        }
      }
    }
    async function recordAnonymous(list: Anonymous[]) {
      for (const a of list) {
        for (let i = 0; i < a.n; i++) {
          const r = await worker.post('/api/v1/anonymous-notifications', { sex: a.sex, ageGroup: 'adult', nationality: a.nat, exploitationForms: a.forms, regionCode: a.region, identifiedOn: a.on, identificationChannel: a.channel });
          expect(r.statusCode, r.body).toBe(201);
        }
      }
    }
    const dashboard = async (year: number, situation = 'trafficking'): Promise<TStatistics> => {
      const r = await analyst.get(`/api/v1/statistics?year=${year}&situation=${situation}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const glotip = async (year: number) => {
      const r = await analyst.get(`/api/v1/statistics/exports/glotip?year=${year}&format=csv`);
      expect(r.statusCode).toBe(200);
      return r.body;
    };

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      prosecution = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: prosecution, name: 'Parquet (national table)', type: 'prosecution', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      analyst = await userClient(env, env.orgs.c, ['commission_analyst']);
      prosecutor = await userClient(env, prosecution, ['justice_liaison']);
      await record(BASE);
      await recordAnonymous(ANONYMOUS);
    }, 120_000);
    afterAll(() => env.close());

    // What the one man forced into crime takes with him: his own figures, and in each line that holds them one
    // more figure, so that no sum released anywhere in the release gives them back.
    const BASE_HIDDEN = [
      'form:forced_criminality:identified', 'form:forced_criminality:*',
      'unodcForm:forced_labour:men', 'unodcForm:forced_labour:*', 'unodcForm:forced_criminality:men', 'unodcForm:forced_criminality:*',
    ];

    let base: TStatistics;
    it('every figure of the dashboard is the hand count or suppressed, and only the figures that must be are', async () => {
      base = await dashboard(2025);
      expect(base.headline).toEqual({ cells: [0, 32, 5], total: 37 });
      expect(base.situations).toEqual({ trafficking: 37, smuggling: 0, total: 37 });
      const hidden = compare(base, tally(BASE, ANONYMOUS, 2025));
      expect(hidden.sort()).toEqual([...BASE_HIDDEN].sort());
      // The national categories read back: law 27-14's grouped row, then each form, slavery apart from servitude.
      const form = base.tables.find((t) => t.id === 'form')!;
      expect(form.rows.slice(0, 4).map((r) => r.key)).toEqual(['sexual_exploitation', 'sexual_prostitution', 'sexual_pornography', 'sexual_other']);
      expect(form.rows.find((r) => r.key === 'slavery_practices')!.cells).toEqual([0, 5, 0]);
      expect(form.rows.find((r) => r.key === 'servitude')!.cells).toEqual([0, 5, 0]);
      // Forced marriage: no national form maps to it, so it is not available, not zero.
      expect(base.notAvailable.unodcForm).toEqual(['forced_marriage']);
    });

    it('the GLOTIP export holds the same protected figures, in UNODC categories and alpha-3 codes', async () => {
      expectGlotipMatches(await glotip(2025), base, 2025);
    });

    it('undecided, smuggling and late-recorded cases move only the figures they belong to', async () => {
      await record(ADDED);
      const after = await dashboard(2025);
      // 10 more presumed victims (5 undecided women, 5 men recorded late), the same identified and anonymous.
      expect(after.headline).toEqual({ cells: [10, 32, 5], total: 47 });
      expect(after.situations).toEqual({ trafficking: 47, smuggling: 5, total: 52 });
      const hidden = compare(after, tally([...BASE, ...ADDED], ANONYMOUS, 2025));
      // The presumed figures are all 0, 5 or 10: the same single figure to protect, nothing more.
      expect(hidden.sort()).toEqual([...BASE_HIDDEN].sort());
      // The identified and anonymous columns of every table are exactly what they were.
      for (const t of base.tables) {
        const u = after.tables.find((x) => x.id === t.id)!;
        for (const r of t.rows) {
          if (!t.columns.includes('identified')) continue;
          const v = u.rows.find((x) => x.key === r.key)!;
          expect(v.cells.slice(1), `${t.id}:${r.key}`).toEqual(r.cells.slice(1));
        }
      }
      // The men estimated at 19 on the day they were identified are men, not boys.
      const sa = after.tables.find((t) => t.id === 'sexAge')!;
      expect(sa.rows.find((r) => r.key === 'men')!.cells).toEqual([5, 7, 0]);
      expect(sa.rows.find((r) => r.key === 'boys')!.cells).toEqual([0, 5, 0]);
      expectGlotipMatches(await glotip(2025), after, 2025);

      // The smuggled persons, apart.
      const smuggling = await dashboard(2025, 'smuggling');
      expect(smuggling.headline).toEqual({ cells: [5, 0, 0], total: 5 });
      expect(smuggling.tables.find((t) => t.id === 'citizenship')!.rows).toEqual([{ key: 'GN', cells: [5, 0, 0], total: 5 }]);

      // The case identified in 2024 and recorded today is 2024's.
      const y2024 = await dashboard(2024);
      expect(y2024.headline).toEqual({ cells: [0, 5, 0], total: 5 });
      expect(compare(y2024, tally(ADDED, [], 2024))).toEqual([]);
      expect(after.years).toEqual(expect.arrayContaining([2024, 2025]));
    }, 120_000);
  });
}
