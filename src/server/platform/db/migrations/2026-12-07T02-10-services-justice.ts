/**
 * Services and justice (issue 13): the steps of a case's durable-solution plan (ordered, each with a responsible
 * organisation, a due date, a status and an encrypted note), and the victim's compensation claim in a
 * proceeding (partie civile: date, amount, currency, who represents the victim), the order that answers it and
 * its payment. Service types are reference data (data/reference/service-types.json): no table.
 * Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('durable_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    /** 1, 2, 3…: the order of the steps in the plan. */
    .addColumn('position', 'integer', (c) => c.notNull())
    /** The durable-solution track the step serves (the plan's track when it was added). */
    .addColumn('track', 'text', (c) => c.notNull())
    .addColumn('title_enc', 'text', (c) => c.notNull())
    .addColumn('responsible_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('due_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note_enc', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('durable_steps_case_idx').on('durable_steps').columns(['case_id', 'position']).execute();

  await db.schema
    .createTable('compensation_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proceeding_id', 'text', (c) => c.notNull().references('proceedings.id'))
    /** One claim per victim in a proceeding. */
    .addColumn('proceeding_victim_id', 'text', (c) => c.notNull().unique().references('proceeding_victims.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('filed_on', 'text', (c) => c.notNull())
    /** Whole units of `currency` (ISO 4217). */
    .addColumn('amount_claimed', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('represented_by', 'text', (c) => c.notNull())
    /** The representative's name (a lawyer, an association): encrypted. */
    .addColumn('representative_enc', 'text')
    .addColumn('ordered_on', 'text')
    /** first_instance (the judgment) or appeal. */
    .addColumn('order_instance', 'text')
    .addColumn('amount_ordered', 'integer')
    .addColumn('payment_status', 'text')
    .addColumn('amount_paid', 'integer')
    .addColumn('paid_on', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('compensation_claims_proceeding_idx').on('compensation_claims').column('proceeding_id').execute();
  await db.schema.createIndex('compensation_claims_case_idx').on('compensation_claims').column('case_id').execute();
}
