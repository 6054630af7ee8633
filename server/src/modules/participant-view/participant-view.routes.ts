import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idSchema, participantViewSchema } from '@cercle/shared';
import { signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';

const params = z.object({ id: idSchema });

/** A participant's live view of a meeting, in one call (see the service). */
export const participantViewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/meetings/:id/participant-view',
    {
      schema: {
        tags: ['meetings'],
        description:
          'What a participant’s page of a meeting shows: the meeting, the polls it is deciding, ' +
          'the list of speakers, the viewer’s proxies, elections, minutes and files. Its size ' +
          'does not grow with the assembly’s: people are searched for with ' +
          '`/meetings/:id/proxy-holders` and `/meetings/:id/members`.',
        params,
        response: { 200: participantViewSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return app.participantView.view(user, permissions, request.params.id);
    },
  );
};
