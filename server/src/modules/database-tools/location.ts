import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DatabaseHandle, openDatabase } from '@cercle/db';

/**
 * Where a Cercle database is: a PostgreSQL URL, or a Cercle data folder (what `CERCLE_DATA_DIR`
 * names) whose `pglite/` holds the embedded database and `audit-witness/` the server's copy of
 * every event's hash.
 */
export type DatabaseLocation =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/** `postgres://…` or `postgresql://…` is a server; anything else a data folder. */
export function parseLocation(text: string, base = process.cwd()): DatabaseLocation {
  if (/^postgres(ql)?:\/\//.test(text)) return { kind: 'postgres', url: text };
  const dataDir = resolve(base, text);
  // Someone who names the embedded database's own folder means the data folder around it.
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new Error(
      `${text} is the embedded database's own folder: give the Cercle data folder that holds it ` +
        `(${resolve(dataDir, '..')})`,
    );
  }
  return { kind: 'pglite', dataDir };
}

/** The database a server started with this environment would use. */
export function configuredLocation(config: {
  databaseUrl: string | undefined;
  dataDir: string;
}): DatabaseLocation {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: config.dataDir };
}

/** For messages: the password of a URL is never printed. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.kind === 'pglite') return `embedded database in ${location.dataDir}`;
  const url = new URL(location.url);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.href}`;
}

export function sameLocation(a: DatabaseLocation, b: DatabaseLocation): boolean {
  if (a.kind === 'pglite' && b.kind === 'pglite') return a.dataDir === b.dataDir;
  if (a.kind === 'postgres' && b.kind === 'postgres') {
    const [x, y] = [new URL(a.url), new URL(b.url)];
    return x.host === y.host && x.pathname === y.pathname;
  }
  return false;
}

export const pgliteDir = (dataDir: string) => join(dataDir, 'pglite');

/** True when an embedded database already exists in the data folder. */
export function hasEmbeddedDatabase(dataDir: string): boolean {
  const dir = pgliteDir(dataDir);
  return existsSync(dir) && readdirSync(dir).length > 0;
}

export function openLocation(location: DatabaseLocation): Promise<DatabaseHandle> {
  return location.kind === 'postgres'
    ? openDatabase({ url: location.url, maxConnections: 2 })
    : openDatabase({ dataDir: pgliteDir(location.dataDir) });
}
