/**
 * pnpm bench:pages — what each page weighs and how fast the server renders it.
 *
 * Starts the built app (run `pnpm build` first) on a fresh embedded database with the demo
 * federation and BENCH_MEMBERS more members in the national assembly (imported in bulk, by CSV),
 * sets up a live meeting with an open poll, a motion and published minutes, then for each route:
 * the JS and CSS it ships (gzipped, as the browser would fetch them on a first visit) and the
 * server-rendered latency p50/p99 under 50 concurrent requests.
 *
 * Then the participant live view, the page every phone of a meeting loads: its HTML, its render
 * p50/p99 and the p50 of its one API call (`/participant-view`) under the same load, their
 * ratio, the API calls it makes in-process per render, and those of a ballot cast from it (the
 * enhanced form's action, then the page data it reloads), counted by the server's metrics.
 * Prints JSON; exits 1 when the participant live view ships more than 80 KB of gzipped JS,
 * weighs more than 60 KB of HTML, or renders in more than twice its API call's time.
 * Env: BENCH_MEMBERS (10000), BENCH_REQUESTS per route (500), BENCH_CONCURRENCY (50),
 * BENCH_DATABASE_URL (a PostgreSQL server to run on, in a fresh database; the embedded
 * database otherwise).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { catalogueScopeOf } from '../../web/src/lib/i18n/messages.ts';
import { startServerProcess } from '../support/server-process.ts';

const requestsPerRoute = Number(process.env.BENCH_REQUESTS ?? 500);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);
const memberCount = Number(process.env.BENCH_MEMBERS ?? 10_000);
const participantBudgetKiB = 80;
const participantHtmlBudgetKiB = 60;
/** The page's render p50 against its one API call's p50, under the same load. */
const participantRatioBudget = 2;
const demoPassword = 'cercle-demo-2026';
const admin = 'claire.martin@mes-demo.example.org';
/** A demo member of the national assembly with the voting right (an Occitanie delegate). */
const participant = 'david.roux@mes-demo.example.org';
/** Another, who stays away from the meeting: their page offers to give a proxy. */
const away = 'thomas.leroy@mes-demo.example.org';
const metricsToken = randomBytes(16).toString('hex');

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
    METRICS_TOKEN: metricsToken,
    // The bench sends its setup and its ballots faster than a person would, and measures how
    // long pages take under load rather than how many are turned away.
    WRITE_LIMIT_PER_MINUTE: '0',
    SHED_EVENT_LOOP_DELAY_MS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const send = (
    method: string,
    path: string,
    cookie: string | null,
    body?: object | string,
    extraHeaders: Record<string, string> = {},
  ) =>
    new Promise<{ status: number; text: string; headers: Record<string, unknown> }>(
      (resolve, reject) => {
        const payload = typeof body === 'string' ? body : body ? JSON.stringify(body) : undefined;
        const req = httpRequest(
          `${server.url}${path}`,
          {
            method,
            agent,
            headers: {
              ...(cookie ? { cookie } : {}),
              ...(payload && typeof body !== 'string'
                ? { 'content-type': 'application/json' }
                : {}),
              ...extraHeaders,
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
  /** The server's counters: page requests, the API calls they made in-process, session reads. */
  const counters = async () => {
    const text = (
      await send('GET', '/api/metrics', null, undefined, {
        authorization: `Bearer ${metricsToken}`,
      })
    ).text;
    const read = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1]);
    return {
      pages: read('cercle_page_requests_total'),
      apiCalls: read('cercle_page_api_calls_total'),
      sessionReads: read('cercle_session_reads_total'),
    };
  };
  /** Latencies of `count` requests sent `concurrency` at a time. */
  const underLoad = async (count: number, request: () => Promise<{ status: number }>) => {
    const latencies: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next += 1;
          const start = performance.now();
          const answer = await request();
          if (answer.status !== 200) throw new Error(`under load → ${answer.status}`);
          latencies.push(performance.now() - start);
        }
      }),
    );
    return latencies;
  };
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
    // The members in bulk: one CSV import per 2,000 rows, not one request per member.
    const seedStart = performance.now();
    for (let start = 0; start < memberCount; start += 2_000) {
      const rows = Array.from(
        { length: Math.min(2_000, memberCount - start) },
        (_, i) => `adherent${start + i}@bench.example.org;Adhérent ${start + i}`,
      );
      await api(`/assemblies/${national.id}/members/import`, adminCookie, {
        csv: ['courriel;nom', ...rows].join('\n'),
        sendInvitations: false,
      });
    }
    const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
    const participantCookie = await signIn(participant);
    const awayCookie = await signIn(away);

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
    await api(`/meetings/${meeting.id}/attendance`, participantCookie, {
      code: meeting.sites[0].checkInCode,
    });
    // The room decides: a vote is open, its electorate every voting member (few are present).
    const noQuorum = await send('PATCH', `/api/assemblies/${national.id}`, adminCookie, {
      settings: { quorum: 0 },
    });
    if (noQuorum.status !== 200) throw new Error(`quorum → ${noQuorum.status} ${noQuorum.text}`);
    await api(`/motions/${motion.id}/admit`, adminCookie, {});
    const poll = (
      await api('/polls', adminCookie, {
        motionId: motion.id,
        kind: 'vote',
        rule: 'simple',
        meetingId: meeting.id,
      })
    ).poll;
    await api(`/polls/${poll.id}/open`, adminCookie, {});
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

    /** Each page measured, with its route's id (which says which catalogue it loads). */
    const routes: { name: string; id: string; path: string; cookie: string | null }[] = [
      { name: 'login', id: '/login', path: '/login', cookie: null },
      { name: 'home', id: '/', path: '/', cookie: adminCookie },
      { name: 'movement', id: '/movement', path: '/movement', cookie: adminCookie },
      {
        name: 'assembly',
        id: '/assemblies/[id]',
        path: `/assemblies/${national.id}`,
        cookie: adminCookie,
      },
      {
        name: 'members directory',
        id: '/assemblies/[id]/members',
        path: `/assemblies/${national.id}/members`,
        cookie: adminCookie,
      },
      { name: 'motion', id: '/motions/[id]', path: `/motions/${motion.id}`, cookie: adminCookie },
      {
        name: 'participant live view',
        id: '/meetings/[id]',
        path: `/meetings/${meeting.id}`,
        cookie: participantCookie,
      },
      {
        name: 'participant live view, away (proxy search)',
        id: '/meetings/[id]',
        path: `/meetings/${meeting.id}`,
        cookie: awayCookie,
      },
      {
        name: 'secretary console',
        id: '/meetings/[id]/console',
        path: `/meetings/${meeting.id}/console`,
        cookie: adminCookie,
      },
      {
        name: 'projector',
        id: '/meetings/[id]/projector',
        path: `/meetings/${meeting.id}/projector`,
        cookie: adminCookie,
      },
      { name: 'minutes', id: '/minutes/[id]', path: `/minutes/${minutes.id}`, cookie: adminCookie },
      { name: 'notifications', id: '/notifications', path: '/notifications', cookie: adminCookie },
      ...(congress
        ? [
            {
              name: 'congress',
              id: '/congresses/[id]',
              path: `/congresses/${congress.id}`,
              cookie: adminCookie,
            },
          ]
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
      // renders: count that catalogue too (only that one is fetched: the whole catalogue, or
      // the page's own, as the root layout chooses by route).
      const lang = /<html lang="(\w+)"/.exec(page.text)![1]!;
      const scope = catalogueScopeOf(route.id);
      const exported =
        scope === 'full' ? lang : `${lang}${scope[0]!.toUpperCase()}${scope.slice(1)}`;
      let catalogueFound = false;
      for (const path of [...scripts]) {
        const source = (await send('GET', path, null)).text;
        const catalogue = new RegExp(
          `import\\(\`(\\.{1,2}/[^\`]+\\.js)\`\\);return\\{${exported}:`,
        ).exec(source);
        if (catalogue) {
          catalogueFound = true;
          const url = new URL(catalogue[1]!, `${server.url}${path}`).href;
          for (const found of await staticClosure([url])) scripts.add(found);
        }
      }
      // Counting no catalogue would make a page look lighter than it is.
      if (!catalogueFound)
        throw new Error(`${route.name}: its « ${exported} » catalogue not found`);
      const styles = new Set(
        [...page.text.matchAll(/<link[^>]+href="([^"]+\.css)"[^>]*>/g)].map(
          (match) => new URL(match[1]!, base).pathname,
        ),
      );
      let js = 0;
      for (const script of scripts) js += await gzippedSize(script);
      let css = 0;
      for (const style of styles) css += await gzippedSize(style);

      const latencies = await underLoad(requestsPerRoute, () =>
        send('GET', route.path, route.cookie),
      );
      results.push({
        route: route.name,
        path: route.path.replace(/[a-z0-9]{20,}/g, ':id'),
        jsGzipKiB: Math.round((js / 1024) * 10) / 10,
        cssGzipKiB: Math.round((css / 1024) * 10) / 10,
        htmlKiB: Math.round((Buffer.byteLength(page.text) / 1024) * 10) / 10,
        htmlGzipKiB: Math.round((gzipSync(page.text).length / 1024) * 10) / 10,
        latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
      });
    }
    const participantRoute = results.find((result) => result.route === 'participant live view')!;
    const awayRoute = results.find((result) => result.route.startsWith('participant live view,'))!;

    // The participant live view against its one API call, each under the same load.
    const pagePath = `/meetings/${meeting.id}`;
    const before = await counters();
    const renders = await underLoad(requestsPerRoute, () =>
      send('GET', pagePath, participantCookie),
    );
    const afterRenders = await counters();
    const apiCalls = await underLoad(requestsPerRoute, () =>
      send('GET', `/api${pagePath}/participant-view`, participantCookie),
    );
    // A ballot as the enhanced form sends it, then the page data it reloads (the page's node).
    const ballotStart = await counters();
    const ballots = ['yes', 'no', 'abstain'];
    for (const choice of ballots) {
      const form = new URLSearchParams({
        pollId: poll.id,
        choice,
        clientBallotId: randomBytes(16).toString('hex'),
      });
      const cast = await send('POST', `${pagePath}?/ballot`, participantCookie, form.toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        origin: server.url,
        'x-sveltekit-action': 'true',
      });
      if (cast.status !== 200 || !cast.text.includes('"type":"success"'))
        throw new Error(`ballot → ${cast.status} ${cast.text}`);
      const reload = await send(
        'GET',
        `${pagePath}/__data.json?x-sveltekit-invalidated=01`,
        participantCookie,
      );
      if (reload.status !== 200) throw new Error(`reload → ${reload.status}`);
    }
    const ballotEnd = await counters();
    const renderP50 = quantile(renders, 0.5);
    const apiP50 = quantile(apiCalls, 0.5);
    const ratio = Math.round((renderP50 / apiP50) * 100) / 100;
    const htmlKiB = Math.max(participantRoute.htmlKiB, awayRoute.htmlKiB);
    const perPage = (from: typeof before, to: typeof before, key: 'apiCalls' | 'sessionReads') =>
      Math.round(((to[key] - from[key]) / (to.pages - from.pages)) * 100) / 100;
    const participantView = {
      members: memberCount,
      seedSeconds,
      htmlKiB: { present: participantRoute.htmlKiB, away: awayRoute.htmlKiB },
      htmlBudgetKiB: participantHtmlBudgetKiB,
      renderMs: { p50: renderP50, p99: quantile(renders, 0.99) },
      apiCallMs: { p50: apiP50, p99: quantile(apiCalls, 0.99) },
      renderOverApiCall: ratio,
      ratioBudget: participantRatioBudget,
      inProcessCallsPerRender: perPage(before, afterRenders, 'apiCalls'),
      sessionReadsPerRender: perPage(before, afterRenders, 'sessionReads'),
      inProcessCallsPerWebBallot:
        Math.round(((ballotEnd.apiCalls - ballotStart.apiCalls) / ballots.length) * 100) / 100,
    };
    const checks = {
      jsWithinBudget: participantRoute.jsGzipKiB <= participantBudgetKiB,
      htmlWithinBudget: htmlKiB <= participantHtmlBudgetKiB,
      ratioWithinBudget: ratio <= participantRatioBudget,
    };
    console.log(
      JSON.stringify(
        {
          database: postgres ? 'postgres' : 'pglite',
          requestsPerRoute,
          concurrency,
          participantLiveViewJsBudgetKiB: participantBudgetKiB,
          participantView,
          checks,
          routes: results,
        },
        null,
        2,
      ),
    );
    if (!Object.values(checks).every(Boolean)) process.exitCode = 1;
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
