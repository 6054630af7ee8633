import type { Database } from '@cercle/db';
import type { NotificationList } from '@cercle/shared';
import { createNotificationsRepository } from './notifications.repository.ts';

/** One's own notifications: the newest first, with how many are unread. */
export function createNotificationsService({ db }: { db: Database }) {
  const repository = createNotificationsRepository({ db });
  return {
    async list(userId: string): Promise<NotificationList> {
      const [rows, unread] = await Promise.all([
        repository.listFor(userId),
        repository.unreadCount(userId),
      ]);
      return {
        notifications: rows.map(({ notification: row, timeZone }) => ({
          id: row.id,
          timeZone,
          type: row.type,
          assemblyId: row.assemblyId,
          motionId: row.motionId,
          electionId: row.electionId,
          subjectId: row.subjectId,
          title: row.title,
          createdAt: row.createdAt.toISOString(),
          read: row.readAt !== null,
        })),
        unread,
      };
    },

    /** Marks these (all of them, without ids) as read. */
    markRead(userId: string, ids?: string[]) {
      return repository.markRead(userId, ids);
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
