import { timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { countJobsByState } from '../jobs/job-queue.ts';
import { contentType, createRegistry, exposition, mergeFamilies } from './prometheus.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export type Metrics = ReturnType<typeof createMetrics>;

const ballotRoute = '/api/polls/:id/ballots';

/**
 * The figures an administrator's monitoring reads at GET /api/metrics (Prometheus text format),
 * one registry per app so that tests running several apps keep theirs apart. With several
 * workers on one port, a scrape reaches one of them at random: that one gathers every worker's
 * figures through the primary and answers them all, each series labelled `worker`.
 */
function createMetrics(app: FastifyInstance) {
  const registry = createRegistry();
  const requests = registry.counter(
    'cercle_http_requests_total',
    'Requests answered, by method, route and status code.',
  );
  const durations = registry.histogram(
    'cercle_http_request_duration_seconds',
    'Time from receiving a request to answering it, by method and route.',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  const ballots = registry.counter(
    'cercle_ballots_acknowledged_total',
    'Ballots acknowledged to the voter (stored), new or changed; rate() gives ballots per second.',
  );
  const shed = registry.counter(
    'cercle_requests_shed_total',
    'Requests refused with 503 because the event loop lagged (load shedding).',
  );
  const rateLimited = registry.counter(
    'cercle_writes_rate_limited_total',
    'Changes refused with 429 because one person sent too many in a minute.',
  );
  registry.read('cercle_websocket_connections', 'Live connections open on this instance.', () => [
    { value: app.connections.count() },
  ]);

  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  app.addHook('onClose', async () => lag.disable());
  registry.read(
    'cercle_event_loop_lag_seconds',
    'Event-loop delay since the previous scrape: mean, 99th percentile and maximum.',
    () => {
      const read = [
        { labels: { stat: 'mean' }, value: lag.mean / 1e9 },
        { labels: { stat: 'p99' }, value: lag.percentile(99) / 1e9 },
        { labels: { stat: 'max' }, value: lag.max / 1e9 },
      ].map((entry) => ({ ...entry, value: Number.isFinite(entry.value) ? entry.value : 0 }));
      lag.reset();
      return read;
    },
  );
  registry.read(
    'cercle_database_pool_connections',
    'PostgreSQL pool: its size (max), connections open, idle, and queries waiting for one.',
    () =>
      Object.entries(app.database.poolUse?.() ?? {}).map(([state, value]) => ({
        labels: { state },
        value,
      })),
  );
  registry.read(
    'cercle_database_statements_total',
    'Statements sent to PostgreSQL (BEGIN and COMMIT included), each a round trip.',
    () => {
      const sent = app.database.statementsSent?.();
      return sent === undefined ? [] : [{ value: sent }];
    },
    'counter',
  );
  registry.read(
    'cercle_page_requests_total',
    'Requests the web app answered (pages, their data, form actions).',
    () => [{ value: app.pageRequests.counts().pages }],
    'counter',
  );
  registry.read(
    'cercle_page_api_calls_total',
    'API calls the web app made in-process while answering them: per page request, its cost.',
    () => [{ value: app.pageRequests.counts().apiCalls }],
    'counter',
  );
  registry.read(
    'cercle_session_reads_total',
    'Sessions read from the database (not from memory nor from the page request being answered).',
    () => [{ value: app.sessions.reads() }],
    'counter',
  );
  registry.read('cercle_process_resident_memory_bytes', 'Resident memory of the process.', () => [
    { value: process.memoryUsage.rss() },
  ]);
  registry.read('cercle_nodejs_heap_used_bytes', 'JavaScript heap in use.', () => [
    { value: process.memoryUsage().heapUsed },
  ]);
  registry.read(
    'cercle_process_cpu_seconds_total',
    'CPU time the process used, user and system.',
    () => {
      const { user, system } = process.cpuUsage();
      return [
        { labels: { mode: 'user' }, value: user / 1e6 },
        { labels: { mode: 'system' }, value: system / 1e6 },
      ];
    },
    'counter',
  );
  registry.read(
    'cercle_jobs',
    'Background jobs (polls to close, digest mails) by state, for the whole database: every instance and every worker reports the same figures. A growing failed count needs a look.',
    async () =>
      Object.entries(await countJobsByState(app.db)).map(([state, value]) => ({
        labels: { state },
        value,
      })),
  );
  return { registry, requests, durations, ballots, shed, rateLimited };
}

async function metricsPlugin(app: FastifyInstance) {
  const metrics = createMetrics(app);
  app.decorate('metrics', metrics);

  app.addHook('onResponse', async (request, reply) => {
    const route = routeLabel(request);
    const status = reply.statusCode;
    metrics.requests.inc({ method: request.method, route, status });
    metrics.durations.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    if (route === ballotRoute && request.method === 'POST' && status < 300) metrics.ballots.inc();
  });

  const token = app.config.metricsToken;
  // Without a token the endpoint does not exist: figures about the membership's activity are
  // not for anyone who asks.
  if (!token) return;
  app.get(
    '/api/metrics',
    { config: { public: true, neverShed: true }, schema: { hide: true } },
    async (request, reply) => {
      if (!bearerMatches(request.headers.authorization, token)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError(401, 'auth.unauthenticated', 'The metrics need their bearer token.');
      }
      reply.type(contentType);
      const { gatherMetrics } = app.worker;
      return gatherMetrics
        ? exposition(mergeFamilies(await gatherMetrics()))
        : metrics.registry.text();
    },
  );
}

/** The route's template, not the URL: one series per route whatever the ids in it. */
function routeLabel(request: FastifyRequest) {
  return request.routeOptions.url ?? 'unmatched';
}

function bearerMatches(header: string | undefined, token: string) {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['database'] });
