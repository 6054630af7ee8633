import { and, asc, eq, sql } from 'drizzle-orm';
import { type Database, eventChains, events, users } from '@cercle/db';
import { type EventPayload, eventPayloadProblem, type EventType } from '@cercle/shared';
import { eventHash, genesisHash } from './event-hash.ts';

/** Every appended event is announced on this channel when its transaction commits. */
export const eventsChannel = 'cercle_events';

export interface NewEvent<T extends EventType> {
  assemblyId: string;
  type: T;
  actorId: string | null;
  payload: EventPayload<T>;
}

/**
 * Under test every payload is held against the event map as it is written, so a writer drifting
 * from it fails the suite; elsewhere the types are the check, and appending costs no parse.
 */
const checkPayloads = process.env.NODE_ENV === 'test';

function checkPayload(type: EventType, payload: unknown) {
  const problem = eventPayloadProblem(type, payload);
  if (problem) throw new Error(`event ${type} does not match the event map: ${problem}`);
}

export function createEventsRepository({ db }: { db: Database }) {
  return {
    /**
     * Locks the assembly's chain head until the transaction ends and returns it. Appends lock it
     * anyway; call it first when the transaction must also serialise other work (numbering).
     */
    async lockChain(assemblyId: string) {
      await db
        .insert(eventChains)
        .values({ assemblyId, hash: genesisHash(assemblyId) })
        .onConflictDoNothing();
      const [head] = await db
        .select()
        .from(eventChains)
        .where(eq(eventChains.assemblyId, assemblyId))
        .for('update');
      return head!;
    },

    /**
     * Appends one event to its assembly's chain. Call it inside the transaction that makes the
     * change, so the change and its record commit together or not at all.
     */
    async append<T extends EventType>(event: NewEvent<T>) {
      if (checkPayloads) checkPayload(event.type, event.payload);
      const head = await this.lockChain(event.assemblyId);
      const seq = head.seq + 1;
      const createdAt = new Date();
      const hash = eventHash({ ...event, seq, createdAt, prevHash: head.hash });
      const [row] = await db
        .insert(events)
        .values({ ...event, seq, createdAt, prevHash: head.hash, hash })
        .returning();
      await db
        .update(eventChains)
        .set({ seq, hash })
        .where(eq(eventChains.assemblyId, event.assemblyId));
      // NOTIFY is transactional: listeners hear of the event only once it is committed. The
      // hash lets the audit witness keep a copy of the chain outside the database.
      const notice = JSON.stringify({ id: row!.id, assemblyId: event.assemblyId, seq, hash });
      await db.execute(sql`select pg_notify(${eventsChannel}, ${notice})`);
      return row!;
    },

    /** The chain's recorded head (its last event's number and hash), or null before any event. */
    async head(assemblyId: string) {
      const [head] = await db
        .select({ seq: eventChains.seq, hash: eventChains.hash })
        .from(eventChains)
        .where(eq(eventChains.assemblyId, assemblyId));
      return head ?? null;
    },

    /**
     * An assembly's events of one type, oldest first, with who recorded them (null for the app
     * itself): the rows to read through `readEvents` where a page shows the log's own record.
     */
    async ofType(assemblyId: string, type: EventType) {
      return db
        .select({
          assemblyId: events.assemblyId,
          seq: events.seq,
          type: events.type,
          payload: events.payload,
          createdAt: events.createdAt,
          actorId: users.id,
          actorName: users.name,
        })
        .from(events)
        .leftJoin(users, eq(users.id, events.actorId))
        .where(and(eq(events.assemblyId, assemblyId), eq(events.type, type)))
        .orderBy(asc(events.seq));
    },
  };
}

export type EventsRepository = ReturnType<typeof createEventsRepository>;
