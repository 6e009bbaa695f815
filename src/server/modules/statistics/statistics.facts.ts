/**
 * The commission's figures kept up to date as the records change, so that the dashboard reads a few
 * hundred count rows (O(cells)) instead of every victim of the year (O(cases)).
 *
 * Each victim record (a case presumed or identified as a victim, an anonymous notification) has its
 * *facts*: the year and situation it is counted in, its status (the column: presumed, identified,
 * anonymous) and the row it falls in for every table ("cells": [table, key] pairs, e.g. ['sexAge',
 * 'women'], ['form', 'forced_labour'] once per form, ['org', organisation id], ['referrals.services',
 * 'received_service']). `statistics_facts` keeps each record's facts as last counted, `statistics_counts`
 * their sums per year × situation × status × table × key.
 *
 * Whenever a write can change a record's facts, the writer calls `refreshFacts` in the same transaction:
 * it recomputes the facts of those records from the data (the same expressions as the microdata export,
 * statistics.repository), compares them with the stored ones and adds the differences to the counts. So
 * the counts are exactly the sums of the facts, which are exactly what a full recount gives (tested on both
 * databases after random sequences of changes: test/integration/statistics-incremental.test.ts). The
 * writers: case registration and edit, identification decisions and reviews, person edits, transfers of
 * management, referrals sent, service deliveries, anonymous notifications, the seeder.
 *
 * Ordering: `refreshFacts` first takes the audit chain's head (which every audited change holds until it
 * commits anyway), so refreshes are serial; on PostgreSQL (read committed) each one therefore reads the
 * facts and the data as every earlier refresh committed them, and the hot count rows are always locked
 * after the head (no deadlock between two writers).
 *
 * `rebuildFacts` recounts everything from the data in one transaction: at start when the stored version of
 * the definitions is not `FACTS_VERSION` (bump it whenever a rule below or in a source changes), and on
 * demand (`opennrm statistics rebuild`, after data was changed outside the application).
 */
import { sql } from 'kysely';
import type { Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import { holdAuditHead, recordAudit } from '../../platform/audit';
import { TAXONOMY } from '../../../contract/reference';
import { ANON_KEY, CASE_KEY } from './statistics.repository';
import { STATISTICS_SOURCES } from './statistics.sources';
import { componentsOf } from '../matching/matching.repository';
import { linkedDuplicates } from './statistics.persons';

/** The version of the definitions: a database counted under another one is rebuilt at start. */
export const FACTS_VERSION = '2026-12-08.1';
const META_KEY = 'statistics_facts_version';

export type Cell = readonly [table: string, key: string];
type Status = 'presumed' | 'identified' | 'anonymous';
export type Fact = { id: string; year: number; situation: string; status: Status; cells: Cell[] };

const UNODC_OF = new Map<string, string>(TAXONOMY.exploitationForms.map((f) => [f.code, f.unodc]));
const FORM_GROUPS = TAXONOMY.nationalFormGroups;

type Base = { sexAge: string; nationality: string; citizenship: string; region: string; channel: string; month: string; org: string | null };

/**
 * The cells of one victim record. Forms: one cell per distinct form, or 'not_specified' without any; a
 * grouped row of the national report (law 27-14's "sexual exploitation") once when any of its forms is
 * there; the UNODC category crossed with sex × age ('mixed' when the forms fall in several categories).
 */
export function cellsOf(base: Base, forms: readonly string[], extra: Cell[]): Cell[] {
  const distinct = [...new Set(forms)].sort();
  const categories = new Set(distinct.map((f) => UNODC_OF.get(f) ?? 'other'));
  const unodc = distinct.length === 0 ? 'not_specified' : categories.size > 1 ? 'mixed' : [...categories][0]!;
  const cells: Cell[] = [
    ['total', ''],
    ['sexAge', base.sexAge],
    ['nationality', base.nationality],
    ['citizenship', base.citizenship],
    ['region', base.region],
    ['channel', base.channel],
    ['month', base.month],
    ['org', base.org ?? ''],
    ...(distinct.length ? distinct.map((f): Cell => ['form', f]) : [['form', 'not_specified'] as const]),
    ...FORM_GROUPS.filter((g) => g.forms.some((f) => distinct.includes(f))).map((g): Cell => ['formGroup', g.code]),
    ['unodc', `${unodc}|${base.sexAge}`],
    ...extra,
  ];
  return cells;
}

type CaseRow = Base & { id: string; person_id: string; situation: string; status: 'presumed' | 'identified'; identified_on: string };


/** The facts of the given cases that are victims (presumed or identified, with a date of identification). */
async function caseFacts(trx: Tx, ids: readonly string[], timezone: string): Promise<Fact[]> {
  if (ids.length === 0) return [];
  const all = (await sql<CaseRow>`SELECT c.id AS id, c.person_id AS person_id, c.situation_type AS situation, c.identification_status AS status, c.identified_on AS identified_on,
      ${sql.raw(CASE_KEY.sexAge)} AS "sexAge", ${sql.raw(CASE_KEY.nationality)} AS nationality, ${sql.raw(CASE_KEY.citizenship)} AS citizenship,
      ${sql.raw(CASE_KEY.region)} AS region, c.identification_channel AS channel, ${sql.raw(CASE_KEY.month)} AS month,
      COALESCE(c.identifying_org_id, c.managing_org_id) AS org
    FROM cases c JOIN persons p ON p.id = c.person_id
    WHERE c.id IN (${sql.join([...ids])}) AND c.identification_status IN ('presumed', 'identified') AND c.identified_on IS NOT NULL`.execute(trx)).rows;
  const duplicates = await linkedDuplicates(trx, all);
  const rows = all.filter((r) => !duplicates.has(r.id));
  if (rows.length === 0) return [];
  const victims = rows.map((r) => r.id);
  const forms = new Map<string, string[]>();
  for (const f of await trx.selectFrom('case_forms').select(['case_id', 'form']).where('case_id', 'in', victims).execute()) {
    forms.set(f.case_id, [...(forms.get(f.case_id) ?? []), f.form]);
  }
  const extra = new Map<string, Cell[]>(victims.map((id) => [id, []]));
  for (const source of STATISTICS_SOURCES) {
    const keys = await source.caseKeys(trx, victims, { timezone });
    for (const id of victims) {
      const k = keys.get(id);
      if (!k) throw new Error(`statistics: source ${source.id} gave no rows for a case`);
      for (const t of source.tables) extra.get(id)!.push([`${source.id}.${t.id}`, k[t.id]!]);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    year: Number(r.identified_on.slice(0, 4)),
    situation: r.situation,
    status: r.status,
    cells: cellsOf(r, forms.get(r.id) ?? [], extra.get(r.id)!),
  }));
}

