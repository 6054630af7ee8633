/**
 * pnpm bench:live — a live meeting under load, measured end to end on loopback, against the
 * floor server of `../shared/bench-baseline/` (node + ws + pg, nothing else) in the same sitting.
 *
 * One Cercle run: starts Cercle on a fresh PostgreSQL database, gives N members a session,
 * checks them in, connects N websocket clients subscribed to the assembly, opens a poll, makes
 * every member cast one ballot at the target rate (5 % send it twice), closes the poll. The floor
 * run does the same against the floor server. Runs alternate, Cercle then floor, BENCH_ROUNDS
 * times per size; the summary gives medians and the medians of the ratios Cercle ÷ floor, with
 * the load average of the sitting (absolute times move with the machine; ratios hold). Each
 * round runs Cercle once per worker count of BENCH_WORKERS (CERCLE_WORKERS), each followed by a
 * floor run, and the summary gives the ratios per worker count.
 * Env: BENCH_SIZES (e.g. `2000,5000,10000`; else BENCH_N, 2000), BENCH_ROUNDS (3), BENCH_WORKERS
 * (`1,2`), BENCH_RATE ballots/s (1000), BENCH_SECRET (0), BENCH_DATABASE_URL, BENCH_FLOOR_DIR
 * (`../shared/bench-baseline`; BENCH_FLOOR=0 runs Cercle alone), BENCH_TRANSPORT (`http`: ballots
 * as `POST /api/polls/:id/ballots`; `ws`: as `ballot` messages on each client's socket; the floor
 * runs with the same transport).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { Agent, request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { newId } from '@cercle/db';
import { startServerProcess } from '../support/server-process.ts';

const sizes = (process.env.BENCH_SIZES ?? process.env.BENCH_N ?? '2000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const workerCounts = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const floorDir = resolve(process.env.BENCH_FLOOR_DIR ?? '../shared/bench-baseline');
const withFloor = process.env.BENCH_FLOOR !== '0' && existsSync(join(floorDir, 'load.mjs'));
const transport = process.env.BENCH_TRANSPORT === 'ws' ? 'ws' : 'http';
const metricsToken = randomBytes(16).toString('hex');
const rate = Number(process.env.BENCH_RATE ?? 1000);
/** BENCH_SECRET=1: a secret poll (choices kept as counters, no live totals). */
const secret = process.env.BENCH_SECRET === '1';
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** BENCH_RESEND_SHARE: the share of ballots sent a second time with the same client id. */
const resendShare = Number(process.env.BENCH_RESEND_SHARE ?? 0.05);
const hardLimitMs = 5 * 60_000;

const quantile = (values: number[], q: number) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
};

/** The server's processes: the one started and, with workers, its children running Cercle. */
function serverPids(pid: number) {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean),
  );
  // Not tsx's esbuild helper: it is no part of the server.
  const isCercle = (child: string) =>
    readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('main.');
  return [pid, ...children.filter(isCercle).map(Number)];
}

function rssOf(pid: number) {
  return serverPids(pid).reduce((sum, one) => {
    const status = readFileSync(`/proc/${one}/status`, 'utf8');
    return sum + Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
  }, 0);
}

