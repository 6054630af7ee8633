import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiErrorSchema,
  attachmentListSchema,
  attachmentReplySchema,
  type AttachmentSubject,
  idSchema,
  okSchema,
  uploadAttachmentQuerySchema,
} from '@cercle/shared';
import { actorOf, signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';
import type { Reader } from './attachments.service.ts';

const params = z.object({ id: idSchema });

/** Where each kind of subject lives in the API. */
const subjectPaths: [string, AttachmentSubject][] = [
  ['motions', 'motion'],
  ['meetings', 'meeting'],
  ['minutes', 'minutes'],
];

/** Public minutes' files can be read signed out: the minutes' own rules decide. */
async function readerOf(request: FastifyRequest): Promise<Reader | null> {
  if (!request.auth) return null;
  return { user: request.auth.user, actor: await actorOf(request, request.auth.user) };
}

/** Images are shown in the page; anything else is saved, never opened by the browser. */
const shownInline = (mediaType: string) => mediaType.startsWith('image/');

/** The name in an ASCII fallback and exactly in UTF-8 (RFC 6266). */
function disposition(mediaType: string, fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${shownInline(mediaType) ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const attachmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { attachments } = app;
  const tags = ['attachments'];

  for (const [path, kind] of subjectPaths) {
    app.get(
      `/${path}/:id/attachments`,
      {
        config: { public: true },
        schema: { tags, params, response: { 200: attachmentListSchema, ...refusalResponses } },
      },
      async (request) => attachments.list(await readerOf(request), kind, request.params.id),
    );
  }

  // The uploads take the file itself as the body, whatever its Content-Type: a parser that reads
  // nothing hands the request stream to the service, which writes it to disk as it comes and
  // cuts it past the limit. Only these routes have it; the rest of the API speaks JSON.
  await app.register(async (plugin) => {
    const uploads = plugin.withTypeProvider<ZodTypeProvider>();
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(null));
    for (const [path, kind] of subjectPaths) {
      uploads.post(
        `/${path}/:id/attachments`,
        {
          bodyLimit: attachments.maxBytes,
          schema: {
            tags,
            params,
            querystring: uploadAttachmentQuerySchema,
            response: {
              201: attachmentReplySchema,
              ...refusalResponses,
              413: apiErrorSchema,
              415: apiErrorSchema,
            },
          },
        },
        async (request, reply) => {
          const { user, permissions } = await signedInActor(request);
          const length = request.headers['content-length'];
          const attachment = await attachments
            .upload({ user, actor: permissions }, kind, request.params.id, {
              name: request.query.name,
              body: request.raw,
              declaredLength: length === undefined ? undefined : Number(length),
            })
            .catch((error: unknown) => {
              // Refused before its end, an upload's remaining bytes are not worth reading:
              // the connection closes after the answer instead.
              if (!request.raw.readableEnded) reply.header('connection', 'close');
              throw error;
            });
          return reply.status(201).send({ attachment });
        },
      );
    }
  });

  app.get(
    '/attachments/:id',
    { config: { public: true }, schema: { tags, params } },
    async (request, reply) => {
      const { attachment, body } = await attachments.download(
        await readerOf(request),
        request.params.id,
      );
      const text = attachment.mediaType.startsWith('text/');
      return (
        reply
          .header(
            'content-type',
            text ? `${attachment.mediaType}; charset=utf-8` : attachment.mediaType,
          )
          .header('content-length', String(attachment.sizeBytes))
          .header('content-disposition', disposition(attachment.mediaType, attachment.fileName))
          .header('x-content-type-options', 'nosniff')
          // Whatever the file holds, it runs nothing and reaches nothing as our origin.
          .header(
            'content-security-policy',
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
          )
          .header('cache-control', 'private, no-cache')
          .header('etag', `"${attachment.sha256}"`)
          .send(body)
      );
    },
  );

  app.delete(
    '/attachments/:id',
    { schema: { tags, params, response: { 200: okSchema, ...refusalResponses } } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      await attachments.remove({ user, actor: permissions }, request.params.id);
      return { ok: true as const };
    },
  );
};
