/**
 * Grouped counts for the commission's statistics, the same SQL on SQLite and PostgreSQL, no per-case work
 * in JavaScript. Every breakdown of the year's victims comes from ONE statement (`breakdownCounts`): the
 * victims are read once into a materialised set of their breakdown keys (the cases, their person and
 * their main place through covering indexes, migration 2026-12-01T04-20), then grouped once per
 * breakdown; the anonymous notifications likewise. At 1,000,000 cases this is one index range scan
 * instead of one scan with per-case lookups per breakdown.
 *
 * These queries are the one deliberate exception to "every query on case data carries the need-to-know
 * predicate": they cover every organisation's cases, because national statistics must, and they return
 * counts only — never a case, a person or an identifier — and only to the statistics policy, after
 * disclosure control (statistics.service). The microdata query returns rows without names, dates of
 * birth or free text, for the k-anonymised export only.
 *
 * Conventions: the counting unit is the case (one trafficking situation; a person re-trafficked is
 * counted once per situation); the period is the year of `identified_on`; cases decided `not_victim` or
 * `withdrawn` are not victims and are left out. Age is the year of identification minus the birth year
 * (the exact date of birth is encrypted and never used here); an uncertain age counts as a child, as the
 * law presumes. Nationality: Moroccan when one nationality is Moroccan, else the first one listed
 * (nationalities are stored as JSON text of two-letter codes, so the first code is characters 3–4).
 */
