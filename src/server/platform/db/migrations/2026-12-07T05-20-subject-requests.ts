/**
 * The register of data-subject requests (law 09-08): access, rectification, objection, restriction, erasure.
 * `status` in ('received', 'in_progress') is an open request: the retention code reads it as a legal hold on the
 * person, so that column and those values are part of the contract between the two modules. The identity check
 * and the decision's reason are free text, encrypted (`subject_requests.<column>:<id>`).
 * Frozen in time: never edit after release.
 */
import { sql, type Kysely } from 'kysely';

/** `column IN ('a', 'b')` as a check (text with a check constraint, portable; no enum types). */
function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} IN (${sql.join(values.map((v) => sql.lit(v)))})`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subject_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    /** The case the request was recorded from. */
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    /** The organisation that holds the record and answers (the case's managing organisation at the time). */
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('identity_check_enc', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision_reason_enc', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('response_sent_on', 'text')
    .addColumn('lifted_at', 'text')
    .addColumn('lifted_by', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('subject_requests_kind', sqlIn('kind', ['access', 'rectification', 'objection', 'restriction', 'erasure']))
    .addCheckConstraint('subject_requests_status', sqlIn('status', ['received', 'in_progress', 'granted', 'partly_granted', 'refused', 'withdrawn']))
    .execute();
  await db.schema.createIndex('subject_requests_person_idx').on('subject_requests').columns(['person_id', 'status']).execute();
  await db.schema.createIndex('subject_requests_case_idx').on('subject_requests').columns(['case_id', 'received_on']).execute();
}

