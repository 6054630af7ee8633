import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const jobStates = ['pending', 'running', 'done', 'failed'] as const;
export type JobState = (typeof jobStates)[number];

/**
 * Durable background work (server/src/jobs): one row per thing to do, named by its idempotency
 * key, so that deciding twice that a digest is due makes one job, not two. A job is taken for a
 * lease (`locked_until`); a worker that dies leaves it to be taken again once the lease ends.
 */
export const jobs = pgTable(
  'jobs',
  {
    /** The idempotency key: `digest:<userId>:<day>`, `poll-close:<pollId>`… */
    key: text('key').primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    state: text('state', { enum: jobStates }).notNull().default('pending'),
    /** Attempts started so far (a claim counts one, even if the worker then died). */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    index('jobs_due_idx').on(table.kind, table.state, table.runAfter),
    index('jobs_finished_idx').on(table.state, table.finishedAt),
  ],
);

export type JobRow = typeof jobs.$inferSelect;
