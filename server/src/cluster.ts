import cluster, { type Worker } from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import { createApp, type WorkerInfo } from './app.ts';
import type { Config } from './config.ts';
import { openConfiguredDatabase, prepareDeployment, printRunning } from './deployment.ts';
import { createAuditWitness } from './modules/audit/audit-witness.ts';
import { auditWitnessDir, witnessEvents } from './plugins/audit-witness.ts';
import type { MetricFamily } from './plugins/prometheus.ts';

/**
 * CERCLE_WORKERS above one: a primary process and that many workers on one port (node:cluster;
 * the primary accepts connections and hands them out in turn). Each worker is a whole Cercle, as
 * separate instances on one PostgreSQL are: events, tallies and changes of rights travel between
 * them through LISTEN/NOTIFY, background work is safe to run on all of them. What must happen once
 * is the primary's: migrating, the setup link, the demo, and the audit trail's outside copy,
 * since the workers share one data folder. See ARCHITECTURE.md, "Workers".
 */

/** How the primary tells a worker its number (1…N, kept across restarts). */
const workerIdVariable = 'CERCLE_WORKER_ID';
/** A scrape waits this long for the workers' figures; one that is late is left out. */
const gatherMs = 1_500;
/** After SIGTERM, the workers' own graceful shutdown (background jobs included) gets this long. */
const workersStopMs = 15_000;
/** A worker that lived this long had been healthy: its next crash restarts it at once again. */
const healthyAfterMs = 60_000;
const firstRestartMs = 250;
const longestRestartMs = 30_000;

type Message =
  | { cercle: 'metrics-request'; requestId: number } // worker → primary
  | { cercle: 'metrics-collect'; requestId: number } // primary → every worker
  | { cercle: 'metrics-part'; requestId: number; families: MetricFamily[] } // worker → primary
  | { cercle: 'metrics-result'; requestId: number; parts: MetricFamily[][] }; // primary → worker

const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' && value !== null && 'cercle' in value;

/** The workers share the instance's PostgreSQL connections (DATABASE_POOL_MAX). */
export function workerPoolMax(config: Config) {
  return Math.max(2, Math.floor(config.databasePoolMax / config.workers));
}

/**
 * In a worker: its number, and `serve` to call once its app is ready, which answers the
 * primary's requests for its metrics. Undefined in a process of its own.
 */
export function joinCluster(config: Config) {
  if (!cluster.isWorker) return undefined;
  const asked = new Map<number, (parts: MetricFamily[][]) => void>();
  let nextRequest = 0;
  const info: WorkerInfo = {
    id: Number(process.env[workerIdVariable]),
    count: config.workers,
    gatherMetrics: () =>
      new Promise((resolve, reject) => {
        const requestId = (nextRequest += 1);
        const timer = setTimeout(() => {
          asked.delete(requestId);
          reject(new Error('the primary process did not gather the metrics'));
        }, gatherMs * 3);
        asked.set(requestId, (parts) => {
          clearTimeout(timer);
          asked.delete(requestId);
          resolve(parts);
        });
        // A channel closing fails in the callback, rather than as an 'error' nobody listens to.
        process.send!(
          { cercle: 'metrics-request', requestId } satisfies Message,
          (error: Error | null) => {
            if (!error) return;
            clearTimeout(timer);
            asked.delete(requestId);
            reject(error);
          },
        );
      }),
  };
  return {
    info,
    serve(app: FastifyInstance) {
      process.on('message', (message: unknown) => {
        if (!isMessage(message)) return;
        if (message.cercle === 'metrics-result') asked.get(message.requestId)?.(message.parts);
        if (message.cercle !== 'metrics-collect') return;
        app.metrics.registry
          .families({ worker: info.id })
          .then((families) => {
            const part: Message = {
              cercle: 'metrics-part',
              requestId: message.requestId,
              families,
            };
            process.send?.(part, () => {}); // the primary is going away
          })
          .catch((error: unknown) =>
            app.log.error({ err: error }, 'could not read this worker’s metrics'),
          );
      });
    },
  };
}

/**
 * The primary: migrates and prepares the deployment once, keeps the audit witness, starts the
 * workers and starts again any that stops (waiting longer after each crash in a row), and on
 * SIGTERM or SIGINT stops them all, each with its own graceful shutdown, then itself.
 */