/** User + system CPU of the server's processes, in clock ticks (1/100 s), as the floor's load generator reads it. */
function cpuTicks(pid: number) {
  return serverPids(pid).reduce((sum, one) => {
    const fields = readFileSync(`/proc/${one}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + Number(fields[11]) + Number(fields[12]);
  }, 0);
}

/** One Cercle run at `n` members: its figures, named as the floor's load generator names them. */
async function measureCercle(n: number, workers: number) {
  const dbName = `cercle_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const watchdog = setTimeout(() => {
    console.error('bench: time limit reached');
    process.exit(2);
  }, hardLimitMs);

  const server = await startServerProcess(
    {
      DATABASE_URL: url.href,
      CERCLE_DATA_DIR: `/tmp/${dbName}`,
      CERCLE_ADMIN_EMAIL: 'bench@example.org',
      CERCLE_ADMIN_PASSWORD: 'bench password 2026',
      LOG_LEVEL: 'error',
      METRICS_TOKEN: metricsToken,
      CERCLE_WORKERS: String(workers),
      // Every simulated member connects from this one machine: lift the per-address cap,
      // which stands for one real address (a household, a venue's Wi-Fi), above N.
      WS_MAX_PER_ADDRESS: String(n + 100),
    },
    {
      // What production runs (`pnpm start`): the bundle `pnpm bench:live` builds first.
      entry: 'compiled',
      // e.g. BENCH_SERVER_NODE_ARGS=--cpu-prof to profile the server under load.
      nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
    },
  );
  // Keep-alive connections, as a browser would hold: the bench measures Cercle, not TCP set-up.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const send = (method: string, path: string, cookie: string | null, body?: object) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes; the assertions check it
    new Promise<{ status: number; body: any; headers: Record<string, unknown> }>(
      (resolve, reject) => {
        const payload = body ? JSON.stringify(body) : undefined;
        const req = httpRequest(
          `${server.url}/api${path}`,
          {
            method,
            agent,
            headers: {
              ...(cookie ? { cookie } : {}),
              ...(payload
                ? {
                    'content-type': 'application/json',
                    'content-length': Buffer.byteLength(payload),
                  }
                : {}),
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => {
              if ((res.statusCode ?? 500) >= 400)
                reject(new Error(`${method} ${path} → ${res.statusCode} ${text}`));
              else
                resolve({ status: res.statusCode!, body: JSON.parse(text), headers: res.headers });
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      },
    );
  const api = (method: string, path: string, cookie: string, body?: object) =>
    send(method, path, cookie, body);
  /** Statements Cercle sent to PostgreSQL so far, from its own metrics. */
  const statementsSent = async () => {
    const response = await fetch(`${server.url}/api/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    // One series per worker (labelled) when there are several.
    const found = [
      ...(await response.text()).matchAll(/^cercle_database_statements_total(?:\{.*\})? (\d+)$/gm),
    ];
    return found.length ? found.reduce((sum, [, count]) => sum + Number(count), 0) : Number.NaN;
  };

  try {
    const login = await send('POST', '/auth/login', null, {
      email: 'bench@example.org',
      password: 'bench password 2026',
    });
    const adminCookie = String(login.headers['set-cookie']).split(';')[0]!;
    const assembly = (
      await api('POST', '/assemblies', adminCookie, {
        kind: 'national',
        name: 'Banc d’essai',
        code: 'BENCH',
        settings: { quorum: 0, supportersToAdmit: 0 },
      })
    ).body.assembly;

    // N members with a session each, written straight to the database: the bench measures the
    // live meeting, not N sign-ins.
    const db = new pg.Client({ connectionString: url.href });
    await db.connect();
    const members = Array.from({ length: n }, (_, i) => ({
      id: newId(),
      session: randomBytes(20).toString('hex'),
      email: `voter${i}@bench.example.org`,
    }));
    for (let start = 0; start < n; start += 500) {
      const chunk = members.slice(start, start + 500);
      await db.query(
        `insert into users (id, email, name) select * from unnest($1::text[], $2::text[], $3::text[])`,
        [
          chunk.map((m) => m.id),
          chunk.map((m) => m.email),
          chunk.map((_, i) => `Votant ${start + i}`),
        ],
      );
      await db.query(`insert into members (assembly_id, user_id) select $1, unnest($2::text[])`, [
        assembly.id,
        chunk.map((m) => m.id),
      ]);
      await db.query(
        `insert into sessions (id, user_id, expires_at) select *, now() + interval '1 day' from unnest($1::text[], $2::text[])`,
        // The table keeps the SHA-256 of the cookie's token.
        [
          chunk.map((m) => createHash('sha256').update(m.session).digest('hex')),
          chunk.map((m) => m.id),
        ],
      );
    }

    const motion = (
      await api('POST', `/assemblies/${assembly.id}/motions`, adminCookie, {
        title: 'Motion du banc d’essai',
        text: 'Texte.',
        submit: true,
      })
    ).body.motion;
    const meeting = (
      await api('POST', `/assemblies/${assembly.id}/meetings`, adminCookie, {
        title: 'Séance du banc d’essai',
        mode: 'online',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      })
    ).body.meeting;
    await api('POST', `/meetings/${meeting.id}/start`, adminCookie);
    const siteId = meeting.sites[0].id;
    await db.query(
      `insert into attendance (meeting_id, user_id, site_id, checked_in_by) select $1, unnest($2::text[]), $3, $4`,
      [meeting.id, members.map((m) => m.id), siteId, members[0]!.id],
    );
    const poll = (
      await api('POST', '/polls', adminCookie, {
        motionId: motion.id,
        kind: 'vote',
        rule: 'simple',
        meetingId: meeting.id,
        secret,
      })
    ).body.poll;
    await api('POST', `/polls/${poll.id}/open`, adminCookie);

    // N websocket clients, each recording when it first saw each participation level.
    const rssBefore = rssOf(server.child.pid!);
    const wsUrl = `${server.url.replace('http', 'ws')}/api/ws`;
    const seen: { participation: number; at: number }[][] = members.map(() => []);
    const closedAt: (number | null)[] = members.map(() => null);
    const sockets: WebSocket[] = [];
    const pendingAcks = members.map(
      () => new Map<string, { resolve(body: unknown): void; reject(error: Error): void }>(),
    );
    const connectStart = performance.now();
    // RSS also when half are connected: the second half's growth is what one more socket costs,
    // without what the first sockets brought once (a young generation grown to its size, code).
    let half: { connected: number; rss: number } | null = null;
    for (let start = 0; start < n; start += 200) {
      if (!half && start >= n / 2) half = { connected: start, rss: rssOf(server.child.pid!) };
      await Promise.all(
        members.slice(start, start + 200).map(
          (member, offset) =>
            new Promise<void>((resolve, reject) => {
              const index = start + offset;
              const socket = new WebSocket(wsUrl, {
                headers: { cookie: `cercle_session=${member.session}` },
              });
              sockets[index] = socket;
              socket.on('message', (data) => {
                const message = JSON.parse(data.toString());
                if (message.type === 'subscribed') resolve();
                else if (message.type === 'tally' && message.pollId === poll.id)
                  seen[index]!.push({
                    participation: message.participation,
                    at: performance.now(),
                  });
                else if (message.type === 'event' && message.event.type === 'poll.closed')
                  closedAt[index] = performance.now();
                else if (message.type === 'ack') {
                  const waiter = pendingAcks[index]!.get(message.id);
                  pendingAcks[index]!.delete(message.id);
                  if (message.status >= 400) waiter?.reject(new Error(`ack ${message.status}`));
                  else waiter?.resolve(message.ballot);
                }
              });
              socket.on('open', () =>
                socket.send(
                  JSON.stringify({ type: 'subscribe', topic: `assembly:${assembly.id}` }),
                ),
              );
              socket.on('error', reject);
              // Refused after the upgrade (a cap, a shutdown): fail rather than wait for ever.
              socket.on('close', (code) => reject(new Error(`socket ${index} closed: ${code}`)));
            }),
        ),
      );
    }
    const connectMs = performance.now() - connectStart;
    const rssAfter = rssOf(server.child.pid!);

    // Ballots at the target rate; 5 % are sent a second time with the same client id.
    let ackSeq = 0;
    type Receipt = { status: string; participation: number };
    const castBallot = async (i: number, body: object): Promise<Receipt> => {
      if (transport === 'http') {
        return (
          await api(
            'POST',
            `/polls/${poll.id}/ballots`,
            `cercle_session=${members[i]!.session}`,
            body,
          )
        ).body;
      }
      const id = String((ackSeq += 1));
      return new Promise<Receipt>((resolve, reject) => {
        pendingAcks[i]!.set(id, { resolve: (ballot) => resolve(ballot as Receipt), reject });
        sockets[i]!.send(JSON.stringify({ type: 'ballot', id, pollId: poll.id, ballot: body }));
      });
    };
    const castAt: number[] = [];
    const acks: { latency: number; participation: number; castAt: number }[] = [];
    let acknowledged = 0;
    let repeats = 0;
    let failures = 0;
    const statements0 = await statementsSent();
    const serverTicks0 = cpuTicks(server.child.pid!);
    const started = performance.now();
    await Promise.all(
      members.map(async (_, i) => {
        const due = started + (i * 1000) / rate;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
        const body = { choice: i % 3 ? 'yes' : 'no', clientBallotId: randomUUID() };
        const sent = performance.now();
        castAt[i] = sent;
        try {
          const answer = await castBallot(i, body);
          acks.push({
            latency: performance.now() - sent,
            participation: answer.participation,
            castAt: sent,
          });
          acknowledged += 1;
          if (Math.random() < resendShare) {
            const again = await castBallot(i, body);
            if (again.status === 'already_counted') repeats += 1;
          }
        } catch {
          failures += 1;
        }
      }),
    );
    const castSeconds = (performance.now() - started) / 1000;

    // Cast → every client shows a tally including that ballot.
    const deadline = performance.now() + 15_000;
    while (
      performance.now() < deadline &&
      !seen.every((frames) => frames.some((f) => f.participation >= acknowledged))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const serverTicks1 = cpuTicks(server.child.pid!);
    const statements1 = await statementsSent();
    const propagationWaitMs = performance.now() - (started + castSeconds * 1000);
    // For each participation level, when the last client first saw it (the floor's way, O(N·P)).
    const maxLevel = Math.max(0, ...acks.map((a) => a.participation));
    const latestAt = new Float64Array(maxLevel + 1);
    for (const frames of seen) {
      let level = 1;
      for (const f of frames)
        for (; level <= Math.min(f.participation, maxLevel); level += 1)
          if (f.at > latestAt[level]!) latestAt[level] = f.at;
      for (; level <= maxLevel; level += 1) latestAt[level] = Number.POSITIVE_INFINITY;
    }
    const propagation = acks.map((ack) => latestAt[ack.participation]! - ack.castAt);
    const complete = propagation.filter(Number.isFinite);
    const tenth = Math.ceil(n / 10);
    const framesAvg = (list: typeof seen) =>
      Math.round((list.reduce((sum, frames) => sum + frames.length, 0) / list.length) * 10) / 10;

    const closeStart = performance.now();
    const closed = await api('POST', `/polls/${poll.id}/close`, adminCookie);
    const closeAckMs = performance.now() - closeStart;
    while (performance.now() < closeStart + 15_000 && closedAt.some((at) => at === null)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const deliveredAll = closedAt.every((at) => at !== null);
    // Answers cast in the app, one row per voter: the same for open and secret polls.
    const inDatabase = Number(
      (
        await db.query(
          `select count(*) from participations where poll_id = $1 and method = 'app'`,
          [poll.id],
        )
      ).rows[0].count,
    );

    const report = {
      server: 'cercle',
      members: n,
      workers,
      targetRate: rate,
      clientsConnected: sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
      connectSeconds: Math.round(connectMs) / 1000,
      ballotsAcknowledged: acknowledged,
      ballotsFailed: failures,
      resendsAnsweredAlreadyCounted: repeats,
      ballotsPerSecond: Math.round(acknowledged / castSeconds),
      ackLatencyMs: {
        p50: quantile(
          acks.map((a) => a.latency),
          0.5,
        ),
        p99: quantile(
          acks.map((a) => a.latency),
          0.99,
        ),
      },
      castToAllClientsMs: {
        p50: quantile(complete, 0.5),
        p99: quantile(complete, 0.99),
        ballotsNeverSeenByAll: propagation.length - complete.length,
      },
      serverMemoryPerConnectionKiB: Math.round((rssAfter - rssBefore) / n / 1024),
      serverMemoryPerSecondHalfConnectionKiB: half
        ? Math.round(((rssAfter - half.rss) / (n - half.connected) / 1024) * 10) / 10
        : null,
      serverRssMiB: Math.round(rssAfter / 1024 / 1024),
      ballotsInDatabase: inDatabase,
      databaseEqualsAcknowledged: inDatabase === acknowledged,
      closePollMs: Math.round(closeAckMs),
      resultDeliveredToAllMs: deliveredAll
        ? Math.round(Math.max(...(closedAt as number[])) - closeStart)
        : null,
      clientsSawResult: closedAt.filter((at) => at !== null).length,
      clientsOpenAtEnd: sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length,
      outcome: closed.body.poll.result.outcome,
      serverCpuSecondsCastPhase: (serverTicks1 - serverTicks0) / 100,
      propagationWaitMs: Math.round(propagationWaitMs),
      framesPerClientAvg: framesAvg(seen),
      framesFirstTenthAvg: framesAvg(seen.slice(0, tenth)),
      framesLastTenthAvg: framesAvg(seen.slice(-tenth)),
      // When each tenth of the sockets (in the order they connected) got its first frame, at worst.
      firstFrameMsAfterStartByTenth: Array.from({ length: 10 }, (_, k) =>
        Math.round(
          Math.max(
            ...seen.slice(k * tenth, (k + 1) * tenth).map((f) => (f[0]?.at ?? Infinity) - started),
          ),
        ),
      ),
      lastTenthFirstFrameMsAfterStart: Math.round(
        Math.max(...seen.slice(-tenth).map((f) => (f[0]?.at ?? Infinity) - started)),
      ),
      castSeconds: Math.round(castSeconds * 10) / 10,
      statementsPerBallot: Math.round(((statements1 - statements0) / acknowledged) * 100) / 100,
    };
    if (!deliveredAll) console.error(`server output:\n${server.output().slice(-4000)}`);
    for (const socket of sockets) socket.terminate();
    await db.end();
    return report;
  } finally {
    clearTimeout(watchdog);
    agent.destroy();
    if (process.env.BENCH_SERVER_LOG) console.error(server.output().slice(-6000));
    await server.stop();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

type Report = Awaited<ReturnType<typeof measureCercle>>;

/** One floor run at `n` members, from the project's root (it borrows `ws` and `pg` from tests/). */
function measureFloor(n: number): Promise<Report> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(floorDir, 'load.mjs')], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: { ...process.env, N: String(n), RATE: String(rate), MODE: transport, PORT: '4410' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const json = output.slice(output.indexOf('{'));
      if (code !== 0 || !json) reject(new Error(`floor run failed (${code}): ${output}`));
      else resolveRun(JSON.parse(json) as Report);
    });
  });
}

const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 100) / 100;
};

/** The figures compared, each as read from a run. */
const figures = {
  ballotsPerSecond: (r: Report) => r.ballotsPerSecond,
  castToAllP99Ms: (r: Report) => r.castToAllClientsMs.p99 ?? Number.NaN,
  ackP99Ms: (r: Report) => r.ackLatencyMs.p99 ?? Number.NaN,
  lastTenthFirstFrameMs: (r: Report) => r.lastTenthFirstFrameMsAfterStart,
  serverCpuMsPerBallot: (r: Report) => (r.serverCpuSecondsCastPhase * 1000) / r.ballotsAcknowledged,
  memoryPerConnectionKiB: (r: Report) => r.serverMemoryPerConnectionKiB,
};

async function main() {
  const load: number[] = [];
  const summary = [];
  for (const n of sizes) {
    const byWorkers = new Map(
      workerCounts.map((workers) => [workers, [] as { cercle: Report; floor: Report | null }[]]),
    );
    for (let round = 0; round < rounds; round += 1) {
      for (const [workers, runs] of byWorkers) {
        load.push(loadavg()[0]!);
        const cercle = await measureCercle(n, workers);
        load.push(loadavg()[0]!);
        const floor = withFloor ? await measureFloor(n) : null;
        runs.push({ cercle, floor });
        console.error(
          `N=${n} ${workers} worker(s) round ${round + 1}: Cercle ${cercle.ballotsPerSecond} ballots/s, p99 ${cercle.castToAllClientsMs.p99} ms` +
            (floor
              ? `; floor ${floor.ballotsPerSecond} ballots/s, p99 ${floor.castToAllClientsMs.p99} ms`
              : ''),
        );
      }
    }
    for (const [workers, runs] of byWorkers) {
      const of = (pick: (r: Report) => number, side: 'cercle' | 'floor') =>
        median(runs.flatMap((run) => (run[side] ? [pick(run[side])] : [])));
      summary.push({
        members: n,
        workers,
        runs: runs.length,
        correct: runs.every(
          ({ cercle }) =>
            cercle.databaseEqualsAcknowledged &&
            cercle.castToAllClientsMs.ballotsNeverSeenByAll === 0 &&
            cercle.clientsSawResult === n,
        ),
        statementsPerBallot: median(runs.map(({ cercle }) => cercle.statementsPerBallot)),
        memoryPerSecondHalfConnectionKiB: median(
          runs.map(({ cercle }) => cercle.serverMemoryPerSecondHalfConnectionKiB ?? Number.NaN),
        ),
        cercle: Object.fromEntries(
          Object.entries(figures).map(([name, pick]) => [name, of(pick, 'cercle')]),
        ),
        floor: withFloor
          ? Object.fromEntries(
              Object.entries(figures).map(([name, pick]) => [name, of(pick, 'floor')]),
            )
          : null,
        // The median of the ratios of runs side by side, not a ratio of medians.
        ratios: withFloor
          ? Object.fromEntries(
              Object.entries(figures).map(([name, pick]) => [
                name,
                median(runs.map(({ cercle, floor }) => pick(cercle) / pick(floor!))),
              ]),
            )
          : null,
        lastRun: runs.at(-1)!.cercle,
      });
    }
  }
  console.log(
    JSON.stringify(
      {
        machine: {
          cores: cpus().length,
          loadAverage: { min: Math.min(...load), max: Math.max(...load) },
        },
        targetRate: rate,
        sizes: summary,
      },
      null,
      2,
    ),
  );
}

await main();
