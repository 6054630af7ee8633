import {
  addMemberResponseSchema,
  importResultSchema,
  memberListSchema,
  memberResponseSchema,
  okSchema,
  type AddMemberBody,
  type ImportMembersBody,
  type ImportResult,
  type Member,
  type UpdateMemberBody,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

const membersPath = (assemblyId: string) => `/assemblies/${encodeURIComponent(assemblyId)}/members`;
const memberPath = (assemblyId: string, userId: string) =>
  `${membersPath(assemblyId)}/${encodeURIComponent(userId)}`;

/** A page of the directory, by name: the members whose name holds the words of `q`. */
export function listMembers(
  fetch: Fetch,
  assemblyId: string,
  { q = '', limit, offset = 0 }: { q?: string; limit: number; offset?: number },
): Promise<ApiResult<{ members: Member[]; total: number }>> {
  const query = new URLSearchParams({ q, limit: String(limit), offset: String(offset) });
  return requestApi(fetch, {
    method: 'GET',
    path: `${membersPath(assemblyId)}?${query}`,
    parse: (body) => memberListSchema.parse(body),
  });
}

export function getMember(
  fetch: Fetch,
  assemblyId: string,
  userId: string,
): Promise<ApiResult<Member>> {
  return requestApi(fetch, {
    method: 'GET',
    path: memberPath(assemblyId, userId),
    parse: (body) => memberResponseSchema.parse(body).member,
  });
}

export function addMember(
  fetch: Fetch,
  assemblyId: string,
  body: AddMemberBody,
): Promise<ApiResult<{ member: Member; invitationLink: string | null }>> {
  return requestApi(fetch, {
    method: 'POST',
    path: membersPath(assemblyId),
    body,
    parse: (response) => addMemberResponseSchema.parse(response),
  });
}

export function updateMember(
  fetch: Fetch,
  assemblyId: string,
  userId: string,
  body: UpdateMemberBody,
): Promise<ApiResult<Member>> {
  return requestApi(fetch, {
    method: 'PATCH',
    path: memberPath(assemblyId, userId),
    body,
    parse: (response) => memberResponseSchema.parse(response).member,
  });
}

export function removeMember(
  fetch: Fetch,
  assemblyId: string,
  userId: string,
): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'DELETE',
    path: memberPath(assemblyId, userId),
    parse: (response) => okSchema.parse(response),
  });
}

/** With `dryRun` nothing is written: the answer is the preview of every row. */
export function importMembers(
  fetch: Fetch,
  assemblyId: string,
  body: ImportMembersBody,
): Promise<ApiResult<ImportResult>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${membersPath(assemblyId)}/import`,
    body,
    parse: (response) => importResultSchema.parse(response),
  });
}
