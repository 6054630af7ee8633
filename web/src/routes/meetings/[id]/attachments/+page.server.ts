import { getMeeting } from '$lib/api/meetings.ts';
import { attachmentActions, attachmentsOf, subjectPagePath } from '$lib/server/attachment-page.ts';
import { requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { fetch, params, url } = event;
  const meeting = unwrap(await getMeeting(fetch, params.id), event);
  return {
    title: meeting.title,
    timeZone: meeting.timeZone,
    back: subjectPagePath('meeting', meeting.id),
    list: await attachmentsOf(fetch, 'meeting', meeting.id),
    notice: url.searchParams.get('notice'),
  };
};

export const actions: Actions = attachmentActions('meeting');