import { sql, SqliteAdapter, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import type { TStatTableId } from '../../../contract/statistics';
import { TAXONOMY } from '../../../contract/reference';

type Q = Db | Tx;

const AGE = `CAST(substr(c.identified_on, 1, 4) AS integer) - p.approx_birth_year`;
const CHILD = `(p.age_uncertain = 1 OR (p.approx_birth_year IS NOT NULL AND ${AGE} < 18))`;
const FIRST_NATIONALITY = `CASE WHEN p.nationalities LIKE '%"MA"%' THEN 'MA' WHEN p.nationalities = '[]' THEN 'unknown' ELSE substr(p.nationalities, 3, 2) END`;
const MAIN_REGION = `COALESCE((SELECT CASE WHEN pl.country = 'MA' THEN COALESCE(pl.region_code, 'unknown') ELSE 'abroad' END
  FROM case_places pl WHERE pl.case_id = c.id AND pl.kind = 'exploitation' ORDER BY pl.position LIMIT 1), 'unknown')`;

/** Case-side expression of each breakdown key (constants only: safe as raw SQL, and GROUP BY 1 works on both databases). */
const CASE_KEY: Record<Exclude<TStatTableId, 'form' | 'organisationType'>, string> = {
  sexAge: `CASE WHEN p.sex NOT IN ('female', 'male') THEN 'unknown'
    WHEN ${CHILD} THEN CASE WHEN p.sex = 'female' THEN 'girls' ELSE 'boys' END
    WHEN p.approx_birth_year IS NULL THEN 'unknown'
    ELSE CASE WHEN p.sex = 'female' THEN 'women' ELSE 'men' END END`,
  nationality: `CASE WHEN p.nationalities LIKE '%"MA"%' THEN 'moroccan' WHEN p.nationalities = '[]' THEN 'unknown' ELSE 'foreign' END`,
  citizenship: FIRST_NATIONALITY,
  region: MAIN_REGION,
  channel: 'c.identification_channel',
  month: 'substr(c.identified_on, 1, 7)',
};

const ANON_KEY: Record<Exclude<TStatTableId, 'form' | 'organisationType'>, string> = {
  sexAge: `CASE WHEN a.sex NOT IN ('female', 'male') OR a.age_group = 'unknown' THEN 'unknown'
    WHEN a.age_group = 'child' THEN CASE WHEN a.sex = 'female' THEN 'girls' ELSE 'boys' END
    ELSE CASE WHEN a.sex = 'female' THEN 'women' ELSE 'men' END END`,
  nationality: `CASE WHEN a.nationality IS NULL THEN 'unknown' WHEN a.nationality = 'MA' THEN 'moroccan' ELSE 'foreign' END`,
  citizenship: `COALESCE(a.nationality, 'unknown')`,
  region: `COALESCE(a.region_code, 'unknown')`,
  channel: 'a.identification_channel',
  month: 'substr(a.identified_on, 1, 7)',
};

export type Period = { from: string; to: string };
export const yearPeriod = (year: number): Period => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** The year's victims (cases) of one situation, as every table counts them; also used by other modules' sources. */
export const victimCases = (period: Period, situation: string): RawBuilder<unknown> =>
  sql`c.identified_on >= ${period.from} AND c.identified_on <= ${period.to} AND c.situation_type = ${situation} AND c.identification_status IN ('presumed', 'identified')`;

type KeyStatusCount = { k: string | null; s: string; n: number };

/** Breakdowns with a known list of keys: counted as conditional sums in the one grouped pass. */
export type FixedKeyTable = 'sexAge' | 'nationality' | 'region' | 'channel' | 'month';
export const FIXED_KEY_TABLES: readonly FixedKeyTable[] = ['sexAge', 'nationality', 'region', 'channel', 'month'];

/** One group of `victimGroups`: status, citizenship and organisation, with the counts of each known key. */
export type VictimGroup = {
  s: 'presumed' | 'identified' | 'anonymous';
  citizenship: string | null;
  org: string | null;
  orgType: string | null;
  n: number;
  /** Per fixed-key table: the count of each key in order, then the count of any other key (expected 0). */
  fixed: Record<FixedKeyTable, number[]>;
  /** The count of each form in order, then the count without any form ('not_specified'), then of unknown forms (expected 0). */
  forms: number[];
};

const SAFE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * SQLite's planner takes the primary key's index for `p.id = ?` (unique on equality) over the covering
 * index that starts with the same column (it has no statistics to know that a prefix of it is unique too):
 * the hint makes the per-victim lookup read the small index entry, not the wide row. PostgreSQL plans it
 * itself (hash join or index-only scan).
 */
const personsIndex = (db: Q) => sql.raw(db.getExecutor().adapter instanceof SqliteAdapter ? 'persons p INDEXED BY persons_statistics_idx' : 'persons p');

export const statisticsRepository = {
  /**
   * Every breakdown of the year's victims in one statement and one sort. `ids` reads the victims from the
   * covering index (no case row) in case-id order, so that the lookups that follow (person, main place,
   * forms: ids are time-ordered and a person is registered with their case) walk their indexes in order
   * instead of at random; `v` holds each victim's keys and a bit mask of their forms (one index range per
   * victim); `g` groups them by status, citizenship and organisation (the keys without a fixed list) and
   * counts every other key with a conditional sum, so the rest is a sum over a few hundred groups. The
   * anonymous notifications (trafficking only) are grouped the same way, status 'anonymous'. Keys outside
   * the lists are counted in an "other" column: the service then recounts that table with `caseCounts`.
   */
  async victimGroups(db: Q, period: Period, situation: string, keys: Record<FixedKeyTable, readonly string[]>, forms: readonly string[]): Promise<VictimGroup[]> {
    for (const k of [...Object.values(keys).flat(), ...forms]) if (!SAFE_KEY.test(k)) throw new Error(`statistics: unexpected key ${k}`);
    if (forms.length > 50) throw new Error('statistics: too many forms for a bit mask');
    const sums = (expr: Record<FixedKeyTable, string>, formTest: (f: string, i: number) => string, noForm: string, unknownForm: string) => [
      ...FIXED_KEY_TABLES.flatMap((t, ti) => [
        ...keys[t].map((k, ki) => `SUM(CASE WHEN ${expr[t]} = '${k}' THEN 1 ELSE 0 END) AS f${ti}_${ki}`),
        `SUM(CASE WHEN ${expr[t]} IN (${keys[t].map((k) => `'${k}'`).join(', ')}) THEN 0 ELSE 1 END) AS f${ti}_x`,
      ]),
      ...forms.map((f, i) => `SUM(CASE WHEN ${formTest(f, i)} THEN 1 ELSE 0 END) AS m${i}`),
      `SUM(CASE WHEN ${noForm} THEN 1 ELSE 0 END) AS m_none`,
      `SUM(CASE WHEN ${unknownForm} THEN 1 ELSE 0 END) AS m_x`,
    ].join(',\n        ');
    const vCols: Record<FixedKeyTable, string> = { sexAge: 'v.sex_age', nationality: 'v.nationality', region: 'v.region', channel: 'v.channel', month: 'v.month' };
    const aCols: Record<FixedKeyTable, string> = { sexAge: 'an.sex_age', nationality: 'an.nationality', region: 'an.region', channel: 'an.channel', month: 'an.month' };
    const unknownBit = 2 ** forms.length;
    const maskCase = forms.map((f, i) => `WHEN '${f}' THEN ${2 ** i}`).join(' ');
    const anonymous = situation === 'trafficking';
    const statement = sql<Record<string, string | number | null>>`WITH ids AS MATERIALIZED (
      SELECT c.id AS id, c.person_id AS person_id, c.identification_status AS identification_status, c.identified_on AS identified_on,
        c.identification_channel AS identification_channel, COALESCE(c.identifying_org_id, c.managing_org_id) AS org
      FROM cases c WHERE ${victimCases(period, situation)} ORDER BY c.id
    ), v AS MATERIALIZED (
      SELECT c.identification_status AS s, c.org AS org,
        ${sql.raw(CASE_KEY.citizenship)} AS citizenship, ${sql.raw(CASE_KEY.sexAge)} AS sex_age, ${sql.raw(CASE_KEY.nationality)} AS nationality,
        ${sql.raw(CASE_KEY.region)} AS region, ${sql.raw(CASE_KEY.channel)} AS channel, ${sql.raw(CASE_KEY.month)} AS month,
        (SELECT SUM(CASE cf.form ${sql.raw(maskCase)} ELSE ${sql.raw(String(unknownBit))} END) FROM case_forms cf WHERE cf.case_id = c.id) AS forms
      FROM ids c JOIN ${personsIndex(db)} ON p.id = c.person_id
    ), an AS MATERIALIZED (
      SELECT a.organisation_id AS org, a.exploitation_forms AS forms,
        ${sql.raw(ANON_KEY.citizenship)} AS citizenship, ${sql.raw(ANON_KEY.sexAge)} AS sex_age, ${sql.raw(ANON_KEY.nationality)} AS nationality,
        ${sql.raw(ANON_KEY.region)} AS region, ${sql.raw(ANON_KEY.channel)} AS channel, ${sql.raw(ANON_KEY.month)} AS month
      FROM anonymous_notifications a
      WHERE ${anonymous ? sql`a.identified_on >= ${period.from} AND a.identified_on <= ${period.to}` : sql`1 = 0`}
    ), g AS (
      SELECT v.s AS s, v.citizenship AS citizenship, v.org AS org, COUNT(*) AS n,
        ${sql.raw(sums(vCols, (_, i) => `(v.forms / ${2 ** i}) % 2 = 1`, 'v.forms IS NULL', `v.forms >= ${unknownBit}`))}
      FROM v GROUP BY v.s, v.citizenship, v.org
      UNION ALL
      SELECT 'anonymous' AS s, an.citizenship AS citizenship, an.org AS org, COUNT(*) AS n,
        ${sql.raw(sums(aCols, (f) => `an.forms LIKE '%"${f}"%'`, `an.forms = '[]'`, '1 = 0'))}
      FROM an GROUP BY an.citizenship, an.org
    )
    SELECT g.*, o.type AS org_type FROM g LEFT JOIN organisations o ON o.id = g.org`;
    const num = (v: unknown) => Number(v ?? 0);
    return (await statement.execute(db)).rows.map((r): VictimGroup => ({
      s: r.s as VictimGroup['s'],
      citizenship: (r.citizenship as string | null) ?? null,
      org: (r.org as string | null) ?? null,
      orgType: (r.org_type as string | null) ?? null,
      n: num(r.n),
      fixed: Object.fromEntries(FIXED_KEY_TABLES.map((t, ti) => [t, [...keys[t].map((_, ki) => num(r[`f${ti}_${ki}`])), num(r[`f${ti}_x`])]])) as Record<FixedKeyTable, number[]>,
      forms: [...forms.map((_, i) => num(r[`m${i}`])), num(r.m_none), num(r.m_x)],
    }));
  },

  /** Victims (cases) of one situation by key and identification status. */
  async caseCounts(db: Q, table: TStatTableId, period: Period, situation: string): Promise<KeyStatusCount[]> {
    const where = victimCases(period, situation);
    if (table === 'form') {
      return (await sql<KeyStatusCount>`SELECT COALESCE(cf.form, 'not_specified') AS k, c.identification_status AS s, COUNT(*) AS n
        FROM cases c LEFT JOIN case_forms cf ON cf.case_id = c.id WHERE ${where} GROUP BY 1, 2`.execute(db)).rows;
    }
    if (table === 'organisationType') {
      return (await sql<KeyStatusCount>`SELECT COALESCE(o.type, 'unknown') AS k, c.identification_status AS s, COUNT(*) AS n
        FROM cases c LEFT JOIN organisations o ON o.id = COALESCE(c.identifying_org_id, c.managing_org_id) WHERE ${where} GROUP BY 1, 2`.execute(db)).rows;
    }
    const needsPerson = table === 'sexAge' || table === 'nationality' || table === 'citizenship';
    const from = needsPerson ? sql`cases c JOIN persons p ON p.id = c.person_id` : sql`cases c`;
    return (await sql<KeyStatusCount>`SELECT ${sql.raw(CASE_KEY[table])} AS k, c.identification_status AS s, COUNT(*) AS n
      FROM ${from} WHERE ${where} GROUP BY 1, 2`.execute(db)).rows;
  },

  /** Anonymous notifications (adults who did not consent to a referral) by key. */
  async anonymousCounts(db: Q, table: TStatTableId, period: Period, forms: readonly string[]): Promise<{ k: string | null; n: number }[]> {
    const where = sql`a.identified_on >= ${period.from} AND a.identified_on <= ${period.to}`;
    if (table === 'form') {
      // Forms are a JSON list per notification: one conditional sum per form, in one pass.
      const sums = forms.map((f, i) => `SUM(CASE WHEN a.exploitation_forms LIKE '%"${f}"%' THEN 1 ELSE 0 END) AS f${i}`).join(', ');
      const row = (await sql<Record<string, number | null>>`SELECT ${sql.raw(sums)}, SUM(CASE WHEN a.exploitation_forms = '[]' THEN 1 ELSE 0 END) AS none
        FROM anonymous_notifications a WHERE ${where}`.execute(db)).rows[0] ?? {};
      return [...forms.map((f, i) => ({ k: f, n: Number(row[`f${i}`] ?? 0) })), { k: 'not_specified', n: Number(row.none ?? 0) }];
    }
    if (table === 'organisationType') {
      return (await sql<{ k: string | null; n: number }>`SELECT COALESCE(o.type, 'unknown') AS k, COUNT(*) AS n
        FROM anonymous_notifications a LEFT JOIN organisations o ON o.id = a.organisation_id WHERE ${where} GROUP BY 1`.execute(db)).rows;
    }
    return (await sql<{ k: string | null; n: number }>`SELECT ${sql.raw(ANON_KEY[table])} AS k, COUNT(*) AS n
      FROM anonymous_notifications a WHERE ${where} GROUP BY 1`.execute(db)).rows;
  },

  /** Victims by situation and status, and the anonymous notifications, for the headline figures. */
  async situationCounts(db: Q, period: Period) {
    const cases = (await sql<{ k: string; s: string; n: number }>`SELECT c.situation_type AS k, c.identification_status AS s, COUNT(*) AS n FROM cases c
      WHERE c.identified_on >= ${period.from} AND c.identified_on <= ${period.to} AND c.identification_status IN ('presumed', 'identified') GROUP BY 1, 2`.execute(db)).rows;
    const anon = (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM anonymous_notifications a WHERE a.identified_on >= ${period.from} AND a.identified_on <= ${period.to}`.execute(db)).rows[0];
    return { cases, anonymous: Number(anon?.n ?? 0) };
  },

  /** The years between `from` and `to` with at least one victim or anonymous notification (one index probe per year). */
  async yearsWithData(db: Q, from: number, to: number): Promise<number[]> {
    const years: number[] = [];
    for (let y = from; y <= to; y++) years.push(y);
    if (years.length === 0) return [];
    const probes = years.map((y) => sql`SELECT ${sql.raw(String(y))} AS y WHERE EXISTS (SELECT 1 FROM cases c WHERE c.identified_on >= ${`${y}-01-01`} AND c.identified_on <= ${`${y}-12-31`} AND c.identification_status IN ('presumed', 'identified'))
      OR EXISTS (SELECT 1 FROM anonymous_notifications a WHERE a.identified_on >= ${`${y}-01-01`} AND a.identified_on <= ${`${y}-12-31`})`);
    const rows = (await sql<{ y: number | string }>`${sql.join(probes, sql` UNION ALL `)}`.execute(db)).rows;
    return rows.map((r) => Number(r.y)).sort((a, b) => a - b);
  },

  /** The first and last years with data (index range scans). */
  async yearRange(db: Q): Promise<{ min: number | null; max: number | null }> {
    const r = (await sql<{ a: string | null; b: string | null; c: string | null; d: string | null }>`SELECT
      (SELECT MIN(identified_on) FROM cases) AS a, (SELECT MAX(identified_on) FROM cases) AS b,
      (SELECT MIN(identified_on) FROM anonymous_notifications) AS c, (SELECT MAX(identified_on) FROM anonymous_notifications) AS d`.execute(db)).rows[0];
    const years = [r?.a, r?.b, r?.c, r?.d].filter((v): v is string => !!v).map((v) => Number(v.slice(0, 4)));
    return years.length ? { min: Math.min(...years), max: Math.max(...years) } : { min: null, max: null };
  },

  /**
   * One row per victim case of the year, for the k-anonymised microdata: no names, no dates of birth, no
   * free text; and the forms of those cases. The victims come from the covering index (one range per
   * situation type of the taxonomy) in case-id order, and their person, main place and forms are looked up
   * in that order (see `victimGroups`). Should a case carry a situation type outside the taxonomy, the
   * plain query (every situation at once) is used instead, so no victim is ever left out.
   */
  async microdata(db: Q, period: Period) {
    const situations = TAXONOMY.situationTypes.map((t) => t.code);
    for (const code of situations) if (!SAFE_KEY.test(code)) throw new Error('taxonomy: unexpected code');
    const list = sql.raw(situations.map((code) => `'${code}'`).join(', '));
    const inPeriod = sql`c.identified_on >= ${period.from} AND c.identified_on <= ${period.to} AND c.identification_status IN ('presumed', 'identified')`;
    const [{ n: outside } = { n: 0 }] = (await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM cases c WHERE ${inPeriod} AND c.situation_type NOT IN (${list})`.execute(db)).rows;
    const ids = Number(outside) === 0
      ? sql`SELECT c.id AS id, c.person_id AS person_id, c.situation_type AS situation_type, c.identification_status AS identification_status, c.identified_on AS identified_on,
          c.identification_channel AS identification_channel, COALESCE(c.identifying_org_id, c.managing_org_id) AS org
        FROM cases c WHERE c.situation_type IN (${list}) AND ${inPeriod} ORDER BY c.id`
      : sql`SELECT c.id AS id, c.person_id AS person_id, c.situation_type AS situation_type, c.identification_status AS identification_status, c.identified_on AS identified_on,
          c.identification_channel AS identification_channel, COALESCE(c.identifying_org_id, c.managing_org_id) AS org
        FROM cases c WHERE ${inPeriod} ORDER BY c.id`;
    const rows = (await sql<{
      id: string; situation: string; status: string; sex: string; age: number | null; uncertain: number; nationality: string; region: string; channel: string; org_type: string | null; year: string;
    }>`WITH ids AS MATERIALIZED (${ids})
      SELECT c.id AS id, c.situation_type AS situation, c.identification_status AS status, p.sex AS sex,
        CASE WHEN p.approx_birth_year IS NULL THEN NULL ELSE ${sql.raw(AGE)} END AS age, p.age_uncertain AS uncertain,
        ${sql.raw(FIRST_NATIONALITY)} AS nationality, ${sql.raw(MAIN_REGION)} AS region, c.identification_channel AS channel,
        o.type AS org_type, substr(c.identified_on, 1, 4) AS year
      FROM ids c JOIN ${personsIndex(db)} ON p.id = c.person_id LEFT JOIN organisations o ON o.id = c.org
      ORDER BY c.id`.execute(db)).rows;
    const forms = (await sql<{ id: string; form: string }>`WITH ids AS MATERIALIZED (${ids})
      SELECT cf.case_id AS id, cf.form AS form FROM ids c JOIN case_forms cf ON cf.case_id = c.id`.execute(db)).rows;
    return { rows, forms };
  },
};

/**
 * Victims by UNODC category and sex × age, each victim once: the category of their national forms (taxonomy
 * `unodc`), 'mixed' when their forms fall in several categories, 'not_specified' without a form. Cases and
 * anonymous notifications (trafficking) together, as GLOTIP counts detected victims.
 */
export async function unodcBySexAge(db: Q, period: Period, mapping: readonly { code: string; unodc: string }[]): Promise<{ f: string; k: string; n: number }[]> {
  for (const m of mapping) if (!SAFE_KEY.test(m.code) || !SAFE_KEY.test(m.unodc)) throw new Error('taxonomy: unexpected code');
  const category = `CASE cf.form ${mapping.map((m) => `WHEN '${m.code}' THEN '${m.unodc}'`).join(' ')} ELSE 'other' END`;
  const cases = (await sql<{ f: string; k: string; n: number | string }>`SELECT x.f AS f, x.k AS k, COUNT(*) AS n FROM (
      SELECT c.id AS id, ${sql.raw(CASE_KEY.sexAge)} AS k,
        CASE WHEN COUNT(cf.form) = 0 THEN 'not_specified' WHEN COUNT(DISTINCT ${sql.raw(category)}) > 1 THEN 'mixed' ELSE MIN(${sql.raw(category)}) END AS f
      FROM cases c JOIN persons p ON p.id = c.person_id LEFT JOIN case_forms cf ON cf.case_id = c.id
      WHERE ${victimCases(period, 'trafficking')} GROUP BY c.id, 2
    ) x GROUP BY x.f, x.k`.execute(db)).rows;
  const categories = [...new Set(mapping.map((m) => m.unodc))];
  const has = categories.map((u) => `(CASE WHEN ${mapping.filter((m) => m.unodc === u).map((m) => `a.exploitation_forms LIKE '%"${m.code}"%'`).join(' OR ')} THEN 1 ELSE 0 END)`);
  const count = has.join(' + ');
  const which = categories.map((u, i) => `WHEN ${has[i]} = 1 THEN '${u}'`).join(' ');
  const anon = (await sql<{ f: string; k: string; n: number | string }>`SELECT x.f AS f, x.k AS k, COUNT(*) AS n FROM (
      SELECT ${sql.raw(ANON_KEY.sexAge)} AS k,
        CASE WHEN ${sql.raw(count)} = 0 THEN 'not_specified' WHEN ${sql.raw(count)} > 1 THEN 'mixed' ${sql.raw(which)} END AS f
      FROM anonymous_notifications a WHERE a.identified_on >= ${period.from} AND a.identified_on <= ${period.to}
    ) x GROUP BY x.f, x.k`.execute(db)).rows;
  return [...cases, ...anon].map((r) => ({ f: r.f, k: r.k, n: Number(r.n) }));
}

/** Victims (cases) with at least one form of each group (grouped rows of the national report), by status. */
export async function formGroupCounts(db: Q, period: Period, situation: string, groups: readonly { code: string; forms: readonly string[] }[]): Promise<Map<string, [number, number, number]>> {
  const out = new Map<string, [number, number, number]>(groups.map((g) => [g.code, [0, 0, 0]]));
  for (const g of groups) {
    for (const f of g.forms) if (!SAFE_KEY.test(f)) throw new Error('taxonomy: unexpected code');
    const list = sql.raw(g.forms.map((f) => `'${f}'`).join(', '));
    const rows = (await sql<{ s: string; n: number | string }>`SELECT c.identification_status AS s, COUNT(*) AS n FROM cases c
      WHERE ${victimCases(period, situation)} AND EXISTS (SELECT 1 FROM case_forms cf WHERE cf.case_id = c.id AND cf.form IN (${list})) GROUP BY 1`.execute(db)).rows;
    const counts = out.get(g.code)!;
    for (const r of rows) counts[r.s === 'identified' ? 1 : 0] += Number(r.n);
    if (situation === 'trafficking') {
      const like = sql.raw(g.forms.map((f) => `a.exploitation_forms LIKE '%"${f}"%'`).join(' OR '));
      const [a] = (await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM anonymous_notifications a
        WHERE a.identified_on >= ${period.from} AND a.identified_on <= ${period.to} AND (${like})`.execute(db)).rows;
      counts[2] = Number(a?.n ?? 0);
    }
  }
  return out;
}
