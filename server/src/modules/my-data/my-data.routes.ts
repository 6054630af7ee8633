import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eraseAccountBodySchema, idSchema, okSchema } from '@cercle/shared';
import { z } from 'zod';
import { authorize } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';
import { appendSetCookie, requireUser } from '../auth/request-auth.ts';

/** The file's name says what and when: « cercle-mes-donnees-2027-03-12.json ». */
const attachment = (fileDate: string, extension: 'json' | 'html') =>
  `attachment; filename="cercle-mes-donnees-${fileDate}.${extension}"`;

/** A member's own data (GDPR art. 15, 17, 20): download it, or erase the account. */
export const myDataRoutes: FastifyPluginAsyncZod = async (app) => {
  const { myData, sessions } = app;
  const tags = ['my data'];

  app.get(
    '/me/export.json',
    {
      schema: {
        tags,
        description: 'Everything Cercle holds about the signed-in person, machine-readable.',
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      const { data, fileDate } = await myData.exportOf(user);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', attachment(fileDate, 'json'))
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.get(
    '/me/export.html',
    {
      schema: {
        tags,
        description: 'The same as a printable page in the person’s language.',
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      const { html, fileDate } = await myData.exportDocument(user, user.locale);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-disposition', attachment(fileDate, 'html'))
        .header('cache-control', 'no-store')
        .send(html);
    },
  );

  app.post(
    '/me/erase',
    {
      schema: {
        tags,
        description:
          'Erases the signed-in person’s account: their password and their email address typed ' +
          'again. Signs them out; the records the assemblies keep show a pseudonym.',
        body: eraseAccountBodySchema,
        response: { 200: okSchema, ...refusalResponses, 429: refusalResponses[400] },
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      await myData.eraseSelf(user, request.body, request.ip);
      appendSetCookie(reply, sessions.blankCookie());
      return { ok: true as const };
    },
  );

  app.post(
    '/users/:id/erase',
    {
      schema: {
        tags,
        description:
          'An admin erases a person’s account at their request: the admin’s own password and ' +
          'the account’s email address.',
        params: z.object({ id: idSchema }),
        body: eraseAccountBodySchema,
        response: { 200: okSchema, ...refusalResponses, 429: refusalResponses[400] },
      },
    },
    async (request) => {
      const admin = await authorize(request, 'account.erase', null);
      await myData.eraseByAdmin(admin, request.params.id, request.body, request.ip);
      return { ok: true as const };
    },
  );
};
