import { boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { locales } from '@cercle/shared/enums';

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
  locale: text('locale', { enum: locales }).notNull().default('fr'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * Set when the person erased their account (GDPR art. 17): the row stays so that the records the
   * assembly must keep still point somewhere, but its name is a pseudonym, its address is gone and
   * no one can sign in as it.
   */
  erasedAt: timestamp('erased_at', { withTimezone: true }),
});

/**
 * Lucia sessions. The cookie holds a random token; `id` is its SHA-256 (hex), so a copy of this
 * table (a dump, a replica, a backup) opens no session.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('sessions_user_id_idx').on(table.userId)],
);

/**
 * One-time link printed at first start to create the first admin. Only a hash is kept,
 * so reading the database does not give the link away.
 */
export const setupTokens = pgTable('setup_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/**
 * Failed sign-ins, counted in the database so that every instance adds to the same counts and a
 * restart forgets none. One row per scope: an (address, account) pair, an address, an account,
 * or an address asking for password resets. `key_hash` is the SHA-256 of the address and/or
 * account: the table says how often, not who.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    scope: text('scope', { enum: ['pair', 'address', 'account', 'reset'] }).notNull(),
    keyHash: text('key_hash').notNull(),
    /** Failures since the counter last went quiet for a whole window. */
    failures: integer('failures').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
    /** Attempts in this scope wait until then. */
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    /** A pair's attempt in progress holds it: parallel guesses from one pair run one at a time. */
    attemptUntil: timestamp('attempt_until', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.scope, table.keyHash] })],
);

/** A mailed link to choose a new password: only its hash is kept; single use, short-lived. */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [index('password_reset_tokens_user_id_idx').on(table.userId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
