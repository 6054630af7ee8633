import { and, asc, eq, inArray, isNull, notInArray, or } from 'drizzle-orm';
import { nameHasWords } from '../members/members.repository.ts';
import { assemblies, type Database, members, motionCoauthors, users } from '@cercle/db';
import type { CoauthorStatus } from '@cercle/shared';

/** A motion's co-authors. Bind it to a transaction (`{ db: tx }`) to work inside it. */
export function createCoauthorsRepository({ db }: { db: Database }) {
  return {
    /** The co-authors of these motions with their names, in the order they were asked. */
    async ofMotions(motionIds: readonly string[], { acceptedOnly = false } = {}) {
      if (!motionIds.length) return [];
      return db
        .select({
          motionId: motionCoauthors.motionId,
          userId: motionCoauthors.userId,
          name: users.name,
          status: motionCoauthors.status,
          invitedBy: motionCoauthors.invitedBy,
          answeredAt: motionCoauthors.answeredAt,
        })
        .from(motionCoauthors)
        .innerJoin(users, eq(users.id, motionCoauthors.userId))
        .where(
          and(
            inArray(motionCoauthors.motionId, [...motionIds]),
            acceptedOnly ? eq(motionCoauthors.status, 'accepted') : undefined,
          ),
        )
        .orderBy(asc(motionCoauthors.invitedAt), asc(users.name));
    },

    async find(motionId: string, userId: string, { lock = false } = {}) {
      const query = db
        .select()
        .from(motionCoauthors)
        .where(and(eq(motionCoauthors.motionId, motionId), eq(motionCoauthors.userId, userId)));
      const [row] = await (lock ? query.for('update') : query);
      return row;
    },

    /** False when the person was already asked (the primary key holds one row a person). */
    async add(values: {
      motionId: string;
      userId: string;
      invitedBy: string;
      status?: CoauthorStatus;
      answeredAt?: Date | null;
    }) {
      const rows = await db
        .insert(motionCoauthors)
        .values(values)
        .onConflictDoNothing()
        .returning({ userId: motionCoauthors.userId });
      return rows.length > 0;
    },

    /** Records the answer to a pending invitation; false if it was no longer pending. */
    async answer(motionId: string, userId: string, status: 'accepted' | 'declined') {
      const rows = await db
        .update(motionCoauthors)
        .set({ status, answeredAt: new Date() })
        .where(
          and(
            eq(motionCoauthors.motionId, motionId),
            eq(motionCoauthors.userId, userId),
            eq(motionCoauthors.status, 'invited'),
          ),
        )
        .returning({ userId: motionCoauthors.userId });
      return rows.length > 0;
    },

    async remove(motionId: string, userId: string) {
      await db
        .delete(motionCoauthors)
        .where(and(eq(motionCoauthors.motionId, motionId), eq(motionCoauthors.userId, userId)));
    },

    /**
     * Whether the person belongs to one of these assemblies, or to an antenna when `antennas`
     * (a congress motion is co-signed across the movement, as its antennas debate it).
     */
    async isMemberOfAny(userId: string, assemblyIds: readonly string[], antennas: boolean) {
      const [row] = await db
        .select({ userId: members.userId })
        .from(members)
        .innerJoin(assemblies, eq(assemblies.id, members.assemblyId))
        .where(
          and(
            eq(members.userId, userId),
            or(
              inArray(members.assemblyId, [...assemblyIds]),
              antennas ? eq(assemblies.kind, 'antenna') : undefined,
            ),
          ),
        )
        .limit(1);
      return row !== undefined;
    },

    /**
     * The people of those assemblies (and antennas when asked) but `excluded` whose name holds
     * the words of `text`, by name, `limit` at most.
     */
    async candidates(
      assemblyIds: readonly string[],
      antennas: boolean,
      excluded: readonly string[],
      { text, limit }: { text: string; limit: number },
    ) {
      return db
        .selectDistinct({ id: users.id, name: users.name })
        .from(members)
        .innerJoin(assemblies, eq(assemblies.id, members.assemblyId))
        .innerJoin(users, eq(users.id, members.userId))
        .where(
          and(
            or(
              inArray(members.assemblyId, [...assemblyIds]),
              antennas ? eq(assemblies.kind, 'antenna') : undefined,
            ),
            excluded.length ? notInArray(users.id, [...excluded]) : undefined,
            isNull(users.erasedAt),
            ...nameHasWords(users.name, text),
          ),
        )
        .orderBy(asc(users.name), asc(users.id))
        .limit(limit);
    },
  };
}

export type CoauthorsRepository = ReturnType<typeof createCoauthorsRepository>;
