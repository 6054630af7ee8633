import {
  createInvitationResponseSchema,
  invitationLookupResponseSchema,
  meResponseSchema,
  type AcceptInvitationBody,
  type CreateInvitationBody,
  type CreateInvitationResponse,
  type CurrentUser,
  type InvitationLookupResponse,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

export function getInvitation(
  fetch: Fetch,
  token: string,
): Promise<ApiResult<InvitationLookupResponse>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `/invitations/${encodeURIComponent(token)}`,
    parse: (body) => invitationLookupResponseSchema.parse(body),
  });
}

/** New accounts send a name and a password; a signed-in existing account sends nothing. */
export function acceptInvitation(
  fetch: Fetch,
  token: string,
  body: AcceptInvitationBody,
): Promise<ApiResult<CurrentUser>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `/invitations/${encodeURIComponent(token)}/accept`,
    body,
    parse: (response) => meResponseSchema.parse(response).user,
  });
}

export function createInvitation(
  fetch: Fetch,
  body: CreateInvitationBody,
): Promise<ApiResult<CreateInvitationResponse>> {
  return requestApi(fetch, {
    method: 'POST',
    path: '/invitations',
    body,
    parse: (response) => createInvitationResponseSchema.parse(response),
  });
}
