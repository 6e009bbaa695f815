/**
 * One person, counted once (issue 15): the candidate tokens of each person and the links between records of
 * the same person kept by different organisations.
 *
 * - `person_match_tokens`: keyed HMAC tokens (blind indexes) of the matcher's keys (modules/matching/matching.keys.ts)
 *   and of the coarse facts the explanation uses (sex, nationality). Looked up by equality only, so a B-tree index on
 *   `token`. Replaced whenever the person is created or edited, deleted when the person is anonymised. Never a value
 *   in clear. Filled for existing persons at start (persons.service `backfillMatchTokens`): a migration has no
 *   keyring.
 * - `person_links`: a link request from one organisation's record to another's (`requested`), accepted, declined or
 *   unlinked later. `pair_key` is the two person ids sorted and joined: a unique index on it among live links
 *   (requested or accepted) makes a second request for the same pair impossible, also when two arrive at once.
 *   The decline reason is free text, encrypted (`person_links.reason_enc:<id>`).
 * Frozen in time: never edit after release.
 */
import { sql, type Kysely } from 'kysely';

/** `column IN ('a', 'b')` as a check (text with a check constraint, portable; no enum types). */
function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} IN (${sql.join(values.map((v) => sql.lit(v)))})`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('person_match_tokens')
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    /** The organisation that recorded the person (who manages them now is read from their cases). */
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .execute();
  // Both lookups read an index alone (index-only scans): the persons sharing a token, then the tokens of those
  // persons (matching.repository personsSharing, tokensShared; bench/candidates.ts at a million persons).
  await db.schema.createIndex('person_match_tokens_token').on('person_match_tokens').columns(['token', 'person_id']).execute();
  await db.schema.createIndex('person_match_tokens_person').on('person_match_tokens').columns(['person_id', 'token', 'kind']).execute();

  await db.schema
    .createTable('person_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('from_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('to_person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('to_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('pair_key', 'text', (c) => c.notNull())
    .addColumn('strength', 'text', (c) => c.notNull())
    /** JSON list of the kinds of facts that agreed (name, birthYear, document, phone, sex, nationality). */
    .addColumn('agreed', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason_enc', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('unlinked_by', 'text')
    .addColumn('unlinked_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('person_links_status', sqlIn('status', ['requested', 'accepted', 'declined', 'unlinked']))
    .addCheckConstraint('person_links_strength', sqlIn('strength', ['strong', 'partial']))
    .execute();
  await db.schema
    .createIndex('person_links_live_pair')
    .on('person_links')
    .column('pair_key')
    .unique()
    .where(sql.ref('status'), 'in', ['requested', 'accepted'])
    .execute();
  await db.schema.createIndex('person_links_from').on('person_links').columns(['from_person_id', 'status']).execute();
  await db.schema.createIndex('person_links_to').on('person_links').columns(['to_person_id', 'status']).execute();
}
