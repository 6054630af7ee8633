import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isApiPath } from '../api-path.ts';
import { type AuthContext, appendSetCookie, requireUser } from '../modules/auth/request-auth.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without signing in (login, setup, invitation links, health). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user of this request, or null. Set for every /api request and upgrade. */
    auth: AuthContext | null;
  }
}

/** Resolves the session cookie of every API request (and websocket upgrade) into `request.auth`. */
async function authPlugin(app: FastifyInstance) {
  const { sessions, auth } = app;
  app.decorateRequest('auth', null);
  // A reset link requested just before a shutdown still goes out.
  app.addHook('preClose', () => auth.settled());

  app.addHook('onRequest', async (request, reply) => {
    if (!isApiPath(request.url)) return;
    const { session, user, setCookie } = await sessions.validate(request.headers.cookie);
    if (setCookie) appendSetCookie(reply, setCookie);
    if (session && user) request.auth = { user, sessionId: session.id };
  });

  // Every API route needs a signed-in user unless it says otherwise; checked before the body
  // is validated, so an anonymous caller learns nothing about what the route expects.
  app.addHook('preValidation', async (request) => {
    if (!isApiPath(request.url) || request.routeOptions.config.public) return;
    if (request.routeOptions.url === undefined) return; // 404s keep their own answer
    requireUser(request);
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['database'] });
