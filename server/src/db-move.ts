/**
 * `pnpm db:move --to <postgres-url | data-folder> [--from <postgres-url | data-folder>]`
 *
 * Copies a whole Cercle database into an empty one (embedded → PostgreSQL, or back), then proves
 * the move on the target: row counts per table side by side, the same migrations, and every
 * assembly's audit chain verified. `--from` defaults to the configured database (DATABASE_URL, or
 * the embedded one in $CERCLE_DATA_DIR). Stop Cercle first. Exit code 0: moved and proven;
 * 1: copied but not proven; 2: refused or misused, nothing written.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import {
  configuredLocation,
  type DatabaseLocation,
  describeLocation,
  parseLocation,
} from './modules/database-tools/location.ts';
import { moveDatabase, MoveRefused } from './modules/database-tools/move.ts';
import { formatProof } from './modules/database-tools/proof.ts';

const usage =
  'Usage: pnpm db:move --to <postgres://… | data-folder> [--from <postgres://… | data-folder>]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

// pnpm runs scripts from the workspace root: a relative folder is the caller's.
const base = process.env.INIT_CWD ?? process.cwd();
let from: DatabaseLocation;
let to: DatabaseLocation;
let witnessDir: string;
try {
  const { values } = parseArgs({ options: { to: { type: 'string' }, from: { type: 'string' } } });
  if (!values.to) fail(usage);
  const config = loadConfig();
  from = values.from ? parseLocation(values.from, base) : configuredLocation(config);
  to = parseLocation(values.to, base);
  // The server's copy of every event's hash lives in the data folder the source was served from.
  witnessDir = join(from.kind === 'pglite' ? from.dataDir : config.dataDir, 'audit-witness');
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
say(`Moving ${describeLocation(from)}\n    to ${describeLocation(to)}`);
try {
  const proof = await moveDatabase({ from, to, witnessDir, progress: say });
  say('');
  say(formatProof(proof, { expected: 'source', found: 'target' }));
  say('');
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
