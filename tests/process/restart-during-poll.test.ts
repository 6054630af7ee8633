import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  api,
  createOpenAssembly,
  memberWithAccount,
  openVote,
  signIn,
} from '../support/process-federation.ts';
import { freePort, type ServerProcess, startServerProcess } from '../support/server-process.ts';

const admin = { email: 'ops@example.org', password: 'restart test secret' };

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
    const cookie = await signIn(server, admin);
    const assembly = await createOpenAssembly(server, cookie, 'RST');

    // Twenty voters, each with an account and a session.
    const voters: { cookie: string }[] = [];
    for (let i = 0; i < 20; i += 1)
      voters.push(await memberWithAccount(server, cookie, assembly.id, `v${i}@example.org`));
    // An open poll and a secret one (counters, no ballot rows) run side by side.
    const polls: { id: string }[] = [];
    for (const secret of [false, true])
      polls.push(
        await openVote(server, cookie, assembly.id, {
          title: secret ? 'Motion secrète' : 'Motion',
          secret,
        }),
      );

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
            const answer = await api(
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
      const final = (await api(server, 'GET', `/polls/${poll.id}`, cookie)).body.poll;
      expect(final.participation).toBe(20);
      const closed = (await api(server, 'POST', `/polls/${poll.id}/close`, cookie)).body.poll;
      expect(closed.result.totals).toMatchObject({ yes: 10, no: 10 });
    }
    expect(acknowledged.size).toBe(40);
    expect(ackedBeforeCrash).toBeLessThanOrEqual(40);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lastSeq).toBeGreaterThan(0);
    socket.terminate();
    await server.stop();
  }, 240_000);
});
