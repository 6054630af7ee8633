import { fail } from '@sveltejs/kit';
import { congressPhaseSchema, notificationCursorSchema } from '@cercle/shared';
import { updateMe } from '$lib/api/auth.ts';
import type { ApiFailure } from '$lib/api/client.ts';
import { getDigestTime, listNotifications, markNotificationsRead } from '$lib/api/notifications.ts';
import { problemFromApi, readChecked, readText, type FormProblem } from '$lib/forms.ts';
import type { MessageKey } from '$lib/i18n';
import type { NotificationsActionName, NotificationsActionState } from '$lib/notifications.ts';
import { requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  // A cursor that is not one (an edited address) shows the newest page rather than an error.
  const before = notificationCursorSchema.safeParse(event.url.searchParams.get('before'));
  const [list, digestTime] = await Promise.all([
    listNotifications(event.fetch, { before: before.success ? before.data : undefined }),
    getDigestTime(event.fetch),
  ]);
  const { notifications, unread, nextCursor } = unwrap(list, event);
  const assemblyNames = new Map(
    user.memberships.map((membership) => [membership.assemblyId, membership.assemblyName]),
  );
  return {
    notifications: notifications.map((notification) => ({
      ...notification,
      // Null when the member has left the assembly since: the line then names none.
      assemblyName: assemblyNames.get(notification.assemblyId) ?? null,
      congressPhase: congressPhaseOf(notification),
    })),
    unread,
    nextCursor,
    olderPage: before.success,
    digest: !user.digestOptOut,
    // Best effort: without it, the setting's hint does not name the hour.
    digestTime: digestTime.ok ? digestTime.data : null,
  };
};

/** A congress notice's subject is `<congress id>/<phase>`: the phase it tells of. */
function congressPhaseOf({ type, subjectId }: { type: string; subjectId: string }) {
  if (!type.startsWith('congress.')) return null;
  const phase = congressPhaseSchema.safeParse(subjectId.split('/').at(-1));
  return phase.success ? phase.data : null;
}

function done(action: NotificationsActionName, notice: MessageKey): NotificationsActionState {
  return { action, problems: [], notice };
}

function refused(action: NotificationsActionName, status: number, problems: FormProblem[]) {
  return fail(status, { action, problems, notice: null } satisfies NotificationsActionState);
}

function refusedByApi(action: NotificationsActionName, failure: ApiFailure) {
  return refused(action, failure.status, [problemFromApi(failure)]);
}

export const actions: Actions = {
  read: async (event) => {
    requireUser(event);
    const id = readText(await event.request.formData(), 'id');
    // A hand-made request without an id would mark everything read: refuse it instead.
    if (!id) return refused('read', 400, [{ key: 'errors.validation.invalid' }]);
    const result = await markNotificationsRead(event.fetch, [id]);
    if (!result.ok) return refusedByApi('read', result);
    return done('read', 'notifications.markedNotice');
  },

  readAll: async (event) => {
    requireUser(event);
    const result = await markNotificationsRead(event.fetch);
    if (!result.ok) return refusedByApi('readAll', result);
    return done('readAll', 'notifications.markedAllNotice');
  },

  digest: async (event) => {
    requireUser(event);
    const wanted = readChecked(await event.request.formData(), 'digest');
    const result = await updateMe(event.fetch, { digestOptOut: !wanted });
    if (!result.ok) return refusedByApi('digest', result);
    return done(
      'digest',
      result.data.digestOptOut ? 'notifications.digestOffNotice' : 'notifications.digestOnNotice',
    );
  },
};
