import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { refusalResponses } from '../../plugins/errors.ts';
import {
  apiErrorSchema,
  assemblyListSchema,
  assemblyParamsSchema,
  assemblyResponseSchema,
  collegeListSchema,
  createAssemblyBodySchema,
  createCollegeBodySchema,
  replaceCollegesBodySchema,
  updateAssemblyBodySchema,
} from '@cercle/shared';
import { authorize } from '../../permissions.ts';
import { requireUser } from '../auth/request-auth.ts';

export const assembliesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { assemblies } = app;
  const tags = ['assemblies'];

  // The movement's structure is open to every signed-in person; members lists are not.
  app.get(
    '/assemblies',
    { schema: { tags, response: { 200: assemblyListSchema, 401: apiErrorSchema } } },
    async (request) => {
      requireUser(request);
      return { assemblies: await assemblies.list() };
    },
  );

  app.post(
    '/assemblies',
    {
      schema: {
        tags,
        body: createAssemblyBodySchema,
        response: { 201: assemblyResponseSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const actor = await authorize(request, 'assembly.manage', null);
      return reply.status(201).send({ assembly: await assemblies.create(actor, request.body) });
    },
  );

  app.get(
    '/assemblies/:id',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        response: { 200: assemblyResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      return { assembly: await assemblies.detail(request.params.id, user) };
    },
  );

  app.patch(
    '/assemblies/:id',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        body: updateAssemblyBodySchema,
        response: { 200: assemblyResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      // A secretary may choose who reads the audit trail; every other change is the admins'.
      const { settings, ...fields } = request.body;
      const onlyAuditVisibility =
        Object.keys(fields).length === 0 &&
        settings !== undefined &&
        Object.keys(settings).every((key) => key === 'auditVisibility');
      const permission = onlyAuditVisibility ? 'audit.configure' : 'assembly.manage';
      const actor = await authorize(request, permission, { assemblyId: request.params.id });
      return { assembly: await assemblies.update(actor, request.params.id, request.body) };
    },
  );

  app.get(
    '/assemblies/:id/colleges',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        response: { 200: collegeListSchema, ...refusalResponses },
      },
    },
    async (request) => {
      requireUser(request);
      return { colleges: await assemblies.listColleges(request.params.id) };
    },
  );

  app.post(
    '/assemblies/:id/colleges',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        body: createCollegeBodySchema,
        response: { 201: collegeListSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const actor = await authorize(request, 'assembly.manage', { assemblyId: request.params.id });
      const colleges = await assemblies.addCollege(actor, request.params.id, request.body);
      return reply.status(201).send({ colleges });
    },
  );

  app.put(
    '/assemblies/:id/colleges',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        body: replaceCollegesBodySchema,
        response: { 200: collegeListSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const actor = await authorize(request, 'assembly.manage', { assemblyId: request.params.id });
      return { colleges: await assemblies.replaceColleges(actor, request.params.id, request.body) };
    },
  );
};
