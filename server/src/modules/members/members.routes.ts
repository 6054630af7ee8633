import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { refusalResponses } from '../../plugins/errors.ts';
import {
  addMemberBodySchema,
  addMemberResponseSchema,
  assemblyParamsSchema,
  importMembersBodySchema,
  importResultSchema,
  memberListQuerySchema,
  memberListSchema,
  memberParamsSchema,
  memberResponseSchema,
  okSchema,
  updateMemberBodySchema,
} from '@cercle/shared';
import { actorOf, allows, authorize } from '../../permissions.ts';

export const membersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { members } = app;
  const tags = ['members'];

  app.get(
    '/assemblies/:id/members',
    {
      schema: {
        tags,
        description:
          'The directory, a page at a time (`limit`, at most 1,000, from `offset`), by name; ' +
          '`q` keeps the members whose name holds each of its words. `total` counts them all.',
        params: assemblyParamsSchema,
        querystring: memberListQuerySchema,
        response: { 200: memberListSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const scope = { assemblyId: request.params.id };
      const viewer = await authorize(request, 'member.view', scope);
      // Addresses are for those who manage the assembly, not for every member.
      const showEmails = allows(await actorOf(request, viewer), 'member.manage', scope);
      return members.list(request.params.id, request.query, showEmails);
    },
  );

  app.get(
    '/assemblies/:id/members/:userId',
    {
      schema: {
        tags,
        params: memberParamsSchema,
        response: { 200: memberResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { id, userId } = request.params;
      const viewer = await authorize(request, 'member.view', { assemblyId: id });
      const showEmail = allows(await actorOf(request, viewer), 'member.manage', { assemblyId: id });
      return { member: await members.one(id, userId, showEmail) };
    },
  );

  app.post(
    '/assemblies/:id/members',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        body: addMemberBodySchema,
        response: { 201: addMemberResponseSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const actor = await authorize(request, 'member.manage', { assemblyId: request.params.id });
      const result = await members.add(actor, request.params.id, request.body);
      return reply.status(201).send(result);
    },
  );

  app.patch(
    '/assemblies/:id/members/:userId',
    {
      schema: {
        tags,
        params: memberParamsSchema,
        body: updateMemberBodySchema,
        response: { 200: memberResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { id, userId } = request.params;
      const actor = await authorize(request, 'member.manage', { assemblyId: id });
      return { member: await members.update(actor, id, userId, request.body) };
    },
  );

  app.delete(
    '/assemblies/:id/members/:userId',
    {
      schema: {
        tags,
        params: memberParamsSchema,
        response: { 200: okSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { id, userId } = request.params;
      const actor = await authorize(request, 'member.manage', { assemblyId: id });
      await members.remove(actor, id, userId);
      return { ok: true as const };
    },
  );

  app.post(
    '/assemblies/:id/members/import',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        body: importMembersBodySchema,
        response: { 200: importResultSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const actor = await authorize(request, 'member.manage', { assemblyId: request.params.id });
      const permissions = await actorOf(request, actor);
      return members.importCsv(actor, permissions, request.params.id, request.body);
    },
  );
};
