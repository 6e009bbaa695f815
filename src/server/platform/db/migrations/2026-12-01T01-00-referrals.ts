/**
 * Referrals and services: the service directory (regions and languages as rows, so searches use indexes),
 * consents, referrals with their events and service deliveries, and transfers of case management.
 * Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('sexes', 'text', (c) => c.notNull())
    .addColumn('min_age', 'integer')
    .addColumn('max_age', 'integer')
    .addColumn('nationalities', 'text', (c) => c.notNull())
    .addColumn('staff_sexes', 'text', (c) => c.notNull())
    .addColumn('accessibility', 'text', (c) => c.notNull())
    .addColumn('opening_hours', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('capacity_total', 'integer')
    .addColumn('capacity_available', 'integer')
    .addColumn('capacity_updated_at', 'text')
    .addColumn('capacity_updated_by', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Results come in name order: these indexes let a search stop after its first page.
  await db.schema.createIndex('services_type_idx').on('services').columns(['type', 'active', 'name']).execute();
  await db.schema.createIndex('services_name_idx').on('services').columns(['active', 'name']).execute();
  await db.schema.createIndex('services_org_idx').on('services').columns(['organisation_id']).execute();
  await db.schema
    .createTable('service_regions')
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_regions_pk', ['service_id', 'region_code'])
    .execute();
  await db.schema.createIndex('service_regions_region_idx').on('service_regions').columns(['region_code', 'service_id']).execute();
  await db.schema
    .createTable('service_languages')
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_languages_pk', ['service_id', 'language'])
    .execute();
  await db.schema.createIndex('service_languages_language_idx').on('service_languages').columns(['language', 'service_id']).execute();

  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('recipient_org_id', 'text')
    .addColumn('recipient_service_type', 'text')
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('interpreter_used', 'integer', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('given_by', 'text', (c) => c.notNull())
    .addColumn('details_enc', 'text', (c) => c.notNull())
    .addColumn('given_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawal_enc', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consents_case_idx').on('consents').columns(['case_id', 'created_at']).execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('from_org_id', 'text', (c) => c.notNull())
    .addColumn('from_user_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('to_org_id', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('reason_enc', 'text', (c) => c.notNull())
    .addColumn('message_enc', 'text')
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('consent_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('holds_place', 'integer', (c) => c.notNull())
    .addColumn('respond_by', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .addColumn('first_service_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('followed_up_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referrals_case_idx').on('referrals').columns(['case_id', 'sent_at']).execute();
  await db.schema.createIndex('referrals_to_idx').on('referrals').columns(['to_org_id', 'status', 'sent_at']).execute();
  await db.schema.createIndex('referrals_from_idx').on('referrals').columns(['from_org_id', 'status', 'sent_at']).execute();
  await db.schema.createIndex('referrals_expiry_idx').on('referrals').columns(['status', 'expires_at']).execute();
  await db.schema.createIndex('referrals_consent_idx').on('referrals').columns(['consent_id']).execute();

  await db.schema
    .createTable('referral_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referrals.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'text')
    .addColumn('note_enc', 'text')
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_org_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('referral_events_referral_idx').on('referral_events').columns(['referral_id', 'at']).execute();

  await db.schema
    .createTable('service_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referrals.id'))
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('delivered_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('units', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note_enc', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_deliveries_referral_idx').on('service_deliveries').columns(['referral_id', 'delivered_on']).execute();
  await db.schema.createIndex('service_deliveries_case_idx').on('service_deliveries').columns(['case_id']).execute();

  await db.schema
    .createTable('case_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('from_org_id', 'text', (c) => c.notNull())
    .addColumn('to_org_id', 'text', (c) => c.notNull())
    .addColumn('reason_enc', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('responded_by', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('note_enc', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_transfers_case_idx').on('case_transfers').columns(['case_id', 'created_at']).execute();
  await db.schema.createIndex('case_transfers_to_idx').on('case_transfers').columns(['to_org_id', 'status']).execute();
  await db.schema.createIndex('case_transfers_from_idx').on('case_transfers').columns(['from_org_id', 'status']).execute();

  // Grants are looked up by their source when a referral ends or a consent is withdrawn.
  await db.schema.createIndex('case_grants_source_idx').on('case_grants').columns(['source', 'source_id']).execute();
}
