import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponseSchema } from '@cercle/shared';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { public: true, neverShed: true },
      schema: { tags: ['health'], response: { 200: healthResponseSchema } },
    },
    async () => ({
      status: 'ok' as const,
      database: app.database.kind,
      migrations: await app.database.appliedMigrations(),
      worker: app.worker.id,
      workers: app.worker.count,
    }),
  );
};