export async function runPrimary(config: Config) {
  // Its own few statements (the witness's reads) need no more.
  const database = await openConfiguredDatabase(config, 2);
  await database.migrate();
  const setup = await createApp({
    config,
    database,
    webBuild: false,
    backgroundJobs: false,
    recordAuditWitness: false,
    // 0: the primary, in the logs; it answers no request.
    worker: { id: 0, count: config.workers },
  });
  await setup.ready();
  for (const warning of config.warnings) setup.log.warn(warning);
  const banner = await prepareDeployment(setup, config);
  // The logger outlives the app, which was needed for the services of the preparation only.
  const log = setup.log;
  await setup.close();

  // The workers share the data folder: one copy of the events' hashes, written here, where it
  // misses nothing while a worker restarts.
  const witness = createAuditWitness({
    dir: auditWitnessDir(config.dataDir),
    db: database.db,
    log,
  });
  const stopWitness = await witnessEvents(database, witness);

  const idOf = new WeakMap<Worker, number>();
  const live = new Set<Worker>();
  const startedAt = new Map<number, number>();
  const crashes = new Map<number, number>();
  const restarts = new Set<NodeJS.Timeout>();
  const listening = new Set<Worker>();
  let everyoneListened = false;
  let closing = false;

  function start(id: number) {
    const worker = cluster.fork({ [workerIdVariable]: String(id) });
    idOf.set(worker, id);
    live.add(worker);
    startedAt.set(id, Date.now());
    worker.on('message', (message: unknown) => onMessage(worker, message));
    // A message that could not be sent to a worker on its way out: nothing to do.
    worker.on('error', (error) =>
      log.warn({ err: error, workerProcess: { id } }, 'worker channel'),
    );
    worker.once('listening', () => {
      listening.add(worker);
      if (everyoneListened) {
        log.warn({ workerProcess: { id, pid: worker.process.pid } }, 'worker started again');
      } else if (listening.size === config.workers) {
        everyoneListened = true;
        printRunning(config, `database: ${database.kind}, ${config.workers} workers`, banner);
      }
    });
    worker.once('exit', (code, signal) => {
      listening.delete(worker);
      live.delete(worker);
      if (closing) return;
      // Not `worker` and `pid`: the primary's own lines carry those (worker 0).
      const stopped = { workerProcess: { id, pid: worker.process.pid, code, signal } };
      if (!everyoneListened) {
        // As a single process that fails to start: stop, rather than try for ever.
        log.error(stopped, 'a worker stopped while Cercle was starting');
        void stopAll('start failed', 1);
        return;
      }
      const healthy = Date.now() - (startedAt.get(id) ?? 0) > healthyAfterMs;
      const inARow = healthy ? 0 : (crashes.get(id) ?? 0);
      crashes.set(id, inARow + 1);
      const restartInMs = Math.min(longestRestartMs, firstRestartMs * 2 ** inARow);
      log.error({ ...stopped, restartInMs }, 'worker stopped unexpectedly; starting it again');
      const timer = setTimeout(() => {
        restarts.delete(timer);
        start(id);
      }, restartInMs);
      restarts.add(timer);
    });
  }

  // Metrics: the worker a scrape reached asks here; every listening worker sends its figures.
  let nextCollect = 0;
  const collecting = new Map<
    number,
    { waitingFor: Set<Worker>; parts: { id: number; families: MetricFamily[] }[]; done(): void }
  >();

  function gather(): Promise<MetricFamily[][]> {
    const requestId = (nextCollect += 1);
    const parts: { id: number; families: MetricFamily[] }[] = [];
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        collecting.delete(requestId);
        resolve(parts.sort((a, b) => a.id - b.id).map((part) => part.families));
      };
      const timer = setTimeout(done, gatherMs);
      const waitingFor = new Set([...listening].filter((worker) => worker.isConnected()));
      collecting.set(requestId, { waitingFor, parts, done });
      for (const worker of waitingFor) {
        worker.send({ cercle: 'metrics-collect', requestId } satisfies Message, (error) => {
          if (error && waitingFor.delete(worker) && waitingFor.size === 0) done(); // going away
        });
      }
      if (waitingFor.size === 0) done();
    });
  }

  function onMessage(worker: Worker, message: unknown) {
    if (!isMessage(message)) return;
    if (message.cercle === 'metrics-part') {
      const collect = collecting.get(message.requestId);
      if (!collect?.waitingFor.delete(worker)) return;
      collect.parts.push({ id: idOf.get(worker) ?? 0, families: message.families });
      if (collect.waitingFor.size === 0) collect.done();
    } else if (message.cercle === 'metrics-request') {
      void gather().then((parts) => {
        const result: Message = { cercle: 'metrics-result', requestId: message.requestId, parts };
        if (worker.isConnected()) worker.send(result, () => {});
      });
    }
  }

  async function stopAll(reason: string, exitCode: number) {
    if (closing) return;
    closing = true;
    log.info({ reason }, 'stopping the workers');
    for (const timer of restarts) clearTimeout(timer);
    const running = [...live];
    const exited = running.map(
      (worker) =>
        new Promise((resolve) =>
          worker.isDead() ? resolve(null) : worker.once('exit', () => resolve(null)),
        ),
    );
    for (const worker of running) worker.process.kill('SIGTERM');
    let forced = false;
    const force = setTimeout(() => {
      for (const worker of running) {
        if (worker.isDead()) continue;
        forced = true;
        log.error(
          { workerProcess: { id: idOf.get(worker), pid: worker.process.pid } },
          'worker still running: killed',
        );
        worker.process.kill('SIGKILL');
      }
    }, workersStopMs);
    await Promise.all(exited);
    clearTimeout(force);
    await stopWitness();
    await witness.settled();
    await database.close();
    process.exit(forced ? 1 : exitCode);
  }
  process.once('SIGINT', () => void stopAll('SIGINT', 0));
  process.once('SIGTERM', () => void stopAll('SIGTERM', 0));

  for (let id = 1; id <= config.workers; id += 1) start(id);
}
