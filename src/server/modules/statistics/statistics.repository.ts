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
import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import type { TStatTableId } from '../../../contract/statistics';

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

/** The breakdowns that `breakdownCounts` computes, each with its case-side and anonymous-side column of the materialised sets. */
const GROUPED: readonly Exclude<TStatTableId, 'form'>[] = ['sexAge', 'nationality', 'citizenship', 'region', 'organisationType', 'channel', 'month'];

export const statisticsRepository = {
  /**
   * Every breakdown at once: rows (t = table id, k = key, s = identification status, or 'anonymous' for
   * the anonymous notifications, counted only for trafficking), in one statement. Same counts as
   * `caseCounts` and `anonymousCounts` table by table (tested against the same hand-computed fixtures).
   */
  async breakdownCounts(db: Q, period: Period, situation: string, forms: readonly string[]): Promise<(KeyStatusCount & { t: TStatTableId })[]> {
    for (const f of forms) if (!/^[a-z_]+$/.test(f)) throw new Error('taxonomy: unexpected code');
    const caseCols = GROUPED.map((t, i) => `${t === 'organisationType' ? `COALESCE(o.type, 'unknown')` : CASE_KEY[t]} AS k${i}`).join(',\n        ');
    const anonCols = GROUPED.map((t, i) => `${t === 'organisationType' ? `COALESCE(o.type, 'unknown')` : ANON_KEY[t]} AS k${i}`).join(',\n        ');
    const groups = (from: string, status: string) => GROUPED.map((t, i) => `SELECT '${t}' AS t, k${i} AS k, ${status} AS s, COUNT(*) AS n FROM ${from} GROUP BY k${i}${status === 's' ? ', s' : ''}`);
    const anonymous = situation === 'trafficking';
    const formValues = forms.map((f) => `('${f}')`).join(', ');
    const statement = sql<KeyStatusCount & { t: TStatTableId }>`WITH v AS MATERIALIZED (
      SELECT c.id AS id, c.identification_status AS s,
        ${sql.raw(caseCols)}
      FROM cases c JOIN persons p ON p.id = c.person_id LEFT JOIN organisations o ON o.id = COALESCE(c.identifying_org_id, c.managing_org_id)
      WHERE ${victimCases(period, situation)}
    ), an AS MATERIALIZED (
      SELECT a.exploitation_forms AS forms,
        ${sql.raw(anonCols)}
      FROM anonymous_notifications a LEFT JOIN organisations o ON o.id = a.organisation_id
      WHERE ${anonymous ? sql`a.identified_on >= ${period.from} AND a.identified_on <= ${period.to}` : sql`1 = 0`}
    ), fc(code) AS (VALUES ${sql.raw(formValues)})
    ${sql.raw(groups('v', 's').join('\n    UNION ALL '))}
    UNION ALL SELECT 'form' AS t, COALESCE(cf.form, 'not_specified') AS k, v.s AS s, COUNT(*) AS n FROM v LEFT JOIN case_forms cf ON cf.case_id = v.id GROUP BY COALESCE(cf.form, 'not_specified'), v.s
    UNION ALL ${sql.raw(groups('an', `'anonymous'`).join('\n    UNION ALL '))}
    UNION ALL SELECT 'form' AS t, fc.code AS k, 'anonymous' AS s, COUNT(*) AS n FROM an JOIN fc ON an.forms LIKE '%"' || fc.code || '"%' GROUP BY fc.code
    UNION ALL SELECT 'form' AS t, 'not_specified' AS k, 'anonymous' AS s, COUNT(*) AS n FROM an WHERE an.forms = '[]' HAVING COUNT(*) > 0`;
    return (await statement.execute(db)).rows.map((r) => ({ ...r, n: Number(r.n) }));
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

  /** The first and last years with data (index range scans). */
  async yearRange(db: Q): Promise<{ min: number | null; max: number | null }> {
    const r = (await sql<{ a: string | null; b: string | null; c: string | null; d: string | null }>`SELECT
      (SELECT MIN(identified_on) FROM cases) AS a, (SELECT MAX(identified_on) FROM cases) AS b,
      (SELECT MIN(identified_on) FROM anonymous_notifications) AS c, (SELECT MAX(identified_on) FROM anonymous_notifications) AS d`.execute(db)).rows[0];
    const years = [r?.a, r?.b, r?.c, r?.d].filter((v): v is string => !!v).map((v) => Number(v.slice(0, 4)));
    return years.length ? { min: Math.min(...years), max: Math.max(...years) } : { min: null, max: null };
  },

  /** One row per victim case of the year, for the k-anonymised microdata: no names, no dates of birth, no free text. */
  async microdata(db: Q, period: Period) {
    const rows = (await sql<{
      id: string; situation: string; status: string; sex: string; age: number | null; uncertain: number; nationality: string; region: string; channel: string; org_type: string | null; year: string;
    }>`SELECT c.id AS id, c.situation_type AS situation, c.identification_status AS status, p.sex AS sex,
        CASE WHEN p.approx_birth_year IS NULL THEN NULL ELSE ${sql.raw(AGE)} END AS age, p.age_uncertain AS uncertain,
        ${sql.raw(FIRST_NATIONALITY)} AS nationality, ${sql.raw(MAIN_REGION)} AS region, c.identification_channel AS channel,
        o.type AS org_type, substr(c.identified_on, 1, 4) AS year
      FROM cases c JOIN persons p ON p.id = c.person_id LEFT JOIN organisations o ON o.id = COALESCE(c.identifying_org_id, c.managing_org_id)
      WHERE c.identified_on >= ${period.from} AND c.identified_on <= ${period.to} AND c.identification_status IN ('presumed', 'identified')
      ORDER BY c.id`.execute(db)).rows;
    const forms = (await sql<{ id: string; form: string }>`SELECT cf.case_id AS id, cf.form AS form FROM case_forms cf JOIN cases c ON c.id = cf.case_id
      WHERE c.identified_on >= ${period.from} AND c.identified_on <= ${period.to} AND c.identification_status IN ('presumed', 'identified')`.execute(db)).rows;
    return { rows, forms };
  },
};

/** Victims by UNODC form category (national forms mapped in the taxonomy) and sex × age: one victim counts once per category. */
export async function unodcFormBySexAge(db: Q, period: Period, mapping: readonly { code: string; unodc: string }[]): Promise<{ f: string; k: string; n: number }[]> {
  for (const m of mapping) if (!/^[a-z_]+$/.test(m.code) || !/^[a-z_]+$/.test(m.unodc)) throw new Error('taxonomy: unexpected code');
  const whens = mapping.map((m) => `WHEN '${m.code}' THEN '${m.unodc}'`).join(' ');
  const cases = (await sql<{ f: string; k: string; n: number }>`SELECT CASE cf.form ${sql.raw(whens)} ELSE 'not_specified' END AS f, ${sql.raw(CASE_KEY.sexAge)} AS k, COUNT(DISTINCT c.id) AS n
    FROM cases c JOIN persons p ON p.id = c.person_id LEFT JOIN case_forms cf ON cf.case_id = c.id
    WHERE ${victimCases(period, 'trafficking')} GROUP BY 1, 2`.execute(db)).rows;
  const categories = [...new Set(mapping.map((m) => m.unodc))];
  const sums = categories
    .map((u, i) => `SUM(CASE WHEN ${mapping.filter((m) => m.unodc === u).map((m) => `a.exploitation_forms LIKE '%"${m.code}"%'`).join(' OR ')} THEN 1 ELSE 0 END) AS u${i}`)
    .join(', ');
  const anon = (await sql<Record<string, number | string | null>>`SELECT ${sql.raw(ANON_KEY.sexAge)} AS k, ${sql.raw(sums)}, SUM(CASE WHEN a.exploitation_forms = '[]' THEN 1 ELSE 0 END) AS none
    FROM anonymous_notifications a WHERE a.identified_on >= ${period.from} AND a.identified_on <= ${period.to} GROUP BY 1`.execute(db)).rows;
  const out = cases.map((r) => ({ f: r.f, k: r.k, n: Number(r.n) }));
  for (const r of anon) {
    categories.forEach((u, i) => out.push({ f: u, k: String(r.k), n: Number(r[`u${i}`] ?? 0) }));
    out.push({ f: 'not_specified', k: String(r.k), n: Number(r.none ?? 0) });
  }
  return out;
}
