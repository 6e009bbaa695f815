/**
 * Opens the database (embedded SQLite by default, PostgreSQL when DATABASE_URL says so) and runs
 * migrations. The rest of the code sees one `Kysely<DB>` and never branches on the dialect, except
 * where SQL differs (documented at the call site).
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, sql, PostgresDialect, SqliteDialect, type LogEvent, type Migration, type MigrationProvider, type Transaction } from 'kysely';
import type { DB } from './schema';
import { CurrentSchemaIntrospector } from './introspector';
import * as foundation from './migrations/2026-11-28T00-00-foundation';
import * as identification from './migrations/2026-11-28T01-00-identification';
import * as taskSubjects from './migrations/2026-12-01T00-00-task-subjects';
import * as referrals from './migrations/2026-12-01T01-00-referrals';
import * as careplans from './migrations/2026-12-01T01-10-careplans';
import * as justice from './migrations/2026-12-01T02-00-justice';
import * as commission from './migrations/2026-12-01T03-00-commission';
import * as actionplan from './migrations/2026-12-01T04-00-actionplan';
import * as activities from './migrations/2026-12-01T04-10-activities';
import * as statisticsIndexes from './migrations/2026-12-01T04-20-statistics-indexes';
import * as exportJobs from './migrations/2026-12-01T05-00-export-jobs';
import * as contactReveals from './migrations/2026-12-01T05-10-contact-reveals';
import * as loginThrottle from './migrations/2026-12-07T01-00-login-throttle';
import * as intake from './migrations/2026-12-07T02-00-intake';
import * as servicesJustice from './migrations/2026-12-07T02-10-services-justice';
import * as listIndexes from './migrations/2026-12-07T03-00-list-indexes';
import * as statisticsCounts from './migrations/2026-12-07T04-00-statistics-counts';
import * as dataLifecycle from './migrations/2026-12-07T05-00-data-lifecycle';
import * as subjectRequests from './migrations/2026-12-07T05-20-subject-requests';
import * as breachLog from './migrations/2026-12-07T05-40-breach-log';
import * as personLinks from './migrations/2026-12-07T06-00-person-links';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
export type DbHandle = { db: Db; dialect: Dialect; close: () => Promise<void> };

// COUNT(*) and bigint columns come back from pg as strings; our values fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * Who wants to see each query as it runs (the benchmark records the SQL of the case list to commit its plans).
 * Empty in normal operation: Kysely then only calls a function that returns at once.
 */
export const queryObservers = new Set<(sql: string, parameters: readonly unknown[]) => void>();
const observe = (event: LogEvent) => {
  if (queryObservers.size === 0 || event.level !== 'query') return;
  for (const o of queryObservers) o(event.query.sql, event.query.parameters);
};

/** PostgreSQL, introspecting only the installation's own schema (see introspector.ts). */
class OwnSchemaPostgresDialect extends PostgresDialect {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override createIntrospector(db: Kysely<any>) {
    return new CurrentSchemaIntrospector(db);
  }
}

export function openDatabase(
  target: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string },
  options: { poolSize?: number } = {},
): DbHandle {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
    const db = new Kysely<DB>({ dialect: new OwnSchemaPostgresDialect({ pool }), log: observe });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
  const sqlite = new SQLite(target.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's default page cache is 2 MiB: at a million cases every index walk reads pages from the OS again.
  // 64 MiB holds the hot indexes of a national database; temporary sorts stay in memory.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  // Kysely prepares every query anew; compiling SQL was the largest cost of a request. Statements are
  // reusable in better-sqlite3, so keep the compiled ones (queries are parameterised: few distinct texts).
  const statements = new Map<string, SQLite.Statement>();
  const database = {
    prepare(text: string) {
      let stmt = statements.get(text);
      if (!stmt) {
        if (statements.size >= 2000) statements.clear();
        stmt = sqlite.prepare(text);
        statements.set(text, stmt);
      }
      return stmt;
    },
    close: () => sqlite.close(),
  };
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }), log: observe });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

// Migrations are frozen in time: they take an untyped Kysely (the schema types change later).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MIGRATIONS: Record<string, { up: (db: Kysely<any>, dialect: Dialect) => Promise<void> }> = {
  '2026-11-28T00-00-foundation': foundation,
  '2026-11-28T01-00-identification': identification,
  '2026-12-01T00-00-task-subjects': taskSubjects,
  '2026-12-01T01-00-referrals': referrals,
  '2026-12-01T01-10-careplans': careplans,
  '2026-12-01T02-00-justice': justice,
  '2026-12-01T03-00-commission': commission,
  '2026-12-01T04-00-actionplan': actionplan,
  '2026-12-01T04-10-activities': activities,
  '2026-12-01T04-20-statistics-indexes': statisticsIndexes,
  '2026-12-01T05-00-export-jobs': exportJobs,
  '2026-12-01T05-10-contact-reveals': contactReveals,
  '2026-12-07T01-00-login-throttle': loginThrottle,
  '2026-12-07T02-00-intake': intake,
  '2026-12-07T02-10-services-justice': servicesJustice,
  '2026-12-07T03-00-list-indexes': listIndexes,
  '2026-12-07T04-00-statistics-counts': statisticsCounts,
  '2026-12-07T05-00-data-lifecycle': dataLifecycle,
  '2026-12-07T05-20-subject-requests': subjectRequests,
  '2026-12-07T05-40-breach-log': breachLog,
  '2026-12-07T06-00-person-links': personLinks,
};

export async function migrate(handle: DbHandle): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, handle.dialect) };
      return out;
    },
  };
  // On PostgreSQL the migration tables live in the connection's own schema (search_path), so that
  // several installations (or test runs) can share one database.
  const schema =
    handle.dialect === 'postgres' ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(handle.db)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db: handle.db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
