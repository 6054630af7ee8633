/**
 * Rights follow the socket. A websocket is authorised when it subscribes; these tests change the
 * rights afterwards (membership removed, role changed, session ended or expired) and check that
 * within a second nothing more reaches it, while the sockets of people who keep their rights go
 * on receiving. Also: the caps on sockets per person and per address, a socket that stops
 * answering pings, and a request body sent drip by drip.
 */
import { connect as connectTcp } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '@cercle/shared';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assemblyWithPeople, caller, type Person } from '../support/assembly-fixture.ts';

const heartbeatMs = 200;
let t: TestApp;
/** A second instance on the same database: what one decides, the other's sockets obey. */
let other: TestApp;
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  const env = {
    WS_MAX_PER_USER: '3',
    WS_MAX_PER_ADDRESS: '40',
    WS_HEARTBEAT_MS: String(heartbeatMs),
    REQUEST_TIMEOUT_MS: '600',
  };
  t = await createTestApp({ backgroundJobs: false, env });
  other = await createTestApp({ backgroundJobs: false, env, database: t.database });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  await other.app.listen({ port: 0, host: '127.0.0.1' });
  call = caller(t.app);
}, 60_000);
afterAll(async () => {
  await other.close();
  await t.close();
});

/** Every socket a test opened is closed after it, even when the test failed half-way. */
const opened: WebSocket[] = [];
afterEach(async () => {
  for (const socket of opened.splice(0)) socket.close();
  await expect
    .poll(() => t.app.connections.count() + other.app.connections.count(), { timeout: 3_000 })
    .toBe(0);
});

/** Waits for `promise`, or fails naming `what` after `ms`: a wait that hangs says where. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const portOf = (app: TestApp) => (app.app.server.address() as AddressInfo).port;

/** A socket on an instance, collecting what it receives and how it ends. */
function open(app: TestApp, cookie: string, options: WebSocket.ClientOptions = {}) {
  const socket = new WebSocket(`ws://127.0.0.1:${portOf(app)}/api/ws`, {
    headers: { cookie },
    ...options,
  });
  opened.push(socket);
  const messages: ServerMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as ServerMessage));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const refused = new Promise<{ status: number; body: string }>((resolve) =>
    socket.on('unexpected-response', (request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      // The server ends a refused upgrade's connection right after its answer: the response
      // may close without 'end' (seen twice in CI, where the test then waited for ever).
      const done = () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      };
      response.on('end', done);
      response.on('close', done);
    }),
  );
  const until = async (test: () => boolean, timeout = 3_000) => {
    await expect.poll(test, { timeout, interval: 20 }).toBe(true);
  };
  // Setting up is not what these tests time: on a loaded machine with the embedded database, a
  // first `hello` once took more than 3 s.
  const follow = async (assemblyId: string) => {
    await until(() => messages.some((m) => m.type === 'hello'), 10_000);
    socket.send(JSON.stringify({ type: 'subscribe', topic: `assembly:${assemblyId}` }));
    await until(() => messages.some((m) => m.type === 'subscribed'), 10_000);
  };
  const events = () => messages.filter((m) => m.type === 'event');
  return { socket, messages, closed, refused, until, follow, events };
}

/** Something happens in the assembly: a new motion, seen by whoever still follows it. */
async function somethingHappens(who: Person, assemblyId: string, title: string) {
  const response = await call(who, 'POST', `/api/assemblies/${assemblyId}/motions`, {
    title,
    text: 'Un texte pour que l’assemblée ait un événement de plus.',
  });
  expect(response.status).toBe(201);
}

