/**
 * The data-protection lifecycle (modules/retention): each person's data key (crypto-shredding), when a case
 * was closed (the retention clock), which records were anonymised, the database's copy of the erasure ledger,
 * and the retention runs with what each did (record ids and actions only, no personal data).
 * Frozen in time: never edit after release.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('persons').addColumn('data_key_enc', 'text').execute();
  await db.schema.alterTable('persons').addColumn('anonymised_at', 'text').execute();
  await db.schema.alterTable('cases').addColumn('closed_at', 'text').execute();
  await db.schema.alterTable('cases').addColumn('anonymised_at', 'text').execute();
  // Cases closed before this release: their last change is the best date of closure there is.
  await sql`UPDATE cases SET closed_at = updated_at WHERE status IN ('closed', 'closed_referred')`.execute(db);
  await db.schema.createIndex('cases_closed_at').on('cases').columns(['closed_at']).execute();
  await db.schema
    .createTable('erasures')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('erased_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('retention_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createTable('retention_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('retention_runs.id'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('retention_actions_run').on('retention_actions').columns(['run_id']).execute();
}
