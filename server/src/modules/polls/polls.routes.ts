import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { refusalResponses } from '../../plugins/errors.ts';
import {
  castBallotBodySchema,
  castBallotResponseSchema,
  createPollBodySchema,
  objectionListSchema,
  objectionResponseSchema,
  okSchema,
  pollListSchema,
  pollParamsSchema,
  pollResponseSchema,
  siteCountsBodySchema,
  updateObjectionBodySchema,
} from '@cercle/shared';
import { signedInActor } from '../../permissions.ts';

export const pollsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { polls } = app;
  const tags = ['polls'];

  app.post(
    '/polls',
    {
      schema: {
        tags,
        body: createPollBodySchema,
        response: { 201: pollResponseSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      return reply.status(201).send({ poll: await polls.create(user, permissions, request.body) });
    },
  );

  const pollReply = {
    schema: {
      tags,
      params: pollParamsSchema,
      response: { 200: pollResponseSchema, ...refusalResponses },
    },
  };

  app.get('/polls/:id', pollReply, async (request) => {
    const { user, permissions } = await signedInActor(request);
    return { poll: await polls.get(user, permissions, request.params.id) };
  });

  // Opening freezes the electorate; closing counts and applies the outcome. Secretaries only.
  const steps = { open: polls.open, close: polls.closeBy };
  for (const [step, run] of Object.entries(steps)) {
    app.post(`/polls/:id/${step}`, pollReply, async (request) => {
      const { user, permissions } = await signedInActor(request);
      return { poll: await run(user, permissions, request.params.id) };
    });
  }

  app.delete(
    '/polls/:id',
    {
      schema: {
        tags,
        params: pollParamsSchema,
        response: { 200: okSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      await polls.remove(user, permissions, request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/polls/:id/ballots',
    {
      config: { castsVotes: true },
      schema: {
        tags,
        params: pollParamsSchema,
        body: castBallotBodySchema,
        response: {
          200: castBallotResponseSchema,
          201: castBallotResponseSchema,
          ...refusalResponses,
        },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      // Its batch told every socket of the new count when it committed.
      const result = await polls.cast(user, permissions, request.params.id, request.body);
      // 201 when this request counted a new ballot; 200 for a change or a harmless resend.
      return reply.status(result.status === 'counted' ? 201 : 200).send(result);
    },
  );

  app.get(
    '/polls/:id/objections',
    {
      schema: {
        tags,
        params: pollParamsSchema,
        response: { 200: objectionListSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        objections: await polls.objections(user, permissions, { pollId: request.params.id }),
      };
    },
  );

  app.patch(
    '/objections/:id',
    {
      schema: {
        tags,
        params: pollParamsSchema,
        body: updateObjectionBodySchema,
        response: { 200: objectionResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        objection: await polls.updateObjection(user, permissions, request.params.id, request.body),
      };
    },
  );

  // A meeting's polls, and the show-of-hands counts its sites enter: the polls' own routes.
  app.get(
    '/meetings/:id/polls',
    {
      schema: {
        tags: ['meetings'],
        params: pollParamsSchema,
        response: { 200: pollListSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      await app.meetings.load(permissions, request.params.id, 'meeting.attend');
      return { polls: await polls.inMeeting(user, request.params.id) };
    },
  );

  app.post(
    '/polls/:id/site-counts',
    {
      config: { castsVotes: true },
      schema: {
        tags,
        params: pollParamsSchema,
        body: siteCountsBodySchema,
        response: { 200: pollResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const poll = await polls.enterSiteCounts(user, permissions, request.params.id, request.body);
      app.realtime.pollChanged(request.params.id);
      return { poll };
    },
  );
};
