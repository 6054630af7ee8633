import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { assemblies, type Database, events, minutes, motions, polls, siteCounts } from '@cercle/db';
import { siteCountsForDigest } from '../elections/election-digest.ts';
import { createElectionsRepository } from '../elections/elections.repository.ts';
import { createPollsRepository } from '../polls/polls.repository.ts';

/** What the audit reads of one assembly. Bind it to a transaction to read one consistent state. */
export function createAuditRepository({ db }: { db: Database }) {
  return {
    async assembly(id: string) {
      const [row] = await db
        .select({ id: assemblies.id, name: assemblies.name, code: assemblies.code })
        .from(assemblies)
        .where(eq(assemblies.id, id));
      return row;
    },

    async events(assemblyId: string) {
      return db
        .select({
          seq: events.seq,
          type: events.type,
          actorId: events.actorId,
          payload: events.payload,
          createdAt: events.createdAt,
          prevHash: events.prevHash,
          hash: events.hash,
        })
        .from(events)
        .where(eq(events.assemblyId, assemblyId))
        .orderBy(asc(events.seq));
    },

    /**
     * The assembly's motion polls; closed open polls with their ballots and show-of-hands
     * counts. Election rounds are held against their own events (`election.round_closed`).
     */
    async polls(assemblyId: string) {
      const rows = await db
        .select({
          id: polls.id,
          secret: polls.secret,
          status: polls.status,
          result: polls.result,
          ballotsDigest: polls.ballotsDigest,
          electorateSize: polls.electorateSize,
        })
        .from(polls)
        .where(and(eq(polls.assemblyId, assemblyId), isNull(polls.electionId)));
      const counted = rows
        .filter((poll) => poll.status === 'closed' && !poll.secret)
        .map((poll) => poll.id);
      const ballots = await createPollsRepository({ db }).ballotsForDigest(counted);
      const hands = counted.length
        ? await db
            .select({
              pollId: siteCounts.pollId,
              siteId: siteCounts.siteId,
              collegeId: siteCounts.collegeId,
              choice: siteCounts.choice,
              count: siteCounts.count,
            })
            .from(siteCounts)
            .where(inArray(siteCounts.pollId, counted))
        : [];
      const byPoll = <T extends { pollId: string }>(list: T[]) => {
        const grouped = new Map<string, T[]>();
        for (const item of list) {
          const group = grouped.get(item.pollId);
          if (group) group.push(item);
          else grouped.set(item.pollId, [item]);
        }
        return grouped;
      };
      const ballotsOf = byPoll(ballots);
      const handsOf = byPoll(hands);
      return rows.map((poll) => ({
        ...poll,
        ballots: ballotsOf.get(poll.id) ?? [],
        handCounts: handsOf.get(poll.id) ?? [],
      }));
    },

    /**
     * The assembly's election rounds; closed open (not secret) rounds with their ballots and
     * sites' paper counts, read as the close read them (same queries, same order).
     */
    async electionRounds(assemblyId: string) {
      const rows = await db
        .select({
          id: polls.id,
          secret: polls.secret,
          status: polls.status,
          result: polls.result,
          ballotsDigest: polls.ballotsDigest,
        })
        .from(polls)
        .where(and(eq(polls.assemblyId, assemblyId), isNotNull(polls.electionId)));
      const elections = createElectionsRepository({ db });
      return Promise.all(
        rows.map(async (round) => {
          const counted = round.status === 'closed' && !round.secret;
          return {
            ...round,
            ballots: counted ? await elections.openBallots(round.id) : [],
            siteCounts: counted ? siteCountsForDigest(await elections.siteCounts(round.id)) : [],
          };
        }),
      );
    },

    async motions(assemblyId: string) {
      return db
        .select({ id: motions.id, status: motions.status })
        .from(motions)
        .where(eq(motions.assemblyId, assemblyId));
    },

    async minutes(assemblyId: string) {
      return db
        .select({
          id: minutes.id,
          status: minutes.status,
          text: minutes.text,
          textHash: minutes.textHash,
          coversEventSeq: minutes.coversEventSeq,
          coversEventHash: minutes.coversEventHash,
        })
        .from(minutes)
        .where(eq(minutes.assemblyId, assemblyId));
    },
  };
}
