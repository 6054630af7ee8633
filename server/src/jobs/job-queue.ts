import { and, count, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { type Database, type JobState, jobStates, jobs } from '@cercle/db';

/**
 * Cercle's durable job queue: a table on whichever database Cercle runs (PGlite or PostgreSQL),
 * rather than pg-boss or graphile-worker, which need a real PostgreSQL server and its
 * connections (PGlite is one connection inside the process). See ARCHITECTURE.md, "Background
 * work".
 *
 * - A job is named by its idempotency key; enqueueing an existing key does nothing, so the code
 *   that decides work is due may decide it any number of times, on any number of instances.
 * - A worker claims a job with `FOR UPDATE SKIP LOCKED` (two instances never claim the same
 *   job) for a lease; a worker that dies leaves the job `running` until the lease ends, and then
 *   any worker takes it again. Delivery is therefore at least once: a job may run twice, never
 *   zero times, and each handler is written to bear that.
 * - A failed attempt is retried after an exponential backoff with a cap; after `maxAttempts` the
 *   job ends `failed` (and the runner logs it) instead of being retried for ever.
 */

export interface NewJob {
  key: string;
  kind: string;
  payload?: Record<string, unknown>;
  maxAttempts?: number;
}

export interface ClaimedJob {
  key: string;
  kind: string;
  payload: Record<string, unknown>;
  /** This attempt's number, from 1; above `maxAttempts` when dead workers used them all up. */
  attempts: number;
  maxAttempts: number;
}

export interface Backoff {
  baseMs: number;
  capMs: number;
}

export const defaultMaxAttempts = 10;
// 30 s, 1 min, 2 min … then hourly: ten attempts span about three hours of an SMTP outage.
export const defaultBackoff: Backoff = { baseMs: 30_000, capMs: 3_600_000 };

/** The delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffDelay(attempts: number, { baseMs, capMs }: Backoff): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

const interval = (ms: number) => sql`now() + ${ms} * interval '1 millisecond'`;

/** Adds jobs whose keys are new; pass a transaction to commit them with the decision they follow. */
export async function enqueueJobs(db: Database, newJobs: NewJob[]): Promise<number> {
  if (!newJobs.length) return 0;
  const added = await db
    .insert(jobs)
    .values(
      newJobs.map(({ key, kind, payload = {}, maxAttempts = defaultMaxAttempts }) => ({
        key,
        kind,
        payload,
        maxAttempts,
      })),
    )
    .onConflictDoNothing()
    .returning({ key: jobs.key });
  return added.length;
}

/** Queue operations of one worker (`workerId`), on the database clock so instances agree. */
export function createJobQueue({ db, workerId }: { db: Database; workerId: string }) {
  const mine = (key: string) => and(eq(jobs.key, key), eq(jobs.lockedBy, workerId));
  return {
    /** Takes up to `limit` due jobs of these kinds, each for `leaseMs`. */
    async claim(kinds: string[], limit: number, leaseMs: number): Promise<ClaimedJob[]> {
      const due = db
        .select({ key: jobs.key })
        .from(jobs)
        .where(
          and(
            inArray(jobs.kind, kinds),
            or(
              and(eq(jobs.state, 'pending'), sql`${jobs.runAfter} <= now()`),
              and(eq(jobs.state, 'running'), sql`${jobs.lockedUntil} < now()`),
            ),
          ),
        )
        .orderBy(jobs.runAfter)
        .limit(limit)
        .for('update', { skipLocked: true });
      return db
        .update(jobs)
        .set({
          state: 'running',
          attempts: sql`${jobs.attempts} + 1`,
          lockedBy: workerId,
          lockedUntil: interval(leaseMs),
        })
        .where(inArray(jobs.key, due))
        .returning({
          key: jobs.key,
          kind: jobs.kind,
          payload: jobs.payload,
          attempts: jobs.attempts,
          maxAttempts: jobs.maxAttempts,
        });
    },

    /** Keeps a running job's lease; false when another worker has taken it since. */
    async extend(key: string, leaseMs: number): Promise<boolean> {
      const kept = await db
        .update(jobs)
        .set({ lockedUntil: interval(leaseMs) })
        .where(and(mine(key), eq(jobs.state, 'running')))
        .returning({ key: jobs.key });
      return kept.length > 0;
    },

    /** Marks a job done; false when its lease was lost (another worker ran it too). */
    async complete(key: string): Promise<boolean> {
      const done = await db
        .update(jobs)
        .set({
          state: 'done',
          finishedAt: sql`now()`,
          lockedBy: null,
          lockedUntil: null,
          lastError: null,
        })
        .where(and(mine(key), eq(jobs.state, 'running')))
        .returning({ key: jobs.key });
      return done.length > 0;
    },

    /** Schedules the next attempt, or ends the job `failed` when none is left. */
    async fail(job: ClaimedJob, error: string, backoff: Backoff): Promise<'retry' | 'failed'> {
      const outcome = job.attempts >= job.maxAttempts ? 'failed' : 'retry';
      await db
        .update(jobs)
        .set({
          lastError: error.slice(0, 2_000),
          lockedBy: null,
          lockedUntil: null,
          ...(outcome === 'failed'
            ? { state: 'failed', finishedAt: sql`now()` }
            : { state: 'pending', runAfter: interval(backoffDelay(job.attempts, backoff)) }),
        })
        .where(and(mine(job.key), eq(jobs.state, 'running')));
      return outcome;
    },
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;

/**
 * Hands every running job back at once. Only for a database no other process can use (PGlite
 * in its data folder): at start, a job still `running` was left by this process's crash.
 */
export async function releaseOrphanedJobs(db: Database): Promise<number> {
  const released = await db
    .update(jobs)
    .set({ state: 'pending', lockedBy: null, lockedUntil: null, runAfter: sql`now()` })
    .where(eq(jobs.state, 'running'))
    .returning({ key: jobs.key });
  return released.length;
}

/** Forgets finished jobs older than `olderThanMs`; failed ones stay for an admin to read. */
export async function pruneDoneJobs(db: Database, olderThanMs: number): Promise<number> {
  const pruned = await db
    .delete(jobs)
    .where(
      and(
        eq(jobs.state, 'done'),
        lt(jobs.finishedAt, sql`now() - ${olderThanMs} * interval '1 millisecond'`),
      ),
    )
    .returning({ key: jobs.key });
  return pruned.length;
}

/** How many jobs are in each state (for monitoring). */
export async function countJobsByState(db: Database): Promise<Record<JobState, number>> {
  const rows = await db
    .select({ state: jobs.state, count: count() })
    .from(jobs)
    .groupBy(jobs.state);
  const counts = Object.fromEntries(jobStates.map((state) => [state, 0])) as Record<
    JobState,
    number
  >;
  for (const row of rows) counts[row.state] = row.count;
  return counts;
}
