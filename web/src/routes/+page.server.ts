import { redirect } from '@sveltejs/kit';
import type { TodoItem } from '@cercle/shared';
import { listAssemblies } from '$lib/api/assemblies.ts';
import type { Fetch } from '$lib/api/client.ts';
import { listTodo } from '$lib/api/todo.ts';
import { loginPath } from '$lib/redirects.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  if (!locals.user) redirect(303, loginPath(url.pathname + url.search));
  const [assemblies, todo] = await Promise.all([listAssemblies(fetch), todoItems(fetch)]);
  return {
    user: locals.user,
    // Two columns from 1024 px: the to-do list and the assemblies side by side.
    wide: true,
    todo,
    // The time left is counted from one instant, so the browser's hydration says what the
    // server's page said.
    now: Date.now(),
    // The whole movement prepares the congress: everyone is shown where it stands.
    congresses: assemblies.ok
      ? assemblies.data
          .filter((assembly) => assembly.kind === 'congress')
          .map(({ id, name, code }) => ({ id, name, code }))
      : [],
  };
};

/**
 * What waits for the member, or null when the API cannot tell: the home page then says so and
 * still shows the rest.
 */
async function todoItems(fetch: Fetch): Promise<TodoItem[] | null> {
  try {
    const result = await listTodo(fetch);
    if (result.ok) return result.data.items;
    console.error(`GET /api/me/todo failed: ${result.status} ${result.code}`);
  } catch (cause) {
    console.error('GET /api/me/todo answered an unexpected body', cause);
  }
  return null;
}
