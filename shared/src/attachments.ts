import { z } from 'zod';
import { attachmentSubjects } from './enums.ts';
import { idSchema } from './ids.ts';
import { personRefSchema } from './motions.ts';

export * from './attachment-types.ts';

/**
 * Files attached to a motion, a meeting or minutes (an annex, a budget, a report). Their type is
 * what their content was found to be, never what their name or the sender said: only the types
 * below are kept, and nothing a browser would run (HTML, SVG, scripts).
 */
export const attachmentSubjectSchema = z.enum(attachmentSubjects);
export type AttachmentSubject = z.infer<typeof attachmentSubjectSchema>;

export const attachmentSchema = z
  .object({
    id: idSchema,
    subjectKind: attachmentSubjectSchema,
    subjectId: idSchema,
    fileName: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int().min(1),
    /** SHA-256 of the content, hex: printed in the minutes so a copy can be checked. */
    sha256: z.string(),
    uploadedBy: personRefSchema,
    createdAt: z.iso.datetime(),
    /** Whether the reader may remove it (its uploader or a secretary, while the subject is open). */
    canDelete: z.boolean(),
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof attachmentSchema>;

export const attachmentListSchema = z
  .object({
    attachments: z.array(attachmentSchema),
    /** Whether the reader may add a file now. */
    canUpload: z.boolean(),
    /** The largest file accepted, in bytes. */
    maxBytes: z.number().int(),
  })
  .meta({ id: 'AttachmentList' });
export type AttachmentList = z.infer<typeof attachmentListSchema>;

export const attachmentReplySchema = z.object({ attachment: attachmentSchema });

export const uploadAttachmentQuerySchema = z.object({
  /** The file's name as the uploader had it; cleaned before it is kept. */
  name: z.string().trim().min(1).max(1_000),
});
