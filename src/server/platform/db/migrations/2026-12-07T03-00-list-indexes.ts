/**
 * The case list's "assigned to me" filter in list order: the cases of one user newest first, read from the index
 * (without it, every case ever assigned to the user is sorted for each page).
 * Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('cases_assigned_created_idx').on('cases').columns(['assigned_user_id', 'created_at', 'id']).execute();
  await db.schema.dropIndex('cases_assigned_idx').execute();
}
