import { searchQuerySchema } from '@cercle/shared';
import { listAssemblies } from '$lib/api/assemblies.ts';
import { search } from '$lib/api/search.ts';
import { readPage, readSearchForm, searchPageSize, searchProblem } from '$lib/search.ts';
import { requireUser, unwrap } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

/** A GET form: the search works without JavaScript, and its address can be shared or kept. */
export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { fetch, url } = event;
  const form = readSearchForm(url.searchParams);
  const page = readPage(url.searchParams);
  const assemblies = unwrap(await listAssemblies(fetch), event)
    .map((assembly) => ({ id: assembly.id, name: assembly.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const base = { form, page, assemblies, pageSize: searchPageSize };
  // Nothing asked yet: the form alone.
  if (!url.searchParams.has('q')) return { ...base, answer: null, problems: [] };

  const query = { ...form, limit: searchPageSize, offset: (page - 1) * searchPageSize };
  // The shared schema first, so a wrong field is named without a round trip; the API checks again.
  const checked = searchQuerySchema.safeParse(query);
  if (!checked.success) {
    const field = checked.error.issues[0]?.path[0];
    return { ...base, answer: null, problems: [searchProblem(String(field ?? ''))] };
  }
  const answer = await search(fetch, query);
  if (!answer.ok && answer.status === 400) {
    return { ...base, answer: null, problems: [searchProblem(answer.field)] };
  }
  return { ...base, answer: unwrap(answer, event), problems: [] };
};
