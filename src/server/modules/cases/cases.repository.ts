import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import type { CasesTable, CasePlacesTable, PersonsTable } from '../../platform/db/schema';

const PERSON_COLUMNS = [
  'id', 'pseudonym', 'created_by_org_id', 'sex', 'approx_birth_year', 'age_uncertain', 'nationalities', 'languages', 'interpreter_needed',
  'vulnerabilities', 'identity_enc', 'contacts_enc', 'documents_enc', 'health_enc', 'data_key_enc', 'anonymised_at', 'version', 'created_at', 'updated_at',
] as const satisfies readonly (keyof PersonsTable)[];
import { caseCategoryVisible, caseVisible } from '../../platform/access';

export type ListFilters = {
  status?: string;
  stage?: string;
  situationType?: string;
  form?: string;
  regionCode?: string;
  sex?: string;
  child?: boolean;
  assignedUserId?: string;
  reference?: string;
  nameTokens?: string[];
  docToken?: string;
  /** A partial reference ("000088", "2025-88"): the full references it can stand for, looked up exactly. */
  references?: string[];
  currentYear: number;
};

/**
 * Cases whose person matches every name token (or the document token). The organisation's own cases are
 * found through its postings in `case_search` (org_id, kind, token), then each further token is checked by
 * primary key, so the cost follows the matches within one organisation, not the national register. Cases
 * shared with the organisation (grants including identity) are checked the same way.
 */
function searchCandidates(orgId: string, now: string, f: ListFilters) {
  const matchAll = (kind: string, tokens: string[], caseRef: RawBuilder<unknown>) =>
    sql.join(
      tokens.map((t) => sql`EXISTS (SELECT 1 FROM case_search x WHERE x.case_id = ${caseRef} AND x.kind = ${kind} AND x.token = ${t})`),
      sql` AND `,
    );
  const branches: RawBuilder<unknown>[] = [];
  const add = (kind: 'name' | 'doc', tokens: string[]) => {
    // Names need the identity category, document numbers the documents category.
    const category = kind === 'name' ? '%"identity"%' : '%"documents"%';
    const [first, ...rest] = tokens;
    branches.push(sql`SELECT s.case_id FROM case_search s WHERE s.org_id = ${orgId} AND s.kind = ${kind} AND s.token = ${first}
      ${rest.length ? sql`AND ${matchAll(kind, rest, sql.ref('s.case_id'))}` : sql``}`);
    branches.push(sql`SELECT g.case_id FROM case_grants g WHERE g.organisation_id = ${orgId} AND g.revoked_at IS NULL
      AND (g.valid_until IS NULL OR g.valid_until > ${now}) AND g.categories LIKE ${category}
      AND ${matchAll(kind, tokens, sql.ref('g.case_id'))}`);
  };
  if (f.nameTokens?.length) add('name', f.nameTokens);
  if (f.docToken) add('doc', [f.docToken]);
  // A reference is not personal data (it is on the minimal record): the outer query's access rule is enough.
  if (f.references?.length) branches.push(sql`SELECT r.id FROM cases r WHERE r.reference IN (${sql.join(f.references)})`);
  return sql.join(branches, sql` UNION `);
}

