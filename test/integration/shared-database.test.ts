/**
 * Several installations share one PostgreSQL database, each in its own schema: one booting (migrating) while
 * another's schema is created and dropped must not fail. Kysely's own introspector read every schema's tables
 * and failed when one disappeared mid-query ("schema … does not exist"); ours reads only its own schema.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/server/platform/db/database';
import { POSTGRES_URL } from '../support/harness';

describe.runIf(POSTGRES_URL)('one PostgreSQL database, several installations', () => {
  it('migrates its own schema while other schemas are created and dropped, and sees only its own tables', async () => {
    const churn = new pg.Client({ connectionString: POSTGRES_URL });
    await churn.connect();
    let stop = false;
    let churned = 0;
    // Another installation's life, over and over: a schema with tables (and a serial column) appears and goes.
    const churning = (async () => {
      while (!stop) {
        const other = `churn_${crypto.randomBytes(5).toString('hex')}`;
        await churn.query(`CREATE SCHEMA ${other}`);
        for (let t = 0; t < 8; t++) await churn.query(`CREATE TABLE ${other}.t${t} (id serial PRIMARY KEY, a text, b int)`);
        await churn.query(`DROP SCHEMA ${other} CASCADE`);
        churned++;
      }
    })();
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    const schemas: string[] = [];
    try {
      for (let round = 0; round < 6; round++) {
        const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
        schemas.push(schema);
        await admin.query(`CREATE SCHEMA ${schema}`);
        const url = new URL(POSTGRES_URL!);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const handle = openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 2 });
        try {
          const applied = await migrate(handle);
          expect(applied.length).toBeGreaterThan(10);
          expect(await migrate(handle)).toEqual([]);
          const tables = await handle.db.introspection.getTables({ withInternalKyselyTables: true });
          expect(tables.every((t) => t.schema === schema)).toBe(true);
          expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['cases', 'persons', 'audit_log', 'schema_migrations']));
          const cases = tables.find((t) => t.name === 'cases')!;
          expect(cases.columns.find((c) => c.name === 'id')).toMatchObject({ isNullable: false });
        } finally {
          await handle.close();
        }
      }
    } finally {
      stop = true;
      await churning;
      for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await admin.end();
      await churn.end();
    }
    expect(churned).toBeGreaterThan(0);
  }, 120_000);
});
