import { type SQL, sql } from 'drizzle-orm';
import { type Database, queryRows } from '@cercle/db';
import { type CopyPlan, countRows, quoteIdentifier, type TableInfo } from './catalog.ts';

/** Values travel as PostgreSQL's own text form: exact for timestamps (microseconds), bytea, jsonb. */
type TextRow = (string | null)[];

// PostgreSQL takes at most 65 535 parameters a statement; a batch also bounds the memory used.
const maxParameters = 30_000;
const maxBatchRows = 500;

const tableName = (table: string) => `public.${quoteIdentifier(table)}`;
const list = (chunks: SQL[]) => sql.join(chunks, sql`, `);
const typed = (value: string | null, type: string) =>
  value === null ? sql`null` : sql`${value}::${sql.raw(type)}`;

/**
 * Reads a table in batches in primary-key order, never in the order rows were written: for the
 * `participations` of a secret poll, insertion order is the one thing that could pair a voter with
 * the counter that moved at the same moment, and the copy must not carry it over.
 */
async function* batches(db: Database, table: TableInfo, columns: string[], where?: SQL) {
  const types = new Map(table.columns.map((column) => [column.name, column.type]));
  const key = table.primaryKey.length ? table.primaryKey : columns;
  const size = Math.max(1, Math.min(maxBatchRows, Math.floor(maxParameters / columns.length)));
  const select = sql.raw(
    `select ${columns.map((name, i) => `${quoteIdentifier(name)}::text as c${i}`).join(', ')} ` +
      `from ${tableName(table.name)}`,
  );
  const order = sql.raw(`order by ${key.map(quoteIdentifier).join(', ')}`);
  const keyColumns = sql.raw(key.map(quoteIdentifier).join(', '));
  let last: TextRow | null = null;
  let offset = 0;
  for (;;) {
    const conditions: SQL[] = where ? [where] : [];
    // Keyset pagination on the primary key; a table without one (none in Cercle) pages by offset.
    if (last && table.primaryKey.length) {
      const values = key.map((name) => typed(last![columns.indexOf(name)]!, types.get(name)!));
      conditions.push(sql`(${keyColumns}) > (${list(values)})`);
    }
    const filter = conditions.length ? sql` where ${sql.join(conditions, sql` and `)}` : sql``;
    const page = table.primaryKey.length ? sql`` : sql` offset ${offset}`;
    const rows = await queryRows<Record<string, string | null>>(
      db,
      sql`${select}${filter} ${order} limit ${size}${page}`,
    );
    if (!rows.length) return;
    const values = rows.map((row) => columns.map((_, i) => row[`c${i}`] ?? null));
    yield values;
    last = values.at(-1)!;
    offset += rows.length;
    if (rows.length < size) return;
  }
}

/** Copies one table's rows; the deferred columns are written as null, filled in by `fillDeferred`. */
async function copyTable(source: Database, target: Database, table: TableInfo, deferred: string[]) {
  const columns = table.columns.map((column) => column.name);
  const types = table.columns.map((column) => column.type);
  const head = sql.raw(
    `insert into ${tableName(table.name)} (${columns.map(quoteIdentifier).join(', ')}) ` +
      'overriding system value values ',
  );
  let copied = 0;
  for await (const rows of batches(source, table, columns)) {
    const tuples = rows.map(
      (row) =>
        sql`(${list(row.map((value, i) => (deferred.includes(columns[i]!) ? sql`null` : typed(value, types[i]!))))})`,
    );
    await target.execute(sql`${head}${list(tuples)}`);
    copied += rows.length;
  }
  return copied;
}

/** Second pass: sets the columns the first pass left null, now that every row they name exists. */
async function fillDeferred(
  source: Database,
  target: Database,
  table: TableInfo,
  deferred: string[],
) {
  const types = new Map(table.columns.map((column) => [column.name, column.type]));
  const columns = [...table.primaryKey, ...deferred];
  const anySet = sql.raw(
    `(${deferred.map((name) => `${quoteIdentifier(name)} is not null`).join(' or ')})`,
  );
  for await (const rows of batches(source, table, columns, anySet)) {
    for (const row of rows) {
      const at = (name: string) => typed(row[columns.indexOf(name)]!, types.get(name)!);
      const assignments = deferred.map(
        (name) => sql`${sql.raw(quoteIdentifier(name))} = ${at(name)}`,
      );
      const matches = table.primaryKey.map(
        (name) => sql`${sql.raw(quoteIdentifier(name))} = ${at(name)}`,
      );
      await target.execute(
        sql`update ${sql.raw(tableName(table.name))} set ${list(assignments)} where ${sql.join(matches, sql` and `)}`,
      );
    }
  }
}

/**
 * Tables the target's own triggers write while the others are copied (migrations 0014, 0015): the
 * search entries and earlier versions copy motions, versions, amendments, comments and minutes. Copying them as well would
 * collide with the rows the triggers already made (same primary key); leaving them to the
 * triggers rebuilds them from the copied texts, and the proof still counts them on both sides.
 * (Disabling the triggers instead would need `session_replication_role`, a superuser's right.)
 */
const derivedTables = new Set(['search_entries', 'search_versions']);

/** Copies every table of the plan, parents first, then fills the links a cycle deferred. */
export async function copyTables(
  source: Database,
  target: Database,
  plan: CopyPlan,
  onTable: (table: string, rows: number) => void = () => {},
) {
  for (const table of plan.order) {
    if (derivedTables.has(table.name)) continue;
    onTable(
      table.name,
      await copyTable(source, target, table, plan.deferred.get(table.name) ?? []),
    );
  }
  for (const table of plan.order) {
    const deferred = plan.deferred.get(table.name);
    if (!deferred) continue;
    if (!table.primaryKey.length) {
      throw new Error(`cannot fill ${table.name} in a second pass: it has no primary key`);
    }
    await fillDeferred(source, target, table, deferred);
  }
  // The polls' live counters (migration 0016) were copied, then added to by the triggers of the
  // participations and ballots copied after them: count them again from the copied rows.
  await target.execute(sql`select cercle_recount_live_counters()`);
  const derived = plan.order.filter((table) => derivedTables.has(table.name));
  const counts = await countRows(
    target,
    derived.map((table) => table.name),
  );
  for (const [table, rows] of counts) onTable(table, rows);
}
