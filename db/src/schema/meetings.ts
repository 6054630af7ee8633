import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  agendaItemKinds,
  choices,
  meetingModes,
  meetingStatuses,
  proxyEndReasons,
  speakerRequestStatuses,
  speakingOrders,
} from '@cercle/shared/enums';
import { sql } from 'drizzle-orm';
import { users } from './auth.ts';
import { motions } from './motions.ts';
import { assemblies } from './organisation.ts';
import { polls } from './polls.ts';

/** One sitting of an assembly ("séance"), possibly spread over several sites. */
export const meetings = pgTable(
  'meetings',
  {
    id: text('id').primaryKey(),
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    mode: text('mode', { enum: meetingModes }).notNull(),
    status: text('status', { enum: meetingStatuses }).notNull().default('scheduled'),
    location: text('location').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** A scheduled meeting called off: when, and the reason members were told. */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    currentItemId: text('current_item_id'),
    /** How the list of speakers is ordered (`@cercle/shared` speakers.ts). */
    speakingOrder: text('speaking_order', { enum: speakingOrders }).notNull().default('arrival'),
    /** The time each speaker is given; the timer warns near its end and counts beyond it. */
    speakingSeconds: integer('speaking_seconds').notNull().default(180),
    /** The categories a speaker may declare (voluntarily) for `category_alternation`. */
    speakerCategories: jsonb('speaker_categories').$type<string[]>().notNull().default([]),
    /** Only accredited delegates vote: antennas designate them, site secretaries accredit them. */
    accreditationRequired: boolean('accreditation_required').notNull().default(false),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('meetings_assembly_idx').on(table.assemblyId, table.startsAt)],
);

/** Where part of a decentralised meeting sits: an antenna's room, or online. */
export const meetingSites = pgTable('meeting_sites', {
  id: text('id').primaryKey(),
  meetingId: text('meeting_id')
    .notNull()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  online: boolean('online').notNull().default(false),
  /** The antenna whose room this is, when there is one. */
  antennaId: text('antenna_id').references(() => assemblies.id, { onDelete: 'set null' }),
  /** Shown in the room: people check in with it from their phone. */
  checkInCode: text('check_in_code').notNull(),
  /** May enter show-of-hands counts for this site. */
  secretaryId: text('secretary_id').references(() => users.id, { onDelete: 'set null' }),
});

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: text('id').primaryKey(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind', { enum: agendaItemKinds }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    durationMinutes: integer('duration_minutes').notNull().default(15),
    motionId: text('motion_id').references(() => motions.id, { onDelete: 'set null' }),
    /** Time actually spent, summed over every time the item was current. */
    spentSeconds: integer('spent_seconds').notNull().default(0),
    currentSince: timestamp('current_since', { withTimezone: true }),
    /** No new request for the floor on this item, points of order apart. */
    speakersClosed: boolean('speakers_closed').notNull().default(false),
  },
  (table) => [index('agenda_items_meeting_idx').on(table.meetingId, table.position)],
);

