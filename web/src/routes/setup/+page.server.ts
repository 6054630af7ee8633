import { error, fail, redirect } from '@sveltejs/kit';
import { getSetupStatus, keepLocale, setupFirstAdmin } from '$lib/api/auth.ts';
import {
  checkEmail,
  checkName,
  checkNewPassword,
  checkPasswordConfirmation,
  present,
  problemFromApi,
  readPassword,
  readText,
} from '$lib/forms.ts';
import type { Actions, PageServerLoad } from './$types';

const fields = ['name', 'email', 'password', 'passwordConfirmation'] as const;

export const load: PageServerLoad = async ({ fetch, url }) => {
  const status = await getSetupStatus(fetch);
  if (!status.ok) error(status.status, { message: status.message, code: status.code });
  return { needed: status.data.needed, token: url.searchParams.get('token') ?? '' };
};

export const actions: Actions = {
  default: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const token = readText(form, 'token');
    const name = readText(form, 'name');
    const email = readText(form, 'email');
    const password = readPassword(form, 'password');
    const confirmation = readPassword(form, 'passwordConfirmation');

    const problems = present(
      token ? undefined : { key: 'errors.auth.setup_token_invalid' },
      checkName(name),
      checkEmail(email),
      checkNewPassword(password),
      checkPasswordConfirmation(password, confirmation),
    );
    if (problems.length > 0) return fail(400, { name, email, problems });

    const result = await setupFirstAdmin(fetch, { token, name, email, password });
    if (!result.ok) {
      return fail(result.status, { name, email, problems: [problemFromApi(result, fields)] });
    }
    await keepLocale(fetch, result.data, locals.locale);
    redirect(303, '/');
  },
};
