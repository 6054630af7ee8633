import { and, eq, gte, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { meetings, members, users } from '@cercle/db';
import { calendarFeedResponseSchema } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { requireUser } from '../auth/request-auth.ts';
import { refusalResponses } from '../../plugins/errors.ts';
import { icalendar } from '../../text/icalendar.ts';
import { hashToken, newSecretToken } from '../../tokens.ts';

const feedHistoryMs = 30 * 24 * 3600_000;

/** A per-person iCalendar feed of the meetings of every assembly they belong to. */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['meetings'];

  app.post(
    '/calendar/feed',
    { schema: { tags, response: { 200: calendarFeedResponseSchema, ...refusalResponses } } },
    async (request) => {
      const { user } = requireUser(request);
      const token = newSecretToken();
      await app.db
        .update(users)
        .set({ calendarToken: hashToken(token) })
        .where(eq(users.id, user.id));
      return { url: new URL(`/api/calendar/${token}.ics`, app.config.publicUrl).href };
    },
  );

  app.get(
    '/calendar/:file',
    {
      config: { public: true },
      schema: { tags, params: z.object({ file: z.string().regex(/^[\w-]{20,100}\.ics$/) }) },
    },
    async (request, reply) => {
      const token = request.params.file.slice(0, -'.ics'.length);
      const [owner] = await app.db
        .select()
        .from(users)
        .where(eq(users.calendarToken, hashToken(token)));
      if (!owner) throw new AppError(404, 'http.not_found', 'No such calendar.');
      const assemblyIds = (
        await app.db
          .select({ id: members.assemblyId })
          .from(members)
          .where(eq(members.userId, owner.id))
      ).map((row) => row.id);
      const rows = assemblyIds.length
        ? await app.db
            .select()
            .from(meetings)
            .where(
              and(
                inArray(meetings.assemblyId, assemblyIds),
                gte(meetings.endsAt, new Date(Date.now() - feedHistoryMs)),
              ),
            )
        : [];
      const ics = icalendar(
        'Cercle',
        rows.map((meeting) => ({
          uid: `${meeting.id}@cercle`,
          title: meeting.title,
          description: '',
          location: meeting.location,
          startsAt: meeting.startsAt,
          endsAt: meeting.endsAt,
          url: new URL(`/meetings/${meeting.id}`, app.config.publicUrl).href,
        })),
      );
      return reply.type('text/calendar; charset=utf-8').send(ics);
    },
  );
};
