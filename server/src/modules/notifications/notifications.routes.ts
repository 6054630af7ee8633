import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  apiErrorSchema,
  markNotificationsReadBodySchema,
  notificationListQuerySchema,
  notificationListSchema,
  okSchema,
} from '@cercle/shared';
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
};
