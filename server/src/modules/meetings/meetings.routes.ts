import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  agendaNoteBodySchema,
  cancelMeetingBodySchema,
  assemblyParamsSchema,
  checkInBodySchema,
  checkOutBodySchema,
  createAgendaItemBodySchema,
  createMeetingBodySchema,
  createProxyBodySchema,
  createSiteBodySchema,
  currentItemBodySchema,
  idSchema,
  meetingListSchema,
  meetingResponseSchema,
  okSchema,
  personSearchQuerySchema,
  personSearchResultSchema,
  proxyListSchema,
  updateAgendaItemBodySchema,
  updateMeetingBodySchema,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { authorize, signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';
import { icalendar } from '../../text/icalendar.ts';

const params = z.object({ id: idSchema });

export const meetingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { meetings, polls } = app;
  const tags = ['meetings'];
  const meetingReply = { 200: meetingResponseSchema, ...refusalResponses };

  app.get(
    '/assemblies/:id/meetings',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        response: { 200: meetingListSchema, ...refusalResponses },
      },
    },
    async (request) => {
      await authorize(request, 'meeting.attend', { assemblyId: request.params.id });
      return { meetings: await meetings.list(request.params.id) };
    },
  );

  app.post(
    '/assemblies/:id/meetings',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        body: createMeetingBodySchema,
        response: { 201: meetingResponseSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      await authorize(request, 'meeting.run', { assemblyId: request.params.id });
      const { user, permissions } = await signedInActor(request);
      const meeting = await meetings.create(user, permissions, request.params.id, request.body);
      return reply.status(201).send({ meeting });
    },
  );

  // The meeting, its sites (with live presence) and its agenda come as one document, whichever
  // of these three paths a client asks for (ARCHITECTURE.md, "API shape").
  for (const path of ['/meetings/:id', '/meetings/:id/sites', '/meetings/:id/agenda']) {
    app.get(path, { schema: { tags, params, response: meetingReply } }, async (request) => {
      const { user, permissions } = await signedInActor(request);
      await meetings.load(permissions, request.params.id, 'meeting.attend');
      return { meeting: await meetings.detail(user, permissions, request.params.id) };
    });
  }

  app.patch(
    '/meetings/:id',
    { schema: { tags, params, body: updateMeetingBodySchema, response: meetingReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      // An open poll's electorate was frozen under the other rule (ARCHITECTURE.md, "Rules").
      if (
        request.body.accreditationRequired !== undefined &&
        (await polls.openInMeeting(request.params.id)) > 0
      ) {
        await meetings.load(permissions, request.params.id, 'meeting.run');
        throw new AppError(
          409,
          'meetings.invalid_state',
          'Close the open polls before changing accreditation.',
          'accreditationRequired',
        );
      }
      return { meeting: await meetings.update(user, permissions, request.params.id, request.body) };
    },
  );

  app.post(
    '/meetings/:id/start',
    { schema: { tags, params, response: meetingReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return { meeting: await meetings.start(user, permissions, request.params.id) };
    },
  );

  app.post(
    '/meetings/:id/cancel',
    { schema: { tags, params, body: cancelMeetingBodySchema, response: meetingReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        meeting: await meetings.cancel(user, permissions, request.params.id, request.body),
      };
    },
  );

  app.post(
    '/meetings/:id/end',
    { schema: { tags, params, response: meetingReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const open = await polls.openInMeeting(request.params.id);
      return { meeting: await meetings.end(user, permissions, request.params.id, open > 0) };
    },
  );

  app.post(
    '/meetings/:id/sites',
    { schema: { tags, params, body: createSiteBodySchema, response: meetingReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        meeting: await meetings.addSite(user, permissions, request.params.id, request.body),
      };
    },
  );

  app.post(
    '/meetings/:id/agenda',
    { schema: { tags, params, body: createAgendaItemBodySchema, response: meetingReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        meeting: await meetings.addAgendaItem(user, permissions, request.params.id, request.body),
      };
    },
  );

  app.patch(
    '/agenda-items/:id',
    { schema: { tags, params, body: updateAgendaItemBodySchema, response: meetingReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        meeting: await meetings.updateAgendaItem(
          user,
          permissions,
          request.params.id,
          request.body,
        ),
      };
    },
  );

  app.post(
    '/agenda-items/:id/notes',
    {
      schema: {
        tags,
        params,
        body: agendaNoteBodySchema,
        response: { 200: okSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      await meetings.addNote(user, permissions, request.params.id, request.body.text);
      return { ok: true as const };
    },
  );

  app.post(
    '/meetings/:id/current-item',
    { schema: { tags, params, body: currentItemBodySchema, response: meetingReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        meeting: await meetings.setCurrentItem(
          user,
          permissions,
          request.params.id,
          request.body.itemId,
        ),
      };
    },
  );

  app.post(
    '/meetings/:id/attendance',
    { schema: { tags, params, body: checkInBodySchema, response: meetingReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        meeting: await meetings.checkIn(user, permissions, request.params.id, request.body),
      };
    },
  );

  app.delete(
    '/meetings/:id/attendance',
    { schema: { tags, params, body: checkOutBodySchema.nullish(), response: meetingReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        meeting: await meetings.checkOut(
          user,
          permissions,
          request.params.id,
          request.body?.userId,
        ),
      };
    },
  );

  app.get(
    '/meetings/:id/proxies',
    { schema: { tags, params, response: { 200: proxyListSchema, ...refusalResponses } } },
    async (request) => {
      const { permissions } = await signedInActor(request);
      return { proxies: await meetings.proxies(permissions, request.params.id) };
    },
  );

  app.get(
    '/meetings/:id/proxy-holders',
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
        people: await meetings.proxyHolders(user, permissions, request.params.id, request.query.q),
      };
    },
  );

  app.post(
    '/meetings/:id/proxies',
    {
      schema: {
        tags,
        params,
        body: createProxyBodySchema,
        response: { 201: proxyListSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      await meetings.giveProxy(user, permissions, request.params.id, request.body);
      return reply
        .status(201)
        .send({ proxies: await meetings.proxies(permissions, request.params.id) });
    },
  );

  app.delete(
    '/proxies/:id',
    { schema: { tags, params, response: { 200: okSchema, ...refusalResponses } } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      await meetings.revokeProxy(user, permissions, request.params.id);
      return { ok: true as const };
    },
  );

  app.get('/meetings/:id/calendar.ics', { schema: { tags, params } }, async (request, reply) => {
    const { user, permissions } = await signedInActor(request);
    await meetings.load(permissions, request.params.id, 'meeting.attend');
    const meeting = await meetings.detail(user, permissions, request.params.id);
    const agenda = meeting.agenda.map(
      (item) => `${item.position}. ${item.title} (${item.durationMinutes} min)`,
    );
    const ics = icalendar(
      meeting.title,
      [
        {
          uid: `${meeting.id}@cercle`,
          title: meeting.title,
          description: agenda.join('\n'),
          location: [meeting.location, ...meeting.sites.map((site) => site.name)]
            .filter(Boolean)
            .join(', '),
          startsAt: new Date(meeting.startsAt),
          endsAt: new Date(meeting.endsAt),
          timeZone: meeting.timeZone,
          url: new URL(`/meetings/${meeting.id}`, app.config.publicUrl).href,
          cancelled: meeting.status === 'cancelled',
        },
      ],
      { locale: user.locale },
    );
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="seance-${meeting.id}.ics"`)
      .send(ics);
  });
};
