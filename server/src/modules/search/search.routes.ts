import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { searchQuerySchema, searchResponseSchema } from '@cercle/shared';
import { signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  // `app.search` is Fastify's route shorthand for the SEARCH method: the service is `textSearch`.
  const { textSearch } = app;

  /** Signed in only: what each person finds is what they may read (the service's SQL). */
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        querystring: searchQuerySchema,
        response: { 200: searchResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return textSearch.search(user, permissions, request.query);
    },
  );
};
