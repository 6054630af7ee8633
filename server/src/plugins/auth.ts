import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isApiPath, isInProcess } from '../api-path.ts';
import { type PageRequest, pageRequestHeader } from '../modules/auth/page-requests.ts';
import { type AuthContext, appendSetCookie, requireUser } from '../modules/auth/request-auth.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without signing in (login, setup, invitation links, health). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user of this request, or null. Set for every /api request and upgrade. */
    auth: AuthContext | null;
    /** The page request this API call serves, when a SvelteKit load or action made it in-process. */
    pageRequest: PageRequest | null;
  }
}

/** Resolves the session cookie of every API request (and websocket upgrade) into `request.auth`. */
async function authPlugin(app: FastifyInstance) {
  const { sessions, auth, pageRequests } = app;
  app.decorateRequest('auth', null);
  app.decorateRequest('pageRequest', null);
  // A reset link requested just before a shutdown still goes out.
  app.addHook('preClose', () => auth.settled());

  app.addHook('onRequest', async (request, reply) => {
    if (!isApiPath(request.url)) return;
    // A page's in-process call reuses what its page request already read of the session; over
    // HTTP, the header is ignored.
    request.pageRequest = pageRequests.find(request.headers[pageRequestHeader], {
      injected: isInProcess(request),
    });
    const { session, user, setCookie, keepable } = await (request.pageRequest ?? sessions).validate(
      request.headers.cookie,
    );
    if (setCookie) appendSetCookie(reply, setCookie);
    if (session && user) request.auth = { user, sessionId: session.id, keepable };
  });

  // A person's own change (accepting an invitation, leaving an assembly, a new password) is seen
  // by their very next request: what is kept of their rights goes before the answer leaves,
  // without waiting for the notice to come back from the database. Ballots change no rights.
  app.addHook('onSend', async (request) => {
    if (!request.auth || request.method === 'GET' || request.method === 'HEAD') return;
    if (request.routeOptions.config.castsVotes) return;
    app.rights.forget(request.auth.user.id);
    request.pageRequest?.forget();
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
