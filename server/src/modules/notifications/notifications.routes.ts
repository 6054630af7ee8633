import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  apiErrorSchema,
  digestTimeSchema,
  markNotificationsReadBodySchema,
  notificationListQuerySchema,
  notificationListSchema,
  okSchema,
} from '@cercle/shared';
import { z } from 'zod';
import { refusalResponses } from '../../plugins/errors.ts';
import { requireUser } from '../auth/request-auth.ts';

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { notifications } = app;
  const tags = ['notifications'];

  // Notifications are one's own: being signed in is the whole permission.
  app.get(
    '/notifications',
    {
      schema: {
        tags,
        querystring: notificationListQuerySchema,
        response: { 200: notificationListSchema, 400: apiErrorSchema, 401: apiErrorSchema },
      },
    },
    async (request) => {
      return notifications.list(requireUser(request).user.id, request.query);
    },
  );

  app.get(
    '/notifications/digest-time',
    {
      schema: {
        tags,
        description:
          'When the signed-in person’s next daily digest comes, at the digest hour in their ' +
          'antenna’s zone (null: as soon as there is news, at most one a day).',
        response: { 200: digestTimeSchema, 401: apiErrorSchema },
      },
    },
    async (request) => notifications.digestTime(requireUser(request).user.id),
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        tags,
        body: markNotificationsReadBodySchema,
        response: { 200: okSchema, 400: apiErrorSchema, 401: apiErrorSchema },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      await notifications.markRead(user.id, request.body.ids);
      return { ok: true as const };
    },
  );

  // A one-click unsubscribe (RFC 8058) posts `List-Unsubscribe=One-Click` as a form: read as
  // text here only, and ignored (the address is the whole request).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  // The secret in the address is the permission: mail clients post it without a session.
  app.post(
    '/unsubscribe/:token',
    {
      config: { public: true },
      schema: {
        tags,
        description:
          'Stops the daily digest of the person this link was mailed to (the link of a ' +
          'digest, and its List-Unsubscribe header). Signed in or not.',
        params: z.object({ token: z.string().regex(/^[\w-]{20,100}$/) }),
        response: { 200: okSchema, ...refusalResponses },
      },
    },
    async (request) => {
      await notifications.unsubscribe(request.params.token);
      return { ok: true as const };
    },
  );
};
