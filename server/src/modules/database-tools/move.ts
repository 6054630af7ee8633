import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseHandle } from '@cercle/db';
import {
  appliedMigrations,
  countRows,
  planCopy,
  readSequences,
  readTables,
  type TableInfo,
  tablesWithRows,
  writeSequences,
} from './catalog.ts';
import { copyTables } from './copy.ts';
import { type DatabaseLocation, describeLocation, openLocation, sameLocation } from './location.ts';
import { type Proof, proveDatabase, sameMigrations, shippedMigrations } from './proof.ts';

/** Why a move did not start; nothing was written to the target. */
export class MoveRefused extends Error {}

export interface MoveOptions {
  from: DatabaseLocation;
  to: DatabaseLocation;
  /** The data folder whose audit-witness copy the proof checks the chains against. */
  witnessDir?: string | undefined;
  migrationsFolder?: string | undefined;
  progress?: (line: string) => void;
}

/** The source is read in one consistent state, even if something still writes to it. */
const snapshot = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const;

const columnsOf = (table: TableInfo) =>
  table.columns.map((column) => `${column.name} ${column.type}`).join(', ');

/**
 * Copies a whole Cercle database to an empty one (embedded ↔ PostgreSQL), then proves the move on
 * the target, reopened: the same migrations, the same rows per table, every audit chain valid.
 * The copy is one transaction on the target: it lands whole or not at all.
 */
export async function moveDatabase(options: MoveOptions): Promise<Proof> {
  const { from, to } = options;
  const progress = options.progress ?? (() => {});
  if (sameLocation(from, to)) throw new MoveRefused('The source and the target are the same.');
  const source = await openLocation(from);
  let counts: Map<string, number>;
  let migrations;
  try {
    migrations = await appliedMigrations(source.db);
    const shipped = shippedMigrations(options.migrationsFolder);
    if (!sameMigrations(migrations, shipped)) {
      throw new MoveRefused(
        `The source has ${migrations.length} migrations applied where this version of Cercle ` +
          `has ${shipped.length}: start this version of Cercle on it once (it migrates at ` +
          'start), stop it, then move.',
      );
    }
    const target = await openLocation(to);
    try {
      await refuseFilled(target, to);
      progress(`Migrating ${describeLocation(to)}…`);
      await target.migrate();
      if (!sameMigrations(await appliedMigrations(target.db), migrations)) {
        throw new MoveRefused('The target ended at another migration level than the source.');
      }
      counts = await copyAll(source, target, progress);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
  if (to.kind === 'pglite') keepWitness(options.witnessDir, to.dataDir);

  progress('Proving the move on the target, reopened…');
  const reopened = await openLocation(to);
  try {
    return await proveDatabase(reopened.db, {
      counts,
      migrations,
      witnessDir: options.witnessDir,
    });
  } finally {
    await reopened.close();
  }
}

async function refuseFilled(target: DatabaseHandle, location: DatabaseLocation) {
  const filled = await tablesWithRows(target.db);
  if (filled.length) {
    throw new MoveRefused(
      `The target (${describeLocation(location)}) is not empty: ${filled.join(', ')} ` +
        `${filled.length === 1 ? 'has' : 'have'} rows. Move only into an empty database; ` +
        'nothing was written.',
    );
  }
}

async function copyAll(
  source: DatabaseHandle,
  target: DatabaseHandle,
  progress: (line: string) => void,
) {
  return source.db.transaction(async (from) => {
    const tables = await readTables(from);
    const targetTables = new Map((await readTables(target.db)).map((t) => [t.name, t]));
    for (const table of tables) {
      const twin = targetTables.get(table.name);
      if (!twin || columnsOf(twin) !== columnsOf(table)) {
        throw new MoveRefused(`The table ${table.name} differs between the source and the target.`);
      }
    }
    const plan = planCopy(tables);
    const counts = await countRows(
      from,
      plan.order.map((table) => table.name),
    );
    const sequences = await readSequences(from);
    await target.db.transaction(async (into) => {
      // Checked again inside the transaction: no one filled it since.
      if ((await tablesWithRows(into)).length) throw new MoveRefused('The target filled up.');
      await copyTables(from, into, plan, (table, rows) => progress(`  ${table}: ${rows} rows`));
      await writeSequences(into, sequences);
    });
    return counts;
  }, snapshot);
}

/**
 * A new embedded data folder gets the witness copy too, so the server started on it keeps
 * checking the chains against it; an existing one is left alone.
 */
function keepWitness(witnessDir: string | undefined, dataDir: string) {
  const into = join(dataDir, 'audit-witness');
  if (!witnessDir || !existsSync(witnessDir) || existsSync(into)) return;
  cpSync(witnessDir, into, { recursive: true });
}
