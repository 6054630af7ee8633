import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { type DatabaseHandle, jobs } from '@cercle/db';
import { availableEngines, createTestDatabase } from '../../../tests/support/database.ts';
import {
  backoffDelay,
  countJobsByState,
  createJobQueue,
  defaultBackoff,
  enqueueJobs,
  releaseOrphanedJobs,
} from './job-queue.ts';
import { createJobRunner, type JobHandler } from './job-runner.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Long enough that a slow drain (PGlite on a loaded machine) still finds the job not due yet.
const quickBackoff = { baseMs: 300, capMs: 600 };

describe('backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { baseMs: 30, capMs: 100 }))).toEqual([
      30, 60, 100, 100,
    ]);
    expect(backoffDelay(20, defaultBackoff)).toBe(defaultBackoff.capMs);
  });
});

describe.each(availableEngines)('the job queue on %s', (engine) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase({ engine });
  });
  afterAll(() => database.close());
  // Each test uses kinds of its own, so that tests sharing the database do not see each other's.
  let kindCount = 0;
  const newKind = () => `test-kind-${(kindCount += 1)}`;
  const stateOf = async (key: string) =>
    (await database.db.select().from(jobs).where(eq(jobs.key, key)))[0]!;
  const log = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

  it('makes one job of one idempotency key, however often it is enqueued', async () => {
    const kind = newKind();
    const job = { key: `${kind}:a`, kind, payload: { n: 1 } };
    expect(await enqueueJobs(database.db, [job])).toBe(1);
    expect(await enqueueJobs(database.db, [job, { ...job, payload: { n: 2 } }])).toBe(0);
    const claimed = await createJobQueue({ db: database.db, workerId: 'w' }).claim([kind], 5, 1000);
    expect(claimed).toEqual([expect.objectContaining({ key: job.key, payload: { n: 1 } })]);
  });

  it('gives each job to one worker only, even when they claim at the same moment', async () => {
    const kind = newKind();
    await enqueueJobs(
      database.db,
      Array.from({ length: 30 }, (_, i) => ({ key: `${kind}:${i}`, kind })),
    );
    const workers = ['a', 'b', 'c'].map((workerId) =>
      createJobQueue({ db: database.db, workerId }),
    );
    const taken: string[] = [];
    await Promise.all(
      workers.map(async (queue) => {
        for (;;) {
          const claimed = await queue.claim([kind], 4, 60_000);
          if (!claimed.length) return;
          taken.push(...claimed.map((job) => job.key));
        }
      }),
    );
    expect(taken).toHaveLength(30);
    expect(new Set(taken).size).toBe(30);
  });

  it("takes a stopped worker's job again once its lease has ended, and only then", async () => {
    const kind = newKind();
    await enqueueJobs(database.db, [{ key: `${kind}:x`, kind }]);
    const crashed = createJobQueue({ db: database.db, workerId: 'crashed' });
    const other = createJobQueue({ db: database.db, workerId: 'other' });
    expect(await crashed.claim([kind], 1, 300)).toHaveLength(1);
    expect(await other.claim([kind], 1, 300)).toEqual([]);
    await sleep(400);
    expect(await other.claim([kind], 1, 60_000)).toEqual([
      expect.objectContaining({ key: `${kind}:x`, attempts: 2 }),
    ]);
    // The first worker, back from the dead, cannot mark it: it is no longer its job.
    expect(await crashed.complete(`${kind}:x`)).toBe(false);
    expect(await other.complete(`${kind}:x`)).toBe(true);
    expect((await stateOf(`${kind}:x`)).state).toBe('done');
  });

  it('hands running jobs back at start when no other process can hold them (PGlite)', async () => {
    const kind = newKind();
    await enqueueJobs(database.db, [{ key: `${kind}:x`, kind }]);
    await createJobQueue({ db: database.db, workerId: 'gone' }).claim([kind], 1, 3_600_000);
    expect(await releaseOrphanedJobs(database.db)).toBeGreaterThanOrEqual(1);
    const next = createJobQueue({ db: database.db, workerId: 'next' });
    expect(await next.claim([kind], 1, 1000)).toHaveLength(1);
  });

  it('retries a failing job with a growing delay until it succeeds', async () => {
    const kind = newKind();
    await enqueueJobs(database.db, [{ key: `${kind}:x`, kind }]);
    const calls: number[] = [];
    const handler: JobHandler = async () => {
      calls.push(Date.now());
      if (calls.length < 3) throw new Error(`mail server down (${calls.length})`);
    };
    const runner = createJobRunner({
      db: database.db,
      log: log(),
      handlers: { [kind]: handler },
      lanes: [{ kinds: [kind], concurrency: 1 }],
      leaseMs: 10_000,
      backoff: quickBackoff,
    });
    await runner.drain();
    expect(calls).toHaveLength(1);
    expect(await stateOf(`${kind}:x`)).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'mail server down (1)',
    });
    await runner.drain(); // not due yet: the backoff holds it back
    expect(calls).toHaveLength(1);
    while (calls.length < 3) {
      await sleep(50);
      await runner.drain();
    }
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(quickBackoff.baseMs - 5);
    expect(calls[2]! - calls[1]!).toBeGreaterThanOrEqual(2 * quickBackoff.baseMs - 5);
    expect(await stateOf(`${kind}:x`)).toMatchObject({ state: 'done', attempts: 3 });
  });

  it('ends a job that keeps failing `failed`, logs it, and stops trying', async () => {
    const kind = newKind();
    await enqueueJobs(database.db, [{ key: `${kind}:x`, kind, maxAttempts: 3 }]);
    const handler = vi.fn<JobHandler>(async () => {
      throw new Error('refused for ever');
    });
    const logs = log();
    const runner = createJobRunner({
      db: database.db,
      log: logs,
      handlers: { [kind]: handler },
      lanes: [{ kinds: [kind], concurrency: 1 }],
      leaseMs: 10_000,
      backoff: quickBackoff,
    });
    for (let pass = 0; pass < 5; pass += 1) {
      await runner.drain();
      await sleep(quickBackoff.capMs + 50);
    }
    expect(handler).toHaveBeenCalledTimes(3);
    expect(await stateOf(`${kind}:x`)).toMatchObject({
      state: 'failed',
      attempts: 3,
      lastError: 'refused for ever',
    });
    expect(logs.warn).toHaveBeenCalledTimes(2);
    expect(logs.error).toHaveBeenCalledWith(
      expect.objectContaining({ jobKey: `${kind}:x`, attempt: 3 }),
      'job failed for good',
    );
  });

  it('fails a job whose attempts were all used up by workers that died holding it', async () => {
    const kind = newKind();
    await enqueueJobs(database.db, [{ key: `${kind}:x`, kind, maxAttempts: 1 }]);
    await createJobQueue({ db: database.db, workerId: 'died' }).claim([kind], 1, 100);
    await sleep(200);
    const handler = vi.fn<JobHandler>(async () => {});
    const logs = log();
    await createJobRunner({
      db: database.db,
      log: logs,
      handlers: { [kind]: handler },
      lanes: [{ kinds: [kind], concurrency: 1 }],
      leaseMs: 10_000,
    }).drain();
    expect(handler).not.toHaveBeenCalled();
    expect((await stateOf(`${kind}:x`)).state).toBe('failed');
    expect(logs.error).toHaveBeenCalledWith(expect.anything(), 'job failed for good');
  });

  it('counts an attempt that hangs past its timeout as failed, and keeps the lease meanwhile', async () => {
    const kind = newKind();
    await enqueueJobs(database.db, [{ key: `${kind}:x`, kind }]);
    const runner = createJobRunner({
      db: database.db,
      log: log(),
      handlers: { [kind]: () => new Promise(() => {}) },
      lanes: [{ kinds: [kind], concurrency: 1 }],
      leaseMs: 300,
      attemptTimeoutMs: 800,
      backoff: { baseMs: 60_000, capMs: 60_000 },
    });
    const draining = runner.drain();
    await sleep(500);
    // Past the first lease, but the heartbeat renewed it: nobody else may take the job.
    expect(await createJobQueue({ db: database.db, workerId: 'x' }).claim([kind], 1, 1)).toEqual(
      [],
    );
    await draining;
    expect(await stateOf(`${kind}:x`)).toMatchObject({
      state: 'pending',
      lastError: 'attempt timed out after 800 ms',
    });
  });

  it('counts jobs by state', async () => {
    const counts = await countJobsByState(database.db);
    expect(Object.keys(counts).sort()).toEqual(['done', 'failed', 'pending', 'running']);
    expect(counts.failed).toBeGreaterThanOrEqual(2);
    expect(counts.done).toBeGreaterThanOrEqual(2);
  });
});
