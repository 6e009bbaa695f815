/**
 * Identification: screenings, risk assessments, identification decisions (and the case's identification
 * status), deadlines as tasks with their change history, notifications, anonymous notifications.
 * Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('identification_status', 'text', (c) => c.notNull().defaultTo('presumed')).execute();
  await db.schema.alterTable('cases').addColumn('identification_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('cases').addColumn('identification_requested_from', 'text').execute();
  await db.schema.alterTable('cases').addColumn('identification_requested_at', 'text').execute();
  await db.schema.alterTable('cases').addColumn('reconsideration_requested', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('screenings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('screened_by', 'text', (c) => c.notNull())
    .addColumn('set_code', 'text', (c) => c.notNull())
    .addColumn('catalogue_version', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('result_enc', 'text', (c) => c.notNull())
    .addColumn('answers_enc', 'text', (c) => c.notNull())
    .addColumn('conditions_enc', 'text', (c) => c.notNull())
    .addColumn('notes_enc', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('screenings_case_idx').on('screenings').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('risk_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('assessed_by', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('assessment_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_assessments_case_idx').on('risk_assessments').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('identification_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reasons_enc', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('deciding_org_id', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('review_comment_enc', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('reconsideration_enc', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identification_decisions_case_idx').on('identification_decisions').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_org_id', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('remind_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('completed_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tasks_case_idx').on('tasks').columns(['case_id', 'rule']).execute();
  // The sweep looks for open tasks not yet reminded (or escalated) whose time has come.
  await db.schema.createIndex('tasks_due_idx').on('tasks').columns(['status', 'escalated_at', 'due_at']).execute();
  await db.schema.createIndex('tasks_remind_idx').on('tasks').columns(['status', 'reminded_at', 'remind_at']).execute();
  await db.schema.createIndex('tasks_assignee_idx').on('tasks').columns(['assignee_org_id', 'status', 'due_at']).execute();

  await db.schema
    .createTable('task_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('from_due_at', 'text', (c) => c.notNull())
    .addColumn('to_due_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_changes_task_idx').on('task_changes').columns(['task_id', 'at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('task_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_org_idx').on('notifications').columns(['organisation_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('anonymous_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('age_group', 'text', (c) => c.notNull())
    .addColumn('nationality', 'text')
    .addColumn('exploitation_forms', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text')
    .addColumn('identified_on', 'text', (c) => c.notNull())
    .addColumn('identification_channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('anonymous_notifications_org_idx').on('anonymous_notifications').columns(['organisation_id', 'created_at']).execute();
}
