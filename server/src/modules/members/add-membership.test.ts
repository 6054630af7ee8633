import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { events } from '@cercle/db';
import { testDatabaseForThisFile } from '../../../../tests/support/database.ts';
import { createAssembly, createUser } from '../../../../tests/support/fixtures.ts';
import { addMembership } from './add-membership.ts';
import { createMembersRepository } from './members.repository.ts';

const { db } = await testDatabaseForThisFile();

const values = {
  role: 'member',
  collegeId: null,
  votingRight: true,
  organisation: 'MIRAMAP',
} as const;

/** A fresh assembly, its secretary and `name` to add; `add` adds them as the secretary. */
async function scene(name: string) {
  const assembly = await createAssembly({ db });
  const secretary = await createUser({ db }, { name: 'Léa Garcia', password: null });
  const person = await createUser({ db }, { name, password: null });
  const add = (source?: 'import' | 'demo') =>
    db.transaction((tx) =>
      addMembership(tx, {
        assemblyId: assembly.id,
        userId: person.id,
        values,
        actorId: secretary.id,
        source,
      }),
    );
  const logged = () =>
    db
      .select({ actorId: events.actorId, payload: events.payload })
      .from(events)
      .where(and(eq(events.assemblyId, assembly.id), eq(events.type, 'member.added')));
  return { assembly, secretary, person, add, logged };
}

describe('adding a member', () => {
  it('makes the person a member and logs it with who added them, with no source when by hand', async () => {
    const { assembly, secretary, person, add, logged } = await scene('Marion Colin');
    await add();
    const member = await createMembersRepository({ db }).find(assembly.id, person.id);
    expect(member).toMatchObject({ role: 'member', votingRight: true, organisation: 'MIRAMAP' });
    const rows = await logged();
    expect(rows).toEqual([{ actorId: secretary.id, payload: { userId: person.id, ...values } }]);
    expect(rows[0]!.payload).not.toHaveProperty('source');
  });

  it('says in the log where a batch came from', async () => {
    const { secretary, person, add, logged } = await scene('Pierre Renard');
    await add('import');
    expect(await logged()).toEqual([
      { actorId: secretary.id, payload: { userId: person.id, ...values, source: 'import' } },
    ]);
  });

  it('adds nothing to the log when the membership cannot be written', async () => {
    const { add, logged } = await scene('Anne Brunet');
    await add();
    await expect(add()).rejects.toThrow();
    expect(await logged()).toHaveLength(1);
  });
});
