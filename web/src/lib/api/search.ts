import { searchResponseSchema, type SearchQueryInput, type SearchResponse } from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

/** What the signed-in person may read that matches the query, one page of it, best first. */
export function search(fetch: Fetch, query: SearchQueryInput): Promise<ApiResult<SearchResponse>> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  return requestApi(fetch, {
    method: 'GET',
    path: `/search?${params}`,
    parse: (body) => searchResponseSchema.parse(body),
  });
}
