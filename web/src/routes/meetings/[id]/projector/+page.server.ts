import { env } from '$env/dynamic/private';
import { defaultGradeLabels } from '@cercle/shared';
import { getAssembly } from '$lib/api/assemblies.ts';
import { getElection, listElections } from '$lib/api/elections.ts';
import { projectorFocus } from '$lib/projector-focus.ts';
import { requireUser } from '$lib/server/guards.ts';
import { loadMeeting } from '$lib/server/meeting-page.ts';
import { qrCode } from '$lib/server/qr-code.ts';
import type { PageServerLoad } from './$types';

const themes = ['light', 'dark'] as const;

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { meeting, polls, motionTitles, colleges, speakers } = await loadMeeting(event);
  const [assembly, listed] = await Promise.all([
    getAssembly(event.fetch, meeting.assemblyId),
    listElections(event.fetch, meeting.assemblyId),
  ]);
  // The elections held in this meeting, each with its rounds: the one open, or the last result.
  const elections = (
    await Promise.all(
      (listed.ok ? listed.data : [])
        .filter((election) => election.meetingId === meeting.id && election.status !== 'cancelled')
        .map((election) => getElection(event.fetch, election.id)),
    )
  ).flatMap((result) => (result.ok && result.data.rounds.length ? [result.data] : []));
  const { focus, othersOpen } = projectorFocus(polls, elections);
  const language = assembly.ok ? assembly.data.settings.language : 'fr';
  // The address people use (PUBLIC_URL) when the server was told it; else the one the projector's
  // browser reached, which phones on the same network reach too.
  const joinUrl = new URL(`/meetings/${meeting.id}`, env.PUBLIC_URL || event.url.origin).href;
  const asked = event.url.searchParams.get('theme');
  return {
    /** The layout drops its header and navigation: a screen for the room, with no controls. */
    projector: true,
    meeting,
    colleges,
    assemblyName: assembly.ok ? assembly.data.name : '',
    current: meeting.agenda.find((item) => item.current) ?? null,
    focus,
    othersOpen,
    motionTitles,
    grades:
      focus?.kind === 'election'
        ? (focus.election.grades ?? [...defaultGradeLabels[language]])
        : [],
    speakers,
    join: { url: joinUrl, qr: qrCode(joinUrl) },
    /** A room whose screen needs the other theme than the browser's says so in the address. */
    theme: themes.find((theme) => theme === asked) ?? null,
  };
};
