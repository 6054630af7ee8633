import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { keepTcpSocket, textFrame, writeFrame } from '../../server/src/realtime/wire-frame.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A websocket server and one client; the server's socket has its TCP socket kept, or not. */
async function pair({ keep = true } = {}) {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const serverSide = new Promise<WebSocket>((resolve) =>
    wss.on('connection', (socket, request) => {
      if (keep) keepTcpSocket(socket, request.socket);
      resolve(socket);
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (data, binary) => {
    expect(binary).toBe(false);
    received.push(data.toString());
  });
  await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
  cleanups.push(
    () => new Promise<void>((resolve) => http.close(() => resolve())),
    () => wss.close(),
    () => client.terminate(),
  );
  return { server: await serverSide, client, received };
}

async function until(condition: () => boolean) {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error('the client did not receive every message in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('tally frames built once and written on the TCP socket', () => {
  it('reach a standard client intact at every length class, in order with ws.send messages', async () => {
    const { server, received } = await pair();
    // The three header forms of RFC 6455: 7-bit, 16-bit and 64-bit lengths, at their edges.
    const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];
    const texts = lengths.map((length, index) => `${index}`.padEnd(length, 'é').slice(0, length));
    const expected: string[] = [];
    for (const text of texts) {
      const payload = Buffer.from(text);
      writeFrame(server, textFrame(payload), payload);
      expected.push(text);
      // Interleaved with what ws itself sends: nothing overtakes anything.
      server.send(`after ${expected.length}`);
      expected.push(`after ${expected.length}`);
    }
    await until(() => received.length === expected.length);
    expect(received).toEqual(expected);
  });

  it('a socket whose TCP socket is not known gets the message through ws', async () => {
    const { server, received } = await pair({ keep: false });
    const payload = Buffer.from('{"type":"tally"}');
    writeFrame(server, textFrame(payload), payload);
    await until(() => received.length === 1);
    expect(received).toEqual(['{"type":"tally"}']);
  });

  it('what is written counts in bufferedAmount, so a reader too slow is still seen', async () => {
    const { server, client } = await pair();
    client.pause();
    const payload = Buffer.alloc(1024 * 1024, 'x');
    const frame = textFrame(payload);
    for (let i = 0; i < 64; i += 1) writeFrame(server, frame, payload);
    expect(server.bufferedAmount).toBeGreaterThan(1024 * 1024);
    client.resume();
  });
});
