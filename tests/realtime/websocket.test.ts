import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '@cercle/shared';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUser, signIn } from '../support/fixtures.ts';

let t: TestApp;
let wsBase: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  wsBase = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

/** Opens a socket and collects every message and the close code. */
function connect(headers: Record<string, string> = {}) {
  const socket = new WebSocket(`${wsBase}/api/ws`, { headers });
  const messages: ServerMessage[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as ServerMessage);
    waiters.splice(0).forEach((wake) => wake());
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const rejected = new Promise<number>((resolve) =>
    socket.on('unexpected-response', (request, response) => {
      request.destroy();
      resolve(response.statusCode ?? 0);
    }),
  );
  socket.on('error', () => {});
  async function next(count: number) {
    while (messages.length < count) await new Promise<void>((wake) => waiters.push(wake));
    return messages[count - 1]!;
  }
  return { socket, messages, next, closed, rejected };
}

describe('/api/ws', () => {
  it('greets a signed-in user and answers pings', async () => {
    const user = await createUser(t.app, { name: 'Hugo Lambert' });
    const client = connect({ cookie: await signIn(t.app, user.email) });
    expect(await client.next(1)).toEqual({
      type: 'hello',
      user: { id: user.id, name: 'Hugo Lambert' },
    });
    client.socket.send(JSON.stringify({ type: 'ping', id: 'p1' }));
    expect(await client.next(2)).toEqual({ type: 'pong', id: 'p1' });
    client.socket.close();
  });

  it('answers a malformed message with an error and keeps the socket open', async () => {
    const user = await createUser(t.app);
    const client = connect({ cookie: await signIn(t.app, user.email) });
    await client.next(1);
    client.socket.send('not json');
    expect(await client.next(2)).toMatchObject({ type: 'error', code: 'validation.invalid' });
    client.socket.send(JSON.stringify({ type: 'subscribe-to-everything' }));
    expect(await client.next(3)).toMatchObject({ type: 'error', code: 'validation.invalid' });
    client.socket.send(JSON.stringify({ type: 'ping' }));
    expect(await client.next(4)).toMatchObject({ type: 'pong' });
    client.socket.close();
  });

  it('closes an unauthenticated socket with 4401', async () => {
    const client = connect();
    expect(await client.next(1)).toMatchObject({ type: 'error', code: 'auth.unauthenticated' });
    expect(await client.closed).toBe(4401);
  });

  it('closes a socket with a forged cookie with 4401', async () => {
    const client = connect({ cookie: 'cercle_session=forgedforgedforgedforged' });
    expect(await client.closed).toBe(4401);
  });

  it('refuses an upgrade from a foreign origin (cross-site websocket hijacking)', async () => {
    const user = await createUser(t.app);
    const client = connect({
      cookie: await signIn(t.app, user.email),
      origin: 'https://attacker.example',
    });
    expect(await client.rejected).toBe(403);
  });

  it('closes sockets with 1001 when the server shuts down', async () => {
    const other = await createTestApp();
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (other.app.server.address() as AddressInfo).port;
    const user = await createUser(other.app);
    const cookie = await signIn(other.app, user.email);
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie } });
    await new Promise((resolve) => socket.once('message', resolve));
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await other.close();
    expect(await closed).toBe(1001);
  });
});
