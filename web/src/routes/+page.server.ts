import { redirect } from '@sveltejs/kit';
import { listAssemblies } from '$lib/api/assemblies.ts';
import { loginPath } from '$lib/redirects.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  if (!locals.user) redirect(303, loginPath(url.pathname + url.search));
  // The whole movement prepares the congress: everyone is shown where it stands.
  const assemblies = await listAssemblies(fetch);
  return {
    user: locals.user,
    congresses: assemblies.ok
      ? assemblies.data
          .filter((assembly) => assembly.kind === 'congress')
          .map(({ id, name, code }) => ({ id, name, code }))
      : [],
  };
};
