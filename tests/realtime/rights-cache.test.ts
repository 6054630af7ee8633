/**
 * The sessions and memberships of people on a socket are kept in memory (rights-cache.ts): these
 * tests try to make it serve what is no longer true. Changes made straight in the database (no
 * code path to announce them) reach it through the triggers of migration 0015; a person's own
 * change is seen by their next request; a read that raced an invalidation keeps nothing.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { queryRows, type User } from '@cercle/db';
import type { Membership } from '@cercle/shared';
import { createRightsCache } from '../../server/src/modules/auth/rights-cache.ts';
import { rightsChannel } from '../../server/src/modules/events/rights-notice.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assemblyWithPeople, caller, type Person } from '../support/assembly-fixture.ts';
import { connectAs, isType } from '../support/socket-client.ts';

describe('the rights cache', () => {
  const known = (userId: string, sessionId = `s-${userId}`) => ({
    session: { id: sessionId, userId },
    user: { id: userId } as User,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  const member = (assemblyId: string) =>
    [{ assemblyId, role: 'member', votingRight: true }] as Membership[];

  it('keeps only people on a socket, and forgets them with their last socket', async () => {
    const cache = createRightsCache();
    cache.keepSession(known('ana'), cache.stamp());
    expect(cache.session('s-ana')).toBeNull();
    cache.connected('ana');
    cache.connected('ana');
    cache.keepSession(known('ana'), cache.stamp());
    expect(cache.session('s-ana')?.session.userId).toBe('ana');
    let reads = 0;
    const load = async () => ((reads += 1), member('a1'));
    await cache.memberships('ana', load);
    await cache.memberships('ana', load);
    expect(reads).toBe(1);
    cache.disconnected('ana');
    expect(cache.session('s-ana')).not.toBeNull();
    cache.disconnected('ana');
    expect(cache.session('s-ana')).toBeNull();
    await cache.memberships('ana', load);
    expect(reads).toBe(2);
  });

  it('a read that started before an invalidation stores nothing', async () => {
    const cache = createRightsCache();
    cache.connected('ben');
    const stamp = cache.stamp();
    cache.forget('ben'); // the change commits while the session is being read
    cache.keepSession(known('ben'), stamp);
    expect(cache.session('s-ben')).toBeNull();
    let release!: () => void;
    const slow = cache.memberships(
      'ben',
      () => new Promise<Membership[]>((resolve) => (release = () => resolve(member('old')))),
    );
    cache.forget('ben');
    release();
    expect(await slow).toEqual(member('old'));
    let reads = 0;
    await cache.memberships('ben', async () => ((reads += 1), member('new')));
    expect(reads).toBe(1);
  });

  it('reads again after its time to live, and never serves an expired session', () => {
    let clock = 1_000_000;
    const cache = createRightsCache({ ttlMs: 30_000, now: () => clock });
    cache.connected('cy');
    cache.keepSession(known('cy'), cache.stamp());
    clock += 29_000;
    expect(cache.session('s-cy')).not.toBeNull();
    clock += 2_000;
    expect(cache.session('s-cy')).toBeNull();
    const ending = { ...known('cy', 's-cy2'), expiresAt: new Date(clock + 1_000) };
    cache.keepSession(ending, cache.stamp());
    clock += 1_000;
    expect(cache.session('s-cy2')).toBeNull();
  });
});

describe('rights kept in memory follow the database', () => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ backgroundJobs: false });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    call = caller(t.app);
  }, 60_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  /** Puts the person on a socket, which makes their rights worth keeping. */
  async function onSocket(who: Person) {
    const port = (t.app.server.address() as AddressInfo).port;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, {
      headers: { cookie: who.cookie },
    });
    sockets.push(socket);
    await new Promise((resolve) => socket.once('message', resolve));
    return socket;
  }

  /**
   * Listens for the rights notice about `userId`; what it answers resolves once this instance
   * heard it (the server's own listener runs before this one: same connection, same order).
   */
  async function noticeFor(userId: string) {
    let heard!: () => void;
    const arrived = new Promise<void>((resolve) => (heard = resolve));
    const stop = await t.app.database.listen(rightsChannel, (payload) => {
      if (payload === userId) heard();
    });
    return () => arrived.finally(stop);
  }

  /**
   * A socket of the person following the assembly, once its subscription is taken: that waits for
   * the socket's session check, which read the session again before it was handed over.
   */
  async function following(who: Person, assemblyId: string) {
    const client = await connectAs(t.app, who);
    sockets.push(client.socket);
    client.subscribe(assemblyId);
    await client.until(isType('subscribed'));
    return client;
  }

  it('a new socket reads its session once: the upgrade’s read is kept for the socket', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const [person] = voters as [Person];
    const before = t.app.sessions.reads();
    await following(person, assembly.id);
    expect(t.app.sessions.reads() - before).toBe(1);
    // And the person's requests are served from memory while the socket is open.
    expect((await call(person, 'GET', '/api/auth/me')).status).toBe(200);
    expect(t.app.sessions.reads() - before).toBe(1);
  });

  it('a session extended by the upgrade that reads it is handed to the socket too', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const [person] = voters as [Person];
    // In the second half of its life: the upgrade's read extends it (a write the database's
    // rights trigger announced, so that the read was not kept and the socket read it again).
    // Cutting the session short here is announced too: its notice must be in before the socket
    // opens, or it lands on the kept session and the socket reads it again (a flake in CI).
    const shortened = await noticeFor(person.id);
    await t.app.db.execute(
      sql`update sessions set expires_at = now() + interval '1 day' where user_id = ${person.id}`,
    );
    await shortened();
    const before = t.app.sessions.reads();
    await following(person, assembly.id);
    expect(t.app.sessions.reads() - before).toBe(1);
  });

  it('sessions and memberships asked for in one turn are read in one statement, extended in one', async () => {
    // What a meeting's sockets do when they open together (a load generator's 200 upgrades at
    // once reach the server in a few turns; a test's sockets, in the same process, in one each).
    const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 12 });
    const ids = voters.map((voter) => voter.id);
    // Every session in the second half of its life: each read also extends it.
    await t.app.db.execute(
      sql`update sessions set expires_at = now() + interval '1 day'
          where user_id = any(${sql.param(ids)}::text[])`,
    );
    const sent = t.app.database.statementsSent;
    let before = sent?.() ?? 0;
    const validated = await Promise.all(
      voters.map((voter) => t.app.sessions.validate(voter.cookie)),
    );
    expect(validated.map(({ session }) => session?.userId)).toEqual(ids);
    expect(validated.every(({ setCookie }) => setCookie?.startsWith('cercle_session='))).toBe(true);
    // One read and one extension for the twelve: twenty-four before.
    if (sent) expect(sent() - before).toBe(2);
    const stored = await queryRows<{ days: number }>(
      t.app.db,
      sql`select extract(epoch from expires_at - now()) / 86400 as days from sessions
          where user_id = any(${sql.param(ids)}::text[])`,
    );
    expect(stored).toHaveLength(12);
    for (const { days } of stored) expect(Number(days)).toBeGreaterThan(29);

    before = sent?.() ?? 0;
    const memberships = await Promise.all(ids.map((id) => t.app.auth.membershipsOf(id)));
    for (const own of memberships) {
      expect(own.map((membership) => membership.assemblyId)).toEqual([assembly.id]);
    }
    if (sent) expect(sent() - before).toBe(1);
  });

  it('a session cut short by hand ends its socket: only an extension goes unannounced', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const [person] = voters as [Person];
    const client = await following(person, assembly.id);
    const closed = new Promise<number>((resolve) => client.socket.once('close', resolve));
    await t.app.db.execute(
      sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${person.id}`,
    );
    expect(await closed).toBe(4401);
  });

  it('a session deleted by hand as its socket opens ends the socket, kept read or not', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const [person] = voters as [Person];
    const client = await connectAs(t.app, person);
    sockets.push(client.socket);
    // The upgrade read the session; delete it straight in the database while the socket
    // registers: whether the notice comes before or after the kept read, the socket ends.
    await t.app.db.execute(sql`delete from sessions where user_id = ${person.id}`);
    const closed = new Promise<number>((resolve) => client.socket.once('close', resolve));
    client.subscribe(assembly.id);
    expect(await closed).toBe(4401);
    expect((await call(person, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('a membership ended or a session deleted by hand is obeyed at once', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 2 });
    const [leaving, signedOut] = voters as [Person, Person];
    await onSocket(leaving);
    await onSocket(signedOut);
    // Members lists are for members: a read that asks for the membership.
    const page = `/api/assemblies/${assembly.id}/members`;
    // Read twice: the second answer comes from memory.
    for (let i = 0; i < 2; i += 1) {
      expect((await call(leaving, 'GET', page)).status).toBe(200);
      expect((await call(signedOut, 'GET', page)).status).toBe(200);
    }
    await t.app.db.execute(
      sql`delete from members where user_id = ${leaving.id} and assembly_id = ${assembly.id}`,
    );
    await t.app.db.execute(sql`delete from sessions where user_id = ${signedOut.id}`);
    await expect.poll(async () => (await call(leaving, 'GET', page)).status).toBe(403);
    await expect.poll(async () => (await call(signedOut, 'GET', page)).status).toBe(401);
  });

  it('a user changed by hand is read again (an admin named straight in the database)', async () => {
    const { voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const [person] = voters as [Person];
    await onSocket(person);
    expect((await call(person, 'GET', '/api/auth/me')).body.user.isAdmin).toBe(false);
    await t.app.db.execute(sql`update users set is_admin = true where id = ${person.id}`);
    await expect
      .poll(async () => (await call(person, 'GET', '/api/auth/me')).body.user.isAdmin)
      .toBe(true);
  });

  it('a person’s own change is seen by their next request, without waiting for the notice', async () => {
    const { voters } = await assemblyWithPeople(t.app, { voters: 1 });
    const [person] = voters as [Person];
    await onSocket(person);
    expect((await call(person, 'GET', '/api/auth/me')).body.user.name).toBe(person.name);
    const renamed = await call(person, 'PATCH', '/api/auth/me', { name: 'Nouveau Nom' });
    expect(renamed.status).toBe(200);
    expect((await call(person, 'GET', '/api/auth/me')).body.user.name).toBe('Nouveau Nom');
  });
});
