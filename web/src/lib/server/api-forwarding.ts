import { env } from '$env/dynamic/private';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import type { CurrentUser } from '@cercle/shared';
import { parseSetCookie } from './set-cookie.ts';

/**
 * Server-side calls from loads and actions to `/api/*`. In production the Fastify server puts
 * itself on the Node request under this symbol, and the call runs in-process through
 * `app.inject()` (no socket, no second HTTP parse). Under `vite dev` there is no such instance:
 * the call goes over HTTP to the API server.
 */
const fastifyInstanceKey = Symbol.for('cercle.fastify');

/**
 * The page request as the server opened it when handing it to SvelteKit: the visitor, read once,
 * and the token that lets this request's API calls reuse that read instead of reading the session
 * and memberships again (server/src/modules/auth/page-requests.ts).
 */
const pageRequestKey = Symbol.for('cercle.page-request');
const pageRequestHeader = 'x-cercle-page-request';

interface PageRequestHandle {
  readonly token: string;
  visitor(cookieHeader: string | undefined): Promise<{
    user: CurrentUser | null;
    setCookie: string | null;
  }>;
}

const contextHeaders = [
  'accept-language',
  'user-agent',
  // Fastify applies its own trustProxy rules to these, exactly as for a direct API request.
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
] as const;

interface InjectOptions {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: Uint8Array;
  remoteAddress?: string;
}

interface InjectResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  rawPayload: Uint8Array;
}

interface InjectableApp {
  inject(options: InjectOptions): Promise<InjectResponse>;
}

export function isApiRequest(event: RequestEvent, request: Request): boolean {
  const url = new URL(request.url);
  return (
    url.origin === event.url.origin && (url.pathname === '/api' || url.pathname.startsWith('/api/'))
  );
}

export async function forwardToApi(event: RequestEvent, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const headers = apiRequestHeaders(event, request);
  const bytes =
    request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  const body = bytes && bytes.byteLength > 0 ? bytes : undefined;

  const app = fastifyInstanceOf(event);
  const page = pageRequestOf(event);
  const response = app
    ? responseFromInjection(
        await app.inject({
          method: request.method,
          url: url.pathname + url.search,
          headers: page ? { ...headers, [pageRequestHeader]: page.token } : headers,
          // light-my-request treats anything but a Buffer as JSON to serialise.
          payload: body && Buffer.from(body),
          // Login is rate-limited per address: the API must see the visitor's, not ours.
          remoteAddress: event.platform?.req.socket.remoteAddress,
        }),
      )
    : await fetch(
        new URL(url.pathname + url.search, env.CERCLE_API_URL ?? 'http://127.0.0.1:3000'),
        {
          method: request.method,
          headers,
          body,
          redirect: 'manual',
        },
      );

  reissueSetCookies(event.cookies, response.headers);
  return response;
}

/**
 * The signed-in visitor of this request, as the server read it for the page (null when nobody is
 * signed in), or undefined without a Fastify instance (under `vite dev`).
 */
export async function visitorOf(event: RequestEvent): Promise<CurrentUser | null | undefined> {
  const page = pageRequestOf(event);
  if (!page) return undefined;
  const { user, setCookie } = await page.visitor(event.request.headers.get('cookie') ?? undefined);
  if (setCookie) reissueSetCookie(event.cookies, setCookie);
  return user;
}

function pageRequestOf(event: RequestEvent): PageRequestHandle | undefined {
  const req = event.platform?.req as (object & Record<symbol, unknown>) | undefined;
  const candidate = req?.[pageRequestKey] as Partial<PageRequestHandle> | undefined;
  return typeof candidate?.visitor === 'function' ? (candidate as PageRequestHandle) : undefined;
}

function fastifyInstanceOf(event: RequestEvent): InjectableApp | undefined {
  const req = event.platform?.req as (object & Record<symbol, unknown>) | undefined;
  const candidate = req?.[fastifyInstanceKey] as Partial<InjectableApp> | undefined;
  return typeof candidate?.inject === 'function' ? (candidate as InjectableApp) : undefined;
}

function apiRequestHeaders(event: RequestEvent, request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });

  // Cookies the visitor sent, updated by any the API set earlier in this same request.
  const cookie = event.cookies
    .getAll({ decode: (value) => value })
    .filter(({ value }) => value !== '')
    .map(({ name, value }) => `${name}=${value}`)
    .join('; ');
  if (cookie) headers.cookie = cookie;
  else delete headers.cookie;

  for (const name of contextHeaders) {
    const value = event.request.headers.get(name);
    if (value && !(name in headers)) headers[name] = value;
  }
  return headers;
}

function responseFromInjection(result: InjectResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
  }
  const bodyless = [204, 205, 304].includes(result.statusCode);
  return new Response(bodyless ? null : new Uint8Array(result.rawPayload), {
    status: result.statusCode,
    headers,
  });
}

/**
 * SvelteKit only relays `Set-Cookie` from fetches it runs itself; these ran outside it, so the
 * API's cookies (session, logout) are re-issued on the page response, unchanged.
 */
function reissueSetCookies(cookies: Cookies, headers: Headers): void {
  for (const line of headers.getSetCookie()) reissueSetCookie(cookies, line);
}

function reissueSetCookie(cookies: Cookies, line: string): void {
  const parsed = parseSetCookie(line);
  if (parsed) cookies.set(parsed.name, parsed.value, parsed.options);
}
