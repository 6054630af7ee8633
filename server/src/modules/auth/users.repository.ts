import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Membership } from '@cercle/shared';
import {
  assemblies,
  type Database,
  members,
  newId,
  type NewUser,
  setupTokens,
  type User,
  users,
} from '@cercle/db';

/**
 * People's memberships, read on every signed-in request (sockets opening together share one
 * read: `auth.service`): built and planned once.
 */
function prepareMemberships(db: Database) {
  return db
    .select({
      userId: members.userId,
      assemblyId: members.assemblyId,
      assemblyName: assemblies.name,
      assemblyKind: assemblies.kind,
      role: members.role,
      votingRight: members.votingRight,
    })
    .from(members)
    .innerJoin(assemblies, eq(assemblies.id, members.assemblyId))
    .where(sql`${members.userId} = any(${sql.placeholder('userIds')}::text[])`)
    .orderBy(assemblies.name)
    .prepare('memberships_of_people');
}

/** Bind it to a transaction (`createUsersRepository({ db: tx })`) to read and write inside it. */
export function createUsersRepository({ db }: { db: Database }) {
  let membershipsQuery: ReturnType<typeof prepareMemberships> | undefined;

  /** Each person's memberships, by assembly name, at their position in `userIds`. */
  async function membershipsOfPeople(userIds: string[]): Promise<Membership[][]> {
    membershipsQuery ??= prepareMemberships(db);
    const byPerson = new Map(userIds.map((userId) => [userId, [] as Membership[]]));
    for (const { userId, ...membership } of await membershipsQuery.execute({ userIds })) {
      byPerson.get(userId)!.push(membership);
    }
    return userIds.map((userId) => byPerson.get(userId)!);
  }

  return {
    async findById(id: string): Promise<User | undefined> {
      const [user] = await db.select().from(users).where(eq(users.id, id));
      return user;
    },

    async findByEmail(email: string): Promise<User | undefined> {
      const [user] = await db.select().from(users).where(eq(users.email, email));
      return user;
    },

    async create(values: Omit<NewUser, 'id'>): Promise<User> {
      const [user] = await db
        .insert(users)
        .values({ id: newId(), ...values })
        .returning();
      return user!;
    },

    async update(id: string, values: Partial<Omit<NewUser, 'id'>>) {
      const [user] = await db.update(users).set(values).where(eq(users.id, id)).returning();
      return user;
    },

    async hasAdmin(): Promise<boolean> {
      const [admin] = await db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.isAdmin, true))
        .limit(1);
      return admin !== undefined;
    },

    async membershipsOf(userId: string): Promise<Membership[]> {
      const [memberships] = await membershipsOfPeople([userId]);
      return memberships!;
    },

    membershipsOfPeople,

    async addSetupToken(tokenHash: string) {
      await db.insert(setupTokens).values({ tokenHash });
    },

    /** Marks every pending setup token used if `tokenHash` is one of them; false otherwise. */
    async consumeSetupToken(tokenHash: string): Promise<boolean> {
      const [token] = await db
        .select()
        .from(setupTokens)
        .where(and(eq(setupTokens.tokenHash, tokenHash), isNull(setupTokens.usedAt)))
        .for('update');
      if (!token) return false;
      await db.update(setupTokens).set({ usedAt: new Date() }).where(isNull(setupTokens.usedAt));
      return true;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
