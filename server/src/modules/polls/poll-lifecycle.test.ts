import { describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { ballots, events, members, type PollRow, secretTallies } from '@cercle/db';
import type { Choice, Result } from '@cercle/shared';
import { testDatabaseForThisFile } from '../../../../tests/support/database.ts';
import { pollsFixture } from '../../../../tests/support/polls-fixture.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createMotionsRepository } from '../motions/motions.repository.ts';
import { choiceStore, createBallotBatcher } from './ballot-batcher.ts';
import { ballotsDigest, resultDigest } from './ballots-digest.ts';
import type { PollFollower } from './poll-followers.ts';

const { db } = await testDatabaseForThisFile();

type Fixture = Awaited<ReturnType<typeof pollsFixture>>;

/** Each voter in turn answers with the next choice, through the batcher as the app does. */
async function vote(f: Fixture, poll: PollRow, choices: Choice[]) {
  const batcher = createBallotBatcher({ db, store: choiceStore });
  for (const [index, choice] of choices.entries()) {
    const voter = f.voters[index]!;
    await batcher.submit(poll, {
      voterId: voter.id,
      castBy: voter.id,
      answer: choice,
      reason: choice === 'objection' ? 'Le budget manque.' : null,
      clientBallotId: `${poll.id}-${index}`,
      collegeId: null,
    });
  }
}

const closedEvents = (pollId: string) =>
  db
    .select()
    .from(events)
    .where(and(eq(events.type, 'poll.closed'), sql`${events.payload}->>'pollId' = ${pollId}`));

/** A follower that writes in the poll's transaction, as the motions module does. */
function retitlingFollower(calls: { poll: PollRow; result: Result }[]): PollFollower {
  return {
    opened: async () => {},
    decided: async (tx, poll, result) => {
      calls.push({ poll, result });
      await createMotionsRepository({ db: tx }).update(poll.motionId, { title: 'Décidée' });
    },
  };
}

describe('closing a poll', () => {
  it('decides once: stores the result and the digest of its ballots, and announces them in one event', async () => {
    const f = await pollsFixture(db);
    const poll = await f.openPoll();
    await vote(f, poll, ['yes', 'yes', 'no']);

    await f.lifecycle.close(poll.id, f.secretary.id);

    const closed = (await f.repository.findById(poll.id))!;
    const result = closed.result as Result;
    expect(closed.status).toBe('closed');
    expect(result).toMatchObject({ outcome: 'adopted', totals: { yes: 2, no: 1 } });
    const stored = await db
      .select()
      .from(ballots)
      .where(eq(ballots.pollId, poll.id))
      .orderBy(asc(ballots.id));
    expect(closed.ballotsDigest).toBe(ballotsDigest({ secret: false, ballots: stored }));
    const [event, ...more] = await closedEvents(poll.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actorId: f.secretary.id,
      payload: {
        outcome: 'adopted',
        totals: { yes: 2, no: 1 },
        ballotsDigest: closed.ballotsDigest,
        resultDigest: resultDigest(result),
      },
    });

    // The scheduler closing it again (another instance raced it) changes nothing…
    await f.lifecycle.close(poll.id, null);
    expect(await f.repository.findById(poll.id)).toEqual(closed);
    expect(await closedEvents(poll.id)).toHaveLength(1);
    // …while a person closing it again is told it is closed.
    await expect(f.lifecycle.close(poll.id, f.secretary.id)).rejects.toMatchObject({
      statusCode: 409,
      code: 'polls.closed',
    });
    expect(await closedEvents(poll.id)).toHaveLength(1);
  });

  it('keeps of a secret poll only the published counts, and digests them', async () => {
    const f = await pollsFixture(db);
    const poll = await f.openPoll({ secret: true });
    await vote(f, poll, ['no', 'yes', 'no']);

    await f.lifecycle.close(poll.id, null);

    const closed = (await f.repository.findById(poll.id))!;
    const result = closed.result as Result;
    expect(result).toMatchObject({ outcome: 'rejected', totals: { yes: 1, no: 2 } });
    expect(closed.ballotsDigest).toBe(ballotsDigest({ secret: true, result }));
    expect(await db.select().from(secretTallies).where(eq(secretTallies.pollId, poll.id))).toEqual(
      [],
    );
    expect((await closedEvents(poll.id))[0]).toMatchObject({ actorId: null });
  });

  it('turns each objection of a consent round into an open objection to answer', async () => {
    const f = await pollsFixture(db);
    const poll = await f.openPoll({ kind: 'consent' });
    await vote(f, poll, ['consent', 'objection']);

    await f.lifecycle.close(poll.id, f.secretary.id);

    expect((await f.repository.findById(poll.id))?.result).toMatchObject({ outcome: 'objected' });
    expect(
      (await f.repository.objections({ pollId: poll.id })).map((row) => row.objection),
    ).toEqual([
      expect.objectContaining({
        authorId: f.voters[1]!.id,
        reason: 'Le budget manque.',
        status: 'open',
      }),
    ]);
  });

  it('tells the followers inside its transaction, the decided poll in hand', async () => {
    const calls: { poll: PollRow; result: Result }[] = [];
    const f = await pollsFixture(db, { followers: [retitlingFollower(calls)] });
    const poll = await f.openPoll();
    await vote(f, poll, ['yes']);

    await f.lifecycle.close(poll.id, f.secretary.id);

    expect(calls).toHaveLength(1);
    expect(calls[0]!.poll).toMatchObject({ id: poll.id, status: 'closed' });
    expect(calls[0]!.result).toEqual((await f.repository.findById(poll.id))?.result);
    expect((await createMotionsRepository({ db }).findById(poll.motionId!))?.title).toBe('Décidée');
  });

  it('rolls the whole close back when a follower fails: the poll stays open, and closes later', async () => {
    const calls: { poll: PollRow; result: Result }[] = [];
    let refuse = true;
    const refusing: PollFollower = {
      opened: async () => {},
      decided: async () => {
        if (refuse) throw new Error('mandate refused');
      },
    };
    const f = await pollsFixture(db, { followers: [retitlingFollower(calls), refusing] });
    const poll = await f.openPoll({ kind: 'consent' });
    await vote(f, poll, ['objection']);

    await expect(f.lifecycle.close(poll.id, null)).rejects.toThrow('mandate refused');

    expect(calls).toHaveLength(1); // the first follower wrote, in the transaction that failed
    expect(await f.repository.findById(poll.id)).toMatchObject({
      status: 'open',
      result: null,
      ballotsDigest: null,
      closedAt: null,
    });
    expect(await closedEvents(poll.id)).toEqual([]);
    expect(await f.repository.objections({ pollId: poll.id })).toEqual([]);
    expect((await createMotionsRepository({ db }).findById(poll.motionId!))?.title).not.toBe(
      'Décidée',
    );

    refuse = false;
    await f.lifecycle.close(poll.id, null);
    expect(await f.repository.findById(poll.id)).toMatchObject({ status: 'closed' });
    expect(await closedEvents(poll.id)).toHaveLength(1);
    expect(await f.repository.objections({ pollId: poll.id })).toHaveLength(1);
  });
});

