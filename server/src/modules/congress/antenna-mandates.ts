import type { Database, MotionPollRow } from '@cercle/db';
import type { Result } from '@cercle/shared';
import { createEventsRepository } from '../events/events.repository.ts';
import { createMotionsRepository } from '../motions/motions.repository.ts';
import { createCongressRepository } from './congress.repository.ts';

/**
 * An antenna's poll on a congress motion decides the antenna's mandate: for when adopted,
 * against when rejected, none without quorum. Called by the polls inside their transaction; the
 * shape is the polls' `PollFollower`.
 */
export const antennaMandates = {
  async opened() {},

  async decided(tx: Database, poll: MotionPollRow, result: Result) {
    const motion = (await createMotionsRepository({ db: tx }).findById(poll.motionId))!;
    if (motion.assemblyId === poll.assemblyId) return;
    if (result.outcome !== 'adopted' && result.outcome !== 'rejected') return;
    const mandate = result.outcome === 'adopted' ? 'for' : 'against';
    await createCongressRepository({ db: tx }).recordMandate({
      motionId: motion.id,
      antennaId: poll.assemblyId,
      mandate,
      pollId: poll.id,
      recordedBy: null,
    });
    await createEventsRepository({ db: tx }).append({
      assemblyId: motion.assemblyId,
      type: 'congress.mandate_recorded',
      actorId: null,
      payload: { motionId: motion.id, antennaId: poll.assemblyId, mandate, pollId: poll.id },
    });
  },
};
