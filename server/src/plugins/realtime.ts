import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import { keepTcpSocket } from '../realtime/wire-frame.ts';
import { clientMessageSchema, type ServerMessage, wsCloseCodes } from '@cercle/shared';
import { AppError } from '../errors.ts';
import { actorOfUser, allows } from '../permissions.ts';
import { type Connections, createConnections } from '../realtime/connections.ts';
import type { KeepableSession } from '../modules/auth/rights-cache.ts';
import { pollClosedChannel, pollOpenedChannel } from '../modules/polls/open-polls.ts';
import { createRealtimeHub, type RealtimeHub } from '../realtime/hub.ts';
import {
  createSocketBallots,
  isBallotMessage,
  type SocketBallots,
} from '../realtime/socket-ballots.ts';

const closeGraceMs = 1_000;

/**
 * Registers @fastify/websocket. On shutdown every socket gets 1001 ("going away") so clients
 * reconnect to another instance or after the restart; one that does not answer is cut.
 */
declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimeHub;
    connections: Connections;
    socketBallots: SocketBallots;
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

const sendTo = (socket: WebSocket, message: ServerMessage) => socket.send(JSON.stringify(message));

/**
 * Whether a socket's person may follow this assembly now: their session, user and memberships as
 * they stand, from memory for people on a socket (dropped on every instance whenever their rights
 * change, `rights-cache.ts`), else from the database, so that 10,000 sockets subscribing after a
 * restart do not each read their user row.
 */
