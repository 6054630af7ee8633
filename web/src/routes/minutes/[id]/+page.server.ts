import { fail, redirect } from '@sveltejs/kit';
import { createMinutesBodySchema, localeSchema, updateMinutesBodySchema } from '@cercle/shared';
import type { ApiFailure, ApiResult } from '$lib/api/client.ts';
import {
  createMinutes,
  getMinutes,
  listMeetingMinutes,
  minutesFilePath,
  previewMinutes,
  regenerateMinutes,
  runMinutesStep,
  updateMinutes,
} from '$lib/api/minutes.ts';
import { problemFromApi, readChecked, readText, type FormProblem } from '$lib/forms.ts';
import type { MessageKey } from '$lib/i18n';
import { markdownFromForm, type MinutesActionName, type MinutesActionState } from '$lib/minutes.ts';
import { attachmentsOf } from '$lib/server/attachment-page.ts';
import { allows, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Public minutes are read signed out too: the API decides, and a 401 leads to the login page. */
export const load: PageServerLoad = async (event) => {
  const { fetch, params, locals, url } = event;
  const minutes = unwrap(await getMinutes(fetch, params.id), event);
  const [history, attachments] = await Promise.all([
    listMeetingMinutes(fetch, minutes.meetingId),
    attachmentsOf(fetch, 'minutes', minutes.id),
  ]);
  return {
    minutes,
    attachments,
    timeZone: minutes.timeZone,
    // Without the history the page still shows this version, as its only one.
    versions: history.ok ? history.data : [minutes],
    writeMinutes:
      locals.user !== null &&
      allows(locals.user, 'minutes.publish', { assemblyId: minutes.assemblyId }),
    // Made here: importing the API module in the browser would ship its schemas (zod) too.
    downloads: {
      markdown: minutesFilePath(minutes.id, 'md'),
      pdf: minutesFilePath(minutes.id, 'pdf'),
    },
    notice: url.searchParams.get('notice'),
  };
};

function state(
  action: MinutesActionName,
  fields: Partial<Omit<MinutesActionState, 'action'>> = {},
): MinutesActionState {
  return { action, problems: [], values: {}, notice: null, ...fields };
}

function refused(
  action: MinutesActionName,
  status: number,
  problems: FormProblem[],
  values: Record<string, string> = {},
) {
  return fail(status, state(action, { problems, values }));
}

function refusedByApi(
  action: MinutesActionName,
  failure: ApiFailure,
  values: Record<string, string> = {},
  apiFields: Readonly<Record<string, string>> = {},
) {
  return refused(action, failure.status, [problemFromApi(failure, apiFields)], values);
}

/** The answer to an action that changed this version: a refusal, or the notice to show. */
function answer(action: MinutesActionName, result: ApiResult<unknown>, notice: MessageKey) {
  return result.ok ? state(action, { notice }) : refusedByApi(action, result);
}

function minutesStep(step: 'approve' | 'publish', notice: MessageKey) {
  return async (event: RequestEvent) => {
    requireUser(event);
    return answer(step, await runMinutesStep(event.fetch, event.params.id, step), notice);
  };
}

export const actions: Actions = {
  approve: minutesStep('approve', 'minutes.approvedNotice'),
  publish: minutesStep('publish', 'minutes.publishedNotice'),

  save: async (event) => {
    requireUser(event);
    // Markdown as typed: trimming would change an approved text that was not touched.
    const text = markdownFromForm((await event.request.formData()).get('text'));
    const values = { text };
    if (!text.trim() || !updateMinutesBodySchema.shape.text.safeParse(text).success) {
      return refused('save', 400, [{ field: 'text', key: 'validation.minutesText' }], values);
    }
    const result = await updateMinutes(event.fetch, event.params.id, text);
    if (!result.ok) return refusedByApi('save', result, values, { text: 'text' });
    return state('save', { notice: 'minutes.savedNotice' });
  },

  /** The rich editor's preview (fetched by the page's script): the same renderer as publishing. */
  preview: async (event) => {
    requireUser(event);
    const text = markdownFromForm((await event.request.formData()).get('text'));
    if (!text.trim() || !updateMinutesBodySchema.shape.text.safeParse(text).success) {
      return refused('preview', 400, [{ field: 'text', key: 'validation.minutesText' }]);
    }
    const result = await previewMinutes(event.fetch, event.params.id, text);
    if (!result.ok) return refusedByApi('preview', result);
    return state('preview', { html: result.data });
  },

  regenerate: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const language = localeSchema.safeParse(readText(form, 'language'));
    if (!readChecked(form, 'confirmRedraft') || !language.success) {
      return refused('regenerate', 400, [
        { field: 'confirmRedraft', key: 'validation.regenerateConfirm' },
      ]);
    }
    const result = await regenerateMinutes(event.fetch, event.params.id, language.data);
    return answer('regenerate', result, 'minutes.regeneratedNotice');
  },

  erratum: async (event) => {
    requireUser(event);
    const reason = readText(await event.request.formData(), 'erratumReason');
    const values = { erratumReason: reason };
    if (!reason || !createMinutesBodySchema.shape.reason.safeParse(reason).success) {
      return refused(
        'erratum',
        400,
        [{ field: 'erratumReason', key: 'validation.erratumReason' }],
        values,
      );
    }
    // The erratum is a new version of the meeting's minutes: the meeting comes from this one.
    const minutes = await getMinutes(event.fetch, event.params.id);
    if (!minutes.ok) return refusedByApi('erratum', minutes, values);
    const result = await createMinutes(event.fetch, minutes.data.meetingId, { reason });
    if (!result.ok) {
      return refusedByApi('erratum', result, values, { reason: 'erratumReason' });
    }
    redirect(303, `/minutes/${encodeURIComponent(result.data.id)}?notice=erratum`);
  },
};
