import { fail, redirect } from '@sveltejs/kit';
import { getAssembly } from '$lib/api/assemblies.ts';
import { getElection, updateElection } from '$lib/api/elections.ts';
import { isPreparing } from '$lib/elections.ts';
import { problemFromApi } from '$lib/forms.ts';
import {
  electionApiFieldsFor,
  electionFormValues,
  electionSettingsOf,
  readElectionEditForm,
} from '$lib/server/election-form.ts';
import { electionMeetings } from '$lib/server/election-meetings.ts';
import { allows, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const election = unwrap(await getElection(event.fetch, event.params.id), event);
  const manage = allows(user, 'election.manage', { assemblyId: election.assemblyId });
  // The API decides; this only avoids offering a form it would refuse.
  const editable = manage && isPreparing(election.status);
  const [assembly, meetings] = await Promise.all([
    getAssembly(event.fetch, election.assemblyId).then((result) => unwrap(result, event)),
    editable ? electionMeetings(event.fetch, election.assemblyId, election.meetingId) : [],
  ]);
  return {
    election: {
      id: election.id,
      title: election.title,
      subject: election.subject,
      status: election.status,
    },
    colleges: assembly.colleges.map(({ id, name }) => ({ id, name })),
    meetings,
    manage,
    editable,
    values: electionFormValues(election, assembly.settings.timeZone),
  };
};

export const actions: Actions = {
  save: async (event) => {
    const user = requireUser(event);
    const [election, form] = await Promise.all([
      getElection(event.fetch, event.params.id).then((result) => unwrap(result, event)),
      event.request.formData(),
    ]);
    if (!allows(user, 'election.manage', { assemblyId: election.assemblyId })) forbidden();
    const [assembly, meetings] = await Promise.all([
      getAssembly(event.fetch, election.assemblyId).then((result) => unwrap(result, event)),
      electionMeetings(event.fetch, election.assemblyId, election.meetingId),
    ]);
    const { values, problems, changes } = readElectionEditForm(form, {
      collegeIds: assembly.colleges.map((college) => college.id),
      meetingIds: meetings.map((meeting) => meeting.id),
      timeZone: assembly.settings.timeZone,
      subject: election.subject,
      current: electionSettingsOf(election),
    });
    if (!changes) return fail(400, { values, problems });

    const electionPage = `/elections/${encodeURIComponent(election.id)}`;
    if (Object.keys(changes).length === 0) redirect(303, `${electionPage}?notice=unchanged`);
    const result = await updateElection(event.fetch, election.id, changes);
    if (!result.ok) {
      // Published meanwhile: say so plainly rather than the API's general « not at this stage ».
      const problem =
        result.code === 'elections.invalid_state'
          ? { key: 'electionEdit.lockedNow' as const }
          : problemFromApi(result, electionApiFieldsFor(values));
      return fail(result.status, { values, problems: [problem] });
    }
    redirect(303, `${electionPage}?notice=settingsSaved`);
  },
};
