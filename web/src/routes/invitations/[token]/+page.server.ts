import { error, fail, redirect } from '@sveltejs/kit';
import { keepLocale } from '$lib/api/auth.ts';
import { acceptInvitation, getInvitation } from '$lib/api/invitations.ts';
import {
  checkName,
  checkNewPassword,
  present,
  problemFromApi,
  readPassword,
  readText,
} from '$lib/forms.ts';
import { loginPath } from '$lib/redirects.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const lookup = await getInvitation(fetch, params.token);
  if (!lookup.ok) error(lookup.status, { message: lookup.message, code: lookup.code });
  return { ...lookup.data, timeZone: lookup.data.invitation.timeZone, pagePath: url.pathname };
};

export const actions: Actions = {
  default: async ({ request, fetch, params, locals, url }) => {
    const lookup = await getInvitation(fetch, params.token);
    if (!lookup.ok) return fail(lookup.status, { name: '', problems: [problemFromApi(lookup)] });

    if (lookup.data.accountExists) {
      // The existing account accepts for itself: the session says who is accepting.
      if (!locals.user) redirect(303, loginPath(url.pathname));
      const result = await acceptInvitation(fetch, params.token, {});
      if (!result.ok) return fail(result.status, { name: '', problems: [problemFromApi(result)] });
      redirect(303, '/');
    }

    const form = await request.formData();
    const name = readText(form, 'name');
    const password = readPassword(form, 'password');
    const problems = present(checkName(name), checkNewPassword(password));
    if (problems.length > 0) return fail(400, { name, problems });

    const result = await acceptInvitation(fetch, params.token, { name, password });
    if (!result.ok) {
      return fail(result.status, {
        name,
        problems: [problemFromApi(result, ['name', 'password'])],
      });
    }
    await keepLocale(fetch, result.data, locals.locale);
    redirect(303, '/');
  },
};
