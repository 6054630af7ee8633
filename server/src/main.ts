import { join } from 'node:path';
import { openDatabase } from '@cercle/db';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { loadDemoFederation } from './demo/demo-federation.ts';

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

const config = readConfig();
const database = await openDatabase({
  url: config.databaseUrl,
  dataDir: join(config.dataDir, 'pglite'),
  maxConnections: config.databasePoolMax,
});
await database.migrate();
const app = await createApp({ config, database, closeDatabase: true });
await app.ready();
for (const warning of config.warnings) app.log.warn(warning);

const banner: string[] = [];
if (config.admin) {
  await app.auth.ensureAdmin({ ...config.admin, name: 'Administrateur' });
  banner.push(`Admin from CERCLE_ADMIN_EMAIL: ${config.admin.email}`);
}
if (config.demo) {
  const logins = await loadDemoFederation({ db: app.db, auth: app.auth });
  banner.push('Demo federation loaded. Sign in with:');
  for (const login of logins) banner.push(`  ${login.role}: ${login.email} / ${login.password}`);
}
const setupToken = await app.auth.issueSetupToken();
if (setupToken) {
  const link = new URL(`/setup?token=${setupToken}`, config.publicUrl).href;
  banner.push('No administrator yet. Create the first one with this one-time link:', `  ${link}`);
}

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

await app.listen({ port: config.port, host: config.host });
const lines = [
  `Cercle is running at ${config.publicUrl.href} (database: ${database.kind})`,
  ...banner,
];
process.stdout.write(`\n${lines.map((line) => `  ${line}`).join('\n')}\n\n`);
