/**
 * What Kysely's migrator needs to know about PostgreSQL tables, scoped to the connection's own schema.
 *
 * Kysely's own introspector reads the catalog of the whole database and calls `has_schema_privilege(name)` and
 * `pg_get_serial_sequence` on every schema's tables. When several installations (or test runs) share one
 * database, a schema dropped by another one during that query makes it fail ("schema t_… does not exist"), and
 * a boot or a CLI run fails with it. An installation only ever needs its own tables: this one reads those
 * (`current_schema()`), so others' schemas can come and go at any time.
 */
import { sql, type DatabaseIntrospector, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';

type Column = {
  table: string;
  kind: string;
  column: string;
  type: string;
  type_schema: string;
  not_null: boolean;
  has_default: boolean;
  serial: boolean;
  comment: string | null;
};

export class CurrentSchemaIntrospector implements DatabaseIntrospector {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`SELECT current_schema() AS name`.execute(this.db);
    return rows.filter((r) => r.name !== null);
  }

  /** Tables and views of the current schema, Kysely's migration tables included (the migrator looks for them). */
  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<Column>`
      SELECT c.relname AS "table", c.relkind AS kind, a.attname AS "column", t.typname AS type, tn.nspname AS type_schema,
             a.attnotnull AS not_null, a.atthasdef AS has_default,
             (a.atthasdef AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%') AS serial,
             col_description(a.attrelid, a.attnum) AS comment
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
      LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relkind IN ('r', 'v', 'p')
      ORDER BY c.relname, a.attnum`.execute(this.db);
    const schema = (await this.getSchemas())[0]?.name;
    const tables = new Map<string, { name: string; isView: boolean; schema?: string; columns: TableMetadata['columns'][number][] }>();
    for (const r of rows) {
      let table = tables.get(r.table);
      if (!table) {
        table = { name: r.table, isView: r.kind === 'v', ...(schema ? { schema } : {}), columns: [] };
        tables.set(r.table, table);
      }
      table.columns.push({
        name: r.column,
        dataType: r.type,
        dataTypeSchema: r.type_schema,
        isNullable: !r.not_null,
        hasDefaultValue: r.has_default,
        isAutoIncrementing: r.serial === true,
        ...(r.comment !== null ? { comment: r.comment } : {}),
      });
    }
    return [...tables.values()];
  }

  async getMetadata(): Promise<{ tables: TableMetadata[] }> {
    return { tables: await this.getTables() };
  }
}
