import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  apiErrorSchema,
  markNotificationsReadBodySchema,
  notificationListSchema,
  okSchema,
} from '@cercle/shared';
import { requireUser } from '../auth/request-auth.ts';
import { createNotificationsRepository } from './notifications.repository.ts';

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const repository = createNotificationsRepository({ db: app.db });
  const tags = ['notifications'];

  // Notifications are one's own: being signed in is the whole permission.
  app.get(
    '/notifications',
    { schema: { tags, response: { 200: notificationListSchema, 401: apiErrorSchema } } },
    async (request) => {
      const { user } = requireUser(request);
      const [rows, unread] = await Promise.all([
        repository.listFor(user.id),
        repository.unreadCount(user.id),
      ]);
      return {
        notifications: rows.map((row) => ({
          id: row.id,
          type: row.type,
          assemblyId: row.assemblyId,
          motionId: row.motionId,
          subjectId: row.subjectId,
          title: row.title,
          createdAt: row.createdAt.toISOString(),
          read: row.readAt !== null,
        })),
        unread,
      };
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
      await repository.markRead(user.id, request.body.ids);
      return { ok: true as const };
    },
  );
};
