import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '@cercle/db';
import { type Backoff, type ClaimedJob, createJobQueue, defaultBackoff } from './job-queue.ts';

export type JobHandler = (job: ClaimedJob) => Promise<void>;

/**
 * Jobs of these kinds run one batch of `concurrency` at a time. Lanes run side by side, so a
 * mail server that hangs holds the mails back, never the closing of polls.
 */
export interface JobLane {
  kinds: string[];
  concurrency: number;
}

/** Test hook (CERCLE_TEST_HOLD_JOB): stop for ever just before or after a job of this kind. */
export interface JobHold {
  kind: string;
  phase: 'before' | 'after';
}

export interface JobRunnerOptions {
  db: Database;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  handlers: Record<string, JobHandler>;
  lanes: JobLane[];
  /** How long a claim holds; renewed every third of it while the job runs. */
  leaseMs: number;
  /** An attempt still running after this long counts as failed (a hung SMTP server). */
  attemptTimeoutMs?: number;
  backoff?: Backoff;
  hold?: JobHold | undefined;
}

/** Runs claimed jobs through their handlers: heartbeat, timeout, retry or `failed`. */
export function createJobRunner(options: JobRunnerOptions) {
  const { db, log, handlers, leaseMs, hold } = options;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 120_000;
  const backoff = options.backoff ?? defaultBackoff;
  const workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const queue = createJobQueue({ db, workerId });
  let stopped = false;

  async function holdIfAsked(job: ClaimedJob, phase: JobHold['phase']) {
    if (hold?.kind !== job.kind || hold.phase !== phase) return;
    log.warn({ jobKey: job.key, phase }, 'job held (CERCLE_TEST_HOLD_JOB)');
    await new Promise(() => {});
  }

  async function runOne(job: ClaimedJob) {
    const context = { jobKey: job.key, kind: job.kind, attempt: job.attempts };
    const heartbeat = setInterval(
      () => void queue.extend(job.key, leaseMs).catch(() => {}),
      Math.max(50, leaseMs / 3),
    );
    heartbeat.unref();
    try {
      // Workers that died holding it have used its attempts up: it would likely kill this one too.
      if (job.attempts > job.maxAttempts) throw new Error('attempts used up by stopped workers');
      const handler = handlers[job.kind];
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await holdIfAsked(job, 'before');
      await withTimeout(handler(job), attemptTimeoutMs);
      await holdIfAsked(job, 'after');
      if (!(await queue.complete(job.key)))
        log.warn(context, 'job done after its lease ended: another worker may have run it too');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await queue.fail(job, message, backoff);
      if (outcome === 'failed') log.error({ ...context, err: error }, 'job failed for good');
      else log.warn({ ...context, err: error }, 'job attempt failed, will retry');
    } finally {
      clearInterval(heartbeat);
    }
  }

  const lanes = options.lanes.map(({ kinds, concurrency }) => {
    let draining: Promise<void> | null = null;
    async function drain() {
      while (!stopped) {
        const claimed = await queue.claim(kinds, concurrency, leaseMs);
        if (!claimed.length) return;
        await Promise.all(claimed.map(runOne));
      }
    }
    return () =>
      (draining ??= drain()
        .catch((error: unknown) => log.error({ err: error, kinds }, 'job lane failed'))
        .finally(() => (draining = null)));
  });

  return {
    workerId,
    /** Runs every due job now, each lane until it finds none left. */
    async drain() {
      await Promise.all(lanes.map((drainLane) => drainLane()));
    },
    /** Starts the lanes without waiting for them. */
    wake() {
      for (const drainLane of lanes) void drainLane();
    },
    /** Takes no new job; waits at most `graceMs` for the running ones (their leases remain). */
    async stop(graceMs = 5_000) {
      stopped = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(lanes.map((drainLane) => drainLane())),
        new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`attempt timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
