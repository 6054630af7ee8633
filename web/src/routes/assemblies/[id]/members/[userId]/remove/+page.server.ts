import { error, fail, redirect } from '@sveltejs/kit';
import { getAssembly } from '$lib/api/assemblies.ts';
import { listMembers, removeMember } from '$lib/api/members.ts';
import { problemFromApi } from '$lib/forms.ts';
import { assemblyPermissions, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
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
    assembly: { id: assembly.id, name: assembly.name },
    member: { userId: member.userId, name: member.name, email: member.email },
    isSelf: member.userId === user.id,
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const { request, fetch, params } = event;
    const name = String((await request.formData()).get('name') ?? '');
    const result = await removeMember(fetch, params.id, params.userId);
    if (!result.ok) return fail(result.status, { problems: [problemFromApi(result)] });
    redirect(
      303,
      `/assemblies/${encodeURIComponent(params.id)}/members?removed=${encodeURIComponent(name)}`,
    );
  },
};
