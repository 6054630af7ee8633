import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Database, eventChains, openDatabase, withExportedSnapshot } from '@cercle/db';
import {
  type AppliedMigration,
  appliedMigrations,
  countRows,
  readTables,
  tablesWithRows,
} from './catalog.ts';
import {
  type DatabaseLocation,
  describeLocation,
  hasEmbeddedDatabase,
  openLocation,
  pgliteDir,
} from './location.ts';
import { type Proof, proveDatabase } from './proof.ts';

const run = promisify(execFile);

/** What a backup folder says it holds; a restore is proven against it. */
export interface BackupManifest {
  format: 'cercle-backup';
  version: 1;
  createdAt: string;
  engine: DatabaseLocation['kind'];
  migrations: AppliedMigration[];
  tables: Record<string, number>;
  /** Each assembly's chain head when the backup was taken: the restored chain must contain it. */
  heads: { assemblyId: string; seq: number; hash: string }[];
}

export class BackupRefused extends Error {}

const files = {
  manifest: 'manifest.json',
  postgres: 'database.dump',
  pglite: 'pglite.tar.gz',
  witness: 'audit-witness',
};

async function describeState(db: Database, engine: DatabaseLocation['kind']) {
  const tables = (await readTables(db)).map((table) => table.name).sort();
  const heads = await db
    .select({ assemblyId: eventChains.assemblyId, seq: eventChains.seq, hash: eventChains.hash })
    .from(eventChains);
  const manifest: BackupManifest = {
    format: 'cercle-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    engine,
    migrations: await appliedMigrations(db),
    tables: Object.fromEntries(await countRows(db, tables)),
    heads,
  };
  return manifest;
}

/**
 * Backs a Cercle database up into a new folder: PostgreSQL with `pg_dump --format=custom` (on an
 * exported snapshot, so the manifest counts exactly what the dump holds, even while Cercle runs),
 * the embedded database with PGlite's `dumpDataDir` (Cercle must be stopped: one process owns
 * it). The folder also gets the data folder's witness copy and a manifest the restore checks.
 */
export async function backupDatabase({
  from,
  into,
  witnessDir,
}: {
  from: DatabaseLocation;
  into: string;
  witnessDir?: string | undefined;
}): Promise<BackupManifest> {
  if (existsSync(into) && readdirSync(into).length) {
    throw new BackupRefused(`${into} is not empty: back up into a new folder.`);
  }
  mkdirSync(into, { recursive: true });
  let manifest: BackupManifest;
  if (from.kind === 'postgres') {
    manifest = await withExportedSnapshot(from.url, async (db, snapshot) => {
      const state = await describeState(db, 'postgres');
      await run('pg_dump', [
        '--format=custom',
        `--snapshot=${snapshot}`,
        `--file=${join(into, files.postgres)}`,
        `--dbname=${from.url}`,
      ]);
      return state;
    });
  } else {
    const database = await openLocation(from);
    try {
      manifest = await describeState(database.db, 'pglite');
      const tarball = await database.dumpDataDir!();
      await writeFile(join(into, files.pglite), Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await database.close();
    }
  }
  if (witnessDir && existsSync(witnessDir)) {
    cpSync(witnessDir, join(into, files.witness), { recursive: true });
  }
  writeFileSync(join(into, files.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export function readManifest(folder: string): BackupManifest {
  const path = join(folder, files.manifest);
  if (!existsSync(path))
    throw new BackupRefused(`${folder} holds no Cercle backup (${files.manifest}).`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  if (manifest.format !== 'cercle-backup' || manifest.version !== 1) {
    throw new BackupRefused(`${path} is not a Cercle backup manifest this version reads.`);
  }
  return manifest;
}

/**
 * Restores a backup folder into an empty database of the same engine, then proves it: the
 * manifest's migrations, its row count for every table, and every audit chain valid, containing
 * the head it had at the backup and checked against the witness copy the backup kept.
 */
export async function restoreDatabase({
  from,
  to,
}: {
  from: string;
  to: DatabaseLocation;
}): Promise<Proof> {
  const manifest = readManifest(from);
  if (manifest.engine !== to.kind) {
    throw new BackupRefused(
      `This backup is of ${manifest.engine === 'postgres' ? 'PostgreSQL' : 'the embedded database'}: ` +
        'restore it into the same kind of database (pnpm db:move goes from one to the other).',
    );
  }
  const backupWitness = join(from, files.witness);
  if (to.kind === 'postgres') {
    const target = await openDatabase({ url: to.url, maxConnections: 1 });
    try {
      if ((await readTables(target.db)).length || (await tablesWithRows(target.db)).length) {
        throw new BackupRefused(`The target (${describeLocation(to)}) is not empty.`);
      }
    } finally {
      await target.close();
    }
    await run('pg_restore', [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${to.url}`,
      join(from, files.postgres),
    ]);
  } else {
    if (hasEmbeddedDatabase(to.dataDir)) {
      throw new BackupRefused(`The target (${describeLocation(to)}) already holds a database.`);
    }
    const tarball = new Blob([await readFile(join(from, files.pglite))]);
    const restored = await openDatabase({ dataDir: pgliteDir(to.dataDir), loadDataDir: tarball });
    await restored.close();
    const witness = join(to.dataDir, files.witness);
    if (existsSync(backupWitness) && !existsSync(witness)) {
      cpSync(backupWitness, witness, { recursive: true });
    }
  }
  const database = await openLocation(to);
  try {
    const heads = new Map<string, { seq: number; hash: string; source: 'given' }[]>();
    for (const head of manifest.heads) {
      heads.set(head.assemblyId, [{ seq: head.seq, hash: head.hash, source: 'given' }]);
    }
    return await proveDatabase(database.db, {
      counts: new Map(Object.entries(manifest.tables)),
      migrations: manifest.migrations,
      witnessDir: backupWitness,
      heads,
    });
  } finally {
    await database.close();
  }
}
