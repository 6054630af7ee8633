import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { memberRoles } from '@cercle/shared/enums';
import { users } from './auth.ts';
import { assemblies, colleges } from './organisation.ts';

export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    /** SHA-256 of the token in the link: a database dump does not leak usable links. */
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'cascade' }),
    role: text('role', { enum: memberRoles }).notNull(),
    collegeId: text('college_id').references(() => colleges.id, { onDelete: 'set null' }),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [index('invitations_email_idx').on(table.email)],
);

export type InvitationRow = typeof invitations.$inferSelect;