async function mayFollow(app: FastifyInstance, sessionId: string, assemblyId: string) {
  const session = await app.sessions.ofSocket(sessionId);
  if (!session) return false;
  const actor = {
    isAdmin: session.user.isAdmin,
    memberships: await app.auth.membershipsOf(session.user.id),
  };
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
      rights: app.rights,
      sessionExpiry: async (sessionId) =>
        (await app.sessions.ofSocket(sessionId))?.expiresAt ?? null,
      async recheck(socket: WebSocket, sessionId: string) {
        for (const assemblyId of hub.assembliesOf(socket)) {
          if (await mayFollow(app, sessionId, assemblyId)) continue;
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
    app.decorate(
      'socketBallots',
      createSocketBallots({
        sessionOf: (sessionId) => app.sessions.ofSocket(sessionId),
        actorOf: (user) => actorOfUser(app.auth, user),
        cast: app.polls.cast,
        counted: () => app.metrics.ballots.inc(),
        writesPerMinute: app.config.overload.writesPerMinute,
        log: app.log,
      }),
    );
    app.decorate('connections', connections);
    await hub.start();
    await connections.start();
    const stopPreparing = await app.database.listen(pollOpenedChannel, (pollId) => {
      app.polls
        .prepareOpened(pollId)
        .catch((error: unknown) => app.log.warn({ err: error, pollId }, 'open poll not loaded'));
    });
    const stopForgetting = await app.database.listen(pollClosedChannel, app.polls.forgetClosed);
    app.addHook('onClose', async () => {
      await stopPreparing();
      await stopForgetting();
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
      if (!request.auth) {
        sendTo(socket, { type: 'error', code: 'auth.unauthenticated', message: 'Please sign in.' });
        socket.close(wsCloseCodes.unauthenticated, 'unauthenticated');
        return;
      }
      const { user, sessionId, keepable } = request.auth;
      releaseUpgradeRequest(socket, request.raw);
      serveSocket(
        socket,
        { userId: user.id, name: user.name, sessionId, address: request.ip },
        keepable,
      );
    },
  );

  /** Logged with the app's logger: a socket's listeners keep nothing of its upgrade request. */
  function onSocketError(this: WebSocket, error: Error) {
    app.log.warn({ err: error }, 'websocket error');
    this.terminate();
  }

  /**
   * Once upgraded, the HTTP request is done with; but @fastify/websocket's error listener holds
   * the Fastify request and reply, and the TCP socket its unused HTTP response (and through it
   * the request with its headers), for as long as the socket lives: kilobytes for each of
   * thousands of sockets. Listen for errors without them, and detach the response.
   */
  function releaseUpgradeRequest(socket: WebSocket, raw: IncomingMessage) {
    socket.removeAllListeners('error');
    socket.on('error', onSocketError);
    const tcp = raw.socket as Socket & { _httpMessage?: ServerResponse | null };
    tcp._httpMessage?.detachSocket(tcp);
    // Tally frames, built once, are written on it directly (see `wire-frame.ts`).
    keepTcpSocket(socket, tcp);
  }

  /** Each socket's own state; its listeners, shared by every socket, find it from `this`. */
  const served = new WeakMap<WebSocket, ServedSocket>();
  function onMessage(this: WebSocket, data: RawData) {
    served.get(this)?.receive(data);
  }
  function onClose(this: WebSocket) {
    app.realtime.unsubscribe(this);
  }

  function serveSocket(
    socket: WebSocket,
    holder: { userId: string; name: string; sessionId: string; address: string },
    keepable: KeepableSession | undefined,
  ) {
    const { userId, sessionId } = holder;
    sendTo(socket, { type: 'hello', user: { id: userId, name: holder.name } });
    const registered = app.connections.add(
      socket,
      { userId, sessionId, address: holder.address },
      keepable,
    );
    registered.catch((error: unknown) =>
      app.log.error({ err: error }, 'realtime registration failed'),
    );
    served.set(socket, new ServedSocket(app, socket, sessionId, registered));
    socket.on('message', onMessage);
    socket.on('close', onClose);
  }
}

/**
 * What one socket holds: its session, the check of it under way, its ballots. A class, its
 * methods shared: each socket held five closures and their context before (some 0.5 KB a socket,
 * of the 8–11 KB a connection costs at 10,000 sockets).
 */
class ServedSocket {
  private readonly ballots: ReturnType<SocketBallots>;

  constructor(
    private readonly app: FastifyInstance,
    private readonly socket: WebSocket,
    private readonly sessionId: string,
    /** The socket's session check: what it asks for waits for it. */
    private readonly registered: Promise<unknown>,
  ) {
    this.ballots = app.socketBallots(sessionId, registered, this);
  }

  send(message: ServerMessage) {
    sendTo(this.socket, message);
  }

  receive(data: RawData) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      parsed = undefined;
    }
    // Answered by an ack with its id whatever is wrong with it, like a refused request.
    if (isBallotMessage(parsed)) return void this.ballots.take(parsed);
    const message = clientMessageSchema.safeParse(parsed);
    if (!message.success) {
      this.send({
        type: 'error',
        code: 'validation.invalid',
        message: 'Unknown or malformed message.',
      });
      return;
    }
    const command = message.data;
    if (command.type === 'ping') this.send({ type: 'pong', id: command.id });
    else if (command.type === 'unsubscribe') {
      this.app.realtime.unsubscribe(this.socket, command.topic.slice('assembly:'.length));
    } else if (command.type === 'subscribe') {
      void this.subscribe(command.topic, command.lastSeq);
    }
    // A ballot never gets here: it was taken above, with its ack.
  }

  private async subscribe(topic: string, lastSeq: number | undefined) {
    const assemblyId = topic.slice('assembly:'.length);
    try {
      // The session check of a new socket comes first: never subscribe one that is ending.
      await this.registered.catch(() => undefined);
      if (this.socket.readyState !== this.socket.OPEN) return;
      if (!(await mayFollow(this.app, this.sessionId, assemblyId))) {
        this.send({
          type: 'error',
          code: 'auth.forbidden',
          message: `You may not follow ${topic}.`,
        });
        return;
      }
      await this.app.realtime.subscribe(this.socket, assemblyId, lastSeq);
    } catch (error) {
      this.app.log.error({ err: error }, 'subscribe failed');
      this.send({ type: 'error', code: 'server.internal', message: 'Could not subscribe.' });
    }
  }
}
