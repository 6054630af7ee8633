import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { type Database, type DatabaseHandle, eventChains, events, queryRows } from '@cercle/db';
import type { RealtimeEvent, ServerMessage, TypedRealtimeEvent } from '@cercle/shared';
import { sql } from 'drizzle-orm';
import { eventsChannel } from '../modules/events/events.repository.ts';
import { readEvent } from '../modules/events/read-events.ts';
import { createTallyFanOut } from './tally-fan-out.ts';
import { textFrame, writeFrame } from './wire-frame.ts';
import { batchPerTurn } from '../turn-batch.ts';
import { notifyTallyOf, type TallyNotice, talliesChannel } from '../modules/polls/tally-notice.ts';

/**
 * A poll's tally rounds start this far apart at least (~7 a second, ARCHITECTURE.md,
 * "Realtime"); after a round whose writes took longer (many sockets), the next waits as long.
 */
export const tallyRoundSpacingMs = 150;
/** A client further behind than this is cut, and resynchronises when it reconnects. */
const maxBufferedBytes = 4 * 1024 * 1024;
const maxReplay = 1_000;
/**
 * A tally round writes for this long at most before the event loop gets a turn for other work.
 * A ballot batch's statements each wait for such a turn: chunks of 1,000 writes (some 15 ms,
 * more on a loaded machine) made acknowledgements late at 10,000 sockets; 4 ms chunks made the
 * first round long, the last sockets' first frame late. A count of sockets per chunk (250,
 * before) is a different time on a slow machine and a fast one.
 */
const fanOutChunkMs = 8;
/** How late, at worst, an event whose notice was lost reaches its subscribers. */
const sweepIntervalMs = 3_000;

interface Subscription {
  socket: WebSocket;
  topic: string;
  /** Events that arrived while the replay was being sent, flushed after it. */
  pending: RealtimeEvent[] | null;
  lastSeq: number;
}

type Topic = `assembly:${string}`;

const topicOf = (assemblyId: string): Topic => `assembly:${assemblyId}`;

/**
 * Fans events and tallies out to the sockets of this instance. Events reach every instance
 * through PostgreSQL NOTIFY, sent in the transaction that appends them (so only committed
 * events travel); tallies through one NOTIFY per poll per interval, never one per ballot.
 */
