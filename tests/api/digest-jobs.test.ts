import { describe, expect, it, vi } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { jobs } from '@cercle/db';
import type { Mailer, OutgoingMail } from '@cercle/server';
import { createJobRunner } from '../../server/src/jobs/job-runner.ts';
import { digestJob, queueDigests } from '../../server/src/modules/notifications/digests.ts';
import { notifyFromEvents } from '../../server/src/modules/notifications/notifications.worker.ts';
import { testAppForThisFile, testPublicUrl } from '../support/app.ts';
import { assemblyWithPeople, type Person } from '../support/assembly-fixture.ts';
import { afterDigestTime } from '../support/digests.ts';

// The digest path as the background work runs it, with mailers that fail on purpose.
const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = { baseMs: 300, capMs: 600 };

/** A reader with one unmailed notification (a motion another member submitted). */
async function readerWithNews() {
  const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 2 });
  const [author, reader] = voters as [Person, Person];
  await call(author, 'POST', `/api/assemblies/${assembly.id}/motions`, {
    title: 'Motion à mailer',
    text: 'Texte.',
    submit: true,
  });
  while ((await notifyFromEvents(t.app.db, new Date(Date.now() + 10_000))) > 0);
  const email: string = (await call(reader, 'GET', '/api/auth/me')).body.user.email;
  return { ...reader, email };
}

function digestRunner(mailer: Mailer, log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() }) {
  return createJobRunner({
    db: t.app.db,
    log,
    handlers: { digest: digestJob({ db: t.app.db, mailer, publicUrl: new URL(testPublicUrl) }) },
    lanes: [{ kinds: ['digest'], concurrency: 4 }],
    leaseMs: 10_000,
    backoff,
  });
}

const digestJobOf = async (userId: string) =>
  (
    await t.app.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, 'digest'), like(jobs.key, `digest:${userId}:%`)))
  )[0];

describe('digest mails as jobs', () => {
  it('retries a digest the mail server refused, with a delay, and sends it once it accepts', async () => {
    const reader = await readerWithNews();
    const delivered: OutgoingMail[] = [];
    let serverUp = false;
    const attempts: string[] = [];
    const runner = digestRunner({
      async send(mail) {
        attempts.push(mail.to);
        if (!serverUp) throw new Error('451 try again later');
        delivered.push(mail);
        return 'smtp';
      },
    });
    await queueDigests(t.app.db, afterDigestTime());
    await runner.drain();
    expect(attempts).toContain(reader.email);
    expect(delivered).toEqual([]);
    expect(await digestJobOf(reader.id)).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: '451 try again later',
    });
    // Deciding again finds the digest already taken: still one job, nothing new to send.
    await queueDigests(t.app.db, afterDigestTime());
    serverUp = true;
    await runner.drain(); // the backoff is not over yet
    expect(delivered).toEqual([]);
    await sleep(backoff.baseMs + 50);
    await runner.drain();
    const mine = delivered.filter((mail) => mail.to === reader.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain('Motion à mailer');
    expect(await digestJobOf(reader.id)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('gives up on a digest the mail server keeps refusing, logs it, and sends nothing more', async () => {
    const reader = await readerWithNews();
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const send = vi.fn<Mailer['send']>(async () => {
      throw new Error('554 rejected');
    });
    const runner = digestRunner({ send }, log);
    await queueDigests(t.app.db, afterDigestTime());
    await t.app.db
      .update(jobs)
      .set({ maxAttempts: 3 })
      .where(like(jobs.key, `digest:${reader.id}:%`));
    for (let pass = 0; pass < 5; pass += 1) {
      await runner.drain();
      await sleep(backoff.capMs + 50);
    }
    expect(send.mock.calls.filter(([mail]) => mail.to === reader.email)).toHaveLength(3);
    expect(await digestJobOf(reader.id)).toMatchObject({ state: 'failed', attempts: 3 });
    expect(log.error).toHaveBeenCalledWith(
      expect.objectContaining({ jobKey: expect.stringContaining(reader.id) }),
      'job failed for good',
    );
  });

  it('sends one digest when two instances decide and send at the same moment', async () => {
    const reader = await readerWithNews();
    const delivered: OutgoingMail[] = [];
    const mailer: Mailer = {
      async send(mail) {
        await sleep(50); // both instances are in flight together
        delivered.push(mail);
        return 'smtp';
      },
    };
    const [first, second] = [digestRunner(mailer), digestRunner(mailer)];
    const at = afterDigestTime();
    await Promise.all([queueDigests(t.app.db, at), queueDigests(t.app.db, at)]);
    await Promise.all([first!.drain(), second!.drain()]);
    expect(delivered.filter((mail) => mail.to === reader.email)).toHaveLength(1);
    expect(await digestJobOf(reader.id)).toMatchObject({ state: 'done', attempts: 1 });
  });
});
