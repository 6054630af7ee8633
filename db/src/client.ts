import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';
import { workspaceRoot } from './workspace.ts';

/** The one typed drizzle API the rest of Cercle sees, whichever engine is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Applies pending migrations; safe when several instances start at once on PostgreSQL. */
  migrate(): Promise<void>;
  appliedMigrations(): Promise<number>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel`, from any process on this database (one
   * process on PGlite). NOTIFY is transactional: payloads arrive only once their transaction
   * committed. Returns the function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** How the PostgreSQL pool is used right now (for metrics); PGlite has no pool. */
  poolUse?(): PoolUse;
  /** Statements sent to PostgreSQL since the start, BEGIN and COMMIT included (for metrics). */
  statementsSent?(): number;
  /** Embedded only: the whole data folder as one gzipped tarball (PGlite's own backup). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface PoolUse {
  max: number;
  open: number;
  idle: number;
  /** Queries waiting for a connection: above zero for long, the pool is too small. */
  waiting: number;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it Cercle runs embedded on PGlite. */
  url?: string | undefined;
  /** PGlite data folder; `memory://` keeps everything in memory (tests). */
  dataDir?: string | undefined;
  migrationsFolder?: string | undefined;
  /** Pool size for PostgreSQL. */
  maxConnections?: number | undefined;
  /** Embedded only: a new data folder starts as this tarball from `dumpDataDir` (a restore). */
  loadDataDir?: Blob | undefined;
}

export const defaultMigrationsFolder = join(workspaceRoot(), 'migrations');

// Any fixed number works: it only has to be the same for every Cercle instance on one database.
const migrationLockKey = 7_416_823_001;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder;
  return options.url
    ? openPostgres(options.url, migrationsFolder, options.maxConnections ?? 20)
    : openPglite(options.dataDir ?? './data/pglite', migrationsFolder, options.loadDataDir);
}

async function openPglite(
  dataDir: string,
  migrationsFolder: string,
  loadDataDir: Blob | undefined,
): Promise<DatabaseHandle> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // unaccent: the search's text configurations fold accents with it (migration 0014).
  const client = await PGlite.create({
    dataDir,
    extensions: { unaccent },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  const db = drizzlePglite({ client, schema });
  return {
    db,
    kind: 'pglite',
    // One process owns a PGlite folder, so no lock is needed.
    migrate: () => migratePglite(db, { migrationsFolder }),
    appliedMigrations: () => countAppliedMigrations(db),
    listen: (channel, onPayload) => client.listen(channel, onPayload),
    dumpDataDir: () => client.dumpDataDir('gzip'),
    close: () => client.close(),
  };
}

async function openPostgres(
  url: string,
  migrationsFolder: string,
  maxConnections: number,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Every statement, each a round trip: what a ballot costs in them is a figure of `bench:live`.
  let statements = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      statements += 1;
      return query(...args);
    }) as typeof client.query;
  });
  const db = drizzleNodePg({ client: pool, schema });
  await pool.query('select 1');
  const listener = createListener(url);
  return {
    db,
    kind: 'postgres',
    migrate: async () => {
      // Several instances may start together: the first takes the lock and migrates,
      // the others wait and then find nothing left to apply.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
        await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => {});
        client.release();
      }
    },
    appliedMigrations: () => countAppliedMigrations(db),
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    statementsSent: () => statements,
    poolUse: () => ({
      max: maxConnections,
      open: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}

/**
 * LISTEN needs a connection of its own, outside the pool. It is opened on first use and
 * reopened (with every channel listened to again) if the server drops it.
 */
function createListener(url: string) {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;

  function connect(): Promise<pg.Client> {
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString: url });
      next.on('notification', (message) => {
        for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
      });
      next.on('error', () => {
        client = null;
        connecting = null;
        if (!closed) setTimeout(() => void connect().catch(() => {}), 1_000).unref();
      });
      await next.connect();
      for (const channel of handlers.keys()) await next.query(`listen "${channel}"`);
      client = next;
      return next;
    })();
    return connecting;
  }

  return {
    async listen(channel: string, onPayload: (payload: string) => void) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
      const isNew = !handlers.has(channel);
      if (isNew) handlers.set(channel, new Set());
      handlers.get(channel)!.add(onPayload);
      const current = client ?? (await connect());
      if (isNew) await current.query(`listen "${channel}"`);
      return async () => {
        handlers.get(channel)?.delete(onPayload);
      };
    },
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}

/**
 * Raw SQL rows on either engine. Both drivers answer `{ rows }`, but the common drizzle type
 * cannot say so, hence this one narrow cast.
 */
export async function queryRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as { rows: Row[] };
  return result.rows;
}

async function countAppliedMigrations(db: Database): Promise<number> {
  const [table] = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!table?.present) return 0;
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
  );
  return row?.count ?? 0;
}

/** True when `error` (or the driver error drizzle wrapped in it) has this SQLSTATE. */
export function hasSqlState(error: unknown, state: string): boolean {
  for (let current = error; current && typeof current === 'object';) {
    if ((current as { code?: unknown }).code === state) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** True when `error` (or the driver error drizzle wrapped in it) is a unique-constraint failure. */
export const isUniqueViolation = (error: unknown) => hasSqlState(error, '23505');

/**
 * Runs `work` in a read-only repeatable-read transaction on a PostgreSQL connection of its own,
 * whose snapshot is exported: another process given its id (`pg_dump --snapshot`) reads exactly
 * the same state while `work` runs.
 */
export async function withExportedSnapshot<T>(
  url: string,
  work: (db: Database, snapshotId: string) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const result = await work(drizzleNodePg({ client, schema }), rows[0]!.id);
    await client.query('commit');
    return result;
  } finally {
    await client.end();
  }
}
