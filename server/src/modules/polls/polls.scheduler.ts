import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '@cercle/db';
import { createPollsRepository } from './polls.repository.ts';
import type { PollsService } from './polls.service.ts';

/**
 * Closes asynchronous polls when their time comes. It runs at start, so a poll whose closing
 * time passed while the server was down closes as soon as it is back; closing is idempotent,
 * so several instances may run it at once.
 */
export function startPollScheduler({
  db,
  polls,
  log,
  intervalMs = 5_000,
}: {
  db: Database;
  polls: PollsService;
  log: FastifyBaseLogger;
  intervalMs?: number;
}) {
  const repository = createPollsRepository({ db });
  let running: Promise<void> | null = null;

  async function tick() {
    for (const { id } of await repository.dueForClosing(new Date())) {
      try {
        await polls.close(id, null);
        log.info({ pollId: id }, 'poll closed on time');
      } catch (error) {
        log.error({ err: error, pollId: id }, 'could not close poll on time');
      }
    }
  }

  function run() {
    running ??= tick()
      .catch((error: unknown) => log.error({ err: error }, 'poll scheduler failed'))
      .finally(() => (running = null));
    return running;
  }

  const timer = setInterval(run, intervalMs);
  timer.unref();
  void run();
  return {
    /** Runs one pass now (tests, and start-up). */
    runNow: run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
