import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import type {
  AgreementDocumentsTable, AgreementPartiesTable, AgreementsTable, CampaignsTable, CooperationRequestEventsTable, CooperationRequestsTable, DB, TrainingParticipantsTable, TrainingsTable,
} from '../../platform/db/schema';

type Q = Db | Tx;
/** `limit` null: every matching row (the year's summary); lists show the latest 500. */
export type Filters = { year?: number; status?: string; region?: string; limit?: number | null };
const limitOf = (f: Filters) => (f.limit === undefined ? 500 : f.limit);
type Versioned = 'campaigns' | 'trainings' | 'agreements' | 'cooperation_requests';

const yearRange = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

/**
 * Visibility lives in the query: `orgId` null is the secretariat (everything); otherwise campaigns the
 * organisation organises or partners in, trainings it organises, agreements it is a party to, cooperation
 * requests it handles.
 */
export const activitiesRepository = {
  campaigns(db: Q, orgId: string | null, f: Filters, id?: string) {
    let q = db.selectFrom('campaigns as c').selectAll('c');
    if (orgId !== null) {
      q = q.where((eb) => eb.or([
        eb('c.organiser_id', '=', orgId),
        eb.exists(eb.selectFrom('campaign_partners as cp').select('cp.campaign_id').whereRef('cp.campaign_id', '=', 'c.id').where('cp.organisation_id', '=', orgId)),
      ]));
    }
    if (id) q = q.where('c.id', '=', id);
    if (f.year) q = q.where('c.start_on', '>=', yearRange(f.year)[0]).where('c.start_on', '<=', yearRange(f.year)[1]);
    if (f.status) q = q.where('c.status', '=', f.status);
    if (f.region) q = q.where((eb) => eb.exists(eb.selectFrom('campaign_regions as cr').select('cr.campaign_id').whereRef('cr.campaign_id', '=', 'c.id').where('cr.region_code', '=', f.region!)));
    return q.orderBy('c.start_on', 'desc').orderBy('c.id', 'desc').$if(limitOf(f) !== null, (qb) => qb.limit(limitOf(f)!)).execute();
  },
  campaignRegions(db: Q, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('campaign_regions').selectAll().where('campaign_id', 'in', ids).orderBy('region_code').execute();
  },
  campaignPartners(db: Q, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('campaign_partners').selectAll().where('campaign_id', 'in', ids).execute();
  },
  async replaceCampaignChildren(trx: Tx, id: string, regions: string[] | undefined, partners: string[] | undefined) {
    if (regions) {
      await trx.deleteFrom('campaign_regions').where('campaign_id', '=', id).execute();
      if (regions.length) await trx.insertInto('campaign_regions').values(regions.map((region_code) => ({ campaign_id: id, region_code }))).execute();
    }
    if (partners) {
      await trx.deleteFrom('campaign_partners').where('campaign_id', '=', id).execute();
      if (partners.length) await trx.insertInto('campaign_partners').values(partners.map((organisation_id) => ({ campaign_id: id, organisation_id }))).execute();
    }
  },
  insertCampaign: (trx: Tx, row: CampaignsTable) => trx.insertInto('campaigns').values(row).execute(),

  trainings(db: Q, orgId: string | null, f: Filters, id?: string) {
    let q = db.selectFrom('trainings as t').selectAll('t');
    if (orgId !== null) q = q.where('t.organiser_id', '=', orgId);
    if (id) q = q.where('t.id', '=', id);
    if (f.year) q = q.where('t.start_on', '>=', yearRange(f.year)[0]).where('t.start_on', '<=', yearRange(f.year)[1]);
    if (f.region) q = q.where('t.region_code', '=', f.region);
    return q.orderBy('t.start_on', 'desc').orderBy('t.id', 'desc').$if(limitOf(f) !== null, (qb) => qb.limit(limitOf(f)!)).execute();
  },
  participants(db: Q, ids: string[]): Promise<TrainingParticipantsTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('training_participants').selectAll().where('training_id', 'in', ids).execute();
  },
  async replaceParticipants(trx: Tx, id: string, rows: { organisation_type: string; women: number; men: number }[]) {
    await trx.deleteFrom('training_participants').where('training_id', '=', id).execute();
    if (rows.length) await trx.insertInto('training_participants').values(rows.map((r) => ({ training_id: id, ...r }))).execute();
  },
  insertTraining: (trx: Tx, row: TrainingsTable) => trx.insertInto('trainings').values(row).execute(),

  agreements(db: Q, orgId: string | null, f: Filters, id?: string) {
    let q = db.selectFrom('agreements as a').selectAll('a');
    if (orgId !== null) {
      q = q.where((eb) => eb.exists(eb.selectFrom('agreement_parties as ap').select('ap.id').whereRef('ap.agreement_id', '=', 'a.id').where('ap.organisation_id', '=', orgId)));
    }
    if (id) q = q.where('a.id', '=', id);
    if (f.year) {
      // Signed in the year, or in effect at some time during it.
      const [from, to] = yearRange(f.year);
      q = q.where((eb) => eb.or([
        eb.and([eb('a.signed_on', '>=', from), eb('a.signed_on', '<=', to)]),
        eb.and([eb(sql`coalesce(a.effective_from, a.signed_on)`, '<=', to), eb.or([eb('a.effective_to', 'is', null), eb('a.effective_to', '>=', from)])]),
      ]));
    }
    return q.orderBy(sql`coalesce(a.signed_on, a.created_at)`, 'desc').orderBy('a.id', 'desc').$if(limitOf(f) !== null, (qb) => qb.limit(limitOf(f)!)).execute();
  },
  parties(db: Q, ids: string[]): Promise<AgreementPartiesTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('agreement_parties').selectAll().where('agreement_id', 'in', ids).orderBy('position').execute();
  },
  async replaceParties(trx: Tx, rows: AgreementPartiesTable[], agreementId: string) {
    await trx.deleteFrom('agreement_parties').where('agreement_id', '=', agreementId).execute();
    if (rows.length) await trx.insertInto('agreement_parties').values(rows).execute();
  },
  insertAgreement: (trx: Tx, row: AgreementsTable) => trx.insertInto('agreements').values(row).execute(),
  /** Documents of these agreements, without their content. */
  documents(db: Q, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('agreement_documents').select(['id', 'agreement_id', 'file_name_enc', 'mime_type', 'size_bytes', 'created_at']).where('agreement_id', 'in', ids).execute();
  },
  document: (db: Q, agreementId: string) => db.selectFrom('agreement_documents').selectAll().where('agreement_id', '=', agreementId).executeTakeFirst(),
  /** One document per agreement: a new upload replaces the previous one. */
  async replaceDocument(trx: Tx, row: AgreementDocumentsTable) {
    await trx.deleteFrom('agreement_documents').where('agreement_id', '=', row.agreement_id).execute();
    await trx.insertInto('agreement_documents').values(row).execute();
  },

  cooperation(db: Q, orgId: string | null, f: Filters, id?: string) {
    let q = db.selectFrom('cooperation_requests as r').selectAll('r');
    if (orgId !== null) q = q.where('r.handling_org_id', '=', orgId);
    if (id) q = q.where('r.id', '=', id);
    if (f.year) q = q.where('r.opened_on', '>=', yearRange(f.year)[0]).where('r.opened_on', '<=', yearRange(f.year)[1]);
    if (f.status) q = q.where('r.status', '=', f.status);
    return q.orderBy('r.opened_on', 'desc').orderBy('r.id', 'desc').$if(limitOf(f) !== null, (qb) => qb.limit(limitOf(f)!)).execute();
  },
  events(db: Q, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('cooperation_request_events as e')
      .leftJoin('users as u', 'u.id', 'e.changed_by')
      .select(['e.request_id', 'e.from_status', 'e.to_status', 'e.on_date', 'e.at', 'u.display_name'])
      .where('e.request_id', 'in', ids)
      .orderBy('e.on_date')
      .orderBy('e.at')
      .execute();
  },
  insertCooperation: (trx: Tx, row: CooperationRequestsTable) => trx.insertInto('cooperation_requests').values(row).execute(),
  addEvent: (trx: Tx, row: CooperationRequestEventsTable) => trx.insertInto('cooperation_request_events').values(row).execute(),

  /** Optimistic concurrency: the row changes only if nobody changed it since `version` was read. */
  async update<T extends Versioned>(trx: Tx, table: T, id: string, version: number, patch: Partial<DB[T]>): Promise<boolean> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r = await (trx as any).updateTable(table).set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  organisations(db: Q, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('organisations').select(['id', 'name', 'active', 'type']).where('id', 'in', ids).execute();
  },
};
