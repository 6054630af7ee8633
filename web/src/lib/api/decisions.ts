import { decisionListSchema, type DecisionList } from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

/** The register of decisions with the filters as the page's query string carries them. */
export function listDecisions(
  fetch: Fetch,
  query: URLSearchParams,
): Promise<ApiResult<DecisionList>> {
  const search = query.size > 0 ? `?${query}` : '';
  return requestApi(fetch, {
    method: 'GET',
    path: `/decisions${search}`,
    parse: (body) => decisionListSchema.parse(body),
  });
}
