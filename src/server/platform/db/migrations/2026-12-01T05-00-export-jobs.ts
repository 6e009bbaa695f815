/**
 * Standard exports as jobs: a row per requested file with its progress, claimed with a conditional update
 * and picked up again after a restart; the finished file is kept encrypted (k-anonymised microdata is still
 * sensitive) for a few days, then erased. The annual report job also keeps a DOCX beside its PDF. Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('export_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_org_id', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('file_enc', blob)
    .addColumn('file_name', 'text')
    .addColumn('content_type', 'text')
    .addColumn('summary', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('export_jobs_status_idx').on('export_jobs').columns(['status', 'created_at']).execute();
  // The annual report is also produced as a Word document, beside its PDF.
  await db.schema.alterTable('report_jobs').addColumn('docx', blob).execute();
  await db.schema.createIndex('export_jobs_requester_idx').on('export_jobs').columns(['requested_by', 'created_at']).execute();
}
