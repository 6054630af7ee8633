import { asc, eq, sql } from 'drizzle-orm';
import { type Database, eventChains, events } from '@cercle/db';
import { eventHash, genesisHash } from './event-hash.ts';

/** Every appended event is announced on this channel when its transaction commits. */
export const eventsChannel = 'cercle_events';

export interface NewEvent {
  assemblyId: string;
  type: string;
  actorId: string | null;
  payload: Record<string, unknown>;
}

export function createEventsRepository({ db }: { db: Database }) {
  return {
    /**
     * Appends one event to its assembly's chain. Call it inside the transaction that makes the
     * change, so the change and its record commit together or not at all.
     */
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

    async append(event: NewEvent) {
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
      // NOTIFY is transactional: listeners hear of the event only once it is committed.
      const notice = JSON.stringify({ id: row!.id, assemblyId: event.assemblyId, seq });
      await db.execute(sql`select pg_notify(${eventsChannel}, ${notice})`);
      return row!;
    },

    async listForAssembly(assemblyId: string) {
      return db
        .select()
        .from(events)
        .where(eq(events.assemblyId, assemblyId))
        .orderBy(asc(events.seq));
    },

    /** Recomputes the chain; the first event that does not match is where tampering starts. */
    async verify(assemblyId: string) {
      const rows = await this.listForAssembly(assemblyId);
      let prevHash = genesisHash(assemblyId);
      for (const [index, row] of rows.entries()) {
        const expected = eventHash({ ...row, prevHash });
        if (row.seq !== index + 1 || row.prevHash !== prevHash || row.hash !== expected) {
          return { valid: false as const, events: rows.length, brokenAtSeq: row.seq };
        }
        prevHash = row.hash;
      }
      return { valid: true as const, events: rows.length, headHash: prevHash };
    },
  };
}

export type EventsRepository = ReturnType<typeof createEventsRepository>;
