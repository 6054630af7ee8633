import {
  meetingDelegatesResponseSchema,
  meetingResponseSchema,
  type DelegateQuotasBody,
  type MeetingDelegates,
  type MeetingDetail,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

/** Quotas, designation and accreditation of a meeting's delegates; each answers the roll-up. */
const delegatesPath = (meetingId: string) => `/meetings/${encodeURIComponent(meetingId)}/delegates`;
const parseDelegates = (body: unknown): MeetingDelegates =>
  meetingDelegatesResponseSchema.parse(body).delegates;

export function getDelegates(
  fetch: Fetch,
  meetingId: string,
): Promise<ApiResult<MeetingDelegates>> {
  return requestApi(fetch, {
    method: 'GET',
    path: delegatesPath(meetingId),
    parse: parseDelegates,
  });
}

/** The meeting's secretary: every antenna's quota at once (one left out has none). */
export function setDelegateQuotas(
  fetch: Fetch,
  meetingId: string,
  body: DelegateQuotasBody,
): Promise<ApiResult<MeetingDelegates>> {
  return requestApi(fetch, {
    method: 'PUT',
    path: `/meetings/${encodeURIComponent(meetingId)}/delegate-quotas`,
    body,
    parse: parseDelegates,
  });
}

/** An antenna's secretary designates one of its members. */
export function designateDelegate(
  fetch: Fetch,
  meetingId: string,
  body: { userId: string; antennaId: string },
): Promise<ApiResult<MeetingDelegates>> {
  return requestApi(fetch, {
    method: 'POST',
    path: delegatesPath(meetingId),
    body,
    parse: parseDelegates,
  });
}

export function withdrawDelegate(
  fetch: Fetch,
  meetingId: string,
  userId: string,
): Promise<ApiResult<MeetingDelegates>> {
  return requestApi(fetch, {
    method: 'DELETE',
    path: `${delegatesPath(meetingId)}/${encodeURIComponent(userId)}`,
    parse: parseDelegates,
  });
}

/** At a site's desk: accredits the delegate and checks them in there. */
export function accreditDelegate(
  fetch: Fetch,
  meetingId: string,
  userId: string,
  siteId: string,
): Promise<ApiResult<MeetingDelegates>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${delegatesPath(meetingId)}/${encodeURIComponent(userId)}/accreditation`,
    body: { siteId },
    parse: parseDelegates,
  });
}

/** The meeting's secretary turns accreditation on or off. */
export function setAccreditationRequired(
  fetch: Fetch,
  meetingId: string,
  accreditationRequired: boolean,
): Promise<ApiResult<MeetingDetail>> {
  return requestApi(fetch, {
    method: 'PATCH',
    path: `/meetings/${encodeURIComponent(meetingId)}`,
    body: { accreditationRequired },
    parse: (body) => meetingResponseSchema.parse(body).meeting,
  });
}
