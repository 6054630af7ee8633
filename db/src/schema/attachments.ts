import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { attachmentStores, attachmentSubjects } from '@cercle/shared/enums';
import { users } from './auth.ts';
import { assemblies } from './organisation.ts';

/**
 * A file attached to a motion, a meeting or minutes (an annex, a budget, a report). The bytes live
 * outside the database (the data folder, or an S3-compatible store); this row says what they are.
 * `media_type` is what the content was found to be when it was received, never what its name said.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    /** The assembly whose permissions decide who may read it. */
    assemblyId: text('assembly_id')
      .notNull()
      .references(() => assemblies.id, { onDelete: 'restrict' }),
    subjectKind: text('subject_kind', { enum: attachmentSubjects }).notNull(),
    subjectId: text('subject_id').notNull(),
    /** The name the uploader gave, cleaned for use in a Content-Disposition header. */
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    /** SHA-256 of the content (hex): listed in the minutes, so a copy can be checked. */
    sha256: text('sha256').notNull(),
    store: text('store', { enum: attachmentStores }).notNull(),
    /** Where the bytes are in that store (a path under the data folder, or an object key). */
    storageKey: text('storage_key').notNull(),
    uploadedBy: text('uploaded_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('attachments_subject_idx').on(table.subjectKind, table.subjectId)],
);

export type AttachmentRow = typeof attachments.$inferSelect;
