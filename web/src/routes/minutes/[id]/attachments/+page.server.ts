import { getMinutes } from '$lib/api/minutes.ts';
import { attachmentActions, attachmentsOf, subjectPagePath } from '$lib/server/attachment-page.ts';
import { unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

/** Public minutes' files are read signed out too: the API decides. */
export const load: PageServerLoad = async (event) => {
  const { fetch, params, url } = event;
  const minutes = unwrap(await getMinutes(fetch, params.id), event);
  return {
    title: minutes.meetingTitle,
    timeZone: minutes.timeZone,
    back: subjectPagePath('minutes', minutes.id),
    list: await attachmentsOf(fetch, 'minutes', minutes.id),
    notice: url.searchParams.get('notice'),
  };
};

export const actions: Actions = attachmentActions('minutes');