/** The visible cases matching the filters, with the list's columns (need-to-know in the query). */
function visibleFiltered(db: Db | Tx, orgId: string, now: string, f: ListFilters) {
  const searchingByName = !!f.nameTokens?.length || !!f.docToken || !!f.references?.length;
  // Cases drive the join (CROSS JOIN fixes the order on SQLite): the page is read in list order from the cases'
  // index and stops after `limit` rows. Driven from persons, a filter on sex or age made SQLite read every
  // matching person and sort all their cases for one page (955 ms at 1,000,000 cases; bench/plans/).
  let q = db
    .selectFrom('cases as c')
    .crossJoin('persons as p')
    .whereRef('p.id', '=', 'c.person_id')
    .select([
      'c.id', 'c.reference', 'c.person_id', 'c.status', 'c.stage', 'c.situation_type', 'c.managing_org_id', 'c.assigned_user_id',
      'c.identified_on', 'c.updated_at', 'c.created_at', 'c.identification_status', 'p.sex', 'p.age_uncertain', 'p.approx_birth_year', 'p.pseudonym', 'p.identity_enc', 'p.data_key_enc',
    ])
    // A name search only matches cases where the reader may see names: it must not reveal who is behind a pseudonym.
    .where(caseVisible(orgId, now));
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.stage) q = q.where('c.stage', '=', f.stage);
  if (f.situationType) q = q.where('c.situation_type', '=', f.situationType);
  if (f.assignedUserId) q = q.where('c.assigned_user_id', '=', f.assignedUserId);
  if (f.reference) q = q.where('c.reference', '=', f.reference);
  if (f.sex) q = q.where('p.sex', '=', f.sex);
  if (f.child !== undefined) {
    const childCut = f.currentYear - 18;
    q = f.child
      ? q.where((eb) => eb.or([eb('p.age_uncertain', '=', 1), eb('p.approx_birth_year', '>', childCut)]))
      : q.where('p.age_uncertain', '=', 0).where('p.approx_birth_year', '<=', childCut);
  }
  // Filters on the story (forms, places) only match cases whose story the reader may see.
  if (f.form || f.regionCode) q = q.where(caseCategoryVisible(orgId, now, 'exploitation_story'));
  if (f.form) {
    const form = f.form;
    q = q.where((eb) => eb.exists(eb.selectFrom('case_forms as cf').select('cf.case_id').whereRef('cf.case_id', '=', 'c.id').where('cf.form', '=', form)));
  }
  if (f.regionCode) {
    const region = f.regionCode;
    q = q.where((eb) => eb.exists(eb.selectFrom('case_places as pl').select('pl.case_id').whereRef('pl.case_id', '=', 'c.id').where('pl.region_code', '=', region)));
  }
  if (searchingByName) q = q.where(sql<boolean>`c.id IN (${searchCandidates(orgId, now, f)})`);
  return q;
}

