import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '@cercle/db';
import { pruneDoneJobs, releaseOrphanedJobs } from './jobs/job-queue.ts';
import { createJobRunner, type JobHold } from './jobs/job-runner.ts';
import type { Mailer } from './mail/mailer.ts';
import { notifyCongressPhases } from './modules/notifications/congress-phases.ts';
import {
  type DigestSchedule,
  digestJob,
  digestJobKind,
  queueDigests,
} from './modules/notifications/digests.ts';
import {
  eventBatchSize,
  notifyClosingSoon,
  notifyFromEvents,
} from './modules/notifications/notifications.worker.ts';
import {
  pollCloseJob,
  pollCloseJobKind,
  queueDuePollClosings,
} from './modules/polls/polls.scheduler.ts';
import type { ElectionsService } from './modules/elections/elections.service.ts';
import type { PollsService } from './modules/polls/polls.service.ts';

const keepDoneJobsMs = 30 * 24 * 3600_000;
const pruneEveryMs = 3600_000;

/**
 * Cercle's background work, on every instance. Each pass runs the sweeps, which decide what is
 * due and write it down durably (notifications, and jobs with idempotency keys), then wakes the
 * job lanes, which do what has effects (closing polls, sending mails) at least once. See
 * ARCHITECTURE.md, "Background work".
 */
export function startBackgroundWork({
  db,
  ownsDatabase,
  polls,
  elections,
  mailer,
  publicUrl,
  log,
  intervalMs,
  leaseMs,
  hold,
  digestHour,
}: {
  db: Database;
  /** True on PGlite: no other process can hold a job, so running ones are orphans at start. */
  ownsDatabase: boolean;
  polls: PollsService;
  elections: ElectionsService;
  mailer: Mailer;
  publicUrl: URL;
  log: FastifyBaseLogger;
  intervalMs: number;
  leaseMs: number;
  hold?: JobHold | undefined;
  /** When daily digests go out: this hour of each person's day, or `any` time there is news. */
  digestHour: DigestSchedule;
}) {
  const runner = createJobRunner({
    db,
    log,
    leaseMs,
    hold,
    handlers: {
      [pollCloseJobKind]: pollCloseJob({
        db,
        polls,
        closeElectionRound: elections.closeRound,
        log,
      }),
      [digestJobKind]: digestJob({ db, mailer, publicUrl }),
    },
    lanes: [
      { kinds: [pollCloseJobKind], concurrency: 1 },
      { kinds: [digestJobKind], concurrency: 4 },
    ],
  });

  // Each sweep is idempotent and stands alone: one that fails is logged and the next pass
  // retries it, without holding the others back.
  const sweeps: [string, () => Promise<unknown>][] = [
    ['poll closings', () => queueDuePollClosings(db)],
    ['candidate lists', () => elections.publishDueLists()],
    [
      'notifications from events',
      async () => {
        while ((await notifyFromEvents(db, new Date(), log)) === eventBatchSize);
      },
    ],
    ['closing-soon reminders', () => notifyClosingSoon(db)],
    ['congress phase notices', () => notifyCongressPhases(db)],
    ['digests', () => queueDigests(db, new Date(), digestHour)],
  ];
  let lastPrune = 0;

  async function pass() {
    for (const [name, sweep] of sweeps) {
      await sweep().catch((error: unknown) =>
        log.error({ err: error, sweep: name }, 'background sweep failed'),
      );
      // Polls close without waiting for the notification sweeps.
      if (name === 'poll closings') runner.wake();
    }
    runner.wake();
    if (Date.now() - lastPrune > pruneEveryMs) {
      lastPrune = Date.now();
      await pruneDoneJobs(db, keepDoneJobsMs).catch((error: unknown) =>
        log.error({ err: error }, 'could not prune finished jobs'),
      );
    }
  }

  let running: Promise<void> | null = null;
  const run = () => (running ??= pass().finally(() => (running = null)));
  const starting = (async () => {
    if (ownsDatabase) {
      const released = await releaseOrphanedJobs(db);
      if (released) log.warn({ released }, 'jobs left running by a stopped process: taken again');
    }
  })()
    .catch((error: unknown) => log.error({ err: error }, 'could not release orphaned jobs'))
    .then(run);
  const timer = setInterval(() => void starting.then(run), intervalMs);
  timer.unref();

  return {
    /** One pass now, waiting for its jobs too (tests). */
    async runNow() {
      await starting;
      await run();
      await runner.drain();
    },
    async stop() {
      clearInterval(timer);
      await starting;
      await running;
      await runner.stop();
    },
  };
}
