import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { todoListSchema } from '@cercle/shared';
import { signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';

export const todoRoutes: FastifyPluginAsyncZod = async (app) => {
  const { todo } = app;

  /** One's own list: being signed in is the permission; each line is checked by the service. */
  app.get(
    '/me/todo',
    {
      schema: {
        tags: ['my data'],
        description:
          'What waits for the signed-in person, soonest deadline first: polls to answer, ' +
          'meetings coming, motions to support, objections and composites to answer, ' +
          'invitations to co-author, mandates to give, minutes to approve or publish.',
        response: { 200: todoListSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return { items: await todo.of(permissions, user.id) };
    },
  );
};
