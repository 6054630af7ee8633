import { defaultGradeLabels } from '@cercle/shared';
import { getAssembly } from '$lib/api/assemblies.ts';
import { getElection, listElections } from '$lib/api/elections.ts';
import { requireUser } from '$lib/server/guards.ts';
import { focusPolls, loadMeeting } from '$lib/server/meeting-page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { meeting, polls, motionTitles, colleges } = await loadMeeting(event);
  const assembly = await getAssembly(event.fetch, meeting.assemblyId);
  const { open, lastClosed } = focusPolls(polls);
  // The elections held in this meeting, each with its rounds: the one open, or the last result.
  const listed = await listElections(event.fetch, meeting.assemblyId);
  const elections = (
    await Promise.all(
      (listed.ok ? listed.data : [])
        .filter((election) => election.meetingId === meeting.id && election.status !== 'cancelled')
        .map((election) => getElection(event.fetch, election.id)),
    )
  ).flatMap((result) => (result.ok && result.data.rounds.length ? [result.data] : []));
  const language = assembly.ok ? assembly.data.settings.language : 'fr';
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
    elections: elections.map((election) => ({
      election,
      grades: election.grades ?? [...defaultGradeLabels[language]],
    })),
  };
};
