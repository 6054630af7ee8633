import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { AttachmentSubject } from '@cercle/shared';
import { listAttachments, removeAttachment, uploadAttachment } from '$lib/api/attachments.ts';
import { problemFromApi, readText, type FormProblem } from '$lib/forms.ts';
import { requireUser } from './guards.ts';

/** The file input's id and name; the API's `body` and `name` refusals are about it. */
export const attachmentField = 'attachmentFile';

/** The page of a motion, meeting or minutes, where the section lists their files. */
export const subjectPagePath = (kind: AttachmentSubject, id: string) =>
  `/${kind === 'motion' ? 'motions' : kind === 'meeting' ? 'meetings' : 'minutes'}/${encodeURIComponent(id)}`;

export interface AttachmentFormState {
  problems: FormProblem[];
}

/**
 * The files of a subject for its page, or null when the API does not answer the list (the page
 * still shows the rest).
 */
export async function attachmentsOf(
  fetch: RequestEvent['fetch'],
  kind: AttachmentSubject,
  subjectId: string,
) {
  const result = await listAttachments(fetch, kind, subjectId);
  return result.ok ? result.data : null;
}

/**
 * The form actions of a subject's attachments page: `upload` takes the multipart form's file
 * and hands its bytes to the API in-process; `remove` takes an attachment's id. Both come back
 * to the attachments page, which says what happened, or what was wrong next to the field.
 */
export function attachmentActions(kind: AttachmentSubject) {
  const back = (event: RequestEvent, notice: string) =>
    redirect(303, `${subjectPagePath(kind, event.params.id!)}/attachments?notice=${notice}`);
  return {
    upload: async (event: RequestEvent) => {
      requireUser(event);
      const form = await event.request.formData();
      const file = form.get(attachmentField);
      if (!(file instanceof File) || file.size === 0 || !file.name) {
        return fail(400, {
          problems: [{ field: attachmentField, key: 'validation.attachmentRequired' }],
        } satisfies AttachmentFormState);
      }
      const result = await uploadAttachment(event.fetch, kind, event.params.id!, {
        name: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      if (!result.ok) {
        const problem = problemFromApi(result, { body: attachmentField, name: attachmentField });
        return fail(result.status, { problems: [problem] } satisfies AttachmentFormState);
      }
      back(event, 'added');
    },

    remove: async (event: RequestEvent) => {
      requireUser(event);
      const id = readText(await event.request.formData(), 'attachmentId');
      const result = await removeAttachment(event.fetch, id);
      if (!result.ok) {
        return fail(result.status, {
          problems: [problemFromApi(result)],
        } satisfies AttachmentFormState);
      }
      back(event, 'removed');
    },
  };
}
