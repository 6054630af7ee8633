import type { Database, NotificationRow } from '@cercle/db';
import { defaultTimeZone, isoDayIn, zonedLocalToIso } from '@cercle/shared/time-zones';
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
 * When the daily digests go out: at this hour of each person's day (CERCLE_DIGEST_HOUR), or, with
 * `any`, as soon as there is news, at most one every 24 hours.
 */
export type DigestSchedule = number | 'any';
export const defaultDigestHour = 7;

/**
 * The latest digest time at or before `now`: `hour`:00 in the zone, today or else yesterday.
 * In a spring gap the clock's jump moves it forward, as clocks do.
 */
export function latestDigestTime(now: Date, hour: number, timeZone: string): Date {
  const at = (day: string) =>
    new Date(zonedLocalToIso(`${day}T${String(hour).padStart(2, '0')}:00`, timeZone)!);
  const today = isoDayIn(now, timeZone);
  const todays = at(today);
  if (todays <= now) return todays;
  const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 24 * 3600_000);
  return at(yesterday.toISOString().slice(0, 10));
}

/** The first digest time after `after`, in the zone. */
export function nextDigestTime(after: Date, hour: number, timeZone: string): Date {
  return latestDigestTime(new Date(after.getTime() + 24 * 3600_000), hour, timeZone);
}

/**
 * Decides who is due today's digest and records the intent. A digest is due once a day, at the
 * digest hour of the person's day, with what was waiting then (and what came since): a
 * notification after that hour waits for tomorrow's, like a morning paper. In one transaction
 * per person, the day is claimed, the notifications are taken (marked mailed) and a
 * `digest:<userId>:<day>` job holds their ids. Either all of it commits or none: a crash here
 * loses nothing, and the mail itself is sent by the job, which is retried until the mailer
 * accepts it.
 */
export async function queueDigests(
  db: Database,
  now = new Date(),
  schedule: DigestSchedule = defaultDigestHour,
) {
  let queued = 0;
  // Since when a digest sent means today's is done; at a set hour, what came after it waits.
  // Worked out once per zone in a pass, however many people wait in it (every few seconds,
  // thousands of candidates may share two or three zones).
  const dueIn = new Map<string, Date>();
  const dueFor = (timeZone: string) => {
    let due = dueIn.get(timeZone);
    if (!due) {
      due =
        schedule === 'any'
          ? new Date(now.getTime() - 24 * 3600_000)
          : latestDigestTime(now, schedule, timeZone);
      dueIn.set(timeZone, due);
    }
    return due;
  };
  for (const person of await createNotificationsRepository({ db }).digestCandidates()) {
    const timeZone = person.timeZone ?? defaultTimeZone;
    const due = dueFor(timeZone);
    if (schedule !== 'any' && person.oldestWaiting >= due) continue;
    if (person.lastDigestAt && person.lastDigestAt >= due) continue;
    queued += await db.transaction(async (tx) => {
      const repository = createNotificationsRepository({ db: tx });
      // Another instance deciding at the same moment waits on this row, then finds it claimed.
      if (!(await repository.claimDigest(person.id, now, due))) return 0;
      const pending = await repository.unmailed(person.id);
      if (!pending.length) return 0;
      const notificationIds = pending.map((notification) => notification.id);
      await repository.markMailed(notificationIds, now);
      // One digest a day: the day (in the person's zone) names it, and the key makes a second
      // decision for the same day (any instance) a no-op.
      const payload: DigestPayload = { userId: person.id, notificationIds };
      const day = isoDayIn(schedule === 'any' ? now : due, timeZone);
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
