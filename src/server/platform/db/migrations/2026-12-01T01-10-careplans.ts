/**
 * Care plans (one per case: the durable-solution track), needs assessments, goals, actions, case
 * conferences with their decisions, and the e-mail outbox of notifications.
 * Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('care_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases.id'))
    .addColumn('durable_track', 'text', (c) => c.notNull())
    .addColumn('durable_status', 'text', (c) => c.notNull())
    .addColumn('durable_note_enc', 'text')
    .addColumn('durable_updated_by', 'text')
    .addColumn('durable_updated_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('care_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('assessed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('assessed_on', 'text', (c) => c.notNull())
    /** JSON {domain: level}; the notes per domain are encrypted. */
    .addColumn('levels', 'text', (c) => c.notNull())
    .addColumn('notes_enc', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('care_assessments_case_idx').on('care_assessments').columns(['case_id', 'assessed_on']).execute();

  await db.schema
    .createTable('care_goals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('text_enc', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('care_goals_case_idx').on('care_goals').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('case_conferences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    /** JSON list of organisation ids (not personal data). */
    .addColumn('participant_orgs', 'text', (c) => c.notNull())
    .addColumn('participants_enc', 'text', (c) => c.notNull())
    .addColumn('minutes_enc', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_conferences_case_idx').on('case_conferences').columns(['case_id', 'held_on']).execute();

  await db.schema
    .createTable('conference_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conference_id', 'text', (c) => c.notNull().references('case_conferences.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text_enc', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text')
    .addColumn('task_id', 'text')
    .execute();
  await db.schema.createIndex('conference_decisions_conf_idx').on('conference_decisions').columns(['conference_id', 'position']).execute();

  await db.schema
    .createTable('care_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('goal_id', 'text', (c) => c.references('care_goals.id'))
    .addColumn('conference_id', 'text', (c) => c.references('case_conferences.id'))
    .addColumn('decision_id', 'text')
    .addColumn('title_enc', 'text', (c) => c.notNull())
    .addColumn('responsible_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('due_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('care_actions_case_idx').on('care_actions').columns(['case_id', 'created_at']).execute();
  await db.schema.createIndex('care_actions_org_idx').on('care_actions').columns(['responsible_org_id', 'status']).execute();

  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** Only what the message is about in general ('notification'); never a case or a person. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_outbox_due_idx').on('email_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('email_outbox_user_idx').on('email_outbox').columns(['user_id', 'status']).execute();
}