/** Who is in the meeting, and where ("émargement"). */
export const attendance = pgTable(
  'attendance',
  {
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    siteId: text('site_id')
      .notNull()
      .references(() => meetingSites.id, { onDelete: 'cascade' }),
    present: boolean('present').notNull().default(true),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull().defaultNow(),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
    checkedInBy: text('checked_in_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
  },
  (table) => [primaryKey({ columns: [table.meetingId, table.userId] })],
);

/** A member's vote carried by another present member for one meeting (ARCHITECTURE.md, "Rules"). */
export const proxies = pgTable(
  'proxies',
  {
    id: text('id').primaryKey(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    grantorId: text('grantor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    holderId: text('holder_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when revoked, or void because the grantor checked in. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason', { enum: proxyEndReasons }),
  },
  (table) => [
    uniqueIndex('proxies_one_per_grantor')
      .on(table.meetingId, table.grantorId)
      .where(sql`${table.endedAt} is null`),
  ],
);

/**
 * Show-of-hands counts a site secretary enters for their site, per college when the assembly
 * weighs colleges (so the weighted verdict uses them), else with a null college.
 */
export const siteCounts = pgTable(
  'site_counts',
  {
    pollId: text('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    siteId: text('site_id')
      .notNull()
      .references(() => meetingSites.id, { onDelete: 'cascade' }),
    collegeId: text('college_id'),
    choice: text('choice', { enum: choices }).notNull(),
    count: integer('count').notNull(),
    enteredBy: text('entered_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('site_counts_cell')
      .on(table.pollId, table.siteId, table.collegeId, table.choice)
      .nullsNotDistinct(),
  ],
);

/**
 * A request for the floor on an agenda item, from a site. One waiting (or speaking) request per
 * person, item and kind (a point of order may be asked while a request waits). Kept after it is
 * heard: the list's history orders the next speakers and its times feed the minutes.
 */
export const speakerRequests = pgTable(
  'speaker_requests',
  {
    id: text('id').primaryKey(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    itemId: text('item_id')
      .notNull()
      .references(() => agendaItems.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    siteId: text('site_id').references(() => meetingSites.id, { onDelete: 'set null' }),
    category: text('category'),
    pointOfOrder: boolean('point_of_order').notNull().default(false),
    status: text('status', { enum: speakerRequestStatuses }).notNull().default('waiting'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    /** Someone other than the speaker asked for them (a site secretary, for one without a phone). */
    addedBy: text('added_by').references(() => users.id, { onDelete: 'set null' }),
    floorGivenAt: timestamp('floor_given_at', { withTimezone: true }),
    allottedSeconds: integer('allotted_seconds'),
    floorEndedAt: timestamp('floor_ended_at', { withTimezone: true }),
  },
  (table) => [
    index('speaker_requests_item_idx').on(table.itemId, table.status),
    uniqueIndex('speaker_requests_one_waiting')
      .on(table.itemId, table.personId, table.pointOfOrder)
      .where(sql`${table.status} in ('waiting', 'speaking')`),
    // At most one speaker holds the floor in a meeting at a time.
    uniqueIndex('speaker_requests_one_speaking')
      .on(table.meetingId)
      .where(sql`${table.status} = 'speaking'`),
  ],
);

/** How many delegates an antenna may send to a meeting that requires accreditation. */
export const delegateQuotas = pgTable(
  'delegate_quotas',
  {
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    antennaId: text('antenna_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'restrict' }),
    seats: integer('seats').notNull(),
  },
  (table) => [primaryKey({ columns: [table.meetingId, table.antennaId] })],
);

/**
 * A delegate an antenna designated for a meeting (within its quota), accredited at check-in by
 * the secretary of a site (or the meeting's secretary): only accredited delegates vote.
 */
export const delegates = pgTable(
  'delegates',
  {
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    antennaId: text('antenna_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'restrict' }),
    designatedBy: text('designated_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    designatedAt: timestamp('designated_at', { withTimezone: true }).notNull().defaultNow(),
    accreditedAt: timestamp('accredited_at', { withTimezone: true }),
    accreditedBy: text('accredited_by').references(() => users.id, { onDelete: 'restrict' }),
    accreditedSiteId: text('accredited_site_id').references(() => meetingSites.id, {
      onDelete: 'set null',
    }),
  },
  (table) => [
    primaryKey({ columns: [table.meetingId, table.userId] }),
    index('delegates_antenna_idx').on(table.meetingId, table.antennaId),
  ],
);

export type MeetingRow = typeof meetings.$inferSelect;
export type SpeakerRequestRow = typeof speakerRequests.$inferSelect;
export type DelegateRow = typeof delegates.$inferSelect;
export type MeetingSiteRow = typeof meetingSites.$inferSelect;
export type AgendaItemRow = typeof agendaItems.$inferSelect;
