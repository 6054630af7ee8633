import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  acceptInvitationBodySchema,
  apiErrorSchema,
  createInvitationBodySchema,
  createInvitationResponseSchema,
  invitationLookupResponseSchema,
  invitationTokenParamsSchema,
  meResponseSchema,
} from '@cercle/shared';
import { authorize } from '../../permissions.ts';
import { appendSetCookie } from '../auth/request-auth.ts';

export const invitationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/invitations',
    {
      schema: {
        tags: ['invitations'],
        body: createInvitationBodySchema,
        response: {
          201: createInvitationResponseSchema,
          400: apiErrorSchema,
          401: apiErrorSchema,
          403: apiErrorSchema,
          404: apiErrorSchema,
          409: apiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const inviter = await authorize(request, 'member.invite', {
        assemblyId: request.body.assemblyId,
      });
      return reply.status(201).send(await app.invitations.create(inviter, request.body));
    },
  );

  app.get(
    '/invitations/:token',
    {
      config: { public: true },
      schema: {
        tags: ['invitations'],
        params: invitationTokenParamsSchema,
        response: {
          200: invitationLookupResponseSchema,
          404: apiErrorSchema,
          409: apiErrorSchema,
          410: apiErrorSchema,
        },
      },
    },
    async (request) => app.invitations.lookup(request.params.token),
  );

  app.post(
    '/invitations/:token/accept',
    {
      config: { public: true },
      schema: {
        tags: ['invitations'],
        params: invitationTokenParamsSchema,
        body: acceptInvitationBodySchema,
        response: {
          200: meResponseSchema,
          400: apiErrorSchema,
          401: apiErrorSchema,
          403: apiErrorSchema,
          404: apiErrorSchema,
          409: apiErrorSchema,
          410: apiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { user, cookie } = await app.invitations.accept(
        request.params.token,
        request.body,
        request.auth?.user ?? null,
      );
      if (cookie) appendSetCookie(reply, cookie);
      return { user };
    },
  );
};
