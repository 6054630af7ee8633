import type { FastifyRequest } from 'fastify';

/**
 * Errors as the logs may carry them. A failed query's text ends with its parameters, and the
 * database's detail quotes the offending values: people's e-mails, password hashes, texts. The
 * log keeps what locates the fault (the database's error code, constraint, table and column, the
 * statement's first words, where in the code) and never a value.
 */
export function serializeError(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: '', stack: '' };
  const database = databaseFailure(error);
  if (database) return database;
  return {
    type: error.name,
    message: error.message,
    stack: error.stack ?? '',
    ...(error.cause === undefined ? {} : { cause: serializeError(error.cause) }),
  };
}

/** The shape Fastify's logger expects of an error serializer. */
interface LoggedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

export interface DatabaseErrorFields {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  /** Quotes values: for deciding what to answer, never for the log. */
  detail?: unknown;
}

const isWrappedQueryError = (error: Error) => 'query' in error && 'params' in error; // drizzle's
const isDatabaseError = (error: Error) => 'severity' in error && 'code' in error; // pg's, PGlite's

/** The database's own error behind `error` (drizzle wraps it), or null for any other error. */
export function databaseCause(error: unknown): DatabaseErrorFields | null {
  if (!(error instanceof Error)) return null;
  if (isDatabaseError(error)) return error as DatabaseErrorFields;
  if (isWrappedQueryError(error) && error.cause instanceof Error && isDatabaseError(error.cause)) {
    return error.cause as DatabaseErrorFields;
  }
  return null;
}

function databaseFailure(error: Error): LoggedError | null {
  const wrapped = isWrappedQueryError(error);
  if (!wrapped && !isDatabaseError(error)) return null;
  const cause = (wrapped ? error.cause : error) as DatabaseErrorFields | undefined;
  const statement = wrapped ? String((error as { query: unknown }).query) : '';
  return {
    type: 'DatabaseError',
    message: 'A database statement failed (its values are not logged).',
    code: cause?.code,
    constraint: cause?.constraint,
    table: cause?.table,
    column: cause?.column,
    // The statement's opening words say which one without its values (they are parameters).
    statement: statement.split(/\s+/).slice(0, 6).join(' ') || undefined,
    // The first line of a stack repeats the message, which holds the values: keep the frames.
    stack: (error.stack ?? '')
      .split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .join('\n'),
  };
}

/**
 * Links that carry a secret (password reset, invitation, first setup) are logged without it:
 * whoever reads the log must not be able to open them.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^(\/(?:api\/)?(?:password-reset|invitations)\/)[^/?#]+/, '$1[secret]')
    .replace(/([?&]token=)[^&#]*/, '$1[secret]');
}

/** Fastify's request serializer, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
