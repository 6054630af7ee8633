import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { locales, searchKinds } from '@cercle/shared/enums';
import { motions } from './motions.ts';
import { assemblies } from './organisation.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The text search configuration of a row's `language`: French unless English. */
const configuration = sql.raw(
  `case when language = 'en' then 'cercle_en'::regconfig else 'cercle_fr'::regconfig end`,
);

/**
 * One searchable text (a motion's current text, an amendment, a comment, minutes), kept up to
 * date by database triggers on the tables it copies (migrations 0014 and 0015), so that no code
 * path can forget it. `document` is computed by PostgreSQL with the `cercle_fr` / `cercle_en` text
 * search configurations: French or English stemming after folding accents (`unaccent`), on
 * PostgreSQL and on the embedded database alike. Earlier versions of motions live apart, in
 * `search_versions`: an everyday search reads this table alone.
 */
export const searchEntries = pgTable(
  'search_entries',
  {
    kind: text('kind', { enum: searchKinds }).notNull(),
    /** The row it copies: a motion, amendment, comment or minutes id; `<motion id>:<version>`. */
    sourceId: text('source_id').notNull(),
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'cascade' }),
    /** The motion it belongs to (motions, versions, amendments, comments). */
    motionId: text('motion_id'),
    /** The meeting it belongs to (minutes). */
    meetingId: text('meeting_id'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The source's own status (a motion's, an amendment's, minutes'): filters and permissions. */
    status: text('status').notNull(),
    language: text('language', { enum: locales }).notNull(),
    /** When the text was written or last changed: the date filter and the tie-break. */
    date: timestamp('date', { withTimezone: true }).notNull(),
    /**
     * A motion's words that stood in its earlier versions, without positions (`strip`): the motion
     * is found by them, ranked below the texts that hold the words now, and the search then shows
     * the earlier version (from `search_versions`) for that page's motions only.
     */
    earlierWords: tsvector('earlier_words')
      .notNull()
      .default(sql`''::tsvector`),
    document: tsvector('document')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector(${configuration}, title), 'A') || setweight(to_tsvector(${configuration}, body), 'B') || earlier_words`,
      ),
  },
  (table) => [
    primaryKey({ columns: [table.kind, table.sourceId] }),
    index('search_entries_document_idx').using('gin', table.document),
    index('search_entries_assembly_idx').on(table.assemblyId, table.kind, table.date),
    index('search_entries_motion_idx').on(table.motionId),
  ],
);

export type SearchEntryRow = typeof searchEntries.$inferSelect;

/**
 * Each earlier version of a motion (the current one is the motion's `search_entries` row), kept
 * by the same triggers. Read when a search asks for earlier versions, and to show where a
 * motion's words last stood. Rights and filters come from the motion itself.
 */
export const searchVersions = pgTable(
  'search_versions',
  {
    motionId: text('motion_id')
      .notNull()
      .references(() => motions.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    language: text('language', { enum: locales }).notNull(),
    date: timestamp('date', { withTimezone: true }).notNull(),
    document: tsvector('document')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector(${configuration}, title), 'A') || setweight(to_tsvector(${configuration}, body), 'B')`,
      ),
  },
  (table) => [
    primaryKey({ columns: [table.motionId, table.version] }),
    index('search_versions_document_idx').using('gin', table.document),
  ],
);
