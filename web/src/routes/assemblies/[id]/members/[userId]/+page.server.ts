import { error, fail, redirect } from '@sveltejs/kit';
import { getAssembly } from '$lib/api/assemblies.ts';
import { listMembers, updateMember } from '$lib/api/members.ts';
import { problemFromApi } from '$lib/forms.ts';
import { assemblyPermissions, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import { memberApiFields, readMemberSettings } from '$lib/server/member-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params } = event;
  if (!assemblyPermissions(user, params.id).manageMembers) forbidden();
  const [assembly, members] = await Promise.all([
    getAssembly(fetch, params.id).then((result) => unwrap(result, event)),
    listMembers(fetch, params.id).then((result) => unwrap(result, event)),
  ]);
  const member = members.find((candidate) => candidate.userId === params.userId);
  if (!member) error(404, { message: 'Member not found', code: 'members.not_found' });
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
