import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { DatabaseHandle } from '@cercle/db';
import { createConnections } from './connections.ts';

/** A socket that counts its pings and answers them (or not) when the test says so. */
class FakeSocket extends EventEmitter {
  pings = 0;
  terminated = false;
  ping() {
    this.pings += 1;
  }
  terminate() {
    this.terminated = true;
  }
  close() {}
}

/** The sessions s0 … s99, all valid: the sessions' sweep reads them through this chain. */
const database = {
  db: {
    select: () => ({
      from: () => ({ where: async () => Array.from({ length: 100 }, (_, i) => ({ id: `s${i}` })) }),
    }),
  },
  listen: async () => async () => {},
} as unknown as DatabaseHandle;

afterEach(() => {
  vi.useRealTimers();
});

describe('the heartbeat', () => {
  it('pings a slice of the sockets at a time, each once per interval, and cuts the silent one', async () => {
    vi.useFakeTimers();
    const connections = createConnections({
      database,
      log: { error: () => {} } as unknown as FastifyBaseLogger,
      limits: { maxPerUser: 10, maxPerAddress: 1_000, heartbeatMs: 2_000 },
      recheck: async () => {},
      sessionExpiry: async () => new Date(Date.now() + 3_600_000),
    });
    await connections.start();
    const sockets = Array.from({ length: 100 }, () => new FakeSocket());
    await Promise.all(
      sockets.map((socket, i) =>
        connections.add(socket as unknown as WebSocket, {
          userId: `u${i}`,
          sessionId: `s${i}`,
          address: '127.0.0.1',
        }),
      ),
    );
    const pinged = () => sockets.filter((socket) => socket.pings > 0).length;
    // A twentieth of the interval: a twentieth of the sockets, not all of them at once.
    await vi.advanceTimersByTimeAsync(100);
    expect(pinged()).toBe(5);
    await vi.advanceTimersByTimeAsync(1_900);
    expect(pinged()).toBe(100);
    expect(sockets.every((socket) => socket.pings === 1)).toBe(true);
    // All answer but the first; the next pass cuts it and pings the others once more.
    for (const socket of sockets.slice(1)) socket.emit('pong');
    await vi.advanceTimersByTimeAsync(2_200);
    expect(sockets[0]!.terminated).toBe(true);
    expect(sockets.slice(1).every((socket) => socket.pings === 2 && !socket.terminated)).toBe(true);
    expect(connections.count()).toBe(99);
    await connections.stop();
  });
});
