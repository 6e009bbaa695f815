/**
 * A fresh installation for tests that run the real server as a child process (durability, group commit):
 * its own temp directory and keyring, its own database (a schema of its own on PostgreSQL), dropped with its pg-boss schema afterwards.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { boot } from '../../src/server/platform/bootstrap';
import { loadConfig } from '../../src/server/platform/config';
import { generateKeyringFile } from '../../src/server/platform/crypto/keyring';
import { POSTGRES_URL, type Dialect } from './harness';
import { startServer, type ServerProcess } from './server-process';

export type ProcessWorld = { dialect: Dialect; dir: string; schema: string | null; vars: Record<string, string> };
type Booted = Awaited<ReturnType<typeof boot>>;

/**
 * Creates and migrates the installation, then runs `setup` on it (organisations, users) and closes it.
 * `holder` gets the directory and schema as soon as they exist, so that a failed setup is still dropped.
 */
export async function createProcessWorld<T>(dialect: Dialect, prefix: string, holder: Partial<ProcessWorld>, setup: (p: Booted) => Promise<T>): Promise<ProcessWorld & { setup: T }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  holder.dir = dir;
  const keyringFile = path.join(dir, 'keyring.json');
  fs.writeFileSync(keyringFile, JSON.stringify(generateKeyringFile()));
  let databaseUrl = `sqlite:${path.join(dir, 'opennrm.db')}`;
  if (dialect === 'postgres') {
    const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    holder.schema = schema;
    const url = new URL(POSTGRES_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
  }
  const vars = {
    OPENNRM_MODE: 'test',
    OPENNRM_DATA_DIR: dir,
    OPENNRM_KEYRING_FILE: keyringFile,
    DATABASE_URL: databaseUrl,
    OPENNRM_LOGIN_RATE_PER_MINUTE: '10000',
    OPENNRM_SEED_CASES: '0',
    LOG_LEVEL: 'warn',
  };
  holder.vars = vars;
  holder.dialect = dialect;
  const p = await boot(loadConfig(vars), () => undefined);
  try {
    return { dialect, dir, schema: holder.schema ?? null, vars, setup: await setup(p) };
  } finally {
    await p.close();
  }
}

export async function dropProcessWorld(world: Partial<ProcessWorld>): Promise<void> {
  if (world.schema) {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    try {
      await client.connect();
      // The installation's own schema and its pg-boss schema (platform/jobs.ts jobsSchemaOf).
      await client.query(`DROP SCHEMA IF EXISTS ${world.schema} CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS ${world.schema}_pgboss CASCADE`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (world.dir) fs.rmSync(world.dir, { recursive: true, force: true });
}

/** Starts the server on the installation. */
export function startInWorld(world: ProcessWorld): Promise<ServerProcess> {
  return startServer(world.vars);
}
