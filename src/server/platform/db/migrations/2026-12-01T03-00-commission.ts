/**
 * The commission's statistics and annual report: an index for the grouped counts by year of
 * identification, situation and status (the dashboard and exports scan one calendar year); the annual
 * report's narrative sections (current draft with a version, and every saved version); report generation
 * jobs with their progress and the finished PDF; the recommendations register (adopted at a commission
 * meeting, study day or workshop) and its follow-up history. Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema.createIndex('cases_statistics_idx').on('cases').columns(['identified_on', 'situation_type', 'identification_status']).execute();
  await db.schema.createIndex('anonymous_notifications_identified_idx').on('anonymous_notifications').column('identified_on').execute();

  await db.schema
    .createTable('report_sections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text_enc', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_sections_key_idx').unique().on('report_sections').columns(['year', 'lang', 'section']).execute();

  await db.schema
    .createTable('report_section_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('section_id', 'text', (c) => c.notNull().references('report_sections.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text_enc', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_section_versions_idx').unique().on('report_section_versions').columns(['section_id', 'version']).execute();

  await db.schema
    .createTable('report_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_org_id', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('pdf', blob)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('report_jobs_status_idx').on('report_jobs').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('recommendations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_event', 'text', (c) => c.notNull())
    .addColumn('adopted_on', 'text', (c) => c.notNull())
    .addColumn('text_fr', 'text', (c) => c.notNull())
    .addColumn('text_ar', 'text', (c) => c.notNull())
    .addColumn('addressed_to', 'text', (c) => c.notNull())
    .addColumn('linked_actions', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recommendations_adopted_idx').on('recommendations').columns(['adopted_on', 'id']).execute();
  await db.schema
    .createTable('recommendation_follow_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recommendation_id', 'text', (c) => c.notNull().references('recommendations.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recommendation_follow_ups_idx').on('recommendation_follow_ups').columns(['recommendation_id', 'at']).execute();
}
