/**
 * pnpm bench:pages — what each page weighs and how fast the server renders it.
 *
 * Starts the built app (run `pnpm build` first) on a fresh embedded database with the demo
 * federation, sets up a live meeting, a motion and published minutes, then for each route:
 * the JS and CSS it ships (gzipped, as the browser would fetch them on a first visit) and the
 * server-rendered latency p50/p99 under 50 concurrent requests. Prints JSON; exits 1 when the
 * participant live view ships more than 80 KB of gzipped JS.
 * Env: BENCH_REQUESTS per route (500), BENCH_CONCURRENCY (50), BENCH_DATABASE_URL (a PostgreSQL
 * server to run on, in a fresh database; the embedded database otherwise).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { startServerProcess } from '../support/server-process.ts';

const requestsPerRoute = Number(process.env.BENCH_REQUESTS ?? 500);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);
const participantBudgetKiB = 80;
const demoPassword = 'cercle-demo-2026';
const admin = 'claire.martin@mes-demo.example.org';

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
};

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'cercle-bench-pages-'));
  const postgres = process.env.BENCH_DATABASE_URL;
  const dbName = `cercle_pages_${randomBytes(4).toString('hex')}`;
  let databaseUrl: string | undefined;
  if (postgres) {
    const admin = new pg.Client({ connectionString: postgres });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(postgres);
    url.pathname = `/${dbName}`;
    databaseUrl = url.href;
  }
  const server = await startServerProcess({
    CERCLE_DATA_DIR: dataDir,
    CERCLE_DEMO: '1',
    LOG_LEVEL: 'error',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const send = (method: string, path: string, cookie: string | null, body?: object) =>
    new Promise<{ status: number; text: string; headers: Record<string, unknown> }>(
      (resolve, reject) => {
        const payload = body ? JSON.stringify(body) : undefined;
        const req = httpRequest(
          `${server.url}${path}`,
          {
            method,
            agent,
            headers: {
              ...(cookie ? { cookie } : {}),
              ...(payload ? { 'content-type': 'application/json' } : {}),
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, text, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.end(payload);
      },
    );
  const api = async (path: string, cookie: string, body?: object) => {
    const answer = await send(body ? 'POST' : 'GET', `/api${path}`, cookie, body);
    if (answer.status >= 400) throw new Error(`${path} → ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text);
  };
  const signIn = async (email: string) => {
    const answer = await send('POST', '/api/auth/login', null, {
      email,
      password: demoPassword,
    });
    return String(answer.headers['set-cookie']).split(';')[0]!;
  };

  try {
    // Something on every page: a motion, a live meeting with a poll, published minutes.
    const adminCookie = await signIn(admin);
    const { assemblies } = await api('/assemblies', adminCookie);
    const national = assemblies.find((a: { kind: string }) => a.kind === 'national');
    const congress = assemblies.find((a: { kind: string }) => a.kind === 'congress');
    const motion = (
      await api(`/assemblies/${national.id}/motions`, adminCookie, {
        title: 'Motion du banc d’essai',
        text: 'Le MES mesure le poids de ses pages.\n\nIl le publie.',
        submit: true,
      })
    ).motion;
    const meeting = (
      await api(`/assemblies/${national.id}/meetings`, adminCookie, {
        title: 'Séance du banc d’essai',
        mode: 'online',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      })
    ).meeting;
    await api(`/meetings/${meeting.id}/start`, adminCookie, {});
    await api(`/meetings/${meeting.id}/attendance`, adminCookie, {
      code: meeting.sites[0].checkInCode,
    });
    const ended = (
      await api(`/assemblies/${national.id}/meetings`, adminCookie, {
        title: 'Séance close',
        mode: 'online',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      })
    ).meeting;
    await api(`/meetings/${ended.id}/start`, adminCookie, {});
    await api(`/meetings/${ended.id}/end`, adminCookie, {});
    const minutes = (await api(`/meetings/${ended.id}/minutes`, adminCookie, {})).minutes;
    await api(`/minutes/${minutes.id}/approve`, adminCookie, {});
    await api(`/minutes/${minutes.id}/publish`, adminCookie, {});

    const routes: { name: string; path: string; cookie: string | null }[] = [
      { name: 'login', path: '/login', cookie: null },
      { name: 'home', path: '/', cookie: adminCookie },
      { name: 'movement', path: '/movement', cookie: adminCookie },
      { name: 'assembly', path: `/assemblies/${national.id}`, cookie: adminCookie },
      { name: 'motion', path: `/motions/${motion.id}`, cookie: adminCookie },
      { name: 'participant live view', path: `/meetings/${meeting.id}`, cookie: adminCookie },
      { name: 'secretary console', path: `/meetings/${meeting.id}/console`, cookie: adminCookie },
      { name: 'projector', path: `/meetings/${meeting.id}/projector`, cookie: adminCookie },
      { name: 'minutes', path: `/minutes/${minutes.id}`, cookie: adminCookie },
      { name: 'notifications', path: '/notifications', cookie: adminCookie },
      ...(congress
        ? [{ name: 'congress', path: `/congresses/${congress.id}`, cookie: adminCookie }]
        : []),
    ];

    const assetSizes = new Map<string, number>();
    const gzippedSize = async (url: string) => {
      if (!assetSizes.has(url)) {
        const asset = await send('GET', url, null);
        assetSizes.set(url, asset.status === 200 ? gzipSync(asset.text, { level: 9 }).length : 0);
      }
      return assetSizes.get(url)!;
    };
    /** Every module reachable from `urls` by static imports (what loading them fetches). */
    const staticClosure = async (urls: string[]) => {
      const seen = new Set<string>();
      const queue = [...urls];
      while (queue.length) {
        const url = queue.pop()!;
        const path = new URL(url).pathname;
        if (seen.has(path)) continue;
        seen.add(path);
        const source = (await send('GET', path, null)).text;
        for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*)"(\.{1,2}\/[^"]+\.js)"/g)) {
          queue.push(new URL(match[1]!, url).href);
        }
      }
      return seen;
    };
    const results = [];
    for (const route of routes) {
      const page = await send('GET', route.path, route.cookie);
      if (page.status !== 200) throw new Error(`${route.path} → ${page.status}`);
      // What the browser fetches on a first visit: SvelteKit's two entry modules, the route's
      // nodes (layouts and page, named in the page's start script), and everything they import
      // statically; plus the stylesheets. Modules imported on demand later are not counted.
      const base = `${server.url}${route.path}`;
      const entries = [...page.text.matchAll(/import\("([^"]+\.js)"\)/g)].map(
        (match) => new URL(match[1]!, base).href,
      );
      const app = entries.find((url) => /\/entry\/app\.[^/]+\.js$/.test(url))!;
      const appSource = (await send('GET', new URL(app).pathname, null)).text;
      const nodeIds = /node_ids: \[([\d, ]+)\]/.exec(page.text)![1]!.split(',').map(Number);
      const nodes = nodeIds.map((id) => {
        const file = new RegExp(`"(\\.\\./nodes/${id}\\.[^"]+\\.js)"`).exec(appSource)![1]!;
        return new URL(file, app).href;
      });
      const scripts = await staticClosure([...entries, ...nodes]);
      // The messages of the page's language arrive by a dynamic import before the page
      // renders: count that catalogue too (only that one is fetched).
      const lang = /<html lang="(\w+)"/.exec(page.text)![1]!;
      for (const path of [...scripts]) {
        const source = (await send('GET', path, null)).text;
        const catalogue = new RegExp(
          `import\\(\`(\\.{1,2}/[^\`]+\\.js)\`\\);return\\{${lang}:`,
        ).exec(source);
        if (catalogue) {
          const url = new URL(catalogue[1]!, `${server.url}${path}`).href;
          for (const found of await staticClosure([url])) scripts.add(found);
        }
      }
      const styles = new Set(
        [...page.text.matchAll(/<link[^>]+href="([^"]+\.css)"[^>]*>/g)].map(
          (match) => new URL(match[1]!, base).pathname,
        ),
      );
      let js = 0;
      for (const script of scripts) js += await gzippedSize(script);
      let css = 0;
      for (const style of styles) css += await gzippedSize(style);

      const latencies: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < requestsPerRoute) {
            next += 1;
            const start = performance.now();
            const answer = await send('GET', route.path, route.cookie);
            if (answer.status !== 200) throw new Error(`${route.path} → ${answer.status}`);
            latencies.push(performance.now() - start);
          }
        }),
      );
      results.push({
        route: route.name,
        path: route.path.replace(/[a-z0-9]{20,}/g, ':id'),
        jsGzipKiB: Math.round((js / 1024) * 10) / 10,
        cssGzipKiB: Math.round((css / 1024) * 10) / 10,
        htmlGzipKiB: Math.round((gzipSync(page.text).length / 1024) * 10) / 10,
        latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
      });
    }
    const participant = results.find((result) => result.route === 'participant live view')!;
    const withinBudget = participant.jsGzipKiB <= participantBudgetKiB;
    console.log(
      JSON.stringify(
        {
          database: postgres ? 'postgres' : 'pglite',
          requestsPerRoute,
          concurrency,
          participantLiveViewJsBudgetKiB: participantBudgetKiB,
          participantLiveViewWithinBudget: withinBudget,
          routes: results,
        },
        null,
        2,
      ),
    );
    if (!withinBudget) process.exitCode = 1;
  } finally {
    agent.destroy();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    if (postgres) {
      const admin = new pg.Client({ connectionString: postgres });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
}

await main();
