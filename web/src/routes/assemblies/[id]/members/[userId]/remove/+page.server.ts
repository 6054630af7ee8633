import { fail, redirect } from '@sveltejs/kit';
import { removeMember } from '$lib/api/members.ts';
import { problemFromApi } from '$lib/forms.ts';
import { requireUser } from '$lib/server/guards.ts';
import { loadManagedMember } from '$lib/server/member-page.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { user, assembly, member } = await loadManagedMember(event);
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