const ANONYMOUS_EXTRA: Cell[] = STATISTICS_SOURCES.flatMap((s) => s.tables.map((t): Cell => [`${s.id}.${t.id}`, s.anonymousKeys[t.id]!]));

/** The facts of anonymous notifications (presumed victims of trafficking who did not consent to a referral). */
async function anonymousFacts(trx: Tx, ids: readonly string[]): Promise<Fact[]> {
  if (ids.length === 0) return [];
  const rows = (await sql<Base & { id: string; identified_on: string; forms: string }>`SELECT a.id AS id, a.identified_on AS identified_on, a.exploitation_forms AS forms,
      ${sql.raw(ANON_KEY.sexAge)} AS "sexAge", ${sql.raw(ANON_KEY.nationality)} AS nationality, ${sql.raw(ANON_KEY.citizenship)} AS citizenship,
      ${sql.raw(ANON_KEY.region)} AS region, a.identification_channel AS channel, ${sql.raw(ANON_KEY.month)} AS month, a.organisation_id AS org
    FROM anonymous_notifications a WHERE a.id IN (${sql.join([...ids])})`.execute(trx)).rows;
  return rows.map((r) => ({
    id: r.id,
    year: Number(r.identified_on.slice(0, 4)),
    situation: 'trafficking',
    status: 'anonymous' as const,
    cells: cellsOf(r, JSON.parse(r.forms) as string[], ANONYMOUS_EXTRA),
  }));
}

const SEP = '\u0001';

/** The cases (id, person) whose `column` is among `values`, 1,000 values at a time. */
async function casesWhere(trx: Tx, column: 'id' | 'person_id', values: string[]): Promise<{ id: string; person_id: string }[]> {
  const out: { id: string; person_id: string }[] = [];
  for (let i = 0; i < values.length; i += 1000) out.push(...(await trx.selectFrom('cases').select(['id', 'person_id']).where(column, 'in', values.slice(i, i + 1000)).execute()));
  return out;
}
const countKey = (f: Pick<Fact, 'year' | 'situation' | 'status'>, [dim, key]: Cell) => [f.year, f.situation, f.status, dim, key].join(SEP);
const cellsText = (f: Fact) => JSON.stringify(f.cells);

