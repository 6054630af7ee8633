import {
  meetingListSchema,
  meetingResponseSchema,
  okSchema,
  participantViewSchema,
  pollListSchema,
  pollResponseSchema,
  proxyListSchema,
  speakerListResponseSchema,
  type CreateMeetingBody,
  type RequestFloorBody,
  type SpeakerList,
  type UpdateMeetingBody,
  type Meeting,
  type MeetingDetail,
  type ParticipantView,
  type Poll,
  type SiteCountsBody,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

export interface MeetingProxy {
  id: string;
  grantor: { id: string; name: string };
  holder: { id: string; name: string };
  active: boolean;
  endReason: 'revoked' | 'grantor_present' | null;
}

const meetingPath = (id: string) => `/meetings/${encodeURIComponent(id)}`;
const parseMeeting = (body: unknown): MeetingDetail => meetingResponseSchema.parse(body).meeting;

export function listMeetings(fetch: Fetch, assemblyId: string): Promise<ApiResult<Meeting[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `/assemblies/${encodeURIComponent(assemblyId)}/meetings`,
    parse: (body) => meetingListSchema.parse(body).meetings,
  });
}

/** Secretaries. A decentralised meeting gets one site per antenna (and « En ligne » unless in person). */
export function createMeeting(
  fetch: Fetch,
  assemblyId: string,
  body: CreateMeetingBody,
): Promise<ApiResult<MeetingDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `/assemblies/${encodeURIComponent(assemblyId)}/meetings`,
    body,
    parse: parseMeeting,
  });
}

export function getMeeting(fetch: Fetch, id: string): Promise<ApiResult<MeetingDetail>> {
  return requestApi(fetch, { method: 'GET', path: meetingPath(id), parse: parseMeeting });
}

/** Secretaries: the meeting's title and times, the rules of its list of speakers, accreditation. */
export function updateMeeting(
  fetch: Fetch,
  id: string,
  body: UpdateMeetingBody,
): Promise<ApiResult<MeetingDetail>> {
  return requestApi(fetch, { method: 'PATCH', path: meetingPath(id), body, parse: parseMeeting });
}

export function runMeetingAction(
  fetch: Fetch,
  id: string,
  action: 'start' | 'end',
): Promise<ApiResult<MeetingDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${meetingPath(id)}/${action}`,
    parse: parseMeeting,
  });
}

/** Calls off a scheduled meeting; members are told `reason`. */
export function cancelMeeting(
  fetch: Fetch,
  id: string,
  reason: string,
): Promise<ApiResult<MeetingDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${meetingPath(id)}/cancel`,
    body: { reason },
    parse: parseMeeting,
  });
}

export interface AgendaItemBody {
  kind: 'information' | 'debate' | 'decision' | 'election';
  title: string;
  description?: string;
  durationMinutes: number;
  motionId?: string | null;
}

export function addAgendaItem(
  fetch: Fetch,
  id: string,
  body: AgendaItemBody,
): Promise<ApiResult<MeetingDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${meetingPath(id)}/agenda`,
    body,
    parse: parseMeeting,
  });
}

/** Moves an item to a 1-based position; the others shift. */
export function moveAgendaItem(
  fetch: Fetch,
  itemId: string,
  position: number,
): Promise<ApiResult<MeetingDetail>> {
  return requestApi(fetch, {
    method: 'PATCH',
    path: `/agenda-items/${encodeURIComponent(itemId)}`,
    body: { position },
    parse: parseMeeting,
  });
}

export function setCurrentItem(
  fetch: Fetch,
  id: string,
  itemId: string | null,
): Promise<ApiResult<MeetingDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${meetingPath(id)}/current-item`,
    body: { itemId },
    parse: parseMeeting,
  });
}

/** The secretary's notes on an item, kept for the minutes. */
export function addAgendaNote(
  fetch: Fetch,
  itemId: string,
  text: string,
): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `/agenda-items/${encodeURIComponent(itemId)}/notes`,
    body: { text },
    parse: (body) => okSchema.parse(body),
  });
}

