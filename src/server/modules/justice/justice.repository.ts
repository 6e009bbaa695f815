/**
 * Justice queries. Need-to-know on proceedings: a proceeding is visible to the office that recorded it and
 * to the court it names (`proceedingVisible`); every proceeding query carries it. Cases are linked only when
 * the caller's organisation may see them (`caseVisible`); through a proceeding a justice user reads only a
 * victim's minimum data (reference, pseudonym, sex, age group). Statistics read aggregates of all
 * proceedings (commission analysts, after disclosure control).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import type { CompensationClaimsTable, HearingsTable, NonPunishmentRecordsTable, ProceedingDefendantsTable, ProceedingsTable, ProtectionMeasuresTable, ProceedingVictimsTable } from '../../platform/db/schema';
import { caseVisible } from '../../platform/access';

export function proceedingVisible(orgId: string, alias = 'pr'): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.owner_org_id`)} = ${orgId} OR ${sql.ref(`${alias}.court_org_id`)} = ${orgId})`;
}

async function updated(r: Promise<{ numUpdatedRows: bigint }>): Promise<boolean> {
  return Number((await r).numUpdatedRows) === 1;
}

export const justiceRepository = {
  organisation(db: Db | Tx, id: string) {
    return db.selectFrom('organisations').select(['id', 'name', 'type', 'active']).where('id', '=', id).executeTakeFirst();
  },
  async orgNames(db: Db | Tx, ids: (string | null)[]) {
    const list = [...new Set(ids.filter((x): x is string => !!x))];
    if (!list.length) return new Map<string, string>();
    const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', list).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  },
  async nextReferenceNumber(trx: Tx, year: number): Promise<number> {
    const name = `justice:${year}`;
    await trx.insertInto('counters').values({ name, value: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const row = await trx.updateTable('counters').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', name).returning('value').executeTakeFirstOrThrow();
    return Number(row.value);
  },

  visibleProceeding(db: Db | Tx, orgId: string, id: string) {
    return db.selectFrom('proceedings as pr').selectAll('pr').where('pr.id', '=', id).where(proceedingVisible(orgId)).executeTakeFirst();
  },
  listProceedings(db: Db | Tx, orgId: string, now: string) {
    return db
      .selectFrom('proceedings as pr')
      .innerJoin('organisations as o', 'o.id', 'pr.owner_org_id')
      .selectAll('pr')
      .select([
        'o.name as owner_name',
        (eb) => eb.selectFrom('proceeding_victims as v').select((e) => e.fn.countAll<number>().as('n')).whereRef('v.proceeding_id', '=', 'pr.id').as('victims'),
        (eb) => eb.selectFrom('proceeding_defendants as d').select((e) => e.fn.countAll<number>().as('n')).whereRef('d.proceeding_id', '=', 'pr.id').as('defendants'),
        (eb) =>
          eb
            .selectFrom('hearings as h')
            .select((e) => e.fn.min('h.scheduled_at').as('m'))
            .whereRef('h.proceeding_id', '=', 'pr.id')
            .where('h.status', '=', 'scheduled')
            .where('h.scheduled_at', '>', now)
            .as('next_hearing'),
      ])
      .where(proceedingVisible(orgId))
      .orderBy('pr.updated_at', 'desc')
      .limit(200)
      .execute();
  },
  insertProceeding(trx: Tx, row: ProceedingsTable) {
    return trx.insertInto('proceedings').values(row).execute();
  },
  updateProceeding(trx: Tx, id: string, version: number, patch: Partial<ProceedingsTable>) {
    return updated(trx.updateTable('proceedings').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst());
  },
  /** Any change inside a proceeding moves its `updated_at` (not its version: sub-records have their own). */
  touch(trx: Tx, id: string, at: string) {
    return trx.updateTable('proceedings').set({ updated_at: at }).where('id', '=', id).execute();
  },

  defendants(db: Db | Tx, proceedingId: string) {
    return db.selectFrom('proceeding_defendants').selectAll().where('proceeding_id', '=', proceedingId).orderBy('created_at').orderBy('id').execute();
  },
  defendant(db: Db | Tx, proceedingId: string, id: string) {
    return db.selectFrom('proceeding_defendants').selectAll().where('proceeding_id', '=', proceedingId).where('id', '=', id).executeTakeFirst();
  },
  insertDefendant(trx: Tx, row: ProceedingDefendantsTable) {
    return trx.insertInto('proceeding_defendants').values(row).execute();
  },
  updateDefendant(trx: Tx, id: string, version: number, patch: Partial<ProceedingDefendantsTable>) {
    return updated(trx.updateTable('proceeding_defendants').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst());
  },

  /** Victims of a (visible) proceeding with their minimum data only. */
  victims(db: Db | Tx, proceedingId: string) {
    return db
      .selectFrom('proceeding_victims as v')
      .innerJoin('cases as c', 'c.id', 'v.case_id')
      .innerJoin('persons as p', 'p.id', 'c.person_id')
      .innerJoin('organisations as o', 'o.id', 'c.managing_org_id')
      .select(['v.id', 'v.case_id', 'v.roles', 'c.reference', 'c.managing_org_id', 'c.assigned_user_id', 'c.identification_status', 'p.pseudonym', 'p.sex', 'p.approx_birth_year', 'p.age_uncertain', 'o.name as org_name'])
      .where('v.proceeding_id', '=', proceedingId)
      .orderBy('v.created_at')
      .orderBy('v.id')
      .execute();
  },
  victim(db: Db | Tx, proceedingId: string, id: string) {
    return db
      .selectFrom('proceeding_victims as v')
      .innerJoin('cases as c', 'c.id', 'v.case_id')
      .select(['v.id', 'v.case_id', 'v.roles', 'c.reference', 'c.person_id', 'c.managing_org_id', 'c.assigned_user_id'])
      .where('v.proceeding_id', '=', proceedingId)
      .where('v.id', '=', id)
      .executeTakeFirst();
  },
  insertVictim(trx: Tx, row: ProceedingVictimsTable) {
    return trx.insertInto('proceeding_victims').values(row).execute();
  },
  linked(db: Db | Tx, proceedingId: string, caseId: string) {
    return db.selectFrom('proceeding_victims').select('id').where('proceeding_id', '=', proceedingId).where('case_id', '=', caseId).executeTakeFirst();
  },
  /** A case the organisation may see (need-to-know), for linking. */
  visibleCase(db: Db | Tx, orgId: string, now: string, caseId: string) {
    return db.selectFrom('cases as c').select(['c.id', 'c.managing_org_id', 'c.assigned_user_id']).where('c.id', '=', caseId).where(caseVisible(orgId, now)).executeTakeFirst();
  },
  candidates(db: Db | Tx, orgId: string, now: string, q: string | undefined) {
    let query = db
      .selectFrom('cases as c')
      .innerJoin('persons as p', 'p.id', 'c.person_id')
      .innerJoin('organisations as o', 'o.id', 'c.managing_org_id')
      .select(['c.id', 'c.reference', 'p.pseudonym', 'p.sex', 'o.name as org_name'])
      .where(caseVisible(orgId, now))
      .where('c.managing_org_id', '!=', orgId);
    if (q) query = query.where((eb) => eb.or([eb('c.reference', 'like', `%${q.toUpperCase().replace(/[%_]/g, '')}%`), eb('p.pseudonym', 'like', `%${q.replace(/[%_]/g, '')}%`)]));
    return query.orderBy('c.created_at', 'desc').limit(100).execute();
  },

  measures(db: Db | Tx, victimIds: string[]) {
    if (!victimIds.length) return Promise.resolve([] as ProtectionMeasuresTable[]);
    return db.selectFrom('protection_measures').selectAll().where('proceeding_victim_id', 'in', victimIds).orderBy('created_at').orderBy('id').execute();
  },
  measure(db: Db | Tx, proceedingId: string, id: string) {
    return db
      .selectFrom('protection_measures as m')
      .innerJoin('proceeding_victims as v', 'v.id', 'm.proceeding_victim_id')
      .selectAll('m')
      .where('m.id', '=', id)
      .where('v.proceeding_id', '=', proceedingId)
      .executeTakeFirst();
  },
  insertMeasure(trx: Tx, row: ProtectionMeasuresTable) {
    return trx.insertInto('protection_measures').values(row).execute();
  },
  updateMeasure(trx: Tx, id: string, version: number, patch: Partial<ProtectionMeasuresTable>) {
    return updated(trx.updateTable('protection_measures').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst());
  },

  hearings(db: Db | Tx, proceedingIds: string[]) {
    if (!proceedingIds.length) return Promise.resolve([] as HearingsTable[]);
    return db.selectFrom('hearings').selectAll().where('proceeding_id', 'in', proceedingIds).orderBy('scheduled_at').orderBy('id').execute();
  },
  hearing(db: Db | Tx, proceedingId: string, id: string) {
    return db.selectFrom('hearings').selectAll().where('proceeding_id', '=', proceedingId).where('id', '=', id).executeTakeFirst();
  },
  insertHearing(trx: Tx, row: HearingsTable) {
    return trx.insertInto('hearings').values(row).execute();
  },
  updateHearing(trx: Tx, id: string, version: number, patch: Partial<HearingsTable>) {
    return updated(trx.updateTable('hearings').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst());
  },

  nonPunishment(db: Db | Tx, caseIds: string[]) {
    if (!caseIds.length) return Promise.resolve([]);
    return db
      .selectFrom('non_punishment_records as n')
      .innerJoin('organisations as o', 'o.id', 'n.recorded_by_org_id')
      .selectAll('n')
      .select('o.name as org_name')
      .where('n.case_id', 'in', caseIds)
      .orderBy('n.created_at')
      .execute();
  },
  nonPunishmentRecord(db: Db | Tx, caseId: string, id: string) {
    return db.selectFrom('non_punishment_records').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
  },
  insertNonPunishment(trx: Tx, row: NonPunishmentRecordsTable) {
    return trx.insertInto('non_punishment_records').values(row).execute();
  },
  updateNonPunishment(trx: Tx, id: string, version: number, patch: Partial<NonPunishmentRecordsTable>) {
    return updated(trx.updateTable('non_punishment_records').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst());
  },

  /** Proceedings a case is a victim in (for its managing organisation: no defendants). */
  /** Compensation claims of victims in proceedings (by the proceeding_victims ids: a victim sees only its own). */
  claims(db: Db | Tx, victimIds: string[]) {
    if (victimIds.length === 0) return Promise.resolve([] as CompensationClaimsTable[]);
    return db.selectFrom('compensation_claims').selectAll().where('proceeding_victim_id', 'in', victimIds).execute();
  },
  claim(db: Db | Tx, proceedingId: string, id: string) {
    return db.selectFrom('compensation_claims').selectAll().where('proceeding_id', '=', proceedingId).where('id', '=', id).executeTakeFirst();
  },
  /** One claim per victim: a second one at the same time meets the unique index and inserts nothing. */
  async insertClaim(trx: Tx, row: CompensationClaimsTable) {
    const r = await trx.insertInto('compensation_claims').values(row).onConflict((oc) => oc.column('proceeding_victim_id').doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  },
  async updateClaim(trx: Tx, id: string, version: number, patch: Partial<CompensationClaimsTable>) {
    const r = await trx.updateTable('compensation_claims').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  setVictimRoles(trx: Tx, id: string, roles: string[]) {
    return trx.updateTable('proceeding_victims').set({ roles: JSON.stringify(roles) }).where('id', '=', id).execute();
  },
  proceedingsOfCase(db: Db | Tx, caseId: string) {
    return db
      .selectFrom('proceeding_victims as v')
      .innerJoin('proceedings as pr', 'pr.id', 'v.proceeding_id')
      .select(['v.id as victim_id', 'v.roles', 'pr.id', 'pr.reference', 'pr.stage', 'pr.court_of_appeal', 'pr.jurisdiction', 'pr.owner_org_id', 'pr.court_org_id'])
      .where('v.case_id', '=', caseId)
      .orderBy('pr.created_at')
      .execute();
  },
  /** Justice organisations to alert about a victim being prosecuted: those of its proceedings, and those holding a live grant. */
  async justiceOrgsOfCase(db: Db | Tx, caseId: string, types: string[], now: string): Promise<string[]> {
    const linked = await justiceRepository.proceedingsOfCase(db, caseId);
    const granted = await db
      .selectFrom('case_grants as g')
      .innerJoin('organisations as o', 'o.id', 'g.organisation_id')
      .select('g.organisation_id')
      .where('g.case_id', '=', caseId)
      .where('g.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('g.valid_until', 'is', null), eb('g.valid_until', '>', now)]))
      .where('o.type', 'in', types)
      .execute();
    return [...new Set([...linked.flatMap((l) => [l.owner_org_id, l.court_org_id]), ...granted.map((g) => g.organisation_id)].filter((x): x is string => !!x))];
  },
  usersWithRole(db: Db | Tx, orgId: string, role: string) {
    return db.selectFrom('users').select('id').where('organisation_id', '=', orgId).where('active', '=', 1).where(sql<boolean>`roles LIKE ${`%"${role}"%`}`).execute();
  },

  statsProceedings(db: Db | Tx, year: number | undefined) {
    let q = db.selectFrom('proceedings').select(['id', 'stage', 'complaint_on', 'judgment_on']);
    if (year) q = q.where('complaint_on', '>=', `${year}-01-01`).where('complaint_on', '<=', `${year}-12-31`);
    return q.execute();
  },
  statsDefendants(db: Db | Tx, year: number | undefined) {
    let q = db
      .selectFrom('proceeding_defendants as d')
      .innerJoin('proceedings as pr', 'pr.id', 'd.proceeding_id')
      .select(['d.sex', 'd.nationality', 'd.prosecuted', 'd.outcome', 'd.compensation_ordered_mad', 'd.compensation_paid_mad']);
    if (year) q = q.where('pr.complaint_on', '>=', `${year}-01-01`).where('pr.complaint_on', '<=', `${year}-12-31`);
    return q.execute();
  },
  statsNonPunishment(db: Db | Tx, year: number | undefined) {
    let q = db.selectFrom('non_punishment_records').select(['status']);
    if (year) q = q.where('accused_on', '>=', `${year}-01-01`).where('accused_on', '<=', `${year}-12-31`);
    return q.execute();
  },
};
