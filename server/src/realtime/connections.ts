import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { and, gt, inArray, sql } from 'drizzle-orm';
import { type DatabaseHandle, queryRows, sessions } from '@cercle/db';
import { wsCloseCodes } from '@cercle/shared';
import type { KeepableSession, KnownSession } from '../modules/auth/rights-cache.ts';
import { rightsChannel } from '../modules/events/rights-notice.ts';

/** Who holds a socket: the session it was opened with is checked again whenever rights change. */
export interface Holder {
  userId: string;
  sessionId: string;
  address: string;
}

interface Connection extends Holder {
  socket: WebSocket;
  /** Answered the last ping; a socket that misses one whole interval is cut. */
  alive: boolean;
  expiryTimer: NodeJS.Timeout | null;
}

export interface ConnectionLimits {
  maxPerUser: number;
  maxPerAddress: number;
  heartbeatMs: number;
}

const sweepChunk = 1_000;
/**
 * The heartbeat pings a slice of the sockets at a time, the slices spread over its interval:
 * pinging 10,000 sockets in one go held the event loop for some 100 ms every interval (every
 * ballot and tally frame of that moment waited), and their 10,000 answers came back together.
 */
const heartbeatSlices = 20;
/** The longest a timer may wait (setTimeout's limit is about 24.8 days): check again then. */
const longestWaitMs = 24 * 60 * 60_000;

/** When the session ends, or null when it is gone already. */
async function readSessionExpiry(db: DatabaseHandle['db'], sessionId: string) {
  const [row] = await queryRows<{ expires_at: Date | string }>(
    db,
    sql`select expires_at from sessions where id = ${sessionId} and expires_at > now()`,
  );
  return row ? new Date(row.expires_at) : null;
}

/**
 * The open sockets of this instance, by person and by address. Rights follow the socket: when
 * any instance announces that a person's rights changed (a session ended, a membership was
 * removed or its role changed), every socket of that person is checked again here, its session
 * first and then each assembly it follows; a session that expires ends its sockets at that
 * moment. A socket that stops answering pings (a dead phone, a reader too slow to drain what it
 * was sent) is cut after two heartbeats.
 */
