/**
 * Intake: languages as ISO 639-3, and a case's journey, debt and recruitment.
 *
 * 1. Languages were ISO 639-1 (two letters), which cannot record Edo, Nigerian Pidgin, Tarifit… Every stored
 *    two-letter code becomes its ISO 639-3 equivalent (`fr` → `fra`, `ar` → `ara`, `bm` → `bam`), wherever a
 *    language is stored in clear: persons.languages (JSON list; the person's languages are part of the minimal
 *    record, not encrypted), service_languages.language (the directory's rows), consents.language and
 *    campaigns.languages (JSON list). The interview language of a screening lives inside encrypted conditions
 *    and cannot be rewritten here; the web app reads a two-letter code there as its 639-3 equivalent.
 *    Codes that are not ISO 639-1 are left as they are. The interface languages (users.language,
 *    email_outbox.language: fr/ar/en) are not person languages and do not change.
 * 2. cases.journey_enc, debt_enc, recruitment_enc: encrypted JSON, like the story they belong to (the
 *    `exploitation_story` category). Columns rather than tables: every field of a leg (cities, dates, who
 *    controlled it) and of the debt and recruitment is personal and must be encrypted, so rows would give no
 *    query that the encrypted values do not already refuse; the legs are always read and written together with
 *    their case, in order; and an encrypted column is covered by key rotation and bound to its row like the
 *    story. Statistics by route keep using case_places (countries of origin, transit and exploitation).
 *
 * Frozen in time: never edit after release (the ISO 639-1 → 639-3 table is the package's, which ISO keeps stable).
 */
import { sql, type Kysely } from 'kysely';
import { iso6393To1 } from 'iso-639-3/iso6393-to-1.js';

const TO_639_3 = new Map(Object.entries(iso6393To1).map(([three, one]) => [one, three]));

function mapList(json: string): string {
  const list = JSON.parse(json) as unknown;
  if (!Array.isArray(list)) return json;
  const out: unknown[] = [];
  for (const code of list) {
    const mapped = typeof code === 'string' ? (TO_639_3.get(code) ?? code) : code;
    if (!out.includes(mapped)) out.push(mapped);
  }
  return JSON.stringify(out);
}

/** Rewrites a JSON list column in batches (keyset on id), only the rows holding a two-letter code. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function mapJsonColumn(db: Kysely<any>, table: string, column: string): Promise<void> {
  let last = '';
  for (;;) {
    const rows = (await db
      .selectFrom(table)
      .select(['id', column])
      .where('id', '>', last)
      .where(column, 'like', '%"__"%')
      .orderBy('id')
      .limit(1000)
      .execute()) as { id: string; [k: string]: string }[];
    if (rows.length === 0) return;
    last = rows[rows.length - 1]!.id;
    for (const row of rows) {
      const next = mapList(row[column]!);
      if (next !== row[column]) await db.updateTable(table).set({ [column]: next }).where('id', '=', row.id).execute();
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['journey_enc', 'debt_enc', 'recruitment_enc']) await db.schema.alterTable('cases').addColumn(column, 'text').execute();
  await mapLanguageCodes(db);
}

/** Part 1 on its own (exported for the test that writes two-letter rows and checks what becomes of them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function mapLanguageCodes(db: Kysely<any>): Promise<void> {
  await mapJsonColumn(db, 'persons', 'languages');
  await mapJsonColumn(db, 'campaigns', 'languages');

  // One statement per table: CASE over the 184 two-letter codes (the same SQL on both databases).
  const cases = sql.join([...TO_639_3].map(([one, three]) => sql`WHEN ${one} THEN ${three}`), sql` `);
  const codes = sql.join([...TO_639_3.keys()].map((one) => sql`${one}`));
  await sql`UPDATE service_languages SET language = CASE language ${cases} END WHERE language IN (${codes})`.execute(db);
  await sql`UPDATE consents SET language = CASE language ${cases} END WHERE language IN (${codes})`.execute(db);
}
