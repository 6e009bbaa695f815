/**
 * The 409 of optimistic concurrency. A conditional update (`WHERE id = ? AND version = ?`) that matched no row
 * lost to a write committed after this request read the record, so the version it read is stale: the answer
 * carries the version stored now, read again (on PostgreSQL each statement of a READ COMMITTED transaction sees
 * what is committed when it starts; on SQLite the transaction is the only writer).
 */
import { sql } from 'kysely';
import { AppError } from './errors';
import type { DB } from './db/schema';
import type { Tx } from './db/database';

export async function versionConflict(trx: Tx, table: keyof DB & string, id: string, column = 'version'): Promise<AppError> {
  const r = await sql<{ v: number | string }>`SELECT ${sql.ref(column)} AS v FROM ${sql.table(table)} WHERE id = ${id}`.execute(trx);
  const v = r.rows[0]?.v;
  return AppError.conflict(v === undefined ? 0 : Number(v));
}
