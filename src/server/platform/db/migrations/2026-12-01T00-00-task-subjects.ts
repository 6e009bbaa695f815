/**
 * Tasks about something other than the case as a whole: a referral's response deadline, a hearing. A task
 * may name its subject (`subject_type`, `subject_id`); case-wide deadlines leave both empty.
 * Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('subject_type', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('subject_id', 'text').execute();
  await db.schema.createIndex('tasks_subject_idx').on('tasks').columns(['subject_type', 'subject_id', 'status']).execute();
}
