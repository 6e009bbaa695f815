/**
 * The commission's figures from the operational data, the same SQL on SQLite and PostgreSQL. The expressions
 * below say how a victim record falls in each breakdown; statistics.facts uses them to keep the counts up to
 * date as records change (the dashboard reads those counts), and the k-anonymised microdata export reads
 * its rows with them here.
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
import { sql, SqliteAdapter } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import type { TStatTableId } from '../../../contract/statistics';
import { TAXONOMY } from '../../../contract/reference';
import { duplicatesIn } from './statistics.persons';

type Q = Db | Tx;

const AGE = `CAST(substr(c.identified_on, 1, 4) AS integer) - p.approx_birth_year`;
const CHILD = `(p.age_uncertain = 1 OR (p.approx_birth_year IS NOT NULL AND ${AGE} < 18))`;
const FIRST_NATIONALITY = `CASE WHEN p.nationalities LIKE '%"MA"%' THEN 'MA' WHEN p.nationalities = '[]' THEN 'unknown' ELSE substr(p.nationalities, 3, 2) END`;
const MAIN_REGION = `COALESCE((SELECT CASE WHEN pl.country = 'MA' THEN COALESCE(pl.region_code, 'unknown') ELSE 'abroad' END
  FROM case_places pl WHERE pl.case_id = c.id AND pl.kind = 'exploitation' ORDER BY pl.position LIMIT 1), 'unknown')`;

/** Case-side expression of each breakdown key (constants only: safe as raw SQL, and GROUP BY 1 works on both databases). */
export const CASE_KEY: Record<Exclude<TStatTableId, 'form' | 'organisationType'>, string> = {
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

export const ANON_KEY: Record<Exclude<TStatTableId, 'form' | 'organisationType'>, string> = {
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

const SAFE_KEY = /^[A-Za-z0-9_-]+$/;
export const yearPeriod = (year: number): Period => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/**
 * SQLite's planner takes the primary key's index for `p.id = ?` (unique on equality) over the covering
 * index that starts with the same column (it has no statistics to know that a prefix of it is unique too):
 * the hint makes the per-victim lookup read the small index entry, not the wide row. PostgreSQL plans it
 * itself (hash join or index-only scan).
 */
const personsIndex = (db: Q) => sql.raw(db.getExecutor().adapter instanceof SqliteAdapter ? 'persons p INDEXED BY persons_statistics_idx' : 'persons p');

export const statisticsRepository = {
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
    // One person, counted once: the linked records of a person that repeat the record counted (statistics.persons)
    // are left out, as from the counts.
    const duplicates = await duplicatesIn(db, period.from, period.to);
    if (duplicates.size) return { rows: rows.filter((r) => !duplicates.has(r.id)), forms: forms.filter((f) => !duplicates.has(f.id)) };
    return { rows, forms };
  },
};
