import {
  minutesHistorySchema,
  minutesPreviewReplySchema,
  minutesReplySchema,
  type CreateMinutesBody,
  type Locale,
  type Minutes,
  type MinutesSummary,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

const minutesPath = (id: string) => `/minutes/${encodeURIComponent(id)}`;
const parseMinutes = (body: unknown): Minutes => minutesReplySchema.parse(body).minutes;
const parseVersions = (body: unknown): MinutesSummary[] =>
  minutesHistorySchema.parse(body).versions;

const listVersions = (fetch: Fetch, path: string): Promise<ApiResult<MinutesSummary[]>> =>
  requestApi(fetch, { method: 'GET', path, parse: parseVersions });

/** Every version of a meeting's minutes the reader may see, newest first. */
export function listMeetingMinutes(fetch: Fetch, meetingId: string) {
  return listVersions(fetch, `/meetings/${encodeURIComponent(meetingId)}/minutes`);
}

/** The latest published minutes of each meeting of an assembly. */
export function listAssemblyMinutes(fetch: Fetch, assemblyId: string) {
  return listVersions(fetch, `/assemblies/${encodeURIComponent(assemblyId)}/minutes`);
}

export function getMinutes(fetch: Fetch, id: string): Promise<ApiResult<Minutes>> {
  return requestApi(fetch, { method: 'GET', path: minutesPath(id), parse: parseMinutes });
}

/** Secretaries: drafts the minutes of an ended meeting, or an erratum (with a reason) once published. */
export function createMinutes(
  fetch: Fetch,
  meetingId: string,
  body: CreateMinutesBody,
): Promise<ApiResult<Minutes>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `/meetings/${encodeURIComponent(meetingId)}/minutes`,
    body,
    parse: parseMinutes,
  });
}

/** Editing an approved version sends it back to draft. */
export function updateMinutes(fetch: Fetch, id: string, text: string): Promise<ApiResult<Minutes>> {
  return requestApi(fetch, {
    method: 'PATCH',
    path: minutesPath(id),
    body: { text },
    parse: parseMinutes,
  });
}

/** A text being edited, rendered as the published page will show it; nothing is saved. */
export function previewMinutes(fetch: Fetch, id: string, text: string): Promise<ApiResult<string>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${minutesPath(id)}/preview`,
    body: { text },
    parse: (body) => minutesPreviewReplySchema.parse(body).html,
  });
}

/** Drafts the text again from the meeting's record: the secretary's edits are lost. */
export function regenerateMinutes(
  fetch: Fetch,
  id: string,
  language: Locale,
): Promise<ApiResult<Minutes>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${minutesPath(id)}/regenerate`,
    body: { language },
    parse: parseMinutes,
  });
}

export function runMinutesStep(
  fetch: Fetch,
  id: string,
  step: 'approve' | 'publish',
): Promise<ApiResult<Minutes>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${minutesPath(id)}/${step}`,
    parse: parseMinutes,
  });
}

/** The API's export of the text, as Markdown or PDF (a download). */
export function minutesFilePath(id: string, format: 'md' | 'pdf'): string {
  return `/api${minutesPath(id)}/export.${format}`;
}
