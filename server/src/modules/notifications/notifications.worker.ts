import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '@cercle/db';
import type { Mailer } from '../../mail/mailer.ts';
import { createJobRunner } from '../../jobs/job-runner.ts';
import { type EventReadLog, readEvents } from '../events/read-events.ts';
import { digestJob, digestJobKind, queueDigests } from './digests.ts';
import { createNotificationsRepository } from './notifications.repository.ts';

// Events are read once they are this old: a transaction that took its event id earlier but
// committed later is then visible, so the cursor never skips it.
const settleMs = 3_000;
export const eventBatchSize = 500;
const closingSoonMs = 24 * 3600_000;

/**
 * Turns the event log into notifications: who should hear about which event. An event that does
 * not read is passed over (the cursor moves past it) and `log` says so.
 */
export async function notifyFromEvents(
  db: Database,
  now = new Date(),
  log: EventReadLog = console,
) {
  return db.transaction(async (tx) => {
    const repository = createNotificationsRepository({ db: tx });
    const cursor = await repository.lockCursor();
    const batch = await repository.eventsAfter(
      cursor,
      new Date(now.getTime() - settleMs),
      eventBatchSize,
    );
    for (const event of readEvents(batch, { log, reader: 'notifications' })) {
      if (event.type === 'minutes.published') {
        await repository.add({
          assemblyId: event.assemblyId,
          motionId: null,
          createdAt: event.createdAt,
          userIds: (await repository.memberIds(event.assemblyId)).filter(
            (id) => id !== event.actorId,
          ),
          type: 'minutes.published',
          subjectId: event.payload.minutesId,
          title: event.payload.meetingTitle,
        });
        continue;
      }
      const base = { assemblyId: event.assemblyId, createdAt: event.createdAt };
      if (event.type === 'meeting.cancelled') {
        const { meetingId } = event.payload;
        await repository.add({
          ...base,
          motionId: null,
          meetingId,
          userIds: (await repository.meetingAudienceIds(meetingId, event.assemblyId)).filter(
            (id) => id !== event.actorId,
          ),
          type: 'meeting.cancelled',
          subjectId: meetingId,
          title: event.payload.title,
        });
        continue;
      }
      if (
        (event.type === 'election.created' && event.payload.subject === 'people') ||
        event.type === 'election.round_opened' ||
        (event.type === 'election.round_closed' && !event.payload.nextRound)
      ) {
        const { electionId } = event.payload;
        const userIds =
          event.type === 'election.round_opened'
            ? await repository.electorateIds(event.payload.pollId)
            : await repository.memberIds(event.assemblyId);
        await repository.add({
          ...base,
          motionId: null,
          electionId,
          userIds: userIds.filter((id) => id !== event.actorId),
          type:
            event.type === 'election.created'
              ? 'election.call_opened'
              : event.type === 'election.round_opened'
                ? 'election.round_opened'
                : 'election.decided',
          // A round is its own subject: the second round of an election is told too.
          subjectId: event.type === 'election.round_opened' ? event.payload.pollId : electionId,
          title: await repository.electionTitle(electionId),
        });
        continue;
      }
      if (event.type === 'motion.submitted') {
        const { motionId } = event.payload;
        const userIds = (await repository.memberIds(event.assemblyId)).filter(
          (id) => id !== event.actorId,
        );
        const title = await repository.motionTitle(motionId);
        await repository.add({
          ...base,
          motionId,
          userIds,
          type: 'motion.submitted',
          subjectId: motionId,
          title,
        });
      } else if (event.type === 'motion.coauthor_invited') {
        // Only the person asked hears of it: the motion may still be a private draft.
        const { motionId, userId } = event.payload;
        await repository.add({
          ...base,
          motionId,
          userIds: [userId],
          type: 'motion.coauthor_invited',
          subjectId: motionId,
          title: await repository.motionTitle(motionId),
        });
      } else if (event.type === 'congress.composite_made') {
        // Each merged motion's authors and accepted co-authors are asked to accept or object.
        const { motionId, sourceIds } = event.payload;
        await repository.add({
          ...base,
          motionId,
          userIds: (await repository.authorIds(sourceIds)).filter((id) => id !== event.actorId),
          type: 'congress.composite_to_answer',
          subjectId: motionId,
          title: await repository.motionTitle(motionId),
        });
      } else if (event.type === 'poll.opened' || event.type === 'poll.closed') {
        const { motionId, pollId } = event.payload;
        const userIds =
          event.type === 'poll.opened'
            ? await repository.electorateIds(pollId)
            : await repository.memberIds(event.assemblyId);
        const title = await repository.motionTitle(motionId);
        await repository.add({
          ...base,
          motionId,
          userIds,
          type: event.type,
          subjectId: pollId,
          title,
        });
      }
    }
    if (batch.length) await repository.moveCursor(batch.at(-1)!.id);
    return batch.length;
  });
}

/** Reminds entitled voters who have not answered a poll (or election round) closing within a day. */
export async function notifyClosingSoon(db: Database, now = new Date()) {
  const repository = createNotificationsRepository({ db });
  const rows = await repository.closingSoon(now, new Date(now.getTime() + closingSoonMs));
  for (const row of rows) {
    await repository.add({
      userIds: [row.userId],
      assemblyId: row.assemblyId,
      motionId: row.motionId,
      electionId: row.electionId,
      type: row.electionId ? 'election.closing_soon' : 'poll.closing_soon',
      subjectId: row.pollId,
      title: row.title,
    });
  }
  return rows.length;
}

/** Decides the due digests and sends them at once: for tests and one-off runs. */
export async function sendDigests(
  db: Database,
  mailer: Mailer,
  publicUrl: URL,
  now = new Date(),
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'> = console,
) {
  const queued = await queueDigests(db, now);
  await createJobRunner({
    db,
    log,
    handlers: { [digestJobKind]: digestJob({ db, mailer, publicUrl }) },
    lanes: [{ kinds: [digestJobKind], concurrency: 4 }],
    leaseMs: 60_000,
  }).drain();
  return queued;
}
