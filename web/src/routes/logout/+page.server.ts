import { fail, redirect } from '@sveltejs/kit';
import { logout } from '$lib/api/auth.ts';
import { problemFromApi, readText } from '$lib/forms.ts';
import { loginPath, safeRedirectTarget } from '$lib/redirects.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.user) redirect(303, '/login');
};

export const actions: Actions = {
  default: async ({ request, fetch }) => {
    const form = await request.formData();
    const result = await logout(fetch);
    if (!result.ok) return fail(result.status, { problems: [problemFromApi(result)] });

    // Switching accounts (an invitation for another address) comes back after signing in.
    const next = readText(form, 'redirectTo');
    redirect(303, next ? loginPath(safeRedirectTarget(next)) : '/login');
  },
};
