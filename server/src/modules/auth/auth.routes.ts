import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  apiErrorSchema,
  localeSchema,
  loginBodySchema,
  meResponseSchema,
  okSchema,
  personNameSchema,
  setupBodySchema,
  setupStatusSchema,
} from '@cercle/shared';
import { appendSetCookie, requireUser } from '../../plugins/auth.ts';

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
