import { motionResponseSchema, type AnswerCoauthorBody, type MotionDetail } from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

const coauthorsPath = (motionId: string) => `/motions/${encodeURIComponent(motionId)}/coauthors`;
const parseMotion = (body: unknown): MotionDetail => motionResponseSchema.parse(body).motion;

export function inviteCoauthor(
  fetch: Fetch,
  motionId: string,
  userId: string,
): Promise<ApiResult<MotionDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: coauthorsPath(motionId),
    body: { userId },
    parse: parseMotion,
  });
}

/** The invited person's own answer. */
export function answerCoauthorInvitation(
  fetch: Fetch,
  motionId: string,
  answer: AnswerCoauthorBody['answer'],
): Promise<ApiResult<MotionDetail>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${coauthorsPath(motionId)}/me`,
    body: { answer },
    parse: parseMotion,
  });
}

/** Withdraws an invitation, removes a co-author, or (one's own id) leaves. */
export function removeCoauthor(
  fetch: Fetch,
  motionId: string,
  userId: string,
): Promise<ApiResult<MotionDetail>> {
  return requestApi(fetch, {
    method: 'DELETE',
    path: `${coauthorsPath(motionId)}/${encodeURIComponent(userId)}`,
    parse: parseMotion,
  });
}
