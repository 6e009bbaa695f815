import type { Db, Tx } from '../../platform/db/database';
import type { CaseGrantsTable, CaseTransfersTable, ConsentsTable, ReferralEventsTable, ReferralsTable, ServiceDeliveriesTable } from '../../platform/db/schema';
import type { TReferralStatus } from '../../../contract/referrals';

const referralSelect = (db: Db | Tx) =>
  db
    .selectFrom('referrals as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .innerJoin('persons as pe', 'pe.id', 'c.person_id')
    .innerJoin('services as s', 's.id', 'r.service_id')
    .innerJoin('organisations as fo', 'fo.id', 'r.from_org_id')
    .innerJoin('organisations as tor', 'tor.id', 'r.to_org_id')
    .leftJoin('users as fu', 'fu.id', 'r.from_user_id')
    .selectAll('r')
    .select(['c.reference', 'c.managing_org_id', 'c.person_id', 'pe.pseudonym', 's.name as service_name', 's.type as service_type', 'fo.name as from_name', 'tor.name as to_name', 'fu.display_name as from_user_name'])
    // An anonymised case's referrals are history for the statistics only (modules/retention).
    .where('c.anonymised_at', 'is', null);

export type ConsentRow = Awaited<ReturnType<typeof referralsRepository.consents>>[number];
export type ReferralRow = Awaited<ReturnType<ReturnType<typeof referralSelect>['executeTakeFirstOrThrow']>>;

export const referralsRepository = {
  // ——— consents ———
  insertConsent: (trx: Tx, row: ConsentsTable) => trx.insertInto('consents').values(row).execute(),
  consents: (db: Db | Tx, caseId: string) =>
    db
      .selectFrom('consents as k')
      .innerJoin('organisations as o', 'o.id', 'k.organisation_id')
      .leftJoin('organisations as ro', 'ro.id', 'k.recipient_org_id')
      .leftJoin('users as u', 'u.id', 'k.recorded_by')
      .selectAll('k')
      .select(['o.name as org_name', 'ro.name as recipient_name', 'u.display_name as recorded_by_name'])
      .where('k.case_id', '=', caseId)
      .orderBy('k.created_at', 'desc')
      .execute(),
  consent: (db: Db | Tx, id: string) => db.selectFrom('consents').selectAll().where('id', '=', id).executeTakeFirst(),
  async withdrawConsent(trx: Tx, id: string, version: number, patch: Pick<ConsentsTable, 'withdrawn_at' | 'withdrawn_by' | 'withdrawal_enc'>): Promise<boolean> {
    const r = await trx.updateTable('consents').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).where('withdrawn_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  openReferralsOfConsent: (trx: Tx, consentId: string) =>
    trx.selectFrom('referrals').selectAll().where('consent_id', '=', consentId).where('status', 'in', ['sent', 'accepted', 'in_progress']).execute(),

  // ——— referrals ———
  insertReferral: (trx: Tx, row: ReferralsTable) => trx.insertInto('referrals').values(row).execute(),
  insertEvent: (trx: Tx, row: ReferralEventsTable) => trx.insertInto('referral_events').values(row).execute(),
  /** A referral the organisation sends, receives, or whose case it manages. */
  visible: (db: Db | Tx, orgId: string, id: string) =>
    referralSelect(db)
      .where('r.id', '=', id)
      .where((eb) => eb.or([eb('r.from_org_id', '=', orgId), eb('r.to_org_id', '=', orgId), eb('c.managing_org_id', '=', orgId)]))
      .executeTakeFirst(),
  list(db: Db | Tx, orgId: string, f: { box: 'incoming' | 'outgoing'; statuses?: readonly string[]; followUp?: boolean; caseId?: string; limit: number }) {
    let q = referralSelect(db);
    if (f.caseId) {
      const caseId = f.caseId;
      q = q.where('r.case_id', '=', caseId).where((eb) => eb.or([eb('r.from_org_id', '=', orgId), eb('r.to_org_id', '=', orgId), eb('c.managing_org_id', '=', orgId)]));
    } else q = q.where(f.box === 'incoming' ? 'r.to_org_id' : 'r.from_org_id', '=', orgId);
    if (f.statuses) q = q.where('r.status', 'in', f.statuses);
    if (f.followUp) q = q.where('r.followed_up_at', 'is', null);
    return q.orderBy('r.sent_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute();
  },
  async transition(trx: Tx, id: string, version: number, from: TReferralStatus, patch: Partial<ReferralsTable>): Promise<boolean> {
    const r = await trx.updateTable('referrals').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).where('status', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  events: (db: Db | Tx, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('referral_events as e')
          .leftJoin('users as u', 'u.id', 'e.actor_user_id')
          .leftJoin('organisations as o', 'o.id', 'e.actor_org_id')
          .selectAll('e')
          .select(['u.display_name', 'o.name as org_name'])
          .where('e.referral_id', 'in', ids)
          .orderBy('e.at')
          .orderBy('e.id')
          .execute(),
  insertDelivery: (trx: Tx, row: ServiceDeliveriesTable) => trx.insertInto('service_deliveries').values(row).execute(),
  deliveries: (db: Db | Tx, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('service_deliveries as d')
          .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
          .leftJoin('users as u', 'u.id', 'd.recorded_by')
          .selectAll('d')
          .select(['u.display_name', 'o.name as org_name'])
          .where('d.referral_id', 'in', ids)
          .orderBy('d.delivered_on')
          .orderBy('d.id')
          .execute(),
  /** Referrals still waiting for an answer whose expiry has come (claimed by a conditional update after). */
  dueForExpiry: (db: Db | Tx, now: string, limit: number) =>
    db.selectFrom('referrals').selectAll().where('status', '=', 'sent').where('expires_at', '<=', now).orderBy('expires_at').limit(limit).execute(),

  // ——— grants ———
  insertGrant: (trx: Tx, row: CaseGrantsTable) => trx.insertInto('case_grants').values(row).execute(),
  revokeGrant: (trx: Tx, id: string, now: string) => trx.updateTable('case_grants').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute(),

  // ——— transfers ———
  insertTransfer: (trx: Tx, row: CaseTransfersTable) => trx.insertInto('case_transfers').values(row).execute(),
  transfers(db: Db | Tx, orgId: string, f: { box?: 'incoming' | 'outgoing'; caseId?: string; id?: string }) {
    let q = db
      .selectFrom('case_transfers as t')
      .innerJoin('cases as c', 'c.id', 't.case_id')
      .innerJoin('organisations as fo', 'fo.id', 't.from_org_id')
      .innerJoin('organisations as tor', 'tor.id', 't.to_org_id')
      .leftJoin('users as ru', 'ru.id', 't.requested_by')
      .leftJoin('users as au', 'au.id', 't.responded_by')
      .selectAll('t')
      .select(['c.reference', 'fo.name as from_name', 'tor.name as to_name', 'ru.display_name as requested_by_name', 'au.display_name as responded_by_name'])
      .where((eb) => eb.or([eb('t.from_org_id', '=', orgId), eb('t.to_org_id', '=', orgId)]));
    if (f.id) q = q.where('t.id', '=', f.id);
    if (f.caseId) q = q.where('t.case_id', '=', f.caseId);
    if (f.box === 'incoming') q = q.where('t.to_org_id', '=', orgId);
    if (f.box === 'outgoing') q = q.where('t.from_org_id', '=', orgId);
    return q.orderBy('t.created_at', 'desc').limit(200).execute();
  },
  pendingTransfer: (db: Db | Tx, caseId: string) => db.selectFrom('case_transfers').selectAll().where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst(),
  async updateTransfer(trx: Tx, id: string, version: number, patch: Partial<CaseTransfersTable>): Promise<boolean> {
    const r = await trx.updateTable('case_transfers').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).where('status', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Moves management of a case (only if it is still managed by `fromOrg`), with its search postings, open referrals and the managing organisation's open deadlines. */
  async moveCase(trx: Tx, caseId: string, fromOrg: string, toOrg: string, now: string, byUserId: string): Promise<boolean> {
    const r = await trx
      .updateTable('cases')
      .set((eb) => ({ managing_org_id: toOrg, assigned_user_id: null, version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', caseId)
      .where('managing_org_id', '=', fromOrg)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await trx.updateTable('case_search').set({ org_id: toOrg }).where('case_id', '=', caseId).execute();
    // The new manager (the user who accepted, until someone else takes the case) follows the case's referrals
    // up: cancels, closes, is told of their news; except those it received itself. Closed ones stay as sent.
    await trx
      .updateTable('referrals')
      .set({ from_org_id: toOrg, from_user_id: byUserId })
      .where('case_id', '=', caseId)
      .where('from_org_id', '=', fromOrg)
      .where('to_org_id', '<>', toOrg)
      .where('status', 'not in', ['closed', 'revoked'])
      .execute();
    await trx
      .updateTable('tasks')
      .set({ assignee_org_id: toOrg, assignee_user_id: null })
      .where('case_id', '=', caseId)
      .where('assignee_org_id', '=', fromOrg)
      .where('status', '=', 'open')
      .where('subject_type', 'is', null)
      .execute();
    return true;
  },

  organisation: (db: Db | Tx, id: string) => db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst(),

};
