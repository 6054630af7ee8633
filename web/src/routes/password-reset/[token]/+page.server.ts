import { fail } from '@sveltejs/kit';
import { completePasswordReset } from '$lib/api/auth.ts';
import {
  checkNewPassword,
  checkPasswordConfirmation,
  present,
  problemFromApi,
  readPassword,
} from '$lib/forms.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ request, fetch, params }) => {
    const form = await request.formData();
    const password = readPassword(form, 'password');
    const confirmation = readPassword(form, 'passwordConfirmation');
    const problems = present(
      checkNewPassword(password),
      checkPasswordConfirmation(password, confirmation),
    );
    if (problems.length > 0) return fail(400, { done: false, linkUnusable: false, problems });

    const result = await completePasswordReset(fetch, { token: params.token, password });
    if (!result.ok) {
      return fail(result.status, {
        done: false,
        // A dead link cannot be mended by typing again: the page offers a new one instead.
        linkUnusable: result.field === 'token',
        problems: [problemFromApi(result, ['password'])],
      });
    }
    return { done: true, linkUnusable: false, problems: [] };
  },
};
