import type { Database, MeetingRow } from '@cercle/db';
import type { EventPayload, MeetingEventType } from '@cercle/shared';
import { createEventsRepository } from '../events/events.repository.ts';

/** Appends one of a meeting's events, in the transaction `tx`: each carries the meeting's id. */
export async function appendMeetingEvent<T extends MeetingEventType>(
  tx: Database,
  meeting: Pick<MeetingRow, 'id' | 'assemblyId'>,
  actorId: string | null,
  type: T,
  payload: Omit<EventPayload<T>, 'meetingId'>,
) {
  await createEventsRepository({ db: tx }).append({
    assemblyId: meeting.assemblyId,
    type,
    actorId,
    // The payload whole: TypeScript does not see through a spread of a generic Omit.
    payload: { meetingId: meeting.id, ...payload } as EventPayload<T>,
  });
}
