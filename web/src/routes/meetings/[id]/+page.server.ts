import { fail, redirect } from '@sveltejs/kit';
import { listElections } from '$lib/api/elections.ts';
import { checkIn, giveProxy, listProxies, revokeProxy } from '$lib/api/meetings.ts';
import { listMembers } from '$lib/api/members.ts';
import { createMinutes, listMeetingMinutes } from '$lib/api/minutes.ts';
import { readText } from '$lib/forms.ts';
import { allows, requireUser } from '$lib/server/guards.ts';
import {
  ballotAction,
  focusPolls,
  loadMeeting,
  meetingRefusal,
  meetingState,
} from '$lib/server/meeting-page.ts';
import { speakerActions } from '$lib/server/speaker-actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { meeting, polls, motionTitles, colleges, speakers } = await loadMeeting(event);
  const [members, proxies, minutes, elections] = await Promise.all([
    listMembers(event.fetch, meeting.assemblyId),
    listProxies(event.fetch, meeting.id),
    // Only an ended meeting has minutes; the page stays useful if they cannot be read.
    meeting.status === 'ended' ? listMeetingMinutes(event.fetch, meeting.id) : null,
    listElections(event.fetch, meeting.assemblyId),
  ]);
  const { open, lastClosed } = focusPolls(polls);
  const current = meeting.agenda.find((item) => item.current) ?? null;
  return {
    meeting,
    // A national meeting seen from an antenna elsewhere: still the meeting's assembly's time.
    timeZone: meeting.timeZone,
    colleges,
    current,
    openPolls: open.map((poll) => ({
      ...poll,
      // One per rendered form and person: sending the same form again never counts twice.
      ballotIds: Object.fromEntries(
        [user.id, ...meeting.me.carrying.map((person) => person.id)].map((id) => [
          id,
          globalThis.crypto.randomUUID(),
        ]),
      ),
    })),
    lastClosed,
    motionTitles,
    speakers,
    // The elections held in this meeting: each is voted on its own page.
    elections: elections.ok
      ? elections.data.filter(
          (election) => election.meetingId === meeting.id && election.status !== 'cancelled',
        )
      : [],
    runMeeting: allows(user, 'meeting.run', { assemblyId: meeting.assemblyId }),
    // A room's secretary puts people of their room on the list of speakers: anyone of the assembly.
    siteMembers:
      members.ok && meeting.sites.some((site) => site.secretaryId === user.id)
        ? members.data.map((member) => ({ id: member.userId, name: member.name }))
        : [],
    writeMinutes: allows(user, 'minutes.publish', { assemblyId: meeting.assemblyId }),
    minutes: minutes?.ok ? minutes.data : [],
    // Proxies go to members with the voting right, other than me.
    holders: members.ok
      ? members.data
          .filter((member) => member.votingRight && member.userId !== user.id)
          .map((member) => ({ id: member.userId, name: member.name }))
      : [],
    myProxies: proxies.ok
      ? proxies.data.filter((proxy) => proxy.active && proxy.grantor.id === user.id)
      : [],
  };
};

export const actions: Actions = {
  ...speakerActions,
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
