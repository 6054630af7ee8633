import type { Database, MotionPollRow } from '@cercle/db';
import type { Result } from '@cercle/shared';
import { rebaseText } from '../../text/diff.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { createMotionsRepository } from './motions.repository.ts';

/**
 * What a poll of the motion's own assembly does to it (an antenna's poll on a congress motion
 * decides the antenna's mandate instead: the congress module follows that one). Called by the
 * polls inside their transaction; the shape is the polls' `PollFollower`.
 */
export const motionDecisions = {
  /** A poll opening on an admitted motion schedules it. */
  async opened(tx: Database, poll: MotionPollRow) {
    const motions = createMotionsRepository({ db: tx });
    const motion = (await motions.findById(poll.motionId))!;
    if (motion.status === 'admitted' && motion.assemblyId === poll.assemblyId)
      await motions.update(motion.id, { status: 'scheduled' });
  },

  /** An adopted amendment enters the text; a decided motion is adopted or rejected. */
  async decided(tx: Database, poll: MotionPollRow, result: Result) {
    const motions = createMotionsRepository({ db: tx });
    const events = createEventsRepository({ db: tx });
    const now = new Date();
    const decided = (await motions.findById(poll.motionId))!;
    if (decided.assemblyId !== poll.assemblyId) return;
    if (poll.amendmentId) {
      if (result.outcome === 'no_quorum') return;
      const amendment = (await motions.findAmendment(poll.amendmentId, { lock: true }))!;
      if (result.outcome !== 'adopted') {
        await motions.updateAmendment(amendment.id, { status: 'rejected', decidedAt: now });
        return;
      }
      const motion = (await motions.findById(poll.motionId, { lock: true }))!;
      const base = await motions.version(motion.id, amendment.baseVersion);
      const current = await motions.version(motion.id, motion.currentVersion);
      const text = rebaseText(base!.version.text, amendment.proposedText, current!.version.text);
      if (text === null) {
        // Adopted, but another adopted amendment changed the same lines: a secretary merges by hand.
        await motions.updateAmendment(amendment.id, { status: 'adopted', decidedAt: now });
        await events.append({
          assemblyId: poll.assemblyId,
          type: 'amendment.needs_merge',
          actorId: null,
          payload: { motionId: motion.id, amendmentId: amendment.id },
        });
        return;
      }
      const version = motion.currentVersion + 1;
      await motions.addVersion({
        motionId: motion.id,
        version,
        title: current!.version.title,
        text,
        note: `A${amendment.rank}`,
        amendmentId: amendment.id,
        createdBy: amendment.authorId,
      });
      await motions.update(motion.id, { currentVersion: version });
      await motions.updateAmendment(amendment.id, {
        status: 'adopted',
        decidedAt: now,
        resultingVersion: version,
      });
      await events.append({
        assemblyId: poll.assemblyId,
        type: 'motion.version_added',
        actorId: null,
        payload: { motionId: motion.id, version, amendmentId: amendment.id },
      });
      return;
    }
    if (result.outcome === 'adopted' || (result.outcome === 'rejected' && poll.kind === 'vote')) {
      await motions.update(poll.motionId, { status: result.outcome, decidedAt: now });
      await events.append({
        assemblyId: poll.assemblyId,
        type: `motion.${result.outcome}`,
        actorId: null,
        payload: { motionId: poll.motionId, pollId: poll.id },
      });
    }
  },
};
