// Types only from @cercle/shared: this module ships to browsers.
import type { RealtimeEvent, TypedEvent, TypedRealtimeEvent } from '@cercle/shared';

/** What the page shows about the socket. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** ±this fraction of the delay, so thousands of phones do not all come back at once. */
  jitter: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, capMs: 15_000, jitter: 0.3 };

/**
 * The wait before reconnection attempt `attempt` (0 for the first retry): doubling from the base
 * up to the cap, then spread by the jitter. `random` is in [0, 1) (Math.random by default).
 */
export function backoffDelay(
  attempt: number,
  random: number = Math.random(),
  options: BackoffOptions = defaultBackoff,
): number {
  const exponent = Math.max(0, Math.min(attempt, 30));
  const plain = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const spread = 1 + options.jitter * (2 * random - 1);
  return Math.round(plain * spread);
}

/** Close codes after which trying again is pointless (signed out): the page must log in. */
export function shouldReconnect(closeCode: number): boolean {
  // Signed out, or replaced by a newer tab of the same person: retrying would only fight.
  return closeCode !== 4401 && closeCode !== 4429;
}

/**
 * The newest sequence number seen on a topic after a message: never goes back, so a replay that
 * overlaps what we had cannot make us ask for the same events twice.
 */
export function advanceSeq(lastSeq: number | undefined, seq: number): number {
  return lastSeq === undefined ? seq : Math.max(lastSeq, seq);
}

/** An event already applied (a replay overlapping the stream) is skipped. */
export function isNewEvent(
  lastSeq: number | undefined,
  event: Pick<RealtimeEvent, 'seq'>,
): boolean {
  return lastSeq === undefined || event.seq > lastSeq;
}

/** The subscribe message for a topic, with the last sequence seen when there is one. */
export function subscribeMessage(
  topic: string,
  lastSeq: number | undefined,
): { type: 'subscribe'; topic: string; lastSeq?: number } {
  return lastSeq === undefined
    ? { type: 'subscribe', topic }
    : { type: 'subscribe', topic, lastSeq };
}

/**
 * Whether the server read the event through the event map. One it could not read (it logged
 * why) only moves the sequence on: no page acts on it.
 */
export function isReadable(event: RealtimeEvent): event is TypedRealtimeEvent {
  return !event.unread;
}

/** The meeting an event is about, if any (meeting events carry `meetingId` in their payload). */
export function eventMeetingId(event: { payload: object }): string | undefined {
  const { payload } = event;
  return 'meetingId' in payload && typeof payload.meetingId === 'string'
    ? payload.meetingId
    : undefined;
}

/**
 * Someone other than `userId` checked in or out, was designated, withdrawn or accredited as a
 * delegate, or the quotas changed: nothing a participant's page shows changes.
 */
export function isOthersAttendance(event: TypedEvent, userId: string | undefined): boolean {
  switch (event.type) {
    case 'attendance.checked_in':
    case 'attendance.checked_out':
    case 'delegate.designated':
    case 'delegate.withdrawn':
    case 'delegate.accredited':
      return event.payload.userId !== userId;
    case 'delegate.quotas_set':
      return true;
    default:
      return false;
  }
}

/** A change of the list of speakers only: screens fetch the list again, not the whole page. */
export function isSpeakerListChange(event: { type: string }): boolean {
  return event.type.startsWith('speaker.');
}

/**
 * Of two readings of the same list of speakers, the newer (by the server's clock): a page's data
 * reloaded for another reason may be older than the list fetched on the last speaker event.
 */
export function newerList<T extends { serverTime: string; itemId: string | null }>(
  fromPage: T | null,
  fetched: T | null,
): T | null {
  if (!fetched) return fromPage;
  if (!fromPage) return fetched;
  if (fetched.itemId !== fromPage.itemId) return fromPage;
  return Date.parse(fetched.serverTime) > Date.parse(fromPage.serverTime) ? fetched : fromPage;
}

/** The dependency the meeting pages' loads declare: reloaded when the meeting changes. */
export const meetingDependency = 'app:meeting';
