import { and, asc, eq, inArray, isNotNull, isNull, lte, max, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  candidates,
  colleges,
  type Database,
  electionBallots,
  elections,
  electionSecretTallies,
  electionSiteCounts,
  members,
  newId,
  participations,
  polls,
  type SecretElectionBallots,
  users,
} from '@cercle/db';

const enterers = alias(users, 'enterers');
const casters = alias(users, 'casters');

/** Bind it to a transaction (`createElectionsRepository({ db: tx })`) to work inside it. */
export function createElectionsRepository({ db }: { db: Database }) {
  return {
    async findById(id: string, { lock = false } = {}) {
      const query = db.select().from(elections).where(eq(elections.id, id));
      const [row] = await (lock ? query.for('update') : query);
      return row;
    },

    async create(values: Omit<typeof elections.$inferInsert, 'id'>) {
      const [row] = await db
        .insert(elections)
        .values({ id: newId(), ...values })
        .returning();
      return row!;
    },

    async update(id: string, values: Partial<typeof elections.$inferInsert>) {
      const [row] = await db.update(elections).set(values).where(eq(elections.id, id)).returning();
      return row!;
    },

    async inMeeting(meetingId: string) {
      return db
        .select()
        .from(elections)
        .where(eq(elections.meetingId, meetingId))
        .orderBy(asc(elections.createdAt));
    },

    async inAssembly(assemblyId: string) {
      return db
        .select()
        .from(elections)
        .where(eq(elections.assemblyId, assemblyId))
        .orderBy(asc(elections.createdAt));
    },

    /** Elections of people whose call for candidacies has closed and whose list is not out. */
    async callsDue(now: Date) {
      return db
        .select({ id: elections.id })
        .from(elections)
        .where(
          and(
            eq(elections.status, 'preparing'),
            eq(elections.subject, 'people'),
            isNotNull(elections.candidaciesCloseAt),
            lte(elections.candidaciesCloseAt, now),
          ),
        );
    },

    /** Who stands (and who withdrew), with names, in ballot order. */
    async candidates(electionId: string) {
      return db
        .select({
          candidate: candidates,
          personName: users.name,
          collegeName: colleges.name,
          enteredByName: enterers.name,
        })
        .from(candidates)
        .leftJoin(users, eq(users.id, candidates.userId))
        .leftJoin(colleges, eq(colleges.id, candidates.collegeId))
        .innerJoin(enterers, eq(enterers.id, candidates.enteredBy))
        .where(eq(candidates.electionId, electionId))
        .orderBy(asc(candidates.position), asc(candidates.createdAt));
    },

    async findCandidate(electionId: string, candidateId: string) {
      const [row] = await db
        .select()
        .from(candidates)
        .where(and(eq(candidates.electionId, electionId), eq(candidates.id, candidateId)));
      return row;
    },

    async candidacyOf(electionId: string, userId: string) {
      const [row] = await db
        .select()
        .from(candidates)
        .where(and(eq(candidates.electionId, electionId), eq(candidates.userId, userId)));
      return row;
    },

    async addCandidate(values: Omit<typeof candidates.$inferInsert, 'id' | 'position'>) {
      const [last] = await db
        .select({ position: max(candidates.position) })
        .from(candidates)
        .where(eq(candidates.electionId, values.electionId));
      const [row] = await db
        .insert(candidates)
        .values({ id: newId(), position: (last?.position ?? 0) + 1, ...values })
        .returning();
      return row!;
    },

    async updateCandidate(id: string, values: Partial<typeof candidates.$inferInsert>) {
      await db.update(candidates).set(values).where(eq(candidates.id, id));
    },

    /** A person's membership of the assembly (eligibility, and their college). */
    async membership(assemblyId: string, userId: string) {
      const [row] = await db
        .select({ collegeId: members.collegeId })
        .from(members)
        .where(and(eq(members.assemblyId, assemblyId), eq(members.userId, userId)));
      return row;
    },

    /** The election's rounds, oldest first. */
    async rounds(electionId: string) {
      return db
        .select()
        .from(polls)
        .where(eq(polls.electionId, electionId))
        .orderBy(asc(polls.round));
    },

    // ---- Ballots of election rounds ---------------------------------------------------------

    async openBallots(pollId: string) {
      return db
        .select({
          id: electionBallots.id,
          voterId: electionBallots.voterId,
          selection: electionBallots.selection,
          collegeId: electionBallots.collegeId,
          siteId: electionBallots.siteId,
        })
        .from(electionBallots)
        .where(eq(electionBallots.pollId, pollId))
        .orderBy(asc(electionBallots.id));
    },

    /** An open round's ballots with who cast them, by voter name. */
    async namedBallots(pollId: string) {
      return db
        .select({
          voterId: electionBallots.voterId,
          voterName: users.name,
          castById: participations.castBy,
          castByName: casters.name,
          selection: electionBallots.selection,
        })
        .from(electionBallots)
        .innerJoin(users, eq(users.id, electionBallots.voterId))
        .innerJoin(
          participations,
          and(
            eq(participations.pollId, electionBallots.pollId),
            eq(participations.voterId, electionBallots.voterId),
          ),
        )
        .leftJoin(casters, eq(casters.id, participations.castBy))
        .where(eq(electionBallots.pollId, pollId))
        .orderBy(asc(users.name));
    },

    async ballotOf(pollId: string, voterId: string) {
      const [row] = await db
        .select({ selection: electionBallots.selection })
        .from(electionBallots)
        .where(and(eq(electionBallots.pollId, pollId), eq(electionBallots.voterId, voterId)));
      return row;
    },

    async secretBallots(pollId: string): Promise<SecretElectionBallots[]> {
      const [row] = await db
        .select({ ballots: electionSecretTallies.ballots })
        .from(electionSecretTallies)
        .where(eq(electionSecretTallies.pollId, pollId));
      return row?.ballots ?? [];
    },

    async openSecretBallots(pollId: string) {
      await db.insert(electionSecretTallies).values({ pollId, ballots: [] });
    },

    async dropSecretBallots(pollId: string) {
      await db.delete(electionSecretTallies).where(eq(electionSecretTallies.pollId, pollId));
    },

    async siteCounts(pollId: string) {
      return db
        .select()
        .from(electionSiteCounts)
        .where(eq(electionSiteCounts.pollId, pollId))
        .orderBy(asc(electionSiteCounts.siteId), asc(electionSiteCounts.collegeId));
    },

    /**
     * Clears what a closed secret round's paper ballots said (blank ones and the counts, left in
     * their method's form, empty), keeping how many there were: the round's participation
     * still reads them.
     */
    async keepOnlySiteBallotCounts(pollId: string) {
      await db
        .update(electionSiteCounts)
        .set({
          blank: 0,
          counts: sql`case when ${electionSiteCounts.counts} ? 'votes' then '{"votes":{}}'::jsonb
                           when ${electionSiteCounts.counts} ? 'profiles' then '{"profiles":{}}'::jsonb
                           else '{"rankings":[]}'::jsonb end`,
        })
        .where(eq(electionSiteCounts.pollId, pollId));
    },

    /** Replaces one (site, college) count: another college's count at the site stays. */
    async replaceSiteCount(values: typeof electionSiteCounts.$inferInsert) {
      await db
        .delete(electionSiteCounts)
        .where(
          and(
            eq(electionSiteCounts.pollId, values.pollId),
            eq(electionSiteCounts.siteId, values.siteId),
            values.collegeId
              ? eq(electionSiteCounts.collegeId, values.collegeId)
              : isNull(electionSiteCounts.collegeId),
          ),
        );
      await db.insert(electionSiteCounts).values(values);
    },

    async usersIn(ids: string[]) {
      if (!ids.length) return [];
      return db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(inArray(users.id, ids));
    },
  };
}

export type ElectionsRepository = ReturnType<typeof createElectionsRepository>;
