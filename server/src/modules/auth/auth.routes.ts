import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  apiErrorSchema,
  changePasswordBodySchema,
  localeSchema,
  loginBodySchema,
  meResponseSchema,
  okSchema,
  passwordResetBodySchema,
  passwordResetRequestBodySchema,
  personNameSchema,
  setupBodySchema,
  setupStatusSchema,
} from '@cercle/shared';
import { appendSetCookie, requireUser } from './request-auth.ts';

const updateMeBodySchema = z
  .object({
    name: personNameSchema.optional(),
    locale: localeSchema.optional(),
    digestOptOut: z.boolean().optional(),
  })
  .strict();

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        body: loginBodySchema,
        response: { 200: meResponseSchema, 401: apiErrorSchema, 429: apiErrorSchema },
      },
    },
    async (request, reply) => {
      const { user, cookie } = await app.auth.login(request.body, request.ip);
      appendSetCookie(reply, cookie);
      return { user };
    },
  );

  app.post(
    '/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], response: { 200: okSchema } } },
    async (request, reply) => {
      // Signing out twice, or with an expired cookie, is not an error: the outcome is the same.
      if (request.auth) {
        const { sessionId, user } = request.auth;
        appendSetCookie(reply, await app.sessions.end({ id: sessionId, userId: user.id }));
      }
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], response: { 200: meResponseSchema, 401: apiErrorSchema } } },
    async (request) => {
      const { user } = requireUser(request);
      return { user: await app.auth.currentUser(user) };
    },
  );

  app.patch(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        body: updateMeBodySchema,
        response: { 200: meResponseSchema, 401: apiErrorSchema },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      return { user: await app.auth.updateProfile(user, request.body) };
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        description:
          'Changes the signed-in user’s password. A wrong current password counts as a failed ' +
          'sign-in; on success every other session of the user ends, this one stays.',
        body: changePasswordBodySchema,
        response: {
          200: okSchema,
          400: apiErrorSchema,
          401: apiErrorSchema,
          403: apiErrorSchema,
          429: apiErrorSchema,
        },
      },
    },
    async (request) => {
      await app.auth.changePassword(requireUser(request), request.body, request.ip);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        description:
          'Mails a link to choose a new password (valid 1 h, single use) if the address is an ' +
          'account. The answer is the same whether or not it is.',
        body: passwordResetRequestBodySchema,
        response: { 202: okSchema, 400: apiErrorSchema, 429: apiErrorSchema },
      },
    },
    async (request, reply) => {
      await app.auth.requestPasswordReset(request.body.email, request.ip);
      return reply.code(202).send({ ok: true as const });
    },
  );

  app.post(
    '/auth/password-reset/complete',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        description:
          'Sets a new password with the token of a mailed link; every session of the user ends.',
        body: passwordResetBodySchema,
        response: { 200: okSchema, 400: apiErrorSchema, 404: apiErrorSchema, 410: apiErrorSchema },
      },
    },
    async (request) => {
      await app.auth.completePasswordReset(request.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/setup',
    { config: { public: true }, schema: { tags: ['auth'], response: { 200: setupStatusSchema } } },
    async () => ({ needed: await app.auth.setupNeeded() }),
  );

  app.post(
    '/auth/setup',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        body: setupBodySchema,
        response: { 200: meResponseSchema, 403: apiErrorSchema, 409: apiErrorSchema },
      },
    },
    async (request, reply) => {
      const { user, cookie } = await app.auth.completeSetup(request.body);
      appendSetCookie(reply, cookie);
      return { user };
    },
  );
};
