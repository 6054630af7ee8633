import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import {
  compositeResponses,
  congressPhases as congressPhaseNames,
  mandates,
} from '@cercle/shared/enums';
import { users } from './auth.ts';
import { motions } from './motions.ts';
import { assemblies } from './organisation.ts';
import { polls } from './polls.ts';

/** The dated windows of a congress (an assembly of kind `congress`). */
export const congressPhases = pgTable(
  'congress_phases',
  {
    congressId: text('congress_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'cascade' }),
    phase: text('phase', { enum: congressPhaseNames }).notNull(),
    position: integer('position').notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    /** How many times the secretariat moved the window (each change is an event). */
    changes: integer('changes').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.congressId, table.phase] })],
);

/** An antenna's instruction to its delegates on one congress motion; the latest one holds. */
export const congressMandates = pgTable(
  'congress_mandates',
  {
    motionId: text('motion_id')
      .notNull()
      .references(() => motions.id, { onDelete: 'cascade' }),
    antennaId: text('antenna_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'restrict' }),
    mandate: text('mandate', { enum: mandates }).notNull(),
    pollId: text('poll_id').references(() => polls.id, { onDelete: 'set null' }),
    note: text('note').notNull().default(''),
    recordedBy: text('recorded_by').references(() => users.id, { onDelete: 'restrict' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.motionId, table.antennaId] })],
);

/** A composite motion and the congress motions merged into it, with their authors' answers. */
export const compositeSources = pgTable(
  'composite_sources',
  {
    compositeId: text('composite_id')
      .notNull()
      .references(() => motions.id, { onDelete: 'cascade' }),
    sourceId: text('source_id')
      .notNull()
      .references(() => motions.id, { onDelete: 'restrict' }),
    response: text('response', { enum: compositeResponses }).notNull().default('pending'),
    note: text('note').notNull().default(''),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.compositeId, table.sourceId] })],
);
