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
    /** The poll or the motion it is about. */
    subjectId: idSchema,
    title: z.string(),
    createdAt: z.iso.datetime(),
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListSchema = z.object({
  notifications: z.array(notificationSchema),
  unread: z.number().int(),
});
export type NotificationList = z.infer<typeof notificationListSchema>;

export const markNotificationsReadBodySchema = z.object({
  /** Which ones; all of mine when omitted. */
  ids: z.array(idSchema).max(500).optional(),
});