export function createRealtimeHub({
  database,
  log,
}: {
  database: DatabaseHandle;
  log: FastifyBaseLogger;
}) {
  const db: Database = database.db;
  const topics = new Map<string, Set<Subscription>>();
  /** Each socket's subscriptions by topic: subscribing, leaving and rights checks touch only its own. */
  const bySocket = new Map<WebSocket, Map<string, Subscription>>();
  const stops: (() => Promise<void>)[] = [];
  let sweepTimer: NodeJS.Timeout | null = null;

  /** Ends one subscription (if it is still the socket's current one for its topic). */
  function leave(subscription: Subscription) {
    const subscribers = topics.get(subscription.topic);
    subscribers?.delete(subscription);
    if (subscribers && !subscribers.size) topics.delete(subscription.topic);
    const mine = bySocket.get(subscription.socket);
    if (mine?.get(subscription.topic) === subscription) mine.delete(subscription.topic);
    if (mine && !mine.size) bySocket.delete(subscription.socket);
  }

  /** Open and keeping up; a reader too far behind is cut (it resynchronises on reconnecting). */
  function writable(socket: WebSocket) {
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount <= maxBufferedBytes) return true;
    socket.close(4408, 'too slow');
    return false;
  }

  function send(socket: WebSocket, data: string | Buffer) {
    // A Buffer is encoded once for every socket; it is still a text frame (JSON).
    if (writable(socket)) socket.send(data, { binary: false });
  }

  /**
   * The event as the socket carries it. One that does not read through the event map is logged,
   * and still sent without its payload: subscribers move past it, trusting nothing in it.
   */
  function toRealtime(row: typeof events.$inferSelect): RealtimeEvent {
    const seq = row.seq;
    const createdAt = row.createdAt.toISOString();
    const event = readEvent(row, { log, reader: 'realtime' });
    if (!event) return { seq, createdAt, type: row.type, unread: true };
    const { type, payload } = event;
    return { seq, createdAt, type, payload } as TypedRealtimeEvent;
  }

  /**
   * Sends each subscriber of an assembly, in order, the events it has not seen yet, up to
   * `untilSeq` (or the head). Events come from the table, not from the notice: a notice that
   * was lost, or arrived out of order, costs a delay, never a gap.
   */
  async function catchUp(assemblyId: string, untilSeq?: number) {
    const topic = topicOf(assemblyId);
    const subscribers = topics.get(topic);
    if (!subscribers?.size) return;
    let from = Number.POSITIVE_INFINITY;
    for (const subscription of subscribers) {
      if (!subscription.pending) from = Math.min(from, subscription.lastSeq);
    }
    if (from === Number.POSITIVE_INFINITY) from = (untilSeq ?? 1) - 1;
    const rows = await db
      .select()
      .from(events)
      .where(
        and(
          eq(events.assemblyId, assemblyId),
          gt(events.seq, from),
          untilSeq === undefined ? undefined : lte(events.seq, untilSeq),
        ),
      )
      .orderBy(asc(events.seq))
      .limit(maxReplay);
    for (const row of rows) {
      const event = toRealtime(row);
      const message = JSON.stringify({ type: 'event', topic, event } satisfies ServerMessage);
      for (const subscription of subscribers) {
        if (subscription.pending) subscription.pending.push(event);
        else if (event.seq > subscription.lastSeq) {
          subscription.lastSeq = event.seq;
          send(subscription.socket, message);
        }
      }
    }
  }

  async function onEventNotice(payload: string) {
    const { assemblyId, seq } = JSON.parse(payload) as { assemblyId: string; seq: number };
    await catchUp(assemblyId, seq);
  }

  /** The safety net: compares every followed assembly's head with what its subscribers saw. */
  async function sweep() {
    const assemblyIds = [...topics.keys()].map((topic) => topic.slice('assembly:'.length));
    if (!assemblyIds.length) return;
    const heads = await db
      .select({ assemblyId: eventChains.assemblyId, seq: eventChains.seq })
      .from(eventChains)
      .where(inArray(eventChains.assemblyId, assemblyIds));
    for (const head of heads) {
      const subscribers = [...(topics.get(topicOf(head.assemblyId)) ?? [])];
      if (
        subscribers.some((subscription) => !subscription.pending && subscription.lastSeq < head.seq)
      ) {
        await catchUp(head.assemblyId, head.seq);
      }
    }
  }

  /**
   * The assembly's last event, for a subscription that starts from now. Subscriptions made in
   * the same turn of the event loop share one read (10,000 sockets subscribing after a restart
   * made 10,000 reads), which starts only after each of them was registered: an event committed
   * after its snapshot reaches them all as a pending event, as it would with a read of their own.
   */
  const headOf = batchPerTurn(async (assemblyIds: string[]) => {
    // A subquery per assembly: each reads the end of the (assembly, seq) index.
    const heads = await queryRows<{ assemblyId: string; seq: number }>(
      db,
      sql`select asked.id as "assemblyId",
            coalesce((select max(seq) from events where assembly_id = asked.id), 0)::int as seq
          from unnest(${sql.param(assemblyIds)}::text[]) as asked (id)`,
    );
    const byAssembly = new Map(heads.map((head) => [head.assemblyId, head.seq]));
    return assemblyIds.map((assemblyId) => byAssembly.get(assemblyId) ?? 0);
  });

  /** Tallies: each notice's frame encoded once, carried to the sockets by rounds. */
  const tallyFanOut = createTallyFanOut<Subscription, { payload: Buffer; frame: Buffer }>({
    readersOf: (topic) => topics.get(topic),
    deliver: ({ socket }, { payload, frame }) => {
      if (writable(socket)) writeFrame(socket, frame, payload);
    },
    spacingMs: tallyRoundSpacingMs,
    chunkMs: fanOutChunkMs,
  });

  function onTallyNotice(noticeText: string) {
    const notice = JSON.parse(noticeText) as TallyNotice;
    const topic = topicOf(notice.assemblyId);
    if (!topics.get(topic)?.size) return;
    const message: ServerMessage = {
      type: 'tally',
      topic,
      pollId: notice.pollId,
      participation: notice.participation,
      totals: notice.totals,
    };
    const payload = Buffer.from(JSON.stringify(message));
    tallyFanOut.publish(notice.pollId, topic, { payload, frame: textFrame(payload) });
  }

  /**
   * Counts a poll and tells every instance, in one statement: for what changes a count outside
   * a ballot batch (a site's show of hands, an election round's hand count). Ballot batches send
   * this notice themselves, from their transaction.
   */
  function announceTally(pollId: string) {
    db.execute(sql`select ${notifyTallyOf(pollId)}`).catch((error: unknown) =>
      log.error({ err: error, pollId }, 'tally notice failed'),
    );
  }

  return {
    async start() {
      sweepTimer = setInterval(() => {
        sweep().catch((error: unknown) => log.error({ err: error }, 'realtime sweep failed'));
      }, sweepIntervalMs);
      sweepTimer.unref();
      stops.push(
        await database.listen(eventsChannel, (payload) => {
          onEventNotice(payload).catch((error: unknown) =>
            log.error({ err: error }, 'event push failed'),
          );
        }),
      );
      stops.push(await database.listen(talliesChannel, onTallyNotice));
    },

    async stop() {
      if (sweepTimer) clearInterval(sweepTimer);
      tallyFanOut.stop();
      for (const stop of stops) await stop();
    },

    /**
     * Subscribes a socket, replaying what it missed since `lastSeq` in order, with no gap and no
     * duplicate between the replay and the live stream.
     */
    async subscribe(socket: WebSocket, assemblyId: string, lastSeq: number | undefined) {
      const topic = topicOf(assemblyId);
      const subscription: Subscription = {
        socket,
        topic,
        pending: [],
        lastSeq: lastSeq ?? 0,
      };
      let subscribers = topics.get(topic);
      if (!subscribers) topics.set(topic, (subscribers = new Set()));
      let mine = bySocket.get(socket);
      if (!mine) bySocket.set(socket, (mine = new Map()));
      const existing = mine.get(topic);
      if (existing) subscribers.delete(existing);
      mine.set(topic, subscription);
      subscribers.add(subscription);
      if (lastSeq !== undefined) {
        const missed = await db
          .select()
          .from(events)
          .where(and(eq(events.assemblyId, assemblyId), gt(events.seq, lastSeq)))
          .orderBy(asc(events.seq))
          .limit(maxReplay + 1);
        if (missed.length > maxReplay) {
          subscription.pending = null;
          leave(subscription);
          send(socket, JSON.stringify({ type: 'resync', topic } satisfies ServerMessage));
          return;
        }
        for (const row of missed) {
          send(
            socket,
            JSON.stringify({
              type: 'event',
              topic,
              event: toRealtime(row),
            } satisfies ServerMessage),
          );
          subscription.lastSeq = row.seq;
        }
      } else {
        subscription.lastSeq = await headOf(assemblyId);
      }
      // Closed while its replay was read: its close already left every topic, so leave this too.
      if (socket.readyState !== socket.OPEN) return leave(subscription);
      const pending = subscription.pending ?? [];
      subscription.pending = null;
      for (const event of pending) {
        if (event.seq <= subscription.lastSeq) continue;
        subscription.lastSeq = event.seq;
        send(socket, JSON.stringify({ type: 'event', topic, event } satisfies ServerMessage));
      }
      send(
        socket,
        JSON.stringify({
          type: 'subscribed',
          topic,
          seq: subscription.lastSeq,
        } satisfies ServerMessage),
      );
    },

    unsubscribe(socket: WebSocket, assemblyId?: string) {
      const mine = bySocket.get(socket);
      if (!mine) return;
      const subscriptions = assemblyId ? [mine.get(topicOf(assemblyId))] : [...mine.values()];
      for (const subscription of subscriptions) if (subscription) leave(subscription);
    },

    /** The assemblies a socket follows. */
    assembliesOf(socket: WebSocket): string[] {
      return [...(bySocket.get(socket)?.keys() ?? [])].map((topic) =>
        topic.slice('assembly:'.length),
      );
    },

    /** A hand count was committed: tell every instance (ballot batches tell them themselves). */
    pollChanged(pollId: string) {
      announceTally(pollId);
    },

    subscriberCount() {
      let total = 0;
      for (const subscribers of topics.values()) total += subscribers.size;
      return total;
    },
  };
}

export type RealtimeHub = ReturnType<typeof createRealtimeHub>;
