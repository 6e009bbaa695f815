/**
 * The commission's figures kept up to date as the cases change (modules/statistics/statistics.facts.ts):
 * `statistics_facts` holds what each victim record (a case or an anonymous notification) adds to the
 * figures, `statistics_counts` the sums, one row per year × situation × status × table × key. The
 * dashboard reads a few hundred count rows instead of every victim of the year. The counts are filled at
 * the next start (the facts module rebuilds them when its version is not the stored one).
 * Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('statistics_facts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('situation', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cells', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('statistics_counts')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('situation', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('statistics_counts_pk', ['year', 'situation', 'status', 'dim', 'key'])
    .execute();
}
