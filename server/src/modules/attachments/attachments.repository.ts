import { and, asc, eq, inArray } from 'drizzle-orm';
import { type AttachmentRow, attachments, type Database, users } from '@cercle/db';
import type { AttachmentSubject } from '@cercle/shared';

const withUploader = {
  attachment: attachments,
  uploaderName: users.name,
};

export type AttachmentWithUploader = { attachment: AttachmentRow; uploaderName: string };

/** Bind it to a transaction (`createAttachmentsRepository({ db: tx })`) to work inside it. */
export function createAttachmentsRepository({ db }: { db: Database }) {
  const select = () =>
    db
      .select(withUploader)
      .from(attachments)
      .innerJoin(users, eq(users.id, attachments.uploadedBy));

  return {
    async find(id: string): Promise<AttachmentWithUploader | undefined> {
      const [row] = await select().where(eq(attachments.id, id));
      return row;
    },

    /** A subject's attachments, oldest first (the order they were added in). */
    async of(kind: AttachmentSubject, subjectId: string): Promise<AttachmentWithUploader[]> {
      return select()
        .where(and(eq(attachments.subjectKind, kind), eq(attachments.subjectId, subjectId)))
        .orderBy(asc(attachments.createdAt), asc(attachments.id));
    },

    /** The attachments of several subjects of one kind (the motions of a meeting, say). */
    async ofMany(kind: AttachmentSubject, subjectIds: string[]): Promise<AttachmentRow[]> {
      if (!subjectIds.length) return [];
      return db
        .select()
        .from(attachments)
        .where(and(eq(attachments.subjectKind, kind), inArray(attachments.subjectId, subjectIds)))
        .orderBy(asc(attachments.createdAt), asc(attachments.id));
    },

    async insert(values: typeof attachments.$inferInsert) {
      const [row] = await db.insert(attachments).values(values).returning();
      return row!;
    },

    async remove(id: string) {
      const [row] = await db.delete(attachments).where(eq(attachments.id, id)).returning();
      return row;
    },
  };
}

export type AttachmentsRepository = ReturnType<typeof createAttachmentsRepository>;
