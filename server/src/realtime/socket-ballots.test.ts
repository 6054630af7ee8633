import { describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import type { User } from '@cercle/db';
import type { CastBallotResponse, ServerMessage } from '@cercle/shared';
import { createSocketBallots } from './socket-ballots.ts';

type Ack = Extract<ServerMessage, { type: 'ack' }>;

/** One socket's ballot handler whose casts wait until the test lets them commit. */
function setup({ writesPerMinute = 0, signedIn = true } = {}) {
  let clock = 0;
  let casts = 0;
  const commits: (() => void)[] = [];
  const acks: Ack[] = [];
  const queue = createSocketBallots({
    sessionOf: async () => (signedIn ? { user: { id: 'u1', isAdmin: false } as User } : null),
    actorOf: async () => ({ isAdmin: false, memberships: [] }),
    cast: (_user, _actor, _pollId, body) => {
      casts += 1;
      return new Promise<CastBallotResponse>((resolve) =>
        commits.push(() => resolve({ status: 'counted', choice: body.choice, participation: 1 })),
      );
    },
    counted: () => {},
    writesPerMinute,
    log: { error: () => {} } as unknown as FastifyBaseLogger,
    now: () => clock,
  })('session', Promise.resolve(), { send: (ack) => void acks.push(ack) });
  const ballot = (id: string) =>
    queue.take({
      type: 'ballot',
      id,
      pollId: 'poll1',
      ballot: { choice: 'yes', clientBallotId: `client-${id}` },
    } as { type: 'ballot'; id: string });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    acks,
    ballot,
    settle,
    commitAll: () => commits.splice(0).forEach((commit) => commit()),
    advance: (ms: number) => (clock += ms),
    casts: () => casts,
  };
}

describe('ballots on one socket', () => {
  it('refuse a flood beyond 16 waiting for their commit, and answer each message once', async () => {
    const socket = setup();
    const sent = Array.from({ length: 20 }, (_, i) => socket.ballot(`b${i}`));
    await socket.settle();
    // Nothing committed yet: only the four beyond the limit have their answer, a 429.
    expect(socket.acks.map((ack) => [ack.id, ack.status, ack.error?.code])).toEqual(
      [16, 17, 18, 19].map((i) => [`b${i}`, 429, 'realtime.too_many_ballots']),
    );
    socket.commitAll();
    await Promise.all(sent);
    expect(socket.acks).toHaveLength(20);
    expect(new Set(socket.acks.map((ack) => ack.id)).size).toBe(20);
    expect(socket.acks.filter((ack) => ack.status === 201)).toHaveLength(16);
    // Once answered, room again.
    const again = socket.ballot('after');
    await socket.settle();
    socket.commitAll();
    await again;
    expect(socket.acks.at(-1)).toMatchObject({ id: 'after', status: 201 });
  });

  it('hold the write limit per minute as the HTTP route does, and reopen after the minute', async () => {
    const socket = setup({ writesPerMinute: 3 });
    const sent = ['a', 'b', 'c', 'd'].map((id) => socket.ballot(id));
    await socket.settle();
    socket.commitAll();
    await Promise.all(sent);
    expect(socket.acks.map((ack) => ack.status)).toEqual([429, 201, 201, 201]);
    expect(socket.acks[0]).toMatchObject({
      id: 'd',
      error: { code: 'http.rate_limited' },
    });
    socket.advance(60_000);
    const later = socket.ballot('e');
    await socket.settle();
    socket.commitAll();
    await later;
    expect(socket.acks.at(-1)).toMatchObject({ id: 'e', status: 201 });
  });

  it('refuse with 401 once the socket’s session has ended, and cast nothing', async () => {
    const socket = setup({ signedIn: false });
    await socket.ballot('late');
    expect(socket.acks).toEqual([
      {
        type: 'ack',
        id: 'late',
        status: 401,
        error: { code: 'auth.unauthenticated', message: 'Please sign in.' },
      },
    ]);
    expect(socket.casts()).toBe(0);
  });
});
