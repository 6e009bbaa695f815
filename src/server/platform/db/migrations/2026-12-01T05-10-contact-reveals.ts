/**
 * "Need to know" reveals of a victim's contact details in a criminal proceeding: the stated reason is free
 * text that may name people, so it is kept here encrypted instead of in the audit log's clear details (the
 * audit entry points at this row; browsing the audit log shows the reason to whoever may read the entry).
 * Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contact_reveals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proceeding_id', 'text', (c) => c.notNull().references('proceedings.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('revealed_by', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('reason_enc', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_reveals_case_idx').on('contact_reveals').columns(['case_id', 'at']).execute();
}
