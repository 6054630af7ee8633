import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isApiPath } from '../api-path.ts';
import { AppError } from '../errors.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request is same-origin when its Origin is the public URL, or the host the browser actually
 * used (a laptop serving a village hall is reached by its LAN address, not by PUBLIC_URL).
 */
function isAllowedOrigin(request: FastifyRequest, origin: string, publicOrigin: string) {
  if (origin === publicOrigin) return true;
  try {
    const url = new URL(origin);
    return url.host === request.host && url.protocol === `${request.protocol}:`;
  } catch {
    return false;
  }
}

/** Headers every response carries, and the refusal of cross-site writes on the API. */
async function securityPlugin(app: FastifyInstance) {
  const publicOrigin = app.config.publicUrl.origin;
  const https = app.config.publicUrl.protocol === 'https:';

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');

    if (!isApiPath(request.url)) return;
    reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    reply.header('cache-control', 'no-store');

    // Cookies authenticate the API, so a write (or a websocket) from another site must be refused.
    // Requests without Origin come from non-browser clients, which carry no ambient cookie risk.
    const origin = request.headers.origin;
    const guarded = !safeMethods.has(request.method) || request.headers.upgrade !== undefined;
    if (guarded && origin && !isAllowedOrigin(request, origin, publicOrigin)) {
      throw new AppError(403, 'auth.forbidden_origin', `Requests from ${origin} are not allowed.`);
    }
  });
}

export default fp(securityPlugin, { name: 'security', dependencies: ['errors'] });
