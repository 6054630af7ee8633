import { fail, redirect } from '@sveltejs/kit';
import { updateMember } from '$lib/api/members.ts';
import { problemFromApi } from '$lib/forms.ts';
import { requireUser } from '$lib/server/guards.ts';
import { memberApiFields, readMemberSettings } from '$lib/server/member-form.ts';
import { loadManagedMember } from '$lib/server/member-page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { assembly, member } = await loadManagedMember(event);
  return {
    assembly: {
      id: assembly.id,
      name: assembly.name,
      colleges: assembly.colleges.map(({ id, name }) => ({ id, name })),
    },
    member,
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const { request, fetch, params } = event;
    const { values, problems, body } = readMemberSettings(await request.formData());
    if (problems.length > 0) return fail(400, { values, problems });

    const result = await updateMember(fetch, params.id, params.userId, body);
    if (!result.ok) {
      return fail(result.status, { values, problems: [problemFromApi(result, memberApiFields)] });
    }
    redirect(
      303,
      `/assemblies/${encodeURIComponent(params.id)}/members?updated=${encodeURIComponent(result.data.name)}`,
    );
  },
};
