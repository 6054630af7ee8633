import { alias } from 'drizzle-orm/pg-core';
import { and, asc, count, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import {
  ballots,
  type Database,
  members,
  isMotionPoll,
  newId,
  objections,
  participations,
  pollElectorate,
  polls,
  queryRows,
  type SecretCount,
  secretTallies,
  users,
} from '@cercle/db';
import { accreditedOrFree, designatedOrFree } from '../meetings/voting-presence.ts';

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

    /** Only a poll never opened: it has no electorate, ballot or count yet. */
    async remove(id: string) {
      await db.delete(polls).where(eq(polls.id, id));
    },

    async update(id: string, values: Partial<typeof polls.$inferInsert>) {
      const [poll] = await db.update(polls).set(values).where(eq(polls.id, id)).returning();
      return poll!;
    },

    async forMotion(motionId: string) {
      const rows = await db
        .select()
        .from(polls)
        .where(eq(polls.motionId, motionId))
        .orderBy(asc(polls.createdAt));
      return rows.filter(isMotionPoll);
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

    /** A meeting's motion polls (its election rounds are listed with its elections). */
    async inMeeting(meetingId: string) {
      const rows = await db
        .select()
        .from(polls)
        .where(and(eq(polls.meetingId, meetingId), sql`${polls.electionId} is null`))
        .orderBy(asc(polls.createdAt));
      return rows.filter(isMotionPoll);
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

    /**
     * Freezes the electorate: members holding the voting right, with their college; in a
     * meeting that requires accreditation, its designated delegates among them.
     */
    async freezeElectorate(pollId: string, assemblyId: string, meetingId: string | null) {
      const entitled = await db
        .select({ userId: members.userId, collegeId: members.collegeId })
        .from(members)
        .where(
          and(
            eq(members.assemblyId, assemblyId),
            eq(members.votingRight, true),
            meetingId ? designatedOrFree(meetingId, sql`${members.userId}`) : undefined,
          ),
        );
      if (entitled.length) {
        await db.insert(pollElectorate).values(entitled.map((voter) => ({ pollId, ...voter })));
      }
      return entitled.length;
    },

    /** Members who would be entitled if the poll opened now. */
    async votingMembers(assemblyId: string) {
      const [row] = await db
        .select({ count: count() })
        .from(members)
        .where(and(eq(members.assemblyId, assemblyId), eq(members.votingRight, true)));
      return row?.count ?? 0;
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

    /** The voter's counted answer, in the app or under a site's show of hands. */
    async participation(pollId: string, voterId: string) {
      const [row] = await db
        .select()
        .from(participations)
        .where(and(eq(participations.pollId, pollId), eq(participations.voterId, voterId)));
      return row;
    },

    /**
     * How many answers are counted: ballots cast in the app plus the show-of-hands counts
     * entered by sites (people covered by a site's count but who raised no hand are not answers).
     */
    async answerCount(pollId: string) {
      const [row] = await queryRows<{ count: number }>(
        db,
        sql`select cercle_answer_count(${pollId}) as count`,
      );
      return row?.count ?? 0;
    },

    /**
     * Who took part in a meeting poll, each once: the entitled voters present or represented
     * now, and those whose answer is counted (they were there when it was taken, even if they
     * left since). The quorum and the words of the result count them.
     */
    async meetingParticipants(pollId: string, meetingId: string) {
      const [row] = await queryRows<{ count: number }>(
        db,
        sql`select count(*)::int as count from poll_electorate e
            where e.poll_id = ${pollId} and (
              exists (select 1 from participations pa
                      where pa.poll_id = e.poll_id and pa.voter_id = e.user_id)
              or exists (select 1 from attendance a
                         where a.meeting_id = ${meetingId} and a.user_id = e.user_id and a.present
                           and ${accreditedOrFree(meetingId, sql`a.user_id`)})
              or exists (select 1 from proxies p
                         join attendance h on h.meeting_id = p.meeting_id
                           and h.user_id = p.holder_id and h.present
                         where p.meeting_id = ${meetingId} and p.ended_at is null
                           and p.grantor_id = e.user_id
                           and ${accreditedOrFree(meetingId, sql`h.user_id`)}))`,
      );
      return row?.count ?? 0;
    },

    /**
     * Puts every entitled voter now present at the site, or represented there by a proxy
     * holder, and not counted yet in any way, under the site's show of hands. Those already
     * under it stay (a corrected count covers the same show of hands). Returns how many the
     * site's count may hold, per college.
     */
    async coverSite(pollId: string, meetingId: string, siteId: string) {
      await db.execute(
        sql`insert into participations (poll_id, voter_id, method, site_id)
            select e.poll_id, e.user_id, 'hands', ${siteId}
            from poll_electorate e
            where e.poll_id = ${pollId} and (
              exists (select 1 from attendance a
                      where a.meeting_id = ${meetingId} and a.user_id = e.user_id
                        and a.present and a.site_id = ${siteId}
                        and ${accreditedOrFree(meetingId, sql`a.user_id`)})
              or exists (select 1 from proxies p
                         join attendance h on h.meeting_id = p.meeting_id
                           and h.user_id = p.holder_id and h.present and h.site_id = ${siteId}
                         where p.meeting_id = ${meetingId} and p.ended_at is null
                           and p.grantor_id = e.user_id
                           and ${accreditedOrFree(meetingId, sql`h.user_id`)}
                           and not exists (select 1 from attendance g
                                           where g.meeting_id = ${meetingId}
                                             and g.user_id = e.user_id and g.present)))
            on conflict do nothing`,
      );
      return queryRows<{ college_id: string | null; count: number }>(
        db,
        sql`select e.college_id, count(*)::int as count
            from participations pa
            join poll_electorate e on e.poll_id = pa.poll_id and e.user_id = pa.voter_id
            where pa.poll_id = ${pollId} and pa.method = 'hands' and pa.site_id = ${siteId}
            group by e.college_id`,
      );
    },

    /** A secret poll's counters (see `secret_tallies`); empty before the first ballot. */
    async secretCounts(pollId: string): Promise<SecretCount[]> {
      const [row] = await db
        .select({ counts: secretTallies.counts })
        .from(secretTallies)
        .where(eq(secretTallies.pollId, pollId));
      return row?.counts ?? [];
    },

    /** Opens a secret poll's counters, empty (ballot batches add to them). */
    async openSecretCounts(pollId: string) {
      await db.insert(secretTallies).values({ pollId, counts: [] });
    },

    async dropSecretCounts(pollId: string) {
      await db.delete(secretTallies).where(eq(secretTallies.pollId, pollId));
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

    /**
     * Every ballot of these polls in the order their digest covers them (by id within a poll):
     * what `poll.closed` digests, and what the audit digests again.
     */
    async ballotsForDigest(pollIds: string[]) {
      if (!pollIds.length) return [];
      return db
        .select({
          pollId: ballots.pollId,
          id: ballots.id,
          voterId: ballots.voterId,
          choice: ballots.choice,
          reason: ballots.reason,
          collegeId: ballots.collegeId,
          siteId: ballots.siteId,
        })
        .from(ballots)
        .where(inArray(ballots.pollId, pollIds))
        .orderBy(asc(ballots.pollId), asc(ballots.id));
    },

    /** Named ballots of an open (non-secret) poll, with who cast them; of `voterIds` if given. */
    async namedBallots(pollId: string, voterIds?: readonly string[]) {
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
        .where(
          and(
            eq(ballots.pollId, pollId),
            voterIds ? inArray(ballots.voterId, [...voterIds]) : undefined,
          ),
        )
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
