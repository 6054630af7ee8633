import cluster from 'node:cluster';
import { createApp } from './app.ts';
import { joinCluster, runPrimary, workerPoolMax } from './cluster.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { openConfiguredDatabase, prepareDeployment, printRunning } from './deployment.ts';

const shutdownGraceMs = 2_000;

function readConfig() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * One Cercle serving the port: the only process (CERCLE_WORKERS=1), or one of the workers a
 * primary started, which has already migrated the database and prepared the deployment.
 */
async function serve(config: Config) {
  const worker = joinCluster(config);
  const database = await openConfiguredDatabase(
    config,
    worker ? workerPoolMax(config) : config.databasePoolMax,
  );
  if (!worker) await database.migrate();
  const app = await createApp({
    config,
    database,
    closeDatabase: true,
    ...(worker ? { worker: worker.info, recordAuditWitness: false } : {}),
  });
  await app.ready();
  worker?.serve(app);
  if (!worker) for (const warning of config.warnings) app.log.warn(warning);
  const banner = worker ? [] : await prepareDeployment(app, config);

  // Graceful shutdown: stop accepting, let in-flight requests finish, close sockets and the database.
  // Idle keep-alive sockets are closed as they turn idle; after the grace period, all of them.
  let closing = false;
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const idleSweep = setInterval(() => app.server.closeIdleConnections(), 50);
    const force = setTimeout(() => app.server.closeAllConnections(), shutdownGraceMs);
    try {
      await app.close();
    } finally {
      clearInterval(idleSweep);
      clearTimeout(force);
    }
    process.exit(0);
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  // A worker shares the port through the primary, which says when all of them answer.
  await app.listen({ port: config.port, host: config.host });
  if (!worker) printRunning(config, `database: ${database.kind}`, banner);
}

const config = readConfig();
if (config.workers > 1 && cluster.isPrimary) await runPrimary(config);
else await serve(config);
