/**
 * What each kind of record's clock is, what holds it, and what its action does. Every kind answers the same
 * three questions, in SQL that runs on SQLite and PostgreSQL alike:
 *  - `due(cutoff)`: the ids whose clock started on or before `cutoff` and that nothing holds;
 *  - `held(cutoff)`: how many are past their period but held;
 *  - `apply(ids)`: the action, in the caller's transaction (review kinds have none: they are listed).
 *
 * Holds on a case: an open criminal proceeding it is a victim in (every stage until "final", appeals
 * included), and an open request from the person (subject_requests: received or in progress). The clock starts again from the end of
 * a hold: a case closed in 2018 whose proceeding ended in 2024 is kept until 2024 + the period.
 */
import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import { ENDED } from '../referrals/referrals.machine';
import { OPEN_SUBJECT_REQUEST_STATUSES } from '../../../contract/subjectrights';
import { anonymisePerson } from './retention.erase';
import type { RetentionRule } from './retention.config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type IdQuery = SelectQueryBuilder<any, any, { id: string }>;
type Kind = {
  entity: string;
  /** The ids due at `cutoff`, as a query (listed in batches by the run, counted by the overview). */
  due(db: Db | Tx, cutoff: string): IdQuery;
  held(db: Db | Tx, cutoff: string): Promise<number>;
  apply?(p: Platform, trx: Tx, ids: string[], action: RetentionRule['action']): Promise<string[]>;
};

/** A hold is in force on case `c` (an open proceeding, or an open request from the person). */
const caseHeld = (c: string): RawBuilder<SqlBool> => sql<SqlBool>`(EXISTS (
    SELECT 1 FROM proceeding_victims v JOIN proceedings pr ON pr.id = v.proceeding_id
    WHERE v.case_id = ${sql.ref(`${c}.id`)} AND pr.final_on IS NULL)
  OR EXISTS (SELECT 1 FROM subject_requests sr WHERE sr.person_id = ${sql.ref(`${c}.person_id`)} AND sr.status IN (${sql.join([...OPEN_SUBJECT_REQUEST_STATUSES])})))`;

/** A hold on case `c` ended after `cutoff` (a proceeding that became final since): its clock restarted then. */
const caseHoldEndedAfter = (c: string, cutoff: string): RawBuilder<SqlBool> => sql<SqlBool>`EXISTS (
    SELECT 1 FROM proceeding_victims v JOIN proceedings pr ON pr.id = v.proceeding_id
    WHERE v.case_id = ${sql.ref(`${c}.id`)} AND pr.final_on IS NOT NULL AND pr.final_on > ${cutoff.slice(0, 10)})`;

