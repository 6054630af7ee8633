import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { assemblies } from './organisation.ts';

/**
 * The append-only log of every state change (ARCHITECTURE.md, "Layers and data flows"),
 * hash-chained per assembly: each event's hash covers its content and the previous event's hash, so
 * an edit or a deletion anywhere breaks the chain from that point on.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'restrict' }),
    /** 1, 2, 3… within the assembly: what realtime clients resume from. */
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actorId: text('actor_id'),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    unique('events_assembly_seq_unique').on(table.assemblyId, table.seq),
    index('events_type_idx').on(table.type),
  ],
);

/** The head of each assembly's chain; locking its row serialises appends for that assembly. */
export const eventChains = pgTable('event_chains', {
  assemblyId: text('assembly_id')
    .primaryKey()
    .references(() => assemblies.id, { onDelete: 'restrict' }),
  seq: integer('seq').notNull().default(0),
  hash: text('hash').notNull(),
});

export type EventRow = typeof events.$inferSelect;
