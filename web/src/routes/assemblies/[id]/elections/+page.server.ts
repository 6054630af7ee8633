import { fail, redirect } from '@sveltejs/kit';
import { getAssembly } from '$lib/api/assemblies.ts';
import { createElection, listElections } from '$lib/api/elections.ts';
import { problemFromApi } from '$lib/forms.ts';
import {
  defaultElectionValues,
  electionApiFieldsFor,
  readElectionForm,
} from '$lib/server/election-form.ts';
import { electionMeetings } from '$lib/server/election-meetings.ts';
import { allows, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params } = event;
  const manage = allows(user, 'election.manage', { assemblyId: params.id });
  const [assembly, elections, meetings] = await Promise.all([
    getAssembly(fetch, params.id).then((result) => unwrap(result, event)),
    listElections(fetch, params.id).then((result) => unwrap(result, event)),
    manage ? electionMeetings(fetch, params.id) : [],
  ]);
  return {
    assembly: {
      id: assembly.id,
      name: assembly.name,
      colleges: assembly.colleges.map(({ id, name }) => ({ id, name })),
    },
    timeZone: assembly.settings.timeZone,
    // Newest first: the election being prepared or voted is the one people look for.
    elections: elections.toReversed(),
    meetings,
    manage,
    values: defaultElectionValues(),
    wide: true,
  };
};

export const actions: Actions = {
  create: async (event) => {
    const user = requireUser(event);
    if (!allows(user, 'election.manage', { assemblyId: event.params.id })) forbidden();
    const [assembly, meetings, form] = await Promise.all([
      getAssembly(event.fetch, event.params.id).then((result) => unwrap(result, event)),
      electionMeetings(event.fetch, event.params.id),
      event.request.formData(),
    ]);
    const { values, problems, body } = readElectionForm(form, {
      collegeIds: assembly.colleges.map((college) => college.id),
      meetingIds: meetings.map((meeting) => meeting.id),
      timeZone: assembly.settings.timeZone,
    });
    if (!body) return fail(400, { values, problems });
    const result = await createElection(event.fetch, event.params.id, body);
    if (!result.ok) {
      return fail(result.status, {
        values,
        problems: [problemFromApi(result, electionApiFieldsFor(values))],
      });
    }
    redirect(303, `/elections/${encodeURIComponent(result.data.id)}?notice=created`);
  },
};
