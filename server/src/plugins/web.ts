import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { workspaceRoot } from '@cercle/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isApiPath } from '../api-path.ts';
import { pageRequestKey } from '../modules/auth/page-requests.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/** Where SvelteKit finds this Fastify instance (`event.platform.req`) to call the API in-process. */
export const fastifyInstanceKey = Symbol.for('cercle.fastify');
export const defaultWebBuild = join(workspaceRoot(), 'web', 'build');

/**
 * Hands every non-API request to the SvelteKit adapter-node handler, in the same process and on the
 * same port (ARCHITECTURE.md, "Handing requests to SvelteKit"). An onRequest hook, not a catch-all
 * route: a route would swallow API 404s and consume request bodies SvelteKit needs.
 */
async function webPlugin(app: FastifyInstance, { buildDir }: { buildDir: string }) {
  const handlerFile = `${buildDir}/handler.js`;
  if (!existsSync(handlerFile)) {
    app.log.warn(
      `web app not built (${handlerFile} missing): run "pnpm build"; serving the API only`,
    );
    return;
  }
  // adapter-node reads these at import. Deriving the origin from each request (instead of a
  // fixed ORIGIN) keeps form posts working when phones reach a laptop by its LAN address.
  process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
  process.env.HOST_HEADER ??= 'host';
  // Form posts carry CSV imports and attachments: allow what the API accepts, and a margin for
  // the multipart wrapping (adapter-node's default is 512 KB).
  process.env.BODY_SIZE_LIMIT ??= String(
    Math.max(2 * 1024 * 1024, app.config.attachments.maxBytes + 1024 * 1024),
  );
  const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };

  app.addHook('onRequest', async (request, reply) => {
    if (isApiPath(request.url)) return;
    if (request.ws) {
      return reply
        .status(404)
        .send({ error: { code: 'http.not_found', message: 'No socket here.' } });
    }
    // Fastify already decided the protocol (trusting proxies only when told to): tell SvelteKit.
    request.raw.headers['x-forwarded-proto'] = request.protocol;
    (request.raw as IncomingMessage & { [fastifyInstanceKey]?: FastifyInstance })[
      fastifyInstanceKey
    ] = app;
    // The visitor's session, read once for the page and every API call made while rendering it.
    const page = app.pageRequests.open();
    (request.raw as IncomingMessage & Record<symbol, unknown>)[pageRequestKey] = page.handle;
    reply.raw.once('close', page.close);
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) reply.raw.setHeader(name, value as string | string[]);
    }
    reply.hijack();
    try {
      handler(request.raw, reply.raw, () => {
        reply.raw.statusCode = 404;
        reply.raw.end('Not found');
      });
    } catch (error) {
      request.log.error({ err: error }, 'web handler failed');
      if (!reply.raw.headersSent) reply.raw.statusCode = 500;
      reply.raw.end();
    }
  });
}

export default fp(webPlugin, { name: 'web' });
