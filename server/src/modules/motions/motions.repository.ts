import { alias } from 'drizzle-orm/pg-core';
import { and, asc, count, desc, eq, ilike, inArray, max, or, sql } from 'drizzle-orm';
import {
  amendments,
  assemblies,
  type Database,
  motionCoauthors,
  motionComments,
  motions,
  motionSupporters,
  motionVersions,
  newId,
  users,
} from '@cercle/db';
import type { MotionStatus } from '@cercle/shared';

const authors = alias(users, 'authors');

/** Bind it to a transaction (`createMotionsRepository({ db: tx })`) to work inside it. */
export function createMotionsRepository({ db }: { db: Database }) {
  const supporterCount = db
    .select({ motionId: motionSupporters.motionId, count: count().as('supporter_count') })
    .from(motionSupporters)
    .groupBy(motionSupporters.motionId)
    .as('supporter_counts');
  const pendingAmendmentCount = db
    .select({ motionId: amendments.motionId, count: count().as('pending_count') })
    .from(amendments)
    .where(eq(amendments.status, 'submitted'))
    .groupBy(amendments.motionId)
    .as('pending_amendments');

  function selectSummaries() {
    return db
      .select({
        motion: motions,
        assemblyCode: assemblies.code,
        timeZone: assemblies.timeZone,
        authorName: authors.name,
        supporters: sql<number>`coalesce(${supporterCount.count}, 0)::int`,
        pendingAmendments: sql<number>`coalesce(${pendingAmendmentCount.count}, 0)::int`,
      })
      .from(motions)
      .innerJoin(assemblies, eq(assemblies.id, motions.assemblyId))
      .innerJoin(authors, eq(authors.id, motions.authorId))
      .leftJoin(supporterCount, eq(supporterCount.motionId, motions.id))
      .leftJoin(pendingAmendmentCount, eq(pendingAmendmentCount.motionId, motions.id));
  }

  return {
    /** Motions of an assembly (and those referred to it); others' drafts stay private. */
    async list(
      assemblyId: string,
      viewerId: string,
      filters: { status?: MotionStatus | undefined; q?: string | undefined },
    ) {
      return selectSummaries()
        .where(
          and(
            or(eq(motions.assemblyId, assemblyId), eq(motions.referredTo, assemblyId)),
            or(
              sql`${motions.status} <> 'draft'`,
              eq(motions.authorId, viewerId),
              // A draft is shared with those asked to co-sign it (until they decline).
              sql`exists (select 1 from ${motionCoauthors} where ${motionCoauthors.motionId} = ${motions.id} and ${motionCoauthors.userId} = ${viewerId} and ${motionCoauthors.status} <> 'declined')`,
            ),
            filters.status ? eq(motions.status, filters.status) : undefined,
            filters.q
              ? ilike(motions.title, `%${filters.q.replace(/[%_\\]/g, '\\$&')}%`)
              : undefined,
          ),
        )
        .orderBy(desc(motions.year), desc(motions.rank), desc(motions.createdAt));
    },

    /** The titles of these motions, with their assembly's code for the reference. */
    async titles(ids: readonly string[]) {
      if (ids.length === 0) return [];
      return db
        .select({
          id: motions.id,
          title: motions.title,
          year: motions.year,
          rank: motions.rank,
          assemblyCode: assemblies.code,
        })
        .from(motions)
        .innerJoin(assemblies, eq(assemblies.id, motions.assemblyId))
        .where(inArray(motions.id, [...ids]));
    },

    async summary(id: string) {
      const [row] = await selectSummaries().where(eq(motions.id, id));
      return row;
    },

    async findById(id: string, { lock = false } = {}) {
      const query = db.select().from(motions).where(eq(motions.id, id));
      const [motion] = await (lock ? query.for('update') : query);
      return motion;
    },

    async create(values: { assemblyId: string; title: string; authorId: string }) {
      const [motion] = await db
        .insert(motions)
        .values({ id: newId(), ...values })
        .returning();
      return motion!;
    },

    async update(id: string, values: Partial<typeof motions.$inferInsert>) {
      const [motion] = await db.update(motions).set(values).where(eq(motions.id, id)).returning();
      return motion!;
    },

    /** The next rank for this assembly and year; call with the assembly's chain locked. */
    async nextRank(assemblyId: string, year: number) {
      const [row] = await db
        .select({ rank: max(motions.rank) })
        .from(motions)
        .where(and(eq(motions.assemblyId, assemblyId), eq(motions.year, year)));
      return (row?.rank ?? 0) + 1;
    },

    async addVersion(values: typeof motionVersions.$inferInsert) {
      await db.insert(motionVersions).values(values);
    },

    async versions(motionId: string) {
      return db
        .select({ version: motionVersions, authorName: users.name })
        .from(motionVersions)
        .innerJoin(users, eq(users.id, motionVersions.createdBy))
        .where(eq(motionVersions.motionId, motionId))
        .orderBy(asc(motionVersions.version));
    },

    async version(motionId: string, version: number) {
      const [row] = await db
        .select({ version: motionVersions, authorName: users.name })
        .from(motionVersions)
        .innerJoin(users, eq(users.id, motionVersions.createdBy))
        .where(and(eq(motionVersions.motionId, motionId), eq(motionVersions.version, version)));
      return row;
    },

    async supporters(motionId: string) {
      return db
        .select({ userId: motionSupporters.userId, name: users.name })
        .from(motionSupporters)
        .innerJoin(users, eq(users.id, motionSupporters.userId))
        .where(eq(motionSupporters.motionId, motionId))
        .orderBy(asc(motionSupporters.createdAt));
    },

    /** True when the support is new (supporting twice is not an error). */
    async addSupporter(motionId: string, userId: string) {
      const inserted = await db
        .insert(motionSupporters)
        .values({ motionId, userId })
        .onConflictDoNothing()
        .returning();
      return inserted.length > 0;
    },

    async removeSupporter(motionId: string, userId: string) {
      await db
        .delete(motionSupporters)
        .where(and(eq(motionSupporters.motionId, motionId), eq(motionSupporters.userId, userId)));
    },

    async comments(motionId: string) {
      return db
        .select({ comment: motionComments, authorName: users.name })
        .from(motionComments)
        .innerJoin(users, eq(users.id, motionComments.authorId))
        .where(eq(motionComments.motionId, motionId))
        .orderBy(asc(motionComments.createdAt));
    },

    async addComment(values: { motionId: string; authorId: string; text: string }) {
      const [comment] = await db
        .insert(motionComments)
        .values({ id: newId(), ...values })
        .returning();
      return comment!;
    },

    async amendments(motionId: string) {
      return db
        .select({
          amendment: amendments,
          authorName: users.name,
          onBehalfOfName: assemblies.name,
        })
        .from(amendments)
        .innerJoin(users, eq(users.id, amendments.authorId))
        .leftJoin(assemblies, eq(assemblies.id, amendments.onBehalfOf))
        .where(eq(amendments.motionId, motionId))
        .orderBy(asc(amendments.rank));
    },

    async findAmendment(id: string, { lock = false } = {}) {
      const query = db.select().from(amendments).where(eq(amendments.id, id));
      const [amendment] = await (lock ? query.for('update') : query);
      return amendment;
    },

    async createAmendment(values: Omit<typeof amendments.$inferInsert, 'id' | 'rank'>) {
      const [row] = await db
        .select({ rank: max(amendments.rank) })
        .from(amendments)
        .where(eq(amendments.motionId, values.motionId));
      const [amendment] = await db
        .insert(amendments)
        .values({ id: newId(), rank: (row?.rank ?? 0) + 1, ...values })
        .returning();
      return amendment!;
    },

    async updateAmendment(id: string, values: Partial<typeof amendments.$inferInsert>) {
      await db.update(amendments).set(values).where(eq(amendments.id, id));
    },
  };
}

export type MotionsRepository = ReturnType<typeof createMotionsRepository>;
