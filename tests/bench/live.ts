/**
 * pnpm bench:live — a live meeting under load, measured end to end on loopback.
 *
 * Starts Cercle on a fresh PostgreSQL database, gives N members a session, checks them in,
 * connects N websocket clients subscribed to the assembly, opens a poll, makes every member
 * cast one ballot at the target rate (5 % send it twice), closes the poll, and prints JSON.
 * Env: BENCH_N (2000), BENCH_RATE ballots/s (1000), BENCH_SECRET (0), BENCH_DATABASE_URL.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { Agent, request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { newId } from '@cercle/db';
import { startServerProcess } from '../support/server-process.ts';

const n = Number(process.env.BENCH_N ?? 2000);
const rate = Number(process.env.BENCH_RATE ?? 1000);
/** BENCH_SECRET=1: a secret poll (choices kept as counters, no live totals). */
const secret = process.env.BENCH_SECRET === '1';
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const resendShare = 0.05;
const hardLimitMs = 5 * 60_000;

const quantile = (values: number[], q: number) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
};

function rssOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

async function main() {
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
      // Every simulated member connects from this one machine: lift the per-address cap,
      // which stands for one real address (a household, a venue's Wi-Fi), above N.
      WS_MAX_PER_ADDRESS: String(n + 100),
    },
    // e.g. BENCH_SERVER_NODE_ARGS=--cpu-prof to profile the server under load.
    { nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [] },
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
    const connectStart = performance.now();
    for (let start = 0; start < n; start += 200) {
      await Promise.all(
        members.slice(start, start + 200).map(
          (member, offset) =>
            new Promise<void>((resolve, reject) => {
              const index = start + offset;
              const socket = new WebSocket(wsUrl, {
                headers: { cookie: `cercle_session=${member.session}` },
              });
              sockets.push(socket);
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
    const castAt: number[] = [];
    const acks: { latency: number; participation: number; castAt: number }[] = [];
    let acknowledged = 0;
    let repeats = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      members.map(async (member, i) => {
        const due = started + (i * 1000) / rate;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
        const body = { choice: i % 3 ? 'yes' : 'no', clientBallotId: randomUUID() };
        const cookie = `cercle_session=${member.session}`;
        const sent = performance.now();
        castAt[i] = sent;
        try {
          const answer = await api('POST', `/polls/${poll.id}/ballots`, cookie, body);
          acks.push({
            latency: performance.now() - sent,
            participation: answer.body.participation,
            castAt: sent,
          });
          acknowledged += 1;
          if (Math.random() < resendShare) {
            const again = await api('POST', `/polls/${poll.id}/ballots`, cookie, body);
            if (again.body.status === 'already_counted') repeats += 1;
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
    const propagation = acks.map((ack) => {
      let latest = 0;
      for (const frames of seen) {
        const first = frames.find((f) => f.participation >= ack.participation);
        latest = Math.max(latest, first ? first.at : Number.POSITIVE_INFINITY);
      }
      return latest - ack.castAt;
    });
    const complete = propagation.filter(Number.isFinite);

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

    console.log(
      JSON.stringify(
        {
          members: n,
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
        },
        null,
        2,
      ),
    );
    if (!deliveredAll) console.error(`server output:\n${server.output().slice(-4000)}`);
    for (const socket of sockets) socket.terminate();
    await db.end();
  } finally {
    clearTimeout(watchdog);
    agent.destroy();
    await server.stop();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

await main();
