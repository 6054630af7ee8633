import { and, asc, eq, ne, type SQL, sql } from 'drizzle-orm';
import { colleges, type Database, members, users } from '@cercle/db';
import type { Member, MemberListQuery, MemberRole } from '@cercle/shared';

const memberColumns = {
  userId: members.userId,
  name: users.name,
  email: users.email,
  passwordHash: users.passwordHash,
  role: members.role,
  collegeId: members.collegeId,
  collegeName: colleges.name,
  votingRight: members.votingRight,
  organisation: members.organisation,
  joinedAt: members.createdAt,
};

/**
 * A name holds every word typed (eight at most), case and accents aside: how people are searched
 * for, as one types, wherever an assembly may be too large to list.
 */
export function nameHasWords(name: SQL | typeof users.name, text: string) {
  const words = text.split(/\s+/).filter(Boolean).slice(0, 8);
  return words.map(
    (word) =>
      sql`unaccent(lower(${name})) like unaccent(lower(${`%${word.replace(/[%_\\]/g, '\\$&')}%`}))`,
  );
}

/** People in the order of their names as one reads them: « Élodie » among the E, not after Z. */
export const byName = sql`unaccent(lower(${users.name}))`;

export interface MembershipValues {
  role: MemberRole;
  collegeId: string | null;
  votingRight: boolean;
  organisation: string | null;
}

/** Bind it to a transaction (`createMembersRepository({ db: tx })`) to work inside it. */
export function createMembersRepository({ db }: { db: Database }) {
  function select() {
    return db
      .select(memberColumns)
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .leftJoin(colleges, eq(colleges.id, members.collegeId));
  }

  return {
    async list(assemblyId: string) {
      return select()
        .where(eq(members.assemblyId, assemblyId))
        .orderBy(byName, asc(users.name), asc(users.email));
    },

    /** A page of the members whose name holds the words of `text`, by name; and how many match. */
    async page(assemblyId: string, { q, limit, offset }: MemberListQuery) {
      const matching = and(eq(members.assemblyId, assemblyId), ...nameHasWords(users.name, q));
      const [rows, [counted]] = await Promise.all([
        select()
          .where(matching)
          .orderBy(byName, asc(users.name), asc(users.email))
          .limit(limit)
          .offset(offset),
        db
          .select({ total: sql<number>`count(*)::int` })
          .from(members)
          .innerJoin(users, eq(users.id, members.userId))
          .where(matching),
      ]);
      return { rows, total: counted?.total ?? 0 };
    },

    /**
     * Members whose name holds every word of `text` (case and accents aside), by name: a picker's
     * search, so that no page lists a whole assembly. `also` narrows it with a condition on
     * `members.user_id` (a meeting's delegates, say).
     */
    async searchByName(
      assemblyId: string,
      text: string,
      {
        votingRightOnly = false,
        except,
        also,
        limit,
      }: { votingRightOnly?: boolean; except?: string; also?: SQL; limit: number },
    ) {
      return db
        .select({ id: users.id, name: users.name })
        .from(members)
        .innerJoin(users, eq(users.id, members.userId))
        .where(
          and(
            eq(members.assemblyId, assemblyId),
            votingRightOnly ? eq(members.votingRight, true) : undefined,
            except ? ne(members.userId, except) : undefined,
            also,
            ...nameHasWords(users.name, text),
          ),
        )
        .orderBy(byName, asc(users.name), asc(users.id))
        .limit(limit);
    },

    async find(assemblyId: string, userId: string) {
      const [row] = await select().where(
        and(eq(members.assemblyId, assemblyId), eq(members.userId, userId)),
      );
      return row;
    },

    async insert(assemblyId: string, userId: string, values: MembershipValues) {
      await db.insert(members).values({ assemblyId, userId, ...values });
    },

    async update(assemblyId: string, userId: string, values: Partial<MembershipValues>) {
      await db
        .update(members)
        .set(values)
        .where(and(eq(members.assemblyId, assemblyId), eq(members.userId, userId)));
    },

    async remove(assemblyId: string, userId: string) {
      const removed = await db
        .delete(members)
        .where(and(eq(members.assemblyId, assemblyId), eq(members.userId, userId)))
        .returning({ userId: members.userId });
      return removed.length > 0;
    },
  };
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof createMembersRepository>['list']>>[number];

/** A member as the API shows it; the address only to those who manage the assembly. */
export function toMember(row: MemberRow, showEmail: boolean): Member {
  return {
    userId: row.userId,
    name: row.name,
    email: showEmail ? row.email : null,
    role: row.role,
    collegeId: row.collegeId,
    collegeName: row.collegeName,
    votingRight: row.votingRight,
    organisation: row.organisation,
    activated: row.passwordHash !== null,
    joinedAt: row.joinedAt.toISOString(),
  };
}
