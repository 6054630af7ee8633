import { fail } from '@sveltejs/kit';
import { unsubscribeDigest } from '$lib/api/notifications.ts';
import { problemFromApi } from '$lib/forms.ts';
import type { Actions } from './$types';

// Opening the page stops nothing: mail scanners follow links. The button's post does.
export const actions: Actions = {
  default: async ({ fetch, params }) => {
    const result = await unsubscribeDigest(fetch, params.token);
    if (!result.ok) return fail(result.status, { done: false, problems: [problemFromApi(result)] });
    return { done: true, problems: [] };
  },
};
