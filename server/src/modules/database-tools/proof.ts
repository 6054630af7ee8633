import { asc } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { assemblies, type Database, defaultMigrationsFolder } from '@cercle/db';
import type { AuditVerification, PublishedHead } from '@cercle/shared';
import { readWitnessHeads } from '../audit/audit-witness.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { type AppliedMigration, appliedMigrations, countRows } from './catalog.ts';

/** The migrations this version of Cercle ships, in drizzle's own record form. */
export function shippedMigrations(migrationsFolder = defaultMigrationsFolder): AppliedMigration[] {
  return readMigrationFiles({ migrationsFolder }).map((migration) => ({
    hash: migration.hash,
    createdAt: String(migration.folderMillis),
  }));
}

export const sameMigrations = (a: AppliedMigration[], b: AppliedMigration[]) =>
  a.length === b.length &&
  a.every((m, i) => m.hash === b[i]!.hash && m.createdAt === b[i]!.createdAt);

export interface Proof {
  /** Per table: the rows expected (the source's, the backup's) and the rows found. */
  tables: { name: string; expected: number; found: number }[];
  migrations: { expected: number; found: number; equal: boolean };
  chains: { assemblyId: string; code: string; verification: AuditVerification }[];
  valid: boolean;
}

export interface ProofExpectations {
  counts: Map<string, number>;
  migrations: AppliedMigration[];
  /** The data folder's copy of every event's hash, checked against the chains. */
  witnessDir?: string | undefined;
  /** Heads the chains must still contain (those a backup's manifest recorded). */
  heads?: Map<string, PublishedHead[]>;
}

/**
 * Proves a database holds what it should: the same migrations, the same number of rows in every
 * table, and every assembly's audit chain valid by the verification `GET …/audit` runs (links,
 * recorded head, published minutes, the witness copy, and the records the events vouch for).
 */
export async function proveDatabase(db: Database, expected: ProofExpectations): Promise<Proof> {
  const found = await appliedMigrations(db);
  const names = [...expected.counts.keys()];
  const counts = await countRows(db, names);
  const tables = names.map((name) => ({
    name,
    expected: expected.counts.get(name)!,
    found: counts.get(name)!,
  }));
  const witnessDir = expected.witnessDir;
  const audit = createAuditService({
    db,
    witness: { heads: async (id) => (witnessDir ? readWitnessHeads(witnessDir, id) : []) },
  });
  const chains = [];
  const rows = await db
    .select({ id: assemblies.id, code: assemblies.code })
    .from(assemblies)
    .orderBy(asc(assemblies.code));
  for (const assembly of rows) {
    const verification = await audit.verify(assembly.id, expected.heads?.get(assembly.id) ?? []);
    chains.push({ assemblyId: assembly.id, code: assembly.code, verification });
  }
  const migrations = {
    expected: expected.migrations.length,
    found: found.length,
    equal: sameMigrations(expected.migrations, found),
  };
  return {
    tables,
    migrations,
    chains,
    valid:
      migrations.equal &&
      tables.every((table) => table.expected === table.found) &&
      chains.every((chain) => chain.verification.valid),
  };
}

/** The proof as an admin reads it: counts side by side, then one line per assembly. */
export function formatProof(proof: Proof, labels: { expected: string; found: string }): string {
  const width = Math.max(5, ...proof.tables.map((table) => table.name.length));
  const number = (value: number) => String(value).padStart(9);
  const lines = [
    `${'table'.padEnd(width)} ${labels.expected.padStart(9)} ${labels.found.padStart(9)}`,
    ...proof.tables.map(
      (table) =>
        `${table.name.padEnd(width)} ${number(table.expected)} ${number(table.found)}` +
        (table.expected === table.found ? '' : '  DIFFERENT'),
    ),
    '',
    `migrations: ${labels.expected} ${proof.migrations.expected}, ${labels.found} ` +
      `${proof.migrations.found}${proof.migrations.equal ? ', identical' : ', DIFFERENT'}`,
    `audit chains (${proof.chains.length} assemblies):`,
    ...proof.chains.map(({ code, verification }) => {
      const events = `${verification.events} event${verification.events === 1 ? '' : 's'}`;
      if (verification.valid) return `  ${code}: valid, ${events}`;
      const where =
        verification.brokenAtSeq === undefined ? '' : ` at #${verification.brokenAtSeq}`;
      return `  ${code}: NOT VALID${where} (${verification.reason ?? 'unknown'}), ${events}`;
    }),
  ];
  return lines.join('\n');
}