/** Adds count differences (key → delta), in key order so that two writers always lock rows in the same order. */
async function addToCounts(trx: Tx, deltas: Map<string, number>): Promise<void> {
  const rows = [...deltas.entries()].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => {
    const [year, situation, status, dim, key] = k.split(SEP) as [string, string, string, string, string];
    return { year: Number(year), situation, status, dim, key, n };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await trx.insertInto('statistics_counts').values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['year', 'situation', 'status', 'dim', 'key']).doUpdateSet((eb) => ({ n: eb('statistics_counts.n', '+', eb.ref('excluded.n')) })))
      .execute();
  }
}

async function writeFacts(trx: Tx, facts: Fact[]): Promise<void> {
  for (let i = 0; i < facts.length; i += 1000) {
    await trx.insertInto('statistics_facts')
      .values(facts.slice(i, i + 1000).map((f) => ({ id: f.id, year: f.year, situation: f.situation, status: f.status, cells: cellsText(f) })))
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ year: eb.ref('excluded.year'), situation: eb.ref('excluded.situation'), status: eb.ref('excluded.status'), cells: eb.ref('excluded.cells') })))
      .execute();
  }
}

/**
 * Recounts what the given records add to the figures, in the caller's transaction (see the file comment).
 * `cases`: case ids; `persons`: person ids (their cases); `anonymous`: anonymous notification ids. A record
 * that is no longer a victim (not a victim, withdrawn) or no longer exists is taken out of the counts.
 */
export async function refreshFacts(p: Pick<Platform, 'dialect' | 'config'>, trx: Tx, records: { cases?: readonly string[]; persons?: readonly string[]; anonymous?: readonly string[] }): Promise<void> {
  const caseIds = new Set(records.cases ?? []);
  const persons = new Set(records.persons ?? []);
  // A case's count can depend on the linked records of the same person (linkedDuplicates): recount the group.
  if (caseIds.size) for (const c of await casesWhere(trx, 'id', [...caseIds])) persons.add(c.person_id);
  if (persons.size) {
    const groups = await componentsOf(trx, [...persons]);
    const members = [...new Set([...persons].flatMap((id) => groups.get(id) ?? [id]))];
    if (members.length > persons.size || records.persons?.length) {
      for (const c of await casesWhere(trx, 'person_id', members)) caseIds.add(c.id);
    }
  }
  const anonymousIds = [...new Set(records.anonymous ?? [])];
  const ids = [...caseIds, ...anonymousIds];
  if (ids.length === 0) return;
  await holdAuditHead(p, trx);
  const fresh = [...(await caseFacts(trx, [...caseIds], p.config.timezone)), ...(await anonymousFacts(trx, anonymousIds))];
  const stored = new Map<string, Fact>();
  for (let i = 0; i < ids.length; i += 1000) {
    for (const r of await trx.selectFrom('statistics_facts').selectAll().where('id', 'in', ids.slice(i, i + 1000)).execute()) {
      stored.set(r.id, { id: r.id, year: Number(r.year), situation: r.situation, status: r.status as Status, cells: JSON.parse(r.cells) as Cell[] });
    }
  }
  const deltas = new Map<string, number>();
  const add = (f: Fact, by: number) => { for (const c of f.cells) { const k = countKey(f, c); deltas.set(k, (deltas.get(k) ?? 0) + by); } };
  const changed: Fact[] = [];
  const freshIds = new Set<string>();
  for (const f of fresh) {
    freshIds.add(f.id);
    const old = stored.get(f.id);
    if (old && old.year === f.year && old.situation === f.situation && old.status === f.status && cellsText(old) === cellsText(f)) continue;
    if (old) add(old, -1);
    add(f, 1);
    changed.push(f);
  }
  const gone = [...stored.values()].filter((f) => !freshIds.has(f.id));
  for (const f of gone) add(f, -1);
  if (gone.length) await trx.deleteFrom('statistics_facts').where('id', 'in', gone.map((f) => f.id)).execute();
  await writeFacts(trx, changed);
  await addToCounts(trx, deltas);
}

