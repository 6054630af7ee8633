import { alias } from 'drizzle-orm/pg-core';
import { and, asc, count, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import {
  ballots,
  type Database,
  members,
  newId,
  objections,
  participations,
  pollElectorate,
  polls,
  users,
} from '@cercle/db';
import type { Choice } from '@cercle/shared';

const casters = alias(users, 'casters');
const resolvers = alias(users, 'resolvers');

/** Bind it to a transaction (`createPollsRepository({ db: tx })`) to work inside it. */
export function createPollsRepository({ db }: { db: Database }) {
  return {
    async findById(id: string, { lock = false } = {}) {
      const query = db.select().from(polls).where(eq(polls.id, id));
      const [poll] = await (lock ? query.for('update') : query);
      return poll;
    },

    async create(values: Omit<typeof polls.$inferInsert, 'id'>) {
      const [poll] = await db
        .insert(polls)
        .values({ id: newId(), ...values })
        .returning();
      return poll!;
    },

    async update(id: string, values: Partial<typeof polls.$inferInsert>) {
      const [poll] = await db.update(polls).set(values).where(eq(polls.id, id)).returning();
      return poll!;
    },

    async forMotion(motionId: string) {
      return db
        .select()
        .from(polls)
        .where(eq(polls.motionId, motionId))
        .orderBy(asc(polls.createdAt));
    },

    /** A poll not yet closed on the same target: only one decision runs at a time. */
    /** A poll on this text that is not closed yet, in this assembly (antennas each have theirs). */
    async running(motionId: string, amendmentId: string | null, assemblyId: string) {
      const [poll] = await db
        .select({ id: polls.id })
        .from(polls)
        .where(
          and(
            eq(polls.motionId, motionId),
            eq(polls.assemblyId, assemblyId),
            amendmentId ? eq(polls.amendmentId, amendmentId) : sql`${polls.amendmentId} is null`,
            ne(polls.status, 'closed'),
          ),
        );
      return poll;
    },

    async inMeeting(meetingId: string) {
      return db
        .select()
        .from(polls)
        .where(eq(polls.meetingId, meetingId))
        .orderBy(asc(polls.createdAt));
    },

    async openInMeeting(meetingId: string) {
      const [row] = await db
        .select({ count: count() })
        .from(polls)
        .where(and(eq(polls.meetingId, meetingId), eq(polls.status, 'open')));
      return row?.count ?? 0;
    },

    async dueForClosing(now: Date) {
      return db
        .select({ id: polls.id })
        .from(polls)
        .where(and(eq(polls.status, 'open'), lte(polls.closesAt, now)));
    },

    /** Freezes the electorate: members holding the voting right, with their college. */
    async freezeElectorate(pollId: string, assemblyId: string) {
      const entitled = await db
        .select({ userId: members.userId, collegeId: members.collegeId })
        .from(members)
        .where(and(eq(members.assemblyId, assemblyId), eq(members.votingRight, true)));
      if (entitled.length) {
        await db.insert(pollElectorate).values(entitled.map((voter) => ({ pollId, ...voter })));
      }
      return entitled.length;
    },

    async electorate(pollId: string) {
      return db
        .select({ userId: pollElectorate.userId, collegeId: pollElectorate.collegeId })
        .from(pollElectorate)
        .where(eq(pollElectorate.pollId, pollId));
    },

    async elector(pollId: string, userId: string) {
      const [row] = await db
        .select()
        .from(pollElectorate)
        .where(and(eq(pollElectorate.pollId, pollId), eq(pollElectorate.userId, userId)));
      return row;
    },

    async participation(pollId: string, voterId: string) {
      const [row] = await db
        .select()
        .from(participations)
        .where(and(eq(participations.pollId, pollId), eq(participations.voterId, voterId)));
      return row;
    },

    async participationByClientId(pollId: string, clientBallotId: string) {
      const [row] = await db
        .select()
        .from(participations)
        .where(
          and(eq(participations.pollId, pollId), eq(participations.clientBallotId, clientBallotId)),
        );
      return row;
    },

    /** Inserts the participation unless the voter already answered; true when inserted. */
    async addParticipation(values: typeof participations.$inferInsert) {
      const inserted = await db
        .insert(participations)
        .values(values)
        .onConflictDoNothing()
        .returning({ voterId: participations.voterId });
      return inserted.length > 0;
    },

    async updateParticipation(
      pollId: string,
      voterId: string,
      values: { castBy: string; clientBallotId: string },
    ) {
      await db
        .update(participations)
        .set(values)
        .where(and(eq(participations.pollId, pollId), eq(participations.voterId, voterId)));
    },

    async countParticipations(pollId: string) {
      const [row] = await db
        .select({ count: count() })
        .from(participations)
        .where(eq(participations.pollId, pollId));
      return row?.count ?? 0;
    },

    async addBallot(values: Omit<typeof ballots.$inferInsert, 'id'>) {
      await db.insert(ballots).values({ id: newId(), ...values });
    },

    async changeBallot(
      pollId: string,
      voterId: string,
      values: { choice: Choice; reason: string | null },
    ) {
      await db
        .update(ballots)
        .set(values)
        .where(and(eq(ballots.pollId, pollId), eq(ballots.voterId, voterId)));
    },

    async ballotsAtSite(pollId: string, siteId: string) {
      const [row] = await db
        .select({ count: count() })
        .from(ballots)
        .where(and(eq(ballots.pollId, pollId), eq(ballots.siteId, siteId)));
      return row?.count ?? 0;
    },

    async ballotOf(pollId: string, voterId: string) {
      const [row] = await db
        .select()
        .from(ballots)
        .where(and(eq(ballots.pollId, pollId), eq(ballots.voterId, voterId)));
      return row;
    },

    async counts(pollId: string) {
      return db
        .select({
          choice: ballots.choice,
          collegeId: ballots.collegeId,
          siteId: ballots.siteId,
          count: count(),
        })
        .from(ballots)
        .where(eq(ballots.pollId, pollId))
        .groupBy(ballots.choice, ballots.collegeId, ballots.siteId);
    },

    /** Every ballot in a stable order, for the digest the poll.closed event carries. */
    async ballotsForDigest(pollId: string) {
      return db
        .select({
          id: ballots.id,
          voterId: ballots.voterId,
          choice: ballots.choice,
          reason: ballots.reason,
          collegeId: ballots.collegeId,
          siteId: ballots.siteId,
        })
        .from(ballots)
        .where(eq(ballots.pollId, pollId))
        .orderBy(asc(ballots.id));
    },

    /** Named ballots of an open (non-secret) poll, with who cast them. */
    async namedBallots(pollId: string) {
      return db
        .select({
          voterId: ballots.voterId,
          voterName: users.name,
          castById: participations.castBy,
          castByName: casters.name,
          choice: ballots.choice,
          reason: ballots.reason,
        })
        .from(ballots)
        .innerJoin(users, eq(users.id, ballots.voterId))
        .innerJoin(
          participations,
          and(
            eq(participations.pollId, ballots.pollId),
            eq(participations.voterId, ballots.voterId),
          ),
        )
        .innerJoin(casters, eq(casters.id, participations.castBy))
        .where(eq(ballots.pollId, pollId))
        .orderBy(asc(users.name));
    },

    async objectionBallots(pollId: string) {
      return db
        .select({ voterId: ballots.voterId, reason: ballots.reason })
        .from(ballots)
        .where(and(eq(ballots.pollId, pollId), eq(ballots.choice, 'objection')));
    },

    async addObjections(values: Omit<typeof objections.$inferInsert, 'id'>[]) {
      if (values.length)
        await db.insert(objections).values(values.map((v) => ({ id: newId(), ...v })));
    },

    async objections(where: { motionId?: string; pollId?: string; id?: string }) {
      return db
        .select({
          objection: objections,
          round: polls.round,
          authorName: users.name,
          resolverName: resolvers.name,
        })
        .from(objections)
        .innerJoin(polls, eq(polls.id, objections.pollId))
        .innerJoin(users, eq(users.id, objections.authorId))
        .leftJoin(resolvers, eq(resolvers.id, objections.resolvedBy))
        .where(
          and(
            where.motionId ? eq(objections.motionId, where.motionId) : undefined,
            where.pollId ? eq(objections.pollId, where.pollId) : undefined,
            where.id ? eq(objections.id, where.id) : undefined,
          ),
        )
        .orderBy(asc(objections.createdAt));
    },

    async updateObjection(id: string, values: Partial<typeof objections.$inferInsert>) {
      await db.update(objections).set(values).where(eq(objections.id, id));
    },

    async openObjectionCount(motionId: string) {
      const [row] = await db
        .select({ count: count() })
        .from(objections)
        .where(and(eq(objections.motionId, motionId), eq(objections.status, 'open')));
      return row?.count ?? 0;
    },

    async entitledIn(pollIds: string[], userId: string) {
      if (!pollIds.length) return new Set<string>();
      const rows = await db
        .select({ pollId: pollElectorate.pollId })
        .from(pollElectorate)
        .where(and(inArray(pollElectorate.pollId, pollIds), eq(pollElectorate.userId, userId)));
      return new Set(rows.map((row) => row.pollId));
    },
  };
}

export type PollsRepository = ReturnType<typeof createPollsRepository>;
