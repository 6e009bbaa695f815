/**
 * The national action plan: a plan (years, status, version), objectives under a pillar, actions under an
 * objective (lead organisation, partner organisations as rows, budget in minor units), indicators per action
 * (unit, frequency, baseline) with one target per year as rows; progress reports per action and period
 * (one per action × period), their indicator values as rows, and an optional encrypted evidence file.
 * Indicator values, baselines and targets are decimal numbers kept as text (same on SQLite and PostgreSQL).
 *
 * A late progress report is a task (`tasks`, subject `plan_action_report`) that belongs to no case: the
 * tasks' `case_id` becomes optional (PostgreSQL: drop NOT NULL; SQLite cannot drop a constraint, so the
 * table is rebuilt with the same columns and indexes, foreign keys off meanwhile — SQLite migrations do
 * not run in a transaction). `plan_report_deadlines` names each (action, period) that has its task, so
 * the deadlines job is idempotent. Frozen in time: never edit after release.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function tasksWithoutCase(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres') {
    await sql`ALTER TABLE tasks ALTER COLUMN case_id DROP NOT NULL`.execute(db);
    return;
  }
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await sql`BEGIN`.execute(db);
    await db.schema
      .createTable('tasks_rebuilt')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.references('cases.id'))
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
      .addColumn('subject_type', 'text')
      .addColumn('subject_id', 'text')
      .execute();
    const cols = sql.raw('id, case_id, rule, status, assignee_org_id, assignee_user_id, due_at, remind_at, reminded_at, escalated_at, completed_at, completed_by, version, created_at, subject_type, subject_id');
    await sql`INSERT INTO tasks_rebuilt (${cols}) SELECT ${cols} FROM tasks`.execute(db);
    await sql`DROP TABLE tasks`.execute(db);
    await sql`ALTER TABLE tasks_rebuilt RENAME TO tasks`.execute(db);
    await db.schema.createIndex('tasks_case_idx').on('tasks').columns(['case_id', 'rule']).execute();
    await db.schema.createIndex('tasks_due_idx').on('tasks').columns(['status', 'escalated_at', 'due_at']).execute();
    await db.schema.createIndex('tasks_remind_idx').on('tasks').columns(['status', 'reminded_at', 'remind_at']).execute();
    await db.schema.createIndex('tasks_assignee_idx').on('tasks').columns(['assignee_org_id', 'status', 'due_at']).execute();
    await db.schema.createIndex('tasks_subject_idx').on('tasks').columns(['subject_type', 'subject_id', 'status']).execute();
    // Only what the rebuild can break: the tasks' own references and the rows that point at tasks.
    const broken = [...(await sql<{ table: string }>`PRAGMA foreign_key_check(tasks)`.execute(db)).rows, ...(await sql<{ table: string }>`PRAGMA foreign_key_check(task_changes)`.execute(db)).rows];
    if (broken.length) throw new Error(`tasks rebuild broke foreign keys: ${JSON.stringify(broken.slice(0, 3))}`);
    await sql`COMMIT`.execute(db);
  } catch (err) {
    await sql`ROLLBACK`.execute(db).catch(() => undefined);
    throw err;
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  await tasksWithoutCase(db, dialect);
  await db.schema
    .createTable('action_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('title_fr', 'text', (c) => c.notNull())
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('start_year', 'integer', (c) => c.notNull())
    .addColumn('end_year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plan_objectives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('action_plans.id'))
    .addColumn('pillar', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title_fr', 'text', (c) => c.notNull())
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_objectives_code_idx').unique().on('plan_objectives').columns(['plan_id', 'code']).execute();

  await db.schema
    .createTable('plan_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('action_plans.id'))
    .addColumn('objective_id', 'text', (c) => c.notNull().references('plan_objectives.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title_fr', 'text', (c) => c.notNull())
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('lead_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('budget_minor', 'integer')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_actions_code_idx').unique().on('plan_actions').columns(['plan_id', 'code']).execute();
  await db.schema.createIndex('plan_actions_objective_idx').on('plan_actions').column('objective_id').execute();
  await db.schema.createIndex('plan_actions_lead_idx').on('plan_actions').column('lead_org_id').execute();

  await db.schema
    .createTable('plan_action_partners')
    .addColumn('action_id', 'text', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('plan_action_partners_pk', ['action_id', 'organisation_id'])
    .execute();
  await db.schema.createIndex('plan_action_partners_org_idx').on('plan_action_partners').column('organisation_id').execute();

  await db.schema
    .createTable('plan_indicators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('action_plans.id'))
    .addColumn('action_id', 'text', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title_fr', 'text', (c) => c.notNull())
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('baseline_value', 'text')
    .addColumn('baseline_year', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_indicators_code_idx').unique().on('plan_indicators').columns(['plan_id', 'code']).execute();
  await db.schema.createIndex('plan_indicators_action_idx').on('plan_indicators').column('action_id').execute();

  await db.schema
    .createTable('plan_indicator_targets')
    .addColumn('indicator_id', 'text', (c) => c.notNull().references('plan_indicators.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_indicator_targets_pk', ['indicator_id', 'year'])
    .execute();

  await db.schema
    .createTable('plan_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('action_plans.id'))
    .addColumn('action_id', 'text', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('action_status', 'text', (c) => c.notNull())
    .addColumn('narrative_enc', 'text')
    .addColumn('review_note_enc', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_reports_period_idx').unique().on('plan_reports').columns(['action_id', 'period']).execute();
  await db.schema.createIndex('plan_reports_status_idx').on('plan_reports').columns(['status', 'submitted_at']).execute();

  await db.schema
    .createTable('plan_report_values')
    .addColumn('report_id', 'text', (c) => c.notNull().references('plan_reports.id'))
    .addColumn('indicator_id', 'text', (c) => c.notNull().references('plan_indicators.id'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_report_values_pk', ['report_id', 'indicator_id'])
    .execute();

  await db.schema
    .createTable('plan_report_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().unique().references('plan_reports.id'))
    .addColumn('file_name_enc', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('content_enc', blob, (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plan_report_deadlines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_report_deadlines_idx').unique().on('plan_report_deadlines').columns(['action_id', 'period']).execute();
}