/** Recounts every figure from the data, in one transaction (writers wait); `onProgress` gets records done and total. */
export async function rebuildFacts(p: Pick<Platform, 'db' | 'dialect' | 'config'>, onProgress?: (done: number, total: number) => void): Promise<{ records: number; counts: number }> {
  return p.db.transaction().execute(async (trx) => {
    await holdAuditHead(p, trx);
    if (p.dialect === 'postgres') await sql`LOCK TABLE statistics_facts, statistics_counts IN EXCLUSIVE MODE`.execute(trx);
    await trx.deleteFrom('statistics_facts').execute();
    await trx.deleteFrom('statistics_counts').execute();
    const [{ n: cases } = { n: 0 }] = (await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM cases`.execute(trx)).rows;
    const [{ n: anonymous } = { n: 0 }] = (await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM anonymous_notifications`.execute(trx)).rows;
    const total = Number(cases) + Number(anonymous);
    const totals = new Map<string, number>();
    let done = 0;
    let records = 0;
    for (const [table, facts] of [['cases', (ids: string[]) => caseFacts(trx, ids, p.config.timezone)], ['anonymous_notifications', (ids: string[]) => anonymousFacts(trx, ids)]] as const) {
      let after = '';
      for (;;) {
        const ids = (await trx.selectFrom(table).select('id').where('id', '>', after).orderBy('id').limit(5000).execute()).map((r) => r.id);
        if (ids.length === 0) break;
        after = ids[ids.length - 1]!;
        const batch = await facts(ids);
        for (const f of batch) for (const c of f.cells) { const k = countKey(f, c); totals.set(k, (totals.get(k) ?? 0) + 1); }
        await writeFacts(trx, batch);
        records += batch.length;
        done += ids.length;
        onProgress?.(done, total);
      }
    }
    await addToCounts(trx, totals);
    // An empty database (a new installation) has nothing to account for.
    if (records > 0) await recordAudit(p, trx, null, { action: 'statistics.rebuild', details: { records, version: FACTS_VERSION } });
    await trx.insertInto('meta').values({ key: META_KEY, value: FACTS_VERSION }).onConflict((oc) => oc.column('key').doUpdateSet({ value: FACTS_VERSION })).execute();
    return { records, counts: totals.size };
  });
}

/** At start: rebuilds the figures when they were counted under other definitions (or never, after the migration). */
export async function rebuildFactsIfStale(p: Pick<Platform, 'db' | 'dialect' | 'config'>, log: (msg: string) => void = () => undefined): Promise<boolean> {
  const row = await p.db.selectFrom('meta').select('value').where('key', '=', META_KEY).executeTakeFirst();
  if (row?.value === FACTS_VERSION) return false;
  // A new installation has nothing to count: no message then.
  const any = await p.db.selectFrom('cases').select('id').limit(1).executeTakeFirst();
  if (any) log('Counting the statistics from the records (once, after an upgrade)…');
  const r = await rebuildFacts(p);
  if (any) log(`Statistics counted: ${r.records.toLocaleString('en')} victim records, ${r.counts.toLocaleString('en')} figures.`);
  return true;
}

/** The year's counts: situation → status → table → key → n (organisations as their type, under 'organisationType'). */
export type YearCounts = Map<string, Map<Status, Map<string, Map<string, number>>>>;

export async function yearCounts(db: Db | Tx, year: number): Promise<YearCounts> {
  const rows = (await sql<{ situation: string; status: Status; dim: string; key: string; n: number | string }>`SELECT s.situation AS situation, s.status AS status,
      CASE WHEN s.dim = 'org' THEN 'organisationType' ELSE s.dim END AS dim,
      CASE WHEN s.dim = 'org' THEN COALESCE(o.type, 'unknown') ELSE s.key END AS key, SUM(s.n) AS n
    FROM statistics_counts s LEFT JOIN organisations o ON s.dim = 'org' AND o.id = s.key
    WHERE s.year = ${year} AND s.n <> 0 GROUP BY 1, 2, 3, 4`.execute(db)).rows;
  const out: YearCounts = new Map();
  for (const r of rows) {
    const bySituation = out.get(r.situation) ?? new Map();
    out.set(r.situation, bySituation);
    const byStatus = bySituation.get(r.status) ?? new Map();
    bySituation.set(r.status, byStatus);
    const byDim = byStatus.get(r.dim) ?? new Map();
    byStatus.set(r.dim, byDim);
    byDim.set(r.key, (byDim.get(r.key) ?? 0) + Number(r.n));
  }
  return out;
}

/** The years with at least one victim record counted. */
export async function yearsCounted(db: Db | Tx): Promise<number[]> {
  const rows = await db.selectFrom('statistics_counts').select('year').distinct().where('dim', '=', 'total').where('n', '>', 0).orderBy('year').execute();
  return rows.map((r) => Number(r.year));
}
