import { alias } from 'drizzle-orm/pg-core';
import { and, asc, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import {
  amendments,
  assemblies,
  compositeSources,
  congressMandates,
  congressPhases,
  type Database,
  motions,
  motionVersions,
  polls,
  users,
} from '@cercle/db';
import type { CongressPhase } from '@cercle/shared';

const sourceMotions = alias(motions, 'source_motions');
const sourceAuthors = alias(users, 'source_authors');
const origins = alias(motions, 'origins');
const originAssemblies = alias(assemblies, 'origin_assemblies');

/** Bind it to a transaction (`createCongressRepository({ db: tx })`) to work inside it. */
export function createCongressRepository({ db }: { db: Database }) {
  return {
    async congress(id: string) {
      const [row] = await db.select().from(assemblies).where(eq(assemblies.id, id));
      return row?.kind === 'congress' ? row : undefined;
    },
    async phases(congressId: string) {
      return db
        .select()
        .from(congressPhases)
        .where(eq(congressPhases.congressId, congressId))
        .orderBy(asc(congressPhases.position));
    },
    async setPhases(
      congressId: string,
      phases: { phase: CongressPhase; opensAt: Date; closesAt: Date }[],
    ) {
      await db
        .insert(congressPhases)
        .values(phases.map((entry, position) => ({ congressId, position, ...entry })));
    },
    async movePhase(
      congressId: string,
      phase: CongressPhase,
      values: { opensAt?: Date; closesAt?: Date },
    ) {
      await db
        .update(congressPhases)
        .set({ ...values, changes: sql`${congressPhases.changes} + 1` })
        .where(and(eq(congressPhases.congressId, congressId), eq(congressPhases.phase, phase)));
    },

    /** The counts the timeline shows. */
    async counts(congressId: string) {
      const [row] = await db
        .select({
          motions: sql<number>`count(*) filter (where ${motions.status} <> 'draft')::int`,
          forwarded: sql<number>`count(${motions.forwardedFrom})::int`,
          adopted: sql<number>`count(*) filter (where ${motions.status} = 'adopted')::int`,
        })
        .from(motions)
        .where(eq(motions.assemblyId, congressId));
      const inCongress = db
        .select({ id: motions.id })
        .from(motions)
        .where(eq(motions.assemblyId, congressId));
      const [mandates] = await db
        .select({ count: count() })
        .from(congressMandates)
        .where(inArray(congressMandates.motionId, inCongress));
      const [amended] = await db
        .select({ count: count() })
        .from(amendments)
        .where(inArray(amendments.motionId, inCongress));
      const [composites] = await db
        .select({ count: sql<number>`count(distinct ${compositeSources.compositeId})::int` })
        .from(compositeSources)
        .where(inArray(compositeSources.compositeId, inCongress));
      return {
        motions: row?.motions ?? 0,
        forwarded: row?.forwarded ?? 0,
        adopted: row?.adopted ?? 0,
        mandates: mandates?.count ?? 0,
        amendments: amended?.count ?? 0,
        composites: composites?.count ?? 0,
      };
    },

    /** The congress's submitted motions, with their origin when an antenna forwarded them. */
    async motions(congressId: string) {
      return db
        .select({
          motion: motions,
          authorName: users.name,
          originAntennaId: originAssemblies.id,
          originAntennaName: originAssemblies.name,
        })
        .from(motions)
        .innerJoin(users, eq(users.id, motions.authorId))
        .leftJoin(origins, eq(origins.id, motions.forwardedFrom))
        .leftJoin(originAssemblies, eq(originAssemblies.id, origins.assemblyId))
        .where(and(eq(motions.assemblyId, congressId), isNotNull(motions.submittedAt)))
        .orderBy(asc(motions.year), asc(motions.rank));
    },
    async forwardedCopy(originId: string) {
      const [row] = await db
        .select({ id: motions.id })
        .from(motions)
        .where(eq(motions.forwardedFrom, originId));
      return row;
    },
    async mandates(motionIds: string[]) {
      if (!motionIds.length) return [];
      return db
        .select({
          mandate: congressMandates,
          antennaName: assemblies.name,
          recordedByName: users.name,
        })
        .from(congressMandates)
        .innerJoin(assemblies, eq(assemblies.id, congressMandates.antennaId))
        .leftJoin(users, eq(users.id, congressMandates.recordedBy))
        .where(inArray(congressMandates.motionId, motionIds))
        .orderBy(asc(assemblies.name));
    },
    /** What one antenna told its delegates on each motion of `assemblyId` (a congress). */
    async antennaMandates(assemblyId: string, antennaId: string) {
      return db
        .select({
          motionId: congressMandates.motionId,
          mandate: congressMandates.mandate,
          note: congressMandates.note,
        })
        .from(congressMandates)
        .innerJoin(motions, eq(motions.id, congressMandates.motionId))
        .where(and(eq(motions.assemblyId, assemblyId), eq(congressMandates.antennaId, antennaId)));
    },
    async recordMandate(values: typeof congressMandates.$inferInsert) {
      await db
        .insert(congressMandates)
        .values(values)
        .onConflictDoUpdate({
          target: [congressMandates.motionId, congressMandates.antennaId],
          set: {
            mandate: values.mandate,
            pollId: values.pollId ?? null,
            note: values.note ?? '',
            recordedBy: values.recordedBy,
            recordedAt: new Date(),
          },
        });
    },
    /** Sources of composites among `motionIds`, and composites made of them. */
    async compositeLinks(motionIds: string[]) {
      if (!motionIds.length) return [];
      return db
        .select({
          link: compositeSources,
          sourceTitle: sourceMotions.title,
          sourceAuthorId: sourceMotions.authorId,
          sourceAuthorName: sourceAuthors.name,
        })
        .from(compositeSources)
        .innerJoin(sourceMotions, eq(sourceMotions.id, compositeSources.sourceId))
        .innerJoin(sourceAuthors, eq(sourceAuthors.id, sourceMotions.authorId))
        .where(
          sql`${compositeSources.compositeId} in ${motionIds} or ${compositeSources.sourceId} in ${motionIds}`,
        );
    },
    async addCompositeSources(compositeId: string, sourceIds: string[]) {
      await db
        .insert(compositeSources)
        .values(sourceIds.map((sourceId) => ({ compositeId, sourceId })));
    },
    async respond(
      compositeId: string,
      sourceId: string,
      values: { response: 'accepted' | 'objected'; note: string },
    ) {
      const [row] = await db
        .update(compositeSources)
        .set({ ...values, respondedAt: new Date() })
        .where(
          and(
            eq(compositeSources.compositeId, compositeId),
            eq(compositeSources.sourceId, sourceId),
          ),
        )
        .returning();
      return row;
    },
    /** Each motion's text as it stands (its current version). */
    async currentTexts(motionIds: string[]) {
      if (!motionIds.length) return [];
      return db
        .select({
          motionId: motionVersions.motionId,
          version: motionVersions.version,
          text: motionVersions.text,
        })
        .from(motionVersions)
        .innerJoin(
          motions,
          and(
            eq(motions.id, motionVersions.motionId),
            eq(motions.currentVersion, motionVersions.version),
          ),
        )
        .where(inArray(motionVersions.motionId, motionIds));
    },

    /** The last closed poll on each motion (its decision). */
    async lastResults(motionIds: string[]) {
      if (!motionIds.length) return [];
      return db
        .select({ motionId: polls.motionId, result: polls.result, closedAt: polls.closedAt })
        .from(polls)
        .where(
          and(
            inArray(polls.motionId, motionIds),
            eq(polls.status, 'closed'),
            sql`${polls.amendmentId} is null`,
          ),
        )
        .orderBy(asc(polls.closedAt));
    },
  };
}

export type CongressRepository = ReturnType<typeof createCongressRepository>;
