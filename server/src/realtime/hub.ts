import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { type Database, type DatabaseHandle, eventChains, events, queryRows } from '@cercle/db';
import type { Choice, RealtimeEvent, ServerMessage, TypedRealtimeEvent } from '@cercle/shared';
import { sql } from 'drizzle-orm';
import { eventsChannel } from '../modules/events/events.repository.ts';
import { readEvent } from '../modules/events/read-events.ts';
import { answerCountOf } from '../modules/polls/polls.repository.ts';
import { createKeyedThrottle } from './throttle.ts';

const talliesChannel = 'cercle_tallies';
/** One tally frame per poll per interval at most, ~7 a second (ARCHITECTURE.md, "Realtime"). */
const tallyIntervalMs = 150;
/** A client further behind than this is cut, and resynchronises when it reconnects. */
const maxBufferedBytes = 4 * 1024 * 1024;
const maxReplay = 1_000;
/** Sockets written to before the event loop gets a turn for other work (ballots waiting). */
const fanOutChunk = 250;
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

/** What one instance tells the others when a poll's count changed (see `tallyAnnouncements`). */
interface TallyNotice {
  pollId: string;
  assemblyId: string;
  participation: number;
  totals: Partial<Record<Choice, number>> | null;
}
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
  const stops: (() => Promise<void>)[] = [];
  let sweepTimer: NodeJS.Timeout | null = null;

  /** A reader too slow to keep up is cut rather than waited for. */
  function send(socket: WebSocket, data: string | Buffer) {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes) {
      socket.close(4408, 'too slow');
      return;
    }
    // A Buffer is encoded once for every socket; it is still a text frame (JSON).
    socket.send(data, { binary: false });
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
    const ready = [...subscribers].filter((subscription) => !subscription.pending);
    const from = ready.length
      ? Math.min(...ready.map((subscription) => subscription.lastSeq))
      : (untilSeq ?? 1) - 1;
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
   * Tallies, sent to everyone at once: split into chunks so that answering ballots is not held
   * up behind thousands of writes, and a newer tally of the same poll takes over the rest of an
   * older one's round (no socket ever gets an older count after a newer one).
   */
  const tallyRounds = new Map<string, number>();
  function broadcastTally(topic: string, pollId: string, data: Buffer) {
    const subscribers = [...(topics.get(topic) ?? [])];
    const round = (tallyRounds.get(pollId) ?? 0) + 1;
    tallyRounds.set(pollId, round);
    let index = 0;
    const step = () => {
      if (tallyRounds.get(pollId) !== round) return;
      const end = Math.min(index + fanOutChunk, subscribers.length);
      for (; index < end; index += 1) send(subscribers[index]!.socket, data);
      if (index < subscribers.length) setImmediate(step);
      else tallyRounds.delete(pollId);
    };
    step();
  }

  /** The latest tally noticed per poll, waiting for its turn to go out. */
  const noticedTallies = new Map<string, TallyNotice>();
  const tallyPushes = createKeyedThrottle(tallyIntervalMs, (pollId) => {
    const notice = noticedTallies.get(pollId);
    noticedTallies.delete(pollId);
    if (!notice) return;
    const topic = topicOf(notice.assemblyId);
    if (!topics.get(topic)?.size) return;
    const message: ServerMessage = {
      type: 'tally',
      topic,
      pollId,
      participation: notice.participation,
      totals: notice.totals,
    };
    broadcastTally(topic, pollId, Buffer.from(JSON.stringify(message)));
  });

  function onTallyNotice(payload: string) {
    const notice = JSON.parse(payload) as TallyNotice;
    if (!topics.get(topicOf(notice.assemblyId))?.size) return;
    noticedTallies.set(notice.pollId, notice);
    tallyPushes.call(notice.pollId);
  }

  /**
   * Counts the poll and tells every instance in one statement: the notice carries the tally,
   * so no instance queries it again. Hand counts entered for a site are part of the totals.
   * An election round's tally is its participation only: its count comes at its close.
   */
  const tallyAnnouncements = createKeyedThrottle(tallyIntervalMs, (pollId) => {
    db.execute(
      sql`select pg_notify(${talliesChannel}, json_build_object(
            'pollId', p.id,
            'assemblyId', p.assembly_id,
            'participation', ${answerCountOf(pollId)},
            'totals', case when p.secret or p.election_id is not null then null else coalesce((
              select json_object_agg(choice, total) from (
                select choice, sum(n)::int as total from (
                  select choice::text as choice, count(*) as n from ballots
                  where poll_id = p.id group by choice
                  union all
                  select choice::text, sum(count) from site_counts
                  where poll_id = p.id group by choice
                ) as parts group by choice
              ) as totals), '{}'::json) end
          )::text)
          from polls p where p.id = ${pollId}`,
    ).catch((error: unknown) => log.error({ err: error, pollId }, 'tally notice failed'));
  });

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
      tallyPushes.stop();
      tallyAnnouncements.stop();
      for (const stop of stops) await stop();
    },

    /**
     * Subscribes a socket, replaying what it missed since `lastSeq` in order, with no gap and no
     * duplicate between the replay and the live stream.
     */
    async subscribe(socket: WebSocket, assemblyId: string, lastSeq: number | undefined) {
      const topic = topicOf(assemblyId);
      const subscription: Subscription = { socket, topic, pending: [], lastSeq: lastSeq ?? 0 };
      let subscribers = topics.get(topic);
      if (!subscribers) topics.set(topic, (subscribers = new Set()));
      for (const existing of subscribers)
        if (existing.socket === socket) subscribers.delete(existing);
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
          subscribers.delete(subscription);
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
        const [head] = await queryRows<{ seq: number }>(
          db,
          sql`select coalesce(max(seq), 0)::int as seq from events where assembly_id = ${assemblyId}`,
        );
        subscription.lastSeq = head?.seq ?? 0;
      }
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
      const names = assemblyId ? [topicOf(assemblyId)] : [...topics.keys()];
      for (const name of names) {
        const subscribers = topics.get(name);
        if (!subscribers) continue;
        for (const subscription of subscribers)
          if (subscription.socket === socket) subscribers.delete(subscription);
        if (!subscribers.size) topics.delete(name);
      }
    },

    /** The assemblies a socket follows. */
    assembliesOf(socket: WebSocket): string[] {
      const followed: string[] = [];
      for (const [topic, subscribers] of topics) {
        for (const subscription of subscribers) {
          if (subscription.socket === socket) followed.push(topic.slice('assembly:'.length));
        }
      }
      return followed;
    },

    /** A ballot or a hand count was committed: tell every instance, a few times a second at most. */
    pollChanged(pollId: string) {
      tallyAnnouncements.call(pollId);
    },

    subscriberCount() {
      let total = 0;
      for (const subscribers of topics.values()) total += subscribers.size;
      return total;
    },
  };
}

export type RealtimeHub = ReturnType<typeof createRealtimeHub>;
