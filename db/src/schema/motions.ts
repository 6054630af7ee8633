import {
  type AnyPgColumn,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { amendmentStatuses, coauthorStatuses, motionStatuses } from '@cercle/shared/enums';
import { users } from './auth.ts';
import { assemblies } from './organisation.ts';

export const motions = pgTable(
  'motions',
  {
    id: text('id').primaryKey(),
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'restrict' }),
    /** Year and rank of the number (NAT-2026-004), given at submission; null for drafts. */
    year: integer('year'),
    rank: integer('rank'),
    title: text('title').notNull(),
    status: text('status', { enum: motionStatuses }).notNull().default('draft'),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    currentVersion: integer('current_version').notNull().default(1),
    /** Where a referred motion went (a working group, the congress). */
    referredTo: text('referred_to').references(() => assemblies.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** A congress motion forwarded by an antenna: the antenna's adopted motion. */
    forwardedFrom: text('forwarded_from').references((): AnyPgColumn => motions.id, {
      onDelete: 'restrict',
    }),
  },
  (table) => [
    unique('motions_number_unique').on(table.assemblyId, table.year, table.rank),
    index('motions_assembly_idx').on(table.assemblyId, table.status),
  ],
);

/** Every text a motion has had; versions are never edited, a change is a new version. */
export const motionVersions = pgTable(
  'motion_versions',
  {
    motionId: text('motion_id')
      .notNull()
      .references(() => motions.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    text: text('text').notNull(),
    /** Why this version exists: written by hand, an adopted amendment, an integrated objection. */
    note: text('note').notNull().default(''),
    amendmentId: text('amendment_id'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.motionId, table.version] })],
);

export const motionSupporters = pgTable(
  'motion_supporters',
  {
    motionId: text('motion_id')
      .notNull()
      .references(() => motions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.motionId, table.userId] })],
);

export const motionComments = pgTable(
  'motion_comments',
  {
    id: text('id').primaryKey(),
    motionId: text('motion_id')
      .notNull()
      .references(() => motions.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('motion_comments_motion_idx').on(table.motionId, table.createdAt)],
);

/**
 * The people who sign a motion with its author (co-signatories of an antenna motion). An invited
 * co-author answers; once accepted they may edit drafts, answer objections and composites. A motion
 * forwarded to the congress copies its authors here, so its real authors are never lost.
 */
export const motionCoauthors = pgTable(
  'motion_coauthors',
  {
    motionId: text('motion_id')
      .notNull()
      .references(() => motions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: coauthorStatuses }).notNull().default('invited'),
    invitedBy: text('invited_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.motionId, table.userId] }),
    index('motion_coauthors_user_idx').on(table.userId, table.status),
  ],
);

/** A proposed new text for a motion, written against one version of it. */
export const amendments = pgTable(
  'amendments',
  {
    id: text('id').primaryKey(),
    motionId: text('motion_id')
      .notNull()
      .references(() => motions.id, { onDelete: 'cascade' }),
    /** A1, A2… within the motion. */
    rank: integer('rank').notNull(),
    baseVersion: integer('base_version').notNull(),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    proposedText: text('proposed_text').notNull(),
    /** An antenna that proposes it through its secretary (congress motions). */
    onBehalfOf: text('on_behalf_of').references(() => assemblies.id, { onDelete: 'restrict' }),
    rationale: text('rationale').notNull().default(''),
    status: text('status', { enum: amendmentStatuses }).notNull().default('submitted'),
    /** The motion version this amendment produced when adopted. */
    resultingVersion: integer('resulting_version'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (table) => [unique('amendments_rank_unique').on(table.motionId, table.rank)],
);

export type MotionRow = typeof motions.$inferSelect;
export type MotionVersionRow = typeof motionVersions.$inferSelect;
export type MotionCoauthorRow = typeof motionCoauthors.$inferSelect;
export type AmendmentRow = typeof amendments.$inferSelect;
