import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database, DatabaseHandle } from '@cercle/db';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
    db: Database;
  }
}

/**
 * Exposes the database the caller opened. The caller (main.ts, a test) owns its lifetime,
 * but closing the app closes it too, so a shutdown never leaves PGlite holding the process.
 */
async function databasePlugin(
  app: FastifyInstance,
  { database, closeWithApp }: { database: DatabaseHandle; closeWithApp: boolean },
) {
  app.decorate('database', database);
  app.decorate('db', database.db);
  if (closeWithApp) app.addHook('onClose', () => database.close());
}

export default fp(databasePlugin, { name: 'database' });
