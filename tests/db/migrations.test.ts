import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '@cercle/db';
import { type DatabaseHandle, defaultMigrationsFolder } from '@cercle/db';
import { createTestDatabase } from '../support/database.ts';

const journal = JSON.parse(
  readFileSync(join(defaultMigrationsFolder, 'meta/_journal.json'), 'utf8'),
) as { entries: { idx: number; tag: string }[] };

describe('committed migrations', () => {
  it('match the drizzle schema (run "pnpm db:generate" after changing db/src/schema)', async () => {
    const snapshots = readdirSync(join(defaultMigrationsFolder, 'meta'))
      .filter((file) => file.endsWith('_snapshot.json'))
      .sort();
    const latest = JSON.parse(
      readFileSync(join(defaultMigrationsFolder, 'meta', snapshots.at(-1)!), 'utf8'),
    );
    const current = generateDrizzleJson(schema, latest.id);
    const pending = await generateMigration(latest, current);
    expect(pending, 'schema changes without a migration').toEqual([]);
  });

  it('has one SQL file per journal entry', () => {
    const sqlFiles = readdirSync(defaultMigrationsFolder).filter((file) => file.endsWith('.sql'));
    expect(sqlFiles.sort()).toEqual(journal.entries.map((entry) => `${entry.tag}.sql`).sort());
  });
});

describe('applying migrations', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('applies every migration, and applying again changes nothing', async () => {
    expect(await database.appliedMigrations()).toBe(journal.entries.length);
    await database.migrate();
    expect(await database.appliedMigrations()).toBe(journal.entries.length);
  });
});
