import { monitorEventLoopDelay } from 'node:perf_hooks';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isApiPath, isInProcess } from '../api-path.ts';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Ballots and hand counts: the last thing refused under overload (only once the lag is far
     * above the threshold), so a vote in progress still goes through while pages wait.
     */
    castsVotes?: boolean;
    /** Probes and monitoring: answered whatever the load, or nobody could see it. */
    neverShed?: boolean;
  }
}

/** Ballots are refused only when the lag reaches this many times the threshold. */
const votesTolerance = 4;

/**
 * Overload protection, in two parts.
 *
 * Load shedding: when the event loop lags beyond `shedEventLoopDelayMs` on average over two
 * seconds in a row, new requests get a quick 503 with `Retry-After` rather than all slowing down
 * together; votes are refused last. Requests the web app makes to the API in-process while it
 * renders a page it already admitted are not shed: the page would break half-way.
 *
 * Write limits: a signed-in person may send `writesPerMinute` changes a minute (counted per
 * instance); reads, anonymous requests (sign-in has its own throttle) and probes are not counted.
 */
async function overloadPlugin(app: FastifyInstance) {
  const { shedEventLoopDelayMs, writesPerMinute } = app.config.overload;

  if (shedEventLoopDelayMs > 0) {
    const lag = eventLoopLag();
    // Measured from the moment the server is ready: the work of starting (migrations, loading
    // the web app) blocks the loop for seconds and is no sign of overload. Shedding the first
    // requests of a server that just restarted in the middle of a vote was the bug.
    app.addHook('onReady', async () => lag.start());
    app.addHook('onClose', async () => lag.stop());
    app.addHook('onRequest', async (request, reply) => {
      const { config } = request.routeOptions;
      const route = config.neverShed ? 'probe' : config.castsVotes ? 'votes' : 'other';
      const shed = shouldShed({
        lag: lag.sustained(),
        threshold: shedEventLoopDelayMs,
        route,
        inProcess: isInProcess(request),
      });
      if (!shed) return;
      app.metrics.shed.inc();
      const retryAfter = 2 + Math.floor(Math.random() * 4);
      if (isApiPath(request.url)) {
        throw new AppError(
          503,
          'server.overloaded',
          `Cercle is overloaded. Try again in ${retryAfter} seconds.`,
          undefined,
          retryAfter,
        );
      }
      return reply
        .status(503)
        .header('retry-after', String(retryAfter))
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(overloadedPage(retryAfter));
    });
  }

  if (writesPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: writesPerMinute,
      timeWindow: 60_000,
      // After the auth plugin has named the person.
      hook: 'preHandler',
      keyGenerator: (request) => request.auth?.user.id ?? '',
      allowList: (request) => !request.auth || ['GET', 'HEAD', 'OPTIONS'].includes(request.method),
      errorResponseBuilder: (_request, context) => {
        app.metrics.rateLimited.inc();
        return new AppError(
          429,
          'http.rate_limited',
          `Too many changes from one person: at most ${context.max} a minute. Try again in ${context.after}.`,
        );
      },
    });
  }
}

/**
 * The event loop's lag, a mean over each second, and what shedding reads: the lower of the last
 * two, so one long task (a big PDF, a slow query on the embedded database) sheds nobody while an
 * overload that lasts does. A second in which the loop never turned counts as its delay.
 */
function eventLoopLag(sampleMs = 1_000) {
  const resolutionMs = 10;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  let lastTwo = [0, 0];
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  const sample = () => {
    const now = performance.now();
    const mean = histogram.count
      ? histogram.mean / 1e6 - resolutionMs
      : // No turn of the loop recorded: it was blocked the whole time, this tick came that late.
        now - last - sampleMs;
    lastTwo = [lastTwo[1]!, Math.max(0, mean)];
    last = now;
    histogram.reset();
  };
  return {
    start() {
      histogram.reset();
      histogram.enable();
      last = performance.now();
      timer = setInterval(sample, sampleMs).unref();
    },
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
    sustained: () => Math.min(...lastTwo),
  };
}

/**
 * Whether a request is refused for overload: never a probe nor a call the web app makes while
 * rendering a page already admitted; votes only far beyond the threshold, after everything else.
 */
export function shouldShed({
  lag,
  threshold,
  route,
  inProcess,
}: {
  /** Mean event-loop lag, in ms, over each of the last two seconds (the lower of the two). */
  lag: number;
  threshold: number;
  route: 'probe' | 'votes' | 'other';
  inProcess: boolean;
}) {
  if (threshold <= 0 || route === 'probe' || inProcess) return false;
  return lag > (route === 'votes' ? threshold * votesTolerance : threshold);
}

/**
 * light-my-request (Fastify's `inject`) marks the requests it builds; nothing that arrives over
 * the network carries that mark.
 */
/** For a person opening a page: a page they can read, which tries again by itself. */
function overloadedPage(retryAfter: number) {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="refresh" content="${retryAfter}"><title>Cercle est très sollicité</title></head>
<body><main><h1>Cercle est très sollicité</h1>
<p>La page se recharge d’elle-même dans ${retryAfter} secondes. Les votes déjà confirmés sont comptés.</p>
<p lang="en">Cercle is very busy: this page reloads itself in ${retryAfter} seconds. Votes already confirmed are counted.</p>
</main></body></html>`;
}

// Before auth: a shed request costs no session lookup. The write limit still sees the person,
// as it runs at preHandler, after every onRequest hook.
export default fp(overloadPlugin, { name: 'overload', dependencies: ['metrics'] });
