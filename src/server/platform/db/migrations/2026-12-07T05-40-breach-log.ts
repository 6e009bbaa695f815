/**
 * The breach log (law 09-08 accountability): each personal-data breach with the timeline a notification to the
 * CNDP needs (detected, occurred, notified, persons informed, closed). The description, consequences, measures
 * and the reason for not informing the persons are free text, encrypted (`breaches.<column>:<id>`).
 * Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('breaches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('occurred_from', 'text')
    .addColumn('occurred_to', 'text')
    /** JSON arrays of codes: confidentiality | integrity | availability; data categories. */
    .addColumn('natures', 'text', (c) => c.notNull())
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('persons_affected', 'integer')
    .addColumn('description_enc', 'text', (c) => c.notNull())
    .addColumn('consequences_enc', 'text')
    .addColumn('measures_enc', 'text')
    .addColumn('cndp_notified_at', 'text')
    .addColumn('persons_informed_at', 'text')
    .addColumn('persons_not_informed_reason_enc', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('breaches_detected_idx').on('breaches').columns(['detected_at']).execute();
}
