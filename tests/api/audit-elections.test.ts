/**
 * The audit holds each closed election round against the event that closed it
 * (`election.round_closed`), as it holds motion polls against `poll.closed`: the stored result
 * against the recorded result digest, outcome and seats; the stored ballots digest against the
 * recorded one; and for an open (not secret) round, its ballots in the app and its sites' paper
 * counts against that digest, recomputed. Someone with write access to the database who changes
 * any of them after the close is reported at the closing event.
 */
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { electionBallots, electionSiteCounts, events, polls } from '@cercle/db';
import type { AuditIssueCode, AuditVerification } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import { electionOfMeeting, meetingWithTwoSites } from '../support/election-meeting.ts';

const t = testAppForThisFile({ backgroundJobs: false });

/**
 * An assembly's record with two election rounds held in a meeting: an open majority judgment
 * round (3 ballots in the app at Montpellier, 2 on paper at Rouen) and a secret one.
 */
async function history() {
  const setup = await meetingWithTwoSites(t, { voters: 5 });
  const { voters, siteA, siteB, secretaryOfB, checkIn } = setup;
  for (const who of voters.slice(0, 3)) await checkIn(who, siteA);
  for (const who of voters.slice(3)) await checkIn(who, siteB);

  const open = await electionOfMeeting(
    setup,
    { method: 'majority_judgment', seats: 1, secret: false },
    [voters[0]!, voters[1]!],
  );
  const [first, second] = open.candidateIds as [string, string];
  const openPoll = (await open.openRound()).body.election.rounds[0].pollId as string;
  for (const [index, who] of voters.slice(0, 3).entries()) {
    const cast = await open.vote(who, { grades: { [first]: index, [second]: 2 - index } });
    expect(cast.body.status).toBe('counted');
  }
  const paper = await open.siteCounts(secretaryOfB, {
    siteId: siteB.id,
    ballots: 2,
    blank: 1,
    profiles: { [first]: [1] },
  });
  expect(paper.status, JSON.stringify(paper.body)).toBe(200);
  expect((await open.close()).status).toBe(200);

  const secret = await electionOfMeeting(
    setup,
    { title: 'Trésorerie', method: 'majority_judgment', seats: 1, secret: true },
    [voters[2]!, voters[3]!],
  );
  const secretPoll = (await secret.openRound()).body.election.rounds[0].pollId as string;
  const ids = secret.candidateIds as [string, string];
  for (const who of voters) {
    expect((await secret.vote(who, { grades: { [ids[0]]: 1, [ids[1]]: 4 } })).status).toBe(200);
  }
  expect((await secret.close()).status).toBe(200);

  const chain = await t.app.db
    .select()
    .from(events)
    .where(eq(events.assemblyId, setup.assembly.id));
  const closingOf = (pollId: string) =>
    chain.find(
      (event) =>
        event.type === 'election.round_closed' &&
        (event.payload as { pollId: string }).pollId === pollId,
    )!.seq;
  return { ...setup, openPoll, secretPoll, closingOf, voter: voters[0]! };
}

type History = Awaited<ReturnType<typeof history>>;

const verify = async (h: History) => {
  const response = await t.call(
    h.secretary,
    'GET',
    `/api/assemblies/${h.assembly.id}/audit/verify`,
  );
  expect(response.status).toBe(200);
  return response.body as AuditVerification;
};

interface Tampering {
  name: string;
  /** Changes the database; returns the closing event verify must report, why, and which round. */
  apply(h: History): Promise<{ pollId: string; code: AuditIssueCode }>;
}

const tamperings: Tampering[] = [
  {
    name: 'an open round’s stored result changed',
    async apply(h) {
      await t.app.db
        .update(polls)
        .set({ result: sql`jsonb_set(result, '{count,expressed}', '5')` })
        .where(eq(polls.id, h.openPoll));
      return { pollId: h.openPoll, code: 'poll.result_mismatch' };
    },
  },
  {
    name: 'a secret round’s published seats changed',
    async apply(h) {
      await t.app.db
        .update(polls)
        .set({ result: sql`jsonb_set(result, '{count,seats,elected}', '[]')` })
        .where(eq(polls.id, h.secretPoll));
      return { pollId: h.secretPoll, code: 'poll.result_mismatch' };
    },
  },
  {
    name: 'a closed round set open again',
    async apply(h) {
      await t.app.db.update(polls).set({ status: 'open' }).where(eq(polls.id, h.secretPoll));
      return { pollId: h.secretPoll, code: 'poll.result_mismatch' };
    },
  },
  {
    name: 'an open round’s ballot changed after the close',
    async apply(h) {
      await t.app.db
        .update(electionBallots)
        .set({ selection: { grades: {} } })
        .where(
          and(eq(electionBallots.pollId, h.openPoll), eq(electionBallots.voterId, h.voter.id)),
        );
      return { pollId: h.openPoll, code: 'poll.ballots_mismatch' };
    },
  },
  {
    name: 'an open round’s ballot removed after the close',
    async apply(h) {
      await t.app.db
        .delete(electionBallots)
        .where(
          and(eq(electionBallots.pollId, h.openPoll), eq(electionBallots.voterId, h.voter.id)),
        );
      return { pollId: h.openPoll, code: 'poll.ballots_mismatch' };
    },
  },
  {
    name: 'a site’s paper count changed after the close',
    async apply(h) {
      await t.app.db
        .update(electionSiteCounts)
        .set({ blank: 0, counts: { profiles: { x: [2] } } })
        .where(eq(electionSiteCounts.pollId, h.openPoll));
      return { pollId: h.openPoll, code: 'poll.ballots_mismatch' };
    },
  },
  {
    name: 'a round’s stored ballots digest changed',
    async apply(h) {
      await t.app.db
        .update(polls)
        .set({ ballotsDigest: '0'.repeat(64) })
        .where(eq(polls.id, h.secretPoll));
      return { pollId: h.secretPoll, code: 'poll.ballots_mismatch' };
    },
  },
];

describe('the audit of election rounds', () => {
  it('finds nothing wrong in an untouched record, and checks both rounds', async () => {
    const h = await history();
    const report = await verify(h);
    expect(report.issues).toEqual([]);
    expect(report).toMatchObject({ valid: true, checked: { polls: 2 } });
  });

  it.each(tamperings.map((tampering) => [tampering.name, tampering] as const))(
    'reports %s at the round’s closing event',
    async (_, tampering) => {
      const h = await history();
      const { pollId, code } = await tampering.apply(h);
      const seq = h.closingOf(pollId);
      const report = await verify(h);
      expect(report.valid).toBe(false);
      expect(report.brokenAtSeq, JSON.stringify(report.issues, null, 1)).toBe(seq);
      expect(report.issues).toContainEqual(
        expect.objectContaining({ seq, code, subject: { kind: 'poll', id: pollId } }),
      );
    },
  );
});
