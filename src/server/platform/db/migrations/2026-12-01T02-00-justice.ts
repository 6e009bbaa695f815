/**
 * Justice track: criminal proceedings, defendants (identifying data encrypted), victims in proceedings
 * (many-to-many with cases), protection measures, hearings, and non-punishment records (a victim accused of
 * an offence linked to their exploitation). Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('proceedings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('owner_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('court_org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('police_report_ref', 'text')
    .addColumn('prosecution_file_ref', 'text')
    .addColumn('court_file_ref', 'text')
    .addColumn('court_of_appeal', 'text')
    .addColumn('jurisdiction', 'text')
    .addColumn('offences', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('complaint_on', 'text', (c) => c.notNull())
    .addColumn('investigation_on', 'text')
    .addColumn('prosecution_on', 'text')
    .addColumn('trial_on', 'text')
    .addColumn('judgment_on', 'text')
    .addColumn('appeal_on', 'text')
    .addColumn('final_on', 'text')
    .addColumn('notes_enc', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('proceedings_owner_idx').on('proceedings').columns(['owner_org_id', 'updated_at']).execute();
  await db.schema.createIndex('proceedings_court_idx').on('proceedings').columns(['court_org_id']).execute();
  await db.schema.createIndex('proceedings_complaint_idx').on('proceedings').columns(['complaint_on']).execute();

  await db.schema
    .createTable('proceeding_defendants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proceeding_id', 'text', (c) => c.notNull().references('proceedings.id'))
    .addColumn('identity_enc', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('age_group', 'text', (c) => c.notNull())
    .addColumn('nationality', 'text')
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('prosecuted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text')
    .addColumn('outcome_on', 'text')
    .addColumn('sentence_months', 'integer')
    .addColumn('suspended_sentence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fine_mad', 'integer')
    .addColumn('confiscated_assets_mad', 'integer')
    .addColumn('compensation_ordered_mad', 'integer')
    .addColumn('compensation_paid_mad', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('proceeding_defendants_proceeding_idx').on('proceeding_defendants').columns(['proceeding_id']).execute();

  await db.schema
    .createTable('proceeding_victims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proceeding_id', 'text', (c) => c.notNull().references('proceedings.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('proceeding_victims_unique').on('proceeding_victims').columns(['proceeding_id', 'case_id']).unique().execute();
  await db.schema.createIndex('proceeding_victims_case_idx').on('proceeding_victims').columns(['case_id']).execute();

  await db.schema
    .createTable('protection_measures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proceeding_victim_id', 'text', (c) => c.notNull().references('proceeding_victims.id'))
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('protection_measures_victim_idx').on('protection_measures').columns(['proceeding_victim_id']).execute();

  await db.schema
    .createTable('hearings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proceeding_id', 'text', (c) => c.notNull().references('proceedings.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hearings_proceeding_idx').on('hearings').columns(['proceeding_id', 'scheduled_at']).execute();

  await db.schema
    .createTable('non_punishment_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('offence', 'text', (c) => c.notNull())
    .addColumn('accused_on', 'text', (c) => c.notNull())
    .addColumn('proceeding_ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_by_org_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('non_punishment_case_idx').on('non_punishment_records').columns(['case_id']).execute();
}
