import { fail, redirect } from '@sveltejs/kit';
import { checkIn, getParticipantView, giveProxy, revokeProxy } from '$lib/api/meetings.ts';
import { createMinutes } from '$lib/api/minutes.ts';
import { readText } from '$lib/forms.ts';
import { meetingDependency } from '$lib/realtime-logic.ts';
import { allows, requireUser, unwrap } from '$lib/server/guards.ts';
import {
  ballotAction,
  meetingRefusal,
  meetingState,
  searchedPeople,
} from '$lib/server/meeting-page.ts';
import { speakerActions } from '$lib/server/speaker-actions.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The page phones load and reload all through a meeting: one API call, whatever the assembly's
 * size. People are found by name when one searches (`?holder=`: the search field's own form, for
 * pages without JavaScript).
 */
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  event.depends(meetingDependency);
  const [view, holderSearch] = await Promise.all([
    getParticipantView(event.fetch, event.params.id).then((result) => unwrap(result, event)),
    searchedPeople(event, 'holder', 'proxyHolders'),
  ]);
  const { meeting, openPolls } = view;
  return {
    ...view,
    // Two columns from 1024 px: the polls and the floor beside attendance and proxies.
    wide: true,
    // A national meeting seen from an antenna elsewhere: still the meeting's assembly's time.
    timeZone: meeting.timeZone,
    current: meeting.agenda.find((item) => item.current) ?? null,
    openPolls: openPolls.map((poll) => ({
      ...poll,
      // One per rendered form and person: sending the same form again never counts twice.
      ballotIds: Object.fromEntries(
        [user.id, ...meeting.me.carrying.map((person) => person.id)].map((id) => [
          id,
          globalThis.crypto.randomUUID(),
        ]),
      ),
    })),
    runMeeting: allows(user, 'meeting.run', { assemblyId: meeting.assemblyId }),
    writeMinutes: allows(user, 'minutes.publish', { assemblyId: meeting.assemblyId }),
    holderSearch,
  };
};

export const actions: Actions = {
  // A room's secretary manages their room's part of the list on the room page (room/).
  askFloor: speakerActions.askFloor,
  withdrawFloor: speakerActions.withdrawFloor,
  checkIn: async (event) => {
    requireUser(event);
    const code = readText(await event.request.formData(), 'code').toUpperCase();
    const values = { code };
    if (code.length < 4 || code.length > 12) {
      return meetingStateFail('checkIn', values);
    }
    const result = await checkIn(event.fetch, event.params.id, { code });
    if (!result.ok) return meetingRefusal('checkIn', result, { values }, { code: 'code' });
    return meetingState('checkIn', { notice: 'meeting.checkedInNotice' });
  },

  giveProxy: async (event) => {
    requireUser(event);
    const holderId = readText(await event.request.formData(), 'holderId');
    if (!holderId) {
      return failWith('giveProxy', 'holderId', 'validation.proxyHolder');
    }
    const result = await giveProxy(event.fetch, event.params.id, holderId);
    if (!result.ok) return meetingRefusal('giveProxy', result, {}, { holderId: 'holderId' });
    return meetingState('giveProxy', { notice: 'meeting.proxyGivenNotice' });
  },

  revokeProxy: async (event) => {
    requireUser(event);
    const proxyId = readText(await event.request.formData(), 'proxyId');
    const result = await revokeProxy(event.fetch, proxyId);
    if (!result.ok) return meetingRefusal('revokeProxy', result, { target: proxyId });
    return meetingState('revokeProxy', { notice: 'meeting.proxyRevokedNotice' });
  },

  ballot: async (event) => {
    requireUser(event);
    return ballotAction(event);
  },

  draftMinutes: async (event) => {
    requireUser(event);
    const result = await createMinutes(event.fetch, event.params.id, {});
    if (!result.ok) return meetingRefusal('draftMinutes', result);
    redirect(303, `/minutes/${encodeURIComponent(result.data.id)}?notice=drafted`);
  },
};

function meetingStateFail(action: string, values: Record<string, string>) {
  return failWith(action, 'code', 'validation.checkInCode', values);
}

function failWith(
  action: string,
  field: string,
  key: 'validation.checkInCode' | 'validation.proxyHolder',
  values: Record<string, string> = {},
) {
  return fail(400, meetingState(action, { values, problems: [{ field, key }] }));
}
