import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '@cercle/db';
import { enqueueJobs } from '../../jobs/job-queue.ts';
import type { JobHandler } from '../../jobs/job-runner.ts';
import { createPollsRepository } from './polls.repository.ts';
import type { PollsService } from './polls.service.ts';

export const pollCloseJobKind = 'poll-close';

/**
 * Queues a `poll-close:<pollId>` job for every open poll whose closing time has passed. A due
 * poll stays due until it is closed, and its key never changes, so this runs at every pass (at
 * start too: a poll whose time passed while the server was down closes as soon as it is back)
 * and on every instance without queueing anything twice.
 */
export async function queueDuePollClosings(db: Database, now = new Date()) {
  const due = await createPollsRepository({ db }).dueForClosing(now);
  return enqueueJobs(
    db,
    due.map(({ id }) => ({
      key: `poll-close:${id}`,
      kind: pollCloseJobKind,
      payload: { pollId: id },
    })),
  );
}

/**
 * Closes one poll at its deadline. Closing is one transaction and idempotent (an already closed
 * poll is left as it is), so a job run again after a crash, or by a second instance whose lease
 * took over, changes nothing the first run committed.
 */
export function pollCloseJob({
  db,
  polls,
  closeElectionRound,
  log,
}: {
  db: Database;
  polls: PollsService;
  /** An election's round closes by the elections module's count. */
  closeElectionRound: (pollId: string, actorId: null) => Promise<void>;
  log: Pick<FastifyBaseLogger, 'info'>;
}): JobHandler {
  return async (job) => {
    const pollId = String(job.payload.pollId);
    const poll = await createPollsRepository({ db }).findById(pollId);
    if (poll?.electionId) await closeElectionRound(pollId, null);
    else await polls.close(pollId, null);
    log.info({ pollId }, 'poll closed on time');
  };
}
