import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  assemblyParamsSchema,
  auditVerificationSchema,
  auditVerifyQuerySchema,
} from '@cercle/shared';
import { authorize } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';
import { givenHead } from './audit-chain.ts';

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266). */
const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** The audit of an assembly's event chain, for its members. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { audit } = app;
  const tags = ['audit'];

  app.get(
    '/assemblies/:id/audit/verify',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        querystring: auditVerifyQuerySchema,
        response: { 200: auditVerificationSchema, ...refusalResponses },
      },
    },
    async (request) => {
      await authorize(request, 'assembly.view', { assemblyId: request.params.id });
      const { head } = request.query;
      const given = (head === undefined ? [] : [head].flat()).map(givenHead);
      return audit.verify(request.params.id, given);
    },
  );

  app.get(
    '/assemblies/:id/audit/chain.jsonl',
    { schema: { tags, params: assemblyParamsSchema } },
    async (request, reply) => {
      await authorize(request, 'assembly.view', { assemblyId: request.params.id });
      const { text, fileName } = await audit.chainFile(request.params.id);
      return reply
        .header('content-type', 'application/jsonl; charset=utf-8')
        .header('content-disposition', attachment(fileName))
        .send(text);
    },
  );
};
