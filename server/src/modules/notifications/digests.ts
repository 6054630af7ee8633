import type { Database, NotificationRow } from '@cercle/db';
import { enqueueJobs } from '../../jobs/job-queue.ts';
import type { JobHandler } from '../../jobs/job-runner.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { mailMessages } from '../../mail/messages.ts';
import { hashToken, newSecretToken } from '../../tokens.ts';
import { createUsersRepository } from '../auth/users.repository.ts';
import { createTodoService } from '../todo/todo.service.ts';
import { createNotificationsRepository } from './notifications.repository.ts';

export const digestJobKind = 'digest';

// A type, not an interface: it must fit the payload's Record<string, unknown>.
type DigestPayload = { userId: string; notificationIds: string[] };

/**
 * Decides who is due today's digest and records the intent: in one transaction per person, the
 * day is claimed, the notifications are taken (marked mailed) and a `digest:<userId>:<day>` job
 * holds their ids. Either all of it commits or none: a crash here loses nothing, and the mail
 * itself is sent by the job, which is retried until the mailer accepts it.
 */
export async function queueDigests(db: Database, now = new Date()) {
  const day = now.toISOString().slice(0, 10);
  let queued = 0;
  for (const person of await createNotificationsRepository({ db }).digestRecipients(now)) {
    queued += await db.transaction(async (tx) => {
      const repository = createNotificationsRepository({ db: tx });
      // Another instance deciding at the same moment waits on this row, then finds it claimed.
      if (!(await repository.claimDigest(person.id, now))) return 0;
      const pending = await repository.unmailed(person.id);
      if (!pending.length) return 0;
      const notificationIds = pending.map((notification) => notification.id);
      await repository.markMailed(notificationIds, now);
      // Digests are a day apart at least, so the day names this one; the key makes a second
      // decision for the same day (any instance) a no-op.
      const payload: DigestPayload = { userId: person.id, notificationIds };
      return enqueueJobs(tx, [{ key: `digest:${person.id}:${day}`, kind: digestJobKind, payload }]);
    });
  }
  return queued;
}

/**
 * Sends one digest job's mail. The job is marked done only after the mailer accepted it, so a
 * crash between the two sends it again: a member may, rarely, get a digest twice; never none.
 */
export function digestJob({
  db,
  mailer,
  publicUrl,
}: {
  db: Database;
  mailer: Mailer;
  publicUrl: URL;
}): JobHandler {
  return async (job) => {
    const { userId, notificationIds } = job.payload as unknown as DigestPayload;
    const repository = createNotificationsRepository({ db });
    const reader = await repository.digestReader(userId);
    // Gone, or opted out since the digest was decided: nothing to send, and nothing to retry.
    if (!reader || reader.digestOptOut) return;
    const pending = await repository.byIds(userId, notificationIds);
    if (!pending.length) return;
    // What still waits for them, as their home page lists it at the moment the mail leaves.
    const actor = {
      isAdmin: reader.isAdmin,
      memberships: reader.isAdmin ? [] : await createUsersRepository({ db }).membershipsOf(userId),
    };
    const waiting = await createTodoService({ db }).of(actor, userId);
    // A new secret per mail: every digest's link keeps working (a retry's too).
    const unsubscribeToken = newSecretToken();
    await repository.addUnsubscribeToken(hashToken(unsubscribeToken), userId);
    const at = (path: string) => new URL(path, publicUrl).href;
    const mail = mailMessages[reader.locale].digest({
      name: reader.name,
      lines: pending.map((notification) => ({
        type: notification.type,
        title: notification.title,
        link: at(linkPath(notification)),
      })),
      todo: waiting.map((item) => ({ item, link: at(item.path) })),
      homeLink: at('/'),
      settingsLink: at('/notifications'),
      // The page asks before it stops anything (mail scanners open links); mail clients post
      // to the API address of the List-Unsubscribe header.
      unsubscribeLink: at(`/unsubscribe/${unsubscribeToken}`),
      oneClickLink: at(`/api/unsubscribe/${unsubscribeToken}`),
    });
    await mailer.send({ to: reader.email, ...mail });
  };
}

function linkPath(notification: NotificationRow) {
  if (notification.type === 'minutes.published') return `/minutes/${notification.subjectId}`;
  if (notification.type.startsWith('congress.')) return `/congresses/${notification.assemblyId}`;
  if (notification.electionId) return `/elections/${notification.electionId}`;
  if (notification.meetingId) return `/meetings/${notification.meetingId}`;
  return `/motions/${notification.motionId}`;
}
