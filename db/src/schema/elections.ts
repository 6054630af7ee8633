import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  candidacyStatuses,
  electionMethods,
  electionStatuses,
  electionSubjects,
} from '@cercle/shared/enums';
import { users } from './auth.ts';
import { assemblies } from './organisation.ts';
import { polls } from './polls.ts';

/**
 * An election of people (a board, delegates) or a choice among options (a date, a scenario),
 * in one assembly, asynchronous or inside a meeting. Each round is a poll (`polls.election_id`),
 * so ballots keep the poll's guarantees: frozen electorate, one answer per person, proxies,
 * presence, secrecy.
 */
export const elections = pgTable(
  'elections',
  {
    id: text('id').primaryKey(),
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'restrict' }),
    /** Voted inside this meeting (its rounds are meeting polls); null: asynchronous. */
    meetingId: text('meeting_id'),
    subject: text('subject', { enum: electionSubjects }).notNull(),
    title: text('title').notNull(),
    /** Markdown, sanitised when shown. */
    description: text('description').notNull().default(''),
    method: text('method', { enum: electionMethods }).notNull(),
    seats: integer('seats').notNull(),
    /** Seats only a member of that college may take. */
    reserved: jsonb('reserved').$type<{ collegeId: string; seats: number }[]>().notNull(),
    parity: boolean('parity').notNull().default(false),
    /** Majority judgment: the grades, best first. */
    grades: jsonb('grades').$type<string[]>(),
    /** Two-round method: how many of round 1's candidates round 2 keeps; null keeps them all. */
    keep: integer('keep'),
    secret: boolean('secret').notNull(),
    status: text('status', { enum: electionStatuses }).notNull().default('preparing'),
    /** The call for candidacies (people only). */
    candidaciesOpenAt: timestamp('candidacies_open_at', { withTimezone: true }),
    candidaciesCloseAt: timestamp('candidacies_close_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('elections_assembly_idx').on(table.assemblyId),
    index('elections_call_idx').on(table.status, table.candidaciesCloseAt),
  ],
);

/**
 * One who stands: a member's candidacy (by themselves or entered by a secretary) or an option.
 * `college_id` is the candidate's college, read again when the list is published; `category` is
 * declared only if the candidate wishes, and only used by the parity rule.
 */
export const candidates = pgTable(
  'candidates',
  {
    id: text('id').primaryKey(),
    electionId: text('election_id')
      .notNull()
      .references(() => elections.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'restrict' }),
    /** An option's words; null for a person (their name is theirs). */
    label: text('label'),
    statement: text('statement').notNull().default(''),
    category: text('category'),
    collegeId: text('college_id'),
    status: text('status', { enum: candidacyStatuses }).notNull().default('standing'),
    /** Order on the list (options in the secretary's order; people by name on the ballot). */
    position: integer('position').notNull(),
    enteredBy: text('entered_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('candidates_one_per_person')
      .on(table.electionId, table.userId)
      .where(sql`${table.userId} is not null`),
    index('candidates_election_idx').on(table.electionId),
  ],
);

/**
 * What an election ballot says, by family of method: names marked (plurality, block,
 * two-round, approval), a grade per name (majority judgment, 0 = best), or a ranking (STV).
 * An empty one is a blank ballot.
 */
export type ElectionSelection =
  { marks: string[] } | { grades: Record<string, number> } | { ranking: string[] };

/** The ballots of an open (non-secret) election round, one row per voter. */
export const electionBallots = pgTable(
  'election_ballots',
  {
    id: text('id').primaryKey(),
    pollId: text('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    voterId: text('voter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    selection: jsonb('selection').$type<ElectionSelection>().notNull(),
    collegeId: text('college_id'),
    siteId: text('site_id'),
  },
  (table) => [unique('election_ballots_one_per_voter').on(table.pollId, table.voterId)],
);

/**
 * A secret election round's ballots, without voters: one row per poll holding every distinct
 * ballot × college × site with how many gave it, in a canonical order, rewritten whole by every
 * batch (as `secret_tallies` does for motions). No row per ballot: no row order, system column
 * or timestamp can pair a voter with a ballot.
 */
export const electionSecretTallies = pgTable('election_secret_tallies', {
  pollId: text('poll_id')
    .primaryKey()
    .references(() => polls.id, { onDelete: 'cascade' }),
  ballots: jsonb('ballots').$type<SecretElectionBallots[]>().notNull(),
});

export interface SecretElectionBallots {
  selection: ElectionSelection;
  collegeId: string | null;
  siteId: string | null;
  count: number;
}

/**
 * A site's paper ballots or show of hands for an election round, entered by its secretary:
 * `ballots` counted there (blank ones included), and the counts in the method's form (votes per
 * name, grades per name, or rankings with their number).
 */
export const electionSiteCounts = pgTable(
  'election_site_counts',
  {
    pollId: text('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    siteId: text('site_id').notNull(),
    collegeId: text('college_id'),
    ballots: integer('ballots').notNull(),
    blank: integer('blank').notNull(),
    counts: jsonb('counts').$type<ElectionSiteTally>().notNull(),
    enteredBy: text('entered_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('election_site_counts_cell')
      .on(table.pollId, table.siteId, table.collegeId)
      .nullsNotDistinct(),
  ],
);

export type ElectionSiteTally =
  | { votes: Record<string, number> }
  | { profiles: Record<string, number[]> }
  | { rankings: { ranking: string[]; count: number }[] };

export type ElectionRow = typeof elections.$inferSelect;
export type CandidateRow = typeof candidates.$inferSelect;
