import { redirect } from '@sveltejs/kit';
import { getParticipantView } from '$lib/api/meetings.ts';
import { meetingDependency } from '$lib/realtime-logic.ts';
import { allows, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import { searchedPeople } from '$lib/server/meeting-page.ts';
import { speakerActions } from '$lib/server/speaker-actions.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * A room's secretary's page: their room's part of the list of speakers (putting on it someone
 * without a phone, taking a request off). The participant live view links here, rather than
 * carrying it: every phone of the meeting loads that page, and only one per room needs this.
 * The meeting's secretaries have the console; anyone else, nothing here.
 */
export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  event.depends(meetingDependency);
  const [view, speakerSearch] = await Promise.all([
    getParticipantView(event.fetch, event.params.id).then((result) => unwrap(result, event)),
    searchedPeople(event, 'speaker', 'members'),
  ]);
  const { meeting } = view;
  const site = meeting.sites.find((candidate) => candidate.secretaryId === user.id);
  if (!site) {
    if (allows(user, 'meeting.run', { assemblyId: meeting.assemblyId })) {
      redirect(303, `/meetings/${encodeURIComponent(meeting.id)}/console`);
    }
    forbidden();
  }
  return {
    meeting,
    site,
    speakers: view.speakers,
    timeZone: meeting.timeZone,
    speakerSearch,
  };
};

export const actions: Actions = {
  addSpeaker: speakerActions.addSpeaker,
  withdrawFloor: speakerActions.withdrawFloor,
};
