/**
 * `pnpm db:move --to <postgres-url | data-folder> [--from <postgres-url | data-folder>]`
 *
 * Copies a whole Cercle database into an empty one (embedded → PostgreSQL, or back), then proves
 * the move on the target: row counts per table side by side, the same migrations, and every
 * assembly's audit chain verified. `--from` defaults to the configured database (DATABASE_URL, or
 * the embedded one in $CERCLE_DATA_DIR). Stop Cercle first. Exit code 0: moved and proven;
 * 1: copied but not proven; 2: refused or misused, nothing written.
 */
import { parseArgs } from 'node:util';
import { fail, locationOrConfigured, say } from './modules/database-tools/cli.ts';
import { describeLocation } from './modules/database-tools/location.ts';
import { moveDatabase, MoveRefused } from './modules/database-tools/move.ts';
import { formatProof } from './modules/database-tools/proof.ts';

const usage =
  'Usage: pnpm db:move --to <postgres://… | data-folder> [--from <postgres://… | data-folder>]';

let options;
try {
  options = parseArgs({ options: { to: { type: 'string' }, from: { type: 'string' } } }).values;
  if (!options.to) fail(usage);
} catch {
  fail(usage);
}
const { location: to } = locationOrConfigured(options.to);
const { location: from, witnessDir } = locationOrConfigured(options.from);

say(`Moving ${describeLocation(from)}\n    to ${describeLocation(to)}`);
try {
  const proof = await moveDatabase({ from, to, witnessDir, progress: say });
  say(`\n${formatProof(proof, { expected: 'source', found: 'target' })}\n`);
  if (proof.valid) {
    say('MOVED: every table has as many rows on both sides and every audit chain is valid.');
    if (to.kind === 'postgres') say('Start Cercle with DATABASE_URL set to the target.');
    else say(`Start Cercle with CERCLE_DATA_DIR=${to.dataDir} and without DATABASE_URL.`);
    process.exit(0);
  }
  say(
    'NOT PROVEN: the target holds the copy, but the proof above failed. Do not use it: find ' +
      'out why (a changed source?), empty the target and move again.',
  );
  process.exit(1);
} catch (error) {
  if (error instanceof MoveRefused) fail(`Refused: ${error.message}`);
  throw error;
}
