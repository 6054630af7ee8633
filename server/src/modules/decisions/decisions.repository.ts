import { and, desc, eq, gte, inArray, isNotNull, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  amendments,
  assemblies,
  candidates,
  colleges,
  type Database,
  elections,
  meetings,
  minutes,
  motions,
  objections,
  polls,
  users,
} from '@cercle/db';
import { decidedMotionStatuses } from '@cercle/shared';

/** Which decisions to read: assemblies the person may read, a window of days, a status. */
export interface DecisionScope {
  assemblyIds: string[];
  /** Decided at or after. */
  since?: Date;
  /** Decided before. */
  until?: Date;
}

const window = (column: PgColumn, scope: DecisionScope): SQL[] => [
  isNotNull(column),
  ...(scope.since ? [gte(column, scope.since)] : []),
  ...(scope.until ? [lt(column, scope.until)] : []),
];

/** What the register reads: decided motions, amendments and elections, with their polls. */
export function createDecisionsRepository({ db }: { db: Database }) {
  return {
    async assemblies() {
      return db
        .select({
          id: assemblies.id,
          name: assemblies.name,
          code: assemblies.code,
          timeZone: assemblies.timeZone,
        })
        .from(assemblies)
        .orderBy(assemblies.name);
    },

    async motions(scope: DecisionScope) {
      if (!scope.assemblyIds.length) return [];
      return db
        .select()
        .from(motions)
        .where(
          and(
            inArray(motions.assemblyId, scope.assemblyIds),
            inArray(motions.status, [...decidedMotionStatuses]),
            ...window(motions.decidedAt, scope),
          ),
        );
    },

    async amendments(scope: DecisionScope) {
      if (!scope.assemblyIds.length) return [];
      return db
        .select({ amendment: amendments, motion: motions })
        .from(amendments)
        .innerJoin(motions, eq(motions.id, amendments.motionId))
        .where(
          and(
            inArray(motions.assemblyId, scope.assemblyIds),
            inArray(amendments.status, ['adopted', 'rejected', 'withdrawn']),
            ...window(amendments.decidedAt, scope),
          ),
        );
    },

    async elections(scope: DecisionScope) {
      if (!scope.assemblyIds.length) return [];
      return db
        .select()
        .from(elections)
        .where(
          and(
            inArray(elections.assemblyId, scope.assemblyIds),
            eq(elections.status, 'decided'),
            ...window(elections.decidedAt, scope),
          ),
        );
    },

    /** The closed polls of these motions (amendments' too), latest first. */
    async closedPolls(motionIds: string[]) {
      if (!motionIds.length) return [];
      return db
        .select()
        .from(polls)
        .where(and(inArray(polls.motionId, motionIds), eq(polls.status, 'closed')))
        .orderBy(desc(polls.closedAt));
    },

    /** How many objections each consent round integrated into the text. */
    async integratedObjections(pollIds: string[]) {
      if (!pollIds.length) return [];
      return db
        .select({ pollId: objections.pollId })
        .from(objections)
        .where(and(inArray(objections.pollId, pollIds), eq(objections.status, 'integrated')));
    },

    /** The rounds of these elections, latest first. */
    async electionRounds(electionIds: string[]) {
      if (!electionIds.length) return [];
      return db
        .select()
        .from(polls)
        .where(and(inArray(polls.electionId, electionIds), eq(polls.status, 'closed')))
        .orderBy(desc(polls.round));
    },

    async candidates(electionIds: string[]) {
      if (!electionIds.length) return [];
      return db
        .select({
          id: candidates.id,
          electionId: candidates.electionId,
          label: candidates.label,
          name: users.name,
        })
        .from(candidates)
        .leftJoin(users, eq(users.id, candidates.userId))
        .where(inArray(candidates.electionId, electionIds));
    },

    async colleges(assemblyIds: string[]) {
      if (!assemblyIds.length) return [];
      return db
        .select({ id: colleges.id, name: colleges.name })
        .from(colleges)
        .where(inArray(colleges.assemblyId, assemblyIds));
    },

    async meetings(meetingIds: string[]) {
      if (!meetingIds.length) return [];
      return db
        .select({ id: meetings.id, title: meetings.title })
        .from(meetings)
        .where(inArray(meetings.id, meetingIds));
    },

    /** The published versions of these meetings' minutes, newest version first. */
    async publishedMinutes(meetingIds: string[]) {
      if (!meetingIds.length) return [];
      return db
        .select({ id: minutes.id, meetingId: minutes.meetingId })
        .from(minutes)
        .where(and(inArray(minutes.meetingId, meetingIds), eq(minutes.status, 'published')))
        .orderBy(desc(minutes.version));
    },
  };
}
