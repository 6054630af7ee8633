import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { events, participations, queryRows } from '@cercle/db';
import {
  type DatabaseLocation,
  openLocation,
} from '../../server/src/modules/database-tools/location.ts';
import { moveDatabase, MoveRefused } from '../../server/src/modules/database-tools/move.ts';
import type { Proof } from '../../server/src/modules/database-tools/proof.ts';
import { emptyPostgresForThisFile } from '../support/database.ts';
import { fillWithDemoFederation } from '../support/demo-database.ts';

const dataFolder = (): DatabaseLocation & { kind: 'pglite' } => ({
  kind: 'pglite',
  dataDir: mkdtempSync(join(tmpdir(), 'cercle-move-')),
});

// Every opening of the embedded database starts PostgreSQL in WebAssembly, and a move opens three:
// seconds each, many more on a loaded machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/** The demo federation is loaded once; each test moves a copy of its (closed) data folder. */
let template: DatabaseLocation & { kind: 'pglite' };
let demoAssemblyId: string;
beforeAll(async () => {
  template = dataFolder();
  demoAssemblyId = (await fillWithDemoFederation(template)).assemblyId;
});
function demoCopy() {
  const copy = dataFolder();
  cpSync(template.dataDir, copy.dataDir, { recursive: true });
  return copy;
}

const emptyPostgres = emptyPostgresForThisFile;

/** What must come through a move unchanged, read the same way on both sides. */
async function fingerprint(location: DatabaseLocation) {
  const database = await openLocation(location);
  try {
    const [row] = await queryRows<Record<string, string>>(
      database.db,
      sql`select
        (select string_agg(id::text || seq || hash || created_at::text || payload::text, ',' order by id) from events) as events,
        (select string_agg(poll_id || voter_id, ',' order by poll_id, voter_id) from participations) as participations,
        (select string_agg(counts::text, ',' order by poll_id) from secret_tallies) as tallies,
        (select string_agg(id || choice, ',' order by id) from ballots) as ballots,
        (select string_agg(id || coalesce(parent_id, '-'), ',' order by id) from assemblies) as assemblies,
        (select string_agg(id || password_hash, ',' order by id) from users where password_hash is not null) as users`,
    );
    return row;
  } finally {
    await database.close();
  }
}

function expectProven(proof: Proof) {
  expect(proof.tables.filter((table) => table.expected !== table.found)).toEqual([]);
  expect(proof.tables.find((table) => table.name === 'events')!.found).toBeGreaterThan(10);
  expect(proof.migrations.equal).toBe(true);
  expect(proof.chains.length).toBeGreaterThan(5);
  expect(proof.chains.filter((chain) => !chain.verification.valid)).toEqual([]);
  expect(proof.valid).toBe(true);
}

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'moving a database between the embedded one and PostgreSQL (needs TEST_DATABASE_URL)',
  () => {
    it('copies the demo federation to an empty PostgreSQL database and proves it, then back', async () => {
      const embedded = demoCopy();
      const before = await fingerprint(embedded);
      const postgres = await emptyPostgres();

      const there = await moveDatabase({
        from: embedded,
        to: postgres,
        witnessDir: join(embedded.dataDir, 'audit-witness'),
      });
      expectProven(there);
      expect(await fingerprint(postgres)).toEqual(before);

      // The copied sequence goes on after the copied ids: a new event gets the next one.
      const moved = await openLocation(postgres);
      const [{ max, next } = { max: '', next: '' }] = await queryRows<{
        max: string;
        next: string;
      }>(
        moved.db,
        sql`select (select max(id)::text from events) as max, nextval('events_id_seq')::text as next`,
      );
      await moved.close();
      expect(Number(next)).toBe(Number(max) + 1);

      const back = dataFolder();
      const proof = await moveDatabase({ from: postgres, to: back });
      expectProven(proof);
      expect(await fingerprint(back)).toEqual(before);
    });

    it('refuses a target that holds any row, and writes nothing to it', async () => {
      const embedded = demoCopy();
      const postgres = await emptyPostgres();
      const target = await openLocation(postgres);
      await target.db.execute(sql`create table notes (text text)`);
      await target.db.execute(sql`insert into notes values ('à garder')`);
      await target.close();

      await expect(moveDatabase({ from: embedded, to: postgres })).rejects.toThrow(
        new MoveRefused(
          `The target (PostgreSQL ${postgres.kind === 'postgres' ? postgres.url : ''}) is not empty: public.notes has rows. Move only into an empty database; nothing was written.`,
        ),
      );
      const after = await openLocation(postgres);
      const [state] = await queryRows<{ migrated: boolean }>(
        after.db,
        sql`select to_regclass('public.events') is not null as migrated`,
      );
      await after.close();
      expect(state!.migrated).toBe(false);
    });

    it('fails the proof when an event of the source was changed', async () => {
      const embedded = demoCopy();
      const assemblyId = demoAssemblyId;
      const source = await openLocation(embedded);
      await source.db
        .update(events)
        .set({ payload: { title: 'Une autre motion' } })
        .where(and(eq(events.assemblyId, assemblyId), eq(events.seq, 2)));
      await source.close();

      const proof = await moveDatabase({
        from: embedded,
        to: await emptyPostgres(),
        witnessDir: join(embedded.dataDir, 'audit-witness'),
      });
      expect(proof.valid).toBe(false);
      expect(proof.tables.every((table) => table.expected === table.found)).toBe(true);
      const broken = proof.chains.filter((chain) => !chain.verification.valid);
      expect(broken.map((chain) => chain.assemblyId)).toEqual([assemblyId]);
      expect(broken[0]!.verification.brokenAtSeq).toBe(2);
    });
  },
);

it('copies the participations of a secret poll in key order, not in the order they were cast', async () => {
  const embedded = demoCopy();
  const target = dataFolder();
  const proof = await moveDatabase({ from: embedded, to: target });
  expect(proof.valid).toBe(true);
  const moved = await openLocation(target);
  const physical = await moved.db.select().from(participations);
  const byKey = [...physical].sort((a, b) =>
    a.pollId === b.pollId ? (a.voterId < b.voterId ? -1 : 1) : a.pollId < b.pollId ? -1 : 1,
  );
  await moved.close();
  expect(physical.map((row) => row.voterId)).toEqual(byKey.map((row) => row.voterId));
});
