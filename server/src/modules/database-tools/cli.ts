import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config.ts';
import { configuredLocation, type DatabaseLocation, parseLocation } from './location.ts';

/** What the db:move, db:backup and db:restore scripts share: messages, exit codes, locations. */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

export const say = (line: string) => process.stdout.write(`${line}\n`);

// pnpm runs scripts from the workspace root: a relative folder is the caller's.
export const callerDir = process.env.INIT_CWD ?? process.cwd();

/**
 * The location named on the command line, or else the configured one (DATABASE_URL, or the
 * embedded database of $CERCLE_DATA_DIR); with the witness folder of the data folder it is
 * served from.
 */
export function locationOrConfigured(text: string | undefined): {
  location: DatabaseLocation;
  witnessDir: string;
} {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  let location: DatabaseLocation;
  try {
    location = text ? parseLocation(text, callerDir) : configuredLocation(config);
  } catch (error) {
    fail((error as Error).message);
  }
  const dataDir = location.kind === 'pglite' ? location.dataDir : config.dataDir;
  return { location, witnessDir: join(dataDir, 'audit-witness') };
}

/** `pnpm db:backup FOLDER [--from X]`, `pnpm db:restore FOLDER [--to X]`: the folder, resolved. */
export function folderAndLocation(usage: string, option: 'from' | 'to') {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { [option]: { type: 'string' } } });
  } catch {
    fail(usage);
  }
  const [folder, ...extra] = parsed.positionals;
  if (!folder || extra.length) fail(usage);
  const named = parsed.values[option];
  return {
    folder: resolve(callerDir, folder),
    ...locationOrConfigured(typeof named === 'string' ? named : undefined),
  };
}
