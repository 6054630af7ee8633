import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { type DatabaseHandle, openDatabase } from '@cercle/db';

/** The engines a test that must hold on both can run on here: PGlite always, PostgreSQL when set. */
export const availableEngines: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

/**
 * A migrated database of its own for one test file: in-memory PGlite by default, or a fresh
 * PostgreSQL database next to TEST_DATABASE_URL (dropped again on close), so files run in parallel.
 * `engine` asks for one of them whatever the default.
 */
export async function createTestDatabase({
  engine,
}: { engine?: 'pglite' | 'postgres' } = {}): Promise<DatabaseHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (engine === 'postgres' && !serverUrl) throw new Error('PostgreSQL needs TEST_DATABASE_URL');
  if (!serverUrl || engine === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    return database;
  }
  const empty = await createEmptyPostgresDatabase(serverUrl);
  const database = await openDatabase({ url: empty.url, maxConnections: 5 });
  await database.migrate();
  return {
    ...database,
    close: async () => {
      await database.close();
      await empty.drop();
    },
  };
}

/** A new PostgreSQL database next to `serverUrl` (TEST_DATABASE_URL), not even migrated. */
export async function createEmptyPostgresDatabase(serverUrl = process.env.TEST_DATABASE_URL) {
  if (!serverUrl) throw new Error('PostgreSQL needs TEST_DATABASE_URL');
  const name = `cercle_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () =>
      withAdminClient(serverUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      ),
  };
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The migrated database one test file shares, closed after the file's last test. */
export async function testDatabaseForThisFile(): Promise<DatabaseHandle> {
  const handle = await createTestDatabase();
  afterAll(() => handle.close());
  return handle;
}

/** A new, unmigrated PostgreSQL database for this test file, dropped after its last test. */
export async function emptyPostgresForThisFile() {
  const empty = await createEmptyPostgresDatabase();
  afterAll(empty.drop);
  return { kind: 'postgres' as const, url: empty.url };
}
