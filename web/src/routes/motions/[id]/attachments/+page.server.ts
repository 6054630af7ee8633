import { getMotion } from '$lib/api/motions.ts';
import { attachmentActions, attachmentsOf, subjectPagePath } from '$lib/server/attachment-page.ts';
import { requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { fetch, params, url } = event;
  const motion = unwrap(await getMotion(fetch, params.id), event);
  return {
    title: motion.title,
    timeZone: motion.timeZone,
    back: subjectPagePath('motion', motion.id),
    list: await attachmentsOf(fetch, 'motion', motion.id),
    notice: url.searchParams.get('notice'),
  };
};

export const actions: Actions = attachmentActions('motion');
