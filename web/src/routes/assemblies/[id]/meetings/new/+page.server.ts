import { fail, redirect } from '@sveltejs/kit';
import { meetingModeSchema } from '@cercle/shared';
import { getAssembly, listAssemblies } from '$lib/api/assemblies.ts';
import { createMeeting } from '$lib/api/meetings.ts';
import { problemFromApi, readText, type FormProblem } from '$lib/forms.ts';
import { zonedInputValue, zonedLocalToIso } from '@cercle/shared/time-zones';
import { assemblyTimeZone } from '$lib/server/assembly-time-zone.ts';
import { allows, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!allows(user, 'meeting.run', { assemblyId: event.params.id })) forbidden();
  const [assembly, all] = await Promise.all([
    getAssembly(event.fetch, event.params.id).then((result) => unwrap(result, event)),
    listAssemblies(event.fetch).then((result) => unwrap(result, event)),
  ]);
  // Tomorrow at 18:30 in the assembly's zone: a usual evening meeting, easy to change.
  const { timeZone } = assembly.settings;
  const tomorrow = new Date(Date.now() + 24 * 3_600_000);
  const day = zonedInputValue(tomorrow, timeZone).slice(0, 10);
  return {
    assembly: { id: assembly.id, name: assembly.name },
    timeZone,
    antennas: all
      .filter((candidate) => candidate.kind === 'antenna')
      .map(({ id, name }) => ({ id, name })),
    defaults: { startsAt: `${day}T18:30`, endsAt: `${day}T20:30` },
  };
};

const apiFields = {
  title: 'title',
  mode: 'mode',
  location: 'location',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
  antennaIds: 'antennaIds',
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const values = {
      title: readText(form, 'title'),
      mode: readText(form, 'mode'),
      location: readText(form, 'location'),
      startsAt: readText(form, 'startsAt'),
      endsAt: readText(form, 'endsAt'),
      antennaIds: form.getAll('antennaIds').filter((id) => typeof id === 'string'),
    };
    const mode = meetingModeSchema.safeParse(values.mode);
    // The times are typed in the assembly's zone, whatever the server's or the browser's.
    const timeZone = await assemblyTimeZone(event, event.params.id);
    const startsAt = zonedLocalToIso(values.startsAt, timeZone);
    const endsAt = zonedLocalToIso(values.endsAt, timeZone);
    const problems: FormProblem[] = [];
    if (values.title.length < 3 || values.title.length > 200) {
      problems.push({ field: 'title', key: 'validation.meetingTitle' });
    }
    if (!mode.success) problems.push({ field: 'mode', key: 'validation.meetingMode' });
    if (!startsAt) problems.push({ field: 'startsAt', key: 'validation.dateTime' });
    if (!endsAt) problems.push({ field: 'endsAt', key: 'validation.dateTime' });
    else if (startsAt && endsAt <= startsAt) {
      problems.push({ field: 'endsAt', key: 'validation.meetingEnd' });
    }
    if (problems.length > 0 || !mode.success || !startsAt || !endsAt) {
      return fail(400, { values, problems });
    }
    const result = await createMeeting(event.fetch, event.params.id, {
      title: values.title,
      mode: mode.data,
      location: values.location,
      startsAt,
      endsAt,
      antennaIds: values.antennaIds,
    });
    if (!result.ok) {
      return fail(result.status, { values, problems: [problemFromApi(result, apiFields)] });
    }
    redirect(303, `/meetings/${encodeURIComponent(result.data.id)}/console`);
  },
};
