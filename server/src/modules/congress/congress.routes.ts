import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  compositeResponseBodySchema,
  congressTextsSchema,
  congressMotionListSchema,
  congressPhaseSchema,
  congressReplySchema,
  createCompositeBodySchema,
  createCongressBodySchema,
  forwardMotionBodySchema,
  idSchema,
  localeSchema,
  recordMandateBodySchema,
  updatePhaseBodySchema,
} from '@cercle/shared';
import { authorize, signedInActor } from '../../permissions.ts';
import { requireUser } from '../auth/request-auth.ts';
import { refusalResponses } from '../../plugins/errors.ts';

const params = z.object({ id: idSchema });
const exportQuery = z.object({ lang: localeSchema.default('fr') });

export const congressRoutes: FastifyPluginAsyncZod = async (app) => {
  const { congress } = app;
  const tags = ['congress'];
  const congressReply = { 200: congressReplySchema, ...refusalResponses };
  const motionsReply = { 200: congressMotionListSchema, ...refusalResponses };

  app.post(
    '/congresses',
    {
      schema: {
        tags,
        body: createCongressBodySchema,
        response: { 201: congressReplySchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const actor = await authorize(request, 'congress.manage', null);
      return reply.status(201).send({ congress: await congress.create(actor, request.body) });
    },
  );

  // The whole movement follows the congress's preparation: any signed-in person may read it.
  app.get(
    '/congresses/:id',
    { schema: { tags, params, response: congressReply } },
    async (request) => {
      requireUser(request);
      return { congress: await congress.timeline(request.params.id) };
    },
  );

  app.patch(
    '/congresses/:id/phases/:phase',
    {
      schema: {
        tags,
        params: z.object({ id: idSchema, phase: congressPhaseSchema }),
        body: updatePhaseBodySchema,
        response: congressReply,
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const { id, phase } = request.params;
      return { congress: await congress.movePhase(user, permissions, id, phase, request.body) };
    },
  );

  app.get(
    '/congresses/:id/motions',
    { schema: { tags, params, response: motionsReply } },
    async (request) => {
      requireUser(request);
      return { motions: await congress.motions(request.params.id) };
    },
  );

  // Read by whoever may read the congress's motions, whose texts these are.
  app.get(
    '/congresses/:id/texts',
    {
      schema: {
        tags,
        params,
        querystring: z.object({ status: z.enum(['adopted', 'open']).default('adopted') }),
        description:
          'The current texts of the motions the congress adopted (its published result), or of ' +
          'those still debated (compositing compares them), as HTML.',
        response: { 200: congressTextsSchema, ...refusalResponses },
      },
    },
    async (request) => {
      requireUser(request);
      return { texts: await congress.texts(request.params.id, request.query.status) };
    },
  );

  app.post(
    '/congresses/:id/motions/forward',
    {
      schema: {
        tags,
        params,
        body: forwardMotionBodySchema,
        response: { 201: congressMotionListSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      const motions = await congress.forward(
        user,
        permissions,
        request.params.id,
        request.body.motionId,
      );
      return reply.status(201).send({ motions });
    },
  );

  app.post(
    '/congresses/:id/mandates',
    { schema: { tags, params, body: recordMandateBodySchema, response: motionsReply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        motions: await congress.recordMandate(user, permissions, request.params.id, request.body),
      };
    },
  );

  app.post(
    '/congresses/:id/composites',
    {
      schema: {
        tags,
        params,
        body: createCompositeBodySchema,
        response: { 201: congressMotionListSchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      const motions = await congress.composite(user, permissions, request.params.id, request.body);
      return reply.status(201).send({ motions });
    },
  );

  app.post(
    '/congresses/:id/composites/:compositeId/responses',
    {
      schema: {
        tags,
        params: z.object({ id: idSchema, compositeId: idSchema }),
        body: compositeResponseBodySchema.extend({ motionId: idSchema }),
        response: motionsReply,
      },
    },
    async (request) => {
      const { user } = await signedInActor(request);
      const { id, compositeId } = request.params;
      const { motionId, ...answer } = request.body;
      return {
        motions: await congress.respondToComposite(user, id, compositeId, motionId, answer),
      };
    },
  );

  app.get(
    '/congresses/:id/export.md',
    { schema: { tags, params, querystring: exportQuery } },
    async (request, reply) => {
      requireUser(request);
      const { markdown, fileName } = await congress.document(request.params.id, request.query.lang);
      return reply
        .header('content-type', 'text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}.md"`)
        .send(markdown);
    },
  );

  app.get(
    '/congresses/:id/export.pdf',
    { schema: { tags, params, querystring: exportQuery } },
    async (request, reply) => {
      requireUser(request);
      const { pdf, fileName } = await congress.pdf(request.params.id, request.query.lang);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${fileName}.pdf"`)
        .send(pdf);
    },
  );
};
