import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { calendarFeedResponseSchema } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { requireUser } from '../auth/request-auth.ts';
import { refusalResponses } from '../../plugins/errors.ts';

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const { calendar } = app;
  const tags = ['meetings'];

  // One's own feed: being signed in is the whole permission.
  app.post(
    '/calendar/feed',
    { schema: { tags, response: { 200: calendarFeedResponseSchema, ...refusalResponses } } },
    async (request) => ({ url: await calendar.newFeed(requireUser(request).user.id) }),
  );

  // The secret address is the permission: calendar applications cannot sign in.
  app.get(
    '/calendar/:file',
    {
      config: { public: true },
      schema: { tags, params: z.object({ file: z.string().regex(/^[\w-]{20,100}\.ics$/) }) },
    },
    async (request, reply) => {
      const ics = await calendar.feed(request.params.file.slice(0, -'.ics'.length));
      if (ics === null) throw new AppError(404, 'http.not_found', 'No such calendar.');
      return reply.type('text/calendar; charset=utf-8').send(ics);
    },
  );
};
