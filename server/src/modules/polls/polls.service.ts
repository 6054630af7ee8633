/**
 * The polls as the routes and the scheduler see them, put together from modules with one job
 * each: the lifecycle (create, open, close), ballot intake and its batcher, counting and results,
 * site counts, objections, and the view of a poll for one person.
 */
import type { Database, User } from '@cercle/db';
import type { Actor } from '../../permissions.ts';
import type { MotionsService, PhaseCheck } from '../motions/motions.service.ts';
import { createBallotIntake } from './ballot-intake.ts';
import { createObjections } from './objections.ts';
import { createOpenPollCache } from './open-polls.ts';
import type { PollFollower } from './poll-followers.ts';
import { createPollLifecycle } from './poll-lifecycle.ts';
import { createPollResults } from './poll-results.ts';
import { createPollView } from './poll-view.ts';
import { createPollsRepository } from './polls.repository.ts';
import { createSiteCounts } from './site-counts.ts';

export function createPollsService({
  db,
  motions,
  followers,
  requireOpenPhase,
}: {
  db: Database;
  motions: MotionsService;
  /** Who applies a poll's outcome to their own tables (motions, congress mandates). */
  followers: readonly PollFollower[];
  requireOpenPhase: PhaseCheck;
}) {
  const { repository, openPolls, view, lifecycle } = createPollCore({
    db,
    followers,
    requireOpenPhase,
  });
  const intake = createBallotIntake({
    db,
    view,
    openPolls,
    closeAtDeadline: (pollId) => lifecycle.close(pollId, null),
  });
  const siteCounts = createSiteCounts({ db, view });
  const objections = createObjections({ db, view, motions });

  return {
    close: lifecycle.close,
    create: lifecycle.create,
    open: lifecycle.open,
    closeBy: lifecycle.closeBy,
    remove: lifecycle.remove,
    cast: intake.cast,
    /** A poll opened (here or on another instance): load it before its first ballot. */
    prepareOpened: openPolls.prepare,
    forgetClosed: openPolls.forget,
    enterSiteCounts: siteCounts.enter,
    objections: objections.list,
    updateObjection: objections.update,

    async get(viewer: User, permissions: Actor, pollId: string) {
      return view.view(viewer, await view.loadVisible(permissions, pollId));
    },

    async forMotion(viewer: User, permissions: Actor, motionId: string) {
      await motions.visible(viewer, permissions, motionId);
      const rows = await repository.forMotion(motionId);
      return Promise.all(rows.map((poll) => view.view(viewer, poll)));
    },

    /**
     * What a meeting is deciding now, for someone the caller checked may attend it: its open
     * polls and the last one closed, with the named ballots of `voterIds` only (the viewer and
     * the people they vote for).
     */
    async focusInMeeting(viewer: User, meetingId: string, voterIds: readonly string[]) {
      const rows = await repository.inMeeting(meetingId);
      const open = rows.filter((poll) => poll.status === 'open');
      const lastClosed = rows
        .filter((poll) => poll.status === 'closed')
        .reduce<(typeof rows)[number] | null>(
          (last, poll) =>
            !last || (poll.closedAt?.getTime() ?? 0) > (last.closedAt?.getTime() ?? 0)
              ? poll
              : last,
          null,
        );
      const see = (poll: (typeof rows)[number]) => view.view(viewer, poll, { ballotsOf: voterIds });
      return {
        open: await Promise.all(open.map(see)),
        lastClosed: lastClosed ? await see(lastClosed) : null,
      };
    },

    /** The polls of a meeting, for someone the caller checked may attend it. */
    async inMeeting(viewer: User, meetingId: string) {
      const rows = await repository.inMeeting(meetingId);
      return Promise.all(rows.map((poll) => view.view(viewer, poll)));
    },

    /** How many of a meeting's polls are still open (a meeting ends only when none is). */
    openInMeeting(meetingId: string) {
      return repository.openInMeeting(meetingId);
    },
  };
}

/**
 * What every poll module stands on: the table, the cache of open polls, counting, the view of a
 * poll and its lifecycle. The service composes them with intake and site counts; unit tests use
 * them alone.
 */
export function createPollCore(
  wiring: Pick<Parameters<typeof createPollLifecycle>[0], 'db' | 'followers' | 'requireOpenPhase'>,
) {
  const { db } = wiring;
  const repository = createPollsRepository({ db });
  const openPolls = createOpenPollCache({ repository });
  const results = createPollResults({ db });
  const view = createPollView({ db, results });
  const lifecycle = createPollLifecycle({ ...wiring, view, results, openPolls });
  return { repository, openPolls, results, view, lifecycle };
}

export type PollsService = ReturnType<typeof createPollsService>;

/**
 * Whether a decision on the motion is under way (a poll not closed yet), read in `tx`: the
 * motions module asks it under the motion's lock before it changes the text or withdraws it.
 */
export async function hasRunningPoll(tx: Database, motionId: string) {
  const rows = await createPollsRepository({ db: tx }).forMotion(motionId);
  return rows.some((poll) => poll.status !== 'closed');
}

/** Whether a consent round left objections on the motion that nobody answered yet. */
export async function hasOpenObjections(tx: Database, motionId: string) {
  return (await createPollsRepository({ db: tx }).openObjectionCount(motionId)) > 0;
}
