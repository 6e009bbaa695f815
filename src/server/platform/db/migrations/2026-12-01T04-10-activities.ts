/**
 * Prevention and partnership activities: awareness campaigns (regions and partner organisations as rows),
 * trainings with participants by organisation type × sex (rows), partnership agreements with their parties
 * (platform organisations or external parties with a country) and their signed document (encrypted, one per
 * agreement, replaceable), international cooperation requests with the
 * history of their status changes. Multi-valued enumerations (audiences, channels, languages, topics,
 * pillars) are JSON lists. Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title_fr', 'text', (c) => c.notNull())
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('audiences', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('end_on', 'text')
    .addColumn('organiser_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('people_reached', 'integer')
    .addColumn('action_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('description_enc', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaigns_start_idx').on('campaigns').columns(['start_on', 'id']).execute();
  await db.schema
    .createTable('campaign_regions')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_regions_pk', ['campaign_id', 'region_code'])
    .execute();
  await db.schema
    .createTable('campaign_partners')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('campaign_partners_pk', ['campaign_id', 'organisation_id'])
    .execute();
  await db.schema.createIndex('campaign_partners_org_idx').on('campaign_partners').column('organisation_id').execute();

  await db.schema
    .createTable('trainings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('end_on', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('organiser_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('hours', 'integer', (c) => c.notNull())
    .addColumn('description_enc', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trainings_start_idx').on('trainings').columns(['start_on', 'id']).execute();
  await db.schema
    .createTable('training_participants')
    .addColumn('training_id', 'text', (c) => c.notNull().references('trainings.id'))
    .addColumn('organisation_type', 'text', (c) => c.notNull())
    .addColumn('women', 'integer', (c) => c.notNull())
    .addColumn('men', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_participants_pk', ['training_id', 'organisation_type'])
    .execute();

  await db.schema
    .createTable('agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('signed_on', 'text')
    .addColumn('effective_from', 'text')
    .addColumn('effective_to', 'text')
    .addColumn('pillars', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('description_enc', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('agreement_parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('external_name', 'text')
    .addColumn('country_code', 'text')
    .execute();
  await db.schema.createIndex('agreement_parties_agreement_idx').on('agreement_parties').columns(['agreement_id', 'position']).execute();
  await db.schema
    .createTable('agreement_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agreement_id', 'text', (c) => c.notNull().unique().references('agreements.id'))
    .addColumn('file_name_enc', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_enc', blob, (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agreement_parties_org_idx').on('agreement_parties').column('organisation_id').execute();

  await db.schema
    .createTable('cooperation_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('country_code', 'text', (c) => c.notNull())
    .addColumn('authority', 'text', (c) => c.notNull())
    .addColumn('handling_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('subject_enc', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cooperation_requests_opened_idx').on('cooperation_requests').columns(['opened_on', 'id']).execute();
  await db.schema
    .createTable('cooperation_request_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('cooperation_requests.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cooperation_request_events_idx').on('cooperation_request_events').columns(['request_id', 'at']).execute();
}
