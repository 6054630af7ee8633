import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@cercle/db';
import type WebSocket from 'ws';
import { createTestApp, type TestApp } from '../support/app.ts';
import {
  assemblyWithPeople,
  caller,
  openVoteOnNewMotion,
  type Person,
} from '../support/assembly-fixture.ts';
import { tallyRoundSpacingMs } from '../../server/src/realtime/hub.ts';
import { createTestDatabase } from '../support/database.ts';
import { connectAs, isType } from '../support/socket-client.ts';

let t: TestApp;
let call: ReturnType<typeof caller>;
beforeAll(async () => {
  t = await createTestApp({ backgroundJobs: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  call = caller(t.app);
});
afterAll(() => t.close());

const connect = (who: Person, app = t) => connectAs(app.app, who);

describe('live events', () => {
  it('streams an assembly’s events to its members as they commit', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app);
    const client = await connect(voters[1]!);
    client.subscribe(assembly.id);
    const subscribed = await client.until(isType('subscribed'));
    await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Motion en direct',
      text: 'Texte.',
      submit: true,
    });
    const submitted = await client.until(
      isType('event', (m) => m.event.type === 'motion.submitted'),
    );
    expect(submitted.event.seq).toBeGreaterThan(subscribed.seq);
    expect(submitted.event.payload).toMatchObject({ status: 'admitted' });
    client.socket.close();
  });

  it('replays what a reconnecting client missed, in order, without gaps or repeats', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app);
    const first = await connect(voters[1]!);
    first.subscribe(assembly.id);
    const { seq } = await first.until(isType('subscribed'));
    first.socket.close();
    for (const title of ['Première', 'Deuxième', 'Troisième']) {
      await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
        title: `Motion ${title}`,
        text: 'Texte.',
        submit: true,
      });
    }
    const again = await connect(voters[1]!);
    again.subscribe(assembly.id, seq);
    const resubscribed = await again.until(isType('subscribed'));
    const replayed = again.messages.filter(isType('event')).map((m) => m.event.seq);
    expect(replayed).toEqual(Array.from({ length: resubscribed.seq - seq }, (_, i) => seq + i + 1));
    again.socket.close();
  });

  it('subscribes sockets that ask together with one read of the head, none missing an event committed meanwhile', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 12 });
    const clients = await Promise.all(voters.map((voter) => connect(voter)));
    const subscribeAll = () => {
      for (const client of clients) {
        client.messages.length = 0;
        client.subscribe(assembly.id);
      }
      return Promise.all(clients.map((client) => client.until(isType('subscribed'))));
    };
    // Once, so that their memberships are kept: what follows reads nothing but the head.
    await subscribeAll();
    const sent = t.app.database.statementsSent;
    const before = sent?.() ?? 0;
    await subscribeAll();
    // One read for the twelve (two if they straddled a turn of the event loop; the hub's sweep
    // may read the heads once meanwhile): twelve before they were shared.
    if (sent) expect(sent() - before).toBeLessThanOrEqual(3);

    // Events committed while they subscribe reach each of them once, in order, with no gap.
    const writes = Promise.all(
      ['Une', 'Deux'].map((title) =>
        call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
          title: `Motion ${title}`,
          text: 'Texte.',
          submit: true,
        }),
      ),
    );
    const subscribed = await subscribeAll();
    await writes;
    const [{ head }] = (await queryRows<{ head: number }>(
      t.app.db,
      sql`select max(seq)::int as head from events where assembly_id = ${assembly.id}`,
    )) as [{ head: number }];
    for (const [index, client] of clients.entries()) {
      // What came before `subscribed` is at most its seq (the old subscription's, the replay's).
      const from = subscribed[index]!.seq;
      if (from < head) await client.until(isType('event', (m) => m.event.seq === head));
      const after = client.messages.slice(client.messages.indexOf(subscribed[index]!) + 1);
      const seqs = after.filter(isType('event')).map((m) => m.event.seq);
      expect(seqs).toEqual(Array.from({ length: head - from }, (_, i) => from + i + 1));
    }
    for (const client of clients) client.socket.close();
  });

  it('refuses to stream an assembly the person does not belong to', async () => {
    const { assembly } = await assemblyWithPeople(t.app);
    const other = await assemblyWithPeople(t.app);
    const client = await connect(other.voters[0]!);
    client.subscribe(assembly.id);
    expect(await client.until(isType('error'))).toMatchObject({ code: 'auth.forbidden' });
    client.socket.close();
  });
});

describe('sockets that leave', () => {
  it('leave nothing behind, even when they closed before their subscription was taken', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app);
    const before = t.app.realtime.subscriberCount();
    const kept = await connect(voters[0]!);
    kept.subscribe(assembly.id);
    await kept.until(isType('subscribed'));
    expect(t.app.realtime.subscriberCount()).toBe(before + 1);
    // Closed (and its close handled) while its rights were being checked: the hub is asked
    // afterwards, with a replay from the start to read.
    const closed = { readyState: 3, OPEN: 1, CLOSED: 3 } as unknown as WebSocket;
    t.app.realtime.unsubscribe(closed);
    await t.app.realtime.subscribe(closed, assembly.id, 0);
    expect(t.app.realtime.subscriberCount()).toBe(before + 1);
    kept.socket.close();
    await expect.poll(() => t.app.realtime.subscriberCount()).toBe(before);
  });
});

