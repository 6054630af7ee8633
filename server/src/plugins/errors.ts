import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ApiError, apiErrorSchema, type ErrorCode } from '@cercle/shared';
import { AppError } from '../errors.ts';

/** The refusals most routes may answer, for their response schemas (and so the OpenAPI). */
export const refusalResponses = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
} as const;

function sendError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  field?: string,
) {
  const body: ApiError = { error: { code, message, ...(field ? { field } : {}) } };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/**
 * The one place refusals take their shape (DESIGN §7). Known errors keep their status and code;
 * everything else is logged with its stack and answered as a bare 500.
 */
async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.retryAfter) reply.header('retry-after', String(error.retryAfter));
      return sendError(reply, error.statusCode, error.code, error.message, error.field);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const path = first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '';
      const field = path || (error.validationContext === 'body' ? 'body' : undefined);
      const where = field ? `${field}: ` : '';
      return sendError(
        reply,
        400,
        'validation.invalid',
        `${where}${first?.message ?? 'invalid'}`,
        field,
      );
    }
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return sendError(reply, 413, 'http.payload_too_large', 'The request body is too large.');
    }
    if (status === 415) {
      return sendError(reply, 415, 'http.unsupported_media_type', 'Send the body as JSON.');
    }
    if (status === 400) {
      // Unparseable JSON, empty body with a JSON content type, and the like.
      return sendError(reply, 400, 'validation.invalid', error.message, 'body');
    }
    if (status > 400 && status < 500) {
      return sendError(reply, status, 'validation.invalid', error.message);
    }
    request.log.error({ err: error, route: request.routeOptions.url }, 'unhandled error');
    return sendError(reply, 500, 'server.internal', 'Something went wrong on our side.');
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'http.not_found', `No route ${request.method} ${request.url}.`),
  );
}

export default fp(errorsPlugin, { name: 'errors' });
