import { fail } from '@sveltejs/kit';
import { requestPasswordReset } from '$lib/api/auth.ts';
import { checkEmail, present, problemFromApi, readText } from '$lib/forms.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ request, fetch }) => {
    const email = readText(await request.formData(), 'email');
    const problems = present(checkEmail(email));
    if (problems.length > 0) return fail(400, { email, sent: false, problems });

    const result = await requestPasswordReset(fetch, { email });
    if (!result.ok) {
      const problem =
        result.code === 'auth.rate_limited'
          ? { key: 'passwordReset.rateLimited' as const }
          : problemFromApi(result, ['email']);
      return fail(result.status, { email, sent: false, problems: [problem] });
    }
    // The same answer whether or not the address is an account: the API does not say either.
    return { email, sent: true, problems: [] };
  },
};