describe('rights follow the socket', () => {
  it('a removed member stops receiving within a second, on every instance', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 2 });
    const [leaving, staying] = voters as [Person, Person];
    const here = open(t, leaving.cookie);
    const there = open(other, leaving.cookie);
    const witness = open(other, staying.cookie);
    for (const socket of [here, there, witness]) await socket.follow(assembly.id);

    await somethingHappens(secretary, assembly.id, 'Avant le départ');
    for (const socket of [here, there, witness])
      await socket.until(() => socket.events().length === 1);

    const removed = await call(
      secretary,
      'DELETE',
      `/api/assemblies/${assembly.id}/members/${leaving.id}`,
    );
    expect(removed.status).toBe(200);
    // Timed from the answer (the removal is committed by then), not from a request that a
    // loaded machine may take its time to serve.
    const removedAt = Date.now();
    for (const socket of [here, there]) {
      await socket.until(() => socket.messages.some((m) => m.type === 'unsubscribed'), 1_000);
    }
    expect(Date.now() - removedAt).toBeLessThan(1_000);

    const seenWhenRemoved = [here.events().length, there.events().length];
    await somethingHappens(secretary, assembly.id, 'Après le départ');
    await witness.until(() => witness.events().length === 3); // the removal, then the motion
    // The departed member's sockets got the removal at most, never what came after it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([here.events().length, there.events().length]).toEqual(seenWhenRemoved);
    for (const count of seenWhenRemoved) expect(count).toBeLessThanOrEqual(2);
    // And they may not follow again.
    here.socket.send(JSON.stringify({ type: 'subscribe', topic: `assembly:${assembly.id}` }));
    await here.until(() =>
      here.messages.some((m) => m.type === 'error' && m.code === 'auth.forbidden'),
    );
    for (const socket of [here, there, witness]) socket.socket.close();
  });

  it('a role change keeps what the new role may still follow', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const promoted = voters[0]!;
    const socket = open(other, promoted.cookie);
    await socket.follow(assembly.id);
    const changed = await call(
      secretary,
      'PATCH',
      `/api/assemblies/${assembly.id}/members/${promoted.id}`,
      { role: 'secretary' },
    );
    expect(changed.status).toBe(200);
    await somethingHappens(secretary, assembly.id, 'Après la promotion');
    // The role change, then the motion.
    await socket.until(() => socket.events().length === 2);
    expect(socket.messages.some((m) => m.type === 'unsubscribed')).toBe(false);
    socket.socket.close();
  });

  it('a session that ends or expires closes its sockets, and only those', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const member = voters[0]!;
    const doomed = open(t, member.cookie);
    const spared = open(t, secretary.cookie);
    await doomed.follow(assembly.id);
    await spared.follow(assembly.id);
    // Expired behind everyone's back (no notice): the heartbeat's sweep finds it.
    await t.app.db.execute(
      sql`update sessions set expires_at = now() - interval '1 second'
          where user_id = ${member.id}`,
    );
    expect(await doomed.closed).toBe(4401);
    await somethingHappens(secretary, assembly.id, 'Après l’expiration');
    await spared.until(() => spared.events().length === 1);
    expect(spared.socket.readyState).toBe(WebSocket.OPEN);
    spared.socket.close();
  });

  it('caps sockets per person (the oldest goes) and per address (a coded 429)', async () => {
    const { voters } = await within(
      30_000,
      'signing one person in',
      assemblyWithPeople(t.app, { voters: 1 }),
    );
    const person = voters[0]!;
    // One after the other: opened together, they may reach the server in any order, and the
    // oldest is the first the server took, not the first in this list (a failure seen once).
    const tabs: ReturnType<typeof open>[] = [];
    for (let i = 0; i < 3; i += 1) {
      const tab = open(t, person.cookie);
      await tab.until(() => tab.messages.some((m) => m.type === 'hello'));
      tabs.push(tab);
    }
    const fourth = open(t, person.cookie);
    expect(await within(10_000, 'the oldest tab closed by the fourth', tabs[0]!.closed)).toBe(4429);
    await fourth.until(() => fourth.messages.some((m) => m.type === 'hello'));
    for (const tab of [...tabs.slice(1), fourth])
      expect(tab.socket.readyState).toBe(WebSocket.OPEN);
    for (const tab of [...tabs, fourth]) tab.socket.close();

    // The address cap counts everyone's sockets from one address (a hall behind one router).
    const { voters: hall } = await within(
      60_000,
      'signing fifteen people in',
      assemblyWithPeople(other.app, { voters: 15 }),
    );
    const sockets: ReturnType<typeof open>[] = [];
    const outcomes: string[] = [];
    for (const [index, voter] of [...hall, ...hall, ...hall].entries()) {
      const s = open(other, voter.cookie);
      sockets.push(s);
      outcomes.push(
        await new Promise<string>((resolve) => {
          s.socket.once('open', () => resolve('open'));
          void s.refused.then((refusal) => resolve(`${refusal.status} ${refusal.body}`));
          // Neither open nor answered: say so, rather than wait for ever.
          void s.closed.then((code) => setTimeout(() => resolve(`closed ${code}`), 1_000));
          setTimeout(
            () => resolve(`no answer to socket ${index + 1} (readyState ${s.socket.readyState})`),
            10_000,
          );
        }),
      );
    }
    const refusals = outcomes.filter((outcome) => outcome !== 'open');
    expect(outcomes.filter((outcome) => outcome === 'open')).toHaveLength(40);
    expect(refusals).toHaveLength(5);
    for (const refusal of refusals) {
      expect(refusal).toMatch(/^429 /);
      expect(JSON.parse(refusal.slice(4)).error.code).toBe('realtime.too_many_sockets');
    }
    for (const s of sockets) s.socket.close();
    // Sixteen people signed in (a password hash and check each) and 47 sockets: on a loaded CI
    // machine this took over the default 30 s once.
  }, 120_000);

  it('cuts a socket that stops answering pings within two heartbeats', async () => {
    const { voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const silent = open(t, voters[0]!.cookie, { autoPong: false });
    await silent.until(() => silent.messages.some((m) => m.type === 'hello'));
    const openedAt = Date.now();
    await silent.closed;
    // Two heartbeats, with room for a loaded machine's late timers.
    expect(Date.now() - openedAt).toBeLessThan(2 * heartbeatMs + 1_500);
  });

  it('cuts a request whose body comes drip by drip', async () => {
    const socket = connectTcp(portOf(t), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const startedAt = Date.now();
    socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 200\r\n\r\n{"email":',
    );
    const drip = setInterval(() => socket.write(' '), 100);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    // The drip may still be writing when the server closes after its 408: the reset that follows
    // is expected (seen on Node 24), and the answer received before it is what the test checks.
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('close', resolve));
    clearInterval(drip);
    // 600 ms allowed, checked every 600 ms; with room for a loaded machine.
    expect(Date.now() - startedAt).toBeLessThan(4_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
