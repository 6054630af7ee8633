import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { eq } from 'drizzle-orm';
import { users } from '@cercle/db';
import type { WebSocket } from 'ws';
import { clientMessageSchema, type ServerMessage, wsCloseCodes } from '@cercle/shared';
import { AppError } from '../errors.ts';
import { allows } from '../permissions.ts';
import { type Connections, createConnections } from '../realtime/connections.ts';
import { createRealtimeHub, type RealtimeHub } from '../realtime/hub.ts';

const closeGraceMs = 1_000;

/**
 * Registers @fastify/websocket. On shutdown every socket gets 1001 ("going away") so clients
 * reconnect to another instance or after the restart; one that does not answer is cut.
 */
declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimeHub;
    connections: Connections;
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

/** Whether this person may follow this assembly now: memberships are read afresh each time. */
async function mayFollow(app: FastifyInstance, userId: string, assemblyId: string) {
  const [user] = await app.db
    .select({ isAdmin: users.isAdmin })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return false;
  const actor = { isAdmin: user.isAdmin, memberships: await app.auth.membershipsOf(userId) };
  return allows(actor, 'assembly.view', { assemblyId });
}

/**
 * The hub that fans events and tallies out to this instance's sockets, and the registry of
 * those sockets that takes each one's rights away as soon as they are withdrawn.
 */
export const realtimeHub = fp(
  async (app: FastifyInstance) => {
    const hub = createRealtimeHub({ database: app.database, log: app.log });
    const connections = createConnections({
      database: app.database,
      log: app.log,
      limits: app.config.realtime,
      async recheck(socket: WebSocket, userId: string) {
        for (const assemblyId of hub.assembliesOf(socket)) {
          if (await mayFollow(app, userId, assemblyId)) continue;
          hub.unsubscribe(socket, assemblyId);
          const message: ServerMessage = {
            type: 'unsubscribed',
            topic: `assembly:${assemblyId}`,
            code: 'auth.forbidden',
          };
          socket.send(JSON.stringify(message));
        }
      },
    });
    app.decorate('realtime', hub);
    app.decorate('connections', connections);
    await hub.start();
    await connections.start();
    app.addHook('onClose', async () => {
      await connections.stop();
      await hub.stop();
    });
  },
  { name: 'realtime-hub', dependencies: ['database', 'auth'] },
);

/**
 * `/api/ws`: one socket per tab, authenticated by the session cookie of the upgrade request.
 * A client subscribes to assemblies it may see and receives their events and live tallies.
 */
export async function realtimeRoutes(app: FastifyInstance) {
  app.get(
    '/ws',
    {
      websocket: true,
      config: { public: true },
      schema: { hide: true },
      // Before the upgrade, so a refused client gets a plain coded 429 and no socket at all.
      preValidation: async (request) => {
        if (!app.connections.admits(request.ip)) {
          throw new AppError(
            429,
            'realtime.too_many_sockets',
            'Too many live connections from this address; try again later.',
            undefined,
            60,
          );
        }
      },
    },
    (socket, request) => {
      const send = (message: ServerMessage) => socket.send(JSON.stringify(message));
      if (!request.auth) {
        send({ type: 'error', code: 'auth.unauthenticated', message: 'Please sign in.' });
        socket.close(wsCloseCodes.unauthenticated, 'unauthenticated');
        return;
      }
      const user = request.auth.user;
      send({ type: 'hello', user: { id: user.id, name: user.name } });
      const registered = app.connections.add(socket, {
        userId: user.id,
        sessionId: request.auth.sessionId,
        address: request.ip,
      });
      registered.catch((error: unknown) =>
        request.log.error({ err: error }, 'realtime registration failed'),
      );
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
          // The session check of a new socket comes first: never subscribe one that is ending.
          await registered.catch(() => undefined);
          if (socket.readyState !== socket.OPEN) return;
          if (!(await mayFollow(app, user.id, assemblyId))) {
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
