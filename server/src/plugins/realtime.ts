import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { can, clientMessageSchema, type ServerMessage, wsCloseCodes } from '@cercle/shared';
import { createRealtimeHub, type RealtimeHub } from '../realtime/hub.ts';

const closeGraceMs = 1_000;

/**
 * Registers @fastify/websocket. On shutdown every socket gets 1001 ("going away") so clients
 * reconnect to another instance or after the restart; one that does not answer is cut.
 */
declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimeHub;
  }
}

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

/** The hub that fans events and tallies out to this instance's sockets. */
export const realtimeHub = fp(
  async (app: FastifyInstance) => {
    const hub = createRealtimeHub({ database: app.database, log: app.log });
    app.decorate('realtime', hub);
    await hub.start();
    app.addHook('onClose', () => hub.stop());
  },
  { name: 'realtime-hub', dependencies: ['database'] },
);

/**
 * `/api/ws`: one socket per tab, authenticated by the session cookie of the upgrade request.
 * A client subscribes to assemblies it may see and receives their events and live tallies.
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
      const user = request.auth.user;
      send({ type: 'hello', user: { id: user.id, name: user.name } });
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
        const command = message.data;
        if (command.type === 'ping') send({ type: 'pong', id: command.id });
        else if (command.type === 'unsubscribe') {
          app.realtime.unsubscribe(socket, command.topic.slice('assembly:'.length));
        } else {
          void subscribe(command.topic, command.lastSeq);
        }
      });
      socket.on('close', () => app.realtime.unsubscribe(socket));

      async function subscribe(topic: string, lastSeq: number | undefined) {
        const assemblyId = topic.slice('assembly:'.length);
        try {
          // Read memberships afresh: a socket lives longer than the membership it started with.
          const actor = {
            isAdmin: user.isAdmin,
            memberships: await app.auth.membershipsOf(user.id),
          };
          if (!can(actor, 'assembly.view', { assemblyId })) {
            send({
              type: 'error',
              code: 'auth.forbidden',
              message: `You may not follow ${topic}.`,
            });
            return;
          }
          await app.realtime.subscribe(socket, assemblyId, lastSeq);
        } catch (error) {
          request.log.error({ err: error }, 'subscribe failed');
          send({ type: 'error', code: 'server.internal', message: 'Could not subscribe.' });
        }
      }
    },
  );
}