describe('opening a poll', () => {
  it('freezes the electorate and the rules of the day: later changes to the assembly do not move them', async () => {
    const opened: PollRow[] = [];
    const f = await pollsFixture(db, {
      voters: 3,
      settings: { quorum: 0.5 },
      followers: [{ opened: async (_tx, poll) => void opened.push(poll), decided: async () => {} }],
    });
    const [, , withoutRight] = f.voters;
    await db
      .update(members)
      .set({ votingRight: false })
      .where(eq(members.userId, withoutRight!.id));
    const poll = await f.createdPoll();

    await f.lifecycle.open(f.secretary, f.permissions, poll.id);

    const entitled = [f.secretary, f.voters[0]!, f.voters[1]!].map((user) => user.id).sort();
    const frozen = async () => (await f.repository.electorate(poll.id)).map((row) => row.userId);
    expect((await frozen()).sort()).toEqual(entitled);
    expect(await f.repository.findById(poll.id)).toMatchObject({
      status: 'open',
      electorateSize: 3,
      quorum: 0.5,
    });
    expect(opened).toEqual([expect.objectContaining({ id: poll.id, status: 'open' })]);

    // A newcomer, a voting right given and another taken, a new quorum: the poll keeps its own.
    await f.member('Nouvelle venue');
    await db.update(members).set({ votingRight: true }).where(eq(members.userId, withoutRight!.id));
    await db.update(members).set({ votingRight: false }).where(eq(members.userId, f.voters[0]!.id));
    await createAssembliesRepository({ db }).update(f.assembly.id, { quorum: 0.9 });
    expect((await frozen()).sort()).toEqual(entitled);
    expect(await f.repository.findById(poll.id)).toMatchObject({ electorateSize: 3, quorum: 0.5 });

    await expect(f.lifecycle.open(f.secretary, f.permissions, poll.id)).rejects.toMatchObject({
      statusCode: 409,
      code: 'polls.invalid_state',
    });
  });

  it('opens a meeting poll only once its quorum is present or represented', async () => {
    const f = await pollsFixture(db, { voters: 3, settings: { quorum: 0.5 } });
    const room = await f.liveMeeting();
    const poll = await f.createdPoll({ meetingId: room.meeting.id });
    await room.checkIn(f.voters[0]!);

    await expect(f.lifecycle.open(f.secretary, f.permissions, poll.id)).rejects.toMatchObject({
      statusCode: 409,
      code: 'meetings.no_quorum',
    });
    expect(await f.repository.electorate(poll.id)).toEqual([]);

    await room.proxy(f.voters[1]!, f.voters[0]!);
    await f.lifecycle.open(f.secretary, f.permissions, poll.id);
    expect(await f.repository.findById(poll.id)).toMatchObject({
      status: 'open',
      electorateSize: 4,
    });
  });
});
