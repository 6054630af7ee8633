import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ApiError, apiErrorSchema, type ErrorCode } from '@cercle/shared';
import { AppError } from '../errors.ts';
import { databaseCause } from '../logging.ts';

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
 * The one place refusals take their shape (ARCHITECTURE.md, "API shape"). Known errors keep their
 * status and code; everything else is logged with its stack and answered as a bare 500.
 */
async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.retryAfter) reply.header('retry-after', String(error.retryAfter));
      return sendError(reply, error.statusCode, error.code, error.message, error.field);
    }
    const refusal = databaseRefusal(error, request);
    if (refusal) {
      // The schemas or the service should have refused first, with better words: say so.
      request.log.warn(
        { err: error, route: request.routeOptions.url },
        'input refused by the database',
      );
      return sendError(reply, refusal.statusCode, refusal.code, refusal.message, refusal.field);
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
    sendError(
      reply,
      404,
      'http.not_found',
      `No route ${request.method} ${request.url.slice(0, 200)}.`,
    ),
  );
}

/**
 * Fastify's own refusals before any route runs (a URL whose escapes do not decode, a path
 * parameter longer than the router takes), in the same coded shape as every other refusal.
 * Give it to Fastify as its `frameworkErrors` option.
 */
export function answerFrameworkError(error: FastifyError, _request: unknown, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendError(reply, 404, 'http.not_found', 'No such resource: its id is far too long.');
  }
  return sendError(
    reply,
    400,
    'http.bad_url',
    'The address is malformed (a %-escape does not decode).',
  );
}

/** Column names as the API spells fields: `assembly_id` → `assemblyId`. */
const camelCase = (column: string) =>
  column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Where in the request a value came from: a path parameter, or a body field's path. */
function fieldHolding(request: FastifyRequest, value: string) {
  for (const [name, held] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
    if (held === value) return { in: 'params' as const, field: name };
  }
  const stack: [unknown, string][] = [[request.body, '']];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (node === value) return { in: 'body' as const, field: path };
    if (node && typeof node === 'object') {
      for (const [key, item] of Object.entries(node))
        stack.push([item, path ? `${path}.${key}` : key]);
    }
  }
  return null;
}

/**
 * The database's refusals of what a request asked for, as coded 4xx naming the field: the last
 * line of defence behind the schemas and services (which should refuse first, with better words).
 * A reference to a row that does not exist is a 404 when it came in the path, a 400 in the body.
 */
function databaseRefusal(error: unknown, request: FastifyRequest): AppError | null {
  const cause = databaseCause(error);
  if (!cause) return null;
  const column = typeof cause.column === 'string' ? camelCase(cause.column) : undefined;
  switch (cause.code) {
    case '23503': {
      // "Key (assembly_id)=(…) is not present in table …": the value says which field sent it.
      const key = /^Key \(([^)]+)\)=\((.*)\) is not present/.exec(String(cause.detail ?? ''));
      const source = key ? fieldHolding(request, key[2]!) : null;
      const field = source?.field ?? (key ? camelCase(key[1]!) : undefined);
      if (source?.in === 'params') {
        return new AppError(404, 'http.not_found', `${field}: no such item.`, field);
      }
      return new AppError(
        400,
        'validation.unknown_reference',
        `${field ?? 'body'}: refers to nothing that exists.`,
        field ?? 'body',
      );
    }
    case '23505':
      return new AppError(409, 'validation.duplicate', 'This already exists.', column);
    case '23502':
    case '23514':
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22021':
    case '22P02':
    case '22P05':
      return new AppError(
        400,
        'validation.invalid',
        `${column ?? 'body'}: a value is out of range or malformed.`,
        column ?? 'body',
      );
    default:
      return null;
  }
}

export default fp(errorsPlugin, { name: 'errors' });
