import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { clientMessageSchema, type ServerMessage, wsCloseCodes } from '@cercle/shared';

const closeGraceMs = 1_000;

/**
 * Registers @fastify/websocket. On shutdown every socket gets 1001 ("going away") so clients
 * reconnect to another instance or after the restart; one that does not answer is cut.
 */
async function websocketPlugin(app: FastifyInstance) {
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024 },
    preClose(done) {
      const clients = [...this.websocketServer.clients];
      for (const client of clients)
        client.close(wsCloseCodes.serverShutdown, 'server shutting down');
      const cut = setTimeout(() => clients.forEach((client) => client.terminate()), closeGraceMs);
      cut.unref();
      this.websocketServer.close();
      done();
    },
  });
}

export const websocketSupport = fp(websocketPlugin, { name: 'websocket' });

/**
 * `/api/ws`: one socket per tab, authenticated by the session cookie of the upgrade request.
 * For now it greets and answers pings; subscriptions to meetings come with live meetings.
 */
export async function realtimeRoutes(app: FastifyInstance) {
  app.get(
    '/ws',
    { websocket: true, config: { public: true }, schema: { hide: true } },
    (socket, request) => {
      const send = (message: ServerMessage) => socket.send(JSON.stringify(message));
      if (!request.auth) {
        send({ type: 'error', code: 'auth.unauthenticated', message: 'Please sign in.' });
        socket.close(wsCloseCodes.unauthenticated, 'unauthenticated');
        return;
      }
      send({ type: 'hello', user: { id: request.auth.user.id, name: request.auth.user.name } });
      socket.on('message', (data) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.toString());
        } catch {
          parsed = undefined;
        }
        const message = clientMessageSchema.safeParse(parsed);
        if (!message.success) {
          send({
            type: 'error',
            code: 'validation.invalid',
            message: 'Unknown or malformed message.',
          });
          return;
        }
        if (message.data.type === 'ping') send({ type: 'pong', id: message.data.id });
      });
    },
  );
}
