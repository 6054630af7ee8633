import { z } from 'zod';
import { minutesStatuses } from './enums.ts';
import { idSchema } from './ids.ts';
import { personRefSchema } from './motions.ts';
import { localeSchema } from './roles.ts';

/**
 * Minutes of a meeting (procès-verbal). Each version is `draft` → `approved` → `published`;
 * a published version never changes: an erratum is a new version pointing at the one it
 * corrects. Editing an approved draft sends it back to `draft` (what was approved changed).
 */
export const minutesStatusSchema = z.enum(minutesStatuses);
export type MinutesStatus = z.infer<typeof minutesStatusSchema>;

export const minutesSummarySchema = z
  .object({
    id: idSchema,
    meetingId: idSchema,
    assemblyId: idSchema,
    version: z.number().int().min(1),
    status: minutesStatusSchema,
    language: localeSchema,
    /** The version this one corrects (an erratum), if any. */
    correctsId: idSchema.nullable(),
    /** Why this erratum was made; null for a first version. */
    erratumReason: z.string().nullable(),
    createdBy: personRefSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    approvedBy: personRefSchema.nullable(),
    approvedAt: z.iso.datetime().nullable(),
    publishedBy: personRefSchema.nullable(),
    publishedAt: z.iso.datetime().nullable(),
    /** Published only: the last event of the assembly's hash chain the minutes cover. */
    coversEventSeq: z.number().int().nullable(),
    coversEventHash: z.string().nullable(),
    /** Published only: sha-256 of `text`, also recorded in the `minutes.published` event. */
    textHash: z.string().nullable(),
  })
  .meta({ id: 'MinutesSummary' });
export type MinutesSummary = z.infer<typeof minutesSummarySchema>;

export const minutesSchema = minutesSummarySchema
  .extend({
    meetingTitle: z.string(),
    assemblyName: z.string(),
    /** The assembly's IANA zone: the minutes' dates are shown in it. */
    timeZone: z.string(),
    /** Markdown, as the secretary wrote it. */
    text: z.string(),
    /** The Markdown rendered and sanitised. */
    html: z.string(),
    /** Who wrote the current text: its last editor, else whoever drafted it. */
    writtenBy: idSchema,
    /** The assembly asks for a second person: whoever wrote the text does not approve it. */
    secondApproval: z.boolean(),
  })
  .meta({ id: 'Minutes' });
export type Minutes = z.infer<typeof minutesSchema>;

export const minutesReplySchema = z.object({ minutes: minutesSchema });
export const minutesHistorySchema = z.object({
  /** Every version the reader may see, newest first (drafts for secretaries only). */
  versions: z.array(minutesSummarySchema),
});
export type MinutesHistory = z.infer<typeof minutesHistorySchema>;

/** Drafts the minutes of an ended meeting, or starts an erratum of its published minutes. */
export const createMinutesBodySchema = z.object({
  language: localeSchema.optional(),
  /** Required for an erratum: what it corrects. */
  reason: z.string().trim().min(3).max(1000).optional(),
});
export type CreateMinutesBody = z.input<typeof createMinutesBodySchema>;

export const updateMinutesBodySchema = z.object({ text: z.string().min(1).max(200_000) }).strict();
export type UpdateMinutesBody = z.infer<typeof updateMinutesBodySchema>;

/** A text being edited, rendered as the published page will show it. */
export const minutesPreviewReplySchema = z.object({ html: z.string() });

/** Redrafts the text from the meeting's record (replaces the secretary's edits). */
export const regenerateMinutesBodySchema = z.object({ language: localeSchema.optional() });
