import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort, type ServerProcess, startServerProcess } from '../support/server-process.ts';

const admin = { email: 'ops@example.org', password: 'restart test secret' };

async function json(
  server: ServerProcess,
  method: string,
  path: string,
  cookie: string,
  body?: object,
) {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: response.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes; the assertions check it
    body: (await response.json()) as any,
    headers: response.headers,
  };
}

describe('a server restart during an open poll', () => {
  // Two server starts, twenty accounts and forty ballots (an open poll and a secret one): a
  // loaded 2-core machine needs more than the default 30 s.
  it('loses no acknowledged ballot and counts none twice; clients resume where they were', async () => {
    const env = {
      CERCLE_DATA_DIR: mkdtempSync(join(tmpdir(), 'cercle-restart-')),
      PORT: String(await freePort()),
      CERCLE_ADMIN_EMAIL: admin.email,
      CERCLE_ADMIN_PASSWORD: admin.password,
      ...(process.env.TEST_DATABASE_URL ? {} : {}),
    };
    let server = await startServerProcess(env);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const assembly = (
      await json(server, 'POST', '/assemblies', cookie, {
        kind: 'national',
        name: 'AG',
        code: 'RST',
        settings: { quorum: 0, supportersToAdmit: 0 },
      })
    ).body.assembly;

    // Twenty voters, each with an account and a session.
    const voters: { cookie: string }[] = [];
    for (let i = 0; i < 20; i += 1) {
      const added = await json(server, 'POST', `/assemblies/${assembly.id}/members`, cookie, {
        email: `v${i}@example.org`,
        name: `Votant ${i}`,
        sendInvitation: true,
      });
      const token = new URL(added.body.invitationLink).pathname.split('/').pop();
      const accepted = await fetch(`${server.url}/api/invitations/${token}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password: 'voter password 1' }),
      });
      voters.push({ cookie: accepted.headers.getSetCookie()[0]!.split(';')[0]! });
    }
    // An open poll and a secret one (counters, no ballot rows) run side by side.
    const polls: { id: string }[] = [];
    for (const secret of [false, true]) {
      const motion = (
        await json(server, 'POST', `/assemblies/${assembly.id}/motions`, cookie, {
          title: secret ? 'Motion secrète' : 'Motion',
          text: 'Texte.',
          submit: true,
        })
      ).body.motion;
      const poll = (
        await json(server, 'POST', '/polls', cookie, {
          motionId: motion.id,
          kind: 'vote',
          rule: 'simple',
          secret,
        })
      ).body.poll;
      await json(server, 'POST', `/polls/${poll.id}/open`, cookie);
      polls.push(poll);
    }

    // A client follows the assembly and remembers the last event it saw.
    let lastSeq = 0;
    const watch = (url: string) => {
      const socket = new WebSocket(`${url.replace('http', 'ws')}/api/ws`, { headers: { cookie } });
      socket.on('open', () =>
        socket.send(
          JSON.stringify({ type: 'subscribe', topic: `assembly:${assembly.id}`, lastSeq }),
        ),
      );
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.type === 'event') {
          expect(message.event.seq).toBe(lastSeq + 1); // in order, no gap, no repeat
          lastSeq = message.event.seq;
        }
      });
      socket.on('error', () => {});
      return socket;
    };
    let socket = watch(server.url);

    // Every voter casts with a client id made once; some answers are lost in the crash.
    const ballots = polls.flatMap((poll) =>
      voters.map((voter, i) => ({
        voter,
        pollId: poll.id,
        body: { choice: i % 2 ? 'yes' : 'no', clientBallotId: randomUUID() },
      })),
    );
    const acknowledged = new Set<number>();
    const castAll = (target: ServerProcess) =>
      Promise.all(
        ballots.map(async ({ voter, pollId, body }, i) => {
          try {
            const answer = await json(
              target,
              'POST',
              `/polls/${pollId}/ballots`,
              voter.cookie,
              body,
            );
            if (answer.status === 201 || answer.body.status === 'already_counted')
              acknowledged.add(i);
          } catch {
            // connection cut by the crash: the client will resend the same ballot
          }
        }),
      );
    const casting = castAll(server);
    await new Promise((resolve) => setTimeout(resolve, 30));
    server.child.kill('SIGKILL');
    await casting;
    await server.exited;
    const ackedBeforeCrash = acknowledged.size;

    server = await startServerProcess(env);
    socket.terminate();
    socket = watch(server.url);
    await castAll(server); // resend everything, same client ids
    for (const poll of polls) {
      const final = (await json(server, 'GET', `/polls/${poll.id}`, cookie)).body.poll;
      expect(final.participation).toBe(20);
      const closed = (await json(server, 'POST', `/polls/${poll.id}/close`, cookie)).body.poll;
      expect(closed.result.totals).toMatchObject({ yes: 10, no: 10 });
    }
    expect(acknowledged.size).toBe(40);
    expect(ackedBeforeCrash).toBeLessThanOrEqual(40);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lastSeq).toBeGreaterThan(0);
    socket.terminate();
    await server.stop();
  }, 120_000);
});
