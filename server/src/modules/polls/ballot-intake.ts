/**
 * Taking a ballot: the checks that need no lock (choice, reason, proxy, deadline, entitlement)
 * from cached open polls, then the batcher, which acknowledges only after its batch commits.
 */
import type { Database, User } from '@cercle/db';
import type { CastBallotBody, CastBallotResponse } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../permissions.ts';
import { notEntitledRefusal } from '../meetings/accreditation-rules.ts';
import { choiceStore, createBallotBatcher } from './ballot-batcher.ts';
import type { OpenPollCache } from './open-polls.ts';
import { checkBallot } from './poll-rules.ts';
import type { PollView } from './poll-view.ts';

export function createBallotIntake({
  db,
  view,
  openPolls,
  closeAtDeadline,
}: {
  db: Database;
  view: PollView;
  openPolls: OpenPollCache;
  /** Closes a poll whose deadline passed (the lifecycle's close by nobody). */
  closeAtDeadline: (pollId: string) => Promise<void>;
}) {
  const ballots = createBallotBatcher({ db, store: choiceStore });

  return {
    /**
     * One answer per voter, acknowledged only after commit. Resending the same clientBallotId
     * never counts twice; a new one changes an open ballot; a secret ballot cannot change.
     */
    async cast(
      actor: User,
      permissions: Actor,
      pollId: string,
      body: CastBallotBody,
    ): Promise<CastBallotResponse> {
      const poll = await view.loadVisible(permissions, pollId, openPolls.find);
      const check = checkBallot(poll, body, actor.id, new Date());
      if (!check.accepted) {
        // The closing job may not have run yet: the deadline holds at the ballot all the same,
        // and the poll closes now rather than at the job's next pass (which retries it if this
        // attempt fails, so its error is not this ballot's).
        void closeAtDeadline(pollId).catch(() => undefined);
        throw new AppError(409, 'polls.closed', 'This poll closed at its deadline.');
      }
      const elector = await openPolls.elector(pollId, check.voterId);
      if (!elector) {
        throw await notEntitledRefusal(
          db,
          poll.meetingId,
          'You are not entitled to answer this poll.',
        );
      }
      const { answer, ...receipt } = await ballots.submit(poll, {
        voterId: check.voterId,
        castBy: actor.id,
        answer: body.choice,
        reason: check.reason,
        clientBallotId: body.clientBallotId,
        collegeId: elector.collegeId,
      });
      return { ...receipt, choice: answer };
    },
  };
}
