import { fail } from '@sveltejs/kit';
import { getAssembly } from '$lib/api/assemblies.ts';
import { addMember, listMembers } from '$lib/api/members.ts';
import { checkEmail, checkName, present, readChecked, readText } from '$lib/forms.ts';
import { assemblyPermissions, requireUser, unwrap } from '$lib/server/guards.ts';
import { memberProblemFromApi, readMemberSettings } from '$lib/server/member-form.ts';
import type { Actions, PageServerLoad } from './$types';
import { personSearchQueryMaxLength } from '@cercle/shared/limits';

/** Members on a page of the directory: a national assembly may have thousands. */
const membersPerPage = 100;

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params, url } = event;
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, personSearchQueryMaxLength);
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page'))) || 1);
  // The API decides who may read the directory (its members and admins): a refusal is a 403 page.
  const [assembly, { members, total }] = await Promise.all([
    getAssembly(fetch, params.id).then((result) => unwrap(result, event)),
    listMembers(fetch, params.id, {
      q: query,
      limit: membersPerPage,
      offset: (page - 1) * membersPerPage,
    }).then((result) => unwrap(result, event)),
  ]);
  return {
    assembly: {
      id: assembly.id,
      name: assembly.name,
      colleges: assembly.colleges.map(({ id, name }) => ({ id, name })),
    },
    members,
    total,
    query,
    page,
    pages: Math.ceil(total / membersPerPage),
    permissions: assemblyPermissions(user, assembly.id),
    updated: url.searchParams.get('updated'),
    removed: url.searchParams.get('removed'),
    wide: true,
  };
};

export const actions: Actions = {
  add: async (event) => {
    requireUser(event);
    const { request, fetch, params } = event;
    const form = await request.formData();
    const settings = readMemberSettings(form);
    const email = readText(form, 'email');
    const name = readText(form, 'name');
    const sendInvitation = readChecked(form, 'sendInvitation');
    const values = { ...settings.values, email, name, sendInvitation };

    const problems = present(checkEmail(email), checkName(name), ...settings.problems);
    if (problems.length > 0) return fail(400, { values, problems });

    const result = await addMember(fetch, params.id, {
      ...settings.body,
      email,
      name,
      sendInvitation,
    });
    if (!result.ok) {
      return fail(result.status, { values, problems: [memberProblemFromApi(result)] });
    }
    return {
      added: {
        name: result.data.member.name,
        activated: result.data.member.activated,
        invitationLink: result.data.invitationLink,
      },
    };
  },
};
