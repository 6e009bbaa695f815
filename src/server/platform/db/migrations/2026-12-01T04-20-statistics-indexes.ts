/**
 * Covering indexes for the commission's statistics (statistics.repository, referrals.statistics): the
 * year's victims of one situation are read from one index range scan that holds every column the
 * breakdowns need, and the per-victim lookups (person, main place of exploitation, first referral, first
 * service) are served from index entries, never from the wide rows (encrypted fields). At 1,000,000
 * cases this is what keeps the dashboard close to a plain grouped count. Frozen in time: never edit
 * after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('cases_statistics_cover_idx').ifNotExists()
    .on('cases')
    .columns(['situation_type', 'identified_on', 'identification_status', 'person_id', 'identifying_org_id', 'managing_org_id', 'identification_channel', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('persons_statistics_idx').ifNotExists().on('persons').columns(['id', 'sex', 'approx_birth_year', 'age_uncertain', 'nationalities']).execute();
  await db.schema.createIndex('case_places_statistics_idx').ifNotExists().on('case_places').columns(['case_id', 'kind', 'position', 'country', 'region_code']).execute();
  await db.schema.createIndex('service_deliveries_case_day_idx').ifNotExists().on('service_deliveries').columns(['case_id', 'delivered_on']).execute();
}
