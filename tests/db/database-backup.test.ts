import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  BackupRefused,
  backupDatabase,
  restoreDatabase,
} from '../../server/src/modules/database-tools/backup.ts';
import type { DatabaseLocation } from '../../server/src/modules/database-tools/location.ts';
import { emptyPostgresForThisFile } from '../support/database.ts';
import { fillWithDemoFederation } from '../support/demo-database.ts';

// Each opening of the embedded database starts PostgreSQL in WebAssembly: slow on a loaded machine.
vi.setConfig({ testTimeout: 300_000 });

const folder = () => mkdtempSync(join(tmpdir(), 'cercle-backup-'));
const emptyPostgres = emptyPostgresForThisFile;

async function roundTrip(source: DatabaseLocation, target: () => Promise<DatabaseLocation>) {
  await fillWithDemoFederation(source);
  const backup = join(folder(), 'backup');
  const witnessDir = source.kind === 'pglite' ? join(source.dataDir, 'audit-witness') : undefined;
  const manifest = await backupDatabase({ from: source, into: backup, witnessDir });
  expect(manifest.tables['events']).toBeGreaterThan(10);
  expect(manifest.heads.length).toBeGreaterThan(5);

  const proof = await restoreDatabase({ from: backup, to: await target() });
  expect(proof.tables.filter((table) => table.expected !== table.found)).toEqual([]);
  expect(proof.chains.filter((chain) => !chain.verification.valid)).toEqual([]);
  expect(proof.valid).toBe(true);

  // A restore that lost rows (here: a manifest that counted one more event) is not proven.
  const path = join(backup, 'manifest.json');
  const counted = JSON.parse(readFileSync(path, 'utf8')) as { tables: Record<string, number> };
  counted.tables['events']! += 1;
  writeFileSync(path, JSON.stringify(counted));
  const short = await restoreDatabase({ from: backup, to: await target() });
  expect(short.valid).toBe(false);
  expect(short.tables.filter((table) => table.expected !== table.found)).toMatchObject([
    { name: 'events' },
  ]);
  return backup;
}

it('backs the embedded database up and restores it into a new data folder, proven', async () => {
  const backup = await roundTrip({ kind: 'pglite', dataDir: folder() }, async () => ({
    kind: 'pglite',
    dataDir: folder(),
  }));
  const occupied = folder();
  await fillWithDemoFederation({ kind: 'pglite', dataDir: occupied });
  await expect(
    restoreDatabase({ from: backup, to: { kind: 'pglite', dataDir: occupied } }),
  ).rejects.toThrow(BackupRefused);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL (needs TEST_DATABASE_URL)', () => {
  it('backs up with pg_dump and restores with pg_restore into an empty database, proven', async () => {
    const backup = await roundTrip(await emptyPostgres(), emptyPostgres);
    await expect(
      restoreDatabase({ from: backup, to: { kind: 'pglite', dataDir: folder() } }),
    ).rejects.toThrow('restore it into the same kind of database');
  });
});
