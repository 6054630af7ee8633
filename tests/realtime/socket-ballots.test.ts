import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { members, queryRows } from '@cercle/db';
import type { ServerMessage } from '@cercle/shared';
import { createTestApp, type TestApp } from '../support/app.ts';
import {
  assemblyWithPeople,
  caller,
  openVoteOnNewMotion,
  type Person,
} from '../support/assembly-fixture.ts';
import { connectAs, isType } from '../support/socket-client.ts';

let t: TestApp;
let call: ReturnType<typeof caller>;
beforeAll(async () => {
  t = await createTestApp({ backgroundJobs: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  call = caller(t.app);
});
afterAll(() => t.close());

type Ack = Extract<ServerMessage, { type: 'ack' }>;

/** A socket that sends ballot messages and waits for the ack of each. */
async function voterSocket(who: Person) {
  const client = await connectAs(t.app, who);
  await client.until(isType('hello'));
  let next = 0;
  const send = (message: object) => client.socket.send(JSON.stringify(message));
  return {
    ...client,
    send,
    /** Sends one ballot message (anything: bad ones too) and returns its ack. */
    async ballot(pollId: unknown, ballot: unknown): Promise<Ack> {
      const id = `b${(next += 1)}`;
      send({ type: 'ballot', id, pollId, ballot });
      return client.until(isType('ack', (m) => m.id === id));
    },
  };
}

async function openPoll(secret = false) {
  const people = await assemblyWithPeople(t.app, { voters: 3 });
  const pollId = await openVoteOnNewMotion(t.app, {
    assemblyId: people.assembly.id,
    author: people.voters[0]!,
    secretary: people.secretary,
    title: 'Vote par la connexion',
    secret,
  });
  return { ...people, pollId };
}

const storedChoices = (pollId: string) =>
  queryRows<{ voter_id: string; choice: string }>(
    t.app.db,
    sql`select voter_id, choice from ballots where poll_id = ${pollId} order by voter_id`,
  );

describe('ballots on the websocket', () => {
  it('are acknowledged after commit, counted once whichever path resends them, and tallied', async () => {
    const { assembly, secretary, voters, pollId } = await openPoll();
    const watcher = await connectAs(t.app, secretary);
    watcher.subscribe(assembly.id);
    await watcher.until(isType('subscribed'));
    const voter = await voterSocket(voters[0]!);
    const clientBallotId = randomUUID();

    const counted = await voter.ballot(pollId, { choice: 'yes', clientBallotId });
    expect(counted).toMatchObject({
      status: 201,
      ballot: { status: 'counted', choice: 'yes', participation: 1 },
    });
    // Acknowledged means committed: the row is there when the ack arrives.
    expect(await storedChoices(pollId)).toEqual([{ voter_id: voters[0]!.id, choice: 'yes' }]);
    const tally = await watcher.until(isType('tally', (m) => m.pollId === pollId));
    expect(tally).toMatchObject({ participation: 1, totals: { yes: 1 } });

    // The same ballot again, on the socket and over HTTP: nothing more is counted.
    expect(await voter.ballot(pollId, { choice: 'yes', clientBallotId })).toMatchObject({
      status: 200,
      ballot: { status: 'already_counted', participation: 1 },
    });
    const overHttp = await call(voters[0]!, 'POST', `/api/polls/${pollId}/ballots`, {
      choice: 'yes',
      clientBallotId,
    });
    expect(overHttp).toMatchObject({ status: 200, body: { status: 'already_counted' } });

    // A new ballot id changes an open vote's answer.
    expect(
      await voter.ballot(pollId, { choice: 'no', clientBallotId: randomUUID() }),
    ).toMatchObject({ status: 200, ballot: { status: 'changed', choice: 'no', participation: 1 } });
    expect(await storedChoices(pollId)).toEqual([{ voter_id: voters[0]!.id, choice: 'no' }]);
    voter.socket.close();
    watcher.socket.close();
  });

  it('refuse what the HTTP route refuses, with the same status, code and field', async () => {
    const { voters, pollId } = await openPoll(true);
    const stranger = (await assemblyWithPeople(t.app, { voters: 1 })).voters[0]!;
    const voter = await voterSocket(voters[1]!);
    const outsider = await voterSocket(stranger);
    const firstId = randomUUID();
    const cases: { who: Person; socket: typeof voter; pollId: string; ballot: object }[] = [
      // A secret ballot cannot change once cast.
      {
        who: voters[1]!,
        socket: voter,
        pollId,
        ballot: { choice: 'yes', clientBallotId: firstId },
      },
      {
        who: voters[1]!,
        socket: voter,
        pollId,
        ballot: { choice: 'no', clientBallotId: randomUUID() },
      },
      {
        who: voters[1]!,
        socket: voter,
        pollId,
        ballot: { choice: 'peut-être', clientBallotId: randomUUID() },
      },
      { who: voters[1]!, socket: voter, pollId, ballot: { choice: 'yes' } },
      {
        who: voters[1]!,
        socket: voter,
        pollId,
        ballot: { choice: 'objection', reason: 'a\u0000b', clientBallotId: randomUUID() },
      },
      {
        who: voters[1]!,
        socket: voter,
        pollId: 'nosuchpoll',
        ballot: { choice: 'yes', clientBallotId: randomUUID() },
      },
      {
        who: stranger,
        socket: outsider,
        pollId,
        ballot: { choice: 'yes', clientBallotId: randomUUID() },
      },
      {
        who: voters[1]!,
        socket: voter,
        pollId,
        ballot: { choice: 'yes', onBehalfOf: voters[2]!.id, clientBallotId: randomUUID() },
      },
    ];
    const answers: { socket: object; http: object }[] = [];
    for (const [index, item] of cases.entries()) {
      const ack = await item.socket.ballot(item.pollId, item.ballot);
      // The HTTP route is asked the same afterwards (the first one is then a resend).
      const http =
        index === 0
          ? { status: 201, body: { status: 'counted' } }
          : await call(item.who, 'POST', `/api/polls/${item.pollId}/ballots`, item.ballot);
      answers.push({
        socket: ack.error ? { status: ack.status, ...ack.error } : { status: ack.status },
        http:
          http.status >= 400
            ? { status: http.status, ...(http.body as { error: object }).error }
            : { status: http.status },
      });
    }
    for (const { socket, http } of answers) expect(socket).toEqual(http);
    expect(answers.map(({ socket }) => socket)).toMatchObject([
      { status: 201 },
      { status: 409, code: 'ballots.already_cast' },
      { status: 400, code: 'validation.invalid', field: 'choice' },
      { status: 400, code: 'validation.invalid', field: 'clientBallotId' },
      { status: 400, code: 'validation.invalid_text', field: 'reason' },
      { status: 404 },
      { status: 403 },
      { status: 403 },
    ]);
    voter.socket.close();
    outsider.socket.close();
  });

  it('follow the person’s rights as they stand: a member removed meanwhile is refused', async () => {
    const { assembly, voters, pollId } = await openPoll();
    const voter = await voterSocket(voters[2]!);
    await t.app.db
      .delete(members)
      .where(and(eq(members.assemblyId, assembly.id), eq(members.userId, voters[2]!.id)));
    const ack = await voter.ballot(pollId, { choice: 'yes', clientBallotId: randomUUID() });
    expect(ack).toMatchObject({ status: 403 });
    expect(await storedChoices(pollId)).toEqual([]);
    voter.socket.close();
  });

  it('keep the socket for other messages, and refuse a ballot once the poll closed', async () => {
    const { secretary, voters, pollId } = await openPoll();
    const voter = await voterSocket(voters[0]!);
    // A message that names no ballot id is no ballot: answered as any malformed message.
    voter.send({ type: 'ballot' });
    expect(await voter.until(isType('error'))).toMatchObject({ code: 'validation.invalid' });
    await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    expect(
      await voter.ballot(pollId, { choice: 'no', clientBallotId: randomUUID() }),
    ).toMatchObject({ status: 409, error: { code: 'polls.closed' } });
    voter.socket.close();
  });

  it('count towards the ballots metric like the route', async () => {
    const { voters, pollId } = await openPoll();
    const before = await ballotsMetric();
    const voter = await voterSocket(voters[0]!);
    await voter.ballot(pollId, { choice: 'yes', clientBallotId: randomUUID() });
    expect(await ballotsMetric()).toBe(before + 1);
    voter.socket.close();
  });
});

async function ballotsMetric() {
  const text = await t.app.metrics.registry.text();
  return Number(/^cercle_ballots_acknowledged_total (\d+)/m.exec(text)?.[1] ?? 0);
}