describe('lost notices', () => {
  it('still delivers an event whose notice never came, in order, within seconds', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app);
    const client = await connect(voters[1]!);
    client.subscribe(assembly.id);
    const { seq } = await client.until(isType('subscribed'));
    // Written straight to the table: no NOTIFY, as if the notice had been lost.
    await t.app.db.execute(sql`
      insert into events (assembly_id, seq, type, actor_id, payload, created_at, prev_hash, hash)
      values (${assembly.id}, ${seq + 1}, 'test.silent', null, '{}'::jsonb, now(), 'x', 'y')`);
    await t.app.db.execute(sql`
      insert into event_chains (assembly_id, seq, hash) values (${assembly.id}, ${seq + 1}, 'y')
      on conflict (assembly_id) do update set seq = excluded.seq`);
    const silent = await client.until(
      isType('event', (m) => m.event.type === 'test.silent'),
      8_000,
    );
    expect(silent.event.seq).toBe(seq + 1);
    client.socket.close();
  });
});

describe('live tallies', () => {
  it('pushes coalesced tallies, and only participation for secret polls', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 20 });
    const watcher = await connect(secretary);
    watcher.subscribe(assembly.id);
    await watcher.until(isType('subscribed'));
    for (const secret of [false, true]) {
      const pollId = await openVoteOnNewMotion(t.app, {
        assemblyId: assembly.id,
        author: voters[0]!,
        secretary,
        title: 'Vote en direct',
        secret,
      });
      const firstBallotAt = Date.now();
      await Promise.all(
        voters.map((voter, i) =>
          call(voter, 'POST', `/api/polls/${pollId}/ballots`, {
            choice: i % 2 ? 'yes' : 'no',
            clientBallotId: randomUUID(),
          }),
        ),
      );
      const last = await watcher.until(
        isType('tally', (m) => m.pollId === pollId && m.participation === 20),
      );
      expect(last.totals).toEqual(secret ? null : { yes: 10, no: 10 });
      const lastFrameAt = Date.now();
      const frames = watcher.messages.filter(isType('tally', (m) => m.pollId === pollId)).length;
      // Coalesced: rounds start tallyRoundSpacingMs apart at least, so however slow the machine,
      // no more frames than rounds could start while the 20 ballots came in, and one from when
      // the poll opened (a frame per ballot otherwise, as fast as their batches commit).
      const rounds = 1 + Math.floor((lastFrameAt - firstBallotAt) / tallyRoundSpacingMs);
      expect(frames).toBeLessThanOrEqual(1 + rounds);
      await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    }
    watcher.socket.close();
  });
});

describe('live tallies in a meeting', () => {
  it('add a site’s show-of-hands counts to the electronic ballots', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 3 });
    const meeting = (
      await call(secretary, 'POST', `/api/assemblies/${assembly.id}/meetings`, {
        title: 'Séance en salle',
        mode: 'in_person',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      })
    ).body.meeting;
    await call(secretary, 'POST', `/api/meetings/${meeting.id}/start`);
    const site = meeting.sites[0];
    for (const who of [secretary, ...voters])
      await call(who, 'POST', `/api/meetings/${meeting.id}/attendance`, {
        code: site.checkInCode,
      });
    const motion = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Vote à main levée',
      text: 'Texte.',
      submit: true,
    });
    const pollId = (
      await call(secretary, 'POST', '/api/polls', {
        motionId: motion.body.motion.id,
        kind: 'vote',
        rule: 'simple',
        meetingId: meeting.id,
      })
    ).body.poll.id;
    await call(secretary, 'POST', `/api/polls/${pollId}/open`);
    const watcher = await connect(secretary);
    watcher.subscribe(assembly.id);
    await watcher.until(isType('subscribed'));

    await call(voters[0]!, 'POST', `/api/polls/${pollId}/ballots`, {
      choice: 'yes',
      clientBallotId: randomUUID(),
    });
    await watcher.until(isType('tally', (m) => m.pollId === pollId && m.participation === 1));
    const counted = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
      siteId: site.id,
      counts: [
        { choice: 'no', count: 2 },
        { choice: 'abstain', count: 1 },
      ],
    });
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);
    const withHands = await watcher.until(
      isType('tally', (m) => m.pollId === pollId && m.totals?.no === 2),
    );
    expect(withHands.totals).toEqual({ yes: 1, no: 2, abstain: 1 });
    watcher.socket.close();
  });
});

describe('two instances on one PostgreSQL', () => {
  // PGlite serves one process; the cross-instance path exists on PostgreSQL (CI runs it there).
  it('deliver each other’s events and tallies', async ({ skip }) => {
    skip(!process.env.TEST_DATABASE_URL, 'two instances need PostgreSQL: set TEST_DATABASE_URL');
    const database = await createTestDatabase();
    const one = await createTestApp({ database, backgroundJobs: false });
    const two = await createTestApp({ database, backgroundJobs: false });
    try {
      await two.app.listen({ port: 0, host: '127.0.0.1' });
      const { assembly, secretary, voters } = await assemblyWithPeople(one.app);
      const client = await connect(voters[1]!, two);
      client.subscribe(assembly.id);
      await client.until(isType('subscribed'));
      const callOne = caller(one.app);
      const motion = await callOne(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
        title: 'Par l’autre instance',
        text: 'Texte.',
        submit: true,
      });
      await client.until(isType('event', (m) => m.event.type === 'motion.submitted'));
      const poll = await callOne(secretary, 'POST', '/api/polls', {
        motionId: motion.body.motion.id,
        kind: 'vote',
        rule: 'simple',
      });
      await callOne(secretary, 'POST', `/api/polls/${poll.body.poll.id}/open`);
      await callOne(voters[0]!, 'POST', `/api/polls/${poll.body.poll.id}/ballots`, {
        choice: 'yes',
        clientBallotId: randomUUID(),
      });
      const tally = await client.until(isType('tally', (m) => m.participation === 1));
      expect(tally.totals).toEqual({ yes: 1 });
      client.socket.close();
    } finally {
      await one.close();
      await two.close();
      await database.close();
    }
  });
});
