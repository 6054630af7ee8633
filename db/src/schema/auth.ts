import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  /** Stored lower-cased and trimmed; the unique index makes a second account impossible. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  isAdmin: boolean('is_admin').notNull().default(false),
  /** Opted out of the daily digest mail; the in-app list stays. */
  digestOptOut: boolean('digest_opt_out').notNull().default(false),
  lastDigestAt: timestamp('last_digest_at', { withTimezone: true }),
  /** Secret in the address of the person's calendar feed (calendar apps send no cookie). */
  calendarToken: text('calendar_token').unique(),
  locale: text('locale', { enum: ['fr', 'en'] })
    .notNull()
    .default('fr'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Lucia sessions: the cookie holds the id, this row says whose it is and until when. */
export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * One-time link printed at first start to create the first admin. Only a hash is kept,
 * so reading the database does not give the link away.
 */
export const setupTokens = pgTable('setup_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
