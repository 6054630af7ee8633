import type { Database } from '@cercle/db';
import type { DigestTime, NotificationList, NotificationListQuery } from '@cercle/shared';
import { defaultTimeZone } from '@cercle/shared/time-zones';
import { AppError } from '../../errors.ts';
import { hashToken } from '../../tokens.ts';
import { type DigestSchedule, nextDigestTime } from './digests.ts';
import { createNotificationsRepository } from './notifications.repository.ts';

/** One's own notifications: the newest first, with how many are unread. */
export function createNotificationsService({
  db,
  digestHour,
}: {
  db: Database;
  /** The hour of the daily digest (CERCLE_DIGEST_HOUR), or `any`. */
  digestHour: DigestSchedule;
}) {
  const repository = createNotificationsRepository({ db });
  return {
    async list(
      userId: string,
      { before, limit }: NotificationListQuery = { limit: 50 },
    ): Promise<NotificationList> {
      // One more than asked tells whether an older page exists.
      const [rows, unread] = await Promise.all([
        repository.listFor(userId, limit + 1, before ? parseCursor(before) : undefined),
        repository.unreadCount(userId),
      ]);
      const page = rows.slice(0, limit);
      const last = page.at(-1)?.notification;
      return {
        nextCursor: rows.length > page.length && last ? cursorOf(last) : null,
        notifications: page.map(({ notification: row, timeZone }) => ({
          id: row.id,
          timeZone,
          type: row.type,
          assemblyId: row.assemblyId,
          motionId: row.motionId,
          electionId: row.electionId,
          meetingId: row.meetingId,
          subjectId: row.subjectId,
          title: row.title,
          createdAt: row.createdAt.toISOString(),
          read: row.readAt !== null,
        })),
        unread,
      };
    },

    /** When one's next daily digest comes, by the digests' own clock: for the settings' words. */
    async digestTime(userId: string, now = new Date()): Promise<DigestTime> {
      const timeZone = (await repository.digestZone(userId)) ?? defaultTimeZone;
      const next = digestHour === 'any' ? null : nextDigestTime(now, digestHour, timeZone);
      return { next: next?.toISOString() ?? null, timeZone };
    },

    /** Marks these (all of them, without ids) as read. */
    markRead(userId: string, ids?: string[]) {
      return repository.markRead(userId, ids);
    },

    /** Stops the daily digest of the person a digest's unsubscribe link was sent to. */
    async unsubscribe(token: string) {
      if (!(await repository.unsubscribe(hashToken(token)))) {
        throw new AppError(
          404,
          'notifications.unknown_link',
          'This link stops no digest.',
          'token',
        );
      }
    },
  };
}

function cursorOf(row: { createdAt: Date; id: string }) {
  return `${row.createdAt.toISOString()}~${row.id}`;
}

function parseCursor(cursor: string) {
  const [at, id] = cursor.split('~') as [string, string];
  return { at: new Date(at), id };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
