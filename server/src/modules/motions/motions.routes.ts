import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { refusalResponses } from '../../plugins/errors.ts';
import {
  amendmentListSchema,
  amendmentResponseSchema,
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
import { authorize, signedInActor } from '../../permissions.ts';
const params = z.object({ id: idSchema });

export const motionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { motions, polls } = app;
  const tags = ['motions'];

  app.get(
    '/assemblies/:id/motions',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        querystring: motionListQuerySchema,
        response: { 200: motionListSchema, ...refusalResponses },
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
        response: { 201: motionResponseSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      await authorize(request, 'motion.submit', { assemblyId: request.params.id });
      const { user, permissions } = await signedInActor(request);
      const motion = await motions.create(user, permissions, request.params.id, request.body);
      return reply.status(201).send({ motion });
    },
  );

  app.get(
    '/motions/:id',
    { schema: { tags, params, response: { 200: motionResponseSchema, ...refusalResponses } } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      await motions.visible(user, permissions, request.params.id);
      return { motion: await motions.detail(user, permissions, request.params.id) };
    },
  );

  app.patch(
    '/motions/:id',
    {
      schema: {
        tags,
        params,
        body: updateMotionBodySchema,
        response: { 200: motionResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return { motion: await motions.update(user, permissions, request.params.id, request.body) };
    },
  );

  const actions = {
    submit: (user, permissions, id) => motions.submit(user, permissions, id),
    support: (user, permissions, id) => motions.support(user, permissions, id, true),
    admit: (user, permissions, id) => motions.admit(user, permissions, id),
    withdraw: (user, permissions, id) => motions.withdraw(user, permissions, id),
  } satisfies Record<
    string,
    (
      user: Awaited<ReturnType<typeof signedInActor>>['user'],
      permissions: Awaited<ReturnType<typeof signedInActor>>['permissions'],
      id: string,
    ) => ReturnType<typeof motions.detail>
  >;

  for (const [action, run] of Object.entries(actions)) {
    app.post(
      `/motions/:id/${action}`,
      { schema: { tags, params, response: { 200: motionResponseSchema, ...refusalResponses } } },
      async (request) => {
        const { user, permissions } = await signedInActor(request);
        return { motion: await run(user, permissions, request.params.id) };
      },
    );
  }

  app.delete(
    '/motions/:id/support',
    { schema: { tags, params, response: { 200: motionResponseSchema, ...refusalResponses } } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
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
        response: { 200: motionResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
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
    { schema: { tags, params, response: { 200: motionVersionListSchema, ...refusalResponses } } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
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
        response: { 200: diffResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const { from, to } = request.query;
      return motions.diff(user, permissions, request.params.id, from, to);
    },
  );

  app.get(
    '/motions/:id/comments',
    { schema: { tags, params, response: { 200: commentListSchema, ...refusalResponses } } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
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
        response: { 201: commentResponseSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
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
    { schema: { tags, params, response: { 200: amendmentListSchema, ...refusalResponses } } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
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
        response: { 201: amendmentResponseSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      const amendment = await motions.amend(user, permissions, request.params.id, request.body);
      return reply.status(201).send({ amendment });
    },
  );

  app.post(
    '/amendments/:id/withdraw',
    { schema: { tags, params, response: { 200: okSchema, ...refusalResponses } } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      await motions.withdrawAmendment(user, permissions, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/motions/:id/polls',
    { schema: { tags, params, response: { 200: pollListSchema, ...refusalResponses } } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return { polls: await polls.forMotion(user, permissions, request.params.id) };
    },
  );

  app.get(
    '/motions/:id/objections',
    { schema: { tags, params, response: { 200: objectionListSchema, ...refusalResponses } } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        objections: await polls.objections(user, permissions, { motionId: request.params.id }),
      };
    },
  );
};
