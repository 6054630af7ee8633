/**
 * `pnpm db:restore FOLDER [--to <postgres-url | data-folder>]`
 *
 * Restores a `pnpm db:backup` folder into an empty database of the same kind (the configured one,
 * or `--to`), then proves it: the manifest's migrations and row counts, and every assembly's audit
 * chain valid and containing the head it had at the backup. Exit code 0: restored and proven;
 * 1: restored but not proven; 2: refused or misused.
 */
import { BackupRefused, restoreDatabase } from './modules/database-tools/backup.ts';
import { fail, folderAndLocation, say } from './modules/database-tools/cli.ts';
import { describeLocation } from './modules/database-tools/location.ts';
import { formatProof } from './modules/database-tools/proof.ts';

const usage = 'Usage: pnpm db:restore FOLDER [--to <postgres://… | data-folder>]';
const { folder, location } = folderAndLocation(usage, 'to');

say(`Restoring ${folder} into ${describeLocation(location)}`);
try {
  const proof = await restoreDatabase({ from: folder, to: location });
  say(`\n${formatProof(proof, { expected: 'backup', found: 'restored' })}\n`);
  if (proof.valid) {
    say('RESTORED: every table has the rows the backup counted and every audit chain is valid.');
    process.exit(0);
  }
  say("NOT PROVEN: the restored database differs from the backup's manifest (see above).");
  process.exit(1);
} catch (error) {
  if (error instanceof BackupRefused) fail(`Refused: ${error.message}`);
  throw error;
}
