import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  accreditDelegateBodySchema,
  delegateQuotasBodySchema,
  delegateUserParamsSchema,
  designateDelegateBodySchema,
  idSchema,
  meetingDelegatesResponseSchema,
} from '@cercle/shared';
import { signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';

const params = z.object({ id: idSchema });

/** Quotas, delegates and their accreditation (ARCHITECTURE.md, "Rules"); each answers the roll-up. */
export const accreditationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accreditation } = app;
  const tags = ['meetings'];
  const reply = { 200: meetingDelegatesResponseSchema, ...refusalResponses };

  app.get(
    '/meetings/:id/delegates',
    { schema: { tags, params, response: reply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return { delegates: await accreditation.rollUp(user, permissions, request.params.id) };
    },
  );

  app.put(
    '/meetings/:id/delegate-quotas',
    { schema: { tags, params, body: delegateQuotasBodySchema, response: reply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        delegates: await accreditation.setQuotas(
          user,
          permissions,
          request.params.id,
          request.body,
        ),
      };
    },
  );

  app.post(
    '/meetings/:id/delegates',
    { schema: { tags, params, body: designateDelegateBodySchema, response: reply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        delegates: await accreditation.designate(
          user,
          permissions,
          request.params.id,
          request.body,
        ),
      };
    },
  );

  app.delete(
    '/meetings/:id/delegates/:userId',
    { schema: { tags, params: delegateUserParamsSchema, response: reply } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const { id, userId } = request.params;
      return { delegates: await accreditation.withdraw(user, permissions, id, userId) };
    },
  );

  app.post(
    '/meetings/:id/delegates/:userId/accreditation',
    {
      schema: {
        tags,
        params: delegateUserParamsSchema,
        body: accreditDelegateBodySchema,
        response: reply,
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const { id, userId } = request.params;
      return {
        delegates: await accreditation.accredit(user, permissions, id, userId, request.body.siteId),
      };
    },
  );
};
