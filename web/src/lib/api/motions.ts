import {
  amendmentListSchema,
  amendmentResponseSchema,
  commentListSchema,
  commentResponseSchema,
  type commentSchema,
  diffResponseSchema,
  motionListSchema,
  motionResponseSchema,
  motionVersionListSchema,
  objectionListSchema,
  okSchema,
  pollListSchema,
  type Amendment,
  type CreateAmendmentBody,
  type CreateMotionBody,
  type DiffSegment,
  type MotionDetail,
  type MotionStatus,
  type MotionSummary,
  type MotionVersion,
  type Objection,
  type Poll,
  type UpdateMotionBody,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

export type Comment = ReturnType<(typeof commentSchema)['parse']>;

const motionPath = (id: string) => `/motions/${encodeURIComponent(id)}`;
const parseMotion = (body: unknown): MotionDetail => motionResponseSchema.parse(body).motion;

export function listMotions(
  fetch: Fetch,
  assemblyId: string,
  filters: { status?: MotionStatus; q?: string } = {},
): Promise<ApiResult<MotionSummary[]>> {
  const query = new URLSearchParams();
  // The API refuses an empty status: only filters actually chosen are sent.
  if (filters.status) query.set('status', filters.status);
  if (filters.q) query.set('q', filters.q);
  const search = query.size > 0 ? `?${query}` : '';
  return requestApi(fetch, {
    method: 'GET',
    path: `/assemblies/${encodeURIComponent(assemblyId)}/motions${search}`,
    parse: (body) => motionListSchema.parse(body).motions,
  });
}

export function createMotion(
  fetch: Fetch,
  assemblyId: string,
  body: CreateMotionBody,
): Promise<ApiResult<MotionDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `/assemblies/${encodeURIComponent(assemblyId)}/motions`,
    body,
    parse: parseMotion,
  });
}

export function getMotion(fetch: Fetch, id: string): Promise<ApiResult<MotionDetail>> {
  return requestApi(fetch, { method: 'GET', path: motionPath(id), parse: parseMotion });
}

/** A changed title or text makes a new version; an unchanged one leaves the motion as it is. */
export function updateMotion(
  fetch: Fetch,
  id: string,
  body: UpdateMotionBody,
): Promise<ApiResult<MotionDetail>> {
  return requestApi(fetch, { method: 'PATCH', path: motionPath(id), body, parse: parseMotion });
}

export type MotionAction = 'submit' | 'support' | 'admit' | 'withdraw';

export function runMotionAction(
  fetch: Fetch,
  id: string,
  action: MotionAction,
): Promise<ApiResult<MotionDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${motionPath(id)}/${action}`,
    parse: parseMotion,
  });
}

export function withdrawSupport(fetch: Fetch, id: string): Promise<ApiResult<MotionDetail>> {
  return requestApi(fetch, {
    method: 'DELETE',
    path: `${motionPath(id)}/support`,
    parse: parseMotion,
  });
}

/** To a working group or a congress (secretaries). */
export function referMotion(
  fetch: Fetch,
  id: string,
  assemblyId: string,
): Promise<ApiResult<MotionDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${motionPath(id)}/refer`,
    body: { assemblyId },
    parse: parseMotion,
  });
}

export function listVersions(fetch: Fetch, id: string): Promise<ApiResult<MotionVersion[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${motionPath(id)}/versions`,
    parse: (body) => motionVersionListSchema.parse(body).versions,
  });
}

export function getDiff(
  fetch: Fetch,
  id: string,
  from: number,
  to: number,
): Promise<ApiResult<{ from: number; to: number; segments: DiffSegment[] }>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${motionPath(id)}/diff?from=${from}&to=${to}`,
    parse: (body) => diffResponseSchema.parse(body),
  });
}

export function listComments(fetch: Fetch, id: string): Promise<ApiResult<Comment[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${motionPath(id)}/comments`,
    parse: (body) => commentListSchema.parse(body).comments,
  });
}

export function addComment(fetch: Fetch, id: string, text: string): Promise<ApiResult<Comment>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${motionPath(id)}/comments`,
    body: { text },
    parse: (body) => commentResponseSchema.parse(body).comment,
  });
}

export function listAmendments(fetch: Fetch, id: string): Promise<ApiResult<Amendment[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${motionPath(id)}/amendments`,
    parse: (body) => amendmentListSchema.parse(body).amendments,
  });
}

export function proposeAmendment(
  fetch: Fetch,
  id: string,
  body: CreateAmendmentBody,
): Promise<ApiResult<Amendment>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${motionPath(id)}/amendments`,
    body,
    parse: (response) => amendmentResponseSchema.parse(response).amendment,
  });
}

export function withdrawAmendment(
  fetch: Fetch,
  amendmentId: string,
): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `/amendments/${encodeURIComponent(amendmentId)}/withdraw`,
    parse: (body) => okSchema.parse(body),
  });
}

/** Every poll on the motion and on its amendments, oldest first. */
export function listMotionPolls(fetch: Fetch, id: string): Promise<ApiResult<Poll[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${motionPath(id)}/polls`,
    parse: (body) => pollListSchema.parse(body).polls,
  });
}

export function listMotionObjections(fetch: Fetch, id: string): Promise<ApiResult<Objection[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${motionPath(id)}/objections`,
    parse: (body) => objectionListSchema.parse(body).objections,
  });
}
