/**
 * The queries of the candidate lookup and of link requests (matching.service.ts). Candidate tokens are looked up by
 * equality only (`token IN (...)`, the B-tree index of person_match_tokens). A link is visible to the organisations
 * that manage a case of one of its two persons now (`linkSide`): a third organisation finds nothing (404).
 * `linkedGroupOf` is what the statistics use to count each person once.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import type { PersonLinksTable } from '../../platform/db/schema';
import type { MatchToken } from './matching.tokens';

/** Statuses of a live link: one per pair at a time (unique index), and excluded from the candidates. */
export const LIVE_LINK = ['requested', 'accepted'] as const;

/** The sorted pair of two person ids, as the unique index of live links sees them. */
export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The organisation manages a case of the person now (not anonymised). */
export function managesPerson(orgId: string, personRef: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM cases mc WHERE mc.person_id = ${sql.ref(personRef)} AND mc.managing_org_id = ${orgId} AND mc.anonymised_at IS NULL)`;
}

/** The organisation is one of the link's sides. */
export function linkSide(orgId: string, alias = 'l'): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${managesPerson(orgId, `${alias}.from_person_id`)} OR ${managesPerson(orgId, `${alias}.to_person_id`)})`;
}

const CHUNK = 500;
const chunks = <T>(xs: readonly T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export const matchingRepository = {
  /** The stored tokens of a person. */
  tokensOf(db: Db | Tx, personId: string): Promise<MatchToken[]> {
    return db.selectFrom('person_match_tokens').select(['kind', 'token']).where('person_id', '=', personId).execute();
  },

  /**
   * Persons (other than `exclude`) that share one of `tokens`, at most `limit` persons: the lookup's first step,
   * on the selective tokens only, by the token index alone. Anonymised persons have no tokens (anonymisation
   * deletes them in its transaction), and the candidates keep only persons with a live case (`liveCases`), so no
   * join to persons here: at a million persons the planner took such a join as a merge over the whole persons
   * index (290 ms instead of 2 ms, bench/candidates.ts).
   */
  async personsSharing(db: Db | Tx, tokens: string[], exclude: string[], limit: number): Promise<string[]> {
    if (tokens.length === 0) return [];
    const out = new Set<string>();
    for (const part of chunks([...new Set(tokens)])) {
      let q = db.selectFrom('person_match_tokens as t').select('t.person_id').distinct().where('t.token', 'in', part);
      if (exclude.length) q = q.where('t.person_id', 'not in', exclude);
      for (const r of await q.orderBy('t.person_id').limit(limit).execute()) out.add(r.person_id);
      if (out.size >= limit) break;
    }
    return [...out].slice(0, limit);
  },

  /** The tokens of `personIds` that are among `tokens`, plus their sex tokens (to tell a different sex). */
  async tokensShared(db: Db | Tx, personIds: string[], tokens: string[]): Promise<Map<string, MatchToken[]>> {
    const out = new Map<string, MatchToken[]>();
    if (personIds.length === 0) return out;
    const wanted = [...new Set(tokens)];
    for (const part of chunks(personIds)) {
      const rows = await db
        .selectFrom('person_match_tokens')
        .select(['person_id', 'kind', 'token'])
        .where('person_id', 'in', part)
        .where((eb) => (wanted.length ? eb.or([eb('token', 'in', wanted), eb('kind', '=', 'sex')]) : eb('kind', '=', 'sex')))
        .execute();
      for (const r of rows) out.set(r.person_id, [...(out.get(r.person_id) ?? []), { kind: r.kind, token: r.token }]);
    }
    return out;
  },

  /** The live (not anonymised) cases of persons, newest first, with who manages them. */
  liveCases(db: Db | Tx, personIds: string[]) {
    if (personIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('cases')
      .select(['id', 'person_id', 'reference', 'managing_org_id', 'created_at'])
      .where('person_id', 'in', personIds)
      .where('anonymised_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  },

  async organisationNames(db: Db | Tx, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  },

  /** The persons a person has a live link with (requested or accepted), either direction. */
  async liveLinkedTo(db: Db | Tx, personId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('person_links')
      .select(['from_person_id', 'to_person_id'])
      .where('status', 'in', [...LIVE_LINK])
      .where((eb) => eb.or([eb('from_person_id', '=', personId), eb('to_person_id', '=', personId)]))
      .execute();
    return rows.map((r) => (r.from_person_id === personId ? r.to_person_id : r.from_person_id));
  },

  /** The live link of a pair, if any. */
  livePair(db: Db | Tx, a: string, b: string) {
    return db.selectFrom('person_links').select(['id', 'status']).where('pair_key', '=', pairKey(a, b)).where('status', 'in', [...LIVE_LINK]).executeTakeFirst();
  },

  /** Inserts a link request; false when the pair has a live link already (the unique index, also under a race). */
  async insertLink(trx: Tx, row: PersonLinksTable): Promise<boolean> {
    const r = await trx.insertInto('person_links').values(row).onConflict((oc) => oc.doNothing()).returning('id').execute();
    return r.length === 1;
  },

  /** The link, only if the organisation is one of its sides. */
  visibleLink(db: Db | Tx, orgId: string, id: string) {
    return db.selectFrom('person_links as l').selectAll('l').where('l.id', '=', id).where(linkSide(orgId)).executeTakeFirst();
  },

  /** The links of the organisation's side: incoming (to a person it manages), outgoing (from one), or both. */
  listLinks(db: Db | Tx, orgId: string, filter: { direction?: 'incoming' | 'outgoing'; status?: string }) {
    let q = db.selectFrom('person_links as l').selectAll('l');
    if (filter.direction === 'incoming') q = q.where(managesPerson(orgId, 'l.to_person_id'));
    else if (filter.direction === 'outgoing') q = q.where(managesPerson(orgId, 'l.from_person_id'));
    else q = q.where(linkSide(orgId));
    if (filter.status) q = q.where('l.status', '=', filter.status);
    return q.orderBy('l.requested_at', 'desc').orderBy('l.id', 'desc').limit(500).execute();
  },

  /** Conditional update on (id, version, status): false when another write came first. */
  async updateLink(trx: Tx, id: string, version: number, status: string, patch: Partial<PersonLinksTable>): Promise<boolean> {
    const r = await trx
      .updateTable('person_links')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', '=', status)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};

/** For each of `personIds`, the members of its group of accepted links (itself included), transitively. */
/** Each person's group (accepted links, transitively): person id → every member's id, itself included. */
export async function componentsOf(db: Db | Tx, personIds: readonly string[]): Promise<Map<string, string[]>> {
  const neighbours = new Map<string, Set<string>>();
  const seen = new Set<string>(personIds);
  let frontier = [...seen];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const part of chunks(frontier)) {
      const rows = await db
        .selectFrom('person_links')
        .select(['from_person_id', 'to_person_id'])
        .where('status', '=', 'accepted')
        .where((eb) => eb.or([eb('from_person_id', 'in', part), eb('to_person_id', 'in', part)]))
        .execute();
      for (const r of rows) {
        for (const [a, b] of [[r.from_person_id, r.to_person_id], [r.to_person_id, r.from_person_id]] as const) {
          if (!neighbours.has(a)) neighbours.set(a, new Set());
          neighbours.get(a)!.add(b);
          if (!seen.has(b)) {
            seen.add(b);
            next.push(b);
          }
        }
      }
    }
    frontier = next;
  }
  const out = new Map<string, string[]>();
  for (const start of personIds) {
    if (out.has(start)) continue;
    const members = [start];
    const inComponent = new Set(members);
    for (let i = 0; i < members.length; i++) {
      for (const n of neighbours.get(members[i]!) ?? []) {
        if (!inComponent.has(n)) {
          inComponent.add(n);
          members.push(n);
        }
      }
    }
    for (const m of members) out.set(m, members);
  }
  return out;
}

/** The persons joined to `personId` by accepted links, transitively, itself included. */
export async function groupMembersOf(db: Db | Tx, personId: string): Promise<string[]> {
  return (await componentsOf(db, [personId])).get(personId) ?? [personId];
}

/**
 * The group of each person: the persons joined to it by accepted links, transitively (A–B and B–C accepted: A, B
 * and C are one person). The group id is the smallest person id of the group, so it is the same whichever member
 * one starts from; a person without links is a group of one (its own id). For counting each person once: count
 * distinct group ids. Anonymised persons keep their links, so they are still counted once.
 */
export async function linkedGroupOf(db: Db | Tx, personIds: readonly string[]): Promise<Map<string, string>> {
  const components = await componentsOf(db, personIds);
  return new Map(personIds.map((p) => [p, components.get(p)!.reduce((a, b) => (b < a ? b : a))]));
}
