import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  answerCoauthorBodySchema,
  coauthorParamsSchema,
  idSchema,
  inviteCoauthorBodySchema,
  motionResponseSchema,
  personSearchQuerySchema,
  personSearchResultSchema,
} from '@cercle/shared';
import { signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';

const params = z.object({ id: idSchema });

/** Co-authors of a motion: invite, answer, remove or leave. */
export const coauthorsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { coauthors } = app;
  const tags = ['motions'];

  app.get(
    '/motions/:id/coauthors/candidates',
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
        people: await coauthors.candidates(user, permissions, request.params.id, request.query.q),
      };
    },
  );

  app.post(
    '/motions/:id/coauthors',
    {
      schema: {
        tags,
        params,
        body: inviteCoauthorBodySchema,
        response: { 201: motionResponseSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      const motion = await coauthors.invite(
        user,
        permissions,
        request.params.id,
        request.body.userId,
      );
      return reply.status(201).send({ motion });
    },
  );

  app.post(
    '/motions/:id/coauthors/me',
    {
      schema: {
        tags,
        params,
        body: answerCoauthorBodySchema,
        response: { 200: motionResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        motion: await coauthors.answer(user, permissions, request.params.id, request.body.answer),
      };
    },
  );

  app.delete(
    '/motions/:id/coauthors/:userId',
    {
      schema: {
        tags,
        params: coauthorParamsSchema,
        response: { 200: motionResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        motion: await coauthors.remove(user, permissions, request.params.id, request.params.userId),
      };
    },
  );
};
