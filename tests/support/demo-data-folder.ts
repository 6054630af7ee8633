/**
 * `node --import tsx tests/support/demo-data-folder.ts FOLDER`: a Cercle data folder whose
 * embedded database holds the demo federation, as `CERCLE_DEMO=1 pnpm start` leaves it, without
 * building the web app or serving it. CI moves, backs up and restores it.
 */
import { join } from 'node:path';
import { openDatabase } from '@cercle/db';
import { createApp, loadConfig, loadDemoFederation } from '@cercle/server';

const folder = process.argv[2];
if (!folder) {
  process.stderr.write('Usage: node --import tsx tests/support/demo-data-folder.ts FOLDER\n');
  process.exit(2);
}
const config = loadConfig({ CERCLE_DATA_DIR: folder, LOG_LEVEL: 'warn' });
const database = await openDatabase({ dataDir: join(config.dataDir, 'pglite') });
await database.migrate();
const app = await createApp({
  config,
  database,
  closeDatabase: true,
  backgroundJobs: false,
  webBuild: false,
});
await app.ready();
await loadDemoFederation(app);
await app.auditWitness.settled();
await app.close();
process.stdout.write(`Demo federation loaded into ${config.dataDir}\n`);
