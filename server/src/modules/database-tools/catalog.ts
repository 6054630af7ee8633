import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '@cercle/db';

/**
 * What the move and the backup tools know of a database's tables, read from its own catalog
 * rather than from a list that would go stale with the next migration.
 */
export interface TableInfo {
  name: string;
  /** Every stored column, in table order; generated columns are left out (they cannot be set). */
  columns: { name: string; type: string; nullable: boolean }[];
  primaryKey: string[];
  foreignKeys: { columns: string[]; references: string }[];
}

/** Cercle's tables live in `public`; drizzle keeps its migrations table in a schema of its own. */
const schema = 'public';

export async function readTables(db: Database): Promise<TableInfo[]> {
  const columns = await queryRows<{
    table: string;
    column: string;
    type: string;
    nullable: boolean;
  }>(
    db,
    sql`select cl.relname as "table", a.attname as "column",
          format_type(a.atttypid, a.atttypmod) as "type", not a.attnotnull as "nullable"
        from pg_attribute a
        join pg_class cl on cl.oid = a.attrelid
        join pg_namespace ns on ns.oid = cl.relnamespace
        where ns.nspname = ${schema} and cl.relkind in ('r', 'p') and a.attnum > 0
          and not a.attisdropped and a.attgenerated = ''
        order by cl.relname, a.attnum`,
  );
  const constraints = await queryRows<{
    table: string;
    kind: 'p' | 'f';
    columns: string[];
    references: string | null;
  }>(
    db,
    sql`select cl.relname as "table", con.contype as "kind", fcl.relname as "references",
          (select json_agg(a.attname order by k.n)
             from unnest(con.conkey) with ordinality as k(attnum, n)
             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as "columns"
        from pg_constraint con
        join pg_class cl on cl.oid = con.conrelid
        join pg_namespace ns on ns.oid = cl.relnamespace
        left join pg_class fcl on fcl.oid = con.confrelid
        where ns.nspname = ${schema} and con.contype in ('p', 'f')
        order by cl.relname, con.conname`,
  );
  const tables = new Map<string, TableInfo>();
  for (const row of columns) {
    let table = tables.get(row.table);
    if (!table) {
      table = { name: row.table, columns: [], primaryKey: [], foreignKeys: [] };
      tables.set(row.table, table);
    }
    table.columns.push({ name: row.column, type: row.type, nullable: row.nullable });
  }
  for (const row of constraints) {
    const table = tables.get(row.table);
    if (!table) continue;
    if (row.kind === 'p') table.primaryKey = row.columns;
    else if (row.references) {
      table.foreignKeys.push({ columns: row.columns, references: row.references });
    }
  }
  return [...tables.values()];
}

export interface CopyPlan {
  /** Parents before children: every foreign key points to a table copied earlier. */
  order: TableInfo[];
  /**
   * Columns written as null on the first pass and filled in once every table is there: the
   * foreign keys of a table to itself (an assembly's parent) and one nullable link per cycle.
   */
  deferred: Map<string, string[]>;
}

/**
 * Orders the tables by their foreign keys (Kahn's algorithm, alphabetical among equals so the
 * plan is the same every time). A table referencing itself, or a cycle of tables, is broken by
 * deferring nullable foreign-key columns to a second pass.
 */
