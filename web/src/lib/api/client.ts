import type { ApiError } from '@cercle/shared';

/** The `fetch` of a SvelteKit load or action (`event.fetch`): it carries the visitor's session. */
export type Fetch = typeof fetch;

export interface ApiFailure {
  ok: false;
  status: number;
  /** An API error code (`auth.invalid_credentials`…), or `network` when no answer came. */
  code: string;
  message: string;
  field?: string;
  retryAfterSeconds?: number;
}

export type ApiResult<T> = { ok: true; data: T } | ApiFailure;

interface ApiRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Validates a successful body; a mismatch is a contract bug and throws. */
  parse: (body: unknown) => T;
}

export async function requestApi<T>(fetch: Fetch, request: ApiRequest<T>): Promise<ApiResult<T>> {
  const hasBody = request.body !== undefined;
  // Bytes (an uploaded file) go as they are; everything else as JSON.
  const bytes =
    request.body instanceof Uint8Array ? new Blob([request.body as BlobPart]) : undefined;
  let response: Response;
  try {
    response = await fetch(`/api${request.path}`, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(hasBody
          ? { 'content-type': bytes ? 'application/octet-stream' : 'application/json' }
          : {}),
      },
      body: bytes ?? (hasBody ? JSON.stringify(request.body) : undefined),
    });
  } catch (cause) {
    console.error(`API ${request.method} ${request.path} unreachable`, cause);
    return { ok: false, status: 503, code: 'network', message: 'API unreachable' };
  }

  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { ok: true, data: request.parse(body) };

  const error = apiErrorOf(body);
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    ok: false,
    status: response.status,
    code: error?.code ?? 'server.internal',
    message: error?.message ?? response.statusText,
    ...(error?.field ? { field: error.field } : {}),
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

/**
 * The API's refusal (`{ error: { code, message, field? } }`), or undefined for any other body.
 * Read by hand, not with the shared schema: this module runs in the browser too, where zod and
 * the schemas would weigh some 38 KB.
 */
function apiErrorOf(body: unknown): ApiError['error'] | undefined {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, field } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code, message, ...(typeof field === 'string' ? { field } : {}) };
}
