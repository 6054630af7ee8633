import type { ApiResult } from '$lib/api/client.ts';
import type { PersonRef } from '$lib/api/people-search.ts';
import { personSearchQueryMaxLength } from '@cercle/shared/limits';

/** A search for people sent from a page, as typed, and whom it found (null: it failed). */
export interface SearchedPeople {
  query: string;
  people: PersonRef[] | null;
}

/**
 * The people search a search field sent without JavaScript (`?<param>=…`), run with `search`,
 * and what it found; null when none was sent. The page shows the query as typed; the API gets
 * it trimmed, and cut to what it takes (a longer one would be refused). A failed search leaves `people` null: the page still
 * shows, with its search field.
 */
export async function searchedPeopleIn(
  url: URL,
  param: string,
  search: (query: string) => Promise<ApiResult<PersonRef[]>>,
): Promise<SearchedPeople | null> {
  const query = url.searchParams.get(param);
  if (query === null) return null;
  const found = await search(query.trim().slice(0, personSearchQueryMaxLength));
  return { query, people: found.ok ? found.data : null };
}
