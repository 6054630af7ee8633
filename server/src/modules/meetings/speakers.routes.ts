import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  giveFloorBodySchema,
  idSchema,
  personSearchQuerySchema,
  personSearchResultSchema,
  requestFloorBodySchema,
  speakerListQuerySchema,
  speakerListResponseSchema,
  speakerListStateBodySchema,
} from '@cercle/shared';
import { signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';

const params = z.object({ id: idSchema });

/**
 * The list of speakers of a meeting. Every answer is the list as it stands after the change, so a
 * screen that acted needs no second request; the others follow the events.
 */
export const speakersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { speakers } = app;
  const tags = ['meetings'];
  const response = { 200: speakerListResponseSchema, ...refusalResponses };

  app.get(
    '/meetings/:id/speakers',
    { schema: { tags, params, querystring: speakerListQuerySchema, response } },
    async (request) => {
      const { permissions } = await signedInActor(request);
      return {
        speakers: await speakers.list(permissions, request.params.id, request.query.itemId),
      };
    },
  );

  app.get(
    '/meetings/:id/members',
    {
      schema: {
        tags,
        params,
        querystring: personSearchQuerySchema,
        response: { 200: personSearchResultSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        people: await speakers.peopleToActFor(
          user,
          permissions,
          request.params.id,
          request.query.q,
        ),
      };
    },
  );

  app.post(
    '/meetings/:id/speakers',
    { schema: { tags, params, body: requestFloorBodySchema, response } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        speakers: await speakers.request(user, permissions, request.params.id, request.body),
      };
    },
  );

  app.delete('/speaker-requests/:id', { schema: { tags, params, response } }, async (request) => {
    const { user, permissions } = await signedInActor(request);
    return { speakers: await speakers.withdraw(user, permissions, request.params.id) };
  });

  app.post(
    '/meetings/:id/speakers/floor',
    { schema: { tags, params, body: giveFloorBodySchema, response } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        speakers: await speakers.giveFloor(
          user,
          permissions,
          request.params.id,
          request.body.requestId,
        ),
      };
    },
  );

  app.post(
    '/meetings/:id/speakers/floor/end',
    { schema: { tags, params, response } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return { speakers: await speakers.endFloorNow(user, permissions, request.params.id) };
    },
  );

  app.put(
    '/meetings/:id/speakers/state',
    { schema: { tags, params, body: speakerListStateBodySchema, response } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        speakers: await speakers.setClosed(user, permissions, request.params.id, request.body),
      };
    },
  );
};
