import { redirect } from '@sveltejs/kit';
import { loginPath } from '$lib/redirects.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (!locals.user) redirect(303, loginPath(url.pathname + url.search));
  return { user: locals.user };
};
