/**
 * pnpm bench:start — cold start of the compiled server to the first page served.
 *
 * Creates an embedded database once (with the demo federation, so that migrations have nothing
 * to do and the data is that of a real assembly), then starts `server/dist/main.js` (run
 * `pnpm build` first) BENCH_STARTS times (5) on it: each figure is the time from spawning Node
 * to the first answer of `GET /` that is an HTML page with status 200 (following the redirect
 * to the sign-in page). Prints JSON: every figure and their median, in milliseconds.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const starts = Number(process.env.BENCH_STARTS ?? 5);
const pollEveryMs = 10;
const giveUpAfterMs = 120_000;

async function firstPage(server: ServerProcess): Promise<void> {
  const deadline = Date.now() + giveUpAfterMs;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
    const served = await fetch(`${server.url}/`).then(
      async (response) =>
        response.status === 200 &&
        (response.headers.get('content-type') ?? '').startsWith('text/html') &&
        (await response.text()).length > 0,
      () => false,
    );
    if (served) return;
    if (Date.now() > deadline) throw new Error(`no page after ${giveUpAfterMs} ms`);
    await sleep(pollEveryMs);
  }
}

async function main() {
  if (!existsSync(join(repoRoot, 'server/dist/main.js'))) {
    throw new Error('server/dist/main.js is missing: run "pnpm build" first');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'cercle-bench-start-'));
  const env = { CERCLE_DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  try {
    const setup = await startServerProcess({ ...env, CERCLE_DEMO: '1' }, { entry: 'compiled' });
    await setup.stop();

    const figures: number[] = [];
    for (let run = 0; run < starts; run++) {
      const started = performance.now();
      const server = await startServerProcess(env, { entry: 'compiled', waitForHealth: false });
      try {
        await firstPage(server);
        figures.push(Math.round(performance.now() - started));
      } finally {
        await server.stop();
      }
    }
    const sorted = [...figures].sort((a, b) => a - b);
    const middle = sorted.length / 2;
    const median = Number.isInteger(middle)
      ? Math.round((sorted[middle - 1]! + sorted[middle]!) / 2)
      : sorted[Math.floor(middle)]!;
    console.log(
      JSON.stringify(
        {
          coldStartToFirstPageMs: { median, runs: figures },
          database: 'pglite',
          node: process.version,
          loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
        },
        null,
        2,
      ),
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
