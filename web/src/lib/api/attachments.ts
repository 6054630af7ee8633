import {
  type Attachment,
  type AttachmentList,
  attachmentListSchema,
  attachmentReplySchema,
  type AttachmentSubject,
  okSchema,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

const subjectPaths: Record<AttachmentSubject, string> = {
  motion: 'motions',
  meeting: 'meetings',
  minutes: 'minutes',
};

const listPath = (kind: AttachmentSubject, subjectId: string) =>
  `/${subjectPaths[kind]}/${encodeURIComponent(subjectId)}/attachments`;

/** Where the browser downloads a file (a link: the browser calls the API itself). */
export const attachmentFilePath = (id: string) => `/api/attachments/${encodeURIComponent(id)}`;

export function listAttachments(
  fetch: Fetch,
  kind: AttachmentSubject,
  subjectId: string,
): Promise<ApiResult<AttachmentList>> {
  return requestApi(fetch, {
    method: 'GET',
    path: listPath(kind, subjectId),
    parse: (body) => attachmentListSchema.parse(body),
  });
}

/** Sends the file's bytes as the body; the API tells its type from them. */
export function uploadAttachment(
  fetch: Fetch,
  kind: AttachmentSubject,
  subjectId: string,
  file: { name: string; bytes: Uint8Array },
): Promise<ApiResult<Attachment>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `${listPath(kind, subjectId)}?name=${encodeURIComponent(file.name)}`,
    body: file.bytes,
    parse: (body) => attachmentReplySchema.parse(body).attachment,
  });
}

export function removeAttachment(fetch: Fetch, id: string): Promise<ApiResult<unknown>> {
  return requestApi(fetch, {
    method: 'DELETE',
    path: `/attachments/${encodeURIComponent(id)}`,
    parse: (body) => okSchema.parse(body),
  });
}
