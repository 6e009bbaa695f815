/**
 * Sign-in throttle: failed attempts counted per (e-mail, client address), so that an attacker is slowed down
 * on the addresses they use while the owner can still sign in from theirs, and an unknown e-mail is treated
 * exactly like a known one. `subject` is a keyed blind index of the normalised e-mail (the typed e-mail is
 * never stored here). Kept in the database so a restart does not reset the counters, on every instance.
 * Frozen in time: never edit after release.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('blocks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('blocked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_throttle_pk', ['subject', 'ip'])
    .execute();
  await db.schema.createIndex('login_throttle_updated_idx').on('login_throttle').column('updated_at').execute();
}
