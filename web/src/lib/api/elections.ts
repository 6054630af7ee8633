import {
  castElectionBallotResponseSchema,
  electionListSchema,
  electionResponseSchema,
  type CandidacyBody,
  type CastElectionBallotBody,
  type CreateElectionBody,
  type Election,
  type ElectionSiteCountsBody,
  type UpdateElectionBody,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

/** One line of an assembly's list of elections (no candidates, no rounds). */
export type ElectionSummary = ReturnType<(typeof electionListSchema)['parse']>['elections'][number];
export type CastElectionBallotResponse = ReturnType<
  (typeof castElectionBallotResponseSchema)['parse']
>;

const electionPath = (id: string) => `/elections/${encodeURIComponent(id)}`;
const candidatePath = (id: string, candidateId: string) =>
  `${electionPath(id)}/candidacies/${encodeURIComponent(candidateId)}`;
const parseElection = (body: unknown): Election => electionResponseSchema.parse(body).election;

export function listElections(
  fetch: Fetch,
  assemblyId: string,
): Promise<ApiResult<ElectionSummary[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `/assemblies/${encodeURIComponent(assemblyId)}/elections`,
    parse: (body) => electionListSchema.parse(body).elections,
  });
}

/** Secretaries. A choice among options may bring its options at once. */
export function createElection(
  fetch: Fetch,
  assemblyId: string,
  body: CreateElectionBody,
): Promise<ApiResult<Election>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `/assemblies/${encodeURIComponent(assemblyId)}/elections`,
    body,
    parse: parseElection,
  });
}

/** The election as the caller sees it: their own ballot, candidacy and rights in `me`. */
export function getElection(fetch: Fetch, id: string): Promise<ApiResult<Election>> {
  return requestApi(fetch, { method: 'GET', path: electionPath(id), parse: parseElection });
}

/** While the election is prepared only (the list not yet published). */
export function updateElection(
  fetch: Fetch,
  id: string,
  body: UpdateElectionBody,
): Promise<ApiResult<Election>> {
  return requestApi(fetch, { method: 'PATCH', path: electionPath(id), body, parse: parseElection });
}

/**
 * The steps a secretary takes that carry no input: `publish` closes the call and makes the list
 * final, `close` closes the open round (and counts it), `cancel` ends the election unfinished.
 */
export type ElectionStep = 'publish' | 'close' | 'cancel';

export function runElectionStep(
  fetch: Fetch,
  id: string,
  step: ElectionStep,
): Promise<ApiResult<Election>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${electionPath(id)}/${step}`,
    parse: parseElection,
  });
}

/** Opens the next round (the first, or the two-round method's second). */
export function openRound(
  fetch: Fetch,
  id: string,
  body: { closesAt?: string } = {},
): Promise<ApiResult<Election>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${electionPath(id)}/rounds`,
    body,
    parse: parseElection,
  });
}

/** Without `userId`, the caller stands; with it, a secretary enters a member's candidacy. */
export function addCandidacy(
  fetch: Fetch,
  id: string,
  body: CandidacyBody,
): Promise<ApiResult<Election>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${electionPath(id)}/candidacies`,
    body,
    parse: parseElection,
  });
}

export function updateCandidacy(
  fetch: Fetch,
  id: string,
  candidateId: string,
  body: { statement?: string; category?: string | null },
): Promise<ApiResult<Election>> {
  return requestApi(fetch, {
    method: 'PATCH',
    path: candidatePath(id, candidateId),
    body,
    parse: parseElection,
  });
}

export function withdrawCandidacy(
  fetch: Fetch,
  id: string,
  candidateId: string,
): Promise<ApiResult<Election>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${candidatePath(id, candidateId)}/withdraw`,
    parse: parseElection,
  });
}

export function addOption(fetch: Fetch, id: string, label: string): Promise<ApiResult<Election>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${electionPath(id)}/options`,
    body: { label },
    parse: parseElection,
  });
}

/** Resending the same `clientBallotId` never counts twice (`already_counted`). */
export function castElectionBallot(
  fetch: Fetch,
  id: string,
  body: CastElectionBallotBody,
): Promise<ApiResult<CastElectionBallotResponse>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${electionPath(id)}/ballots`,
    body,
    parse: (response) => castElectionBallotResponseSchema.parse(response),
  });
}

/** A site's paper count for the open round; sent again, it replaces the site's earlier one. */
export function recordElectionSiteCounts(
  fetch: Fetch,
  id: string,
  body: ElectionSiteCountsBody,
): Promise<ApiResult<Election>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${electionPath(id)}/site-counts`,
    body,
    parse: parseElection,
  });
}
