/**
 * The commission's statistics: an index for the grouped counts by year of identification, situation and
 * status (the dashboard and exports scan one calendar year). Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('cases_statistics_idx').on('cases').columns(['identified_on', 'situation_type', 'identification_status']).execute();
  await db.schema.createIndex('anonymous_notifications_identified_idx').on('anonymous_notifications').column('identified_on').execute();
}
