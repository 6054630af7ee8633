import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  choices,
  objectionStatuses,
  pollKinds,
  pollStatuses,
  voteRules,
} from '@cercle/shared/enums';
import { users } from './auth.ts';
import { elections } from './elections.ts';
import { amendments, motions } from './motions.ts';
import { assemblies } from './organisation.ts';

export const polls = pgTable(
  'polls',
  {
    id: text('id').primaryKey(),
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'restrict' }),
    /** The motion decided; null for an election round. */
    motionId: text('motion_id').references(() => motions.id, { onDelete: 'restrict' }),
    /** Null when the poll decides the motion itself. */
    amendmentId: text('amendment_id').references(() => amendments.id, { onDelete: 'restrict' }),
    /** The motion version put to the decision; null for an election round. */
    motionVersion: integer('motion_version'),
    /** The election this poll is a round of (`round`); null for a motion's poll. */
    electionId: text('election_id').references((): AnyPgColumn => elections.id, {
      onDelete: 'restrict',
    }),
    /** An election round's candidates (round 2 keeps some of round 1's). */
    candidateIds: jsonb('candidate_ids').$type<string[]>(),
    kind: text('kind', { enum: pollKinds }).notNull(),
    rule: text('rule', { enum: voteRules }),
    secret: boolean('secret').notNull().default(false),
    /** Consent rounds on the same motion are numbered 1, 2, 3…; the fallback vote is flagged. */
    round: integer('round').notNull().default(1),
    fallback: boolean('fallback').notNull().default(false),
    meetingId: text('meeting_id'),
    status: text('status', { enum: pollStatuses }).notNull().default('created'),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    // Frozen at opening with the electorate: later changes to the assembly do not move them.
    quorum: real('quorum'),
    electorateSize: integer('electorate_size'),
    collegeWeighting: boolean('college_weighting'),
    majorityInEveryCollege: boolean('majority_in_every_college'),
    colleges: jsonb('colleges').$type<{ id: string; share: number }[]>(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    result: jsonb('result'),
    /** SHA-256 over the poll's ballots at closing, carried by the poll.closed event. */
    ballotsDigest: text('ballots_digest'),
    /**
     * Kept by triggers on participations and ballots (migration 0016), so the live tally is read,
     * not counted again after each batch: participations in the app, and an open poll's ballots
     * per choice. Hand counts are added when read (they are a few rows).
     */
    appParticipation: integer('app_participation').notNull().default(0),
    appTotals: jsonb('app_totals').$type<Record<string, number>>().notNull().default({}),
  },
  (table) => [
    index('polls_motion_idx').on(table.motionId),
    index('polls_election_idx').on(table.electionId),
    check('polls_one_subject', sql`(${table.motionId} is null) <> (${table.electionId} is null)`),
    index('polls_closing_idx').on(table.status, table.closesAt),
  ],
);

/** Who may answer a poll, frozen when it opens, with the college their ballot counts in. */
export const pollElectorate = pgTable(
  'poll_electorate',
  {
    pollId: text('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    collegeId: text('college_id'),
  },
  (table) => [primaryKey({ columns: [table.pollId, table.userId] })],
);

/**
 * That a voter's answer is counted, one row per person and poll whatever the way: the primary
 * key is "one person, one answer" itself. `app`: they (or their proxy holder, `castBy`) answered
 * in Cercle. `hands`: they were present or represented at `siteId` when its secretary entered the
 * show-of-hands counts, so those counts may include them, and nothing else may. For secret polls
 * this is the only row naming the voter; the choices are counted in `secret_tallies`.
 */
export const participations = pgTable(
  'participations',
  {
    pollId: text('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    voterId: text('voter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    method: text('method', { enum: ['app', 'hands'] })
      .notNull()
      .default('app'),
    /** Who cast it in the app: the voter, or the holder of their proxy. Null for hands. */
    castBy: text('cast_by').references(() => users.id, { onDelete: 'restrict' }),
    /** The client's id for the app ballot; null for hands. */
    clientBallotId: text('client_ballot_id'),
    /** Where the answer was given, in a meeting. */
    siteId: text('site_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.pollId, table.voterId] }),
    unique('participations_client_ballot_unique').on(table.pollId, table.clientBallotId),
  ],
);

/**
 * A secret poll's choices, as counters only: one row per poll holding every count by choice ×
 * college × site, rewritten whole by every batch of ballots. There is no row per ballot, so no
 * row order, system column (xmin, ctid), id or timestamp can pair a voter with a choice; the
 * statement that writes it carries counts, never voter ids. Once the poll is closed, it holds
 * only what the published result shows (small groups merged).
 */
export const secretTallies = pgTable('secret_tallies', {
  pollId: text('poll_id')
    .primaryKey()
    .references(() => polls.id, { onDelete: 'cascade' }),
  counts: jsonb('counts').$type<SecretCount[]>().notNull(),
});

export interface SecretCount {
  choice: (typeof choices)[number];
  collegeId: string | null;
  siteId: string | null;
  count: number;
}

/** The answers of open (non-secret) polls, one row per voter, changeable while the poll is open. */
export const ballots = pgTable(
  'ballots',
  {
    id: text('id').primaryKey(),
    pollId: text('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    voterId: text('voter_id').references(() => users.id, { onDelete: 'restrict' }),
    choice: text('choice', { enum: choices }).notNull(),
    reason: text('reason'),
    collegeId: text('college_id'),
    siteId: text('site_id'),
  },
  (table) => [
    uniqueIndex('ballots_one_per_voter')
      .on(table.pollId, table.voterId)
      .where(sql`${table.voterId} is not null`),
    index('ballots_poll_idx').on(table.pollId),
  ],
);

/** An objection raised in a consent round, tracked until integrated, withdrawn or ruled out. */
export const objections = pgTable(
  'objections',
  {
    id: text('id').primaryKey(),
    pollId: text('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    motionId: text('motion_id')
      .notNull()
      .references(() => motions.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    reason: text('reason').notNull(),
    status: text('status', { enum: objectionStatuses }).notNull().default('open'),
    /** The motion version that answers it, when integrated. */
    integratedVersion: integer('integrated_version'),
    /** The secretary's recorded reason, when ruled out. */
    resolution: text('resolution'),
    resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'restrict' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('objections_motion_idx').on(table.motionId, table.status)],
);

export type PollRow = typeof polls.$inferSelect;
export type ObjectionRow = typeof objections.$inferSelect;

/**
 * A poll that decides a motion or an amendment (not an election round): the motion polls'
 * modules take only these, and answer 404 for an election's round, which has its own routes.
 */
export type MotionPollRow = PollRow & {
  motionId: string;
  motionVersion: number;
  kind: Exclude<PollRow['kind'], 'election'>;
};

export function isMotionPoll(poll: PollRow): poll is MotionPollRow {
  return poll.motionId !== null && poll.kind !== 'election';
}