export const casesRepository = {
  /** The years that have case references (their counters), for a reference typed without its year. */
  async referenceYears(db: Db | Tx): Promise<number[]> {
    const rows = await db.selectFrom('counters').select('name').where('name', 'like', 'case:%').execute();
    return rows.map((r) => Number(r.name.slice(5))).filter((y) => Number.isInteger(y));
  },

  /** Next human reference number for the year; atomic on both databases. */
  async nextReferenceNumber(trx: Tx, year: number): Promise<number> {
    const name = `case:${year}`;
    await trx.insertInto('counters').values({ name, value: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const row = await trx.updateTable('counters').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', name).returning('value').executeTakeFirstOrThrow();
    return Number(row.value);
  },

  insertSearchTokens(trx: Tx, caseId: string, orgId: string, tokens: { kind: string; token: string }[]) {
    if (tokens.length === 0) return Promise.resolve();
    return trx.insertInto('case_search').values(tokens.map((t) => ({ case_id: caseId, org_id: orgId, ...t }))).execute();
  },

  insert(trx: Tx, row: CasesTable) {
    return trx.insertInto('cases').values(row).execute();
  },

  async replaceFormsAndPlaces(trx: Tx, caseId: string, forms: string[], places: Omit<CasePlacesTable, 'case_id'>[]) {
    await trx.deleteFrom('case_forms').where('case_id', '=', caseId).execute();
    await trx.deleteFrom('case_places').where('case_id', '=', caseId).execute();
    if (forms.length) await trx.insertInto('case_forms').values(forms.map((form) => ({ case_id: caseId, form }))).execute();
    if (places.length) await trx.insertInto('case_places').values(places.map((pl) => ({ ...pl, case_id: caseId }))).execute();
  },

  /** The case and its person in one query (the person of a visible case is visible). */
  async visibleWithPerson(db: Db | Tx, orgId: string, now: string, id: string): Promise<{ c: CasesTable; person: PersonsTable } | undefined> {
    const row = await db
      .selectFrom('cases as c')
      .innerJoin('persons as p', 'p.id', 'c.person_id')
      .selectAll('c')
      .select(PERSON_COLUMNS.map((col) => `p.${col} as p_${col}` as const))
      .where('c.id', '=', id)
      .where(caseVisible(orgId, now))
      .executeTakeFirst();
    if (!row) return undefined;
    const record = row as Record<string, unknown>;
    const person = Object.fromEntries(PERSON_COLUMNS.map((col) => [col, record[`p_${col}`]])) as unknown as PersonsTable;
    for (const col of PERSON_COLUMNS) delete record[`p_${col}`];
    return { c: record as unknown as CasesTable, person };
  },

  visibleById(db: Db | Tx, orgId: string, now: string, id: string) {
    return db.selectFrom('cases as c').selectAll('c').where('c.id', '=', id).where(caseVisible(orgId, now)).executeTakeFirst();
  },

  liveGrants(db: Db | Tx, orgId: string, now: string, caseIds: string[]) {
    if (caseIds.length === 0) return Promise.resolve([] as { case_id: string; categories: string }[]);
    return db
      .selectFrom('case_grants')
      .select(['case_id', 'categories'])
      .where('organisation_id', '=', orgId)
      .where('case_id', 'in', caseIds)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]))
      .execute();
  },

  formsOf(db: Db | Tx, caseIds: string[]) {
    if (caseIds.length === 0) return Promise.resolve([] as { case_id: string; form: string }[]);
    return db.selectFrom('case_forms').select(['case_id', 'form']).where('case_id', 'in', caseIds).execute();
  },

  placesOf(db: Db | Tx, caseId: string) {
    return db.selectFrom('case_places').selectAll().where('case_id', '=', caseId).orderBy('position').execute();
  },

  refNames(db: Db | Tx, table: 'organisations' | 'users', ids: (string | null)[]) {
    const list = [...new Set(ids.filter((x): x is string => !!x))];
    if (list.length === 0) return Promise.resolve(new Map<string, string>());
    const q =
      table === 'organisations'
        ? db.selectFrom('organisations').select(['id', 'name as label']).where('id', 'in', list)
        : db.selectFrom('users').select(['id', 'display_name as label']).where('id', 'in', list);
    return q.execute().then((rows) => new Map(rows.map((r) => [r.id, r.label])));
  },

  /** One page of visible cases, newest first (keyset pagination on created_at, id). */
  list(db: Db | Tx, orgId: string, now: string, f: ListFilters, limit: number, after?: { createdAt: string; id: string }) {
    let q = visibleFiltered(db, orgId, now, f);
    if (after) {
      q = q.where((eb) => eb.or([eb('c.created_at', '<', after.createdAt), eb.and([eb('c.created_at', '=', after.createdAt), eb('c.id', '<', after.id)])]));
    }
    return q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(limit + 1).execute();
  },

  /** How many visible cases match, counted up to `cap + 1` (the cost stays bounded on a national register). */
  async countUpTo(db: Db | Tx, orgId: string, now: string, f: ListFilters, cap: number): Promise<number> {
    const inner = visibleFiltered(db, orgId, now, f).clearSelect().select('c.id').limit(cap + 1);
    const row = await db.selectFrom(inner.as('x')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async update(trx: Tx, id: string, version: number, patch: Partial<CasesTable>): Promise<boolean> {
    const r = await trx.updateTable('cases').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Attachments of a case, only through a visible case. */
  attachments(db: Db | Tx, orgId: string, now: string, caseId: string) {
    return db
      .selectFrom('attachments as a')
      .innerJoin('cases as c', 'c.id', 'a.case_id')
      .leftJoin('users as u', 'u.id', 'a.uploaded_by')
      .select(['a.id', 'a.file_name_enc', 'a.mime_type', 'a.size_bytes', 'a.created_at', 'u.display_name'])
      .where('a.case_id', '=', caseId)
      .where(caseVisible(orgId, now))
      .orderBy('a.created_at', 'desc')
      .execute();
  },
  attachment(db: Db | Tx, orgId: string, now: string, caseId: string, id: string) {
    return db
      .selectFrom('attachments as a')
      .innerJoin('cases as c', 'c.id', 'a.case_id')
      .selectAll('a')
      .where('a.case_id', '=', caseId)
      .where('a.id', '=', id)
      .where(caseVisible(orgId, now))
      .executeTakeFirst();
  },
};
