/**
 * Queries of the data-subject request register. A request is reached through its case, and only by the case's
 * managing organisation (`c.managing_org_id = orgId` in every query): anyone else finds nothing (404).
 */
import type { Db, Tx } from '../../platform/db/database';
import type { SubjectRequestsTable } from '../../platform/db/schema';
import { OPEN_SUBJECT_REQUEST_STATUSES } from '../../../contract/subjectrights';

/** Kinds that stop new sharing while in force, and the statuses in which they are in force (until lifted). */
const RESTRICTING_KINDS = ['restriction', 'objection'];
const IN_FORCE = ['received', 'in_progress', 'granted', 'partly_granted'];

export type RequestRow = SubjectRequestsTable & { org_name: string };

export const subjectRightsRepository = {
  managedCase(db: Db | Tx, orgId: string, caseId: string) {
    return db.selectFrom('cases').select(['id', 'person_id', 'managing_org_id', 'reference']).where('id', '=', caseId).where('managing_org_id', '=', orgId).executeTakeFirst();
  },

  requests(db: Db | Tx, orgId: string, caseId: string, requestId?: string): Promise<RequestRow[]> {
    let q = db
      .selectFrom('subject_requests as r')
      .innerJoin('cases as c', 'c.id', 'r.case_id')
      .innerJoin('organisations as o', 'o.id', 'r.org_id')
      .selectAll('r')
      .select('o.name as org_name')
      .where('r.case_id', '=', caseId)
      .where('c.managing_org_id', '=', orgId);
    if (requestId) q = q.where('r.id', '=', requestId);
    return q.orderBy('r.received_on', 'desc').orderBy('r.id', 'desc').limit(500).execute();
  },

  insert(trx: Tx, row: SubjectRequestsTable) {
    return trx.insertInto('subject_requests').values(row).execute();
  },

  /** Conditional update on (id, version): false when another write came first. */
  async update(trx: Tx, id: string, version: number, patch: Partial<SubjectRequestsTable>): Promise<boolean> {
    const r = await trx.updateTable('subject_requests').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** The restrictions and objections in force on a person (any organisation's register). */
  restrictionsInForce(db: Db | Tx, personId: string) {
    return db
      .selectFrom('subject_requests')
      .select(['id', 'kind', 'status'])
      .where('person_id', '=', personId)
      .where('kind', 'in', RESTRICTING_KINDS)
      .where('status', 'in', IN_FORCE)
      .where('lifted_at', 'is', null)
      .execute();
  },

  /**
   * Lifecycle hook (retention, item 1 of issue 16): the persons among `personIds` with an open request
   * (status received | in_progress), which suspends their retention clock (a legal hold).
   */
  async personsWithOpenRequests(db: Db | Tx, personIds: string[]): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows = await db.selectFrom('subject_requests').select('person_id').distinct().where('person_id', 'in', personIds).where('status', 'in', [...OPEN_SUBJECT_REQUEST_STATUSES]).execute();
    return new Set(rows.map((r) => r.person_id));
  },

  /**
   * Lifecycle hook (erasure, item 3 of issue 16): granted erasure requests, oldest decision first. Deciding an
   * erasure only records it (status granted); executing it — destroying the person's data key — is the
   * lifecycle code's, which reads this list.
   */
  grantedErasures(db: Db | Tx, limit = 500) {
    return db
      .selectFrom('subject_requests')
      .select(['id', 'person_id', 'case_id', 'org_id', 'decided_at'])
      .where('kind', '=', 'erasure')
      .where('status', '=', 'granted')
      .orderBy('decided_at')
      .limit(limit)
      .execute();
  },
};
