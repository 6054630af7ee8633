import type { Fetch } from '$lib/api/client.ts';
import { listMeetings } from '$lib/api/meetings.ts';

/**
 * The meetings an election may be held in, soonest first: those not yet ended, and the one it
 * is held in already (an ended one stays selectable, or the edit form would drop it). None when
 * the list cannot be read: the form then offers no choice.
 */
export async function electionMeetings(
  fetch: Fetch,
  assemblyId: string,
  currentId: string | null = null,
): Promise<{ id: string; title: string; startsAt: string }[]> {
  const meetings = await listMeetings(fetch, assemblyId);
  return meetings.ok
    ? meetings.data
        .filter((meeting) => meeting.status !== 'ended' || meeting.id === currentId)
        .toSorted((a, b) => a.startsAt.localeCompare(b.startsAt))
        .map(({ id, title, startsAt }) => ({ id, title, startsAt }))
    : [];
}
