import { describe, expect, it } from 'vitest';
import type { PollRow } from '@cercle/db';
import { testDatabaseForThisFile } from '../../../../tests/support/database.ts';
import { pollsFixture } from '../../../../tests/support/polls-fixture.ts';
import { createOpenPollCache, pollClosedChannel, pollOpenedChannel } from './open-polls.ts';
import type { PollsRepository } from './polls.repository.ts';

const database = await testDatabaseForThisFile();

/** A repository that answers one open poll of three electors, and counts what it is asked. */
function countingRepository(status: PollRow['status'] = 'open') {
  const reads = { poll: 0, electorate: 0, elector: 0 };
  const poll = { id: 'poll-1', status } as PollRow;
  const repository = {
    async findById() {
      reads.poll += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return poll;
    },
    async electorate() {
      reads.electorate += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return ['ana', 'bea', 'carl'].map((userId) => ({ userId, collegeId: null }));
    },
    async elector() {
      reads.elector += 1;
      return undefined;
    },
  } as unknown as PollsRepository;
  return { repository, reads };
}

describe('the open polls a ballot reads from memory', () => {
  it('reads a poll once for all the ballots that ask while it loads', async () => {
    const { repository, reads } = countingRepository();
    const cache = createOpenPollCache({ repository });

    const found = await Promise.all(Array.from({ length: 50 }, () => cache.find('poll-1')));
    const electors = await Promise.all(
      ['ana', 'bea', 'dan'].map((voter) => cache.elector('poll-1', voter)),
    );

    expect(found.every((poll) => poll?.id === 'poll-1')).toBe(true);
    expect(reads).toEqual({ poll: 1, electorate: 1, elector: 0 });
    expect(electors).toEqual([{ collegeId: null }, { collegeId: null }, undefined]);
  });

  it('once prepared, answers the first ballot without reading the database', async () => {
    const { repository, reads } = countingRepository();
    const cache = createOpenPollCache({ repository });
    await cache.prepare('poll-1');
    const before = { ...reads };

    await cache.find('poll-1');
    expect(await cache.elector('poll-1', 'carl')).toEqual({ collegeId: null });
    expect(reads).toEqual(before);
  });

  it('does not keep a poll that is not open: each ballot reads it again', async () => {
    const { repository, reads } = countingRepository('closed');
    const cache = createOpenPollCache({ repository });

    await cache.find('poll-1');
    await cache.find('poll-1');
    expect(reads.poll).toBe(2);
    expect(reads.electorate).toBe(0);
  });

  it('opening a poll tells every instance as it commits, and a refused opening tells none', async () => {
    const heard: string[] = [];
    const stop = await database.listen(pollOpenedChannel, (pollId) => heard.push(pollId));
    try {
      const f = await pollsFixture(database.db, { voters: 2 });
      const poll = await f.openPoll();
      await expect.poll(() => heard, { timeout: 5_000, interval: 20 }).toEqual([poll.id]);

      await expect(f.lifecycle.open(f.secretary, f.permissions, poll.id)).rejects.toMatchObject({
        code: 'polls.invalid_state',
      });
      // A later opening's notice comes after any the refused one could have sent.
      const other = await f.openPoll();
      await expect.poll(() => heard, { timeout: 5_000, interval: 20 }).toEqual([poll.id, other.id]);
    } finally {
      await stop();
    }
  });

  it('closing a poll tells every instance as it commits, to forget it; a poll already closed tells none', async () => {
    const heard: string[] = [];
    const stop = await database.listen(pollClosedChannel, (pollId) => heard.push(pollId));
    try {
      const f = await pollsFixture(database.db, { voters: 2 });
      const poll = await f.openPoll();
      await f.lifecycle.close(poll.id, f.secretary.id);
      await expect.poll(() => heard, { timeout: 5_000, interval: 20 }).toEqual([poll.id]);

      await expect(f.lifecycle.close(poll.id, f.secretary.id)).rejects.toMatchObject({
        code: 'polls.closed',
      });
      const other = await f.openPoll();
      await f.lifecycle.close(other.id, null);
      await expect.poll(() => heard, { timeout: 5_000, interval: 20 }).toEqual([poll.id, other.id]);
    } finally {
      await stop();
    }
  });

  it('forgets a poll closed elsewhere: the next ballot reads it again', async () => {
    const { repository, reads } = countingRepository();
    const cache = createOpenPollCache({ repository });
    await cache.prepare('poll-1');
    await cache.find('poll-1');
    expect(reads.poll).toBe(1);
    cache.forget('poll-1');
    await cache.find('poll-1');
    expect(reads).toMatchObject({ poll: 2, electorate: 2 });
  });
});
