/**
 * `pnpm db:backup FOLDER [--from <postgres-url | data-folder>]`
 *
 * Backs the configured database (or `--from`) up into a new folder: `pg_dump --format=custom` for
 * PostgreSQL (Cercle may keep running), PGlite's own tarball for the embedded database (stop
 * Cercle first), the witness copy, and a manifest of row counts and chain heads that
 * `pnpm db:restore` proves the restore against. Exit code 0: backed up; 2: refused or misused.
 */
import { BackupRefused, backupDatabase } from './modules/database-tools/backup.ts';
import { fail, folderAndLocation, say } from './modules/database-tools/cli.ts';
import { describeLocation } from './modules/database-tools/location.ts';

const usage = 'Usage: pnpm db:backup FOLDER [--from <postgres://… | data-folder>]';
const { folder: into, location, witnessDir } = folderAndLocation(usage, 'from');

try {
  const manifest = await backupDatabase({ from: location, into, witnessDir });
  const rows = Object.values(manifest.tables).reduce((sum, count) => sum + count, 0);
  say(
    `Backed up ${describeLocation(location)} into ${into}: ${Object.keys(manifest.tables).length} ` +
      `tables, ${rows} rows, ${manifest.heads.length} audit chains, ` +
      `${manifest.migrations.length} migrations.`,
  );
} catch (error) {
  if (error instanceof BackupRefused) fail(`Refused: ${error.message}`);
  throw error;
}
