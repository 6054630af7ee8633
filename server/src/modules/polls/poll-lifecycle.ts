/**
 * A poll's life: created on a motion or an amendment, opened (its electorate frozen), closed
 * (its result decided, stored and published, other modules told inside the same transaction).
 */
import { sql } from 'drizzle-orm';
import { type Database, isMotionPoll, type MotionPollRow, type User } from '@cercle/db';
import { type CreatePollBody, meetingQuorum } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { type Actor, requirePermission } from '../../permissions.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { createMeetingsRepository } from '../meetings/meetings.repository.ts';
import { createMotionsRepository } from '../motions/motions.repository.ts';
import type { PhaseCheck } from '../motions/motions.service.ts';
import { resultDigest } from './ballots-digest.ts';
import { type OpenPollCache, pollClosedChannel, pollOpenedChannel } from './open-polls.ts';
import type { PollFollower } from './poll-followers.ts';
import type { PollResults } from './poll-results.ts';
import { planPoll } from './poll-rules.ts';
import { pollNotFound, type PollView } from './poll-view.ts';
import { createPollsRepository, type PollsRepository } from './polls.repository.ts';

export function requirePollSecretary(permissions: Actor, assemblyId: string) {
  requirePermission(permissions, 'poll.open', { assemblyId }, 'Only a secretary may run polls.');
}

/**
 * A meeting's vote opens only while the meeting is live and its quorum (present + represented)
 * is reached: motion polls and election rounds alike.
 */
export async function requireMeetingReadyToVote(tx: Database, meetingId: string, quorum: number) {
  const meetings = createMeetingsRepository({ db: tx });
  const meeting = (await meetings.findById(meetingId))!;
  if (meeting.status !== 'live') {
    throw new AppError(409, 'meetings.invalid_state', 'Start the meeting to open its polls.');
  }
  const voters = await meetings.presence(meeting.id, meeting.assemblyId);
  const proxies = await meetings.activeProxies(meeting.id);
  const live = meetingQuorum({ voters, proxies, quorum });
  if (!live.reached) {
    throw new AppError(
      409,
      'meetings.no_quorum',
      `Quorum not reached: ${live.present + live.represented} of ${live.required} needed.`,
    );
  }
}

