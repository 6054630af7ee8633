import type { ErrorCode } from '@cercle/shared';

/**
 * A refusal the user can act on. Services throw it; the central error handler turns it into
 * `{ error: { code, message, field? } }` with its status. Anything else becomes a hidden 500.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 503,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Seconds before retrying, for 429 and 503. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
