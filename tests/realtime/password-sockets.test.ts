/**
 * Rights follow the socket when a password changes: the sockets of the person's other sessions
 * close at once (4401), on every instance, without waiting for the heartbeat's sweep; the
 * socket of the session that changed it stays. A reset by mailed link closes them all.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUser, defaultPassword, signIn } from '../support/fixtures.ts';

const newPassword = 'a brand new passphrase';
let t: TestApp;
let other: TestApp;

beforeAll(async () => {
  // A heartbeat far longer than the test: only the notice can close the sockets in time.
  const env = { WS_HEARTBEAT_MS: '600000' };
  t = await createTestApp({ backgroundJobs: false, env });
  other = await createTestApp({ backgroundJobs: false, env, database: t.database });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  await other.app.listen({ port: 0, host: '127.0.0.1' });
}, 60_000);
afterAll(async () => {
  await other.close();
  await t.close();
});

/** A socket on an instance, with the code it closes with. */
async function open(app: TestApp, cookie: string) {
  const port = (app.app.server.address() as AddressInfo).port;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie } });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    socket.once('message', resolve);
    socket.once('error', reject);
  });
  return { socket, closed };
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still open'> {
  return Promise.race([
    promise,
    new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms)),
  ]);
}

describe('sockets after a password change', () => {
  it('close for the other sessions on every instance, and stay for this one', async () => {
    const user = await createUser(t.app);
    const here = await signIn(t.app, user.email);
    const elsewhere = await signIn(t.app, user.email);
    const mine = await open(t, here);
    const theirs = await open(other, elsewhere);

    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: here },
      payload: { currentPassword: defaultPassword, newPassword },
    });
    expect(changed.statusCode).toBe(200);
    expect(await within(theirs.closed, 2_000)).toBe(4401);
    expect(await within(mine.closed, 300)).toBe('still open');
    mine.socket.close();
  });

  it('close for every session after a reset by mailed link', async () => {
    const user = await createUser(t.app);
    const sockets = [
      await open(t, await signIn(t.app, user.email)),
      await open(other, await signIn(t.app, user.email)),
    ];
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: user.email },
    });
    await t.app.auth.settled();
    const link = /\/password-reset\/(\S+)/.exec(t.mails.at(-1)!.text)!;
    const done = await other.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/complete',
      payload: { token: link[1], password: newPassword },
    });
    expect(done.statusCode).toBe(200);
    for (const { closed } of sockets) expect(await within(closed, 2_000)).toBe(4401);
  });
});