/** Case `c` is past its period: closed on or before the cutoff, not anonymised. */
const caseClosedBefore = (c: string, cutoff: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.ref(`${c}.closed_at`)} IS NOT NULL AND ${sql.ref(`${c}.closed_at`)} <= ${cutoff} AND ${sql.ref(`${c}.anonymised_at`)} IS NULL`;

const n = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);

/** The person is due when every case of theirs is closed past the period and nothing holds any of them. */
const personDue = (cutoff: string) => sql<SqlBool>`p.anonymised_at IS NULL
  AND EXISTS (SELECT 1 FROM cases c0 WHERE c0.person_id = p.id)
  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id
    AND (c.closed_at IS NULL OR c.closed_at > ${cutoff} OR ${caseHeld('c')} OR ${caseHoldEndedAfter('c', cutoff)}))`;

const personPastButHeld = (cutoff: string) => sql<SqlBool>`p.anonymised_at IS NULL
  AND EXISTS (SELECT 1 FROM cases c0 WHERE c0.person_id = p.id)
  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND (c.closed_at IS NULL OR c.closed_at > ${cutoff}))
  AND EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id AND (${caseHeld('c')} OR ${caseHoldEndedAfter('c', cutoff)}))`;

export const KINDS: Record<RetentionRule['kind'], Kind> = {
  case: {
    entity: 'person',
    due: (db, cutoff) => db.selectFrom('persons as p').select('p.id').where(personDue(cutoff)),
    held: async (db, cutoff) => n(await db.selectFrom('persons as p').select((eb) => eb.fn.countAll().as('n')).where(personPastButHeld(cutoff)).executeTakeFirst()),
    async apply(p, trx, personIds) {
      for (const id of personIds) await anonymisePerson(p, trx, id, 'retention');
      return personIds;
    },
  },
  screening: {
    entity: 'screening',
    due: (db, cutoff) =>
      db
        .selectFrom('screenings as s')
        .innerJoin('cases as c', 'c.id', 's.case_id')
        .select('s.id')
        .where('s.notes_enc', 'is not', null)
        .where(caseClosedBefore('c', cutoff))
        .where(sql<SqlBool>`NOT ${caseHeld('c')} AND NOT ${caseHoldEndedAfter('c', cutoff)}`),
    held: async (db, cutoff) =>
      n(
        await db
          .selectFrom('screenings as s')
          .innerJoin('cases as c', 'c.id', 's.case_id')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('s.notes_enc', 'is not', null)
          .where(caseClosedBefore('c', cutoff))
          .where(sql<SqlBool>`(${caseHeld('c')} OR ${caseHoldEndedAfter('c', cutoff)})`)
          .executeTakeFirst(),
      ),
    // The screener's free-text notes go; the answers (coded indicators) stay with the case until it is anonymised.
    async apply(_p, trx, screeningIds) {
      await trx.updateTable('screenings').set({ notes_enc: null }).where('id', 'in', screeningIds).execute();
      return screeningIds;
    },
  },
  attachment: {
    entity: 'attachment',
    due: (db, cutoff) =>
      db
        .selectFrom('attachments as a')
        .innerJoin('cases as c', 'c.id', 'a.case_id')
        .select('a.id')
        .where(caseClosedBefore('c', cutoff))
        .where(sql<SqlBool>`NOT ${caseHeld('c')} AND NOT ${caseHoldEndedAfter('c', cutoff)}`),
    held: async (db, cutoff) =>
      n(
        await db
          .selectFrom('attachments as a')
          .innerJoin('cases as c', 'c.id', 'a.case_id')
          .select((eb) => eb.fn.countAll().as('n'))
          .where(caseClosedBefore('c', cutoff))
          .where(sql<SqlBool>`(${caseHeld('c')} OR ${caseHoldEndedAfter('c', cutoff)})`)
          .executeTakeFirst(),
      ),
    async apply(_p, trx, attachmentIds) {
      await trx.deleteFrom('attachments').where('id', 'in', attachmentIds).execute();
      return attachmentIds;
    },
  },
  referral: {
    entity: 'referral',
    // What was written to the provider (the message, the notes on its answers and deliveries) goes; that the
    // referral happened, to whom and when, stays with the case.
    due: (db, cutoff) =>
      db
        .selectFrom('referrals as r')
        .innerJoin('cases as c', 'c.id', 'r.case_id')
        .select('r.id')
        .where('r.status', 'in', [...ENDED])
        .where('r.updated_at', '<=', cutoff)
        .where('c.anonymised_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('r.message_enc', 'is not', null),
            eb.exists(eb.selectFrom('referral_events as e').select('e.id').whereRef('e.referral_id', '=', 'r.id').where('e.note_enc', 'is not', null)),
            eb.exists(eb.selectFrom('service_deliveries as d').select('d.id').whereRef('d.referral_id', '=', 'r.id').where('d.note_enc', 'is not', null)),
          ]),
        )
        .where(sql<SqlBool>`NOT ${caseHeld('c')}`),
    held: async () => 0,
    async apply(_p, trx, referralIds) {
      await trx.updateTable('referrals').set({ message_enc: null }).where('id', 'in', referralIds).execute();
      await trx.updateTable('referral_events').set({ note_enc: null }).where('referral_id', 'in', referralIds).execute();
      await trx.updateTable('service_deliveries').set({ note_enc: null }).where('referral_id', 'in', referralIds).execute();
      return referralIds;
    },
  },
  justice: {
    entity: 'proceeding',
    // The justice record is the court's and the victim's: listed for a decision, never removed by the run.
    due: (db, cutoff) => db.selectFrom('proceedings').select('id').where('final_on', 'is not', null).where('final_on', '<=', cutoff.slice(0, 10)),
    held: async () => 0,
  },
  anonymous_notification: {
    entity: 'anonymous_notification',
    // Anonymous by design (no identity is ever recorded) and counted in past years' figures: review only.
    due: (db, cutoff) => db.selectFrom('anonymous_notifications').select('id').where('created_at', '<=', cutoff),
    held: async () => 0,
  },
  export: {
    entity: 'export',
    due: (db, cutoff) => db.selectFrom('export_jobs').select('id').where('file_enc', 'is not', null).where('created_at', '<=', cutoff),
    held: async () => 0,
    async apply(_p, trx, exportIds) {
      await trx.updateTable('export_jobs').set({ file_enc: null, status: 'expired' }).where('id', 'in', exportIds).execute();
      return exportIds;
    },
  },
  audit: {
    entity: 'audit',
    // Never deleted by the run: the chain must verify from its first entry. Listed for a decision (archive).
    due: (db, cutoff) => db.selectFrom('audit_log').select('id').where('at', '<=', cutoff),
    held: async () => 0,
  },
  session: {
    entity: 'session',
    due: (db, cutoff) => db.selectFrom('sessions').select('id').where('last_seen_at', '<=', cutoff),
    held: async () => 0,
    async apply(_p, trx, sessionIds) {
      await trx.deleteFrom('sessions').where('id', 'in', sessionIds).execute();
      return sessionIds;
    },
  },
};

/** How many are due at `cutoff`. */
export async function countDue(db: Db | Tx, kind: Kind, cutoff: string): Promise<number> {
  return n(await db.selectFrom(kind.due(db, cutoff).as('d')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
}

/** The next `limit` ids due at `cutoff`, after `after` (the run goes through them in batches). */
export async function nextDue(db: Db | Tx, kind: Kind, cutoff: string, after: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom(kind.due(db, cutoff).as('d')).select('d.id').where('d.id', '>', after).orderBy('d.id').limit(limit).execute();
  return rows.map((r) => r.id as string);
}