/** With the room code (self check-in), or a member and a site (secretaries). */
export function checkIn(
  fetch: Fetch,
  id: string,
  body: { code: string } | { userId: string; siteId: string },
): Promise<ApiResult<MeetingDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${meetingPath(id)}/attendance`,
    body,
    parse: parseMeeting,
  });
}

/** What a participant's live page shows, in one call whatever the assembly's size. */
export function getParticipantView(fetch: Fetch, id: string): Promise<ApiResult<ParticipantView>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${meetingPath(id)}/participant-view`,
    parse: (body) => participantViewSchema.parse(body),
  });
}

export function giveProxy(
  fetch: Fetch,
  id: string,
  holderId: string,
): Promise<ApiResult<MeetingProxy[]>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${meetingPath(id)}/proxies`,
    body: { holderId },
    parse: (body) => proxyListSchema.parse(body).proxies,
  });
}

export function revokeProxy(fetch: Fetch, proxyId: string): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'DELETE',
    path: `/proxies/${encodeURIComponent(proxyId)}`,
    parse: (body) => okSchema.parse(body),
  });
}

export function listMeetingPolls(fetch: Fetch, id: string): Promise<ApiResult<Poll[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${meetingPath(id)}/polls`,
    parse: (body) => pollListSchema.parse(body).polls,
  });
}

/**
 * A site's show-of-hands counts, entered by its secretary or the meeting's. With college
 * weighting every row names its college (`site_counts.college_required` otherwise).
 */
export function recordSiteCounts(
  fetch: Fetch,
  pollId: string,
  body: SiteCountsBody,
): Promise<ApiResult<Poll>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `/polls/${encodeURIComponent(pollId)}/site-counts`,
    body,
    parse: (response) => pollResponseSchema.parse(response).poll,
  });
}

const speakersPath = (meetingId: string) => `${meetingPath(meetingId)}/speakers`;
const parseSpeakers = (body: unknown): SpeakerList =>
  speakerListResponseSchema.parse(body).speakers;

/** The list of speakers of an item (default: the current one), ordered as the floor will go. */
export function getSpeakers(
  fetch: Fetch,
  meetingId: string,
  itemId?: string,
): Promise<ApiResult<SpeakerList>> {
  const query = itemId ? `?itemId=${encodeURIComponent(itemId)}` : '';
  return requestApi(fetch, {
    method: 'GET',
    path: `${speakersPath(meetingId)}${query}`,
    parse: parseSpeakers,
  });
}

/** Asks for the floor, for oneself or (a secretary) for someone at a site. */
export function requestFloor(
  fetch: Fetch,
  meetingId: string,
  body: RequestFloorBody,
): Promise<ApiResult<SpeakerList>> {
  return requestApi(fetch, {
    method: 'POST',
    path: speakersPath(meetingId),
    body,
    parse: parseSpeakers,
  });
}

/** Withdraws one's request, or (a secretary) removes one from the list. */
export function withdrawFloorRequest(
  fetch: Fetch,
  requestId: string,
): Promise<ApiResult<SpeakerList>> {
  return requestApi(fetch, {
    method: 'DELETE',
    path: `/speaker-requests/${encodeURIComponent(requestId)}`,
    parse: parseSpeakers,
  });
}

/** The secretary gives the floor (to the next in order, or to a chosen request) or ends it. */
export function runSpeakers(
  fetch: Fetch,
  meetingId: string,
  action: 'give' | 'end',
  requestId?: string,
): Promise<ApiResult<SpeakerList>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${speakersPath(meetingId)}/${action === 'give' ? 'floor' : 'floor/end'}`,
    body: action === 'give' && requestId ? { requestId } : {},
    parse: parseSpeakers,
  });
}

/** Closes the list of an item (points of order stay possible) or opens it again. */
export function setSpeakerListClosed(
  fetch: Fetch,
  meetingId: string,
  closed: boolean,
  itemId?: string,
): Promise<ApiResult<SpeakerList>> {
  return requestApi(fetch, {
    method: 'PUT',
    path: `${speakersPath(meetingId)}/state`,
    body: itemId ? { itemId, closed } : { closed },
    parse: parseSpeakers,
  });
}
