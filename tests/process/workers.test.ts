import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HealthResponse } from '@cercle/shared';
import {
  api,
  createOpenAssembly,
  memberWithAccount,
  openVote,
  processDatabase,
  signIn,
} from '../support/process-federation.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

// CERCLE_WORKERS=2: one primary and two workers on one port, seen from outside as a member and an
// administrator would. PGlite serves one process (CERCLE_WORKERS=2 without DATABASE_URL is refused:
// config.test.ts), so this needs a PostgreSQL server.
const admin = { email: 'ops@example.org', password: 'workers test secret' };
const metricsToken = randomBytes(16).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Health over a connection of its own: the primary hands each new connection to the next worker. */
function healthOnNewConnection(url: string): Promise<HealthResponse> {
  return new Promise((resolve, reject) => {
    get(`${url}/api/health`, { agent: false, headers: { connection: 'close' } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(JSON.parse(text) as HealthResponse));
    }).on('error', reject);
  });
}

async function workersAnswering(url: string, tries = 8) {
  const ids = new Set<number>();
  for (let i = 0; i < tries; i += 1) {
    const health = await healthOnNewConnection(url);
    expect(health).toMatchObject({ status: 'ok', database: 'postgres', workers: 2 });
    ids.add(health.worker);
  }
  return [...ids].sort();
}

/** The server's worker processes: its children running Cercle (tsx may have one of its own). */
function workerPids(primary: number): number[] {
  const children = readdirSync(`/proc/${primary}/task`).flatMap((task) =>
    readFileSync(`/proc/${primary}/task/${task}/children`, 'utf8').split(' ').filter(Boolean),
  );
  return children.map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('main.ts');
    } catch {
      return false; // already gone
    }
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Open sockets per worker, as the metrics of all workers say (each series labelled). */
async function socketsPerWorker(server: ServerProcess) {
  const response = await fetch(`${server.url}/api/metrics`, {
    headers: { authorization: `Bearer ${metricsToken}` },
  });
  expect(response.status).toBe(200);
  const counts = new Map<number, number>();
  const text = await response.text();
  for (const [, worker, value] of text.matchAll(
    /^cercle_websocket_connections\{worker="(\d+)"\} (\d+)$/gm,
  ))
    counts.set(Number(worker), Number(value));
  return counts;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames of many shapes; the assertions check them
type Frame = any;

/** A websocket client following an assembly, keeping every frame it received. */
async function follow(server: ServerProcess, cookie: string, assemblyId: string) {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws`, {
    headers: { cookie },
  });
  const frames: Frame[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
  socket.on('error', () => {});
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'subscribe', topic: `assembly:${assemblyId}` }));
  const until = async (what: string, match: (frame: Frame) => boolean) => {
    await waitFor(what, () => frames.some(match), 30_000);
    return frames.find(match);
  };
  await until('subscribed', (frame) => frame.type === 'subscribed');
  return { socket, until };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'two workers on one port (skipped without TEST_DATABASE_URL: workers need PostgreSQL)',
  () => {
    let server: ServerProcess;
    let database: Awaited<ReturnType<typeof processDatabase>>;

    beforeAll(async () => {
      database = await processDatabase('postgres');
      server = await startServerProcess({
        ...database.env(),
        CERCLE_WORKERS: '2',
        CERCLE_ADMIN_EMAIL: admin.email,
        CERCLE_ADMIN_PASSWORD: admin.password,
        METRICS_TOKEN: metricsToken,
      });
    }, 240_000);

    afterAll(async () => {
      if (server?.child.exitCode === null) server.child.kill('SIGKILL');
      await database?.drop();
    });

    it('answers from both workers on the one port, each saying which it is', async () => {
      expect(await workersAnswering(server.url)).toEqual([1, 2]);
      expect(workerPids(server.child.pid!)).toHaveLength(2);
      // Prepared once, by the primary: one banner, one administrator.
      expect(server.output().match(/Cercle is running at .*/g)).toEqual([
        expect.stringContaining('(database: postgres, 2 workers)'),
      ]);
      expect(server.output()).toContain('Admin from CERCLE_ADMIN_EMAIL: ops@example.org');
    });

    it('brings an event and a ballot made through one worker to sockets on the other', async () => {
      const cookie = await signIn(server, admin);
      const assembly = await createOpenAssembly(server, cookie, 'WRK');
      const voter = await memberWithAccount(server, cookie, assembly.id, 'voter@example.org');

      // A socket on each worker, told apart by the workers' own count of their sockets.
      const onWorker = new Map<number, Awaited<ReturnType<typeof follow>>>();
      const opened: Awaited<ReturnType<typeof follow>>[] = [];
      for (let i = 0; i < 10 && onWorker.size < 2; i += 1) {
        const before = await socketsPerWorker(server);
        const client = await follow(server, cookie, assembly.id);
        opened.push(client);
        const after = await socketsPerWorker(server);
        const host = [...after].find(([worker, count]) => count > (before.get(worker) ?? 0));
        if (host && !onWorker.has(host[0])) onWorker.set(host[0], client);
      }
      expect([...onWorker.keys()].sort()).toEqual([1, 2]);

      const poll = await openVote(server, cookie, assembly.id, { title: 'Motion' });
      const cast = await api(server, 'POST', `/polls/${poll.id}/ballots`, voter.cookie, {
        choice: 'yes',
        clientBallotId: randomUUID(),
      });
      expect(cast.status).toBe(201);
      for (const client of onWorker.values()) {
        const opening = await client.until(
          'poll.opened',
          (frame) => frame.type === 'event' && frame.event.type === 'poll.opened',
        );
        expect(opening.event.payload).toMatchObject({ pollId: poll.id });
        const tally = await client.until(
          'the tally',
          (frame) =>
            frame.type === 'tally' && frame.pollId === poll.id && frame.participation === 1,
        );
        expect(tally.totals).toEqual({ yes: 1 });
      }
      for (const client of opened) client.socket.terminate();
    }, 90_000);

    it('starts a worker that died again, under its number', async () => {
      const [killed, kept] = workerPids(server.child.pid!);
      process.kill(killed!, 'SIGKILL');
      await waitFor('the restart', () => server.output().includes('worker started again'));
      expect(server.output()).toMatch(/"restartInMs":\d+.*worker stopped unexpectedly/);
      const now = workerPids(server.child.pid!);
      expect(now).toHaveLength(2);
      expect(now).toContain(kept);
      expect(now).not.toContain(killed);
      expect(await workersAnswering(server.url)).toEqual([1, 2]);
      // A start through tsx on a loaded 2-core machine can take a minute.
    }, 180_000);

    it('stops every process on SIGTERM, the primary last, with exit code 0', async () => {
      const workers = workerPids(server.child.pid!);
      expect(workers).toHaveLength(2);
      const crashes = () => server.output().split('worker stopped unexpectedly').length;
      const crashesBefore = crashes();
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(workers.filter(alive)).toEqual([]);
      // Stopped on purpose: none taken for a crash and started again.
      expect(crashes()).toBe(crashesBefore);
    }, 60_000);
  },
);
