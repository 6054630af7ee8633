import { fail, redirect } from '@sveltejs/kit';
import { defaultAssemblySettings, defaultTimeZone } from '@cercle/shared';
import { createAssembly, listAssemblies } from '$lib/api/assemblies.ts';
import { problemFromApi } from '$lib/forms.ts';
import {
  assemblyApiFields,
  assemblyFormValues,
  readAssemblyForm,
} from '$lib/server/assembly-form.ts';
import { possibleParents } from '$lib/server/assembly-parents.ts';
import { canManageAssemblies, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!canManageAssemblies(requireUser(event))) forbidden();
  const assemblies = unwrap(await listAssemblies(event.fetch), event);
  const nationals = assemblies.filter((assembly) => assembly.kind === 'national');
  // The usual case: a new antenna of the one national assembly; the very first is the national.
  const parent = nationals.length === 1 ? nationals[0]! : undefined;
  const values = assemblyFormValues({
    kind: nationals.length > 0 ? 'antenna' : 'national',
    name: '',
    code: '',
    description: '',
    parentId: parent?.id ?? null,
    // An antenna usually meets where its parent does; the form shows it, to change if not.
    settings: {
      ...defaultAssemblySettings,
      timeZone: parent?.settings.timeZone ?? defaultTimeZone,
    },
  });
  return { values, parents: possibleParents(assemblies) };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const { values, problems, body } = readAssemblyForm(await event.request.formData(), 'antenna');
    if (problems.length > 0) return fail(400, { values, problems });

    const result = await createAssembly(event.fetch, body);
    if (!result.ok) {
      return fail(result.status, {
        values,
        problems: [problemFromApi(result, { ...assemblyApiFields, kind: 'kind' })],
      });
    }
    redirect(303, `/assemblies/${encodeURIComponent(result.data.id)}/edit?created=1`);
  },
};
