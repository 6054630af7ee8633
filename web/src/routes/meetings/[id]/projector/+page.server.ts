import { getAssembly } from '$lib/api/assemblies.ts';
import { requireUser } from '$lib/server/guards.ts';
import { focusPolls, loadMeeting } from '$lib/server/meeting-page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { meeting, polls, motionTitles, colleges } = await loadMeeting(event);
  const assembly = await getAssembly(event.fetch, meeting.assemblyId);
  const { open, lastClosed } = focusPolls(polls);
  return {
    /** The layout drops its header and navigation: a screen for the room, with no controls. */
    projector: true,
    meeting,
    colleges,
    assemblyName: assembly.ok ? assembly.data.name : '',
    current: meeting.agenda.find((item) => item.current) ?? null,
    openPolls: open,
    lastClosed,
    motionTitles,
  };
};
