import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { type Database, type DatabaseHandle, events } from '@cercle/db';
import { createTestDatabase } from '../../../../tests/support/database.ts';
import { createAssembly, createUser } from '../../../../tests/support/fixtures.ts';
import { addMembership } from './add-membership.ts';
import { createMembersRepository } from './members.repository.ts';

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(() => handle?.close());

const values = {
  role: 'member',
  collegeId: null,
  votingRight: true,
  organisation: 'MIRAMAP',
} as const;

async function added(assemblyId: string) {
  return db
    .select({ actorId: events.actorId, payload: events.payload })
    .from(events)
    .where(and(eq(events.assemblyId, assemblyId), eq(events.type, 'member.added')));
}

describe('adding a member', () => {
  it('makes the person a member and logs it with who added them, with no source when by hand', async () => {
    const assembly = await createAssembly({ db });
    const secretary = await createUser({ db }, { name: 'Léa Garcia', password: null });
    const person = await createUser({ db }, { name: 'Marion Colin', password: null });
    await db.transaction((tx) =>
      addMembership(tx, {
        assemblyId: assembly.id,
        userId: person.id,
        values,
        actorId: secretary.id,
      }),
    );
    const member = await createMembersRepository({ db }).find(assembly.id, person.id);
    expect(member).toMatchObject({ role: 'member', votingRight: true, organisation: 'MIRAMAP' });
    const logged = await added(assembly.id);
    expect(logged).toEqual([{ actorId: secretary.id, payload: { userId: person.id, ...values } }]);
    expect(logged[0]!.payload).not.toHaveProperty('source');
  });

  it('says in the log where a batch came from', async () => {
    const assembly = await createAssembly({ db });
    const secretary = await createUser({ db }, { name: 'Léa Garcia', password: null });
    const person = await createUser({ db }, { name: 'Pierre Renard', password: null });
    await db.transaction((tx) =>
      addMembership(tx, {
        assemblyId: assembly.id,
        userId: person.id,
        values,
        actorId: secretary.id,
        source: 'import',
      }),
    );
    expect(await added(assembly.id)).toEqual([
      { actorId: secretary.id, payload: { userId: person.id, ...values, source: 'import' } },
    ]);
  });

  it('adds nothing to the log when the membership cannot be written', async () => {
    const assembly = await createAssembly({ db });
    const secretary = await createUser({ db }, { name: 'Léa Garcia', password: null });
    const person = await createUser({ db }, { name: 'Anne Brunet', password: null });
    const add = () =>
      db.transaction((tx) =>
        addMembership(tx, {
          assemblyId: assembly.id,
          userId: person.id,
          values,
          actorId: secretary.id,
        }),
      );
    await add();
    await expect(add()).rejects.toThrow();
    expect(await added(assembly.id)).toHaveLength(1);
  });
});
