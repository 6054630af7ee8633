import { bigint, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { notificationTypes } from '@cercle/shared/enums';
import { users } from './auth.ts';
import { assemblies } from './organisation.ts';

/** What a member should know about, listed in the app and gathered in one daily mail. */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'cascade' }),
    type: text('type', { enum: notificationTypes }).notNull(),
    /** The motion or poll it is about; with the type, it makes the notification unique. */
    subjectId: text('subject_id').notNull(),
    motionId: text('motion_id'),
    /** The election it is about (its call, one of its rounds, its result): where it links to. */
    electionId: text('election_id'),
    /** The meeting it is about (a cancelled meeting): where it links to. */
    meetingId: text('meeting_id'),
    /** The motion's title when the notification was made, so the list reads without joins. */
    title: text('title').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('notifications_once').on(table.userId, table.type, table.subjectId),
    index('notifications_user_idx').on(table.userId, table.createdAt),
  ],
);

/** How far the notification worker has read the event log. */
export const notificationCursor = pgTable('notification_cursor', {
  name: text('name').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
});

/**
 * The secret of each digest's one-click unsubscribe link (List-Unsubscribe), as a SHA-256: the
 * link stops that person's digest, signed in or not, and nothing else. One per digest sent, so
 * every mail's link keeps working; dropped with the person.
 */
export const unsubscribeTokens = pgTable(
  'unsubscribe_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('unsubscribe_tokens_user_idx').on(table.userId)],
);

export type NotificationRow = typeof notifications.$inferSelect;