export function planCopy(tables: TableInfo[]): CopyPlan {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const deferred = new Map<string, string[]>();
  const defer = (table: TableInfo, columns: string[]) => {
    const unfit = columns.filter(
      (name) => !table.columns.find((column) => column.name === name)?.nullable,
    );
    if (unfit.length) {
      throw new Error(
        `cannot order the copy: ${table.name}.${unfit.join(', ')} is in a cycle of foreign keys ` +
          'and cannot be null for a first pass',
      );
    }
    deferred.set(table.name, [...new Set([...(deferred.get(table.name) ?? []), ...columns])]);
  };
  // Edges still to satisfy: table → the foreign keys it has to tables not copied yet.
  const pending = new Map<string, TableInfo['foreignKeys']>();
  for (const table of tables) {
    const links = table.foreignKeys.filter((key) => byName.has(key.references));
    for (const key of links.filter((key) => key.references === table.name)) {
      defer(table, key.columns);
    }
    pending.set(
      table.name,
      links.filter((key) => key.references !== table.name),
    );
  }
  const order: TableInfo[] = [];
  while (pending.size) {
    const ready = [...pending]
      .filter(([, keys]) => keys.every((key) => !pending.has(key.references)))
      .map(([name]) => name)
      .sort();
    if (ready.length) {
      for (const name of ready) {
        order.push(byName.get(name)!);
        pending.delete(name);
      }
      continue;
    }
    // A cycle: defer the first nullable link found, in alphabetical order, and try again.
    const breakable = [...pending.keys()].sort().flatMap((name) =>
      pending
        .get(name)!
        .filter((key) => pending.has(key.references))
        .filter((key) =>
          key.columns.every(
            (column) => byName.get(name)!.columns.find((c) => c.name === column)?.nullable,
          ),
        )
        .map((key) => ({ name, key })),
    );
    const link = breakable[0];
    if (!link) {
      throw new Error(
        `cannot order the copy: the foreign keys of ${[...pending.keys()].join(', ')} form a ` +
          'cycle with no nullable column',
      );
    }
    defer(byName.get(link.name)!, link.key.columns);
    pending.set(
      link.name,
      pending.get(link.name)!.filter((key) => key !== link.key),
    );
  }
  return { order, deferred };
}

export const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Row counts per table, in the order given. */
export async function countRows(db: Database, tables: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) {
    const [row] = await queryRows<{ count: string }>(
      db,
      sql.raw(`select count(*)::text as count from ${schema}.${quoteIdentifier(table)}`),
    );
    counts.set(table, Number(row?.count ?? 0));
  }
  return counts;
}

/**
 * Tables of any user schema that hold at least one row (drizzle's migrations table aside): a
 * target must have none, so that nothing an admin keeps there is mixed with or lost to the copy.
 */
export async function tablesWithRows(db: Database): Promise<string[]> {
  const tables = await queryRows<{ schema: string; name: string }>(
    db,
    sql`select table_schema as "schema", table_name as "name" from information_schema.tables
        where table_type = 'BASE TABLE'
          and table_schema not in ('pg_catalog', 'information_schema')
          and not (table_schema = 'drizzle' and table_name = '__drizzle_migrations')
        order by table_schema, table_name`,
  );
  const filled: string[] = [];
  for (const table of tables) {
    const [row] = await queryRows<{ filled: boolean }>(
      db,
      sql.raw(
        `select exists (select 1 from ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}) as filled`,
      ),
    );
    if (row?.filled) filled.push(`${table.schema}.${table.name}`);
  }
  return filled;
}

export interface SequenceState {
  name: string;
  /** Null while the sequence was never used. */
  lastValue: string | null;
}

export async function readSequences(db: Database): Promise<SequenceState[]> {
  return queryRows<SequenceState>(
    db,
    sql`select sequencename as "name", last_value::text as "lastValue" from pg_sequences
        where schemaname = ${schema} order by sequencename`,
  );
}

/** Sets each sequence where the source's stood, so the next id follows the copied ones. */
export async function writeSequences(db: Database, sequences: SequenceState[]) {
  for (const sequence of sequences) {
    if (sequence.lastValue === null) continue;
    const name = `${schema}.${quoteIdentifier(sequence.name)}`;
    await db.execute(sql`select setval(${name}, ${sequence.lastValue}::bigint, true)`);
  }
}

export interface AppliedMigration {
  hash: string;
  createdAt: string;
}

/** drizzle's record of applied migrations, oldest first; empty before the first migration. */
export async function appliedMigrations(db: Database): Promise<AppliedMigration[]> {
  const [table] = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!table?.present) return [];
  return queryRows<AppliedMigration>(
    db,
    sql`select hash, created_at::text as "createdAt" from drizzle.__drizzle_migrations order by id`,
  );
}
