import {
  congressTextsSchema,
  congressMotionListSchema,
  congressReplySchema,
  type Congress,
  type CongressTexts,
  type CongressMotion,
  type CompositeAnswer,
  type CongressPhase,
  type Locale,
  type Mandate,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

const congressPath = (id: string) => `/congresses/${encodeURIComponent(id)}`;
const parseCongress = (body: unknown): Congress => congressReplySchema.parse(body).congress;
const parseMotions = (body: unknown): CongressMotion[] =>
  congressMotionListSchema.parse(body).motions;

/** The timeline: the six dated phases, the one open now and what came in so far. */
export function getCongress(fetch: Fetch, id: string): Promise<ApiResult<Congress>> {
  return requestApi(fetch, { method: 'GET', path: congressPath(id), parse: parseCongress });
}

/** The secretariat moves a phase's dates (a deadline, usually), with the reason kept. */
export function movePhase(
  fetch: Fetch,
  id: string,
  phase: CongressPhase,
  body: { opensAt?: string; closesAt?: string; reason: string },
): Promise<ApiResult<Congress>> {
  return requestApi(fetch, {
    method: 'PATCH',
    path: `${congressPath(id)}/phases/${encodeURIComponent(phase)}`,
    body,
    parse: parseCongress,
  });
}

export function listCongressMotions(
  fetch: Fetch,
  id: string,
): Promise<ApiResult<CongressMotion[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${congressPath(id)}/motions`,
    parse: parseMotions,
  });
}

/**
 * The current texts (sanitised HTML) of the motions the congress adopted, or of those still
 * debated.
 */
export function listCongressTexts(
  fetch: Fetch,
  id: string,
  status: 'adopted' | 'open',
): Promise<ApiResult<CongressTexts['texts']>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${congressPath(id)}/texts?status=${status}`,
    parse: (body) => congressTextsSchema.parse(body).texts,
  });
}

/** The actions on congress motions answer with the whole list, as it now stands. */
const postForMotions = (
  fetch: Fetch,
  path: string,
  body: unknown,
): Promise<ApiResult<CongressMotion[]>> =>
  requestApi(fetch, { method: 'POST', path, body, parse: parseMotions });

/** An antenna's secretary forwards a motion the antenna adopted (call for motions). */
export function forwardMotion(fetch: Fetch, id: string, motionId: string) {
  return postForMotions(fetch, `${congressPath(id)}/motions/forward`, { motionId });
}

/** An antenna's secretary records the antenna's mandate on a motion (antenna deliberation). */
export function recordMandate(
  fetch: Fetch,
  id: string,
  body: { motionId: string; antennaId: string; mandate: Mandate; note: string },
) {
  return postForMotions(fetch, `${congressPath(id)}/mandates`, body);
}

/** The secretariat merges motions into one composite text (compositing). */
export function createComposite(
  fetch: Fetch,
  id: string,
  body: { title: string; text: string; motionIds: string[] },
) {
  return postForMotions(fetch, `${congressPath(id)}/composites`, body);
}

/** The author of a merged motion accepts the composite, or objects to it. */
export function answerComposite(
  fetch: Fetch,
  id: string,
  compositeId: string,
  body: { motionId: string; response: CompositeAnswer; note: string },
) {
  const path = `${congressPath(id)}/composites/${encodeURIComponent(compositeId)}/responses`;
  return postForMotions(fetch, path, body);
}

/** The API's document of the adopted texts, as Markdown or PDF (a download). */
export function congressFilePath(id: string, format: 'md' | 'pdf', language: Locale): string {
  return `/api${congressPath(id)}/export.${format}?lang=${language}`;
}
