import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  amendmentListSchema,
  amendmentResponseSchema,
  apiErrorSchema,
  assemblyParamsSchema,
  commentListSchema,
  commentResponseSchema,
  createAmendmentBodySchema,
  createCommentBodySchema,
  createMotionBodySchema,
  diffQuerySchema,
  diffResponseSchema,
  idSchema,
  motionListQuerySchema,
  motionListSchema,
  motionResponseSchema,
  motionVersionListSchema,
  objectionListSchema,
  okSchema,
  pollListSchema,
  referMotionBodySchema,
  updateMotionBodySchema,
} from '@cercle/shared';
import { actorOf, authorize } from '../../permissions.ts';
import { requireUser } from '../../plugins/auth.ts';

const refusals = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
};
const params = z.object({ id: idSchema });

export const motionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { motions, polls } = app;
  const tags = ['motions'];

  /** The signed-in user and their permissions, for services that decide per motion. */
  async function who(request: Parameters<typeof requireUser>[0]) {
    const { user } = requireUser(request);
    return { user, permissions: await actorOf(request, user) };
  }

  app.get(
    '/assemblies/:id/motions',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        querystring: motionListQuerySchema,
        response: { 200: motionListSchema, ...refusals },
      },
    },
    async (request) => {
      const viewer = await authorize(request, 'assembly.view', { assemblyId: request.params.id });
      return { motions: await motions.list(viewer, request.params.id, request.query) };
    },
  );

  app.post(
    '/assemblies/:id/motions',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        body: createMotionBodySchema,
        response: { 201: motionResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const actor = await authorize(request, 'motion.submit', { assemblyId: request.params.id });
      const motion = await motions.create(actor, request.params.id, request.body);
      return reply.status(201).send({ motion });
    },
  );

  app.get(
    '/motions/:id',
    { schema: { tags, params, response: { 200: motionResponseSchema, ...refusals } } },
    async (request) => {
      const { user, permissions } = await who(request);
      await motions.visible(user, permissions, request.params.id);
      return { motion: await motions.detail(user, request.params.id) };
    },
  );

  app.patch(
    '/motions/:id',
    {
      schema: {
        tags,
        params,
        body: updateMotionBodySchema,
        response: { 200: motionResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const { user, permissions } = await who(request);
      return { motion: await motions.update(user, permissions, request.params.id, request.body) };
    },
  );

  const actions = {
    submit: (user, permissions, id) => motions.submit(user, permissions, id),
    support: (user, permissions, id) => motions.support(user, permissions, id, true),
    admit: (user, permissions, id) => motions.admit(user, permissions, id),
    withdraw: async (user, permissions, id) =>
      motions.withdraw(user, permissions, id, await polls.hasRunningPoll(id)),
  } satisfies Record<
    string,
    (
      user: Awaited<ReturnType<typeof who>>['user'],
      permissions: Awaited<ReturnType<typeof who>>['permissions'],
      id: string,
    ) => ReturnType<typeof motions.detail>
  >;

  for (const [action, run] of Object.entries(actions)) {
    app.post(
      `/motions/:id/${action}`,
      { schema: { tags, params, response: { 200: motionResponseSchema, ...refusals } } },
      async (request) => {
        const { user, permissions } = await who(request);
        return { motion: await run(user, permissions, request.params.id) };
      },
    );
  }

  app.delete(
    '/motions/:id/support',
    { schema: { tags, params, response: { 200: motionResponseSchema, ...refusals } } },
    async (request) => {
      const { user, permissions } = await who(request);
      return { motion: await motions.support(user, permissions, request.params.id, false) };
    },
  );

  app.post(
    '/motions/:id/refer',
    {
      schema: {
        tags,
        params,
        body: referMotionBodySchema,
        response: { 200: motionResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const { user, permissions } = await who(request);
      const motion = await motions.refer(
        user,
        permissions,
        request.params.id,
        request.body.assemblyId,
      );
      return { motion };
    },
  );

  app.get(
    '/motions/:id/versions',
    { schema: { tags, params, response: { 200: motionVersionListSchema, ...refusals } } },
    async (request) => {
      const { user, permissions } = await who(request);
      return { versions: await motions.versions(user, permissions, request.params.id) };
    },
  );

  app.get(
    '/motions/:id/diff',
    {
      schema: {
        tags,
        params,
        querystring: diffQuerySchema,
        response: { 200: diffResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const { user, permissions } = await who(request);
      const { from, to } = request.query;
      return motions.diff(user, permissions, request.params.id, from, to);
    },
  );

  app.get(
    '/motions/:id/comments',
    { schema: { tags, params, response: { 200: commentListSchema, ...refusals } } },
    async (request) => {
      const { user, permissions } = await who(request);
      return { comments: await motions.comments(user, permissions, request.params.id) };
    },
  );

  app.post(
    '/motions/:id/comments',
    {
      schema: {
        tags,
        params,
        body: createCommentBodySchema,
        response: { 201: commentResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await who(request);
      const comment = await motions.comment(
        user,
        permissions,
        request.params.id,
        request.body.text,
      );
      return reply.status(201).send({ comment });
    },
  );

  app.get(
    '/motions/:id/amendments',
    { schema: { tags, params, response: { 200: amendmentListSchema, ...refusals } } },
    async (request) => {
      const { user, permissions } = await who(request);
      return { amendments: await motions.amendments(user, permissions, request.params.id) };
    },
  );

  app.post(
    '/motions/:id/amendments',
    {
      schema: {
        tags,
        params,
        body: createAmendmentBodySchema,
        response: { 201: amendmentResponseSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await who(request);
      const amendment = await motions.amend(user, permissions, request.params.id, request.body);
      return reply.status(201).send({ amendment });
    },
  );

  app.post(
    '/amendments/:id/withdraw',
    { schema: { tags, params, response: { 200: okSchema, ...refusals } } },
    async (request) => {
      const { user, permissions } = await who(request);
      await motions.withdrawAmendment(user, permissions, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/motions/:id/polls',
    { schema: { tags, params, response: { 200: pollListSchema, ...refusals } } },
    async (request) => {
      const { user, permissions } = await who(request);
      return { polls: await polls.forMotion(user, permissions, request.params.id) };
    },
  );

  app.get(
    '/motions/:id/objections',
    { schema: { tags, params, response: { 200: objectionListSchema, ...refusals } } },
    async (request) => {
      const { user, permissions } = await who(request);
      return {
        objections: await polls.objections(user, permissions, { motionId: request.params.id }),
      };
    },
  );
};
