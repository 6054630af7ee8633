import {
  castBallotResponseSchema,
  objectionResponseSchema,
  okSchema,
  pollResponseSchema,
  type CastBallotBody,
  type CastBallotResponse,
  type CreatePollBody,
  type Objection,
  type Poll,
  type UpdateObjectionBody,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

const pollPath = (id: string) => `/polls/${encodeURIComponent(id)}`;
const parsePoll = (body: unknown): Poll => pollResponseSchema.parse(body).poll;

/** Secretaries. Refusals say what must come first (amendments, objections, the fallback vote). */
export function createPoll(fetch: Fetch, body: CreatePollBody): Promise<ApiResult<Poll>> {
  return requestApi(fetch, { method: 'POST', path: '/polls', body, parse: parsePoll });
}

export function getPoll(fetch: Fetch, id: string): Promise<ApiResult<Poll>> {
  return requestApi(fetch, { method: 'GET', path: pollPath(id), parse: parsePoll });
}

/** Opening freezes the electorate; closing computes the result and applies it to the motion. */
export function runPollAction(
  fetch: Fetch,
  id: string,
  action: 'open' | 'close',
): Promise<ApiResult<Poll>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${pollPath(id)}/${action}`,
    parse: parsePoll,
  });
}

/** Deletes a poll that was prepared and never opened (its motion is then free again). */
export function deletePoll(fetch: Fetch, id: string): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'DELETE',
    path: pollPath(id),
    parse: (body) => okSchema.parse(body),
  });
}

/** Resending the same `clientBallotId` never counts twice (`already_counted`). */
export function castBallot(
  fetch: Fetch,
  pollId: string,
  body: CastBallotBody,
): Promise<ApiResult<CastBallotResponse>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${pollPath(pollId)}/ballots`,
    body,
    parse: (response) => castBallotResponseSchema.parse(response),
  });
}

/** Withdrawn by its author; ruled out (with a reason) or integrated (with a version) by a secretary. */
export function updateObjection(
  fetch: Fetch,
  id: string,
  body: UpdateObjectionBody,
): Promise<ApiResult<Objection>> {
  return requestApi(fetch, {
    method: 'PATCH',
    path: `/objections/${encodeURIComponent(id)}`,
    body,
    parse: (response) => objectionResponseSchema.parse(response).objection,
  });
}
