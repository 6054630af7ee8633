/**
 * Counting: a poll's result from its app ballots (or a secret poll's counters) and its sites'
 * show-of-hands counts, live or at the close, and what the close stores and publishes.
 */
import type { Database, MotionPollRow, PollRow } from '@cercle/db';
import {
  type Choice,
  computeResult,
  protectSmallGroups,
  type Result,
  type ResultInput,
} from '@cercle/shared';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createMeetingsRepository } from '../meetings/meetings.repository.ts';
import { ballotsDigest } from './ballots-digest.ts';
import { createPollsRepository } from './polls.repository.ts';

export interface CountRow {
  choice: Choice;
  count: number;
  collegeId: string | null;
  siteId: string | null;
}

type TalliedPoll = Pick<
  MotionPollRow,
  | 'kind'
  | 'rule'
  | 'quorum'
  | 'electorateSize'
  | 'meetingId'
  | 'collegeWeighting'
  | 'colleges'
  | 'majorityInEveryCollege'
>;

/**
 * What computeResult decides from: app and hand counts together, each with its college, so the
 * weighted verdict, the totals and the breakdowns come from the same counts. In a meeting,
 * quorum counts who took part (present, represented, or counted before leaving); in an
 * asynchronous poll, who answered; never more than the electorate.
 */
export function resultInput(
  poll: TalliedPoll,
  counts: { app: readonly CountRow[]; hands: readonly CountRow[]; participants: number },
): ResultInput {
  const weighted = poll.collegeWeighting && poll.colleges?.length;
  return {
    kind: poll.kind,
    ...(poll.kind === 'vote' ? { rule: poll.rule ?? 'simple' } : {}),
    quorum: poll.quorum ?? 0,
    electorate: poll.electorateSize ?? 0,
    participants: Math.min(counts.participants, poll.electorateSize ?? 0),
    participation: poll.meetingId ? 'present' : 'answered',
    ...(weighted
      ? { colleges: poll.colleges!, majorityInEveryCollege: poll.majorityInEveryCollege ?? false }
      : {}),
    counts: [...counts.app, ...counts.hands].map(({ choice, count, collegeId, siteId }) => ({
      choice,
      count,
      collegeId,
      siteId,
    })),
  };
}

export function createPollResults({ db }: { db: Database }) {
  /** The poll's full result, read inside `tx` (a closing) or live. */
  async function tally(tx: Database, poll: MotionPollRow): Promise<Result> {
    const polls = createPollsRepository({ db: tx });
    // One transaction is one connection: its queries go one after the other.
    const app = poll.secret ? await polls.secretCounts(poll.id) : await polls.counts(poll.id);
    const hands = poll.meetingId
      ? await createMeetingsRepository({ db: tx }).siteCounts(poll.id)
      : [];
    const participants = poll.meetingId
      ? await polls.meetingParticipants(poll.id, poll.meetingId)
      : await polls.answerCount(poll.id);
    return computeResult(resultInput(poll, { app, hands, participants }));
  }

  return {
    tally,

    /**
     * For a secret poll: the smallest group its breakdowns may show, and whether the whole
     * electorate (frozen, or the voting members before opening) is below it, which the
     * secretary is warned of: then even the totals may tell who voted what.
     */
    async secrecy(poll: PollRow) {
      if (!poll.secret) return null;
      const assembly = (await createAssembliesRepository({ db }).findById(poll.assemblyId))!;
      const electorate =
        poll.electorateSize ?? (await createPollsRepository({ db }).votingMembers(poll.assemblyId));
      return {
        minimumGroup: assembly.secretMinimumGroup,
        electorateBelowMinimum: electorate < assembly.secretMinimumGroup,
      };
    },

    /**
     * The result a closing stores, inside its transaction: a secret poll publishes no breakdown
     * cell under the assembly's minimum group, and that published form is the one stored, sent
     * in the event and read by minutes and exports; its digest covers what remains.
     */
    async decide(tx: Database, poll: MotionPollRow) {
      const decided = await tally(tx, poll);
      const assembly = (await createAssembliesRepository({ db: tx }).findById(poll.assemblyId))!;
      const result = poll.secret
        ? protectSmallGroups(decided, assembly.secretMinimumGroup)
        : decided;
      const digest = poll.secret
        ? ballotsDigest({ secret: true, result })
        : ballotsDigest({
            secret: false,
            ballots: await createPollsRepository({ db: tx }).ballotsForDigest([poll.id]),
          });
      return { result, digest };
    },
  };
}

export type PollResults = ReturnType<typeof createPollResults>;
