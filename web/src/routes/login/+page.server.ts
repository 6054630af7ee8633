import { fail, redirect } from '@sveltejs/kit';
import { login } from '$lib/api/auth.ts';
import { checkEmail, present, problemFromApi, readPassword, readText } from '$lib/forms.ts';
import { safeRedirectTarget } from '$lib/redirects.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
};

export const actions: Actions = {
  default: async ({ request, fetch, url }) => {
    const form = await request.formData();
    const email = readText(form, 'email');
    const password = readPassword(form, 'password');

    const problems = present(
      checkEmail(email),
      password ? undefined : { field: 'password', key: 'validation.passwordRequired' },
    );
    if (problems.length > 0) return fail(400, { email, problems });

    const result = await login(fetch, { email, password });
    if (!result.ok) {
      return fail(result.status, {
        email,
        problems: [problemFromApi(result, ['email', 'password'])],
      });
    }
    redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
  },
};
