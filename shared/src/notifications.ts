import { z } from 'zod';
import { notificationTypes } from './enums.ts';
import { idSchema } from './ids.ts';

export const notificationTypeSchema = z.enum(notificationTypes);
export type NotificationType = z.infer<typeof notificationTypeSchema>;

export const notificationSchema = z
  .object({
    id: idSchema,
    type: notificationTypeSchema,
    assemblyId: idSchema,
    /** The assembly's IANA zone: the notification's date is shown in it. */
    timeZone: z.string(),
    motionId: idSchema.nullable(),
    /** The election it is about, if any (the page links there). */
    electionId: idSchema.nullable(),
    /** The meeting it is about, if any (a cancelled meeting: the page links there). */
    meetingId: idSchema.nullable(),
    /** The poll or the motion it is about. */
    subjectId: idSchema,
    title: z.string(),
    createdAt: z.iso.datetime(),
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

/**
 * Where a page of notifications ends: the last one's time (to the millisecond) and id, so that the
 * next page starts right after it even when several were made in the same millisecond.
 */
export const notificationCursorSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z~[A-Za-z0-9_-]{1,64}$/, 'Not a page cursor.');

export const notificationListQuerySchema = z.object({
  /** The `nextCursor` of the previous page; the newest page without it. */
  before: z.preprocess(
    (value) => (value === '' ? undefined : value),
    notificationCursorSchema.optional(),
  ),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationListSchema = z.object({
  notifications: z.array(notificationSchema),
  unread: z.number().int(),
  /** The cursor of the next (older) page; null on the last page. */
  nextCursor: notificationCursorSchema.nullable(),
});
export type NotificationList = z.infer<typeof notificationListSchema>;

/**
 * When one's next daily digest comes: `next`, at the digest hour in `timeZone` (that of one's
 * antenna, as the digests themselves go by), or null when it comes as soon as there is news.
 */
export const digestTimeSchema = z.object({
  next: z.iso.datetime().nullable(),
  timeZone: z.string(),
});
export type DigestTime = z.infer<typeof digestTimeSchema>;

export const markNotificationsReadBodySchema = z.object({
  /** Which ones; all of mine when omitted. */
  ids: z.array(idSchema).max(500).optional(),
});