export function createPollLifecycle({
  db,
  view,
  results,
  followers,
  openPolls,
  requireOpenPhase,
}: {
  db: Database;
  view: PollView;
  results: PollResults;
  followers: readonly PollFollower[];
  openPolls: OpenPollCache;
  requireOpenPhase: PhaseCheck;
}) {
  const repository = createPollsRepository({ db });

  /**
   * A poll in an antenna's meeting on a congress motion: the antenna deliberates on it during
   * the congress's antenna deliberation, and the poll decides the antenna's mandate.
   */
  async function deliberatingAntenna(
    motion: { assemblyId: string },
    meetingId: string | undefined,
    amendment: unknown,
  ) {
    if (!meetingId || amendment) return null;
    const meeting = await createMeetingsRepository({ db }).findById(meetingId);
    if (!meeting || meeting.assemblyId === motion.assemblyId) return null;
    const assemblies = createAssembliesRepository({ db });
    const congress = await assemblies.findById(motion.assemblyId);
    const antenna = await assemblies.findById(meeting.assemblyId);
    if (congress?.kind !== 'congress' || antenna?.kind !== 'antenna') return null;
    await requireOpenPhase(db, congress, 'antenna_deliberation');
    return antenna;
  }

  /**
   * Only an admitted motion, or a submitted amendment, is put to a decision, one at a time.
   * Checked before anything else, then again under the motion's lock.
   */
  async function requireDecidable(
    polls: PollsRepository,
    motion: { id: string; status: string },
    amendment: { id: string; status: string } | undefined,
    assemblyId: string,
  ) {
    if (!['admitted', 'scheduled'].includes(motion.status)) {
      throw new AppError(
        409,
        'motions.invalid_state',
        'Only an admitted motion can be put to a decision.',
      );
    }
    if (amendment && amendment.status !== 'submitted') {
      throw new AppError(409, 'amendments.invalid_state', 'This amendment is already decided.');
    }
    if (await polls.running(motion.id, amendment?.id ?? null, assemblyId)) {
      throw new AppError(
        409,
        'polls.already_running',
        'A decision on this text is already under way.',
      );
    }
  }

  /** Closes an open poll: by its secretary (`actorId`) or at its deadline (null). */
  async function close(pollId: string, actorId: string | null) {
    await db.transaction(async (tx) => {
      const polls = createPollsRepository({ db: tx });
      const poll = await polls.findById(pollId, { lock: true });
      if (!poll || !isMotionPoll(poll)) pollNotFound();
      if (poll.status === 'closed') {
        if (actorId === null) return; // the scheduler raced another instance: nothing to do
        throw new AppError(409, 'polls.closed', 'This poll is already closed.');
      }
      if (poll.status !== 'open')
        throw new AppError(409, 'polls.not_open', 'This poll is not open.');
      const { result, digest } = await results.decide(tx, poll);
      // The fine counters of a secret poll go: only what was published remains.
      if (poll.secret) await polls.dropSecretCounts(pollId);
      const closed = (await polls.update(pollId, {
        status: 'closed',
        closedAt: new Date(),
        result,
        ballotsDigest: digest,
      })) as MotionPollRow;
      await createEventsRepository({ db: tx }).append({
        assemblyId: poll.assemblyId,
        type: 'poll.closed',
        actorId,
        payload: {
          pollId,
          motionId: poll.motionId,
          amendmentId: poll.amendmentId,
          outcome: result.outcome,
          totals: result.totals,
          byCollege: result.byCollege,
          bySite: result.bySite,
          ...(result.privacy ? { privacy: result.privacy } : {}),
          electorate: poll.electorateSize,
          ballotsDigest: digest,
          // The words of the result (rule, share, quorum) are not in the event: their digest is.
          resultDigest: resultDigest(result),
        },
      });
      // Every instance forgets the open poll as this commits (this one just below).
      await tx.execute(sql`select pg_notify(${pollClosedChannel}, ${pollId})`);
      for (const follower of followers) await follower.decided(tx, closed, result);
      if (result.outcome === 'objected') {
        // Each objection of the round waits for its answer before the next round.
        const raised = await polls.objectionBallots(poll.id);
        await polls.addObjections(
          raised.map((ballot) => ({
            pollId: poll.id,
            motionId: poll.motionId,
            authorId: ballot.voterId!,
            reason: ballot.reason ?? '',
          })),
        );
      }
    });
    openPolls.forget(pollId);
  }

  return {
    close,

    /**
     * Prepares a decision on a motion or an amendment, by the rules of `planPoll`. The motion
     * is locked while the poll is written, so an edit of its text and the poll that freezes
     * its version happen one after the other, whichever comes first.
     */
    async create(actor: User, permissions: Actor, body: CreatePollBody & { secret: boolean }) {
      const motions = createMotionsRepository({ db });
      const amendment = body.amendmentId
        ? await motions.findAmendment(body.amendmentId)
        : undefined;
      if (body.amendmentId && !amendment) {
        throw new AppError(404, 'amendments.not_found', 'No such amendment.', 'amendmentId');
      }
      const motionId = amendment?.motionId ?? body.motionId!;
      const motion = await motions.findById(motionId);
      if (!motion) throw new AppError(404, 'motions.not_found', 'No such motion.', 'motionId');
      const antenna = await deliberatingAntenna(motion, body.meetingId, amendment);
      // The poll belongs to the assembly that decides: the antenna, for its mandate.
      const assemblyId = antenna?.id ?? motion.assemblyId;
      requirePollSecretary(permissions, assemblyId);
      await requireDecidable(repository, motion, amendment, assemblyId);
      const forMotion = !amendment && !antenna;
      const previous = (await repository.forMotion(motionId)).filter(
        (p) => !p.amendmentId && p.assemblyId === assemblyId,
      );
      const plan = planPoll({
        body,
        onAmendment: Boolean(amendment),
        forMandate: Boolean(antenna),
        pendingAmendments: forMotion
          ? (await motions.amendments(motionId)).filter(
              (row) => row.amendment.status === 'submitted',
            ).length
          : 0,
        openObjections: forMotion ? await repository.openObjectionCount(motionId) : 0,
        consentRounds: previous.filter((p) => p.kind === 'consent' && p.status === 'closed').length,
        assembly: (await createAssembliesRepository({ db }).findById(assemblyId))!,
        meeting: body.meetingId
          ? await createMeetingsRepository({ db }).findById(body.meetingId)
          : undefined,
        assemblyId,
        now: new Date(),
      });
      const poll: MotionPollRow = await db.transaction(async (tx) => {
        const locked = (await createMotionsRepository({ db: tx }).findById(motionId, {
          lock: true,
        }))!;
        const polls = createPollsRepository({ db: tx });
        await requireDecidable(polls, locked, amendment, assemblyId);
        const created = (await polls.create({
          assemblyId,
          motionId,
          amendmentId: amendment?.id ?? null,
          motionVersion: locked.currentVersion,
          kind: body.kind,
          rule: plan.rule,
          secret: body.secret,
          round: plan.round,
          fallback: plan.fallback,
          meetingId: body.meetingId ?? null,
          closesAt: plan.closesAt,
          createdBy: actor.id,
        })) as MotionPollRow;
        await createEventsRepository({ db: tx }).append({
          assemblyId,
          type: 'poll.created',
          actorId: actor.id,
          payload: {
            pollId: created.id,
            motionId,
            amendmentId: created.amendmentId,
            kind: created.kind,
            rule: created.rule,
          },
        });
        return created;
      });
      return view.view(actor, poll);
    },

    /** Opens a poll: its electorate and the assembly's rules of the day are frozen in it. */
    async open(actor: User, permissions: Actor, pollId: string) {
      const existing = await view.loadVisible(permissions, pollId);
      requirePollSecretary(permissions, existing.assemblyId);
      // A congress decides in its sittings only.
      const assembly = await createAssembliesRepository({ db }).findById(existing.assemblyId);
      await requireOpenPhase(db, assembly!, 'sittings');
      const poll = await db.transaction(async (tx) => {
        const polls = createPollsRepository({ db: tx });
        const locked = (await polls.findById(pollId, { lock: true })) as MotionPollRow;
        if (locked.status !== 'created') {
          throw new AppError(
            409,
            locked.status === 'closed' ? 'polls.closed' : 'polls.invalid_state',
            'This poll was already opened.',
          );
        }
        const assemblies = createAssembliesRepository({ db: tx });
        const assembly = (await assemblies.findById(locked.assemblyId))!;
        if (locked.meetingId)
          await requireMeetingReadyToVote(tx, locked.meetingId, assembly.quorum);
        const electorateSize = await polls.freezeElectorate(
          pollId,
          locked.assemblyId,
          locked.meetingId,
        );
        // Written now, with nothing in it, so that its row says nothing about the first ballot.
        if (locked.secret) await polls.openSecretCounts(pollId);
        const colleges = assembly.collegeWeighting
          ? (await assemblies.listColleges(locked.assemblyId)).map(({ id, share }) => ({
              id,
              share,
            }))
          : null;
        const opened = (await polls.update(pollId, {
          status: 'open',
          openedAt: new Date(),
          quorum: assembly.quorum,
          electorateSize,
          collegeWeighting: assembly.collegeWeighting,
          majorityInEveryCollege: assembly.majorityInEveryCollege,
          colleges,
        })) as MotionPollRow;
        for (const follower of followers) await follower.opened(tx, opened);
        await createEventsRepository({ db: tx }).append({
          assemblyId: locked.assemblyId,
          type: 'poll.opened',
          actorId: actor.id,
          payload: {
            pollId,
            motionId: locked.motionId,
            electorate: electorateSize,
            quorum: assembly.quorum,
          },
        });
        // Every instance loads the poll as this commits, before its first ballot asks for it.
        await tx.execute(sql`select pg_notify(${pollOpenedChannel}, ${pollId})`);
        return opened;
      });
      return view.view(actor, poll);
    },

    /**
     * Deletes a poll that was prepared and never opened (nobody was asked anything yet), so that
     * its motion is free for another decision. An opened poll is part of the record: never deleted.
     */
    async remove(actor: User, permissions: Actor, pollId: string) {
      const existing = await view.loadVisible(permissions, pollId);
      requirePollSecretary(permissions, existing.assemblyId);
      await db.transaction(async (tx) => {
        const polls = createPollsRepository({ db: tx });
        const locked = await polls.findById(pollId, { lock: true });
        if (!locked || !isMotionPoll(locked)) pollNotFound();
        if (locked.status !== 'created') {
          throw new AppError(
            409,
            'polls.invalid_state',
            'Only a poll that was never opened can be deleted.',
          );
        }
        await polls.remove(pollId);
        await createEventsRepository({ db: tx }).append({
          assemblyId: locked.assemblyId,
          type: 'poll.deleted',
          actorId: actor.id,
          payload: { pollId, motionId: locked.motionId, amendmentId: locked.amendmentId },
        });
      });
    },

    async closeBy(actor: User, permissions: Actor, pollId: string) {
      const poll = await view.loadVisible(permissions, pollId);
      requirePollSecretary(permissions, poll.assemblyId);
      await close(pollId, actor.id);
      return view.view(actor, (await repository.findById(pollId)) as MotionPollRow);
    },
  };
}

export type PollLifecycle = ReturnType<typeof createPollLifecycle>;
