/**
 * Where people are searched for by name, as one types, from the server and from the browser:
 * whom to give one's proxy; whom a secretary checks in or puts on the list of speakers; whom a
 * motion's author asks to co-sign; whom an election's secretary enters as a candidate. Answers
 * are read by hand, not with the shared schemas: the pages that search would otherwise load zod
 * and every schema (some 38 KB).
 */
import { requestApi, type ApiResult, type Fetch } from './client.ts';

/** Someone found: their id, and their name as they gave it. */
export interface PersonRef {
  id: string;
  name: string;
}

export type PersonSearchKind = 'proxyHolders' | 'members';

const meetingPath = (id: string) => `/meetings/${encodeURIComponent(id)}`;
const meetingSearchPaths: Record<PersonSearchKind, (meetingId: string) => string> = {
  proxyHolders: (id) => `${meetingPath(id)}/proxy-holders`,
  members: (id) => `${meetingPath(id)}/members`,
};

/** `{ people: [{ id, name }] }`, as every person search answers; a mismatch is a contract bug. */
function peopleIn(body: unknown): PersonRef[] {
  const people = (body as { people?: unknown } | null | undefined)?.people;
  if (
    !Array.isArray(people) ||
    !people.every(
      (person: { id?: unknown; name?: unknown } | null) =>
        typeof person?.id === 'string' && typeof person.name === 'string',
    )
  ) {
    throw new Error('A person search answered something else than a list of people.');
  }
  return (people as PersonRef[]).map(({ id, name }) => ({ id, name }));
}

function search(fetch: Fetch, path: string, query: string): Promise<ApiResult<PersonRef[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${path}?q=${encodeURIComponent(query)}`,
    parse: peopleIn,
  });
}

/** People of a meeting's assembly whose name holds every word of `query` (at most 20). */
export function searchPeople(
  fetch: Fetch,
  kind: PersonSearchKind,
  meetingId: string,
  query: string,
) {
  return search(fetch, meetingSearchPaths[kind](meetingId), query);
}

/** The people the author may still ask to co-sign whose name holds every word of `query`. */
export function searchCoauthorCandidates(fetch: Fetch, motionId: string, query: string) {
  return search(fetch, `/motions/${encodeURIComponent(motionId)}/coauthors/candidates`, query);
}

/** Whom a secretary may enter as a candidate, by name (members not standing, twenty at most). */
export function searchElectionMembers(fetch: Fetch, electionId: string, query: string) {
  return search(fetch, `/elections/${encodeURIComponent(electionId)}/members`, query);
}
