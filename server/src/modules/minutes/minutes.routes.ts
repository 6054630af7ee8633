import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  assemblyParamsSchema,
  createMinutesBodySchema,
  idSchema,
  minutesHistorySchema,
  minutesPreviewReplySchema,
  minutesReplySchema,
  regenerateMinutesBodySchema,
  updateMinutesBodySchema,
} from '@cercle/shared';
import { actorOf, signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';

const params = z.object({ id: idSchema });

/** Public minutes can be read signed out: the service decides, from the assembly's setting. */
async function readerOf(request: FastifyRequest) {
  return request.auth ? actorOf(request, request.auth.user) : null;
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266). */
const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export const minutesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { minutes } = app;
  const tags = ['minutes'];
  const reply200 = { 200: minutesReplySchema, ...refusalResponses };
  const open = { public: true };

  app.get(
    '/meetings/:id/minutes',
    {
      config: open,
      schema: { tags, params, response: { 200: minutesHistorySchema, ...refusalResponses } },
    },
    async (request) => ({
      versions: await minutes.history(await readerOf(request), request.params.id),
    }),
  );

  app.post(
    '/meetings/:id/minutes',
    {
      schema: {
        tags,
        params,
        body: createMinutesBodySchema,
        response: { 201: minutesReplySchema, ...refusalResponses },
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      const created = await minutes.create(user, permissions, request.params.id, request.body);
      return reply.status(201).send({ minutes: created });
    },
  );

  app.get(
    '/assemblies/:id/minutes',
    {
      config: open,
      schema: {
        tags,
        params: assemblyParamsSchema,
        response: { 200: minutesHistorySchema, ...refusalResponses },
      },
    },
    async (request) => ({
      versions: await minutes.published(await readerOf(request), request.params.id),
    }),
  );

  app.get(
    '/minutes/:id',
    { config: open, schema: { tags, params, response: reply200 } },
    async (request) => ({ minutes: await minutes.get(await readerOf(request), request.params.id) }),
  );

  app.patch(
    '/minutes/:id',
    { schema: { tags, params, body: updateMinutesBodySchema, response: reply200 } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        minutes: await minutes.update(user, permissions, request.params.id, request.body.text),
      };
    },
  );

  app.post(
    '/minutes/:id/preview',
    {
      schema: {
        tags,
        params,
        body: updateMinutesBodySchema,
        response: { 200: minutesPreviewReplySchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { permissions } = await signedInActor(request);
      return { html: await minutes.preview(permissions, request.params.id, request.body.text) };
    },
  );

  app.post(
    '/minutes/:id/regenerate',
    { schema: { tags, params, body: regenerateMinutesBodySchema, response: reply200 } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        minutes: await minutes.regenerate(
          user,
          permissions,
          request.params.id,
          request.body.language,
        ),
      };
    },
  );

  app.post(
    '/minutes/:id/:step',
    {
      schema: {
        tags,
        params: z.object({ id: idSchema, step: z.enum(['approve', 'publish']) }),
        response: reply200,
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const { id, step } = request.params;
      return {
        minutes:
          step === 'approve'
            ? await minutes.approve(user, permissions, id)
            : await minutes.publish(user, permissions, id),
      };
    },
  );

  app.get(
    '/minutes/:id/export.md',
    { config: open, schema: { tags, params } },
    async (request, reply) => {
      const { text, fileName } = await minutes.markdown(await readerOf(request), request.params.id);
      return reply
        .header('content-type', 'text/markdown; charset=utf-8')
        .header('content-disposition', attachment(fileName))
        .send(text);
    },
  );

  app.get(
    '/minutes/:id/export.pdf',
    { config: open, schema: { tags, params } },
    async (request, reply) => {
      const { pdf, fileName } = await minutes.pdf(await readerOf(request), request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachment(fileName))
        .send(pdf);
    },
  );
};
