import { fail } from '@sveltejs/kit';
import { memberRoleSchema } from '@cercle/shared';
import { getAssembly } from '$lib/api/assemblies.ts';
import { createInvitation } from '$lib/api/invitations.ts';
import { checkEmail, present, readText } from '$lib/forms.ts';
import { assemblyPermissions, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import { memberProblemFromApi } from '$lib/server/member-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  if (!assemblyPermissions(user, event.params.id).inviteMembers) forbidden();
  const assembly = unwrap(await getAssembly(event.fetch, event.params.id), event);
  return {
    assembly: {
      id: assembly.id,
      name: assembly.name,
      colleges: assembly.colleges.map(({ id, name }) => ({ id, name })),
    },
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const { request, fetch, params } = event;
    const form = await request.formData();
    const parsedRole = memberRoleSchema.safeParse(readText(form, 'role'));
    const values = {
      email: readText(form, 'email'),
      role: parsedRole.success ? parsedRole.data : ('member' as const),
      collegeId: readText(form, 'collegeId'),
    };
    const problems = present(checkEmail(values.email));
    if (problems.length > 0) return fail(400, { values, problems });

    const result = await createInvitation(fetch, {
      email: values.email,
      assemblyId: params.id,
      role: values.role,
      ...(values.collegeId ? { collegeId: values.collegeId } : {}),
    });
    if (!result.ok) {
      return fail(result.status, { values, problems: [memberProblemFromApi(result)] });
    }
    return {
      invited: {
        email: result.data.invitation.email,
        link: result.data.link,
        delivery: result.data.delivery,
      },
    };
  },
};
