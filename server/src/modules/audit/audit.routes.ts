import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  assemblyParamsSchema,
  auditEventPageSchema,
  auditEventsQuerySchema,
  auditVerificationSchema,
  auditVerifyQuerySchema,
} from '@cercle/shared';
import { authorize, signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';
import { givenHead } from './audit-chain.ts';

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266). */
const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** The audit of an assembly's event chain, for its members. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { audit, auditTrail } = app;
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
      const { head, maxAge } = request.query;
      const given = (head === undefined ? [] : [head].flat()).map(givenHead);
      return audit.verify(request.params.id, given, { maxAgeMs: maxAge * 1000 });
    },
  );

  /**
   * The raw events, one JSON line each after a header line: what `pnpm audit:verify FILE`
   * checks without the server. `export.jsonl` is the audit page's name for the same file.
   */
  for (const path of ['/assemblies/:id/audit/chain.jsonl', '/assemblies/:id/audit/export.jsonl']) {
    app.get(path, { schema: { tags, params: assemblyParamsSchema } }, async (request, reply) => {
      const { permissions } = await signedInActor(request);
      await auditTrail.requireReader(permissions, request.params.id);
      const { text, fileName } = await audit.chainFile(request.params.id);
      return reply
        .header('content-type', 'application/jsonl; charset=utf-8')
        .header('content-disposition', attachment(fileName))
        .send(text);
    });
  }

  /** The trail in words, newest first, for those the assembly's `auditVisibility` lets read it. */
  app.get(
    '/assemblies/:id/audit/events',
    {
      schema: {
        tags,
        params: assemblyParamsSchema,
        querystring: auditEventsQuerySchema,
        response: { 200: auditEventPageSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const { lang, ...query } = request.query;
      return auditTrail.page(permissions, request.params.id, { ...query }, lang ?? user.locale);
    },
  );
};
