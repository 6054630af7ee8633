import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import {
  assemblyKinds,
  auditVisibilities,
  locales,
  memberRoles,
  minutesVisibilities,
  voteRules,
} from '@cercle/shared/enums';
import { users } from './auth.ts';

export const assemblies = pgTable(
  'assemblies',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: assemblyKinds }).notNull(),
    name: text('name').notNull(),
    /** Short code used in motion numbers (NAT-2026-004, OCC-2026-003). */
    code: text('code').notNull().unique(),
    description: text('description').notNull().default(''),
    parentId: text('parent_id'),
    // Settings (ARCHITECTURE.md, "Rules"); defaults mirror @cercle/shared defaultAssemblySettings.
    quorum: real('quorum').notNull().default(0.25),
    maxProxiesPerHolder: integer('max_proxies_per_holder').notNull().default(2),
    maxConsentRounds: integer('max_consent_rounds').notNull().default(3),
    fallbackRule: text('fallback_rule', { enum: voteRules }).notNull().default('two_thirds'),
    supportersToAdmit: integer('supporters_to_admit').notNull().default(3),
    collegeWeighting: boolean('college_weighting').notNull().default(false),
    majorityInEveryCollege: boolean('majority_in_every_college').notNull().default(false),
    /** Minutes are approved by another secretary than the one who wrote their text. */
    minutesSecondApproval: boolean('minutes_second_approval').notNull().default(false),
    minutesVisibility: text('minutes_visibility', { enum: minutesVisibilities })
      .notNull()
      .default('members'),
    /** Who reads the audit trail in words (secretaries always do; admins everywhere). */
    auditVisibility: text('audit_visibility', { enum: auditVisibilities })
      .notNull()
      .default('members'),
    language: text('language', { enum: locales }).notNull().default('fr'),
    secretMinimumGroup: integer('secret_minimum_group').notNull().default(5),
    /** IANA name; every date of the assembly is shown in it. */
    timeZone: text('time_zone').notNull().default('Europe/Paris'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('assemblies_parent_idx').on(table.parentId)],
);

export const colleges = pgTable(
  'colleges',
  {
    id: text('id').primaryKey(),
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Fraction of the voting power (0–1) when the assembly weighs colleges. */
    share: real('share').notNull(),
  },
  (table) => [index('colleges_assembly_idx').on(table.assemblyId)],
);

export const members = pgTable(
  'members',
  {
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: memberRoles }).notNull().default('member'),
    collegeId: text('college_id').references(() => colleges.id, { onDelete: 'set null' }),
    votingRight: boolean('voting_right').notNull().default(true),
    /** The organisation this person represents, e.g. "Artisans du Monde"; null for citizens. */
    organisation: text('organisation'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.assemblyId, table.userId] }),
    index('members_user_idx').on(table.userId),
  ],
);

export type Assembly = typeof assemblies.$inferSelect;
export type College = typeof colleges.$inferSelect;
export type Member = typeof members.$inferSelect;