export function createConnections({
  database,
  log,
  limits,
  recheck,
  rights,
  sessionExpiry = (sessionId: string) => readSessionExpiry(database.db, sessionId),
}: {
  database: DatabaseHandle;
  log: FastifyBaseLogger;
  limits: ConnectionLimits;
  /** Drops what this socket may no longer follow; called once its session is known valid. */
  recheck: (socket: WebSocket, sessionId: string) => Promise<void>;
  /**
   * When a session ends, or null when it is gone: read through the rights cache by the app, so
   * that the check of a new socket also keeps its session for the ballots it will carry.
   */
  sessionExpiry?: (sessionId: string) => Promise<Date | null>;
  /** What is kept in memory of the people holding sockets (see `rights-cache.ts`). */
  rights?: {
    connected(userId: string): void;
    disconnected(userId: string): void;
    forget(userId: string): void;
    keepSession(known: KnownSession, stamp: number): void;
  };
}) {
  const db = database.db;
  const bySocket = new Map<WebSocket, Connection>();
  const byUser = new Map<string, Set<Connection>>();
  const perAddress = new Map<string, number>();
  let heartbeat: NodeJS.Timeout | null = null;
  let stopListening: (() => Promise<void>) | null = null;

  function end(connection: Connection, code: number, reason: string) {
    remove(connection.socket);
    connection.socket.close(code, reason);
  }

  /** Checks a socket's session (ending the socket without one), then what it follows. */
  async function check(connection: Connection) {
    if (!bySocket.has(connection.socket)) return;
    const expiresAt = await sessionExpiry(connection.sessionId);
    if (!expiresAt) {
      end(connection, wsCloseCodes.unauthenticated, 'session ended');
      return;
    }
    scheduleExpiry(connection, expiresAt);
    await recheck(connection.socket, connection.sessionId);
  }

  /** Sessions are extended while in use: at the expiry, look again before ending anything. */
  function scheduleExpiry(connection: Connection, expiresAt: Date) {
    if (connection.expiryTimer) clearTimeout(connection.expiryTimer);
    const wait = Math.min(Math.max(expiresAt.getTime() - Date.now(), 0) + 50, longestWaitMs);
    connection.expiryTimer = setTimeout(() => {
      check(connection).catch((error: unknown) =>
        log.error({ err: error }, 'realtime session check failed'),
      );
    }, wait);
    connection.expiryTimer.unref();
  }

  function remove(socket: WebSocket) {
    const connection = bySocket.get(socket);
    if (!connection) return;
    bySocket.delete(socket);
    if (connection.expiryTimer) clearTimeout(connection.expiryTimer);
    rights?.disconnected(connection.userId);
    const mine = byUser.get(connection.userId);
    mine?.delete(connection);
    if (mine && !mine.size) byUser.delete(connection.userId);
    const count = (perAddress.get(connection.address) ?? 1) - 1;
    if (count > 0) perAddress.set(connection.address, count);
    else perAddress.delete(connection.address);
  }

  // Listeners shared by every socket (`this` is the socket), rather than two closures each.
  function onPong(this: WebSocket) {
    const connection = bySocket.get(this);
    if (connection) connection.alive = true;
  }
  function onClose(this: WebSocket) {
    remove(this);
  }

  async function onRightsNotice(userId: string) {
    // First, so that the checks below and the person's next requests read the database.
    rights?.forget(userId);
    await Promise.all([...(byUser.get(userId) ?? [])].map(check));
  }

  /**
   * The safety net behind the notices and the expiry timers: every heartbeat, sessions that
   * ended without a word reaching this instance (a notice lost with a dropped connection to
   * the database, a session shortened or deleted by hand) end their sockets too.
   */
  async function sweepSessions() {
    const asked = new Set([...bySocket.values()].map((connection) => connection.sessionId));
    const open = [...asked];
    const valid = new Set<string>();
    for (let start = 0; start < open.length; start += sweepChunk) {
      const rows = await db
        .select({ id: sessions.id })
        .from(sessions)
        .where(
          and(
            inArray(sessions.id, open.slice(start, start + sweepChunk)),
            gt(sessions.expiresAt, sql`now()`),
          ),
        );
      for (const row of rows) valid.add(row.id);
    }
    for (const connection of [...bySocket.values()]) {
      // A socket opened during the sweep may hold a session the query did not ask about.
      if (!asked.has(connection.sessionId) || valid.has(connection.sessionId)) continue;
      end(connection, wsCloseCodes.unauthenticated, 'session ended');
    }
  }

  /** Where the heartbeat's pass through the sockets is (a Map's iterator sees later additions). */
  let pass: Iterator<Connection> | null = null;

  /**
   * One slice of the heartbeat: each socket is pinged once per interval, and cut when the ping
   * of the interval before went unanswered. A pass starts with the sessions' sweep.
   */
  function beat() {
    if (!pass) {
      if (!bySocket.size) return;
      pass = bySocket.values();
      sweepSessions().catch((error: unknown) =>
        log.error({ err: error }, 'realtime session sweep failed'),
      );
    }
    const slice = Math.ceil(bySocket.size / heartbeatSlices);
    for (let done = 0; done < slice; done += 1) {
      const next = pass.next();
      if (next.done) {
        pass = null;
        return;
      }
      // Sockets removed since the pass began are skipped by the iterator itself.
      const connection = next.value;
      if (!connection.alive) {
        remove(connection.socket);
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  return {
    async start() {
      stopListening = await database.listen(rightsChannel, (userId) => {
        onRightsNotice(userId).catch((error: unknown) =>
          log.error({ err: error }, 'realtime rights check failed'),
        );
      });
      heartbeat = setInterval(beat, limits.heartbeatMs / heartbeatSlices);
      heartbeat.unref();
    },

    async stop() {
      if (heartbeat) clearInterval(heartbeat);
      await stopListening?.();
      for (const connection of bySocket.values()) {
        if (connection.expiryTimer) clearTimeout(connection.expiryTimer);
      }
    },

    /** False when this address already holds its share of sockets: refuse the upgrade. */
    admits(address: string) {
      return (perAddress.get(address) ?? 0) < limits.maxPerAddress;
    },

    /**
     * Adds an authenticated socket. One more than a person's share closes their oldest (a tab
     * left open on another device), so the one they just opened works.
     */
    async add(socket: WebSocket, holder: Holder, keepable?: KeepableSession) {
      const connection: Connection = { ...holder, socket, alive: true, expiryTimer: null };
      bySocket.set(socket, connection);
      rights?.connected(holder.userId);
      // The upgrade read the session before its person held a socket here, so it was not kept
      // then: keep it now (unless their rights changed since), and the check below reads nothing.
      if (keepable) rights?.keepSession(keepable.known, keepable.stamp);
      let mine = byUser.get(holder.userId);
      if (!mine) byUser.set(holder.userId, (mine = new Set()));
      mine.add(connection);
      perAddress.set(holder.address, (perAddress.get(holder.address) ?? 0) + 1);
      socket.on('pong', onPong);
      socket.on('close', onClose);
      if (mine.size > limits.maxPerUser) {
        const oldest = mine.values().next().value!;
        end(oldest, wsCloseCodes.tooManySockets, 'too many sockets for one person');
      }
      // The session may have ended between the upgrade and now; this also arms the expiry.
      await check(connection);
    },

    count() {
      return bySocket.size;
    },
  };
}

export type Connections = ReturnType<typeof createConnections>;
