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
import { appendSetCookie } from '../../plugins/auth.ts';
import { createInvitationsService } from './invitations.service.ts';

export const invitationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const invitations = createInvitationsService({
    db: app.db,
    mailer: app.mailer,
    sessions: app.sessions,
    auth: app.auth,
    publicUrl: app.config.publicUrl,
    log: app.log,
  });

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
      return reply.status(201).send(await invitations.create(inviter, request.body));
    },
  );

  app.get(
    '/invitations/:token',
    {
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
    async (request) => invitations.lookup(request.params.token),
  );

  app.post(
    '/invitations/:token/accept',
    {
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
      const { user, cookie } = await invitations.accept(
        request.params.token,
        request.body,
        request.auth?.user ?? null,
      );
      if (cookie) appendSetCookie(reply, cookie);
      return { user };
    },
  );
};
