/**
 * Counting each person once (issue 15), shared by the counts (statistics.facts) and the microdata
 * (statistics.repository): which victim cases repeat another linked record of the same person.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import { componentsOf } from '../matching/matching.repository';

/** A victim case as the rule needs it. */
export type VictimCase = { id: string; person_id: string; situation: string; identified_on: string };
const SEP = '\u0001';

/**
 * One person, counted once (issue 15): when organisations' records of the same person are joined by accepted links
 * (matching.repository `componentsOf`), the group's victim cases of one year and situation type are counted on one
 * record only — the person record whose first such case was identified first (ties: the smaller person id) keeps
 * all its cases (a new situation of the same record is re-trafficking, counted again); the other records' cases of
 * that year and situation are duplicates and add nothing. Returns the duplicate case ids among `rows`.
 */
export async function linkedDuplicates(trx: Db | Tx, rows: readonly VictimCase[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (rows.length === 0) return out;
  const groups = await componentsOf(trx, [...new Set(rows.map((r) => r.person_id))]);
  const linked = [...new Set(rows.filter((r) => (groups.get(r.person_id)?.length ?? 1) > 1).flatMap((r) => groups.get(r.person_id)!))];
  if (linked.length === 0) return out;
  const victims = await trx.selectFrom('cases').select(['id', 'person_id', 'situation_type', 'identified_on'])
    .where('person_id', 'in', linked).where('identification_status', 'in', ['presumed', 'identified']).where('identified_on', 'is not', null).execute();
  // The first identification of each (group, year, situation) by each person record.
  const groupOf = (personId: string) => groups.get(personId)!.reduce((a, b) => (b < a ? b : a));
  const first = new Map<string, { on: string; person: string }>();
  const slot = (personId: string, situation: string, on: string) => [groupOf(personId), on.slice(0, 4), situation].join(SEP);
  for (const v of victims) {
    const k = slot(v.person_id, v.situation_type, v.identified_on!);
    const best = first.get(k);
    if (!best || v.identified_on! < best.on || (v.identified_on === best.on && v.person_id < best.person)) first.set(k, { on: v.identified_on!, person: v.person_id });
  }
  for (const r of rows) {
    if ((groups.get(r.person_id)?.length ?? 1) < 2) continue;
    const keeper = first.get(slot(r.person_id, r.situation, r.identified_on));
    if (keeper && keeper.person !== r.person_id) out.add(r.id);
  }
  return out;
}

/** The victim cases identified from `from` to `to` (YYYY-MM-DD) of persons that have an accepted link: few. */
function linkedVictimCases(db: Db | Tx, from: string, to: string) {
  return sql<VictimCase>`SELECT c.id AS id, c.person_id AS person_id, c.situation_type AS situation, c.identified_on AS identified_on
    FROM cases c WHERE c.identified_on >= ${from} AND c.identified_on <= ${to} AND c.identification_status IN ('presumed', 'identified')
      AND c.person_id IN (SELECT l.from_person_id FROM person_links l WHERE l.status = 'accepted' UNION SELECT l.to_person_id FROM person_links l WHERE l.status = 'accepted')`.execute(db);
}

/** The victim cases identified in the period that repeat a linked record of the same person (left out of figures). */
export async function duplicatesIn(db: Db | Tx, from: string, to: string): Promise<Set<string>> {
  const { rows } = await linkedVictimCases(db, from, to);
  return rows.length ? linkedDuplicates(db, rows) : new Set();
}

/** How many victim records identified in `year` repeat a linked record of the same person (counted once). */
export async function linkedRecordsIn(db: Db | Tx, year: number): Promise<number> {
  return (await duplicatesIn(db, `${year}-01-01`, `${year}-12-31`)).size;
}
