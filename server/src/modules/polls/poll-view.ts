/** A poll as one person sees it: its state, its result when it may be shown, their own answer. */
import {
  type Database,
  isMotionPoll,
  type MotionPollRow,
  type PollRow,
  type User,
} from '@cercle/db';
import type { Objection, Poll, Result } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { type Actor, requirePermission } from '../../permissions.ts';
import type { PollResults } from './poll-results.ts';
import { createPollsRepository, type PollsRepository } from './polls.repository.ts';

type ObjectionRowWithNames = Awaited<ReturnType<PollsRepository['objections']>>[number];

export function pollNotFound(): never {
  throw new AppError(404, 'polls.not_found', 'No such poll.');
}

export function toObjection(row: ObjectionRowWithNames): Objection {
  const { objection } = row;
  return {
    id: objection.id,
    pollId: objection.pollId,
    motionId: objection.motionId,
    round: row.round,
    author: { id: objection.authorId, name: row.authorName },
    reason: objection.reason,
    status: objection.status,
    integratedVersion: objection.integratedVersion,
    resolution: objection.resolution,
    resolvedBy: objection.resolvedBy
      ? { id: objection.resolvedBy, name: row.resolverName ?? '' }
      : null,
    resolvedAt: objection.resolvedAt?.toISOString() ?? null,
    createdAt: objection.createdAt.toISOString(),
  };
}

export function createPollView({ db, results }: { db: Database; results: PollResults }) {
  const repository = createPollsRepository({ db });

  return {
    /**
     * `ballotsOf`: only these voters' named ballots (a page that shows a few people's answers
     * need not carry the whole room's).
     */
    async view(
      viewer: User,
      poll: MotionPollRow,
      { ballotsOf }: { ballotsOf?: readonly string[] } = {},
    ): Promise<Poll> {
      const [participation, elector, ballot, secrecy] = await Promise.all([
        repository.answerCount(poll.id),
        repository.elector(poll.id, viewer.id),
        repository.participation(poll.id, viewer.id),
        results.secrecy(poll),
      ]);
      const myBallot =
        !poll.secret && ballot?.method === 'app'
          ? await repository.ballotOf(poll.id, viewer.id)
          : undefined;
      // An open secret poll shows no running count: only its close publishes one.
      const result =
        poll.status === 'closed'
          ? (poll.result as Result)
          : poll.status === 'open' && !poll.secret
            ? await results.tally(db, poll)
            : null;
      const named =
        !poll.secret && poll.status !== 'created'
          ? await repository.namedBallots(poll.id, ballotsOf)
          : null;
      return {
        id: poll.id,
        assemblyId: poll.assemblyId,
        motionId: poll.motionId,
        amendmentId: poll.amendmentId,
        motionVersion: poll.motionVersion,
        kind: poll.kind,
        rule: poll.rule,
        secret: poll.secret,
        round: poll.round,
        fallback: poll.fallback,
        meetingId: poll.meetingId,
        status: poll.status,
        closesAt: poll.closesAt?.toISOString() ?? null,
        openedAt: poll.openedAt?.toISOString() ?? null,
        closedAt: poll.closedAt?.toISOString() ?? null,
        electorate: poll.electorateSize,
        quorum: poll.quorum,
        participation,
        result,
        ballots:
          named?.map((row) => ({
            voter: { id: row.voterId!, name: row.voterName },
            castBy:
              row.castById === null || row.castById === row.voterId
                ? null
                : { id: row.castById, name: row.castByName },
            choice: row.choice,
            reason: row.reason,
          })) ?? null,
        ballotsDigest: poll.ballotsDigest,
        secrecy,
        me: {
          entitled: Boolean(elector),
          answered: ballot?.method === 'app',
          countedAtSite: ballot?.method === 'hands' ? ballot.siteId : null,
          choice: myBallot?.choice ?? null,
        },
      };
    },

    /**
     * The motion poll, if the person may see its assembly; `find` may read a cache of open
     * polls. An election's round is not found here: it has its own routes.
     */
    async loadVisible(
      permissions: Actor,
      pollId: string,
      find: (id: string) => Promise<PollRow | undefined> = repository.findById,
    ): Promise<MotionPollRow> {
      const poll = await find(pollId);
      if (!poll || !isMotionPoll(poll)) pollNotFound();
      requirePermission(
        permissions,
        'assembly.view',
        { assemblyId: poll.assemblyId },
        'You may not see this poll.',
      );
      return poll;
    },
  };
}

export type PollView = ReturnType<typeof createPollView>;
