import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { locales, minutesStatuses } from '@cercle/shared/enums';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { meetings } from './meetings.ts';
import { assemblies } from './organisation.ts';

/**
 * One version of a meeting's minutes (procès-verbal). A published row is never updated again
 * (the service refuses it): an erratum is a new version whose `corrects_id` points at it.
 */
export const minutes = pgTable(
  'minutes',
  {
    id: text('id').primaryKey(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'restrict' }),
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'restrict' }),
    version: integer('version').notNull(),
    status: text('status', { enum: minutesStatuses }).notNull().default('draft'),
    language: text('language', { enum: locales }).notNull(),
    text: text('text').notNull(),
    correctsId: text('corrects_id').references((): AnyPgColumn => minutes.id, {
      onDelete: 'restrict',
    }),
    erratumReason: text('erratum_reason'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** Who wrote the current text (drafted, edited or redrafted it); null: its creator. */
    editedBy: text('edited_by').references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: text('approved_by').references(() => users.id, { onDelete: 'restrict' }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    publishedBy: text('published_by').references(() => users.id, { onDelete: 'restrict' }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    coversEventSeq: integer('covers_event_seq'),
    coversEventHash: text('covers_event_hash'),
    textHash: text('text_hash'),
  },
  (table) => [
    uniqueIndex('minutes_meeting_version').on(table.meetingId, table.version),
    index('minutes_assembly_idx').on(table.assemblyId, table.publishedAt),
  ],
);
