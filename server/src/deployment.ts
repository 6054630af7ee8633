import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '@cercle/db';
import type { Config } from './config.ts';
import { loadDemoFederation } from './demo/demo-federation.ts';

/** The database the settings name: PostgreSQL, or PGlite in the data folder. */
export function openConfiguredDatabase(config: Config, maxConnections = config.databasePoolMax) {
  return openDatabase({
    url: config.databaseUrl,
    dataDir: join(config.dataDir, 'pglite'),
    maxConnections,
  });
}

/**
 * What a start does once for the whole deployment, whatever the number of processes: the
 * administrator of CERCLE_ADMIN_EMAIL, the demo federation, the one-time setup link. Answers the
 * lines of the banner that tell the operator about them.
 */
export async function prepareDeployment(app: FastifyInstance, config: Config): Promise<string[]> {
  const banner: string[] = [];
  if (config.admin) {
    await app.auth.ensureAdmin({ ...config.admin, name: 'Administrateur' });
    banner.push(`Admin from CERCLE_ADMIN_EMAIL: ${config.admin.email}`);
  }
  if (config.demo) {
    const logins = await loadDemoFederation({
      db: app.db,
      auth: app.auth,
      motions: app.motions,
      polls: app.polls,
      meetings: app.meetings,
      minutes: app.minutes,
      congress: app.congress,
    });
    banner.push('Demo federation loaded. Sign in with:');
    for (const login of logins) banner.push(`  ${login.role}: ${login.email} / ${login.password}`);
  }
  const setupToken = await app.auth.issueSetupToken();
  if (setupToken) {
    const link = new URL(`/setup?token=${setupToken}`, config.publicUrl).href;
    banner.push('No administrator yet. Create the first one with this one-time link:', `  ${link}`);
  }
  return banner;
}

/** The lines printed once Cercle answers. */
export function printRunning(config: Config, runningOn: string, banner: string[]) {
  const lines = [`Cercle is running at ${config.publicUrl.href} (${runningOn})`, ...banner];
  process.stdout.write(`\n${lines.map((line) => `  ${line}`).join('\n')}\n\n`);
}
